"""A pretrained base in the window: choosing it sets the Data tab's preprocessing (one Undo takes back both), and
the Training tab's fine-tuning schedule is an undoable setting offered for a base."""

from __future__ import annotations


def test_choosing_a_base_sets_its_preprocessing_in_the_data_tab_as_one_undoable_step(qtbot, window):
    from workbench.core.model.pretrained import preprocessing

    panel, stack = window.model_panel, window.document.undo_stack
    before = list(window.document.project.data.transforms)
    depth = stack.count()
    with qtbot.waitSignal(panel.status) as said:
        panel.apply_template("pretrained-efficientnet_b1")
    assert window.document.project.data.transforms == preprocessing("efficientnet_b1")
    assert "Resize 255 → CenterCrop 240 → ToTensor → Normalize" in said.args[0]
    assert "efficientnet_b1" in window.statusBar().currentMessage()
    items = [window.dataset_panel.transforms_editor.list.item(i).text()
             for i in range(window.dataset_panel.transforms_editor.list.count())]
    assert len(items) == 4 and "CenterCrop" in items[1]  # the Data tab shows it, editable there
    # The crop decides the model's input (the template fixes none): shapes follow an edit of the transforms.
    qtbot.waitUntil(lambda: panel.plan is not None and panel.plan.input_shape == [3, 240, 240], timeout=30000)
    assert panel.plan.error is None and panel.plan.output_shape == [3]
    assert stack.count() == depth + 1
    stack.undo()
    assert window.document.project.data.transforms == before and window.document.project.model.base is None


def test_the_fine_tuning_schedule_is_an_undoable_training_setting_for_a_base(qtbot, window):
    from workbench.core.project.schema import Finetune

    training, stack = window.training_panel, window.document.undo_stack
    assert not training.finetune_box.isEnabled()  # a layer stack has no backbone to hold back
    window.model_panel.apply_template("pretrained-mobilenet_v3_small")
    assert training.finetune_box.isEnabled() and not training.finetune_box.isChecked()
    training.finetune_box.setChecked(True)
    assert window.document.project.training.finetune == Finetune(3, 0.1)
    assert stack.undoText() == "Fine-tuning schedule on"
    training.finetune_editors["head_epochs"].inner.setValue(5)
    assert window.document.project.training.finetune.head_epochs == 5
    assert "5" in stack.undoText()
    stack.undo()
    assert window.document.project.training.finetune.head_epochs == 3
    assert training.finetune_editors["head_epochs"].inner.value() == 3
    stack.undo()
    assert window.document.project.training.finetune is None and not training.finetune_box.isChecked()


def test_a_base_takes_torchvision_weights_a_file_or_none_from_the_model_tab(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    panel, stack = window.model_panel, window.document.undo_stack
    panel.apply_template("pretrained-resnet18")
    panel.select_rows([0]) if panel.model.base is None else None
    panel._update_form()
    box = panel.weights_box
    assert box.currentData() == "DEFAULT" and not panel.actions_["delete"].isEnabled()  # no layers to delete
    box.activated.emit(2)  # none: a random start
    assert window.document.project.model.base.weights is None and stack.undoText() == "Weights: none"
    own = tmp_path / "mine.pth"
    own.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(own), ""))
    panel.weights_box.activated.emit(1)
    assert window.document.project.model.base.weights == str(own)
    assert panel.weights_box.currentText() == "file mine.pth"
    stack.undo()
    stack.undo()
    assert window.document.project.model.base.weights == "DEFAULT"
