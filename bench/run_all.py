"""Every benchmark, one table: each figure, its target, pass or fail.

Each bench runs in its own process (`python bench/X.py --json`), so one's
threads, caches and Qt application cannot colour another's numbers. Sizes are
chosen to finish in a few minutes on a 2-core laptop; pass --full for the
sizes docs/performance.md quotes.

    python bench/run_all.py [--full] [--only NAME ...] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# name -> (script, quick args, full args)
BENCHES = {
    "engine_vs_primer": ("bench_engine_vs_primer.py", ["--samples", "6000", "--reps", "3"],
                         ["--samples", "20000", "--reps", "5"]),
    "folder_epochs": ("bench_folder_epochs.py", ["--images", "3000"], ["--images", "6000"]),
    "scale": ("bench_scale.py", ["--sizes", "1000,10000"], ["--sizes", "1000,10000,100000"]),
    "cost_curves": ("bench_cost_curves.py", ["--sizes", "1000,10000,50000", "--model-images", "2000"],
                    ["--sizes", "1000,10000,50000,200000", "--plot", str(BENCH.parent / "docs/images/cost-curves.png")]),
    "scan": ("bench_scan.py", ["--images", "20000"], ["--images", "100000"]),
    "gui_launch": ("bench_gui_launch.py", ["--repeat", "3"], ["--repeat", "5"]),
    "gui_stall": ("bench_gui_stall.py", ["--epochs", "6"], ["--epochs", "15"]),
    "gui_plots": ("bench_gui_plots.py", [], []),
    "gui_throughput": ("bench_gui_throughput.py", ["--epochs", "4", "--reps", "4", "--per-class", "3000,1000"],
                       ["--epochs", "4", "--reps", "6", "--per-class", "3000,1000"]),
    "train_latency": ("bench_train_latency.py", ["--reps", "3"], ["--reps", "5"]),
    "gui_evaluate": ("bench_gui_evaluate.py", ["--per-class", "1500"], ["--per-class", "3000"]),
    "memory": ("bench_memory.py", [], []),
    "gui_sweep_stall": ("bench_gui_sweep_stall.py", ["--epochs", "2", "--trials", "3"],
                        ["--epochs", "4", "--trials", "6"]),
    "sweep": ("bench_sweep.py", ["--trials", "8", "--epochs", "3"], ["--trials", "12", "--epochs", "4"]),
    "blocks": ("bench_blocks.py", ["--per-class", "150", "--epochs", "4"], ["--per-class", "300", "--epochs", "8"]),
    "backbones": ("bench_backbones.py", ["--only", "resnet18,mobilenet_v3_small,efficientnet_b0"], []),
}


def figures(name: str, r: dict) -> list[tuple[str, str, str, bool | None]]:
    """(figure, value, target, passed) rows for one bench's JSON result."""
    if name == "engine_vs_primer":
        return [
            ("CPU: engine default / primer's loop", f"{r['default']['ratio']:.2f}x", ">= 1.0x",
             r["default"]["ratio"] >= 1.0),
            ("CPU: engine fast paths / primer's loop", f"{r['fast_paths']['ratio']:.2f}x", ">= 1.5x",
             r["fast_paths"]["ratio"] >= 1.5),
            ("CPU: engine compiled / primer's loop", f"{r['compiled']['ratio']:.2f}x", "-", None),
            ("CPU: engine fast paths + compile / primer's loop", f"{r['fast_paths_compiled']['ratio']:.2f}x",
             ">= 2x (goal)", r["fast_paths_compiled"]["ratio"] >= 2.0),
            ("fast paths + compile: val accuracy vs plain run", f"{r['accuracy']['delta_fast_compiled']:.3f}",
             "<= 0.01", r["accuracy"]["delta_fast_compiled"] <= 0.01),
            ("GPU (H100/H200): fast paths + compile / primer's loop", "awaits a GPU: bench/gpu_check.py", ">= 5x",
             None),
            ("fast paths: val accuracy vs plain run", f"{r['accuracy_delta_fast']:.3f}", "<= 0.01",
             r["accuracy_delta_fast"] <= 0.01),
            ("decode-once: val accuracy vs plain run", f"{r['accuracy_delta_default']:.3f}", "<= 0.01",
             r["accuracy_delta_default"] <= 0.01),
            ("(plain run, another seed: val accuracy)", f"{r['accuracy']['seed_spread']:.3f}", "-", None),
        ]
    if name == "folder_epochs":
        return [("PNG folder, epoch 2, MLP: engine / plain ImageFolder loop", f"{r['ratio']:.2f}x", ">= 3x",
                 r["ratio"] >= 3.0),
                ("PNG folder, epoch 2, small CNN: engine / plain loop", f"{r['ratio_cnn']:.2f}x", "-", None),
                ("PNG folder, epoch 2, small CNN: fast paths / plain loop", f"{r['ratio_cnn_fast']:.2f}x", "-",
                 None)]
    if name == "scale":
        rows = [(f"epoch time, {d['images']:,} images", f"{d['epoch2_s']:.2f} s ({d['us_per_image']} us/img)", "-",
                 None) for d in r["data_size"]]
        rows += [(f"epoch time, {m['model']} ({m['params']:,} params)", f"{m['epoch2_s']:.2f} s", "-", None)
                 for m in r["model_size"]]
        rows.append(("memory growth while streaming, 3 epochs", f"{r['streaming_growth_mb']} MB", "flat (< 50 MB)",
                     r["streaming_growth_mb"] < 50))
        return rows
    if name == "cost_curves":
        rows = [(f"epoch time / peak RSS, {d['images']:,} images ({'streamed' if d['streamed'] else 'decoded once'})",
                 f"{d['epoch_s']:.2f} s / {d['peak_rss_mb']:.0f} MB", "-", None) for d in r["data_size"]]
        rows += [(f"epoch time / peak RSS, {m['model']} ({m['params']:,} params)",
                  f"{m['epoch_s']:.2f} s / {m['peak_rss_mb']:.0f} MB", "-", None) for m in r["model_size"]]
        spread = r["streaming_rss_spread_mb"]
        if spread is not None:
            rows.append(("peak memory spread over the streamed sizes", f"{spread} MB", "flat (< 100 MB)",
                         spread < 100))
        biggest = r["data_size"][-1]
        rows.append((f"folder scan of {biggest['images']:,} images: progress updates", str(
            biggest["scan_progress_updates"]), "> 0", biggest["scan_progress_updates"] > 0))
        return rows
    if name == "scan":
        h, w = r["headless"], r["window"]
        return [(f"folder scan, {r['images']:,} images: headless", f"{h['seconds']:.1f} s ({h['images_per_s']:,}/s)",
                 "-", None),
                ("folder scan in the window: progress updates / lateness max", f"{w['progress_updates']} / "
                 f"{w['max_ms']:.0f} ms", "> 0 / <= 100 ms", w["progress_updates"] > 0 and w["max_ms"] <= 100)]
    if name == "sweep":
        return [(f"sweep, {r_['workers']} worker(s): trials per hour / pruned", f"{r_['trials_per_hour']} / "
                 f"{r_['pruned_share']:.0%}", "-", None) for r_ in r["sweeps"]]
    if name == "memory":
        return [(f"memory estimate vs peak, {m['name']} (batch {m['batch']}, {m['optimizer']})",
                 f"{m['error']:+.0%}", "-", None) for m in r["models"]] + [
            ("memory estimate, largest model: error", f"{r['models'][2]['error']:+.0%}", "within 25 %",
             abs(r["models"][2]["error"]) <= 0.25)]
    if name == "backbones":
        return [(f"{b['backbone']}: frozen, 1 epoch / TorchScript / ONNX",
                 f"{b['train_s']:.1f} s / {b['torchscript'][:4]} / {b['onnx'][:4]}" if "error" not in b else b["error"],
                 "all pass", b.get("frozen", False) and b.get("torchscript") == b.get("onnx") == "pass")
                for b in r["rows"]]
    if name == "gui_launch":
        return [("launch to window / import torch+torchvision", f"{r['ratio']:.2f}", "<= 0.5", r["ratio"] <= 0.5)]
    if name == "gui_stall":
        return [("event loop lateness while training, p99", f"{r['p99_ms']:.0f} ms", "<= 20 ms", r["p99_ms"] <= 20),
                ("event loop lateness while training, max", f"{r['max_ms']:.0f} ms", "<= 60 ms",
                 r["max_ms"] <= 60)]
    if name == "gui_sweep_stall":
        return [("lateness during a sweep (Experiments tab) / one run, max",
                 f"{r['sweep_max_ms']:.0f} / {r['run_max_ms']:.0f} ms", "<= 60 ms", r["sweep_max_ms"] <= 60),
                ("lateness during a sweep / one run, p99", f"{r['sweep_p99_ms']:.0f} / {r['run_p99_ms']:.0f} ms",
                 "<= 20 ms", r["sweep_p99_ms"] <= 20)]
    if name == "train_latency":
        return [("Train -> first batch event, warm run process", f"{r['warm']['first_batch_s']:.2f} s", "<= ~1 s",
                 r["warm"]["first_batch_s"] <= 1.2),
                ("(the same without the warm process)", f"{r['cold']['first_batch_s']:.2f} s", "-", None)]
    if name == "gui_evaluate":
        return [("lateness while evaluating on the pool, max", f"{r['evaluate']['max_ms']:.0f} ms", "<= 60 ms",
                 r["evaluate"]["max_ms"] <= 60),
                ("lateness while exporting ONNX (own process), max", f"{r['export_onnx']['max_ms']:.0f} ms",
                 "<= 60 ms", r["export_onnx"]["max_ms"] <= 60)]
    if name == "gui_plots":
        return [("plot redraw with 100k batch points", f"{r['redraw_ms_median']:.1f} ms", "<= 5 ms",
                 r["redraw_ms_median"] <= 5)]
    if name == "gui_throughput":
        rows = []
        for s in r.get("sizes", [r]):
            rows += [(f"training in the window / headless, {s['images']:,} images", f"{s['ratio']:.3f}x "
                      f"(reps {min(s['rep_ratios']):.2f}-{max(s['rep_ratios']):.2f})", ">= 0.99x", s["ratio"] >= 0.99),
                     (f"(the same, fastest epochs, {s['images']:,} images)", f"{s['best_epoch_ratio']:.3f}x", "-",
                      None),
                     (f"cores the run gets, window / headless, {s['images']:,} images",
                      f"{s['run_cores_window']:.2f} / {s['run_cores_headless']:.2f} = {s['cpu_ratio']:.3f}", ">= 0.99",
                      s["cpu_ratio"] >= 0.99),
                     (f"(the window's GUI thread meanwhile, {s['images']:,} images)",
                      f"{100 * s['gui_thread_core_share']:.1f} % of a core", "-", None)]
        return rows
    if name == "blocks":
        runs = {run["template"]: run for run in r["runs"]}
        return [(f"{t}: val accuracy after {run['epochs']} epochs (5 generated classes), time",
                 f"{run['val_accuracy']:.3f}, {run['seconds']:.0f} s", "trains in minutes", None)
                for t, run in runs.items()]
    return []


def run_one(name: str, full: bool) -> dict:
    script, quick, big = BENCHES[name]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, str(BENCH / script), *(big if full else quick), "--json"],
                         capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1], "seconds": seconds}
    return {**json.loads(lines[-1]), "seconds": seconds}


def machine() -> str:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, torch {torch.__version__}, "
            f"{platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--only", nargs="*", choices=list(BENCHES))
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write all results to OUT")
    args = parser.parse_args()
    names = args.only or list(BENCHES)
    results, rows = {}, []
    for name in names:
        print(f"running {name} …", file=sys.stderr, flush=True)
        results[name] = r = run_one(name, args.full)
        if "error" in r:
            rows.append((name, "failed: " + r["error"][:60], "-", False))
        else:
            rows += figures(name, r)
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"\n{machine()}\n")
    print(f"{'figure':<{width}}  {'value':<{vwidth}}  {'target':<14}  result")
    print("-" * (width + vwidth + 26))
    for figure, value, target, ok in rows:
        verdict = "" if ok is None else ("pass" if ok else "FAIL")
        print(f"{figure:<{width}}  {value:<{vwidth}}  {target:<14}  {verdict}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
