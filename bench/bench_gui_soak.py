"""A long GUI soak: consecutive short runs in one window (start, stop, restart, change the model between runs).

Measures what leaks would show: Python threads and QThreads alive, open file
descriptors, resident memory after the first run, and the event loop's
longest stall (a 5 ms timer measuring its own lateness). Targets (issue 7):
no thread or file-handle leak, memory growth under 50 MB after the first run,
no stall over 100 ms.

    python bench/bench_gui_soak.py [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_DATA_DIR", tempfile.mkdtemp())

TICK_MS = 5


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def soak(runs: int, folder: Path, stop_every: int = 2, wait=None) -> dict:
    """Drive ``runs`` runs in one MainWindow. ``wait(predicate, timeout_s)`` pumps the event loop until true."""
    from PySide6.QtCore import QSettings

    from bench.lateness import LatenessProbe
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.events import BatchEnded
    from workbench.gui.main_window import MainWindow

    doc = minimal_project_doc(folder, epochs=3)
    doc["data"]["loader"]["batch_size"] = 4
    w = MainWindow(project=project_from_dict(doc),
                   settings=QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    w.ask_save_changes = lambda: "discard"
    w.ask_stop_run = lambda: True
    w.resize(1280, 720)
    w.show()
    wait(lambda: w.run_panel.train_button.isEnabled() and w.dataset_panel.bundle is not None, 120)
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    probe = LatenessProbe(TICK_MS)
    probe.start()
    samples = []
    for i in range(runs):
        if i % 3 == 2:  # change the model between runs
            w.model_panel.set_layer_args(4, {"out_features": 16 + 8 * (i % 4)})
        batches = []
        w.start_training()
        run = w.run
        run.event.connect(lambda e: batches.append(e) if isinstance(e, BatchEnded) else None)
        if i % stop_every == 1:
            wait(lambda: len(batches) > 0, 60)
            w.stop_training()
        wait(lambda: w.run is None and w.run_panel.state == "idle", 120)
        # Idle thread-pool threads (data scans, evaluation) would count as threads: let them finish and expire
        # first, pumping events meanwhile (a blocking waitForDone would itself be counted as a stall).
        wait(lambda: pool.activeThreadCount() == 0, 30)
        settle = time.time() + 0.3  # let the pool's threads go idle
        wait(lambda: time.time() > settle, 5)
        samples.append({"run": i + 1, "threads": os_threads(), "fds": open_fds(), "rss_mb": rss_mb(),
                        "reason": w.last_finished.reason if w.last_finished else w.last_error})
    probe.stop()
    w.close()
    # Delete the window in the event loop, now: a top-level widget left to Python's garbage collector is
    # destroyed at whatever moment a collection runs, possibly in the middle of another widget's event.
    gone = []
    w.destroyed.connect(lambda: gone.append(True))
    w.deleteLater()
    wait(lambda: bool(gone), 10)
    stalls = probe.summary()
    first = samples[0]
    # Threads started once and kept (PyTorch's intra-op pool, TensorBoard's writer) appear in the first runs;
    # a leak keeps growing after that.
    settled = samples[min(2, runs - 1)]
    return {"runs": runs, "samples": samples,
            "thread_growth": samples[-1]["threads"] - settled["threads"],
            "fd_growth": max(s["fds"] for s in samples[1:]) - first["fds"] if runs > 1 else 0,
            "rss_growth_mb": round(max(s["rss_mb"] for s in samples[1:]) - first["rss_mb"], 1) if runs > 1 else 0,
            "max_stall_ms": stalls["max_ms"], "p99_stall_ms": stalls["p99_ms"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from tests.helpers import make_shapes_folder
    from workbench.gui.desktop.app import make_app

    app = make_app()

    def wait(predicate, timeout_s):
        deadline = time.time() + timeout_s
        while not predicate():
            if time.time() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # processEvents alone leaves deleteLater
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as tmp:
        r = soak(args.runs, make_shapes_folder(Path(tmp) / "shapes", per_class=40, size=16), wait=wait)
    QApplication.instance().quit()
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if k != "samples"}))
        return
    for s in r["samples"]:
        print(f"run {s['run']:>2}: {s['reason']:<10} threads {s['threads']:>3}  fds {s['fds']:>4}  "
              f"rss {s['rss_mb']:.0f} MB")
    print(f"growth: threads {r['thread_growth']} (after run 3), file descriptors {r['fd_growth']}, memory "
          f"{r['rss_growth_mb']} MB (target < 50 MB); event loop stall max {r['max_stall_ms']} ms, p99 "
          f"{r['p99_stall_ms']} ms (target <= 100 ms)")


if __name__ == "__main__":
    main()
