"""Train → first batch event: how long after the press the window draws the first point (target: ~1 s).

Every run trains in a process of its own; the window keeps a warm one (PyTorch imported) so that Train does
not wait for an interpreter and an import. Measures, on the built-in demo project, the time from the press to
the run's RunStarted event and to its first BatchEnded event, with the warm process ("warm") and without it
("cold": a new process per run, the preference off).

    python bench/bench_train_latency.py [--reps 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_DATA_DIR", tempfile.mkdtemp())


def wait(app, condition, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise SystemExit("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.002)


def measure(app, warm: bool, reps: int) -> dict:
    from PySide6.QtCore import QSettings

    from workbench.gui.main_window import MainWindow

    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("runs/warm_process", warm)
    w = MainWindow(settings=settings)
    w.ask_save_changes = lambda: "discard"
    w.resize(1280, 720)
    w.show()
    w.project.training.epochs = 1
    w.project.training.device = "cpu"
    started, first_batch = [], []
    for _ in range(reps):
        wait(app, lambda: w.run is None and w.run_panel.train_button.isEnabled() and w.dataset_panel.bundle
             is not None)
        if warm:  # as a user finds it a moment after launch or after a run
            wait(app, lambda: w.spares.spare is not None and w.spares.spare.ready)
        times = {}
        t0 = time.perf_counter()
        w.start_training()
        w.run.event.connect(lambda e: times.setdefault(type(e).__name__, time.perf_counter() - t0))
        wait(app, lambda: "BatchEnded" in times)
        started.append(times["RunStarted"])
        first_batch.append(times["BatchEnded"])
        wait(app, lambda: w.run is None)
    w.close()
    w.deleteLater()
    return {"run_started_s": round(statistics.median(started), 3),
            "first_batch_s": round(statistics.median(first_batch), 3),
            "first_batch_all_s": [round(s, 3) for s in first_batch]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from workbench.gui.desktop.app import make_app

    app = make_app()
    result = {"warm": measure(app, True, args.reps), "cold": measure(app, False, max(2, args.reps // 2))}
    if args.json:
        print(json.dumps(result))
        return
    for kind, r in result.items():
        print(f"{kind:5}: Train -> RunStarted {r['run_started_s']:.2f} s, -> first batch event "
              f"{r['first_batch_s']:.2f} s (each: {r['first_batch_all_s']})")


if __name__ == "__main__":
    main()
