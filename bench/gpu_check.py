"""One short script for a machine with a GPU: the CUDA paths of the engine, and the throughput comparison.

Runs, on whatever device "auto" picks:
  1. device selection and its description;
  2. training a generated image folder with mixed precision off / auto / fp16 / bf16
     (accuracy, samples/s, the note the engine gives);
  3. resume on the device (2 + 2 epochs vs 4), reporting the largest weight difference
     (cuDNN is not bit-exact, so this is a number, not a pass/fail);
  4. exports of a GPU-trained checkpoint reproduce its predictions;
  5. a real out-of-memory at an absurd batch size gives the one-line message;
  6. the engine against the primer's plain loop on generated MNIST (bench_engine_vs_primer).

    PYTHONPATH=. python3 bench/gpu_check.py [--quick] [--out DIR]
Prints one JSON line per check; the whole report is also written to DIR/gpu_check.json.
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


@check("engine_vs_primer")
def throughput_check(samples, reps, device):
    from bench.bench_engine_vs_primer import run

    return run(samples, reps, device)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, for a dry run on a CPU")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        folder = make_shapes_folder(tmp / "shapes", per_class=40 if args.quick else 400, size=32)
        device_check()
        precision_check(folder, tmp)
        resume_check(folder, tmp)
        export_check(folder, tmp)
        if device == "cuda":
            oom_check(tmp)
        throughput_check(2000 if args.quick else 30000, 1 if args.quick else 3, device)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "gpu_check.json").write_text(json.dumps(REPORT, indent=2))


if __name__ == "__main__":
    main()
