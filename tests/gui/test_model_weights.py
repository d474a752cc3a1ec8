"""Weights in the window as PyTorch users hold them: weights loaded are the model (Train starts from them; Results,
Predict, Export and Save model use them), and a run's result is one named thing (best or last, chosen on save)."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.gui.conftest import RUN_TIMEOUT_MS, make_window
from tests.gui.runs.test_training import click
from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.core.results.evaluate import evaluate
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train


def load(qtbot, window, path, fit=False) -> bool:
    with qtbot.waitSignal(window.model_load_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        window.load_model(path, fit=fit)
    return blocker.args[0]


def trained_elsewhere(folder, tmp_path):
    """Weights trained by a script of the user's own: saved from a DataParallel model (keys ``module.…``)."""
    finished = train(project_from_dict(minimal_project_doc(folder, epochs=3)), out_dir=tmp_path / "elsewhere")
    checkpoint = Path(finished.run_dir) / "model.pth"
    state = torch.load(checkpoint, weights_only=True)
    path = tmp_path / "from_my_script.pth"
    torch.save({"module." + k: v for k, v in state.items()}, path)
    return path, evaluate(load_checkpoint(Path(finished.run_dir) / "best.pt")).accuracy


def test_weights_loaded_are_the_model_until_the_next_run(qtbot, window, tmp_path, tiny_folder):
    path, accuracy = trained_elsewhere(tiny_folder, tmp_path)
    assert load(qtbot, window, path, fit=True)
    assert "'module.'" in window.statusBar().currentMessage()  # the prefix it removed is named
    model_file = window.loaded["model_file"]
    # Results evaluates these weights (not nothing, not a previous run's), and says what they are.
    with qtbot.waitSignal(window.results_panel.finished, timeout=RUN_TIMEOUT_MS) as evaluated:
        pass
    assert evaluated.args[0].accuracy == accuracy
    assert window.results_panel.source_label.text().startswith("<b>from_my_script.pth")  # the user's file's name
    assert window.predict_panel.checkpoint == model_file and window.predict_panel.shown_name == "from_my_script.pth"
    # Export has a model to export; Save model writes these weights, keys as the model names them.
    window.export_dialog()
    assert window.export is not None and not hasattr(window, "last_error_text")
    window.export.close()
    saved = tmp_path / "again.pth"
    assert window.save_model(saved)
    assert set(torch.load(saved, weights_only=True)) == set(load_checkpoint(model_file).model_state)
    # Train starts from them: the run records where it started, and its first epoch is already good.
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error is None, window.last_error
    run_json = json.loads((Path(window.last_finished.run_dir) / "run.json").read_text())
    assert run_json["initial_weights"] == {"file": str(path), "prefix": "module.", "fresh": []}
    assert window.loaded is None  # the run's result is the model now
    assert window.model_source() == window.trained_source()


def test_weights_for_another_class_count_keep_all_but_the_head(qtbot, window, tmp_path, tiny_folder):
    from tests.helpers import SHAPES, make_shapes_folder

    two = make_shapes_folder(tmp_path / "two", per_class=6, size=16, classes=SHAPES[:2])
    path, _ = trained_elsewhere(two, tmp_path)
    assert load(qtbot, window, path, fit=True)
    assert "starts fresh" in window.statusBar().currentMessage()
    before = [op.to_json() for op in window.project.model.layers]
    wrong = tmp_path / "wrong.pth"
    torch.save({"features.weight": torch.zeros(3)}, wrong)
    assert not load(qtbot, window, wrong, fit=True)  # nothing fits: the keys are listed and nothing changes
    assert "features.weight" in window.last_error_text
    assert [op.to_json() for op in window.project.model.layers] == before
    assert window.loaded["path"] == str(path)


def test_the_run_result_is_named_and_save_model_offers_best_or_last(qtbot, settings, tiny_folder, tmp_path,
                                                                   monkeypatch):
    # Only an improvement by more than 10 counts: the first epoch stays the best, the weights go on changing.
    doc = minimal_project_doc(tiny_folder, epochs=3, early_stopping={"patience": 10, "min_delta": 10.0})
    window = make_window(qtbot, project_from_dict(doc), settings)
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    result = window.last_finished.result
    assert result == {"epoch": 1, "chosen": "best", "metric": "val_loss", "value": result["value"]}
    words = f"epoch {result['epoch']}, the best by val_loss"
    assert words in window.statusBar().currentMessage()
    assert words in window.results_panel.source_label.text()
    # One accuracy for the one result: the status line, Results and the Runs tab show model.pth's epoch.
    accuracy = window.epoch_metrics[1]["val_accuracy"]
    assert f"val accuracy {100 * accuracy:.1f} %" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.results_panel.report is not None, timeout=RUN_TIMEOUT_MS)
    assert abs(window.results_panel.report.accuracy - accuracy) < 1e-9
    qtbot.waitUntil(lambda: window.runs_panel.table.rowCount() == 1, timeout=RUN_TIMEOUT_MS)
    assert window.runs_panel.table.item(0, 3).text() == f"{accuracy:.1%}"
    assert window.trained_source() == window.checkpoints["best"]
    for which in ("best", "last"):
        path = tmp_path / f"{which}.pth"
        assert window.save_model(path, which=which)
        expected = torch.load(window.checkpoints[which], weights_only=True)["model"]
        saved = torch.load(path, weights_only=True)
        assert all(torch.equal(saved[k], expected[k]) for k in expected)
    best, last = (torch.load(tmp_path / f"{w}.pth", weights_only=True) for w in ("best", "last"))
    assert not all(torch.equal(best[k], last[k]) for k in best)
    run_dir = Path(window.last_finished.run_dir)
    model_pth = torch.load(run_dir / "model.pth", weights_only=True)
    assert all(torch.equal(model_pth[k], best[k]) for k in best)  # the run's model.pth is the best epoch
    # File › Save model… asks which, then where.
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "chosen.pth"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "state_dict (*.pth)"))
    asked = []
    window.ask_which_weights = lambda: asked.append(True) or "last"
    window.save_model_dialog()
    assert asked and all(torch.equal(torch.load(chosen, weights_only=True)[k], last[k]) for k in last)
