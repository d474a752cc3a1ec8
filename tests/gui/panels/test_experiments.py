"""The Experiments tab: what to vary picked from the project and checked as it is typed, a sweep run from the tab
in a process of its own, its study in the table and the plots, and a trial made the project (one undo step)."""

from __future__ import annotations

import time
from pathlib import Path

import optuna
import pytest

from tests.gui.conftest import long_project, make_window
from tests.gui.test_window_layout import _lay_out, clipped_text
from workbench.core.experiments.space import Param, default_space
from workbench.core.experiments.study import StudyReader, journal_url
from workbench.core.experiments.sweep import open_storage

SWEEP_TIMEOUT_MS = 180000


@pytest.fixture
def panel(window):
    window.tabs.setCurrentWidget(window.experiments_panel)
    return window.experiments_panel


def _row(panel, path):
    return next(r for r in panel.rows if r.path == path)


def _finish(qtbot, panel, timeout=SWEEP_TIMEOUT_MS):
    with qtbot.waitSignal(panel.finished, timeout=timeout):
        pass


def test_the_rows_start_from_core_s_default_space_and_the_menu_offers_the_project_s_fields(window, panel):
    project = window.project
    assert [r.path for r in panel.rows] == [p.path for p in default_space(project)]
    assert all(r.message is None for r in panel.rows) and panel.params() is not None
    panel._fill_add_menu()
    offered = {a.toolTip(): a for a in panel.add_menu.actions() if a.toolTip()}
    assert {"training.optimizer.lr", "training.optimizer.weight_decay", "training.optimizer.type",
            "data.loader.batch_size", "training.epochs", "model.layers[0].out_channels",
            "model.layers[4].out_features"} <= set(offered)
    assert not offered["training.optimizer.lr"].isEnabled()  # already a row
    assert offered["training.epochs"].isEnabled()
    assert "training.optimizer.momentum" not in offered  # Adam has none
    window.document.edit("training", "SGD", lambda t: setattr(t.optimizer, "type", "SGD"))
    panel._fill_add_menu()
    offered = {a.toolTip(): a for a in panel.add_menu.actions() if a.toolTip()}
    assert "training.optimizer.momentum" in offered
    # Picking one adds its row with a range around the project's value.
    offered["training.epochs"].trigger()
    row = _row(panel, "training.epochs")
    assert (row.kind_name, row.low.text(), row.high.text()) == ("int", "1", "4")


def test_a_parameter_that_does_not_fit_is_marked_and_start_is_refused(qtbot, window, panel):
    row = panel.add_parameter("training.epochs")
    row.low.setText("0")
    qtbot.waitUntil(lambda: row.message is not None)
    assert "got 0" in row.message and row.error.isVisible() and "got 0" in panel.hint.text()
    assert panel.params() is None
    assert not panel.start() and panel.sweep is None and "Not started" in panel.hint.text()
    assert not (panel.study_folder() / "sweeps").exists()
    lr = _row(panel, "training.optimizer.lr")
    lr.low.setText("0.5")  # LOW above HIGH
    qtbot.waitUntil(lambda: lr.message is not None)
    assert "LOW must be less than HIGH" in lr.message
    # A path typed by hand that the project does not have.
    typed = panel.add_parameter(None)
    typed.path_edit.setText("training.optimiser.lr")
    typed.low.setText("0.1")
    typed.high.setText("0.2")
    qtbot.waitUntil(lambda: typed.message is not None and "optimiser" in typed.message)
    # Fixed (or removed), the rows are the sweep's parameters again.
    row.low.setText("1")
    lr.low.setText("0.001")
    typed.remove.click()
    qtbot.waitUntil(lambda: not panel.bad_rows)
    assert [p.path for p in panel.params()][-1] == "training.epochs"


def test_a_grid_sweep_previews_its_trial_count(panel):
    panel.set_params([Param("training.optimizer.lr", "log", 1e-3, 1e-1),
                      Param("data.loader.batch_size", "choice", choices=(8, 16, 32))])
    panel.sampler_box.setCurrentIndex(panel.sampler_box.findData("grid"))
    assert "5 × 3 = 15" in panel.grid_label.text() and panel.trials_box.value() == 15
    panel.sampler_box.setCurrentIndex(panel.sampler_box.findData("tpe"))
    assert panel.grid_label.text() == ""


def test_a_sweep_runs_from_the_tab_to_the_end_and_the_table_is_the_study(qtbot, window, panel):
    panel.set_params([Param("training.optimizer.lr", "log", 1e-3, 1e-1),
                      Param("data.loader.batch_size", "choice", choices=(8, 16))])
    panel.trials_box.setValue(3)
    panel.pruner_box.setCurrentIndex(panel.pruner_box.findData("none"))
    panel.epochs_box.setValue(1)
    seen_while_running = []
    panel.poll.done.connect(lambda view: panel.state == "running" and view is not None
                            and seen_while_running.append(len(view.trials)))
    before = (window.project.training.optimizer.args["lr"], window.project.data.loader.batch_size)
    assert panel.start()
    qtbot.waitUntil(lambda: panel.sweep is not None, timeout=30000)
    assert panel.command[:2] == ["sweep", panel.command[1]] and "--json" in panel.command
    assert not panel.start_button.isEnabled() and panel.stop_button.isEnabled()
    _finish(qtbot, panel)
    assert panel.state == "idle" and panel.error is None and panel.start_button.isEnabled()
    assert seen_while_running and max(seen_while_running) >= 1  # the table filled while the sweep ran

    study = optuna.load_study(study_name="shapes", storage=open_storage(journal_url(panel.study_folder(), "shapes")))
    assert panel.table.rowCount() == len(study.trials) == 3
    for row, t in enumerate(study.trials):
        assert panel.table.item(row, 0).text() == str(t.number)
        assert panel.table.item(row, 1).text() == "complete" and t.state.name == "COMPLETE"
        assert panel.table.item(row, 2).text().lstrip("★ ") == f"{t.value:.4g}"
        assert panel.table.item(row, 4).text() == f"{t.params['training.optimizer.lr']:.4g}"
        assert panel.table.item(row, 5).text() == str(t.params["data.loader.batch_size"])
        assert Path(t.user_attrs["run_dir"]).parent == panel.study_folder() / "sweeps" / "shapes"
    assert panel.view.best.number == study.best_trial.number
    assert f"best: trial {study.best_trial.number}" in panel.summary.text()
    assert len(panel.parallel.lines) == 3
    for tab in (panel.parallel, panel.importance, panel.curves):  # whole text at 1280×720, the study shown
        panel.plot_tabs.setCurrentWidget(tab)
        _lay_out()
        assert not clipped_text(window)

    # One bar per parameter.
    qtbot.waitUntil(lambda: panel.importance.bars is not None, timeout=30000)
    assert set(panel.importance.importances) == {"training.optimizer.lr", "data.loader.batch_size"}
    assert len(panel.importance.bars.opts["width"]) == 2

    # A trial's curves.
    chosen = study.trials[1]
    panel.select_trial(chosen.number)
    qtbot.waitUntil(lambda: "val_loss" in panel.curves.curves, timeout=10000)
    xs, ys = panel.curves.curves["val_loss"].getData()
    assert list(xs) == [1] and ys[0] == pytest.approx(chosen.intermediate_values[1], rel=1e-4)  # csv: 6 digits
    assert panel.parallel.lines[chosen.number].opts["pen"].widthF() > 2  # its line stands out

    # Open as project: one undoable step.
    assert panel.open_as_project()
    assert window.project.training.optimizer.args["lr"] == chosen.params["training.optimizer.lr"]
    assert window.project.data.loader.batch_size == chosen.params["data.loader.batch_size"]
    assert f"trial {chosen.number}'s values" in window.statusBar().currentMessage()
    assert window.undo_action.text().startswith(f"&Undo Trial {chosen.number}:")
    window.undo_action.trigger()
    assert (window.project.training.optimizer.args["lr"], window.project.data.loader.batch_size) == before
    # Start again: the study goes on from its 3 trials.
    assert "adds 3 trials to the 3" in panel.hint.text()


def test_pause_finishes_the_running_trial_then_holds_and_stop_ends_the_sweep(qtbot, window, panel):
    panel.set_params([Param("training.optimizer.lr", "log", 1e-3, 1e-1)])
    panel.trials_box.setValue(3)
    panel.pruner_box.setCurrentIndex(panel.pruner_box.findData("none"))
    panel.epochs_box.setValue(2)
    assert panel.start()
    qtbot.waitUntil(lambda: panel.view is not None and any(t.state == "RUNNING" for t in panel.view.trials),
                    timeout=SWEEP_TIMEOUT_MS)
    panel.toggle_pause()
    assert panel.state == "pausing" and panel.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: panel.state == "paused", timeout=SWEEP_TIMEOUT_MS)
    held = [t.state for t in panel.view.trials]
    assert "RUNNING" not in held and held.count("COMPLETE") == len(held)
    time.sleep(2)  # held: no new trial starts
    qtbot.wait(1500)
    assert [t.state for t in panel.view.trials] == held
    panel.stop()
    _finish(qtbot, panel, timeout=60000)
    assert panel.state == "idle" and panel.error is None and "stopped" in panel.hint.text().lower()


def test_stop_ends_a_running_trial_which_keeps_its_last_pt(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder, epochs=100), settings)
    panel = window.experiments_panel
    panel.set_params([Param("training.optimizer.lr", "log", 1e-3, 1e-1)])
    panel.trials_box.setValue(2)
    assert panel.start()
    reader = None

    def an_epoch_done():
        nonlocal reader
        if panel.view is None or not panel.view.trials or not panel.view.trials[0].run_dir:
            return False
        return (Path(panel.view.trials[0].run_dir) / "last.pt").is_file()

    qtbot.waitUntil(an_epoch_done, timeout=SWEEP_TIMEOUT_MS)
    panel.stop()
    assert panel.state == "stopping"
    _finish(qtbot, panel, timeout=60000)
    reader = StudyReader(journal_url(panel.study_folder(), "shapes"), "shapes")
    trials = reader.read().trials
    assert len(trials) == 1 and trials[0].state == "FAIL"  # interrupted: no value
    assert (Path(trials[0].run_dir) / "last.pt").is_file()
    assert panel.table.item(0, 1).text() == "failed" and panel.error is None


def test_closing_the_window_during_a_sweep_asks_stops_it_then_closes(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder, epochs=100), settings)
    panel = window.experiments_panel
    asked = []
    window.ask_stop_run = lambda: asked.append(True) or True
    assert panel.start()
    qtbot.waitUntil(lambda: panel.sweep is not None, timeout=30000)
    window.close()
    assert asked == [True] and window.isVisible()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    assert panel.sweep is None
