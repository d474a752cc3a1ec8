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
import json
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont
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
    QTabWidget,
    QToolButton,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.catalogs.blocks import READY_BLOCKS
from workbench.core.catalogs.layers import BLOCK_SLOTS, LAYERS, starting_args
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.errors import ProjectError, layer_words
from workbench.core.project import nesting
from workbench.core.project.io import layers_from_list, model_from_dict
from workbench.core.project.nesting import exists, layer_at, layer_list
from workbench.core.project.schema import Model, Op, Project
from workbench.gui.document import Document, StepName
from workbench.gui.prepared_data import PreparedData
from workbench.gui.step_names import changed_keys, changes, defaults_of
from workbench.gui.widgets.code_view import CodeView
from workbench.gui.widgets.layout import fit_placeholder, keep_space_when_hidden
from workbench.gui.widgets.param_editors import OpForm

_MIME = "application/x-workbench-layer-row"
_READY = "ready:"  # a palette item's data for a ready block: "ready:basic-residual"
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
    # Where it is: a layer's or block's position ((3,), (3, "branches", 1, 0)); for a group row (a block's main
    # path, shortcut or branch) the address of its list ((3, "branches", 1)).
    position: tuple = ()
    kind: str = "layer"  # layer | block | group
    children: list["Row"] = field(default_factory=list)
    parent: "Row | None" = field(default=None, repr=False, compare=False)

    def shape_key(self) -> tuple:
        """What decides the tree's structure: rows with the same key can be updated in place."""
        return (self.position, self.kind, tuple(c.shape_key() for c in self.children))


def _args_text(op: Op) -> str:
    return ", ".join(f"{k}={_short(v)}" for k, v in _scalar_args(op).items())


def _scalar_args(op: Op) -> dict:
    """An entry's own arguments: a block's without its lists of layers."""
    slots = BLOCK_SLOTS.get(op.type, {})
    return {k: v for k, v in op.args.items() if k not in slots}


def _slots(op: Op) -> dict:
    """A block's lists of layers, as its args hold them."""
    slots = BLOCK_SLOTS.get(op.type, {})
    return {k: v for k, v in op.args.items() if k in slots}


def _short(v) -> str:
    if isinstance(v, list):
        return "(" + ", ".join(str(x) for x in v) + ")"
    return f"{v:g}" if isinstance(v, float) else str(v)


# The palette's group titles (core's layer categories); a category not listed here shows untranslated.
_CATEGORIES = (QT_TRANSLATE_NOOP("ModelPanel", "Activation"), QT_TRANSLATE_NOOP("ModelPanel", "Convolution"),
               QT_TRANSLATE_NOOP("ModelPanel", "Dropout"), QT_TRANSLATE_NOOP("ModelPanel", "Linear"),
               QT_TRANSLATE_NOOP("ModelPanel", "Normalization"), QT_TRANSLATE_NOOP("ModelPanel", "Pooling"),
               QT_TRANSLATE_NOOP("ModelPanel", "Shape"), QT_TRANSLATE_NOOP("ModelPanel", "Attention"),
               QT_TRANSLATE_NOOP("ModelPanel", "Block"), QT_TRANSLATE_NOOP("ModelPanel", "Other"))


def _transform_text(op: Op) -> str:
    """A transform in a few characters: "Resize 256", "Normalize (0.485, 0.456, 0.406)"."""
    first = next(iter(op.args.values()), None)
    return op.type if first is None else f"{op.type} {_short(first)}"


def _shape_text(shape) -> str:
    return "×".join(str(s) for s in shape) if shape else "?"


class LayerTable(QAbstractItemModel):
    """The model as a tree: a block's rows (its main path and shortcut, or its branches, and their layers) under
    it. ``rows`` are the top-level rows; every row knows its position in the project."""

    HEADERS = ("#", QT_TRANSLATE_NOOP("LayerTable", "Layer"), QT_TRANSLATE_NOOP("LayerTable", "Arguments"),
               QT_TRANSLATE_NOOP("LayerTable", "Output shape"), QT_TRANSLATE_NOOP("LayerTable", "Params"))
    TYPE_COLUMN = 1
    # The positions dragged (one list's layers), and where they go: the list's address and the index they go
    # before (counted with them still in place).
    move_requested = Signal(list, tuple, int)
    type_change_requested = Signal(object, str)  # a row's position, its new layer type (edited in the Layer cell)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.editable_types = True

    def set_rows(self, rows: list[Row]) -> bool:
        """Show ``rows``; True when the tree's structure changed (selection and expansion were reset)."""
        if [r.shape_key() for r in rows] == [r.shape_key() for r in self.rows]:
            for old, new in zip(self.walk(self.rows), self.walk(rows)):
                old.__dict__.update({k: v for k, v in new.__dict__.items() if k not in ("children", "parent")})
            self._changed(QModelIndex(), self.rows)
            return False
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        return True

    def _changed(self, parent: QModelIndex, rows: list[Row]) -> None:
        if rows:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(len(rows) - 1, len(self.HEADERS) - 1, parent))
        for i, row in enumerate(rows):
            if row.children:
                self._changed(self.index(i, 0, parent), row.children)

    @staticmethod
    def walk(rows: list[Row]):
        for row in rows:
            yield row
            yield from LayerTable.walk(row.children)

    def row_of(self, index: QModelIndex) -> Row | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, row: Row, column: int = 0) -> QModelIndex:
        siblings = row.parent.children if row.parent is not None else self.rows
        return self.createIndex(siblings.index(row), column, row)

    def find(self, position: tuple, kind: str | None = None) -> Row | None:
        return next((r for r in self.walk(self.rows) if r.position == position and (kind is None or r.kind == kind)),
                    None)

    def _children(self, parent: QModelIndex) -> list[Row]:
        row = self.row_of(parent)
        return self.rows if row is None else row.children

    def index(self, row, column, parent=QModelIndex()):
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index=QModelIndex()):
        row = self.row_of(index)
        if row is None or row.parent is None:
            return QModelIndex()
        return self.index_of(row.parent)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent=QModelIndex()):
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_of(index)
        if row is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.index, row.type, row.args, row.shape, row.params)[col]
        if role == Qt.ItemDataRole.BackgroundRole and row.state == "error":
            return _RED
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state == "error":
                return QColor(160, 20, 20)
            if row.state == "after" or row.kind == "group":
                return _GREY
        if role == Qt.ItemDataRole.FontRole and row.kind == "group":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.tip:
            return row.tip
        if role == Qt.ItemDataRole.DecorationRole and col == 1 and row.state in ("error", "warn"):
            from PySide6.QtWidgets import QApplication
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if row.state == "error"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return QApplication.style().standardIcon(icon)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- edit the type, drag to reorder -----------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        row = self.row_of(index)
        if (role == Qt.ItemDataRole.EditRole and row is not None and row.kind != "group"
                and index.column() == self.TYPE_COLUMN and value in LAYERS):
            if value != row.type:
                self.type_change_requested.emit(row.position, value)
            return True
        return False

    def flags(self, index):
        row = self.row_of(index)
        if row is None:
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if row.kind == "group":
            return base | Qt.ItemFlag.ItemIsDropEnabled
        base |= Qt.ItemFlag.ItemIsDragEnabled
        if row.kind == "block":
            base |= Qt.ItemFlag.ItemIsDropEnabled
        if index.column() == self.TYPE_COLUMN and self.editable_types:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [_MIME]

    def mimeData(self, indexes):
        mime = QMimeData()
        rows = [self.row_of(i) for i in indexes if i.column() == 0]
        positions = sorted({r.position for r in rows if r is not None and r.kind != "group"}, key=_order)
        # every selected row: they move together (those of the first one's list)
        positions = [p for p in positions if positions and p[:-1] == positions[0][:-1]]
        mime.setData(_MIME, json.dumps(positions).encode())
        return mime

    def dropMimeData(self, data, action, row, column, parent):
        if not data.hasFormat(_MIME):
            return False
        try:
            sources = [tuple(p) for p in json.loads(bytes(data.data(_MIME)).decode())]
        except (ValueError, TypeError):
            return False
        target = self.row_of(parent)
        if target is None:
            where = ()
        elif target.kind == "group":
            where = target.position
        elif target.kind == "block" and row >= 0 and target.children:  # between a block's groups: its first list
            where, row = target.children[0].position, len(target.children[0].children)
        else:  # dropped onto a row: before it, in its list
            where, row = target.position[:-1], target.position[-1]
        if row < 0:  # dropped onto the empty space or onto a group: at the end of the list
            row = len(self._children(parent))
        if sources:
            self.move_requested.emit(sources, where, row)
        # False: the panel has moved the layers itself; the view must not remove the source rows.
        return False


def _order(position: tuple) -> tuple:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in position)


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


class LayerTableView(QTreeView):
    """The layer tree, with the editing keys handled here: a shortcut needs an active window, a key press does
    not (offscreen tests, a window just raised)."""

    KEYS = {(Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "delete",
            (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier): "delete",
            (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier): "duplicate",
            (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier): "up",
            (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier): "down"}

    def __init__(self, actions: dict[str, QAction]):
        super().__init__()
        self.key_actions = actions

    def selectRow(self, row: int) -> None:
        """Select the top-level row ``row`` (as a table's selectRow), making it the current one."""
        index = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)

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
        self._shown_before_ready = None  # the table's form key when a ready block's form replaced it
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
        ready = QTreeWidgetItem(self.palette, [self.tr("Ready blocks")])
        ready.setFlags(Qt.ItemFlag.ItemIsEnabled)
        ready.setExpanded(True)
        for name, block in READY_BLOCKS.items():
            item = QTreeWidgetItem(ready, [block.shown_short])
            item.setToolTip(0, f"{block.shown_title}: {block.summary}\n"
                            + ", ".join(f"{p.name}={_short(p.default)}" for p in block.params))
            item.setData(0, Qt.ItemDataRole.UserRole, _READY + name)
        self.palette.itemDoubleClicked.connect(lambda item, _c: self._palette_add(item))
        self.palette.currentItemChanged.connect(lambda item, _previous: self._palette_chosen(item))
        self._ready_args: dict[str, dict] = {}  # a ready block's arguments as its form in the palette left them
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
        self.table_model.move_requested.connect(self.move_layers)
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
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setExpandsOnDoubleClick(False)  # a double click edits; the arrow expands and collapses
        self.table.expanded.connect(lambda index: self._collapsed.discard(self.table_model.row_of(index).position))
        self.table.collapsed.connect(lambda index: self._collapsed.add(self.table_model.row_of(index).position))
        self._collapsed: set[tuple] = set()  # the blocks the user folded: kept folded across edits
        header = self.table.header()
        header.setStretchLastSection(False)
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
        split.setSizes([182, 700])  # room for the longest layer name (SqueezeExcitation)

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
                self.select_rows([focus] if isinstance(focus, (int, tuple)) else focus)
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

    def current_node(self) -> Row | None:
        return self.table_model.row_of(self.table.currentIndex())

    def current_row(self) -> int | None:
        """The current row when it is a top-level layer (None for nothing, or a row inside a block)."""
        node = self.current_node()
        return node.position[0] if node is not None and node.kind != "group" and len(node.position) == 1 else None

    def selected_positions(self) -> list[tuple]:
        """The layers an edit acts on: the selected layers and blocks of one list (the current row's), in order;
        the current row when none is selected."""
        nodes = [self.table_model.row_of(i) for i in self.table.selectionModel().selectedRows()]
        positions = sorted({n.position for n in nodes if n is not None and n.kind != "group"}, key=_order)
        current = self.current_node()
        if not positions and current is not None and current.kind != "group":
            positions = [current.position]
        if not positions:
            return []
        anchor = current.position[:-1] if current is not None and current.position in positions else positions[0][:-1]
        return [p for p in positions if p[:-1] == anchor and exists(self.model, p)]

    def selected_rows(self) -> list[int]:
        """The selected top-level layers, in order (the current row when none is selected)."""
        return [p[0] for p in self.selected_positions() if len(p) == 1]

    def select_rows(self, rows) -> None:
        """Select ``rows`` (top-level rows or positions; those that exist); the first becomes the current row,
        whose arguments the form shows. Rows inside folded blocks are unfolded."""
        nodes = [self.table_model.find((r,) if isinstance(r, int) else tuple(r)) for r in rows]
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return
        for node in nodes:
            self._reveal(node)
        last = self.table_model.columnCount() - 1
        selection = QItemSelection()
        for node in nodes:
            selection.select(self.table_model.index_of(node, 0), self.table_model.index_of(node, last))
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.setCurrentIndex(self.table_model.index_of(nodes[0]), flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(self.table_model.index_of(nodes[0]))

    def _reveal(self, node: Row) -> None:
        parent = node.parent
        while parent is not None:
            self.table.expand(self.table_model.index_of(parent))  # the user sees it: no longer folded
            parent = parent.parent

    @property
    def model(self) -> Model:
        return self.project.model

    # -- edits (all through the undo stack) -----------------------------------
    def _push(self, after: Model, text: StepName, select, merge_key=None) -> None:
        """One undoable step of the document: the model becomes ``after``; ``select`` is the row or position (or
        a list of them) to show then, and an undo selects again the rows selected now."""
        self.document.edit("model", text, lambda _before: after, focus=select,
                           focus_before=self.selected_positions() or None, merge_key=merge_key)

    def _step_name(self, verb: str, layers: list[Op]) -> str:
        """What Edit › Undo calls an edit of these layers: "Delete Conv2d", "Delete 3 layers"."""
        if len(layers) == 1:
            return {"delete": self.tr("Delete {type}"), "duplicate": self.tr("Duplicate {type}"),
                    "move": self.tr("Move {type}")}[verb].format(type=layers[0].type)
        return {"delete": self.tr("Delete {count} layers"), "duplicate": self.tr("Duplicate {count} layers"),
                "move": self.tr("Move {count} layers")}[verb].format(count=len(layers))

    def _edited(self) -> Model:
        return copy.deepcopy(self.model)

    def _insert_point(self) -> tuple[tuple, int]:
        """Where an added layer goes: after the current row, in its list; into a group row's list, at its end."""
        node = self.current_node()
        if node is None:
            return (), len(self.model.layers)
        if node.kind == "group":
            return node.position, len(node.children)
        return node.position[:-1], node.position[-1] + 1

    def insert_layer(self, type_name: str, at: int | tuple | None = None, args: dict | None = None) -> None:
        """Add a layer (or an empty block) after the current row; ``at``: a top-level row or a position."""
        # Required arguments start at the catalogue's suggestion: the form then shows what the project holds.
        self.insert_entries([Op(type_name, {**starting_args(type_name), **(args or {})})], at,
                            self.tr("Add {type}").format(type=type_name))

    def insert_ready_block(self, name: str, args: dict | None = None, at: int | tuple | None = None) -> None:
        """Add a ready block (a basic residual block, ...) expanded into the project's entries."""
        block = READY_BLOCKS[name]
        where, i = self._insert_point() if at is None else (((), at) if isinstance(at, int) else (at[:-1], at[-1]))
        ops = layers_from_list(block.expand(args, self._channels_before(where, i)), name)
        self.insert_entries(ops, (*where, i), self.tr("Add {type}").format(type=block.shown_title))

    def _channels_before(self, where: tuple, i: int) -> int | None:
        """The channels reaching row ``i`` of the list at ``where``, when the plan knows them (a top-level row)."""
        if where:
            return None
        shape = self.effective_input_shape() if i == 0 else next(
            (lp.output_shape for lp in (self.plan.layers if self.plan else []) if lp.position == (i - 1,)), None)
        return shape[0] if shape and len(shape) == 3 else None

    def insert_entries(self, ops: list[Op], at: int | tuple | None, text: str) -> None:
        after = self._edited()
        if after.base is not None:
            return
        where, i = self._insert_point() if at is None else (((), at) if isinstance(at, int) else (at[:-1], at[-1]))
        layer_list(after, where, make=True)[i:i] = ops
        self._push(after, text, [(*where, i + k) for k in range(len(ops))])

    def _palette_add(self, item) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if name and name.startswith(_READY):
            self.insert_ready_block(name[len(_READY):], self._ready_args.get(name[len(_READY):]))
        elif name:
            self.insert_layer(name)

    def delete_selected(self) -> None:
        if self.model.base is not None:
            return
        positions = self.selected_positions()
        node = self.current_node()
        if not positions:
            if node is not None and node.kind == "group":
                self._delete_group(node)
            return
        after = self._edited()
        where, indexes = positions[0][:-1], [p[-1] for p in positions]
        items = layer_list(after, where, make=True)
        removed = [items[i] for i in indexes]
        items[:] = [op for i, op in enumerate(items) if i not in indexes]
        # The row that takes the first deleted one's place stays selected: Del again goes on deleting downwards.
        select = [(*where, min(indexes[0], len(items) - 1))] if items else ([where] if where else None)
        self._push(after, self._step_name("delete", removed), select)

    def _delete_group(self, group: Row) -> None:
        """A branch is removed (a block keeps one at least); a shortcut is emptied (the input is added as it is)."""
        after = self._edited()
        block = layer_at(after, group.position[:-2] if group.position[-2] == "branches" else group.position[:-1])
        if group.position[-2] == "branches":
            if len(block.args["branches"]) < 2:
                return
            del block.args["branches"][group.position[-1]]
            self._push(after, self.tr("Delete {branch}").format(branch=group.type), [group.position[:-2]])
        elif group.position[-1] == "shortcut" and block.args.get("shortcut"):
            del block.args["shortcut"]
            self._push(after, self.tr("Empty the shortcut"), [group.position])

    def duplicate_selected(self) -> None:
        """Copies of the selected layers, in their order, right after the last of them (a selected block is
        repeated as a block); the copies are selected. A selected branch is copied as a new branch."""
        if self.model.base is not None:
            return
        positions = self.selected_positions()
        node = self.current_node()
        after = self._edited()
        if not positions:
            if node is not None and node.kind == "group" and node.position[-2] == "branches":
                branches = layer_at(after, node.position[:-2]).args["branches"]
                branches.insert(node.position[-1] + 1, copy.deepcopy(branches[node.position[-1]]))
                self._push(after, self.tr("Add a branch"), [(*node.position[:-1], node.position[-1] + 1)])
            return
        where, indexes = positions[0][:-1], [p[-1] for p in positions]
        items = layer_list(after, where, make=True)
        copies = [copy.deepcopy(items[i]) for i in indexes]
        items[indexes[-1] + 1:indexes[-1] + 1] = copies
        self._push(after, self._step_name("duplicate", copies),
                   [(*where, indexes[-1] + 1 + k) for k in range(len(copies))])

    def move_selected(self, delta: int) -> None:
        """The selected layers one row up (-1) or down (+1) each, within their list; nothing moves when one of
        them is at the end it would leave (the others would close up on it, changing their order)."""
        positions = self.selected_positions()
        if not positions or self.model.base is not None:
            return
        where, indexes = positions[0][:-1], [p[-1] for p in positions]
        size = len(layer_list(self.model, where))
        if indexes[0] + delta < 0 or indexes[-1] + delta >= size:
            return
        after = self._edited()
        items = layer_list(after, where, make=True)
        for r in (indexes if delta < 0 else reversed(indexes)):
            items[r], items[r + delta] = items[r + delta], items[r]
        moved = [layer_at(self.model, p) for p in positions]
        self._push(after, self._step_name("move", moved), [(*where, r + delta) for r in indexes])

    def move_row(self, source: int, target: int) -> None:
        """One top-level layer to row ``target`` (counted once it has left ``source``)."""
        if 0 <= target < len(self.model.layers):
            self.move_layers([(source,)], (), target + 1 if target >= source else target)

    def move_layers(self, sources: list, where: tuple, before: int) -> None:
        """Layers dragged together (one list's): they keep their order and go into the list at ``where``,
        before its index ``before`` (counted with them still in place). A block never goes inside itself."""
        if self.model.base is not None:
            return
        sources = sorted({(s,) if isinstance(s, int) else tuple(s) for s in sources}, key=_order)
        sources = [s for s in sources if exists(self.model, s) and s[:-1] == sources[0][:-1]]
        if not sources or not 0 <= before <= len(layer_list(self.model, tuple(where))):
            return
        after = self._edited()
        moved = nesting.move(after, sources, tuple(where), before)
        if moved is None or after == self.model:
            return
        self._push(after, self._step_name("move", [layer_at(self.model, s) for s in sources]), moved)

    def change_type(self, position, type_name: str) -> None:
        """Swap a layer for another type, keeping the arguments both share (MaxPool2d -> AvgPool2d)."""
        position = (position,) if isinstance(position, int) else tuple(position)
        if self.model.base is not None or not exists(self.model, position):
            return
        after = self._edited()
        items = layer_list(after, position[:-1], make=True)
        old = items[position[-1]]
        new_type = LAYERS[type_name]
        kept = new_type.take_over(LAYERS[old.type], _scalar_args(old))
        items[position[-1]] = Op(type_name, {**starting_args(type_name), **kept})
        self._push(after, f"{old.type} → {type_name}", [position])

    def _cell_double_clicked(self, index) -> None:
        # The Layer cell opens its combo box; the others jump to the argument form below the table.
        if index.column() != LayerTable.TYPE_COLUMN and self.form is not None:
            self.bottom_tabs.setCurrentWidget(self.form_box)
            first = next(iter(self.form.editors.values()), None)
            if first is not None:
                first.inner.setFocus()

    def set_layer_args(self, position, args: dict) -> None:
        """The arguments of the layer (or a block's own, e.g. Branches' merge) at ``position``, from its form."""
        position = (position,) if isinstance(position, int) else tuple(position)
        after = self._edited()
        items = layer_list(after, position[:-1], make=True)
        old = items[position[-1]]
        items[position[-1]] = Op(old.type, {**dict(args), **_slots(old)})
        defaults = defaults_of(LAYERS[old.type])
        before_args = _scalar_args(old)

        def name(b: Model, a: Model) -> str:  # "Conv2d: out_channels 8 → 16"
            text = changes(_scalar_args(layer_at(b, position)), _scalar_args(layer_at(a, position)), defaults=defaults)
            return f"{old.type}: {text}"

        self._push(after, name, [position], merge_key=("args", position, changed_keys(before_args, args, defaults)))

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

    def _base_weights_form(self, base) -> QWidget:
        """Where a base's weights come from: torchvision's (its cache, or a download), a file the user has, or none
        (a random start). Each choice is one undoable edit of model.base.weights."""
        from workbench.core.model.pretrained import looks_like_file

        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Weights:")))
        self.weights_box = QComboBox()
        self.weights_box.addItem(self.tr("torchvision's (ImageNet)"), "DEFAULT")
        self.weights_box.addItem(self.tr("from a file…"), "file")
        self.weights_box.addItem(self.tr("none: start from random weights"), None)
        current = base.weights
        if current is not None and looks_like_file(current):
            self.weights_box.setItemText(1, self.tr("file {name}").format(name=Path(current).name))
            self.weights_box.setItemData(1, current, Qt.ItemDataRole.ToolTipRole)
            self.weights_box.setCurrentIndex(1)
        elif current is None:
            self.weights_box.setCurrentIndex(2)
        elif current != "DEFAULT":  # a torchvision weights name the project chose (IMAGENET1K_V1)
            self.weights_box.setItemText(0, self.tr("torchvision's ({name})").format(name=current))
            self.weights_box.setItemData(0, current)
        self.weights_box.activated.connect(self._weights_chosen)
        row.addWidget(self.weights_box)
        row.addStretch(1)
        return box

    def _weights_chosen(self, index: int) -> None:
        value = self.weights_box.itemData(index)
        if value == "file":
            from PySide6.QtWidgets import QFileDialog

            path, _filter = QFileDialog.getOpenFileName(self, self.tr("Pretrained weights"), "",
                                                        self.tr("PyTorch weights (*.pth *.pt);;All files (*)"))
            if not path:
                self._form_key = None
                self._update_form()  # the choice as it was
                return
            value = path
        self.set_base_weights(value)

    def set_base_weights(self, value: str | None) -> None:
        """``value``: a torchvision weights name ("DEFAULT"), a file, or None (random)."""
        if self.model.base is None or self.model.base.weights == value:
            return
        after = self._edited()
        after.base.weights = value
        self._push(after, self.tr("Weights: {value}").format(value=value if value is not None else self.tr("none")),
                   self.current_row())

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
        if self.table_model.set_rows(self._rows()):
            blocked = self.table.blockSignals(True)  # what the user folded is not what this does
            self.table.expandAll()  # blocks open, but those the user folded
            for position in self._collapsed:
                node = self.table_model.find(position)
                if node is not None:
                    self.table.collapse(self.table_model.index_of(node))
            self.table.blockSignals(blocked)
        error = self.plan.error if self.plan else None
        if error is not None and error.position and len(error.position) > 1:  # a nested error is shown unfolded
            node = self.table_model.find(error.position)
            if node is not None:
                self._reveal(node)
        self._show_messages(shape)
        is_base = model.base is not None
        self.freeze_box.setVisible(is_base)
        blocked = self.freeze_box.blockSignals(True)
        self.freeze_box.setChecked(bool(is_base and model.base.freeze))
        self.freeze_box.blockSignals(blocked)
        self.palette.setEnabled(not is_base)
        self.table_model.editable_types = not is_base
        self.add_button.setEnabled(not is_base)
        for action in self.actions_.values():  # a base's rows are not layers to delete or move
            action.setEnabled(self._editable and not is_base)
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
        planned = {lp.position: lp for _depth, lp in (plan.walk() if plan else [])}
        advice: dict[tuple, list[str]] = {}
        for a in (plan.advice if plan else []):
            advice.setdefault(a.position, []).append(a.message)
        error = plan.error if plan else None

        def layer_rows(items: list[Op], where: tuple, parent: Row | None) -> list[Row]:
            rows = []
            for i, op in enumerate(items):
                position = (*where, i)
                lp = planned.get(position)
                # Top-level rows are numbered as the project and the state_dict count them; rows in a block
                # from 1, as the error messages name them ("block 3 › branch 2 › layer 1").
                row = Row(str(i) if not where else str(i + 1), op.type, _args_text(op),
                          _shape_text(lp.output_shape) if lp else "…", f"{lp.params:,}" if lp else "",
                          position=position, kind="block" if op.type in BLOCK_SLOTS else "layer", parent=parent)
                failing = error is not None and error.position is not None
                if failing and error.position[:len(position)] == position:  # the bad layer, or a block holding it
                    row.state, row.tip = "error", error.reason if error.position == position else str(error)
                    row.shape, row.params = "✗", ""
                elif error is not None and (lp is None or lp.output_shape is None):
                    row.state, row.shape = "after", "?"
                elif position in advice:
                    row.state, row.tip = "warn", "\n".join(advice[position])
                if row.kind == "block":
                    row.children = group_rows(op, position, row)
                rows.append(row)
            return rows

        def group_rows(op: Op, position: tuple, parent: Row) -> list[Row]:
            groups = []
            for relative, items in nesting.lists_of(op):
                slot = relative[0]
                title = (self.tr("branch {number}").format(number=relative[1] + 1) if slot == "branches" else
                         self.tr("shortcut") if slot == "shortcut" else self.tr("main path"))
                group = Row("", title, "" if items else self.tr("empty: passes the input through"), "", "",
                            position=(*position, *relative), kind="group", parent=parent)
                group.children = layer_rows(items, group.position, group)
                groups.append(group)
            return groups

        return layer_rows(model.layers, (), None)

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
            if err.position is not None and len(err.position) > 1:
                where = f"{layer_words(err.position, err.layer_type)}: "
            else:
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

    def _palette_chosen(self, item) -> None:
        """A ready block chosen in the palette: its arguments in the form, for the block Add ▸ inserts."""
        name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not name or not name.startswith(_READY) or self.model.base is not None:
            return
        name = name[len(_READY):]
        block = READY_BLOCKS[name]
        self._clear_form()
        self._form_key = ("ready", name)
        self.bottom_tabs.setCurrentWidget(self.form_box)
        self.form_box.setTitle(self.tr("Ready block: {title}").format(title=block.shown_title))
        self.form_placeholder.setText(block.summary + "\n" + self.tr("Add ▸ (or a double click in the palette) inserts it with these arguments after the selected row."))
        self.form_placeholder.setVisible(True)
        self.form = OpForm(block, self._ready_args.get(name))
        self.form.changed.connect(lambda args, n=name: self._ready_args.__setitem__(n, dict(args)))
        self.form_layout.insertWidget(0, self.form)

    def _clear_form(self) -> None:
        if self.form is not None:
            self.form_layout.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None

    def _update_form(self) -> None:
        node = self.current_node()
        model = self.model
        if model.base is not None:
            key = ("base", model.base.weights)  # a new choice of weights shows anew
        elif node is not None and node.kind == "group":
            key = ("group", node.position)
        elif node is not None and exists(model, node.position):
            key = ("layer", node.position, layer_at(model, node.position).type)
        else:
            key = None
        if key == self._form_key and self.form is not None:
            if key and key[0] == "layer":
                # Only an undo/redo changes the args behind the form's back; never reset what is being typed.
                shown = _scalar_args(layer_at(model, key[1]))
                try:
                    same = self.form.args() == shown
                except ProjectError:
                    same = True
                if not same:
                    self.form.set_args(shown)
            return
        if self._form_key and self._form_key[0] == "ready" and key == self._shown_before_ready:
            return  # a re-plan while a ready block's form is shown: keep it (the table's row did not change)
        self._form_key = key
        self._shown_before_ready = key
        self._clear_form()
        op = layer_at(model, key[1]) if key and key[0] == "layer" else None
        self.form_placeholder.setVisible(op is None or not LAYERS[op.type].params)
        self.form_placeholder.setWordWrap(True)
        if key is None:
            self.form_box.setTitle(self.tr("Layer arguments"))
            self.form_placeholder.setText(self.tr("Select a layer to edit its arguments."))
            return
        if key[0] == "base":
            self.form_box.setTitle(self.tr("Pretrained {torchvision}").format(torchvision=model.base.torchvision))
            self.form_placeholder.setText(
                self.tr("A torchvision architecture with ImageNet weights; its classifier head is replaced by a Linear layer for your classes. Tick 'Freeze backbone' to train only that head (the Training tab's fine-tuning schedule unfreezes it later). Choosing it set the Data tab's transforms to the preprocessing its weights expect (resize, centre crop, ImageNet mean and std); edit them there. Choose a layer template to go back to building a stack."))
            self.form_placeholder.setWordWrap(True)
            self.form = self._base_weights_form(model.base)
            self.form_layout.insertWidget(0, self.form)
            return
        if key[0] == "group":
            self.form_box.setTitle(node.type)
            self.form_placeholder.setText(self.tr("A list of layers inside a block: with it selected, the palette adds layers at its end. Duplicate copies a branch as a new one; Delete removes a branch or empties the shortcut."))
            return
        position = key[1]
        optype = LAYERS[op.type]
        # The title stays one short line (a long one would widen the tab): the description goes under the form.
        if len(position) == 1:
            self.form_box.setTitle(self.tr("Layer {row}: {type}").format(row=position[0], type=op.type))
        else:
            self.form_box.setTitle(layer_words(position, op.type))
        self.form_placeholder.setText(optype.summary)
        self.form_placeholder.setVisible(True)
        if op.type in BLOCK_SLOTS and not optype.params:
            self.form_placeholder.setText(self.tr("A block: select a row under it (its main path, shortcut or a branch) to add layers there."))
            return
        self.form = OpForm(optype, _scalar_args(op))
        self.form.changed.connect(lambda args, p=position: self.set_layer_args(p, args))
        self.form_layout.insertWidget(0, self.form)

