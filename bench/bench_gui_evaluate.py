"""Event-loop lateness while the window evaluates a model (on its thread pool) and exports one (in a process of
its own): the measurement behind where each heavy job runs.

Evaluating a whole validation split decodes every image and runs the model in the window's process, on a
pool thread: the Python parts of it (opening and transforming each image) take the GIL the event loop
needs. An ONNX export with its check did too (torch.onnx's exporter is Python) and made the event loop up to
90 ms late, so exports run `workbench export` in a process of their own. This bench trains the demo CNN on
N generated images headless, then lets the Results panel evaluate its checkpoint (~20% of them) and the
export dialog write and check an ONNX file, while a 5 ms timer measures how late the event loop runs.

    python bench/bench_gui_evaluate.py [--per-class 3000] [--json]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-class", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from workbench.core.project.io import project_from_dict
    from workbench.core.project.starter import ensure_demo_data, starter_project_doc
    from workbench.core.training.engine import train
    from workbench.gui.desktop.app import make_app

    app = make_app()
    tmp = Path(tempfile.mkdtemp())
    folder = ensure_demo_data(tmp / "shapes", per_class=args.per_class)
    project = project_from_dict(starter_project_doc(folder))
    project.training.epochs = 1
    project.training.device = "cpu"
    finished = train(project, out_dir=tmp / "runs")
    from PySide6.QtCore import QSettings

    from workbench.gui.main_window import MainWindow

    w = MainWindow(project=project, settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    w.resize(1280, 720)
    w.show()
    while not (w.run_panel.train_button.isEnabled() and w.dataset_panel.bundle is not None):
        app.processEvents()
        time.sleep(0.02)
    result = {"evaluate": _evaluate(app, w, Path(finished.run_dir) / "best.pt"),
              "export_onnx": _export(app, w, Path(finished.run_dir) / "best.pt", tmp / "model.onnx")}
    w.close()
    if args.json:
        print(json.dumps(result))
        return
    for job, r in result.items():
        print(f"{job}: {r['seconds']} s ({r.get('images', '-')} images); event-loop "
              f"lateness meanwhile max {r['max_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms")


def _lateness_during(app, start, done_signals) -> dict:
    from bench.lateness import LatenessProbe

    probe = LatenessProbe(5)
    for signal in done_signals:
        signal.connect(lambda *_: app.quit())
    probe.start()
    t0 = time.perf_counter()
    start()
    app.exec()
    seconds = time.perf_counter() - t0
    probe.stop()
    r = probe.summary()
    return {"seconds": round(seconds, 2), "max_ms": r["max_ms"], "p99_ms": r["p99_ms"], "median_ms": r["median_ms"]}


def _evaluate(app, w, checkpoint) -> dict:
    panel = w.results_panel
    r = _lateness_during(app, lambda: panel.evaluate(checkpoint), [panel.finished, panel.failed])
    return {**r, "images": panel.report.total if panel.report else 0}


def _export(app, w, checkpoint, out) -> dict:
    from workbench.gui.dialogs.export import ExportDialog

    dialog = ExportDialog(str(checkpoint), parent=w, fmt="onnx", launcher=w.launcher)
    dialog.set_output(str(out))
    return _lateness_during(app, dialog.start_export, [dialog.exported, dialog.failed])


if __name__ == "__main__":
    main()
