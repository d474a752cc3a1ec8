"""The dataset panel: source, validation, transforms and augmentation, loader, summary and preview.

It edits the project's ``data`` section through the document (each change
one undoable step) and shows what `PreparedData` finds in the background:
classes and counts, input shape, skipped files — the class bar chart, the
sample preview. Which validation kinds a source allows is core's rule.
"""

from __future__ import annotations

import copy
import html
import os
import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QProcess, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.catalogs.datasets import BUILTIN_DATASETS
from workbench.core.catalogs.transforms import TRANSFORMS, is_random
from workbench.core.project.fields import LOADER_FIELDS, VALIDATION_FIELDS
from workbench.core.project.io import name_for_data
from workbench.core.project.rules import fit_validation, validation_kinds
from workbench.core.project.schema import Op
from workbench.gui.core_messages import say
from workbench.gui.desktop.i18n import field_label
from workbench.gui.document import Document
from workbench.gui.prepared_data import PreparedData
from workbench.gui.runs.background import TaskSlot, error_text
from workbench.gui.start_folders import first_folder, start_folder
from workbench.gui.step_names import changed_keys, changes, defaults_of, value_text
from workbench.gui.widgets.param_editors import OpForm, ParamEditor

PREVIEW_COUNT = 4
PREVIEW_SIZE = 64
CAPTION_SPARE = 16  # a class name under a thumbnail may be this much wider than it
_VALIDATION_TEXT = {"split": QT_TRANSLATE_NOOP("DatasetPanel", "Split off a fraction of the training data"),
                    "folder": QT_TRANSLATE_NOOP("DatasetPanel", "A separate folder"),
                    "builtin": QT_TRANSLATE_NOOP("DatasetPanel", "The data set's own test split"),
                    "none": QT_TRANSLATE_NOOP("DatasetPanel", "No validation")}


class ClassBars(QWidget):
    """Horizontal bars of images per class (train, and val stacked after it): imbalance shows at a glance."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.names: list[str] = []
        self.train: list[int] = []
        self.val: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, names: list[str], train: list[int], val: list[int]) -> None:
        self.names, self.train, self.val = list(names), list(train), list(val)
        self.setFixedHeight(max(20, 18 * min(len(names), 30) + 22))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, self.height())

    def paintEvent(self, _event) -> None:
        if not self.names:
            return
        p = QPainter(self)
        fm = p.fontMetrics()
        shown = list(zip(self.names, self.train, self.val))[:30]
        label_w = min(max(fm.horizontalAdvance(n) for n, _, _ in shown) + 8, self.width() // 3)
        count_w = fm.horizontalAdvance("000000 + 000000") + 8
        most = max((t + v for _, t, v in shown), default=1) or 1
        bar_w = max(10, self.width() - label_w - count_w - 4)
        for i, (name, t, v) in enumerate(shown):
            y = 2 + i * 18
            p.setPen(QColor(40, 40, 40))
            p.drawText(QRectF(0, y, label_w - 6, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6))
            wt = bar_w * t / most
            wv = bar_w * v / most
            p.fillRect(QRectF(label_w, y + 2, wt, 12), QColor(31, 119, 180))
            p.fillRect(QRectF(label_w + wt, y + 2, wv, 12), QColor(255, 160, 70))
            p.drawText(QRectF(label_w + wt + wv + 4, y, count_w, 16), Qt.AlignmentFlag.AlignVCenter,
                       f"{t}" + (f" + {v}" if v else ""))
        y = 4 + len(shown) * 18
        p.setPen(QColor(110, 110, 110))
        legend = self.tr("■ train  ■ validation") if any(self.val) else self.tr("■ train")
        more = self.tr("   (first 30 of {count} classes)").format(count=len(self.names)) if len(self.names) > 30 else ""
        p.drawText(QRectF(label_w, y, self.width() - label_w, 16), Qt.AlignmentFlag.AlignVCenter, legend + more)
        p.end()


class OpListEditor(QGroupBox):
    """An ordered list of catalogue operations (transforms): add, remove, reorder, and a form for the selected.

    It never changes the project: ``edited(ops, text)`` proposes the new list and names the step ("Add
    Resize"); the panel makes it an edit of the document, which then shows the list again (`set_ops`).
    """

    edited = Signal(list, str, object, int)  # the new list, the step's name, a merge key, the row to select

    def __init__(self, title: str, random_only: bool | None, parent=None):
        super().__init__(title, parent)
        self.ops: list[Op] = []
        self.random_only = random_only
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        # A long entry ("Normalize(mean=[…], std=[…])") wraps: the column never scrolls sideways to show it.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentRowChanged.connect(self._show_form)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add ▾"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        for name in TRANSFORMS:
            if random_only is None or is_random(name) == random_only:
                menu.addAction(name, lambda n=name: self.add(n))
        self.add_button.setMenu(menu)
        buttons.addWidget(self.add_button)
        for text, slot in ((self.tr("Remove"), self.remove), ("▲", lambda: self.move(-1)), ("▼", lambda: self.move(1))):
            b = QToolButton()
            b.setText(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.form_host = QVBoxLayout()
        layout.addLayout(self.form_host)
        self.form: OpForm | None = None
        self._form_key = None

    def set_ops(self, ops: list[Op], select: int | None = None) -> None:
        """Show ``ops`` (the project's, after an edit or an undo)."""
        self.ops = [Op(op.type, dict(op.args)) for op in ops]
        current = self.list.currentRow() if select is None else select
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for op in self.ops:
            self.list.addItem(_op_text(op))
        self.list.blockSignals(blocked)
        self.list.setCurrentRow(min(current, len(self.ops) - 1) if self.ops else -1)
        self._show_form(self.list.currentRow())

    def add(self, name: str) -> None:
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(self.ops)
        self._propose(self.ops[:at] + [Op(name, {})] + self.ops[at:], self.tr("Add {type}").format(type=name), at)

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self._propose(self.ops[:row] + self.ops[row + 1:],
                          self.tr("Remove {type}").format(type=self.ops[row].type), max(0, row - 1))

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row >= 0 and 0 <= target < len(self.ops):
            ops = list(self.ops)
            ops.insert(target, ops.pop(row))
            self._propose(ops, self.tr("Move {type}").format(type=ops[target].type), target)

    def _propose(self, ops: list[Op], text: str, select: int, merge_key=None) -> None:
        self.edited.emit(ops, text, merge_key, select)

    def _show_form(self, row: int) -> None:
        key = (row, self.ops[row].type) if 0 <= row < len(self.ops) else None
        if key == self._form_key and self.form is not None:
            if self.form.args() != self.ops[row].args:  # an undo changed the arguments behind the form
                self.form.set_args(self.ops[row].args)
            return
        self._form_key = key
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        if key is not None:
            op = self.ops[row]
            self.form = OpForm(TRANSFORMS[op.type], op.args)
            self.form.changed.connect(lambda args, r=row: self._edited(r, args))
            self.form_host.addWidget(self.form)

    def _edited(self, row: int, args: dict) -> None:
        ops = list(self.ops)
        old = ops[row]
        ops[row] = Op(old.type, args)
        defaults = defaults_of(TRANSFORMS[old.type])
        # "Resize: size 32 → 64"; typing on in the same argument stays one step (the key).
        text = f"{old.type}: {changes(old.args, args, defaults=defaults)}"
        self._propose(ops, text, row, merge_key=(self.title(), row, changed_keys(old.args, args, defaults)))


def _op_text(op: Op) -> str:
    return f"{op.type}({', '.join(f'{k}={v}' for k, v in op.args.items())})"


class DatasetPanel(QWidget):
    status = Signal(str)  # a line for the window's status bar

    def __init__(self, document: Document, prepared: PreparedData, settings=None, parent=None):
        super().__init__(parent)
        self.document = document
        self.prepared = prepared
        self.settings = settings
        self.preview_shown = 0
        self._download: QProcess | None = None
        self.preview_task = TaskSlot(self)
        self.preview_task.done.connect(self._show_preview)
        self.preview_task.failed.connect(lambda e: self.status.emit(self.tr("Preview failed: {e}").format(e=error_text(e))))
        self.mean_std_task = TaskSlot(self)
        self.mean_std_task.done.connect(self._set_normalize)
        self.mean_std_task.failed.connect(self._mean_std_failed)
        self._build()
        document.changed.connect(self._document_changed)
        document.replaced.connect(self.show_project)
        prepared.started.connect(self._preparing)
        prepared.progress.connect(self._show_scan_progress)
        prepared.ready.connect(self._prepared)
        prepared.failed.connect(self._prepare_failed)
        self.show_project()

    @property
    def project(self):
        return self.document.project

    @property
    def bundle(self):
        return self.prepared.bundle

    @property
    def error(self) -> str | None:
        return self.prepared.error

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self.columns)
        left_area = QScrollArea()
        left_area.setWidgetResizable(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        left_area.setWidget(left)
        left.setMinimumWidth(370)
        self.columns.addWidget(left_area)

        # Source
        box = QGroupBox(self.tr("Source"))
        form = QVBoxLayout(box)
        self.kind_folder = QRadioButton(self.tr("Image folder (one sub-folder per class)"))
        self.kind_builtin = QRadioButton(self.tr("Built-in data set (torchvision)"))
        group = QButtonGroup(self)
        group.addButton(self.kind_folder)
        group.addButton(self.kind_builtin)
        self.kind_folder.toggled.connect(self._kind_changed)
        form.addWidget(self.kind_folder)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("drop a folder on the window, or choose one"))
        self.folder_edit.editingFinished.connect(lambda: self.set_folder(self.folder_edit.text()))
        row.addWidget(self.folder_edit, 1)
        self.folder_button = QPushButton(self.tr("Choose…"))
        self.folder_button.clicked.connect(self.choose_folder)
        row.addWidget(self.folder_button)
        form.addLayout(row)
        form.addWidget(self.kind_builtin)
        grid = QFormLayout()
        self.builtin_combo = QComboBox()
        for name, info in BUILTIN_DATASETS.items():
            self.builtin_combo.addItem(self.tr("{name}  ({shape}, {classes} classes, {size_mb} MB)").format(
                name=name, shape="×".join(map(str, info.shape)), classes=len(info.classes), size_mb=info.size_mb), name)
        self.builtin_combo.currentIndexChanged.connect(self._builtin_changed)
        grid.addRow(self.tr("Data set"), self.builtin_combo)
        root_row = QHBoxLayout()
        self.root_edit = QLineEdit()
        self.root_edit.setPlaceholderText(self.tr("data (beside the project)"))
        self.root_edit.editingFinished.connect(self._builtin_changed)
        root_row.addWidget(self.root_edit, 1)
        self.root_button = QPushButton("…")
        self.root_button.clicked.connect(self.choose_root)
        root_row.addWidget(self.root_button)
        grid.addRow(self.tr("Root folder"), root_row)
        dl_row = QHBoxLayout()
        self.download_box = QCheckBox(self.tr("Download if missing"))
        self.download_box.setToolTip(self.tr("Let training download the files when they are not under the root folder"))
        self.download_box.toggled.connect(self._builtin_changed)
        dl_row.addWidget(self.download_box)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.start_download)
        dl_row.addWidget(self.download_button)
        self.download_bar = QProgressBar()
        self.download_bar.hide()
        dl_row.addWidget(self.download_bar, 1)
        self.download_cancel = QPushButton(self.tr("Cancel"))
        self.download_cancel.hide()
        self.download_cancel.clicked.connect(self.cancel_download)
        dl_row.addWidget(self.download_cancel)
        grid.addRow(dl_row)
        self.builtin_widgets = (self.builtin_combo, self.root_edit, self.root_button, self.download_box,
                                self.download_button)
        form.addLayout(grid)
        ll.addWidget(box)

        # Validation
        box = QGroupBox(self.tr("Validation"))
        vform = QFormLayout(box)
        self.val_combo = QComboBox()
        for kind in VALIDATION_FIELDS:
            self.val_combo.addItem(self.tr(_VALIDATION_TEXT[kind]) if kind in _VALIDATION_TEXT else kind, kind)
        self.val_combo.currentIndexChanged.connect(self._validation_changed)
        vform.addRow(self.val_combo)
        split = {p.name: p for p in VALIDATION_FIELDS["split"]}
        self.fraction_edit = ParamEditor(split["fraction"])
        self.seed_edit = ParamEditor(split["seed"])
        self.fraction_edit.changed.connect(self._validation_changed)
        self.seed_edit.changed.connect(self._validation_changed)
        vform.addRow(self.tr("Fraction"), self.fraction_edit)
        vform.addRow(self.tr("Seed"), self.seed_edit)
        vrow = QHBoxLayout()
        self.val_folder_edit = QLineEdit()
        self.val_folder_edit.setPlaceholderText(self.tr("validation folder"))
        self.val_folder_edit.setToolTip(self.tr("A folder with the same class sub-folders as the training data"))
        self.val_folder_edit.editingFinished.connect(self._validation_changed)
        vrow.addWidget(self.val_folder_edit, 1)
        self.val_folder_button = QPushButton(self.tr("Choose…"))
        self.val_folder_button.clicked.connect(self.choose_val_folder)
        vrow.addWidget(self.val_folder_button)
        vform.addRow(self.tr("Folder"), vrow)
        ll.addWidget(box)

        # Transforms
        self.transforms_editor = OpListEditor(self.tr("Transforms (training and validation)"), None)
        self.transforms_editor.edited.connect(lambda ops, text, key, row: self._ops_edited("transforms", ops, text,
                                                                                          key, row))
        ll.addWidget(self.transforms_editor)
        self.mean_std_button = QPushButton(self.tr("Compute mean/std"))
        self.mean_std_button.setToolTip(self.tr("Measure the training images' per-channel mean and std and put them in a Normalize transform (added after ToTensor if there is none)"))
        self.mean_std_button.clicked.connect(self.compute_mean_std)
        ll.addWidget(self.mean_std_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.augment_editor = OpListEditor(self.tr("Augmentation (training only, random)"), True)
        self.augment_editor.edited.connect(lambda ops, text, key, row: self._ops_edited("augment", ops, text,
                                                                                       key, row))
        ll.addWidget(self.augment_editor)

        # Loader
        box = QGroupBox(self.tr("Loader"))
        lform = QFormLayout(box)
        self.loader_editors: dict[str, ParamEditor] = {}
        for p in LOADER_FIELDS:
            editor = ParamEditor(p)
            editor.changed.connect(self._loader_edited)
            lform.addRow(field_label(p.name), editor)
            self.loader_editors[p.name] = editor
        # Colour: what the summary says the images are read as, and the choice to force it (pretrained bases
        # take 3 channels; a grayscale folder gives 1). The entries are short: the column is narrow at 1280×720,
        # and the tooltip says what "as the images are" means.
        self.color_combo = QComboBox()
        for mode, text in ((
                "auto", self.tr("as the images are")),
                ("rgb", self.tr("RGB, 3 channels")), ("grayscale", self.tr("grayscale, 1 channel"))):
            self.color_combo.addItem(text, mode)
        self.color_combo.setToolTip(self.tr("How images are read: a folder whose images are all grayscale gives "
                                            "the model 1 channel unless RGB is chosen (pretrained models need RGB)"))
        self.color_combo.currentIndexChanged.connect(self._color_edited)
        lform.addRow(self.tr("colour"), self.color_combo)
        ll.addWidget(box)
        ll.addStretch(1)

        # Right column: what the data looks like
        right_area = QScrollArea()
        right_area.setWidgetResizable(True)
        right_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QWidget()
        rl = QVBoxLayout(right)
        right_area.setWidget(right)
        self.columns.addWidget(right_area)
        self.columns.setStretchFactor(0, 4)
        self.columns.setStretchFactor(1, 3)
        self.columns.setSizes([410, 370])
        box = QGroupBox(self.tr("Summary"))
        sl = QVBoxLayout(box)
        self.summary_label = QLabel(self.tr("Loading PyTorch…"))
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sl.addWidget(self.summary_label)
        self.bars = ClassBars()
        sl.addWidget(self.bars)
        skip_row = QHBoxLayout()
        self.skipped_label = QLabel()
        skip_row.addWidget(self.skipped_label)
        self.skipped_button = QPushButton(self.tr("Show skipped files…"))
        self.skipped_button.clicked.connect(self.show_skipped)
        self.skipped_button.hide()
        skip_row.addWidget(self.skipped_button)
        skip_row.addStretch(1)
        sl.addLayout(skip_row)
        rl.addWidget(box)
        box = QGroupBox(self.tr("Preview"))
        pv = QVBoxLayout(box)
        note = QLabel(self.tr("Top: as read. Bottom: after the training pipeline (with its random augmentation)."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        pv.addWidget(note)
        self.preview_grid = QGridLayout()
        self.preview_grid.setSpacing(4)
        self.preview_labels: list[tuple[QLabel, QLabel]] = []
        self.preview_captions: list[QLabel] = []  # each column's class, under its two images
        for i in range(PREVIEW_COUNT):
            top, bottom = QLabel(), QLabel()
            for lab in (top, bottom):
                lab.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
                lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
                lab.setStyleSheet("background: #eee;")
            caption = QLabel()
            caption.setFixedWidth(PREVIEW_SIZE + CAPTION_SPARE)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setStyleSheet("color: #444;")
            self.preview_grid.addWidget(top, 0, i, Qt.AlignmentFlag.AlignHCenter)
            self.preview_grid.addWidget(bottom, 1, i, Qt.AlignmentFlag.AlignHCenter)
            self.preview_grid.addWidget(caption, 2, i)
            self.preview_labels.append((top, bottom))
            self.preview_captions.append(caption)
        self.preview_grid.setColumnStretch(PREVIEW_COUNT, 1)  # keep the thumbnails together on the left
        pv.addLayout(self.preview_grid)
        self.resample_button = QPushButton(self.tr("Re-sample"))
        self.resample_button.setToolTip(self.tr("Show other images and new random augmentations"))
        self.resample_button.clicked.connect(lambda: self.refresh_preview(new_sample=True))
        pv.addWidget(self.resample_button, 0, Qt.AlignmentFlag.AlignLeft)
        rl.addWidget(box)
        rl.addStretch(1)
        self._edit_widgets = [self.kind_folder, self.kind_builtin, self.folder_edit, self.folder_button,
                              *self.builtin_widgets, self.val_combo, self.fraction_edit, self.seed_edit,
                              self.val_folder_edit, self.val_folder_button, self.transforms_editor,
                              self.augment_editor, self.mean_std_button, *self.loader_editors.values(),
                              self.color_combo]

    # -- the project, shown ------------------------------------------------------
    def _document_changed(self, section: str, focus) -> None:
        if section == "data":
            self.show_project(focus)

    def show_project(self, focus=None) -> None:
        """Show the project's data section (after any edit, undo or a new project); ``focus`` is (editor,
        row) for a transforms list."""
        project = self.project
        d = project.data
        widgets = [self.kind_folder, self.kind_builtin, self.builtin_combo, self.root_edit, self.download_box,
                   self.val_combo, self.color_combo]
        blocked = [w.blockSignals(True) for w in widgets]
        self.kind_folder.setChecked(d.source.kind == "folder")
        self.kind_builtin.setChecked(d.source.kind == "torchvision")
        _show_text(self.folder_edit, str(project.resolve(d.source.path)) if d.source.path else "")
        if d.source.name:
            self.builtin_combo.setCurrentIndex(max(0, self.builtin_combo.findData(d.source.name)))
        _show_text(self.root_edit, d.source.root or "")
        self.download_box.setChecked(d.source.download)
        self.val_combo.setCurrentIndex(max(0, self.val_combo.findData(d.validation.kind)))
        self.color_combo.setCurrentIndex(max(0, self.color_combo.findData(d.color_mode)))
        for w, b in zip(widgets, blocked):
            w.blockSignals(b)
        self.fraction_edit.show_value(d.validation.fraction)
        self.seed_edit.show_value(d.validation.seed)
        _show_text(self.val_folder_edit, str(project.resolve(d.validation.path)) if d.validation.path else "")
        for name, editor in (("transforms", self.transforms_editor), ("augment", self.augment_editor)):
            editor.set_ops(getattr(d, name), focus[1] if isinstance(focus, tuple) and focus[0] == name else None)
        for name, editor in self.loader_editors.items():
            editor.show_value(getattr(d.loader, name))
        self._update_enabled()

    def set_editable(self, editable: bool) -> None:
        for w in self._edit_widgets:
            w.setEnabled(editable)
        if editable:
            self._update_enabled()

    def _update_enabled(self) -> None:
        folder = self.project.data.source.kind == "folder"
        for w in (self.folder_edit, self.folder_button):
            w.setEnabled(folder)
        for w in self.builtin_widgets:
            w.setEnabled(not folder)
        kind = self.project.data.validation.kind
        allowed = validation_kinds(self.project.data.source.kind)
        model = self.val_combo.model()
        for i in range(self.val_combo.count()):
            model.item(i).setEnabled(self.val_combo.itemData(i) in allowed)
        self.fraction_edit.setEnabled(kind == "split")
        self.seed_edit.setEnabled(kind == "split")
        self.val_folder_edit.setEnabled(kind == "folder")
        self.val_folder_button.setEnabled(kind == "folder")

    # -- edits: each one undoable step of the document -------------------------------------
    def _edit(self, text: str, change, focus=None, merge_key=None) -> bool:
        return self.document.edit("data", text, change, focus=focus, merge_key=merge_key)

    def _last_dir(self, current: str | None = None) -> str:
        """Where a folder dialog opens: beside the folder it replaces (its neighbours, train/ and val/, are what
        one picks next), else where data was last chosen, near the project (see start_folders)."""
        last = self.settings.value("last_data_dir") if self.settings is not None else None
        beside = self.project.resolve(current).parent if current else None
        return first_folder(beside, start_folder(last, self.project.base_dir))

    def _remember_dir(self, path: str) -> None:
        if self.settings is not None:
            self.settings.setValue("last_data_dir", str(Path(path).parent))

    def choose_folder(self) -> None:
        src = self.project.data.source
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose an image folder"),
                                                self._last_dir(src.path if src.kind == "folder" else None))
        if path:
            self.set_folder(path)

    def choose_val_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a validation folder"),
                                                self._last_dir(self.project.data.validation.path))
        if path:
            self.val_folder_edit.setText(path)
            self._validation_changed()

    def choose_root(self) -> None:
        root = self.project.data.source.root
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for built-in data sets"),
                                                first_folder(root and self.project.resolve(root), self._last_dir()))
        if path:
            self.root_edit.setText(path)
            self._builtin_changed()

    def set_folder(self, path: str) -> None:
        """Use an image folder as the source (from the button, the text field or a drop on the window)."""
        path = path.strip()
        src = self.project.data.source
        if src.kind == "folder" and src.path and path and self.project.resolve(src.path) == Path(path):
            return

        def change(data):
            data.source.kind, data.source.path = "folder", path or None
            fit_validation(data)

        text = self.tr("Data folder {name}").format(name=Path(path).name or path)
        name = name_for_data(self.project.name, path)
        if name == self.project.name:
            changed = self._edit(text, change)
        else:  # the demo's name goes with the demo's data: the project takes the folder's (runs are named so)
            with self.document.step(text):
                changed = self._edit(text, change)
                self.document.edit("name", text, lambda _name: name)
        if changed and path:
            self._remember_dir(path)

    def _kind_changed(self) -> None:
        kind = "folder" if self.kind_folder.isChecked() else "torchvision"
        if kind == self.project.data.source.kind:
            return

        def change(data):
            data.source.kind = kind
            if kind == "torchvision":
                data.source.name = data.source.name or self.builtin_combo.currentData()
                data.source.root = data.source.root or (self.root_edit.text().strip() or "data")
            fit_validation(data)

        self._edit(self.tr("Source: image folder") if kind == "folder" else self.tr("Source: built-in data set"),
                   change)

    def _builtin_changed(self, *_):
        if self.project.data.source.kind != "torchvision":
            return
        name, root, download = (self.builtin_combo.currentData(), self.root_edit.text().strip() or "data",
                                self.download_box.isChecked())

        def change(data):
            data.source.name, data.source.root, data.source.download = name, root, download

        self._edit(self.tr("Built-in data set {name}").format(name=name), change)

    def _validation_changed(self, *_):
        kind = self.val_combo.currentData()
        fraction = None if self.fraction_edit.error else self.fraction_edit.value()
        seed = None if self.seed_edit.error else self.seed_edit.value()
        path = self.val_folder_edit.text().strip() or None

        before = self.project.data.validation
        after = copy.deepcopy(before)
        after.kind, after.path = kind, path
        if fraction is not None:
            after.fraction = fraction
        if seed is not None:
            after.seed = seed
        # Typing on in one field stays one step (the key names the fields this edit changes).
        self._edit(self._validation_step, lambda data: setattr(data, "validation", copy.deepcopy(after)),
                   merge_key=("validation", changed_keys(vars(before), vars(after))))

    def _validation_step(self, before, after) -> str:
        """What Edit › Undo calls a validation edit: "Validation split 0.25 → 0.2", "No validation"."""
        b, a = before.validation, after.validation
        if a.kind != b.kind:
            return {"split": self.tr("Validation split {fraction}").format(fraction=value_text(a.fraction)),
                    "folder": self.tr("Validation folder {name}").format(name=Path(a.path).name if a.path else "–"),
                    "builtin": self.tr("Validation on the data set's test split"),
                    "none": self.tr("No validation")}.get(a.kind, a.kind)
        labels = {"fraction": self.tr("Validation split"), "seed": self.tr("Validation seed"),
                  "path": self.tr("Validation folder")}
        return changes(vars(b), vars(a), label=lambda k: labels.get(k, k)) or self.tr("Validation")

    def _ops_edited(self, name: str, ops: list, text: str, merge_key, select: int) -> None:
        self._edit(text, lambda data: setattr(data, name, ops), focus=(name, select), merge_key=merge_key)

    def _loader_edited(self) -> None:
        values = {name: e.value() for name, e in self.loader_editors.items() if not e.error}
        loader = vars(self.project.data.loader)

        def step(b, a) -> str:  # "batch_size 16 → 32"
            return changes(vars(b.loader), vars(a.loader), label=field_label) or self.tr("Loader")

        self._edit(step, lambda data: [setattr(data.loader, k, v) for k, v in values.items()] and None,
                   merge_key=("loader", changed_keys(loader, {**loader, **values})))

    def _color_edited(self) -> None:
        mode = self.color_combo.currentData()
        self._edit(self.tr("Colour: {mode}").format(mode=self.color_combo.currentText()),
                   lambda data: setattr(data, "color_mode", mode))

    # -- what the data looks like (PreparedData) -----------------------------------------
    def _preparing(self) -> None:
        self.summary_label.setText(self.tr("Reading the data set…"))
        self.status.emit(self.tr("Reading the data set…"))

    def _show_scan_progress(self, done: int, total: int) -> None:
        if done < total:
            text = self.tr("Checking images: {done} of {total}…").format(done=f"{done:,}", total=f"{total:,}")
            self.summary_label.setText(text)
            self.status.emit(text)

    def _prepare_failed(self, error: str) -> None:
        self.summary_label.setText(f"<span style='color:#b3261e'>{html.escape(error)}</span>")
        self.bars.set_counts([], [], [])
        self.skipped_label.setText("")
        self.skipped_button.hide()
        for top, bottom in self.preview_labels:
            top.clear()
            bottom.clear()
        for caption in self.preview_captions:
            caption.clear()
        self.status.emit(self.tr("The data set cannot be used: ") + error)

    def _prepared(self, bundle) -> None:
        s = bundle.summary()
        shape = "×".join(map(str, bundle.input_shape))
        lines = [self.tr("<b>{classes} classes</b> — {train} training, {val} validation images").format(
                     classes=bundle.num_classes, train=s['train_samples'], val=s['val_samples']),
                 self.tr("Input shape after transforms: <b>{shape}</b>").format(shape=shape)
                 + (" · " + (self.tr("read as RGB") if bundle.color_mode == "RGB" else self.tr("read as grayscale"))
                    if bundle.color_mode else ""),
                 f"<span style='color:#666'>{html.escape(s['source'])}</span>"]
        lines += ["<span style='color:#8a5a00'>" + self.tr("note: {note}").format(note=html.escape(n)) + "</span>"
                  for n in bundle.notes]
        lines += ["<span style='color:#b3261e'>" + self.tr("warning: {warning}").format(warning=html.escape(say(w)))
                  + "</span>" for w in bundle.warnings(self.project.data.loader.batch_size)]
        self.summary_label.setText("<br>".join(lines))
        self.bars.set_counts(bundle.classes, bundle.counts("train"), bundle.counts("val"))
        n = len(bundle.skipped)
        self.skipped_label.setText(self.tr("No files skipped") if not n else self.tr("1 file skipped") if n == 1
                                   else self.tr("{n} files skipped").format(n=n))
        self.skipped_button.setVisible(bool(n))
        self.status.emit(self.tr("Data: {num_classes} classes, {value} + {value2} images, input {shape}").format(
            num_classes=bundle.num_classes, value=s['train_samples'], value2=s['val_samples'], shape=shape))
        self.refresh_preview()

    def show_skipped(self) -> None:
        if not self.bundle:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Skipped files"))
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit("\n".join(f"{s.path}: {s.reason}" for s in self.bundle.skipped))
        text.setReadOnly(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(700, 400)
        dialog.open()
        self.skipped_dialog = dialog

    # -- preview and mean/std ---------------------------------------------------
    def refresh_preview(self, new_sample: bool = False) -> None:
        if self.bundle is None:
            return
        from workbench.core.data.preview import preview_samples

        self._preview_seed = getattr(self, "_preview_seed", 0) + (1 if new_sample else 0)
        self.preview_task.start(preview_samples, self.bundle, PREVIEW_COUNT, self._preview_seed)

    def _show_preview(self, samples) -> None:
        for i, ((top, bottom), caption) in enumerate(zip(self.preview_labels, self.preview_captions)):
            if i < len(samples):
                raw, after, name = samples[i]
                top.setPixmap(_pixmap(raw))
                bottom.setPixmap(_pixmap(after))
                # The class, as the model is told it: a name too long for the column is shortened in the middle
                # (whole in the tooltip).
                width = caption.width() - 2
                caption.setText(caption.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, width))
                caption.setToolTip(name)
                top.setToolTip(self.tr("{name} — {value}×{value2} as read").format(name=name, value=raw.shape[1], value2=raw.shape[0]))
                bottom.setToolTip(self.tr("{name} — {value}×{value2} after the pipeline").format(name=name, value=after.shape[1], value2=after.shape[0]))
            else:
                top.clear()
                bottom.clear()
                caption.clear()
        self.preview_shown = len(samples)

    def compute_mean_std(self) -> None:
        if self.bundle is None:
            self.status.emit(self.tr("Choose a data set first"))
            return
        from workbench.core.data.datasets import compute_mean_std as mean_std

        self.mean_std_button.setEnabled(False)
        self.status.emit(self.tr("Computing mean and std of the training images…"))
        self.mean_std_task.start(mean_std, self.bundle)

    def _mean_std_failed(self, error: BaseException) -> None:
        self.mean_std_button.setEnabled(True)
        self.status.emit(self.tr("Mean/std failed: {error}").format(error=error_text(error)))

    def _set_normalize(self, result) -> None:
        self.mean_std_button.setEnabled(True)
        mean, std = result
        ops = list(self.project.data.transforms)
        at = next((i for i, op in enumerate(ops) if op.type == "Normalize"), None)
        if at is None:
            at = next((i + 1 for i, op in enumerate(ops) if op.type == "ToTensor"), len(ops))
            ops.insert(at, Op("Normalize", {"mean": mean, "std": std}))
        else:
            ops[at] = Op("Normalize", {"mean": mean, "std": std})
        self._ops_edited("transforms", ops, self.tr("Normalize with the measured mean/std"), None, at)
        self.status.emit(self.tr("Normalize: mean {mean}, std {std}").format(mean=mean, std=std))

    # -- downloads (a separate process, so Cancel can really stop it) ------------
    def start_download(self) -> None:
        src = self.project.data.source
        if src.kind != "torchvision" or self._download is not None:
            return
        info = BUILTIN_DATASETS[src.name]
        root = self.project.resolve(src.root or "data")
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.finished.connect(lambda code, _status: self._download_finished(code))
        self._download = proc
        self._download_root, self._download_total = root, max(1, info.size_mb) * 1_000_000
        self._download_start = _folder_size(root)
        self.download_bar.setRange(0, 1000)
        self.download_bar.setValue(0)
        self.download_bar.show()
        self.download_cancel.show()
        self.download_button.setEnabled(False)
        self._download_timer = QTimer(self)
        self._download_timer.timeout.connect(self._download_progress)
        self._download_timer.start(300)
        self.status.emit(self.tr("Downloading {name} (about {size_mb} MB) into {root}…").format(name=info.name, size_mb=info.size_mb, root=root))
        proc.start(sys.executable, self.download_command(info, root))

    @staticmethod
    def download_command(info, root: Path) -> list[str]:
        """Arguments for a Python child that downloads both splits (torchvision reports no progress to hook,
        so the bar follows the bytes arriving under ``root``)."""
        script = ("import sys, torchvision\n"
                  "name, root, style = sys.argv[1:4]\n"
                  "cls = getattr(torchvision.datasets, name)\n"
                  "for train in (True, False):\n"
                  "    kw = {'train': train} if style == 'train' else {'split': 'train' if train else 'test'}\n"
                  "    cls(root=root, download=True, **kw)\n")
        return ["-c", script, info.name, str(root), info.split_style]

    def _download_progress(self) -> None:
        done = _folder_size(self._download_root) - self._download_start
        self.download_bar.setValue(min(999, int(1000 * done / self._download_total)))

    def cancel_download(self) -> None:
        if self._download is not None:
            self._download_cancelled = True
            self._download.kill()

    def _download_finished(self, code: int) -> None:
        proc, self._download = self._download, None
        self._download_timer.stop()
        self.download_bar.hide()
        self.download_cancel.hide()
        self.download_button.setEnabled(True)
        if getattr(self, "_download_cancelled", False):
            self._download_cancelled = False
            self.status.emit(self.tr("Download cancelled"))
        elif code == 0:
            self.status.emit(self.tr("Download finished"))
            self.prepared.schedule(immediately=True)
        else:
            tail = bytes(proc.readAll()).decode(errors="replace").strip().splitlines()
            self.status.emit(self.tr("Download failed: ") + (tail[-1] if tail else self.tr("exit status {code}").format(code=code)))
        proc.deleteLater()

    def shutdown(self) -> None:
        """Called on close: a download must not outlive the window; its tasks are cancelled."""
        self.preview_task.cancel()
        self.mean_std_task.cancel()
        if self._download is not None:
            self._download_cancelled = True
            self._download.kill()
            self._download.waitForFinished(3000)


def _show_text(edit: QLineEdit, text: str) -> None:
    """Show the project's value; leave the field alone while it already says so (the cursor stays put)."""
    if edit.text() != text:
        edit.setText(text)


def _pixmap(rgb) -> QPixmap:
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    # Small images are scaled up with nearest neighbour: blurring a 28×28 digit hides what the model sees.
    mode = (Qt.TransformationMode.FastTransformation if max(h, w) <= PREVIEW_SIZE
            else Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image).scaled(PREVIEW_SIZE, PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio, mode)


def _folder_size(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(dirpath, f))
            except OSError:
                pass
    return total
