"""The engine against the primer's own plain training loop, side by side in one run.

Both train the primer's section 六 MNIST network (Conv-ReLU-MaxPool-Conv-MaxPool-
Flatten-Linear-ReLU-Linear-Softmax) with Adam, batch 64, shuffle, drop_last, on
the same torchvision MNIST files (ToTensor). No network here, so the files
are generated in MNIST's own IDX format (same sizes and dtypes as the real
ones). Prints median training samples/s of each and their ratio.

    python bench/bench_engine_vs_primer.py [--samples 10000] [--reps 3] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import write_mnist_idx  # noqa: E402


def primer_loop(root: Path, device: str, epochs: int = 1) -> float:
    """The primer's code, kept as written (loss.item() every 100 steps included); returns samples/s."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader
    from torchvision import transforms
    from torchvision.datasets import MNIST

    torch.manual_seed(0)

    class NN_Module(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = nn.Sequential(
                nn.Conv2d(1, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Linear(1024, 10), nn.Softmax(dim=1))

        def forward(self, x):
            return self.model(x)

    transform = transforms.Compose([transforms.ToTensor()])
    train_dataset = MNIST(root=str(root), train=True, download=False, transform=transform)
    train_dataloader = DataLoader(train_dataset, batch_size=64, shuffle=True, drop_last=True)
    dev = torch.device(device)
    module = NN_Module().to(dev)
    loss_fn = nn.CrossEntropyLoss().to(dev)
    optimizer = torch.optim.Adam(params=module.parameters())
    module.train()
    total_train_step, seen = 0, 0
    start = time.perf_counter()
    for _ in range(epochs):
        for imgs, targets in train_dataloader:
            imgs, targets = imgs.to(dev), targets.to(dev)
            outputs = module(imgs)
            loss = loss_fn(outputs, targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_train_step += 1
            seen += imgs.shape[0]
            if total_train_step % 100 == 0:
                loss.item()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    return seen / (time.perf_counter() - start)


def engine_run(root: Path, device: str, out: Path, epochs: int = 2, **training) -> dict:
    """The engine on the same data and model; returns per-epoch samples/s and the wall time of the whole run."""
    from workbench.core.engine import train
    from workbench.core.project import project_from_dict
    from workbench.core.templates import TEMPLATES

    doc = {
        "format": "torch-workbench-project", "version": 1, "name": "bench-mnist",
        "data": {"source": {"kind": "torchvision", "name": "MNIST", "root": str(root)},
                 "validation": {"kind": "none"}, "transforms": [{"type": "ToTensor"}],
                 "loader": {"batch_size": 64, "shuffle": True, "drop_last": True}},
        "model": TEMPLATES["primer-mnist"].model,
        "training": {"optimizer": {"type": "Adam", "lr": 0.001}, "epochs": epochs, "device": device, "seed": 0,
                     **training},
    }
    rates = []
    start = time.perf_counter()
    train(project_from_dict(doc), out_dir=out,
          listeners=[lambda e: rates.append(e.metrics["samples_per_s"]) if type(e).__name__ == "EpochEnded"
                     else None])
    return {"per_epoch": rates, "wall_s": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10000, help="training images in the generated MNIST")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_mnist_idx(Path(tmp) / "data", n_train=args.samples, n_test=64)
        primer, engine_first, engine_later, wall = [], [], [], []
        for rep in range(args.reps):  # interleaved, so drift in machine load hits both alike
            primer.append(primer_loop(root, args.device))
            result = engine_run(root, args.device, Path(tmp) / f"runs{rep}")
            engine_first.append(result["per_epoch"][0])
            engine_later.append(result["per_epoch"][-1])
            wall.append(result["wall_s"])
    p, e1, e2 = (statistics.median(v) for v in (primer, engine_first, engine_later))
    report = {"device": args.device, "samples": args.samples, "reps": args.reps,
              "primer_samples_per_s": round(p, 1), "engine_epoch1_samples_per_s": round(e1, 1),
              "engine_epoch2_samples_per_s": round(e2, 1), "ratio_epoch1": round(e1 / p, 3),
              "ratio_epoch2": round(e2 / p, 3), "engine_wall_s_2_epochs": round(statistics.median(wall), 2)}
    if args.json:
        print(json.dumps(report))
        return
    print(f"device {args.device}, {args.samples} generated MNIST training images, median of {args.reps}")
    print(f"  primer's plain loop      {p:10.1f} samples/s")
    print(f"  engine, epoch 1          {e1:10.1f} samples/s   ratio {e1 / p:.2f}  (target >= 1.0)")
    print(f"  engine, epoch 2          {e2:10.1f} samples/s   ratio {e2 / p:.2f}")
    print(f"  engine wall time, 2 epochs incl. set-up and decode-once: {statistics.median(wall):.2f} s")


if __name__ == "__main__":
    main()
