"""Training tab › Find learning rate…: the finder runs in its own process, its curve and suggestion appear in a
dialog, Use puts the rate into the project as one undoable edit; Cancel and errors."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from tests.gui.conftest import RUN_TIMEOUT_MS
from workbench.core.training.events import LrFinderResult

STEPS = 30  # the tiny data's curve falls and diverges within these; the default 100 only takes longer


def _find(window, qtbot):
    window.lr_find_steps = STEPS
    panel = window.training_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.find_lr_button, Qt.MouseButton.LeftButton)
    dialog = window.lr_dialog
    assert dialog is not None and dialog.isVisible() and dialog.busy
    assert not panel.find_lr_button.isEnabled()  # one finder at a time, and the tab says one is running
    return dialog


def test_find_the_rate_use_it_and_undo_it(window, qtbot):
    panel = window.training_panel
    editor = panel.optimizer.form.editors["lr"]
    assert editor.value() == 0.01
    dialog = _find(window, qtbot)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=RUN_TIMEOUT_MS)
    result = dialog.result_data
    assert result is not None, dialog.error
    lr = result.suggested_lr
    assert 1e-7 < lr < 10 and lr != 0.01
    # The curve drawn is the finder's, the suggestion marked on it and offered.
    assert list(dialog.smooth_curve.xData) == result.lrs and list(dialog.raw_curve.yData) == result.losses
    assert dialog.mark_line.isVisible() and list(dialog.mark_point.xData) == [lr]
    assert f"{lr:.2g}" in dialog.summary.text() and dialog.use_button.text() == f"Use {lr:.2g}"
    assert not dialog.progress.isVisible() and dialog.close_button.text() == "Close"
    assert panel.find_lr_button.isEnabled()
    assert window.project.training.optimizer.args["lr"] == 0.01  # nothing changed until Use
    steps_before = window.document.undo_stack.count()

    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and window.lr_dialog is None
    assert window.project.training.optimizer.args["lr"] == lr and editor.value() == lr
    assert window.document.undo_stack.count() == steps_before + 1 and window.document.modified
    assert window.undo_action.text().endswith(f"lr 0.01 → {lr:g}")  # Edit › Undo says what it takes back
    assert str(lr) in window.statusBar().currentMessage() or f"{lr:g}" in window.statusBar().currentMessage()

    window.undo_action.trigger()
    assert window.project.training.optimizer.args["lr"] == 0.01 and editor.value() == 0.01
    assert not window.document.modified


def test_cancel_ends_the_finder_and_changes_nothing(window, qtbot):
    dialog = _find(window, qtbot)
    task = dialog._task
    before = window.project.training
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # "Cancel" while it runs
    assert not dialog.isVisible() and window.lr_dialog is None
    qtbot.waitUntil(lambda: not task.running, timeout=RUN_TIMEOUT_MS)
    assert task.returncode != 0  # ended, not finished
    assert window.project.training == before and not window.document.modified
    assert window.training_panel.find_lr_button.isEnabled()


def test_a_finder_that_cannot_run_says_why_in_plain_words(window, qtbot):
    shutil.rmtree(window.project.resolve(window.project.data.source.path))  # gone since the window read it
    dialog = _find(window, qtbot)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=RUN_TIMEOUT_MS)
    assert dialog.result_data is None and dialog.error
    assert "Traceback" not in dialog.error and "data.source" not in dialog.error  # the control's name instead
    assert dialog.summary.isVisible() and "could not be found" in dialog.summary.text()
    assert not dialog.use_button.isEnabled() and dialog.close_button.text() == "Close"
    assert window.training_panel.find_lr_button.isEnabled()


def test_the_dialog_and_button_speak_chinese(qtbot, chinese, tiny_folder, settings):
    from tests.gui.conftest import make_window
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict
    from workbench.gui.dialogs.lr_find import LrFindDialog

    window = make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)
    assert window.training_panel.find_lr_button.text() == "寻找学习率…"
    dialog = LrFindDialog(window.document, window.launcher, parent=window)
    qtbot.addWidget(dialog)
    lrs = [10 ** (-7 + 8 * i / 29) for i in range(25)]
    smoothed = [1.1 - 0.5 * (i > 15) - 0.05 * i * (i > 15) + 3 * (i > 22) for i in range(25)]
    dialog.show_result(LrFinderResult(0.01, lrs, smoothed, smoothed, "diverged"))
    assert dialog.windowTitle() == "寻找学习率"
    assert dialog.use_button.text() == "使用 0.01" and dialog.close_button.text() == "关闭"
    assert dialog.summary.text().startswith("建议的学习率")
    assert "发散" in dialog.summary.text()
