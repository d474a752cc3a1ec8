"""How cost grows: seconds per epoch against data set size and model size; memory while streaming.

- Data size: generated MNIST (IDX files) of 1k, 10k and 100k images, the small CNN, decode-once on.
- Model size: 10k images through the MLP, the small CNN, the BatchNorm CNN and the primer's MNIST net.
- Streaming: an image folder with decode-once off, resident memory after each of 3 epochs (it must stay
  flat: nothing accumulates per epoch).

    python bench/bench_scale.py [--sizes 1000,10000,100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import make_shapes_folder, write_mnist_idx  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def epoch_seconds(data: dict, model: dict, out: Path, epochs: int = 2, on_epoch=None) -> list[float]:
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.engine import train

    doc = {"format": "torch-workbench-project", "version": 1, "name": "bench-scale", "data": data, "model": model,
           "training": {"optimizer": {"type": "Adam", "lr": 0.001}, "epochs": epochs, "device": "cpu"}}
    seconds = []

    def listen(e):
        if type(e).__name__ == "EpochEnded":
            seconds.append(e.metrics["seconds"])
            if on_epoch:
                on_epoch()
    train(project_from_dict(doc), out_dir=out, listeners=[listen])
    return seconds


def run(sizes=(1000, 10000, 100000)) -> dict:
    from workbench.core.catalogs.templates import TEMPLATES

    result = {"data_size": [], "model_size": [], "streaming_rss_mb": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in sizes:
            root = write_mnist_idx(tmp / f"mnist{n}", n_train=n, n_test=100)
            data = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(root)},
                    "validation": {"kind": "none"}, "loader": {"batch_size": 64}}
            s = epoch_seconds(data, TEMPLATES["small-cnn"].model, tmp / "runs")
            result["data_size"].append({"images": n, "epoch2_s": round(s[-1], 2),
                                        "us_per_image": round(1e6 * s[-1] / n, 1)})
        root = write_mnist_idx(tmp / "mnist10k", n_train=10000, n_test=100)
        data = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(root)},
                "validation": {"kind": "none"}, "loader": {"batch_size": 64}}
        for name in ("mlp", "small-cnn", "bn-cnn", "primer-mnist"):
            from workbench.core.model.builder import plan_model
            from workbench.core.project.io import model_from_dict

            model = dict(TEMPLATES[name].model, input_shape=[1, 28, 28])
            params = plan_model(model_from_dict(model), [1, 28, 28], 10).total_params
            s = epoch_seconds(data, model, tmp / "runs")
            result["model_size"].append({"model": name, "params": params, "epoch2_s": round(s[-1], 2)})
        folder = make_shapes_folder(tmp / "shapes", per_class=1000, size=32)
        data = {"source": {"kind": "folder", "path": str(folder)}, "validation": {"kind": "none"},
                "loader": {"batch_size": 64}, "cache_mb": 0}
        epoch_seconds(data, TEMPLATES["small-cnn"].model, tmp / "runs", epochs=3,
                      on_epoch=lambda: result["streaming_rss_mb"].append(round(rss_mb(), 1)))
    rss = result["streaming_rss_mb"]
    result["streaming_growth_mb"] = round(rss[-1] - rss[0], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run(tuple(int(s) for s in args.sizes.split(",")))
    if args.json:
        print(json.dumps(r))
        return
    print("seconds per epoch (epoch 2, CPU, small CNN, decode-once):")
    for row in r["data_size"]:
        print(f"  {row['images']:>7} images  {row['epoch2_s']:8.2f} s  ({row['us_per_image']} µs per image)")
    print("seconds per epoch against model size (10k images):")
    for row in r["model_size"]:
        print(f"  {row['model']:<13} {row['params']:>10,} params  {row['epoch2_s']:8.2f} s")
    print(f"resident memory while streaming 3,000 PNGs (decode-once off), after each epoch: "
          f"{r['streaming_rss_mb']} MB (growth {r['streaming_growth_mb']} MB)")


if __name__ == "__main__":
    main()
