"""Projects and models on disk, and folders dropped on the window."""

from __future__ import annotations

import json
import warnings

import pytest
import torch
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from tests.gui.conftest import DATA_TIMEOUT_MS, RUN_TIMEOUT_MS, long_project, make_window
from tests.helpers import make_shapes_folder
from workbench.core.project.io import load_project, project_from_dict, project_to_dict


def drop_on(widget, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated; it is the one there is
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter, drop


def test_dropping_a_folder_anywhere_on_the_window_uses_it(qtbot, window, tmp_path):
    other = make_shapes_folder(tmp_path / "two", per_class=6, size=20, classes=("circle", "square"))
    window.tabs.setCurrentWidget(window.model_panel)
    # Dropped on the plots, far from the dataset panel's folder field.
    enter, drop = drop_on(window.plots.epoch.widget.viewport(), other)
    assert enter.isAccepted() and drop.isAccepted()
    assert window.tabs.currentWidget() is window.dataset_panel
    assert window.project.resolve(window.project.data.source.path) == other
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None
                    and window.dataset_panel.bundle.classes == ["circle", "square"], timeout=DATA_TIMEOUT_MS)
    assert window.dataset_panel.bars.names == ["circle", "square"]
    assert window.model_panel.plan.input_shape == [3, 20, 20] and window.model_panel.plan.output_shape == [2]
    assert window.dirty


def test_a_dropped_file_that_is_not_a_folder_is_refused(window, tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("hello")
    before = window.project.data.source.path
    enter, _drop = drop_on(window.run_panel, note)
    assert window.project.data.source.path == before


def test_a_folder_dropped_during_a_run_is_refused_with_a_message(qtbot, tiny_folder, settings, tmp_path):
    from workbench.core.training.events import BatchEnded

    window = make_window(qtbot, long_project(tiny_folder), settings)
    other = make_shapes_folder(tmp_path / "two", per_class=6, size=20, classes=("circle", "square"))
    window.start_training()
    batches = []
    window.run.event.connect(lambda e: batches.append(e) if isinstance(e, BatchEnded) else None)
    qtbot.waitUntil(lambda: bool(batches), timeout=RUN_TIMEOUT_MS)
    # The window-wide drop catcher is off while training: the drop reaches the window through the plots.
    enter, drop = drop_on(window.plots.epoch.widget.viewport(), other)
    assert enter.isAccepted() and drop.isAccepted()
    assert "A run is in progress" in window.statusBar().currentMessage()
    assert window.project.resolve(window.project.data.source.path) == tiny_folder
    window.run.stop()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    # After the run, a folder dropped on a line edit (which would take it as text) opens as the data set.
    drop_on(window.training_panel.widget().findChild(QLineEdit), other)
    assert window.project.resolve(window.project.data.source.path) == other


def test_skipped_files_are_counted_and_listed(qtbot, window, tiny_folder):
    (tiny_folder / "circle" / "broken.png").write_bytes(b"not a png")
    window.prepared.schedule(immediately=True)
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None and bool(window.dataset_panel.bundle.skipped),
                    timeout=DATA_TIMEOUT_MS)
    assert "1 file skipped" in window.dataset_panel.skipped_label.text()
    window.dataset_panel.show_skipped()
    assert "broken.png" in window.dataset_panel.skipped_dialog.findChild(QPlainTextEdit).toPlainText()
    window.dataset_panel.skipped_dialog.close()


def test_a_missing_folder_is_said_in_words(qtbot, window, tmp_path):
    window.dataset_panel.set_folder(str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: window.dataset_panel.error is not None, timeout=DATA_TIMEOUT_MS)
    assert "does not exist" in window.dataset_panel.summary_label.text()


def test_save_and_reopen_a_project(qtbot, window, tmp_path, settings):
    window.training_panel.scalar_editors["epochs"].inner.setValue(7)
    window.model_panel.insert_layer("Dropout", at=6, args={"p": 0.25})
    window.dataset_panel.augment_editor.add("RandomHorizontalFlip")
    assert window.dirty and window.isWindowModified()
    path = tmp_path / "proj" / "mine.wbproj"
    path.parent.mkdir()
    assert window._write(path)
    assert not window.dirty and window.path == path.resolve()
    doc = json.loads(path.read_text())
    assert doc["training"]["epochs"] == 7
    assert doc["data"]["source"]["path"] == "../shapes"  # stored relative to the project file
    assert {"type": "Dropout", "p": 0.25} in doc["model"]["layers"]
    assert doc["data"]["augment"] == [{"type": "RandomHorizontalFlip"}]
    assert str(path.resolve()) in settings.value("recent")

    other = make_window(qtbot, project_from_dict(doc), settings)
    assert other.open_project(path)
    assert project_to_dict(other.project) == project_to_dict(load_project(path))
    assert other.training_panel.scalar_editors["epochs"].inner.value() == 7
    assert [op.type for op in other.model_panel.model.layers][6] == "Dropout"
    assert other.dataset_panel.augment_editor.list.count() == 1
    qtbot.waitUntil(lambda: other.dataset_panel.bundle is not None, timeout=DATA_TIMEOUT_MS)
    assert other.dataset_panel.bundle.num_classes == 3


def test_unsaved_changes_prompt_can_cancel_an_open(window, tmp_path):
    window.training_panel.scalar_editors["epochs"].inner.setValue(5)
    path = tmp_path / "a.wbproj"
    assert window._write(path)
    window.training_panel.scalar_editors["epochs"].inner.setValue(6)
    window.ask_save_changes = lambda: "cancel"
    assert not window.open_project(path)
    assert window.project.training.epochs == 6 and window.dirty
    window.ask_save_changes = lambda: "discard"
    assert window.open_project(path)
    assert window.project.training.epochs == 5 and not window.dirty


def test_a_bad_project_file_is_refused_with_the_path_of_the_problem(window, tmp_path):
    bad = tmp_path / "bad.wbproj"
    doc = project_to_dict(window.project)
    doc["model"]["layers"][0]["kernel_size"] = -1
    bad.write_text(json.dumps(doc))
    before = window.project
    assert not window.open_project(bad)
    assert window.project is before
    assert "model.layers[0].kernel_size" in window.last_error_text


@pytest.fixture
def trained(qtbot, window):
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_finished.reason == "completed"
    return window


def test_save_model_as_state_dict_and_checkpoint(trained, tmp_path):
    window = trained
    pth = tmp_path / "model.pth"
    assert window.save_model(pth)
    state = torch.load(pth, weights_only=True)
    assert "0.weight" in state and all(isinstance(v, torch.Tensor) for v in state.values())
    pt = tmp_path / "model.pt"
    assert window.save_model(pt, checkpoint=True)
    ckpt = torch.load(pt, weights_only=True)
    assert ckpt["model"].keys() == state.keys() and "project" in ckpt


def load(qtbot, window, path) -> bool:
    with qtbot.waitSignal(window.model_load_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        window.load_model(path)
    return blocker.args[0]


def test_load_a_state_dict_into_the_current_model_or_list_the_mismatch(qtbot, trained, tmp_path):
    window = trained
    pth = tmp_path / "model.pth"
    window.save_model(pth)
    assert load(qtbot, window, pth)
    assert window.loaded["kind"] == "weights"
    window.model_panel.insert_layer("Linear", at=5, args={"out_features": 16})
    layers_before = [op.to_json() for op in window.project.model.layers]
    assert not load(qtbot, window, pth)
    assert "does not fit" in window.last_error_text and "keys" in window.last_error_text
    assert [op.to_json() for op in window.project.model.layers] == layers_before


def test_load_a_checkpoint_restores_the_architecture_and_offers_resume(qtbot, trained):
    window = trained
    last = window.checkpoints["last"]
    original = [op.to_json() for op in window.project.model.layers]
    window.model_panel.apply_template("mlp")
    assert load(qtbot, window, last)
    assert [op.to_json() for op in window.project.model.layers] == original
    assert window.run_panel.resume_box.isVisibleTo(window) and window.run_panel.resume_box.isChecked()
    # Resume: train up to 4 epochs in total, continuing from the 2 in the checkpoint.
    window.training_panel.scalar_editors["epochs"].inner.setValue(4)
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    events = []
    window.run.event.connect(events.append)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error is None, window.last_error
    started = [e for e in events if type(e).__name__ == "RunStarted"][0]
    assert started.start_epoch == 2 and window.last_finished.epochs_done == 4


def test_a_pickled_model_is_refused_unless_the_user_trusts_it(qtbot, trained, tmp_path):
    window = trained
    whole = tmp_path / "whole.pth"
    net = __import__("workbench.core.training.checkpoints", fromlist=["load_checkpoint"]).load_checkpoint(
        window.checkpoints["last"]).build_model()
    torch.save(net, whole)  # the primer's torch.save(model)
    asked = []
    window.ask_trust_pickle = lambda path: asked.append(path) or False
    assert not load(qtbot, window, whole)
    assert asked and "refused" in window.last_error_text and window.loaded is None
    window.ask_trust_pickle = lambda path: True
    assert load(qtbot, window, whole)
    assert window.loaded["kind"] == "weights"


def test_window_layout_and_last_folders_are_remembered(qtbot, window, settings, tmp_path):
    window.splitter.setSizes([900, 380])
    wanted = window.splitter.sizes()[0] / sum(window.splitter.sizes())
    window.dataset_panel.set_folder(str(make_shapes_folder(tmp_path / "other" / "set", per_class=2)))
    assert window.close()
    assert settings.value("window/geometry") is not None
    assert settings.value("last_data_dir") == str(tmp_path / "other")
    again = make_window(qtbot, project_from_dict(project_to_dict(window.project)), settings)
    default = 790 / 1280
    assert abs(again.splitter.sizes()[0] / sum(again.splitter.sizes()) - wanted) < abs(wanted - default) / 2


def test_dropping_a_project_file_opens_it_and_new_starts_the_demo(qtbot, window, tmp_path):
    window.training_panel.scalar_editors["epochs"].inner.setValue(9)
    path = tmp_path / "dropped.wbproj"
    assert window._write(path)
    window.training_panel.scalar_editors["epochs"].inner.setValue(3)
    drop_on(window.model_panel.table.viewport(), path)
    assert window.path == path.resolve() and window.project.training.epochs == 9
    window.new_project()
    assert window.path is None and window.project.name == "demo-shapes"
    assert "userdata" in window.project.data.source.path  # drawn into the (test's) user data directory
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None and window.dataset_panel.bundle.num_classes == 4,
                    timeout=DATA_TIMEOUT_MS)
    recent = window.recent_menu.actions()
    assert recent and recent[0].text() == str(path.resolve())


def test_a_pickle_payload_never_runs_when_the_user_declines(qtbot, window, tmp_path):
    from tests.reliability.test_untrusted_files import Payload

    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil.pth"
    torch.save({"0.weight": Payload(marker)}, evil)
    asked = []
    window.ask_trust_pickle = lambda path: asked.append(path) or False
    assert not load(qtbot, window, evil)
    assert asked and "refused" in window.last_error_text
    assert not marker.exists()  # the code in the file never ran


def send_drag(widget, event_type, path=None):
    from PySide6.QtGui import QDragLeaveEvent, QDragMoveEvent

    mime = QMimeData()
    if path is not None:
        mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with warnings.catch_warnings():  # PySide marks the QPoint constructors deprecated; they are the ones there are
        warnings.simplefilter("ignore", DeprecationWarning)
        event = {"enter": lambda: QDragEnterEvent(QPoint(10, 10), *args),
                 "move": lambda: QDragMoveEvent(QPoint(12, 12), *args),
                 "leave": QDragLeaveEvent,
                 "drop": lambda: QDropEvent(QPointF(12, 12), *args)}[event_type]()
    QApplication.sendEvent(widget, event)
    return event


def test_the_window_lights_up_while_a_folder_is_dragged_over_it(qtbot, window, tmp_path):
    other = make_shapes_folder(tmp_path / "two", per_class=6, size=20, classes=("circle", "square"))
    highlight = window.drop_highlight
    assert not highlight.isVisible()
    # Over the plots: the whole window is framed and says what a drop will do.
    plots = window.plots.epoch.widget.viewport()
    send_drag(plots, "enter", other)
    send_drag(plots, "move", other)
    assert highlight.isVisible() and highlight.geometry() == window.rect()
    assert highlight.text == "Drop to use the folder two as the data set"
    # Out of the window again: gone.
    send_drag(plots, "leave")
    assert not highlight.isVisible()
    # From one widget to the next it stays (the first is left just before the second is entered).
    send_drag(plots, "enter", other)
    send_drag(plots, "leave")
    send_drag(window.run_panel.info, "enter", other)
    assert highlight.isVisible()
    # Dropped: gone, and the folder is the data set.
    send_drag(window.run_panel.info, "drop", other)
    assert not highlight.isVisible()
    assert window.project.resolve(window.project.data.source.path) == other


def test_a_file_the_window_cannot_take_does_not_light_it_up(window, tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("hello")
    send_drag(window.plots.epoch.widget.viewport(), "enter", note)
    assert not window.drop_highlight.isVisible()


def test_a_dragged_project_says_it_will_open(window, tmp_path):
    project = tmp_path / "other.wbproj"
    project.write_text("{}")
    send_drag(window.model_panel, "enter", project)
    assert window.drop_highlight.isVisible() and window.drop_highlight.text == "Drop to open the project other.wbproj"
    send_drag(window.model_panel, "leave")
    assert not window.drop_highlight.isVisible()


def folder_the_dialog_opens_in(qtbot, open_it) -> str:
    """Open a file dialog the way a click does, read the folder it shows, and cancel it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.directory().absolutePath())
        dialog.reject()

    QTimer.singleShot(0, look)
    open_it()
    assert seen, "no file dialog opened"
    return seen[0]


@pytest.fixture
def saved_window(qtbot, tiny_folder, settings, tmp_path, monkeypatch):
    """A project saved in projects/, the app started from another folder altogether."""
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import save_project

    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = tmp_path / "projects" / "shapes.wbproj"
    path.parent.mkdir()
    project = project_from_dict(minimal_project_doc(tiny_folder))
    save_project(project, path)
    return make_window(qtbot, load_project(path), settings, path=path)


def test_file_dialogs_open_in_the_projects_folder_not_where_the_app_was_started(qtbot, saved_window, tmp_path):
    window = saved_window
    projects = str(tmp_path / "projects")
    assert folder_the_dialog_opens_in(qtbot, window.open_dialog) == projects
    assert folder_the_dialog_opens_in(qtbot, window.save_as) == projects
    assert folder_the_dialog_opens_in(qtbot, window.load_model_dialog) == projects
    assert folder_the_dialog_opens_in(qtbot, window.save_model_dialog) == projects
    # Choose… for the image folder opens beside the current one (shapes/ sits in tmp_path).
    panel = window.dataset_panel
    assert folder_the_dialog_opens_in(qtbot, panel.folder_button.click) == str(tmp_path)


def test_export_writes_into_the_projects_folder_unless_the_user_exported_elsewhere(qtbot, saved_window, tmp_path):
    window = saved_window
    run = tmp_path / "projects" / "runs" / "r1"
    run.mkdir(parents=True)
    (run / "last.pt").write_bytes(b"")  # the dialog only names it; nothing reads it here
    window.checkpoints = {"last": str(run / "last.pt")}
    window.export_dialog()
    assert window.export.path_edit.text() == str(tmp_path / "projects" / "weights.pth")
    window.export.exported.emit(str(tmp_path / "projects" / "exports" / "weights.pth"))  # (exports/ need not exist)
    window.export.close()
    window.export_dialog()  # exports/ does not exist: back to the project's folder
    assert window.export.path_edit.text() == str(tmp_path / "projects" / "weights.pth")
    (tmp_path / "projects" / "exports").mkdir()
    window.export.close()
    window.export_dialog()
    assert window.export.path_edit.text() == str(tmp_path / "projects" / "exports" / "weights.pth")
    window.export.close()


def test_the_last_folder_used_wins_inside_the_project_and_not_from_another_one(qtbot, saved_window, tmp_path):
    window = saved_window
    inside, other = tmp_path / "projects" / "runs" / "r1", tmp_path / "other-project" / "runs"
    inside.mkdir(parents=True)
    other.mkdir(parents=True)
    window.settings.setValue("last_model_dir", str(inside))  # a model was loaded from this project's run
    assert folder_the_dialog_opens_in(qtbot, window.load_model_dialog) == str(inside)
    window.settings.setValue("last_model_dir", str(other))  # ... from another project's
    assert folder_the_dialog_opens_in(qtbot, window.load_model_dialog) == str(tmp_path / "projects")


def test_an_unsaved_project_opens_dialogs_in_the_last_used_folder_or_home(qtbot, window, tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    assert folder_the_dialog_opens_in(qtbot, window.open_dialog) == str(Path.home().resolve())
    window.settings.setValue("last_project_dir", str(tmp_path / "shapes"))
    assert folder_the_dialog_opens_in(qtbot, window.open_dialog) == str(tmp_path / "shapes")


def test_the_window_notices_its_project_file_changed_on_disk(qtbot, window, tmp_path):
    from workbench.core.project.io import load_project, save_project

    path = tmp_path / "shared.wbproj"
    assert window._write(path)
    # Another window (or an editor) saves the same file with 7 epochs.
    other = load_project(path)
    other.training.epochs = 7
    asked = []
    window.ask_reload_changed = lambda p, modified: asked.append((p, modified)) or True
    save_project(other, path)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == [(str(path.resolve()), False)] and window.project.training.epochs == 7  # reloaded
    # A change the user declines to reload: saving over it asks first.
    other.training.epochs = 9
    window.ask_reload_changed = lambda p, modified: asked.append((p, modified)) and False
    save_project(other, path)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    window.training_panel.scalar_editors["epochs"].inner.setValue(3)
    overwrite = []
    window.ask_overwrite_changed = lambda p: overwrite.append(p) or False
    assert not window.save() and overwrite  # declined: the other program's file stays
    assert load_project(path).training.epochs == 9
    window.ask_overwrite_changed = lambda p: True
    assert window.save() and load_project(path).training.epochs == 3
    # Its own saves never count as a change made elsewhere.
    window.training_panel.scalar_editors["epochs"].inner.setValue(4)
    assert window.save()
    qtbot.wait(600)
    assert len(asked) == 2
