"""Training through the window against headless, same project, same machine (target >= 0.99x samples/s).

Trains the built-in demo project (coloured shapes, the starter CNN) for a few
epochs, alternately: headless (``workbench train PROJECT`` in a process of its
own, as on the command line) and by pressing Train in a MainWindow (which
runs the same command in its run process and draws the events it streams
back). Compares the median samples/s of the epochs after the first. Single
runs vary by a few per cent on a laptop: use several repetitions.

The window's own work while training is a cost per redraw tick (2 a second on
2 cores) and per epoch (the epoch plots, the summary line), so its share
depends on how long an epoch lasts. The first size given is the one judged:
12,000 images, ~3 s epochs on 2 cores (the primer's MNIST epochs last ~40 s
here). A second size, 4,000 images (~1 s epochs), is the worst case the demo
reaches, reported beside it.

    python bench/bench_gui_throughput.py [--epochs 4] [--reps 6] [--per-class 3000,1000] [--json]
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


def headless(project, out: Path) -> list[float]:
    """`workbench train` in a process of its own, as the command line runs it; its epochs' samples/s."""
    import subprocess

    from workbench.core.project.io import save_project_copy
    from workbench.core.training.runs import read_metrics_csv

    path = save_project_copy(project, out.with_suffix(".wbproj"))
    done = subprocess.run([sys.executable, "-m", "workbench", "train", str(path), "--out", str(out), "--json"],
                          capture_output=True, text=True, check=True)
    run_dir = Path(json.loads(done.stdout)["run_dir"])
    return [row["samples_per_s"] for row in read_metrics_csv(run_dir / "metrics.csv")][1:]


def windowed(app, project) -> tuple[list[float], float]:
    """The same project trained by pressing Train in a window: its epochs' samples/s, and the share of a core
    the window's GUI thread used meanwhile (from the first epoch's end to the last's)."""
    from PySide6.QtCore import QSettings

    from workbench.gui.main_window import MainWindow

    w = MainWindow(project=project.copy(),
                   settings=QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    w.ask_save_changes = lambda: "discard"
    w.resize(1280, 720)
    w.show()
    deadline = time.time() + 120
    # Ready, and the data panel's own scan of the folder done (it would share the cores with the first epochs).
    while not (w.run_panel.train_button.isEnabled() and w.dataset_panel.bundle is not None) \
            and time.time() < deadline:
        app.processEvents()
        time.sleep(0.05)  # few processEvents calls: PySide6 6.12.0 leaks a reference per call
    rates, marks = [], []

    def on_event(e) -> None:
        if type(e).__name__ == "EpochEnded":
            rates.append(e.metrics["samples_per_s"])
            marks.append((time.perf_counter(), time.thread_time()))  # this runs on the GUI thread

    w.start_training()
    w.run.event.connect(on_event)
    w.run.ended.connect(app.quit)
    app.exec()
    w.close()
    w.deleteLater()  # in the event loop, not whenever the garbage collector gets to it
    (t0, c0), (t1, c1) = marks[0], marks[-1]
    return rates[1:], (c1 - c0) / max(t1 - t0, 1e-9)


def run(epochs: int = 4, reps: int = 6, per_class: int = 3000) -> dict:
    from PySide6.QtWidgets import QApplication

    from workbench.core.project.io import project_from_dict
    from workbench.core.project.starter import ensure_demo_data, starter_project_doc
    from workbench.gui.desktop.app import make_app

    app = QApplication.instance() or make_app()
    head, win, pairs, gui = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        # The demo's own 800 images make 0.2 s epochs, too short to time: the same shapes, more of them.
        folder = ensure_demo_data(Path(tmp) / "shapes", per_class=per_class)
        project = project_from_dict(starter_project_doc(folder))
        project.training.epochs = epochs
        project.training.device = "cpu"
        headless(project, Path(tmp) / "warm-up")  # not counted: the first run shares the machine with the
        # write-back of the images just written (measured up to 30% slower)
        for rep in range(reps):
            if rep % 2:  # alternate which goes first: the machine's speed drifts
                (window_rates, gui_share), head_rates = windowed(app, project), headless(project, Path(tmp) / f"h{rep}")
            else:
                head_rates, (window_rates, gui_share) = headless(project, Path(tmp) / f"h{rep}"), windowed(app, project)
            gui.append(gui_share)
            head += head_rates
            win += window_rates
            pairs.append(statistics.median(window_rates) / statistics.median(head_rates))
    h, g = statistics.median(head), statistics.median(win)
    return {"epochs": epochs, "reps": reps, "images": 4 * per_class, "headless_samples_per_s": round(h, 1),
            "window_samples_per_s": round(g, 1), "ratio": round(g / h, 3),
            "rep_ratios": [round(r, 3) for r in pairs],  # each repetition on its own: how noisy the machine is
            "gui_thread_core_share": round(statistics.median(gui), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--per-class", default="3000,1000",
                        help="demo shapes per class (4 classes), comma-separated sizes; the first is judged")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [run(args.epochs, args.reps, int(n)) for n in args.per_class.split(",")]
    if args.json:
        # The first size is the judged one; the others ride along.
        print(json.dumps({**results[0], "sizes": results}))
        return
    for r in results:
        print(f"demo project on {r['images']} images, {r['epochs']} epochs x {r['reps']} runs each, median of epochs after the first")
        print(f"  headless   {r['headless_samples_per_s']:9.1f} samples/s")
        print(f"  window     {r['window_samples_per_s']:9.1f} samples/s   ratio {r['ratio']:.3f} (target >= 0.99)")
        print(f"  each repetition's ratio: {r['rep_ratios']}")
        print(f"  the window's GUI thread meanwhile: {100 * r['gui_thread_core_share']:.1f} % of a core")


if __name__ == "__main__":
    main()
