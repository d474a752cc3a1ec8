"""Training from the window: the real engine in a process of its own, on a tiny image folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.gui.conftest import RUN_TIMEOUT_MS, long_project, make_window
from workbench.core.training.events import BatchEnded, Compiling, Finished, RunStarted


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def record(window):
    events = []
    window.run.event.connect(events.append)
    return events


def test_the_compiling_first_step_is_said_under_the_bars(window):
    window.run_panel.on_event(Compiling("reduce-overhead"))
    assert window.run_panel.info.text() == "compiling the model (torch.compile, mode reduce-overhead)…"
    window.run_panel.on_event(Compiling("reduce-overhead", 12.34))
    assert window.run_panel.info.text() == "compiled the model in 12.3 s"


def test_train_to_the_end_draws_the_curves(qtbot, window):
    window.training_panel.scalar_editors["epochs"].inner.setValue(3)
    click(qtbot, window.run_panel.train_button)
    assert window.run is not None and window.run.running
    # While it runs, the settings that define the run are locked.
    assert not window.model_panel.palette.isEnabled()
    assert not window.training_panel.widget().isEnabled()
    assert not window.run_panel.train_button.isEnabled()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    finished = window.last_finished
    assert finished is not None and finished.reason == "completed" and finished.epochs_done == 3
    points = window.plots.points()
    assert points["batch.raw"] >= 3 and points["batch.smooth"] == points["batch.raw"]
    assert points["epoch.train"] == 3 and points["epoch.val"] == 3 and points["acc.val"] == 3
    drawn = window.plots.drawn_points()
    assert drawn["epoch.val"] == 3 and drawn["batch.raw"] == points["batch.raw"]
    assert window.plots.redraws >= 1
    assert Path(window.checkpoints["last"]).is_file()
    assert "Finished after 3 epochs" in window.statusBar().currentMessage()
    assert window.run is None and window.run_panel.train_button.isEnabled()
    assert window.model_panel.palette.isEnabled() and window.training_panel.widget().isEnabled()
    assert window.run_panel.epoch_bar.value() == 3
    # Unsaved project: the run went to the user data directory, not the working directory.
    assert "userdata" in finished.run_dir

    # A second run clears the curves, or keeps them faded underneath when asked.
    window.run_panel.overlay_box.setChecked(True)
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert len(window.plots.epoch.old) == 2 and window.plots.points()["epoch.val"] == 3


def test_stop_mid_run_ends_within_a_batch_and_keeps_last_checkpoint(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.stop_button)
    assert window.run_panel.state == "stopping"
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    finished = [e for e in events if isinstance(e, Finished)]
    assert finished and finished[0].reason == "stopped"
    assert Path(window.checkpoints["last"]).is_file()
    assert window.last_error is None
    assert "Stopped" in window.statusBar().currentMessage()


def test_pause_holds_the_run_and_resume_continues_it(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.pause_button)
    assert window.run.paused and window.run_panel.pause_button.text() == "Resume"
    qtbot.wait(400)  # the batch in flight may still report
    held = len(events)
    qtbot.wait(800)
    assert len(events) == held
    click(qtbot, window.run_panel.pause_button)
    assert not window.run.paused
    qtbot.waitUntil(lambda: len(events) > held, timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.stop_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass


def test_a_run_paused_as_it_starts_says_it_is_paused_and_train_starts_with_fresh_bars(qtbot, tiny_folder,
                                                                                       settings):
    window = make_window(qtbot, long_project(tiny_folder, epochs=2), settings)
    note = window.plots.empty_note
    status = window.statusBar().currentMessage
    assert note.text().startswith("Press Train")
    click(qtbot, window.run_panel.train_button)
    assert note.text() == ""  # Train was pressed: the note that asks for it is gone
    click(qtbot, window.run_panel.pause_button)  # before the run has even read its data
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, RunStarted) for e in events), timeout=RUN_TIMEOUT_MS)
    # The run holds before its first batch: the window says so, not "Training on CPU…".
    assert "Paused" in status() and "Training on" not in status()
    assert note.text() == "" and window.run_panel.pause_button.text() == "Resume"
    click(qtbot, window.run_panel.pause_button)
    assert "Training" in status()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.run_panel.epoch_bar.text() == "2 / 2" and window.run_panel.batch_bar.value() > 0

    # Train again: the bars start from nothing, not from the last run's 2 / 2.
    click(qtbot, window.run_panel.train_button)
    assert window.run_panel.epoch_bar.text() == "0 / 2" and window.run_panel.batch_bar.text() == ""
    assert window.run_panel.info.text().strip() == ""
    window.stop_training()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass


def test_a_stop_while_paused_still_stops(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    click(qtbot, window.run_panel.pause_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        click(qtbot, window.run_panel.stop_button)
    assert window.last_finished.reason == "stopped"


def test_closing_during_a_run_asks_stops_waits_then_closes(qtbot, tiny_folder, settings, capfd):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    asked = []
    window.ask_stop_run = lambda: asked.append(True) or True
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    run = window.run
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) for e in events), timeout=RUN_TIMEOUT_MS)
    assert window.close() is False  # not yet: the run is stopping
    assert asked == [True] and window.isVisible()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=RUN_TIMEOUT_MS)
    assert run.child.poll() == 3  # the run's process stopped itself (`workbench train` exit status 3)
    assert window.last_finished.reason == "stopped"
    assert "Destroyed while thread" not in capfd.readouterr().err


def test_declining_to_stop_keeps_the_window_and_the_run(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder), settings)
    window.ask_stop_run = lambda: False
    click(qtbot, window.run_panel.train_button)
    assert window.close() is False
    assert window.isVisible() and window.run is not None and not window.run.stop_requested
    window.stop_training()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass


def test_an_error_inside_the_run_shows_a_dialog_and_the_window_stays_usable(qtbot, window):
    window.project.training.device = "cuda:7"  # not on this machine: the engine refuses with one line
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error and "cuda" in window.last_error
    assert window.error_dialog is not None and window.error_dialog.isVisible()
    assert window.run_panel.train_button.isEnabled() and window.model_panel.palette.isEnabled()


def test_a_finished_run_feeds_results_predict_and_runs(qtbot, window, tmp_path):
    click(qtbot, window.run_panel.train_button)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    qtbot.waitUntil(lambda: window.results_panel.report is not None, timeout=RUN_TIMEOUT_MS)
    best = window.checkpoints.get("best") or window.checkpoints["last"]
    assert window.predict_panel.checkpoint == best
    qtbot.waitUntil(lambda: any(str(r.path) == window.run_dir for r in window.runs_panel.runs),
                    timeout=RUN_TIMEOUT_MS)
    # A folder dropped on the Predict panel is for predicting, not a new data set.
    source = window.project.data.source.path
    window.tabs.setCurrentWidget(window.predict_panel)
    from tests.gui.test_files import drop_on
    drop_on(window.predict_panel, tmp_path / "shapes" / "circle")
    assert window.project.data.source.path == source
    qtbot.waitUntil(lambda: len(window.predict_panel.results) > 0, timeout=RUN_TIMEOUT_MS)
