"""The newcomer's whole path in one window, asserting at each step what the user sees: train the starter; break
the model and fix it; a folder with bad files; train, pause, resume, stop; save weights and train from them;
export ONNX; Results and Predict; quit while training and reopen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from tests.gui.conftest import DATA_TIMEOUT_MS, RUN_TIMEOUT_MS, make_window
from tests.gui.runs.test_training import click, record
from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.project.io import load_project, project_from_dict
from workbench.core.training.events import BatchEnded, EpochEnded


def finish(qtbot, window):
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error is None, window.last_error


def test_the_newcomers_path(qtbot, settings, tmp_path):
    pytest.importorskip("onnx")
    # A folder as a student makes one: three classes, a corrupt PNG and a stray text file among the images.
    folder = make_shapes_folder(tmp_path / "my-shapes", per_class=12, size=16)
    (folder / "circle" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (folder / "square" / "notes.txt").write_text("todo")
    doc = minimal_project_doc(folder, epochs=2)
    doc["data"]["loader"]["batch_size"] = 4
    window = make_window(qtbot, project_from_dict(doc), settings)
    panel = window.dataset_panel
    qtbot.waitUntil(lambda: panel.bundle is not None, timeout=DATA_TIMEOUT_MS)
    assert "2 files skipped" in panel.skipped_label.text() and panel.skipped_button.isVisible()

    # 1. Train the starter model to the end: curves, a named result, Results and Predict fed.
    assert window._write(tmp_path / "my-shapes.wbproj")
    click(qtbot, window.run_panel.train_button)
    finish(qtbot, window)
    assert window.plots.points()["epoch.train"] == 2
    assert "model.pth: epoch" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.results_panel.report is not None, timeout=RUN_TIMEOUT_MS)
    assert window.results_panel.report.total == 9  # the validation split, the broken files not counted
    window.predict_panel.add_paths([str(next((folder / "triangle").glob("*.png")))])
    with qtbot.waitSignal(window.predict_panel.predicted, timeout=RUN_TIMEOUT_MS) as predicted:
        pass
    assert predicted.args[0] and predicted.args[0][0].top[0][0] in ("circle", "square", "triangle")

    # 2. Break the model (no Flatten before the Linear layers), read the plain-words error, fix it with Undo.
    flatten = [op.type for op in window.project.model.layers].index("Flatten")
    window.model_panel.table.selectRow(flatten)
    window.model_panel.delete_selected()
    assert window.model_panel.plan.error is not None
    assert "Flatten" in window.model_panel.error_label.text() and "Traceback" not in window.model_panel.error_label.text()
    click(qtbot, window.run_panel.train_button)
    assert window.run is None and "model cannot run" in window.last_error_text  # refused, in words
    window.document.undo_stack.undo()
    assert window.model_panel.plan.error is None

    # 3. Train, pause, resume, stop: the status line and the buttons follow; last.pt is written.
    window.training_panel.scalar_editors["epochs"].inner.setValue(50)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.pause_button)
    assert "Paused" in window.statusBar().currentMessage()
    click(qtbot, window.run_panel.pause_button)
    qtbot.waitUntil(lambda: any(isinstance(e, EpochEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.stop_button)
    qtbot.waitUntil(lambda: window.run is None, timeout=RUN_TIMEOUT_MS)
    stopped_dir = Path(window.last_finished.run_dir)
    assert window.last_finished.reason == "stopped" and (stopped_dir / "last.pt").is_file()

    # 4. Save the weights as the primer does, start from them, and train again.
    weights = tmp_path / "my_model.pth"
    assert window.save_model(weights)
    assert all(isinstance(v, torch.Tensor) for v in torch.load(weights, weights_only=True).values())
    with qtbot.waitSignal(window.model_load_finished, timeout=RUN_TIMEOUT_MS):
        window.load_model(weights, fit=True)
    window.training_panel.scalar_editors["epochs"].inner.setValue(1)
    click(qtbot, window.run_panel.train_button)
    finish(qtbot, window)
    run_json = json.loads((Path(window.last_finished.run_dir) / "run.json").read_text())
    assert run_json["initial_weights"]["file"] == str(weights)

    # 5. Export ONNX from the window (in a process of its own); it says it was checked.
    window.export_dialog()
    dialog = window.export
    dialog.select_format("onnx")
    dialog.set_output(tmp_path / "my_model.onnx")
    with qtbot.waitSignal(dialog.exported, timeout=RUN_TIMEOUT_MS):
        click(qtbot, dialog.export_button)
    assert (tmp_path / "my_model.onnx").stat().st_size > 0
    dialog.close()

    # 6. Quit while training: asked (the run held meanwhile), then closed; reopen the project and find the runs.
    window.training_panel.scalar_editors["epochs"].inner.setValue(50)
    assert window.save()
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    window.ask_stop_run = lambda: True
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible() and window.run is None, timeout=RUN_TIMEOUT_MS)
    again = make_window(qtbot, load_project(tmp_path / "my-shapes.wbproj"), settings,
                        path=tmp_path / "my-shapes.wbproj")
    qtbot.waitUntil(lambda: again.runs_panel.table.rowCount() >= 4, timeout=RUN_TIMEOUT_MS)
    assert again.project.training.epochs == 50 and again.path == (tmp_path / "my-shapes.wbproj").resolve()
