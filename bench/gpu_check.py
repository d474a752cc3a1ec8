"""One short script for a machine with a GPU: the CUDA paths of the engine, and the throughput comparison.

Runs, on whatever device "auto" picks:
  1. device selection and its description;
  2. training a generated image folder with mixed precision off / auto / fp16 / bf16
     (accuracy, samples/s, the note the engine gives);
  3. resume on the device (2 + 2 epochs vs 4), reporting the largest weight difference
     (cuDNN is not bit-exact, so this is a number, not a pass/fail);
  4. exports of a GPU-trained checkpoint reproduce its predictions;
  5. a real out-of-memory at an absurd batch size gives the one-line message;
  6. the decode-once cache held on the device (the CUDA default) against host memory, with augmentation;
  7. the engine against the primer's plain loop on generated MNIST, side by side in one run (batch 64, the
     primer's net): defaults, fast paths, compiled, fast paths + compiled, with the ratios and the targets
     (>= 5x on an H100/H200 with the fast paths; defaults no slower than before).

    PYTHONPATH=. python3 bench/gpu_check.py [--quick] [--out DIR] [--save] [--only-throughput]
Prints one JSON line per check; the whole report is also written to DIR/gpu_check.json, and with --save to
docs/measurements/gpu_check-<machine>-<date>.json. Needs only the package's own dependencies (no pytest, no
Qt): in a fresh venv, `pip install -e .` (a CUDA build of torch first on a GPU box) and run it from the
repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import make_shapes_folder, minimal_project_doc  # noqa: E402

REPORT: list[dict] = []


def check(name):
    def wrap(fn):
        def run(*a, **kw):
            t0 = time.perf_counter()
            try:
                result = {"check": name, "ok": True, **(fn(*a, **kw) or {})}
            except Exception as e:
                result = {"check": name, "ok": False, "error": f"{type(e).__name__}: {e}",
                          "trace": traceback.format_exc()[-1500:]}
            result["seconds"] = round(time.perf_counter() - t0, 2)
            REPORT.append(result)
            print(json.dumps(result), flush=True)
            return result
        return run
    return wrap


def project(folder, **training):
    from workbench.core.project.io import project_from_dict

    doc = minimal_project_doc(folder, device="auto", **training)
    doc["data"]["loader"]["batch_size"] = 64
    doc["model"]["layers"].insert(1, {"type": "BatchNorm2d"})
    return project_from_dict(doc)


@check("device")
def device_check():
    import torch

    from workbench.core.training.device import available_devices, describe, resolve_device

    dev = resolve_device("auto")
    return {"torch": torch.__version__, "auto": str(dev), "name": describe(dev),
            "devices": [d.id for d in available_devices()], "bf16": torch.cuda.is_available()
            and torch.cuda.is_bf16_supported()}


@check("mixed_precision")
def precision_check(folder, tmp):
    from workbench.core.training.engine import train

    out = {}
    for mode in ("off", "auto", "fp16", "bf16"):
        notes = []
        fin = train(project(folder, epochs=3, mixed_precision=mode), out_dir=tmp / f"mp-{mode}",
                    listeners=[lambda e: notes.extend(getattr(e, "notes", []))])
        out[mode] = {"val_accuracy": round(fin.metrics["val_accuracy"], 3),
                     "samples_per_s": round(fin.metrics["samples_per_s"]), "reason": fin.reason,
                     "notes": [n for n in notes if "precision" in n]}
    return out


@check("resume_on_device")
def resume_check(folder, tmp):
    import torch

    from workbench.core.training.engine import train

    p = project(folder, epochs=4)
    a = train(p, out_dir=tmp / "ra")
    b = train(p, out_dir=tmp / "rb", epochs=2)
    c = train(p, out_dir=tmp / "rc", resume=f"{b.run_dir}/last.pt")
    sa, sc = torch.load(f"{a.run_dir}/model.pth"), torch.load(f"{c.run_dir}/model.pth")
    diff = max((sa[k].float() - sc[k].float()).abs().max().item() for k in sa)
    return {"max_weight_difference": diff, "epochs_done": c.epochs_done}


@check("exports_from_gpu_checkpoint")
def export_check(folder, tmp):
    from workbench.core.results.export import FORMATS, export
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench.core.training.engine import train

    fin = train(project(folder, epochs=1), out_dir=tmp / "ex")
    ckpt = load_checkpoint(f"{fin.run_dir}/best.pt")
    done, failed = [], {}
    for fmt in FORMATS:
        try:
            export(ckpt, fmt, tmp / f"model-{fmt}{FORMATS[fmt].suffix}")
            done.append(fmt)
        except Exception as e:
            failed[fmt] = str(e)[:300]
    return {"exported": done, "failed": failed}


@check("out_of_memory_message")
def oom_check(tmp):
    from workbench.core.errors import WorkbenchError
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.engine import train

    folder = make_shapes_folder(tmp / "oom", per_class=8, size=16, classes=("a", "b"))
    doc = minimal_project_doc(folder, epochs=1, device="auto")
    doc["data"]["transforms"] = [{"type": "Resize", "size": 1024}, {"type": "ToTensor"}]
    doc["data"]["loader"]["batch_size"] = 16
    doc["data"]["validation"] = {"kind": "none"}
    # 16 × 4096 channels × 1024 × 1024 floats: far beyond any GPU.
    doc["model"]["layers"] = [{"type": "Conv2d", "out_channels": 4096, "kernel_size": 3, "padding": 1},
                              {"type": "AdaptiveAvgPool2d"}, {"type": "Flatten"}, {"type": "Linear"}]
    try:
        train(project_from_dict(doc), out_dir=tmp / "oomruns")
    except WorkbenchError as e:
        return {"message": str(e), "one_line": "\n" not in str(e)}
    raise AssertionError("no out-of-memory error")


# Where the engine stood before this round (docs/measurements/gpu_check-h100-2026-11-26-b.json): defaults
# 2.64x the primer's loop on an H100; the CPU's 1.07x (run_all-cpu-2026-11-27.json).
PREVIOUS_DEFAULT_RATIO = {"cuda": 2.64, "cpu": 1.07}
TARGET_FAST_COMPILED = {"cuda": 5.0, "cpu": 2.0}  # H100/H200 class; the 2-core CPU's goal


@check("engine_vs_primer")
def throughput_check(samples, reps, device):
    """Side by side in one run, batch 64, the primer's MNIST net: the primer's loop, the engine's defaults,
    its fast paths, compiled, and both; the ratios against the targets."""
    from bench.bench_engine_vs_primer import run

    r = run(samples, reps, device)
    kind = "cuda" if device.startswith("cuda") else "cpu"
    best = max(r["fast_paths_compiled"]["ratio"], r["compiled"]["ratio"], r["fast_paths"]["ratio"])
    r["targets"] = {
        "fast_paths_compiled_ratio": f">= {TARGET_FAST_COMPILED[kind]}x" + (" (H100/H200)" if kind == "cuda" else ""),
        "default_ratio": f">= {PREVIOUS_DEFAULT_RATIO[kind]}x (no slower than before)",
        "accuracy_delta": "<= 0.01"}
    r["verdict"] = {"fast_paths_compiled": r["fast_paths_compiled"]["ratio"] >= TARGET_FAST_COMPILED[kind],
                    "best_fast_variant_ratio": best,
                    "default_no_slower": r["default"]["ratio"] >= PREVIOUS_DEFAULT_RATIO[kind] * 0.95,
                    "accuracy": max(r["accuracy_delta_fast"], r["accuracy"].get("delta_fast_compiled", 0)) <= 0.01}
    return r


@check("device_resident_data")
def resident_check(folder, tmp):
    """The decode-once cache on the device (the CUDA default) against the same run with it held in host
    memory ($WORKBENCH_RESIDENT_DATA=0), with random augmentation: samples/s and accuracy of each."""
    import os

    from workbench.core.project.schema import Op
    from workbench.core.training.engine import train
    from workbench.core.training.loaders import RESIDENT_VARIABLE

    out = {}
    for choice in ("0", "1"):
        os.environ[RESIDENT_VARIABLE] = choice
        notes = []
        p = project(folder, epochs=3)
        p.data.augment = [Op("RandomHorizontalFlip", {"p": 0.5})]
        fin = train(p, out_dir=tmp / f"res-{choice}", listeners=[lambda e: notes.extend(getattr(e, "notes", []))])
        out["resident" if choice == "1" else "host"] = {
            "val_accuracy": round(fin.metrics["val_accuracy"], 3), "samples_per_s": round(fin.metrics["samples_per_s"]),
            "feeding": notes[0] if notes else ""}
    os.environ.pop(RESIDENT_VARIABLE, None)
    return out


def machine_slug() -> str:
    """What names the saved JSON: the GPU's model ("h200", "h100"), else "cpu-<cores>cores"."""
    import os
    import re

    import torch

    if torch.cuda.is_available():
        name = torch.cuda.get_device_name(0).lower()
        match = re.search(r"\b([a-z]\d{2,4}[a-z]?)\b", name.replace("nvidia", ""))
        return match.group(1) if match else re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    return f"cpu-{os.cpu_count()}cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, for a dry run on a CPU")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--save", action="store_true",
                        help="also write the report to docs/measurements/gpu_check-<machine>-<date>.json")
    parser.add_argument("--only-throughput", action="store_true", help="only the side-by-side with the primer")
    parser.add_argument("--samples", type=int, help="MNIST images in the side-by-side (default 30000; --quick 2000)")
    parser.add_argument("--reps", type=int, help="repetitions of the side-by-side (default 3; --quick 1)")
    args = parser.parse_args()
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        folder = make_shapes_folder(tmp / "shapes", per_class=40 if args.quick else 400, size=32)
        device_check()
        if not args.only_throughput:
            precision_check(folder, tmp)
            resume_check(folder, tmp)
            export_check(folder, tmp)
            resident_check(folder, tmp)
            if device == "cuda":
                oom_check(tmp)
        throughput_check(args.samples or (2000 if args.quick else 30000), args.reps or (1 if args.quick else 3),
                         device)
    text = json.dumps(REPORT, indent=2)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "gpu_check.json").write_text(text)
    if args.save:
        path = ROOT / "docs" / "measurements" / f"gpu_check-{machine_slug()}-{time.strftime('%Y-%m-%d')}.json"
        path.write_text(text)
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
