"""The model builder: a layer palette, the model as a table with live shapes, a generated argument form.

Every edit is one undoable step of the document (the ``model`` section
before and after); whenever the model, the loss or the data changes, the
stack is re-planned with core's `plan_model` on the meta device: output
shapes, parameter counts,
the first layer that cannot run (red, with the reason) and advice (a warning
marker). Shapes need torch, so until it has loaded the table shows the
layers without them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.catalogs.layers import LAYERS
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.errors import ProjectError
from workbench.core.project.io import model_from_dict
from workbench.core.project.schema import Model, Op, Project
from workbench.gui.document import Document, StepName
from workbench.gui.prepared_data import PreparedData
from workbench.gui.step_names import changed_keys, changes, defaults_of
from workbench.gui.widgets.code_view import CodeView
from workbench.gui.widgets.layout import fit_placeholder, keep_space_when_hidden
from workbench.gui.widgets.param_editors import OpForm

_MIME = "application/x-workbench-layer-row"
_RED = QColor(253, 226, 224)
_GREY = QColor(120, 120, 120)


@dataclass
class Row:
    index: str
    type: str
    args: str
    shape: str
    params: str
    state: str = "ok"  # ok | error | after (not reached) | warn
    tip: str = ""


def _args_text(op: Op) -> str:
    return ", ".join(f"{k}={_short(v)}" for k, v in op.args.items())


def _short(v) -> str:
    if isinstance(v, list):
        return "(" + ", ".join(str(x) for x in v) + ")"
    return f"{v:g}" if isinstance(v, float) else str(v)


# The palette's group titles (core's layer categories); a category not listed here shows untranslated.
_CATEGORIES = (QT_TRANSLATE_NOOP("ModelPanel", "Activation"), QT_TRANSLATE_NOOP("ModelPanel", "Convolution"),
               QT_TRANSLATE_NOOP("ModelPanel", "Dropout"), QT_TRANSLATE_NOOP("ModelPanel", "Linear"),
               QT_TRANSLATE_NOOP("ModelPanel", "Normalization"), QT_TRANSLATE_NOOP("ModelPanel", "Pooling"),
               QT_TRANSLATE_NOOP("ModelPanel", "Shape"), QT_TRANSLATE_NOOP("ModelPanel", "Other"))


def _transform_text(op: Op) -> str:
    """A transform in a few characters: "Resize 256", "Normalize (0.485, 0.456, 0.406)"."""
    first = next(iter(op.args.values()), None)
    return op.type if first is None else f"{op.type} {_short(first)}"


def _shape_text(shape) -> str:
    return "×".join(str(s) for s in shape) if shape else "?"


class LayerTable(QAbstractTableModel):
    HEADERS = ("#", QT_TRANSLATE_NOOP("LayerTable", "Layer"), QT_TRANSLATE_NOOP("LayerTable", "Arguments"),
               QT_TRANSLATE_NOOP("LayerTable", "Output shape"), QT_TRANSLATE_NOOP("LayerTable", "Params"))
    TYPE_COLUMN = 1
    move_requested = Signal(list, int)  # the rows dragged, the row they go before (counted before they leave)
    type_change_requested = Signal(int, str)  # row, new layer type (edited in the Layer cell)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.editable_types = True

    def set_rows(self, rows: list[Row]) -> None:
        if len(rows) == len(self.rows):
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1))
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.index, row.type, row.args, row.shape, row.params)[col]
        if role == Qt.ItemDataRole.BackgroundRole and row.state == "error":
            return _RED
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state == "error":
                return QColor(160, 20, 20)
            if row.state == "after":
                return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and row.tip:
            return row.tip
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and row.state in ("error", "warn"):
            from PySide6.QtWidgets import QApplication
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if row.state == "error"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return QApplication.style().standardIcon(icon)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- drag to reorder ------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role == Qt.ItemDataRole.EditRole and index.column() == self.TYPE_COLUMN and value in LAYERS:
            if value != self.rows[index.row()].type:
                self.type_change_requested.emit(index.row(), value)
            return True
        return False

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.column() == self.TYPE_COLUMN and self.editable_types:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [_MIME]

    def mimeData(self, indexes):
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes})
        mime.setData(_MIME, ",".join(map(str, rows)).encode())  # every selected row: they move together
        return mime

    def dropMimeData(self, data, action, row, column, parent):
        if not data.hasFormat(_MIME):
            return False
        text = bytes(data.data(_MIME)).decode()
        sources = [int(r) for r in text.split(",") if r.strip().lstrip("-").isdigit() and int(r) >= 0]
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        if sources:
            self.move_requested.emit(sources, row)
        # False: the panel has moved the layers itself; the view must not remove the source rows.
        return False


class LayerTypeDelegate(QStyledItemDelegate):
    """The Layer cell edits with a combo box of the catalogue's layer types."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for name, op in LAYERS.items():
            combo.addItem(name)
            combo.setItemData(combo.count() - 1, op.summary, Qt.ItemDataRole.ToolTipRole)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class LayerTableView(QTableView):
    """The table, with the editing keys handled here: a shortcut needs an active window, a key press does not
    (offscreen tests, a window just raised)."""

    KEYS = {(Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "delete",
            (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier): "delete",
            (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier): "duplicate",
            (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier): "up",
            (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier): "down"}

    def __init__(self, actions: dict[str, QAction]):
        super().__init__()
        self.key_actions = actions

    def keyPressEvent(self, event) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        name = self.KEYS.get((Qt.Key(event.key()), mods))
        if name is not None and self.key_actions[name].isEnabled():
            self.key_actions[name].trigger()
            event.accept()
            return
        super().keyPressEvent(event)


class ModelPanel(QWidget):
    status = Signal(str)  # what an edit did beyond this tab (a base's preprocessing set in the Data tab)

    def __init__(self, document: Document, prepared: PreparedData, parent=None):
        super().__init__(parent)
        self.document = document
        self.prepared = prepared
        self.torch_ready = False
        self.plan = None
        self._form_key = None
        self._build()
        document.changed.connect(self._document_changed)
        document.replaced.connect(self._project_replaced)
        prepared.info_changed.connect(self._data_info_changed)
        self._shown_data_info = (self.data_shape, self.num_classes)
        self.refresh()

    @property
    def project(self) -> Project:
        return self.document.project

    @property
    def data_shape(self) -> list[int] | None:
        return self.prepared.input_shape

    @property
    def num_classes(self) -> int | None:
        return self.prepared.num_classes

    # -- layout --------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(split)

        palette_box = QWidget()
        pl = QVBoxLayout(palette_box)
        pl.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("<b>Layers</b> (double-click to add)"))
        title.setWordWrap(True)  # the palette's column may be narrower than the line
        pl.addWidget(title)
        self.palette = QTreeWidget()
        self.palette.setHeaderHidden(True)
        self.palette.setObjectName("palette")
        groups: dict[str, QTreeWidgetItem] = {}
        for name, op in LAYERS.items():
            group = groups.get(op.category)
            if group is None:
                group = groups[op.category] = QTreeWidgetItem(self.palette, [self.tr(op.category or "Other")])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
            item = QTreeWidgetItem(group, [name])
            item.setToolTip(0, op.summary)
            item.setData(0, Qt.ItemDataRole.UserRole, name)
        self.palette.itemDoubleClicked.connect(lambda item, _c: self._palette_add(item))
        pl.addWidget(self.palette)
        self.add_button = QPushButton(self.tr("Add ▸"))
        self.add_button.setToolTip(self.tr("Insert the chosen layer after the selected row"))
        self.add_button.clicked.connect(lambda: self._palette_add(self.palette.currentItem()))
        pl.addWidget(self.add_button)
        palette_box.setMinimumWidth(140)
        split.addWidget(palette_box)

        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.templates_button = QToolButton()
        self.templates_button.setText(self.tr("Templates"))
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_menu = self.make_templates_menu(self)
        self.templates_button.setMenu(self.templates_menu)
        bar.addWidget(self.templates_button)
        bar.addWidget(QLabel(self.tr("Input shape:")))
        self.input_shape_edit = QLineEdit()
        self.input_shape_edit.setMaximumWidth(180)
        self.input_shape_edit.setToolTip(self.tr("channels, height, width — leave empty to take it from the data"))
        self.input_shape_edit.editingFinished.connect(self._input_shape_edited)
        bar.addWidget(self.input_shape_edit)
        self.freeze_box = QCheckBox(self.tr("Freeze backbone"))
        self.freeze_box.setToolTip(self.tr("Train only the new head; the pretrained layers keep their weights"))
        self.freeze_box.toggled.connect(self._freeze_toggled)
        keep_space_when_hidden(self.freeze_box)  # a pretrained template shows it: nothing may move then
        bar.addWidget(self.freeze_box)
        bar.addStretch(1)
        tl.addLayout(bar)
        # The layer edits have a row of their own: on one row with the above, the tab's minimum width was the sum
        # of both (750 px in English), and the window grew past 1280 px to fit it beside the run panel.
        bar = QHBoxLayout()
        self.actions_: dict[str, QAction] = {}
        for key, text, slot, tip in (
                ("delete", self.tr("Delete"), self.delete_selected, self.tr("Delete the selected layers (Del)")),
                ("duplicate", self.tr("Duplicate"), self.duplicate_selected,
                 self.tr("Duplicate the selected layers: the copies follow the last of them (Ctrl+D)")),
                ("up", "▲", lambda: self.move_selected(-1), self.tr("Move up (Alt+Up, or drag the row)")),
                ("down", "▼", lambda: self.move_selected(1), self.tr("Move down (Alt+Down, or drag the row)"))):
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.actions_[key] = action
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        # The document's undo history (every panel's edits), on buttons of a fixed width: what an Undo would
        # undo is in the tooltip and in Edit › Undo, not on the button.
        stack = self.document.undo_stack
        self.undo_action = QAction("↶", self)
        self.undo_action.triggered.connect(stack.undo)
        self.redo_action = QAction("↷", self)
        self.redo_action.triggered.connect(stack.redo)
        for action, name in ((self.undo_action, self.tr("Undo")), (self.redo_action, self.tr("Redo"))):
            button = QToolButton()
            button.setAccessibleName(name)
            button.setDefaultAction(action)
            bar.addWidget(button)
        for sig in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            sig.connect(self._sync_undo_buttons)
        self._editable = True
        self._sync_undo_buttons()
        tl.addLayout(bar)

        self.table_model = LayerTable(self)
        self.table_model.move_requested.connect(self.move_rows)
        self.table_model.type_change_requested.connect(self.change_type)
        self.table = LayerTableView(self.actions_)
        self.table.setObjectName("layers")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift- and Ctrl-click select several layers: Delete, Duplicate, the arrows and a drag act on all of them
        # at once, as one undo step (a conv-relu-pool block is one thing to a user, not three).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.setItemDelegateForColumn(LayerTable.TYPE_COLUMN, LayerTypeDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.doubleClicked.connect(self._cell_double_clicked)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_form())
        tl.addWidget(self.table, 1)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        tl.addWidget(self.error_label)
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setStyleSheet("color: #8a5a00;")
        tl.addWidget(self.advice_label)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)  # a long line of totals must not set the tab's minimum width
        tl.addWidget(self.totals_label)
        right.addWidget(top)

        self.bottom_tabs = QTabWidget()
        self.form_box = QGroupBox(self.tr("Layer arguments"))
        self.form_layout = QVBoxLayout(self.form_box)
        self.form: OpForm | None = None
        self.form_placeholder = QLabel(self.tr("Select a layer to edit its arguments."))
        self.form_layout.addWidget(self.form_placeholder)
        self.form_layout.addStretch(1)
        self.bottom_tabs.addTab(self.form_box, self.tr("Arguments"))
        self.code_view = CodeView()
        self.bottom_tabs.addTab(self.code_view, self.tr("PyTorch code"))
        right.addWidget(self.bottom_tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 700])

    def make_templates_menu(self, parent) -> QMenu:
        menu = QMenu(self.tr("&Templates"), parent)
        sections = ((self.tr("The primer"), lambda n: n.startswith("primer-")),
                    (self.tr("Small modern nets"), lambda n: not n.startswith(("primer-", "pretrained-"))),
                    (self.tr("Pretrained (torchvision, head replaced)"), lambda n: n.startswith("pretrained-")))
        for title, keep in sections:
            menu.addSection(title)
            for name, t in TEMPLATES.items():
                if keep(name):
                    action = menu.addAction(t.shown_title)
                    action.setToolTip(t.shown_description)
                    action.setStatusTip(t.shown_description)
                    action.triggered.connect(lambda _=False, n=name: self.apply_template(n))
        menu.setToolTipsVisible(True)
        return menu

    # -- state in / out ------------------------------------------------------
    def _project_replaced(self) -> None:
        self._form_key = None
        self.refresh()

    def _document_changed(self, section: str, focus) -> None:
        if section == "model":
            self.refresh()
            if focus is not None:
                self.select_rows([focus] if isinstance(focus, int) else focus)
        elif section == "training":  # the loss decides some advice (Softmax before CrossEntropyLoss)
            self.refresh()

    def _data_info_changed(self) -> None:
        info = (self.data_shape, self.num_classes)
        if info != self._shown_data_info:
            self._shown_data_info = info
            self.refresh()

    def _sync_undo_buttons(self, *_) -> None:
        stack = self.document.undo_stack
        self.undo_action.setEnabled(self._editable and stack.canUndo())
        self.redo_action.setEnabled(self._editable and stack.canRedo())
        self.undo_action.setToolTip(self.tr("Undo {action} (Ctrl+Z)").format(action=stack.undoText())
                                    if stack.canUndo() else self.tr("Nothing to undo"))
        self.redo_action.setToolTip(self.tr("Redo {action} (Ctrl+Shift+Z)").format(action=stack.redoText())
                                    if stack.canRedo() else self.tr("Nothing to redo"))

    def set_torch_ready(self) -> None:
        self.torch_ready = True
        self.refresh()

    def set_editable(self, editable: bool) -> None:
        """During a run the architecture is fixed: the engine has its copy, and a checkpoint must match it."""
        for w in (self.palette, self.add_button, self.templates_button, self.input_shape_edit, self.freeze_box,
                  self.form_box):
            w.setEnabled(editable)
        for a in self.actions_.values():
            a.setEnabled(editable)
        self._editable = editable
        self._sync_undo_buttons()
        self.table.setDragEnabled(editable)
        self.table_model.editable_types = editable and self.model.base is None

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        """The layers an edit acts on: the selected rows, in order (the current row when none is selected)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.current_row() is not None:
            rows = [self.current_row()]
        return [r for r in rows if r < len(self.model.layers)]

    def select_rows(self, rows) -> None:
        """Select ``rows`` (those that exist); the first becomes the current row, whose arguments the form shows."""
        rows = [r for r in rows if 0 <= r < self.table_model.rowCount()]
        if not rows:
            return
        last = self.table_model.columnCount() - 1
        selection = QItemSelection()
        for r in rows:
            selection.select(self.table_model.index(r, 0), self.table_model.index(r, last))
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.setCurrentIndex(self.table_model.index(rows[0], 0), flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(self.table_model.index(rows[0], 0))

    @property
    def model(self) -> Model:
        return self.project.model

    # -- edits (all through the undo stack) -----------------------------------
    def _push(self, after: Model, text: StepName, select: int | list[int] | None, merge_key=None) -> None:
        """One undoable step of the document: the model becomes ``after``; ``select`` is the row (or rows) to show
        then, and an undo selects again the rows selected now."""
        self.document.edit("model", text, lambda _before: after, focus=select,
                           focus_before=self.selected_rows() or None, merge_key=merge_key)

    def _step_name(self, verb: str, layers: list[Op]) -> str:
        """What Edit › Undo calls an edit of these layers: "Delete Conv2d", "Delete 3 layers"."""
        if len(layers) == 1:
            return {"delete": self.tr("Delete {type}"), "duplicate": self.tr("Duplicate {type}"),
                    "move": self.tr("Move {type}")}[verb].format(type=layers[0].type)
        return {"delete": self.tr("Delete {count} layers"), "duplicate": self.tr("Duplicate {count} layers"),
                "move": self.tr("Move {count} layers")}[verb].format(count=len(layers))

    def _edited(self) -> Model:
        return copy.deepcopy(self.model)

    def insert_layer(self, type_name: str, at: int | None = None, args: dict | None = None) -> None:
        after = self._edited()
        if after.base is not None:
            return
        if at is None:
            row = self.current_row()
            at = len(after.layers) if row is None else row + 1
        # Required arguments start at the catalogue's suggestion: the form then shows what the project holds.
        after.layers.insert(at, Op(type_name, {**LAYERS[type_name].starting_args(), **(args or {})}))
        self._push(after, self.tr("Add {type}").format(type=type_name), at)

    def _palette_add(self, item) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if name:
            self.insert_layer(name)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows or self.model.base is not None:
            return
        after = self._edited()
        removed = [after.layers[r] for r in rows]
        after.layers = [op for i, op in enumerate(after.layers) if i not in rows]
        # The row that takes the first deleted one's place stays selected: Del again goes on deleting downwards.
        select = min(rows[0], len(after.layers) - 1) if after.layers else None
        self._push(after, self._step_name("delete", removed), select)

    def duplicate_selected(self) -> None:
        """Copies of the selected layers, in their order, right after the last of them (a selected block is
        repeated as a block); the copies are selected."""
        rows = self.selected_rows()
        if not rows or self.model.base is not None:
            return
        after = self._edited()
        copies = [copy.deepcopy(after.layers[r]) for r in rows]
        after.layers[rows[-1] + 1:rows[-1] + 1] = copies
        self._push(after, self._step_name("duplicate", copies), list(range(rows[-1] + 1, rows[-1] + 1 + len(copies))))

    def move_selected(self, delta: int) -> None:
        """The selected layers one row up (-1) or down (+1) each; nothing moves when one of them is at the end
        it would leave (the others would close up on it, changing their order)."""
        rows = self.selected_rows()
        layers = self.model.layers
        if not rows or self.model.base is not None or rows[0] + delta < 0 or rows[-1] + delta >= len(layers):
            return
        after = self._edited()
        for r in (rows if delta < 0 else reversed(rows)):
            after.layers[r], after.layers[r + delta] = after.layers[r + delta], after.layers[r]
        self._push(after, self._step_name("move", [layers[r] for r in rows]), [r + delta for r in rows])

    def move_row(self, source: int, target: int) -> None:
        """One layer to row ``target`` (counted once it has left ``source``)."""
        if 0 <= target < len(self.model.layers):
            self.move_rows([source], target + 1 if target >= source else target)

    def move_rows(self, sources: list[int], before: int) -> None:
        """Layers dragged together: they keep their order and go before row ``before`` (counted with them still
        in place; the end of the table is its row count)."""
        layers = self.model.layers
        sources = sorted({r for r in sources if 0 <= r < len(layers)})
        if self.model.base is not None or not sources or not 0 <= before <= len(layers):
            return
        moved = [layers[r] for r in sources]
        at = before - sum(1 for r in sources if r < before)
        after = self._edited()
        kept = [op for i, op in enumerate(after.layers) if i not in sources]
        after.layers = kept[:at] + copy.deepcopy(moved) + kept[at:]
        self._push(after, self._step_name("move", moved), list(range(at, at + len(moved))))

    def change_type(self, row: int, type_name: str) -> None:
        """Swap a layer for another type, keeping the arguments both share (MaxPool2d -> AvgPool2d)."""
        if self.model.base is not None or not 0 <= row < len(self.model.layers):
            return
        after = self._edited()
        old = after.layers[row]
        new_type = LAYERS[type_name]
        kept = new_type.take_over(LAYERS[old.type], old.args)
        after.layers[row] = Op(type_name, {**new_type.starting_args(), **kept})
        self._push(after, f"{old.type} → {type_name}", row)

    def _cell_double_clicked(self, index) -> None:
        # The Layer cell opens its combo box; the others jump to the argument form below the table.
        if index.column() != LayerTable.TYPE_COLUMN and self.form is not None:
            self.bottom_tabs.setCurrentWidget(self.form_box)
            first = next(iter(self.form.editors.values()), None)
            if first is not None:
                first.inner.setFocus()

    def set_layer_args(self, row: int, args: dict) -> None:
        after = self._edited()
        old = after.layers[row]
        after.layers[row] = Op(old.type, dict(args))
        defaults = defaults_of(LAYERS[old.type])

        def name(b: Model, a: Model) -> str:  # "Conv2d: out_channels 8 → 16"
            return f"{old.type}: {changes(b.layers[row].args, a.layers[row].args, defaults=defaults)}"

        self._push(after, name, row, merge_key=("args", row, changed_keys(old.args, args, defaults)))

    def apply_template(self, name: str, freeze: bool | None = None) -> None:
        after = model_from_dict(copy.deepcopy(TEMPLATES[name].model))
        title = self.tr("Template {title}").format(title=TEMPLATES[name].shown_title)
        if after.base is None:
            self._push(after, title, 0)
            return
        if freeze is not None:
            after.base.freeze = freeze
        # A pretrained base comes with the preprocessing its weights were trained with: the Data tab's transforms
        # become it in the same step (one Undo takes back both), and the user is told, since another tab changed.
        from workbench.core.model.pretrained import preprocessing

        ops = preprocessing(after.base.torchvision, after.base.weights)
        with self.document.step(title):
            self._push(after, title, 0)
            self.document.edit("data", title, lambda data: setattr(data, "transforms", ops))
        self.status.emit(self.tr("Data › Transforms set to what the {name} weights expect: {transforms}").format(
            name=after.base.torchvision, transforms=" → ".join(_transform_text(op) for op in ops)))

    def _input_shape_edited(self) -> None:
        text = self.input_shape_edit.text().strip()
        shape = None
        if text:
            try:
                shape = [int(s) for s in text.replace("×", ",").replace("x", ",").replace(" ", ",").split(",") if s]
                if len(shape) != 3 or min(shape) < 1:
                    raise ValueError
            except ValueError:
                self.input_shape_edit.setStyleSheet("background: #fdecea;")
                self.input_shape_edit.setToolTip(self.tr("expected channels, height, width — e.g. 3, 32, 32"))
                return
        self.input_shape_edit.setStyleSheet("")
        if shape != self.model.input_shape:
            after = self._edited()
            after.input_shape = shape
            text = (self.tr("Input shape {shape}").format(shape=_shape_text(shape)) if shape else
                    self.tr("Input shape from the data"))
            self._push(after, text, self.current_row())

    def _freeze_toggled(self, on: bool) -> None:
        if self.model.base is not None and self.model.base.freeze != on:
            after = self._edited()
            after.base.freeze = on
            self._push(after, self.tr("Freeze backbone") if on else self.tr("Unfreeze backbone"), self.current_row())

    # -- display -------------------------------------------------------------
    def effective_input_shape(self) -> list[int] | None:
        return list(self.model.input_shape) if self.model.input_shape else self.data_shape

    def refresh(self) -> None:
        model = self.model
        shape = self.effective_input_shape()
        self.plan = None
        if self.torch_ready and shape is not None:
            from workbench.core.model.builder import plan_model
            self.plan = plan_model(self.project, shape, self.num_classes)
        self.table_model.set_rows(self._rows())
        self._show_messages(shape)
        is_base = model.base is not None
        self.freeze_box.setVisible(is_base)
        blocked = self.freeze_box.blockSignals(True)
        self.freeze_box.setChecked(bool(is_base and model.base.freeze))
        self.freeze_box.blockSignals(blocked)
        self.palette.setEnabled(not is_base)
        self.table_model.editable_types = not is_base
        self.add_button.setEnabled(not is_base)
        if not self.input_shape_edit.hasFocus():
            self.input_shape_edit.setText(", ".join(map(str, model.input_shape)) if model.input_shape else "")
        self.input_shape_edit.setPlaceholderText(
            self.tr("from data: {shape_text}").format(shape_text=_shape_text(self.data_shape)) if self.data_shape else self.tr("from data"))
        fit_placeholder(self.input_shape_edit)
        if self.torch_ready:  # the code reads PyTorch's signatures: importing torch here would freeze the window
            self.code_view.show_model(model, shape, self.num_classes, self.plan)
        else:
            self.code_view.setPlainText(self.tr("# The code appears once PyTorch has loaded.") + "\n")
        self._update_form()

    def _rows(self) -> list[Row]:
        plan, model = self.plan, self.model
        if model.base is not None:
            rows = []
            for lp in (plan.layers if plan else []):
                frozen = lp.params - lp.trainable
                rows.append(Row(str(lp.index), lp.type, self.tr("frozen") if frozen and not lp.trainable else
                                (self.tr("trainable") if not frozen else
                                 self.tr("{count:,} trainable").format(count=lp.trainable)),
                                _shape_text(lp.output_shape), f"{lp.params:,}"))
            if not rows:
                rows.append(Row("", self.tr("{name} (pretrained)").format(name=model.base.torchvision), "", "…", ""))
            return rows
        planned = {lp.index: lp for lp in (plan.layers if plan else [])}
        advice = {}
        for a in (plan.advice if plan else []):
            advice.setdefault(a.index, []).append(a.message)
        error = plan.error if plan else None
        rows = []
        for i, op in enumerate(model.layers):
            lp = planned.get(i)
            row = Row(str(i), op.type, _args_text(op), _shape_text(lp.output_shape) if lp else "…",
                      f"{lp.params:,}" if lp else "")
            if error is not None and error.index == i:
                row.state, row.tip, row.shape, row.params = "error", error.reason, "✗", ""
            elif error is not None and (error.index is None or i > error.index):
                row.state, row.shape = "after", "?"
            elif i in advice:
                row.state, row.tip = "warn", "\n".join(advice[i])
            rows.append(row)
        return rows

    def _show_messages(self, shape) -> None:
        plan = self.plan
        if plan is None:
            self.error_label.setText("" if shape is not None or not self.torch_ready else
                                     self.tr("Output shapes appear once the data set is loaded (or type an input shape)."))
            self.advice_label.setText("")
            self.totals_label.setText(self.tr("Loading PyTorch…") if not self.torch_ready else "")
            return
        err = plan.error
        if err is not None:
            where = self.tr("Layer {index} ({type}): ").format(index=err.index, type=err.layer_type) \
                if err.index is not None else ""
            self.error_label.setText(f"✗ {where}{err.reason}")
        else:
            self.error_label.setText("")
        self.advice_label.setText("\n".join(f"⚠ {a}" for a in plan.advice))
        out = plan.output_shape
        frozen = plan.total_params - plan.trainable_params
        self.totals_label.setText(
            self.tr("Input {shape_text} → output {value}    Total params: {total_params:,}    Trainable: {trainable_params:,}").format(shape_text=_shape_text(plan.input_shape), value=_shape_text(out) if out else '?', total_params=plan.total_params, trainable_params=plan.trainable_params)
            + (self.tr("    Frozen: {frozen:,}").format(frozen=frozen) if frozen else "")
            + (self._memory_text(plan) if err is None else ""))

    def _memory_text(self, plan) -> str:
        """What a training step needs at the project's batch size (checked against the device when Train is
        pressed)."""
        from workbench.core.model.memory import estimate_training_memory, gib

        estimate = estimate_training_memory(plan, self.document.project)
        return self.tr("    Memory to train: ≈ {size} (batch {batch})").format(size=gib(estimate.total),
                                                                             batch=estimate.batch_size)

    def _update_form(self) -> None:
        row = self.current_row()
        model = self.model
        if model.base is not None:
            key = ("base",)
        elif row is not None and row < len(model.layers):
            key = ("layer", row, model.layers[row].type)
        else:
            key = None
        if key == self._form_key and self.form is not None:
            if key and key[0] == "layer":
                # Only an undo/redo changes the args behind the form's back; never reset what is being typed.
                try:
                    same = self.form.args() == model.layers[row].args
                except ProjectError:
                    same = True
                if not same:
                    self.form.set_args(model.layers[row].args)
            return
        self._form_key = key
        if self.form is not None:
            self.form_layout.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        self.form_placeholder.setVisible(key is None or key[0] == "base")
        if key is None:
            self.form_box.setTitle(self.tr("Layer arguments"))
            self.form_placeholder.setText(self.tr("Select a layer to edit its arguments."))
            return
        if key[0] == "base":
            self.form_box.setTitle(self.tr("Pretrained {torchvision}").format(torchvision=model.base.torchvision))
            self.form_placeholder.setText(
                self.tr("A torchvision architecture with ImageNet weights; its classifier head is replaced by a Linear layer for your classes. Tick 'Freeze backbone' to train only that head (the Training tab's fine-tuning schedule unfreezes it later). Choosing it set the Data tab's transforms to the preprocessing its weights expect (resize, centre crop, ImageNet mean and std); edit them there. Choose a layer template to go back to building a stack."))
            self.form_placeholder.setWordWrap(True)
            return
        op = model.layers[row]
        optype = LAYERS[op.type]
        self.form_box.setTitle(self.tr("Layer {row}: {type} — {doc}").format(row=row, type=op.type, doc=optype.summary))
        self.form = OpForm(optype, op.args)
        self.form.changed.connect(lambda args, r=row: self.set_layer_args(r, args))
        self.form_layout.insertWidget(0, self.form)

