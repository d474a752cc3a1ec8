"""Runs in processes of their own: a run that dies does not take the window with it; a warm spare is used."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tests.gui.conftest import RUN_TIMEOUT_MS, long_project, make_window
from tests.gui.runs.test_training import click, record
from workbench.core.training.events import BatchEnded, EpochEnded, RunStarted


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_window_survives_its_run_being_killed_and_resumes_from_last_pt(qtbot, tiny_folder, settings):
    window = make_window(qtbot, long_project(tiny_folder, epochs=4), settings)
    asked = []
    window.ask_resume_after_crash = lambda last: asked.append((last, window.last_error, window.plots.points())) or True
    click(qtbot, window.run_panel.train_button)
    events = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, BatchEnded) and e.epoch == 2 for e in events),
                    timeout=RUN_TIMEOUT_MS)
    killed = window.run
    os.kill(killed.pid, signal.SIGKILL)  # mid-epoch 2, as the kernel's out-of-memory killer would
    qtbot.waitUntil(lambda: bool(asked), timeout=RUN_TIMEOUT_MS)
    # What happened, in plain words; the curves drawn so far are still there; last.pt is offered.
    last, message, points = asked[0]
    assert "killed" in message and "memory" in message
    assert points["epoch.train"] == 1 and points["batch.raw"] > 0
    assert last.endswith("last.pt") and os.path.dirname(last) == killed.run_dir
    assert window.isVisible()
    # The resumed run continues the curves from the end of epoch 1.
    resumed = record(window)
    qtbot.waitUntil(lambda: any(isinstance(e, EpochEnded) for e in resumed), timeout=RUN_TIMEOUT_MS)
    started = next(e for e in resumed if isinstance(e, RunStarted))
    assert started.start_epoch == 1 and started.run_dir == killed.run_dir
    window.plots.redraw()
    assert window.plots.points()["epoch.train"] == 2  # epoch 1 from the killed run, epoch 2 from this one
    window.stop_training()
    qtbot.waitUntil(lambda: window.run is None, timeout=RUN_TIMEOUT_MS)


def test_train_hands_the_run_to_the_warm_spare(qtbot, window):
    window.settings.setValue("runs/warm_process", True)  # the preference (on for users)
    window.spares.refill()
    qtbot.waitUntil(lambda: window.spares.spare is not None and window.spares.spare.ready, timeout=RUN_TIMEOUT_MS)
    spare_pid = window.spares.spare.child.pid
    click(qtbot, window.run_panel.train_button)
    assert window.run.used_spare and window.run.pid == spare_pid
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_finished.reason == "completed"
    # The next Train is as quick: a new spare is on its way.
    assert window.spares.spare is not None and window.spares.spare.child.pid != spare_pid


def test_closing_the_window_ends_its_spare(qtbot, tiny_folder, settings):
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict

    settings.setValue("runs/warm_process", True)
    window = make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)
    qtbot.waitUntil(lambda: window.spares.spare is not None, timeout=RUN_TIMEOUT_MS)
    child = window.spares.spare.child
    window.close()
    assert child.wait(10) and child.poll() is not None
