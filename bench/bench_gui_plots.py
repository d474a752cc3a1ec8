"""A live-plot redraw with 100,000 batch points (target <= 5 ms), and its paint.

Fills the window's LivePlots with 100,000 batch-loss points (and 100 epochs),
then times, over many repetitions, one batch point arriving followed by
`redraw()` (the setData the 10 Hz timer does), and separately the paint of the
batch plot at its on-screen size (offscreen rendering, so an upper bound of
what a real screen costs).

    python bench/bench_gui_plots.py [--points 100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def run(points: int = 100_000, reps: int = 50) -> dict:
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from workbench.gui.widgets.plots import LivePlots

    app = QApplication.instance() or QApplication([])
    plots = LivePlots()
    plots.timer.stop()  # the bench drives redraws itself
    plots.resize(480, 700)
    plots.show()
    rng = np.random.default_rng(0)
    epochs = 100
    for i in range(points):
        plots.add_batch(epochs * i / points, float(np.exp(-i / points * 3) + 0.05 * rng.random()))
    for e in range(1, epochs + 1):
        plots.add_epoch(e, {"train_loss": 1 / e, "val_loss": 1.2 / e, "val_accuracy": 1 - 1 / e,
                            "train_accuracy": 1 - 0.8 / e})
    plots.redraw()
    app.processEvents()
    redraw_ms, paint_ms = [], []
    for k in range(reps):
        plots.add_batch(epochs + k / reps, 0.05)
        t0 = time.perf_counter()
        plots.redraw()
        redraw_ms.append(1000 * (time.perf_counter() - t0))
        t0 = time.perf_counter()
        plots.batch.widget.grab()
        paint_ms.append(1000 * (time.perf_counter() - t0))
        time.sleep(0.02)  # PySide6 6.12.0 leaks a reference per processEvents call: keep calls few
    plots.close()
    return {"points": plots.points()["batch.raw"], "redraw_ms_median": round(statistics.median(redraw_ms), 2),
            "redraw_ms_max": round(max(redraw_ms), 2), "paint_ms_median": round(statistics.median(paint_ms), 2),
            "drawn_points": plots.drawn_points()["batch.raw"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run(args.points)
    if args.json:
        print(json.dumps(r))
        return
    print(f"batch curve with {r['points']:,} points ({r['drawn_points']:,} handed to the curve)")
    print(f"  redraw (setData of all curves): median {r['redraw_ms_median']} ms, max {r['redraw_ms_max']} ms "
          "(target <= 5 ms)")
    print(f"  paint of the batch plot       : median {r['paint_ms_median']} ms (offscreen raster)")


if __name__ == "__main__":
    main()
