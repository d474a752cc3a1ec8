"""One document, one undo history: every panel's edits are steps of it, named in Edit › Undo."""

from __future__ import annotations

import copy

from tests.gui.conftest import DATA_TIMEOUT_MS


def test_three_undos_restore_a_split_a_layer_and_an_optimizer_edited_in_three_panels(qtbot, window):
    before = copy.deepcopy(window.project)
    stack = window.document.undo_stack
    assert not window.dirty and not window.undo_action.isEnabled()

    window.dataset_panel.fraction_edit.inner.setValue(0.4)  # data: the validation split
    window.model_panel.table.selectRow(0)
    window.model_panel.insert_layer("BatchNorm2d")  # model: a layer after the first
    window.training_panel.optimizer.combo.setCurrentIndex(window.training_panel.optimizer.combo.findData("SGD"))
    assert window.project.data.validation.fraction == 0.4
    assert window.project.model.layers[1].type == "BatchNorm2d"
    assert window.project.training.optimizer.type == "SGD"
    assert stack.count() == 3 and window.dirty and window.isWindowModified()
    # Edit › Undo names the step it undoes, in the menu entry and its tooltip.
    assert window.undo_action.text() == "&Undo Optimizer: SGD" and "Optimizer: SGD" in window.undo_action.toolTip()

    window.undo_action.trigger()
    assert window.project.training.optimizer.type == before.training.optimizer.type
    assert window.training_panel.optimizer.combo.currentData() == before.training.optimizer.type  # the form too
    window.undo_action.trigger()
    assert window.project.model == before.model
    assert window.undo_action.text() == "&Undo Validation"
    window.undo_action.trigger()
    assert window.project.data == before.data
    assert window.dataset_panel.fraction_edit.value() == before.data.validation.fraction
    assert not window.dirty and not window.isWindowModified()  # back where it was opened

    window.redo_action.trigger()
    assert window.project.data.validation.fraction == 0.4 and window.dirty


def test_typing_in_one_form_is_one_step(qtbot, window):
    editor = window.training_panel.scalar_editors["epochs"].inner
    for epochs in (3, 4, 5, 6):
        editor.setValue(epochs)
    assert window.document.undo_stack.count() == 1 and window.project.training.epochs == 6
    window.undo_action.trigger()
    assert editor.value() == 2 and window.project.training.epochs == 2


def test_a_stale_scan_is_cancelled_by_a_newer_one(qtbot, tmp_path, window):
    """Choosing another folder while a big one is still being checked: the old scan stops at its next progress
    report (it does not check its 12,000 images to the end) and only the new folder's result arrives."""
    from bench.bench_scan import write_folder
    from tests.helpers import make_shapes_folder

    big = write_folder(tmp_path / "big", 12_000)
    small = make_shapes_folder(tmp_path / "small", per_class=4, classes=("a", "b"))
    prepared = window.prepared
    arrived = []
    prepared.ready.connect(lambda bundle: arrived.append(bundle.classes))
    window.dataset_panel.set_folder(str(big))
    prepared.schedule(immediately=True)
    stale = prepared.slot.task
    qtbot.waitUntil(lambda: stale.state.latest is not None, timeout=DATA_TIMEOUT_MS)  # it is under way
    window.dataset_panel.set_folder(str(small))
    prepared.schedule(immediately=True)
    assert stale.state.cancelled
    with qtbot.waitSignal(stale.failed, timeout=DATA_TIMEOUT_MS) as stopped:
        pass
    assert type(stopped.args[0]).__name__ == "Cancelled"
    assert stale.state.latest[0] < 12_000  # it stopped part-way
    qtbot.waitUntil(lambda: bool(arrived), timeout=DATA_TIMEOUT_MS)
    qtbot.wait(200)
    assert arrived == [["a", "b"]]  # the big folder's result never arrives
