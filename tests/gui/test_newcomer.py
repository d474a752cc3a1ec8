"""What a first-time user ran into, each fixed and kept so: run names, quitting mid-run, a failed start, the
window's own names in messages, opening a run."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import RUN_TIMEOUT_MS, long_project, make_window
from tests.gui.runs.test_training import click, record
from workbench.core.project.io import load_project
from workbench.core.training.events import BatchEnded


def test_runs_are_named_after_the_project_file_it_was_saved_as(qtbot, window, tmp_path):
    window.document.set_quietly("name", "demo-shapes")  # as the starter project is named
    assert window._write(tmp_path / "shapes.wbproj")
    assert load_project(tmp_path / "shapes.wbproj").name == "shapes"  # in the file too, for the command line
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert Path(window.last_finished.run_dir).name.endswith("-shapes")


def test_the_demo_project_takes_the_name_of_the_users_own_data_folder(qtbot, window, tmp_path):
    from tests.helpers import make_shapes_folder

    window.document.set_quietly("name", "demo-shapes")  # as the starter project is named
    window.document.mark_saved()
    demo_data = window.project.data
    birds = make_shapes_folder(tmp_path / "birds", per_class=12, size=16)
    window.handle_drop(birds)  # the user's own folder, dropped on the window
    assert window.project.name == "birds" and "birds (unsaved)" in window.windowTitle()
    # One step: Undo gives back the demo's data and its name together.
    assert window.document.undo_stack.count() == 1 and window.undo_action.text() == "&Undo Data folder birds"
    window.undo_action.trigger()
    assert window.project.name == "demo-shapes" and window.project.data == demo_data
    assert "demo-shapes (unsaved)" in window.windowTitle()
    window.redo_action.trigger()
    assert window.project.name == "birds"
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None and window.dataset_panel.bundle.num_classes == 3,
                    timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert Path(window.last_finished.run_dir).name.endswith("-birds")  # runs are named after the project

    # A name the user gave stays, whatever folder comes next.
    window.document.edit("name", "Rename", lambda _name: "my birds")
    window.dataset_panel.set_folder(str(tmp_path / "shapes"))
    assert window.project.name == "my birds"


def test_quitting_while_training_holds_the_run_while_it_asks(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    seen = {}

    def ask() -> bool:  # the user reads the question for a while, then says no
        seen["paused"] = window.run.paused
        qtbot.wait(600)  # the batch in flight may still report
        before = len(events)
        qtbot.wait(1200)
        seen["batches_while_asking"] = len(events) - before
        return False

    window.ask_stop_run = ask
    assert window.close() is False
    assert seen == {"paused": True, "batches_while_asking": 0}
    assert not window.run.paused  # declined: it trains on
    before = len(events)
    qtbot.waitUntil(lambda: len(events) > before, timeout=RUN_TIMEOUT_MS)
    window.stop_training()
    qtbot.waitUntil(lambda: window.run is None, timeout=RUN_TIMEOUT_MS)


def test_a_train_that_fails_to_start_keeps_the_curves_and_names_the_input_shape_box(qtbot, window):
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    drawn = window.plots.points()
    assert drawn["epoch.train"] == 2
    window.document.edit("model", "Input shape", lambda m: setattr(m, "input_shape", [1, 16, 16]))
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.plots.points() == drawn  # the previous run's curves are still there
    assert "Input shape box" in window.last_error and "model.input_shape" not in window.last_error


def test_opening_a_run_restores_its_data_model_and_settings_with_its_weights(qtbot, window, tmp_path):
    from tests.helpers import make_shapes_folder

    window.document.edit("training", "Epochs", lambda t: setattr(t, "epochs", 1))
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    run_dir = window.last_finished.run_dir
    ran = load_project(Path(run_dir) / "project.json")
    # The user moves on: another folder, other transforms, other settings.
    window.dataset_panel.set_folder(str(make_shapes_folder(tmp_path / "other", per_class=4)))
    window.document.edit("data", "Transforms", lambda d: d.transforms.insert(0, type(d.transforms[0])("Resize",
                                                                                                       {"size": 8})))
    window.document.edit("training", "Epochs", lambda t: setattr(t, "epochs", 9))
    window.ask_save_changes = lambda: "discard"
    with qtbot.waitSignal(window.model_load_finished, timeout=RUN_TIMEOUT_MS):
        assert window.open_run(run_dir)
    project = window.project
    assert (project.data, project.model, project.training) == (ran.data, ran.model, ran.training)
    assert window.dirty and window.path is None  # a new, unsaved project made from the run
    # It ended: its curves are drawn, Results shows its result, and Train would not "resume" a finished run.
    assert window.plots.points()["epoch.train"] == 1
    assert window.plots.empty_note.text() == ""  # no "Press Train" under the curves it shows
    assert window.loaded["kind"] == "checkpoint" and not window.run_panel.resume_box.isChecked()
    assert window.tabs.currentWidget() is window.results_panel
    assert "epoch 1" in window.results_panel.source_label.text()


def test_a_stopped_run_opened_from_the_runs_tab_resumes_in_the_project_file(qtbot, tiny_folder, settings, tmp_path):
    window = make_window(qtbot, long_project(tiny_folder, epochs=3), settings)
    assert window._write(tmp_path / "shapes.wbproj")
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) and e.epoch == 2 for e in events), timeout=RUN_TIMEOUT_MS)
    window.stop_training()
    qtbot.waitUntil(lambda: window.run is None, timeout=RUN_TIMEOUT_MS)
    run_dir = window.last_finished.run_dir
    assert Path(run_dir).parent == tmp_path / "runs"
    with qtbot.waitSignal(window.model_load_finished, timeout=RUN_TIMEOUT_MS):
        assert window.open_run(run_dir)
    assert window.path == (tmp_path / "shapes.wbproj").resolve() or window.path == tmp_path / "shapes.wbproj"
    assert window.run_panel.resume_box.isChecked()
    assert "part-trained" in window.results_panel.source_label.text()  # a mid-epoch last.pt says so
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    started = next(e for e in events if type(e).__name__ == "RunStarted")
    assert started.start_epoch == 1 and window.last_finished.epochs_done == 3
    assert window.last_error is None


def test_f5_and_run_train_start_training_as_the_button_does(qtbot, window):
    from PySide6.QtCore import Qt

    window.show()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # what Help › Getting started tells a newcomer to press
    assert window.run is not None
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error is None and window.last_finished.reason == "completed"
    window.train_action.trigger()  # Run › Train
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error is None and window.last_finished.reason == "completed"


def test_runs_trained_before_the_first_save_move_beside_the_project_file(qtbot, window, tmp_path):
    from workbench.core.storage.paths import user_data_dir

    window.path = None  # a new project, never saved: its runs go to the user's data folder
    window.document.edit("training", "Epochs", lambda t: setattr(t, "epochs", 1))
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    early = Path(window.last_finished.run_dir)
    assert early.parent == user_data_dir() / "runs"
    assert window._write(tmp_path / "mine" / "shapes.wbproj")
    moved = tmp_path / "mine" / "runs" / early.name
    assert moved.is_dir() and not early.exists() and (moved / "model.pth").is_file()
    qtbot.waitUntil(lambda: window.runs_panel.table.rowCount() == 1, timeout=RUN_TIMEOUT_MS)
    assert "moved to" in window.statusBar().currentMessage()


def test_train_asks_before_starting_a_model_that_cannot_fit_in_memory(qtbot, window):
    window.document.edit("model", "Widen", lambda m: setattr(m.layers[4], "args", {"out_features": 40_000_000}))
    assert "Memory to train: ≈" in window.model_panel.totals_label.text()
    asked = []
    window.ask_start_despite_memory = lambda reason: asked.append(reason) or False
    window.start_training()
    assert window.run is None and asked  # declined: nothing started
    assert "the training step needs about" in asked[0] and "free" in asked[0] and "--no-memory-check" not in asked[0]


def test_after_stop_train_resumes_where_it_stopped(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder, epochs=3), settings)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) and e.epoch == 2 for e in events), timeout=RUN_TIMEOUT_MS)
    window.stop_training()
    qtbot.waitUntil(lambda: window.run is None, timeout=RUN_TIMEOUT_MS)
    # "resuming goes on from there": the box says how, ticked.
    assert window.run_panel.resume_box.isVisibleTo(window) and window.run_panel.resume_box.isChecked()
    stopped_dir = window.last_finished.run_dir
    assert window.plots.points()["epoch.train"] == 1
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    started = next(e for e in events if type(e).__name__ == "RunStarted")
    assert started.start_epoch == 1 and window.last_finished.epochs_done == 3 and window.last_error is None
    # One run, one set of curves: epoch 1 from before the stop is still drawn, epochs 2 and 3 follow it.
    assert window.last_finished.run_dir == stopped_dir
    window.plots.redraw()
    assert window.plots.points()["epoch.train"] == 3


def test_a_project_opened_again_says_where_its_runs_results_are(qtbot, trained_run, settings, tmp_path):
    import shutil

    from workbench.core.project.io import save_project

    run_dir, _folder = trained_run
    shutil.copytree(run_dir, tmp_path / "runs" / run_dir.name)
    path = save_project(load_project(run_dir / "project.json"), tmp_path / "again.wbproj")
    window = make_window(qtbot, load_project(path), settings, path=path)
    qtbot.waitUntil(lambda: len(window.runs_panel.runs) == 1, timeout=RUN_TIMEOUT_MS)
    assert window.results_panel.source_label.text().startswith("This project has a run: choose it in the Runs tab")
