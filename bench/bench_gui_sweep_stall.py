"""The GUI event loop during a sweep from the Experiments tab, beside the same figure during one training run.

A QTimer due every 5 ms records how late each tick arrives (bench/lateness.py), first while the window
trains the demo project once (Train, the live plots in view), then while the Experiments tab runs a sweep of
the same project (its table, parallel coordinates and importance in view, the study read every second on the
thread pool). The sweep should leave the window as smooth as the run does: a p99 and a maximum no worse.

Run: python bench/bench_gui_sweep_stall.py [--epochs N] [--trials T] [--json]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3, help="epochs of the run, and of each trial")
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="one JSON line (for bench/run_all.py)")
    args = parser.parse_args()
    from bench.lateness import LatenessProbe, ready_window
    from workbench.core.experiments.space import Param

    app, w = ready_window(args.epochs)

    # One run, its plots in view.
    probe = LatenessProbe(TICK_MS)
    w.start_training()
    w.run.ended.connect(probe.stop)
    w.run.ended.connect(app.quit)
    probe.start()
    started = time.perf_counter()
    app.exec()
    run_s = time.perf_counter() - started
    run = probe.summary()

    # A sweep of the same project, the Experiments tab in view.
    panel = w.experiments_panel
    w.tabs.setCurrentWidget(panel)
    lr = w.project.training.optimizer.args.get("lr", 1e-3)
    panel.set_params([Param("training.optimizer.lr", "log", lr / 10, min(1.0, lr * 10))])
    panel.trials_box.setValue(args.trials)
    panel.pruner_box.setCurrentIndex(panel.pruner_box.findData("none"))
    probe = LatenessProbe(TICK_MS)
    panel.finished.connect(probe.stop)
    panel.finished.connect(app.quit)
    if not panel.start():
        raise SystemExit(f"the sweep did not start: {panel.hint.text()}")
    probe.start()
    started = time.perf_counter()
    app.exec()
    sweep_s = time.perf_counter() - started
    sweep = probe.summary()
    trials = len(panel.view.trials) if panel.view else 0
    w.close()
    keys = ("max_ms", "p99_ms", "median_ms")
    if args.json:
        print(json.dumps({"run_s": round(run_s, 1), "sweep_s": round(sweep_s, 1), "trials": trials,
                          **{f"run_{k}": run[k] for k in keys}, **{f"sweep_{k}": sweep[k] for k in keys}}))
        return
    print(f"one run      : {run_s:5.1f} s   longest stall {run['max_ms']:.0f} ms, p99 {run['p99_ms']:.0f} ms, "
          f"median {run['median_ms']:.0f} ms")
    print(f"sweep ({trials} trials): {sweep_s:5.1f} s   longest stall {sweep['max_ms']:.0f} ms, "
          f"p99 {sweep['p99_ms']:.0f} ms, median {sweep['median_ms']:.0f} ms")


if __name__ == "__main__":
    main()
