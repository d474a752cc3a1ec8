"""The model builder: a net built by clicking, a broken stack shown red with its reason, undo, templates."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from workbench.core.catalogs.templates import TEMPLATES
from workbench.gui.panels.model import _MIME, _RED


def palette_item(panel, name):
    items = [i for i in panel.palette.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
             if i.data(0, Qt.ItemDataRole.UserRole) == name]  # not the category heading of the same name
    assert items, name
    return items[0]


def double_click_palette(qtbot, panel, name):
    double_click_item(qtbot, panel, palette_item(panel, name))


def double_click_item(qtbot, panel, item):
    panel.palette.scrollToItem(item)
    rect = panel.palette.visualItemRect(item)
    # A real double click starts with a press: item views ignore a double click on an item not pressed first.
    qtbot.mouseClick(panel.palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def set_arg(qtbot, panel, name, value):
    editor = panel.form.editor(name)
    inner = editor.inner
    if isinstance(inner, QLineEdit):
        inner.selectAll()
        qtbot.keyClicks(inner, str(value))
    else:
        inner.setValue(value)


def clear_layers(panel):
    while panel.model.layers:
        panel.table.selectRow(0)
        panel.actions_["delete"].trigger()


def test_build_the_primers_mnist_net_by_clicking(qtbot, tmp_path, settings):
    from tests.gui.conftest import make_window
    from tests.helpers import make_shapes_folder, minimal_project_doc
    from workbench.core.project.io import project_from_dict

    digits = make_shapes_folder(tmp_path / "digits", per_class=2, size=28, classes=[str(d) for d in range(10)])
    doc = minimal_project_doc(digits)
    doc["data"]["transforms"] = [{"type": "Grayscale"}, {"type": "ToTensor"}]  # the primer's ten 1×28×28 digits
    window = make_window(qtbot, project_from_dict(doc), settings)
    panel = window.model_panel
    window.tabs.setCurrentWidget(panel)
    clear_layers(panel)
    panel.input_shape_edit.setText("1, 28, 28")
    panel.input_shape_edit.editingFinished.emit()
    recipe = [("Conv2d", {"out_channels": 32, "kernel_size": 5, "padding": 2}), ("ReLU", {}), ("MaxPool2d", {}),
              ("Conv2d", {"out_channels": 64, "kernel_size": 5, "padding": 2}), ("MaxPool2d", {}), ("Flatten", {}),
              ("Linear", {"out_features": 1024}), ("ReLU", {}), ("Linear", {"out_features": 10}), ("Softmax", {})]
    for name, args in recipe:
        double_click_palette(qtbot, panel, name)
        assert panel.model.layers[-1].type == name
        for k, v in args.items():
            set_arg(qtbot, panel, k, v)
    assert [op.type for op in panel.model.layers] == [op["type"] for op in TEMPLATES["primer-mnist"].model["layers"]]
    plan = panel.plan
    assert plan.error is None
    assert plan.output_shape == [10]
    assert [lp.output_shape for lp in plan.layers][:6] == [[32, 28, 28], [32, 28, 28], [32, 14, 14], [64, 14, 14],
                                                           [64, 7, 7], [3136]]
    assert plan.total_params == 32 * 25 + 32 + 64 * 32 * 25 + 64 + 3136 * 1024 + 1024 + 1024 * 10 + 10
    # The Softmax before CrossEntropyLoss gets a warning marker with the advice in words.
    last = panel.table_model.rows[-1]
    assert last.state == "warn" and "CrossEntropyLoss" in last.tip
    assert "Softmax" in panel.advice_label.text()
    assert "3,274,634" in panel.totals_label.text()
    # The code view is the nn.Sequential a user would write.
    code = panel.code_view.toPlainText()
    assert "nn.Conv2d(1, 32, kernel_size=5, padding=2)" in code and "nn.Linear(3136, 1024)" in code
    assert window.dirty
    # One undo step per edit: undoing everything brings back the model as opened, and nothing is modified.
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert [op.type for op in panel.model.layers] == [op["type"] for op in doc["model"]["layers"]]
    assert not window.dirty


def test_a_broken_stack_turns_the_first_bad_row_red_with_the_reason(qtbot, window):
    panel = window.model_panel
    assert panel.plan.error is None
    flatten = [op.type for op in panel.model.layers].index("Flatten")
    panel.move_row(flatten, 0)  # Flatten first: the Conv2d now gets a flat vector
    err = panel.plan.error
    assert err is not None and err.index == 1 and err.layer_type == "Conv2d"
    row = panel.table_model.rows[1]
    assert row.state == "error" and "image-shaped input" in row.tip
    assert panel.table_model.data(panel.table_model.index(1, 2), Qt.ItemDataRole.BackgroundRole) == _RED
    assert all(r.state == "after" for r in panel.table_model.rows[2:])
    assert "Layer 1 (Conv2d)" in panel.error_label.text()
    # Train refuses, says why, and starts nothing.
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert window.run is None
    assert "image-shaped input" in window.last_error_text
    window.error_dialog.close()
    window.document.undo_stack.undo()
    assert panel.plan.error is None
    assert all(r.state == "ok" for r in panel.table_model.rows)


def test_a_wrong_in_features_names_the_layer(window):
    panel = window.model_panel
    linear = [op.type for op in panel.model.layers].index("Linear")
    panel.table.selectRow(linear)
    panel.form.editor("in_features").inner.setValue(99)
    assert panel.plan.error.index == linear
    assert "expects 99 input features" in panel.table_model.rows[linear].tip


def test_keyboard_and_drag_reorder_duplicate_and_delete(qtbot, window):
    panel = window.model_panel
    types = [op.type for op in panel.model.layers]
    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [op.type for op in panel.model.layers][:2] == [types[1], types[0]]
    assert panel.current_row() == 0
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(panel.model.layers) == len(types) + 1
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert len(panel.model.layers) == len(types)
    # Dragging a row is a move through the same undo stack.
    mime = QMimeData()
    mime.setData(_MIME, b"[[0]]")  # the positions dragged: the first layer
    panel.table_model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [op.type for op in panel.model.layers][2] == types[1]
    for _ in range(4):
        window.document.undo_stack.undo()
    assert [op.type for op in panel.model.layers] == types
    window.document.undo_stack.redo()
    assert [op.type for op in panel.model.layers][:2] == [types[1], types[0]]


def test_argument_edits_merge_into_one_undo_step_and_the_form_follows_undo(qtbot, window):
    panel = window.model_panel
    panel.table.selectRow(0)
    before = dict(panel.model.layers[0].args)
    depth = window.document.undo_stack.count()
    for v in (9, 10, 11):
        panel.form.editor("out_channels").inner.setValue(v)
    assert panel.model.layers[0].args["out_channels"] == 11
    assert window.document.undo_stack.count() == depth + 1
    assert panel.plan.layers[0].output_shape[0] == 11
    window.document.undo_stack.undo()
    assert panel.model.layers[0].args == before
    assert panel.form.editor("out_channels").inner.value() == before["out_channels"]


def test_templates_replace_the_model_and_pretrained_ones_offer_freezing(qtbot, window):
    panel = window.model_panel
    panel.apply_template("bn-cnn")
    assert panel.plan.error is None and panel.plan.output_shape == [3]
    panel.apply_template("pretrained-resnet18")
    assert panel.model.base is not None and panel.model.base.freeze
    assert panel.freeze_box.isVisibleTo(panel) and panel.freeze_box.isChecked()
    assert not panel.palette.isEnabled()
    qtbot.waitUntil(lambda: "torchvision.models.resnet18" in panel.code_view.toPlainText(), timeout=20000)
    assert "model.fc = nn.Linear(512, 3)" in panel.code_view.toPlainText()
    rows = panel.table_model.rows
    assert any(r.type.startswith("fc") for r in rows)
    panel.freeze_box.setChecked(False)
    assert panel.model.base.freeze is False
    window.document.undo_stack.undo()
    assert panel.model.base.freeze is True
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert panel.model.base is None and panel.palette.isEnabled()


def test_the_layer_cell_edits_with_a_combo_of_layer_types(qtbot, window):
    from PySide6.QtWidgets import QComboBox

    panel = window.model_panel
    pool = [op.type for op in panel.model.layers].index("MaxPool2d")
    index = panel.table_model.index(pool, 1)
    panel.table.setCurrentIndex(index)
    panel.table.edit(index)
    combo = panel.table.findChild(QComboBox)
    assert combo is not None and combo.findText("AvgPool2d") >= 0
    combo.setCurrentText("AvgPool2d")
    panel.table.commitData(combo)
    op = panel.model.layers[pool]
    assert op.type == "AvgPool2d" and op.args == {"kernel_size": 2}  # the shared argument is kept
    assert panel.plan.error is None
    window.document.undo_stack.undo()
    assert panel.model.layers[pool].type == "MaxPool2d"


def test_a_layer_added_from_the_palette_holds_what_its_form_shows(qtbot, window):
    panel = window.model_panel
    panel.table.selectRow(0)
    double_click_palette(qtbot, panel, "Conv2d")
    added = panel.model.layers[1]
    assert added.type == "Conv2d" and added.args["out_channels"] == 16  # the project holds it...
    assert panel.form.editor("out_channels").inner.value() == 16  # ...and the form shows that, no other number
    assert panel.form.editor("out_channels").error is None
    # A required argument that is missing shows empty and marked, never a number the project does not hold.
    from workbench.core.catalogs.layers import LAYERS
    from workbench.gui.widgets.param_editors import ParamEditor

    editor = ParamEditor(LAYERS["Conv2d"].param("out_channels"))
    qtbot.addWidget(editor)
    assert editor.inner.text().strip() == "" and editor.error is not None


def click_row(qtbot, panel, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = panel.table.visualRect(panel.table_model.index(row, 2))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def types(panel):
    return [op.type for op in panel.model.layers]


def test_three_selected_layers_are_deleted_and_one_undo_brings_all_three_back(qtbot, window):
    panel = window.model_panel
    window.tabs.setCurrentWidget(panel)
    before, stack = types(panel), window.document.undo_stack
    depth = stack.count()
    # Click the Conv2d, shift-click the MaxPool2d: the conv-relu-pool block is selected.
    click_row(qtbot, panel, 0)
    click_row(qtbot, panel, 2, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_rows() == [0, 1, 2]
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert types(panel) == before[3:]
    assert stack.count() == depth + 1 and window.undo_action.text() == "&Undo Delete 3 layers"
    window.undo_action.trigger()
    assert types(panel) == before
    assert panel.selected_rows() == [0, 1, 2]  # selected again, as they were
    window.redo_action.trigger()
    assert types(panel) == before[3:]


def test_duplicate_and_move_act_on_every_selected_layer_as_one_step(qtbot, window):
    panel = window.model_panel
    window.tabs.setCurrentWidget(panel)
    before, stack = types(panel), window.document.undo_stack
    click_row(qtbot, panel, 0)
    click_row(qtbot, panel, 2, Qt.KeyboardModifier.ShiftModifier)
    # Ctrl+D repeats the block after itself, and selects the copy.
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert types(panel) == before[:3] + before[:3] + before[3:]
    assert panel.selected_rows() == [3, 4, 5]
    assert window.undo_action.text() == "&Undo Duplicate 3 layers"
    # Alt+Down moves the whole copy down one row, past the Flatten.
    qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert types(panel) == before[:3] + [before[3]] + before[:3] + before[4:]
    assert panel.selected_rows() == [4, 5, 6]
    # Rows picked one by one with Ctrl move up together; at the top edge nothing moves.
    click_row(qtbot, panel, 1)
    click_row(qtbot, panel, 3, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert types(panel)[:4] == [before[1], before[0], before[3], before[2]]
    depth = stack.count()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert stack.count() == depth  # row 0 cannot go higher: the selection stays as it is
    for _ in range(3):
        window.undo_action.trigger()
    assert types(panel) == before


def test_dragging_several_rows_moves_them_together(qtbot, window):
    panel = window.model_panel
    before = types(panel)
    panel.select_rows([0, 1])
    mime = panel.table_model.mimeData(panel.table.selectionModel().selectedIndexes())
    # Dropped before the Linear at the end: the Conv2d and ReLU keep their order and land just above it.
    panel.table_model.dropMimeData(mime, Qt.DropAction.MoveAction, len(before) - 1, 0, QModelIndex())
    assert types(panel) == before[2:-1] + before[:2] + before[-1:]
    assert panel.selected_rows() == [len(before) - 3, len(before) - 2]
    window.undo_action.trigger()
    assert types(panel) == before
