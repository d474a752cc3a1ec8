"""Image folders, epoch 2 and later: the engine (decoded once) against a plain ImageFolder + DataLoader loop.

Both train the same model with Adam, batch 64, on the same folder of small
PNGs; the plain loop decodes every file every epoch, as the primer's does.
Prints epoch-2 samples/s of each and the ratio (target >= 3) for an MLP, whose
epochs are what reading the images costs, and for a small CNN, whose own
compute bounds what any data-side change can gain.

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

# Two models: an MLP, light enough that reading the images is what an epoch costs — the part decoding once
# speeds up, and what the >= 3x target measures — and a small CNN, whose own compute caps any data-side gain
# (Amdahl: it costs about as much as decoding), reported alongside.
MLP = [{"type": "Flatten"}, {"type": "Linear", "out_features": 64}, {"type": "ReLU"}, {"type": "Linear"}]
CNN = [{"type": "Conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
          {"type": "MaxPool2d", "kernel_size": 2},
          {"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
          {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"}, {"type": "Linear", "out_features": 64},
          {"type": "ReLU"}, {"type": "Linear"}]


def plain_loop(folder: Path, layers: list[dict], epochs: int = 2) -> float:
    """ImageFolder + DataLoader, decoding every epoch; returns the last epoch's samples/s."""
    import torch
    import torchvision
    from torch.utils.data import DataLoader

    from workbench.core.model.builder import build_model
    from workbench.core.project.io import model_from_dict

    torch.manual_seed(0)
    data = torchvision.datasets.ImageFolder(str(folder), transform=torchvision.transforms.ToTensor())
    loader = DataLoader(data, batch_size=64, shuffle=True, drop_last=True)
    model = build_model(model_from_dict({"layers": layers}), list(data[0][0].shape), len(data.classes))
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


def engine(folder: Path, out: Path, layers: list[dict], epochs: int = 2, cache_mb: int = 2048, **training) -> dict:
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.engine import train

    doc = {"format": "torch-workbench-project", "version": 1, "name": "bench-folder",
           "data": {"source": {"kind": "folder", "path": str(folder)}, "validation": {"kind": "none"},
                    "loader": {"batch_size": 64, "shuffle": True, "drop_last": True}, "cache_mb": cache_mb},
           "model": {"layers": layers},
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
        runs = Path(tmp) / "runs"
        plain_mlp = plain_loop(folder, MLP)
        mlp = engine(folder, runs, MLP)
        plain_cnn = plain_loop(folder, CNN)
        cnn = engine(folder, runs, CNN)
        cnn_fast = engine(folder, runs, CNN, **FAST_PATHS)
        cnn_streamed = engine(folder, runs, CNN, cache_mb=0)
    return {"images": images, "size": size,
            "mlp": {"plain_epoch2": round(plain_mlp, 1), "engine_epoch2": round(mlp["epoch2"], 1)},
            "cnn": {"plain_epoch2": round(plain_cnn, 1), "engine_epoch2": round(cnn["epoch2"], 1),
                    "engine_fast_epoch2": round(cnn_fast["epoch2"], 1),
                    "engine_streaming_epoch2": round(cnn_streamed["epoch2"], 1)},
            "ratio": round(mlp["epoch2"] / plain_mlp, 2), "ratio_cnn": round(cnn["epoch2"] / plain_cnn, 2),
            "ratio_cnn_fast": round(cnn_fast["epoch2"] / plain_cnn, 2),
            "ratio_cnn_streaming": round(cnn_streamed["epoch2"] / plain_cnn, 2)}


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
    m, c = r["mlp"], r["cnn"]
    print(f"{r['images']} PNGs of {r['size']}x{r['size']}, epoch 2, CPU (samples/s; x = against the plain loop)")
    print(f"  MLP:  plain ImageFolder + DataLoader {m['plain_epoch2']:9.1f}   engine, decoded once "
          f"{m['engine_epoch2']:9.1f}  {r['ratio']:.2f}x (target >= 3)")
    print(f"  CNN:  plain ImageFolder + DataLoader {c['plain_epoch2']:9.1f}   engine, decoded once "
          f"{c['engine_epoch2']:9.1f}  {r['ratio_cnn']:.2f}x")
    print(f"        engine, fast paths {c['engine_fast_epoch2']:9.1f}  {r['ratio_cnn_fast']:.2f}x   "
          f"engine, streaming (cache off) {c['engine_streaming_epoch2']:9.1f}  {r['ratio_cnn_streaming']:.2f}x")


if __name__ == "__main__":
    main()
