"""Every pretrained base of the catalogue, end to end: build, freeze, train one tiny epoch, export.

For each architecture a randomly initialised state_dict is saved under the file name torchvision's cache
uses (``$TORCH_HOME/hub/checkpoints/<the weights url's file name>``, a temporary TORCH_HOME), so the base loads
through the real offline path with ``"weights": "DEFAULT"``. The project's transforms are the weights' own
preprocessing (`preprocessing`) with the crop made small (64 px; ViT-B/16 takes exactly 224). One epoch on
a 3-class folder of 12 images, then the run's checkpoint is exported as TorchScript and ONNX (each export
checks its outputs against the model's). Prints one row per backbone: seconds per step, pass or fail.

    python bench/bench_backbones.py [--only resnet18,vit_b_16] [--size 64] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FORMATS = ("torchscript", "onnx")
FIXED_SIZE = {"vit_b_16": 224}  # a ViT's position embeddings are made for one image size


def cache_random_weights(arch: str) -> Path:
    """A random state_dict of ``arch`` where torchvision's cache keeps its DEFAULT weights."""
    import torch
    import torchvision

    from workbench.core.model.pretrained import cache_path

    path = cache_path(torchvision.models.get_model_weights(arch).DEFAULT)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(torchvision.models.get_model(arch, weights=None).state_dict(), path)
    return path


def backbone_project(arch: str, folder: Path, size: int) -> dict:
    """A project training ``arch`` (DEFAULT weights, frozen) on ``folder``, with its weights' preprocessing at
    ``size`` pixels."""
    from tests.helpers import minimal_project_doc
    from workbench.core.model.pretrained import preprocessing

    size = FIXED_SIZE.get(arch, size)
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["transforms"] = [op.to_json() for op in preprocessing(arch)]
    doc["data"]["transforms"][:2] = [{"type": "Resize", "size": size + size // 8},
                                     {"type": "CenterCrop", "size": size}]
    doc["data"]["loader"].update(batch_size=4, drop_last=True)  # no batch of 1: BatchNorm cannot train on it
    doc["model"] = {"base": {"torchvision": arch, "weights": "DEFAULT", "freeze": True}}
    return doc


def check_backbone(arch: str, folder: Path, out: Path, size: int = 64) -> dict:
    """Build, freeze, train one epoch and export ``arch``; the seconds of each step, or the error where one
    failed. Expects TORCH_HOME to hold its cached weights (`cache_random_weights`)."""
    from workbench.core.model.builder import head_modules
    from workbench.core.project.io import project_from_dict
    from workbench.core.results.export import export
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench.core.training.engine import train

    result: dict = {"backbone": arch}
    project = project_from_dict(backbone_project(arch, folder, size))
    started = time.perf_counter()
    finished = train(project, out_dir=out / "runs")
    result["train_s"] = time.perf_counter() - started
    ckpt = load_checkpoint(Path(finished.run_dir) / "last.pt")
    net = ckpt.build_model()
    heads = tuple(h + "." for h in head_modules(project))
    trainable = {n for n, p in net.named_parameters() if p.requires_grad}
    result["frozen"] = bool(trainable) and all(n.startswith(heads) for n in trainable)
    result["classes"] = net(_example(ckpt)).shape[1]
    for fmt in FORMATS:
        started = time.perf_counter()
        try:
            export(ckpt, fmt, out / f"{arch}.{fmt}")
            result[fmt] = "pass"
        except Exception as e:  # a failing export is a row of the table, not the end of the benchmark
            result[fmt] = f"fail: {str(e).splitlines()[0][:120]}"
        result[f"{fmt}_s"] = time.perf_counter() - started
    return result


def _example(ckpt):
    import torch

    return torch.rand(2, *ckpt.input_shape)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated architecture names (default: all)")
    parser.add_argument("--size", type=int, default=64, help="the crop size the bases train at")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-backbones-"))
    os.environ["TORCH_HOME"] = str(work / "torch")
    os.environ["WORKBENCH_OFFLINE"] = "1"
    import torch

    from tests.helpers import make_shapes_folder
    from workbench.core.catalogs.architectures import ARCHITECTURES

    torch.set_num_threads(min(4, os.cpu_count() or 1))
    folder = make_shapes_folder(work / "shapes", per_class=4, size=32)
    names = [n for n in args.only.split(",") if n] or list(ARCHITECTURES)
    rows = []
    for arch in names:
        started = time.perf_counter()
        try:
            weights = cache_random_weights(arch)
            row = check_backbone(arch, folder, work / arch, args.size)
            weights.unlink()  # the large ones would fill a small disk
        except Exception as e:
            row = {"backbone": arch, "error": f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"}
            traceback.print_exc(file=sys.stderr)
        row["total_s"] = time.perf_counter() - started
        row["params_m"] = ARCHITECTURES[arch].params_m
        rows.append(row)
        if not args.json:
            print(_line(row), flush=True)
    if args.json:
        print(json.dumps({"device": "cpu", "threads": torch.get_num_threads(), "size": args.size, "rows": rows}))
    return 0 if all(r.get("frozen") and all(r.get(f) == "pass" for f in FORMATS) for r in rows) else 1


def _line(row: dict) -> str:
    if "error" in row:
        return f"{row['backbone']:20} FAIL {row['error']}"
    return (f"{row['backbone']:20} {row['params_m']:6.1f}M  train {row['train_s']:6.1f}s  frozen {row['frozen']!s:5}  "
            + "  ".join(f"{f} {row[f][:4]} {row[f + '_s']:5.1f}s" for f in FORMATS) + f"  total {row['total_s']:6.1f}s")


if __name__ == "__main__":
    sys.exit(main())
