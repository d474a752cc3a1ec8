"""Cost curves: seconds per epoch and peak memory against data size (generated PNG folders of 1k to 200k
images, streamed from disk once the decode-once cache budget is exceeded) and against model size.

Every point runs in a process of its own, so its peak resident memory (ru_maxrss) is its own. The
images are 28×28 grayscale PNGs in 10 classes, generated once into a pool (default /tmp/wb-cost-pool,
reused by later runs; 200k files take a few minutes on 2 cores) and hard-linked into one folder per size.
With ``--cache-mb 64`` the 1k and 10k sets are decoded once and kept; 50k and 200k stream (the point of
the memory curve: flat when streaming). The folder scan reports its progress (how many updates it sent)
as the window's background scan shows it.

    python bench/bench_cost_curves.py [--sizes 1000,10000,50000,200000] [--plot docs/images/cost-curves.png]
                                      [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLASSES = 10
SIZE = 28
POOL = Path("/tmp/wb-cost-pool")
MODELS = ("mlp", "small-cnn", "bn-cnn", "primer-mnist")


def generate_pool(root: Path, n: int) -> Path:
    """``n`` learnable PNGs (a bright bar whose place is the class, on noise) in root/c0..c9; kept between runs."""
    import numpy as np
    from PIL import Image

    per_class = -(-n // CLASSES)
    rng = np.random.default_rng(0)
    for k in range(CLASSES):
        folder = root / f"c{k}"
        folder.mkdir(parents=True, exist_ok=True)
        have = len(os.listdir(folder))
        for i in range(have, per_class):
            img = rng.integers(0, 90, (SIZE, SIZE), dtype=np.uint8)
            row = 1 + (k * (SIZE - 4)) // CLASSES + int(rng.integers(0, 2))
            img[row:row + 3, 3:SIZE - 3] = 230
            Image.fromarray(img, "L").save(folder / f"{i:06d}.png", compress_level=1)
        print(f"\rgenerated class {k + 1}/{CLASSES}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return root


def subset(pool: Path, n: int) -> Path:
    """A folder of the pool's first n images (n / 10 per class), as hard links: no copy, no extra disk."""
    folder = pool.parent / f"{pool.name}-{n}"
    per_class = n // CLASSES
    for k in range(CLASSES):
        (folder / f"c{k}").mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            link = folder / f"c{k}" / f"{i:06d}.png"
            if not link.exists():
                os.link(pool / f"c{k}" / f"{i:06d}.png", link)
    return folder


def one_point(folder: str, model: str, cache_mb: int, epochs: int, threads: int) -> dict:
    """Train ``model`` on ``folder`` in this process; its seconds per epoch, scan and peak memory."""
    from workbench.core.catalogs.templates import TEMPLATES
    from workbench.core.data.datasets import prepare_data
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.engine import train

    doc = {"format": "torch-workbench-project", "version": 1, "name": "cost",
           "data": {"source": {"kind": "folder", "path": folder}, "validation": {"kind": "none"},
                    "transforms": [{"type": "Grayscale"}, {"type": "ToTensor"}],
                    "loader": {"batch_size": 64}, "cache_mb": cache_mb},
           "model": dict(TEMPLATES[model].model, input_shape=[1, SIZE, SIZE]),
           "training": {"optimizer": {"type": "Adam", "lr": 0.001}, "epochs": epochs, "device": "cpu"}}
    import importlib

    import torch

    importlib.import_module("torchvision.transforms.v2")  # before the clock starts: the scan is timed, not imports

    torch.set_num_threads(threads)  # on a shared machine, spinning OpenMP threads would time the neighbours
    project = project_from_dict(doc)
    updates = []
    t0 = time.perf_counter()
    bundle = prepare_data(project, progress=lambda *a: updates.append(a))
    scan_s = time.perf_counter() - t0
    notes, seconds = [], []

    def listen(e):
        if type(e).__name__ == "RunStarted":
            notes.extend(e.notes)
        elif type(e).__name__ == "EpochEnded":
            seconds.append(e.metrics["seconds"])
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        fin = train(project, data=bundle, out_dir=Path(out), listeners=[listen])
        total = time.perf_counter() - t0
    return {"images": len(bundle.train), "model": model, "params": None, "scan_s": round(scan_s, 2),
            "scan_progress_updates": len(updates), "epoch_s": round(seconds[-1], 2),
            "setup_and_train_s": round(total, 2), "streamed": "decoding every epoch" in notes[0],
            "feeding": notes[0], "train_accuracy": round(fin.metrics.get("train_accuracy", 0), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def measure(folder: Path, model: str, cache_mb: int, epochs: int, threads: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(folder), "--model", model, "--cache-mb",
                          str(cache_mb), "--epochs", str(epochs), "--threads", str(threads)], capture_output=True,
                         text=True)
    lines = [x for x in out.stdout.splitlines() if x.startswith("{")]
    if out.returncode or not lines:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(lines[-1])


def params_of(model: str) -> int:
    from workbench.core.catalogs.templates import TEMPLATES
    from workbench.core.model.builder import plan_model
    from workbench.core.project.io import model_from_dict

    return plan_model(model_from_dict(dict(TEMPLATES[model].model, input_shape=[1, SIZE, SIZE])),
                      [1, SIZE, SIZE], CLASSES).total_params


def run(sizes, cache_mb: int, pool: Path, model_images: int, threads: int) -> dict:
    generate_pool(pool, max(sizes + [model_images]))
    result = {"cache_mb": cache_mb, "data_size": [], "model_size": [], "cores": os.cpu_count(), "threads": threads,
              "load_average": os.getloadavg()[0]}
    for n in sizes:
        print(f"data size {n:,} …", file=sys.stderr, flush=True)
        result["data_size"].append(measure(subset(pool, n), "mlp", cache_mb, 1, threads))
    for model in MODELS:
        print(f"model {model} …", file=sys.stderr, flush=True)
        point = measure(subset(pool, model_images), model, cache_mb, 1, threads)
        point["params"] = params_of(model)
        result["model_size"].append(point)
    streamed = [d["peak_rss_mb"] for d in result["data_size"] if d["streamed"]]
    result["streaming_rss_spread_mb"] = round(max(streamed) - min(streamed), 1) if len(streamed) > 1 else None
    return result


def plot(result: dict, path: Path) -> None:
    """Two panels (data size, model size): seconds per epoch and peak memory. matplotlib, Agg."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    d = result["data_size"]
    xs = [p["images"] for p in d]
    a.plot(xs, [p["epoch_s"] for p in d], "o-", color="tab:blue", label="seconds per epoch")
    a.set_xscale("log"), a.set_yscale("log")
    a.set_xlabel("training images (28×28 PNG; hollow: streamed from disk)")
    a.set_ylabel("seconds per epoch (MLP)", color="tab:blue")
    for p in d:
        if p["streamed"]:
            a.plot([p["images"]], [p["epoch_s"]], "o", mfc="white", color="tab:blue")
    a2 = a.twinx()
    a2.plot(xs, [p["peak_rss_mb"] for p in d], "s--", color="tab:red")
    a2.set_ylabel("peak memory, MB (RSS)", color="tab:red")
    a2.set_ylim(0, max(p["peak_rss_mb"] for p in d) * 1.2)
    a.set_title(f"data size (cache_mb = {result['cache_mb']})")
    m = sorted(result["model_size"], key=lambda p: p["epoch_s"])  # three of them have ~100k parameters: bars
    xs = range(len(m))
    b.bar(xs, [p["epoch_s"] for p in m], color="tab:blue", width=0.5)
    b.set_xticks(list(xs), [f"{p['model']}\n{p['params']:,} params" for p in m], fontsize=8)
    b.set_ylabel("seconds per epoch", color="tab:blue")
    b2 = b.twinx()
    b2.plot(list(xs), [p["peak_rss_mb"] for p in m], "s--", color="tab:red")
    b2.set_ylabel("peak memory, MB (RSS)", color="tab:red")
    b2.set_ylim(0, max(p["peak_rss_mb"] for p in m) * 1.2)
    b.set_title(f"model size ({m[0]['images']:,} images)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def table(result: dict) -> str:
    rows = ["| images | feeding | scan s (progress updates) | s / epoch | µs / image | peak RSS MB |",
            "|---:|---|---:|---:|---:|---:|"]
    for p in result["data_size"]:
        rows.append(f"| {p['images']:,} | {'streamed' if p['streamed'] else 'decoded once'} | {p['scan_s']} "
                    f"({p['scan_progress_updates']}) | {p['epoch_s']} | {1e6 * p['epoch_s'] / p['images']:.0f} | "
                    f"{p['peak_rss_mb']} |")
    rows += ["", "| model | parameters | s / epoch | peak RSS MB |", "|---|---:|---:|---:|"]
    for p in result["model_size"]:
        rows.append(f"| {p['model']} | {p['params']:,} | {p['epoch_s']} | {p['peak_rss_mb']} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000,200000")
    parser.add_argument("--cache-mb", type=int, default=64)
    parser.add_argument("--model-images", type=int, default=10000)
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--plot", type=Path, help="write the curves as a PNG there")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--replot", type=Path, metavar="RESULT.json", help="only draw --plot from a saved result")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one point, in a process of its own
    parser.add_argument("--model", default="mlp", help=argparse.SUPPRESS)
    parser.add_argument("--epochs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, metavar="N", help="only generate a pool of N images")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads per point (default 1: steady numbers on a shared machine)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_point(args.one, args.model, args.cache_mb, args.epochs, args.threads)))
        return
    if args.replot:
        plot(json.loads(args.replot.read_text()), args.plot)
        return
    if args.generate:
        generate_pool(args.pool, args.generate)
        return
    r = run([int(s) for s in args.sizes.split(",")], args.cache_mb, args.pool, args.model_images, args.threads)
    if args.plot:
        plot(r, args.plot)
    if args.json:
        print(json.dumps(r))
        return
    print(table(r))
    print(f"peak memory spread over the streamed sizes: {r['streaming_rss_spread_mb']} MB")


if __name__ == "__main__":
    main()
