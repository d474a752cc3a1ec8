"""One document, one undo history: every panel's edits are steps of it, named in Edit › Undo."""

from __future__ import annotations

import copy

from tests.gui.conftest import DATA_TIMEOUT_MS, RUN_TIMEOUT_MS


def test_three_undos_restore_a_split_a_layer_and_an_optimizer_edited_in_three_panels(qtbot, window):
    before = copy.deepcopy(window.project)
    stack = window.document.undo_stack
    tabs = window.tabs
    assert not window.dirty and not window.undo_action.isEnabled()

    tabs.setCurrentWidget(window.dataset_panel)
    window.dataset_panel.fraction_edit.inner.setValue(0.4)  # data: the validation split
    tabs.setCurrentWidget(window.model_panel)
    window.model_panel.table.selectRow(0)
    window.model_panel.insert_layer("BatchNorm2d")  # model: a layer after the first
    tabs.setCurrentWidget(window.training_panel)
    window.training_panel.optimizer.combo.setCurrentIndex(window.training_panel.optimizer.combo.findData("SGD"))
    assert window.project.data.validation.fraction == 0.4
    assert window.project.model.layers[1].type == "BatchNorm2d"
    assert window.project.training.optimizer.type == "SGD"
    assert stack.count() == 3 and window.dirty and window.isWindowModified()
    # Edit › Undo names the step it undoes, in the menu entry and its tooltip.
    assert window.undo_action.text() == "&Undo Optimizer: SGD" and "Optimizer: SGD" in window.undo_action.toolTip()

    # Each Undo shows the tab of what it undid, so the user sees it change back.
    tabs.setCurrentWidget(window.results_panel)
    window.undo_action.trigger()
    assert window.project.training.optimizer.type == before.training.optimizer.type
    assert window.training_panel.optimizer.combo.currentData() == before.training.optimizer.type  # the form too
    assert tabs.currentWidget() is window.training_panel
    window.undo_action.trigger()
    assert window.project.model == before.model
    assert tabs.currentWidget() is window.model_panel
    assert window.undo_action.text() == "&Undo Validation split 0.25 → 0.4"  # what changed, not the form's title
    window.undo_action.trigger()
    assert window.project.data == before.data
    assert window.dataset_panel.fraction_edit.value() == before.data.validation.fraction
    assert tabs.currentWidget() is window.dataset_panel
    assert not window.dirty and not window.isWindowModified()  # back where it was opened

    # Redo too, and a fresh edit does not move the user anywhere.
    tabs.setCurrentWidget(window.training_panel)
    window.redo_action.trigger()
    assert window.project.data.validation.fraction == 0.4 and window.dirty
    assert tabs.currentWidget() is window.dataset_panel
    window.redo_action.trigger()
    assert tabs.currentWidget() is window.model_panel
    window.training_panel.scalar_editors["epochs"].inner.setValue(7)
    assert tabs.currentWidget() is window.model_panel


def test_a_learning_rate_typed_in_the_optimizer_form_is_named_by_its_values(qtbot, window):
    lr = window.training_panel.optimizer.form.editor("lr").inner
    for value in (0.02, 0.03, 0.003):  # typing: one step, named from the first value to the last
        lr.setValue(value)
    stack = window.document.undo_stack
    assert stack.count() == 1
    assert window.undo_action.text() == "&Undo lr 0.01 → 0.003"
    window.training_panel.scalar_editors["epochs"].inner.setValue(4)
    assert window.undo_action.text() == "&Undo epochs 2 → 4"
    window.dataset_panel.loader_editors["batch_size"].inner.setValue(8)
    assert window.undo_action.text() == "&Undo batch size 16 → 8"
    assert stack.count() == 3
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.project.training.optimizer.args["lr"] == 0.01 and lr.value() == 0.01


def test_typing_in_one_form_is_one_step(qtbot, window):
    editor = window.training_panel.scalar_editors["epochs"].inner
    for epochs in (3, 4, 5, 6):
        editor.setValue(epochs)
    assert window.document.undo_stack.count() == 1 and window.project.training.epochs == 6
    window.undo_action.trigger()
    assert editor.value() == 2 and window.project.training.epochs == 2


def test_edits_of_one_field_minutes_apart_or_with_a_run_between_are_separate_steps(qtbot, window):
    """Typing merges; coming back to the field later does not: each Undo takes back one visit."""
    now = [1000.0]
    window.document.clock = lambda: now[0]  # the edits' times, as a user minutes apart would make them
    stack = window.document.undo_stack
    epochs = window.training_panel.scalar_editors["epochs"].inner
    epochs.setValue(3)
    now[0] += 0.5
    epochs.setValue(4)  # half a second later: still the same typing
    assert stack.count() == 1 and window.undo_action.text() == "&Undo epochs 2 → 4"
    now[0] += 180
    epochs.setValue(5)  # three minutes later: another step
    assert stack.count() == 2 and window.undo_action.text() == "&Undo epochs 4 → 5"

    # A training run between two edits keeps them apart, however quick.
    window.run_panel.train_button.click()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    epochs.setValue(15)
    assert stack.count() == 3 and window.undo_action.text() == "&Undo epochs 5 → 15"
    window.undo_action.trigger()
    assert window.project.training.epochs == 5
    window.undo_action.trigger()
    assert window.project.training.epochs == 4


def test_typing_a_value_back_to_where_it_started_leaves_no_step(qtbot, window):
    epochs = window.training_panel.scalar_editors["epochs"].inner
    epochs.setValue(3)
    epochs.setValue(2)
    assert window.document.undo_stack.count() == 0 and not window.dirty


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


def test_switching_the_optimizer_takes_its_own_learning_rate_unless_the_user_chose_one(qtbot, tiny_folder,
                                                                                      settings):
    from tests.gui.conftest import make_window
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict

    doc = minimal_project_doc(tiny_folder)
    doc["training"]["optimizer"] = {"type": "Adam", "lr": 0.001}  # Adam's own default, written out in the file
    window = make_window(qtbot, project_from_dict(doc), settings)
    optimizer = window.training_panel.optimizer

    def choose(name: str) -> None:
        optimizer.combo.setCurrentIndex(optimizer.combo.findData(name))

    def lr() -> float:
        return optimizer.form.editor("lr").inner.value()

    choose("SGD")  # Adam's 0.001 would barely move SGD: it takes SGD's 0.01
    assert window.project.training.optimizer.type == "SGD" and lr() == 0.01
    optimizer.form.editor("lr").inner.setValue(0.05)  # the user's own choice
    choose("Adam")
    assert window.project.training.optimizer.args["lr"] == 0.05 and lr() == 0.05  # kept
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.project.training.optimizer.args == {"lr": 0.001} and lr() == 0.001
