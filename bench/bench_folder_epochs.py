"""Image folders, epoch 2 and later: the engine (decoded once) against a plain ImageFolder + DataLoader loop.

Both train the same small CNN with Adam, batch 64, on the same folder of small
PNGs; the plain loop decodes every file every epoch, as the primer's does.
Prints epoch-2 samples/s of each and the ratio (target >= 3).

    python bench/bench_folder_epochs.py [--images 3000] [--size 32]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_engine_vs_primer import FAST_PATHS  # noqa: E402
from tests.helpers import make_shapes_folder  # noqa: E402

LAYERS = [{"type": "Conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
          {"type": "MaxPool2d", "kernel_size": 2},
          {"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
          {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"}, {"type": "Linear", "out_features": 64},
          {"type": "ReLU"}, {"type": "Linear"}]


def plain_loop(folder: Path, epochs: int = 2) -> float:
    """ImageFolder + DataLoader, decoding every epoch; returns the last epoch's samples/s."""
    import torch
    import torchvision
    from torch.utils.data import DataLoader

    from workbench.core.builder import build_model
    from workbench.core.project import model_from_dict

    torch.manual_seed(0)
    data = torchvision.datasets.ImageFolder(str(folder), transform=torchvision.transforms.ToTensor())
    loader = DataLoader(data, batch_size=64, shuffle=True, drop_last=True)
    model = build_model(model_from_dict({"layers": LAYERS}), list(data[0][0].shape), len(data.classes))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    rate = 0.0
    for _ in range(epochs):
        seen, start = 0, time.perf_counter()
        for x, y in loader:
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            seen += len(y)
        rate = seen / (time.perf_counter() - start)
    return rate


def engine(folder: Path, out: Path, epochs: int = 2, cache_mb: int = 2048, **training) -> dict:
    from workbench.core.engine import train
    from workbench.core.project import project_from_dict

    doc = {"format": "torch-workbench-project", "version": 1, "name": "bench-folder",
           "data": {"source": {"kind": "folder", "path": str(folder)}, "validation": {"kind": "none"},
                    "loader": {"batch_size": 64, "shuffle": True, "drop_last": True}, "cache_mb": cache_mb},
           "model": {"layers": LAYERS},
           "training": {"optimizer": {"type": "Adam", "lr": 0.001}, "epochs": epochs, "device": "cpu",
                        **training}}
    rates = []
    start = time.perf_counter()
    train(project_from_dict(doc), out_dir=out,
          listeners=[lambda e: rates.append(e.metrics["samples_per_s"]) if type(e).__name__ == "EpochEnded"
                     else None])
    return {"epoch1": rates[0], "epoch2": rates[-1], "wall_s": time.perf_counter() - start}


def run(images: int = 3000, size: int = 32) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_shapes_folder(Path(tmp) / "shapes", per_class=images // 3, size=size)
        plain = plain_loop(folder)
        cached = engine(folder, Path(tmp) / "runs")
        fast = engine(folder, Path(tmp) / "runs", **FAST_PATHS)
        streamed = engine(folder, Path(tmp) / "runs", cache_mb=0)
    return {"images": images, "size": size, "plain_epoch2": round(plain, 1),
            "engine_epoch2": round(cached["epoch2"], 1), "ratio": round(cached["epoch2"] / plain, 2),
            "engine_fast_epoch2": round(fast["epoch2"], 1), "ratio_fast": round(fast["epoch2"] / plain, 2),
            "engine_streaming_epoch2": round(streamed["epoch2"], 1),
            "ratio_streaming": round(streamed["epoch2"] / plain, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=3000)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run(args.images, args.size)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{r['images']} PNGs of {r['size']}x{r['size']}, epoch 2, CPU")
    print(f"  plain ImageFolder + DataLoader   {r['plain_epoch2']:9.1f} samples/s")
    print(f"  engine, decoded once             {r['engine_epoch2']:9.1f} samples/s   ratio {r['ratio']:.2f} "
          "(target >= 3)")
    print(f"  engine, fast paths on            {r['engine_fast_epoch2']:9.1f} samples/s   ratio {r['ratio_fast']:.2f}")
    print(f"  engine, streaming (cache off)    {r['engine_streaming_epoch2']:9.1f} samples/s   ratio "
          f"{r['ratio_streaming']:.2f}")


if __name__ == "__main__":
    main()
