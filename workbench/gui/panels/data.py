"""The dataset panel: source, validation, transforms and augmentation, loader, summary and preview.

It edits the project's ``data`` section and, after each change (debounced),
asks core's `prepare_data` on the thread pool what the data looks like:
classes and counts, input shape, skipped files. The result feeds the class
bar chart, the sample preview and the model panel's shape inference.
"""

from __future__ import annotations

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
from workbench.core.project.schema import Op, Project
from workbench.gui.desktop.i18n import field_label
from workbench.gui.runs.background import ProgressPoll, run_task
from workbench.gui.widgets.param_editors import OpForm, ParamEditor

PREVIEW_COUNT = 4
PREVIEW_SIZE = 64
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
    """An ordered list of catalogue operations (transforms): add, remove, reorder, and a form for the selected."""

    changed = Signal()

    def __init__(self, title: str, ops: list[Op], random_only: bool | None, parent=None):
        super().__init__(title, parent)
        self.ops = ops
        self.random_only = random_only
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
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
        self.refresh()

    def set_ops(self, ops: list[Op]) -> None:
        self.ops = ops
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        current = self.list.currentRow() if select is None else select
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for op in self.ops:
            args = ", ".join(f"{k}={v}" for k, v in op.args.items())
            self.list.addItem(f"{op.type}({args})")
        self.list.blockSignals(blocked)
        self.list.setCurrentRow(min(current, len(self.ops) - 1) if self.ops else -1)
        self._show_form(self.list.currentRow())

    def add(self, name: str) -> None:
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(self.ops)
        self.ops.insert(at, Op(name, {}))
        self.refresh(at)
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            del self.ops[row]
            self.refresh(max(0, row - 1))
            self.changed.emit()

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row >= 0 and 0 <= target < len(self.ops):
            self.ops.insert(target, self.ops.pop(row))
            self.refresh(target)
            self.changed.emit()

    def _show_form(self, row: int) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        if 0 <= row < len(self.ops):
            op = self.ops[row]
            self.form = OpForm(TRANSFORMS[op.type], op.args)
            self.form.changed.connect(lambda args, r=row: self._edited(r, args))
            self.form_host.addWidget(self.form)

    def _edited(self, row: int, args: dict) -> None:
        self.ops[row] = Op(self.ops[row].type, args)
        item = self.list.item(row)
        if item is not None:
            item.setText(f"{self.ops[row].type}({', '.join(f'{k}={v}' for k, v in args.items())})")
        self.changed.emit()


class DatasetPanel(QWidget):
    changed = Signal()  # the project's data section changed (dirty)
    data_ready = Signal(object)  # a DataBundle, or None when the data cannot be opened
    status = Signal(str)

    def __init__(self, project: Project, settings=None, parent=None):
        super().__init__(parent)
        self.project = project
        self.settings = settings
        self.torch_ready = False
        self.bundle = None
        self.error: str | None = None
        self._generation = 0
        self._scan_progress = ProgressPoll(self._show_scan_progress, self)
        self._preview_generation = 0
        self._download: QProcess | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(300)
        self._prepare_timer.timeout.connect(self.prepare_now)
        self._build()
        self.set_project(project)

    # -- layout --------------------------------------------------------------
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
        self.val_folder_edit.setPlaceholderText(self.tr("validation folder (same class names)"))
        self.val_folder_edit.editingFinished.connect(self._validation_changed)
        vrow.addWidget(self.val_folder_edit, 1)
        self.val_folder_button = QPushButton(self.tr("Choose…"))
        self.val_folder_button.clicked.connect(self.choose_val_folder)
        vrow.addWidget(self.val_folder_button)
        vform.addRow(self.tr("Folder"), vrow)
        ll.addWidget(box)

        # Transforms
        self.transforms_editor = OpListEditor(self.tr("Transforms (training and validation)"), [], None)
        self.transforms_editor.changed.connect(self._data_edited)
        ll.addWidget(self.transforms_editor)
        self.mean_std_button = QPushButton(self.tr("Compute mean/std"))
        self.mean_std_button.setToolTip(self.tr("Measure the training images' per-channel mean and std and put them in a Normalize transform (added after ToTensor if there is none)"))
        self.mean_std_button.clicked.connect(self.compute_mean_std)
        ll.addWidget(self.mean_std_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.augment_editor = OpListEditor(self.tr("Augmentation (training only, random)"), [], True)
        self.augment_editor.changed.connect(self._data_edited)
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
        for i in range(PREVIEW_COUNT):
            top, bottom = QLabel(), QLabel()
            for lab in (top, bottom):
                lab.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
                lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
                lab.setStyleSheet("background: #eee;")
            self.preview_grid.addWidget(top, 0, i)
            self.preview_grid.addWidget(bottom, 1, i)
            self.preview_labels.append((top, bottom))
        self.preview_grid.setColumnStretch(PREVIEW_COUNT, 1)  # keep the thumbnails together on the left
        pv.addLayout(self.preview_grid)
        self.resample_button = QPushButton(self.tr("Re-sample"))
        self.resample_button.setToolTip(self.tr("Show other images and new random augmentations"))
        self.resample_button.clicked.connect(self.refresh_preview)
        pv.addWidget(self.resample_button, 0, Qt.AlignmentFlag.AlignLeft)
        rl.addWidget(box)
        rl.addStretch(1)
        self._edit_widgets = [self.kind_folder, self.kind_builtin, self.folder_edit, self.folder_button,
                              *self.builtin_widgets, self.val_combo, self.fraction_edit, self.seed_edit,
                              self.val_folder_edit, self.val_folder_button, self.transforms_editor,
                              self.augment_editor, self.mean_std_button, *self.loader_editors.values()]

    # -- project in ----------------------------------------------------------
    def set_project(self, project: Project) -> None:
        self.project = project
        d = project.data
        widgets = [self.kind_folder, self.kind_builtin, self.builtin_combo, self.root_edit, self.download_box,
                   self.val_combo]
        blocked = [w.blockSignals(True) for w in widgets]
        self.kind_folder.setChecked(d.source.kind == "folder")
        self.kind_builtin.setChecked(d.source.kind == "torchvision")
        self.folder_edit.setText(str(project.resolve(d.source.path)) if d.source.path else "")
        if d.source.name:
            self.builtin_combo.setCurrentIndex(max(0, self.builtin_combo.findData(d.source.name)))
        self.root_edit.setText(d.source.root or "")
        self.download_box.setChecked(d.source.download)
        self.val_combo.setCurrentIndex(max(0, self.val_combo.findData(d.validation.kind)))
        for w, b in zip(widgets, blocked):
            w.blockSignals(b)
        self.fraction_edit.set_value(d.validation.fraction)
        self.seed_edit.set_value(d.validation.seed)
        self.val_folder_edit.setText(str(project.resolve(d.validation.path)) if d.validation.path else "")
        self.transforms_editor.set_ops(d.transforms)
        self.augment_editor.set_ops(d.augment)
        for name, editor in self.loader_editors.items():
            editor.set_value(getattr(d.loader, name))
        self._update_enabled()
        self.schedule_prepare(immediately=True)

    def set_torch_ready(self) -> None:
        self.torch_ready = True
        self.schedule_prepare(immediately=True)

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
        model = self.val_combo.model()
        for i in range(self.val_combo.count()):
            k = self.val_combo.itemData(i)
            ok = not ((k == "folder" and not folder) or (k == "builtin" and folder))
            model.item(i).setEnabled(ok)
        self.fraction_edit.setEnabled(kind == "split")
        self.seed_edit.setEnabled(kind == "split")
        self.val_folder_edit.setEnabled(kind == "folder")
        self.val_folder_button.setEnabled(kind == "folder")

    # -- edits ---------------------------------------------------------------
    def _last_dir(self) -> str:
        if self.settings is not None:
            return str(self.settings.value("last_data_dir", str(Path.home())))
        return str(Path.home())

    def _remember_dir(self, path: str) -> None:
        if self.settings is not None:
            self.settings.setValue("last_data_dir", str(Path(path).parent))

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose an image folder"), self._last_dir())
        if path:
            self.set_folder(path)

    def choose_val_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a validation folder"), self._last_dir())
        if path:
            self.val_folder_edit.setText(path)
            self._validation_changed()

    def choose_root(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for built-in data sets"), self._last_dir())
        if path:
            self.root_edit.setText(path)
            self._builtin_changed()

    def set_folder(self, path: str) -> None:
        """Use an image folder as the source (from the button, the text field or a drop on the window)."""
        path = path.strip()
        src = self.project.data.source
        if src.kind == "folder" and src.path and path and self.project.resolve(src.path) == Path(path):
            return
        src.kind, src.path = "folder", path or None
        if self.project.data.validation.kind == "builtin":
            self.project.data.validation.kind = "split"
        if path:
            self._remember_dir(path)
        self.set_project(self.project)
        self.changed.emit()

    def _kind_changed(self) -> None:
        src = self.project.data.source
        kind = "folder" if self.kind_folder.isChecked() else "torchvision"
        if kind == src.kind:
            return
        src.kind = kind
        if kind == "torchvision":
            src.name = src.name or self.builtin_combo.currentData()
            src.root = src.root or (self.root_edit.text().strip() or "data")
            if self.project.data.validation.kind == "folder":
                self.project.data.validation.kind = "builtin"
        elif self.project.data.validation.kind == "builtin":
            self.project.data.validation.kind = "split"
        self.set_project(self.project)
        self.changed.emit()

    def _builtin_changed(self, *_):
        src = self.project.data.source
        if src.kind != "torchvision":
            return
        src.name = self.builtin_combo.currentData()
        src.root = self.root_edit.text().strip() or "data"
        src.download = self.download_box.isChecked()
        self._data_edited()

    def _validation_changed(self, *_):
        v = self.project.data.validation
        v.kind = self.val_combo.currentData()
        if not self.fraction_edit.error:
            v.fraction = self.fraction_edit.value()
        if not self.seed_edit.error:
            v.seed = self.seed_edit.value()
        v.path = self.val_folder_edit.text().strip() or None
        self._update_enabled()
        self._data_edited()

    def _loader_edited(self) -> None:
        for name, editor in self.loader_editors.items():
            if not editor.error:
                setattr(self.project.data.loader, name, editor.value())
        self.changed.emit()

    def _data_edited(self) -> None:
        self.changed.emit()
        self.schedule_prepare()

    # -- preparing the data ----------------------------------------------------
    def schedule_prepare(self, immediately: bool = False) -> None:
        if not self.torch_ready:
            return
        if immediately:
            self._prepare_timer.stop()
            self.prepare_now()
        else:
            self._prepare_timer.start()

    def prepare_now(self) -> None:
        from workbench.core.data.datasets import prepare_data

        self._generation += 1
        generation = self._generation
        self.summary_label.setText(self.tr("Reading the data set…"))
        self.status.emit(self.tr("Reading the data set…"))
        run_task(prepare_data, self.project.copy(), self._scan_progress.reporter(),
                 on_done=lambda b: self._prepared(generation, b, None),
                 on_error=lambda e: self._prepared(generation, None, e))

    def _show_scan_progress(self, done: int, total: int) -> None:
        if done < total:
            text = self.tr("Checking images: {done} of {total}…").format(done=f"{done:,}", total=f"{total:,}")
            self.summary_label.setText(text)
            self.status.emit(text)

    def _prepared(self, generation: int, bundle, error: str | None) -> None:
        if generation != self._generation:
            return  # an older request: the settings changed since
        self._scan_progress.stop()
        self.bundle, self.error = bundle, error
        if bundle is None:
            self.summary_label.setText(f"<span style='color:#b3261e'>{error}</span>")
            self.bars.set_counts([], [], [])
            self.skipped_label.setText("")
            self.skipped_button.hide()
            for top, bottom in self.preview_labels:
                top.clear()
                bottom.clear()
            self.status.emit(self.tr("The data set cannot be used: ") + (error or ""))
        else:
            s = bundle.summary()
            shape = "×".join(map(str, bundle.input_shape))
            lines = [self.tr("<b>{classes} classes</b> — {train} training, {val} validation images").format(
                         classes=bundle.num_classes, train=s['train_samples'], val=s['val_samples']),
                     self.tr("Input shape after transforms: <b>{shape}</b>").format(shape=shape),
                     f"<span style='color:#666'>{s['source']}</span>"]
            lines += ["<span style='color:#8a5a00'>" + self.tr("note: {note}").format(note=n) + "</span>"
                      for n in bundle.notes]
            self.summary_label.setText("<br>".join(lines))
            self.bars.set_counts(bundle.classes, bundle.counts("train"), bundle.counts("val"))
            n = len(bundle.skipped)
            self.skipped_label.setText(self.tr("No files skipped") if not n else self.tr("1 file skipped") if n == 1
                                       else self.tr("{n} files skipped").format(n=n))
            self.skipped_button.setVisible(bool(n))
            self.status.emit(self.tr("Data: {num_classes} classes, {value} + {value2} images, input {shape}").format(num_classes=bundle.num_classes, value=s['train_samples'], value2=s['val_samples'], shape=shape))
            self.refresh_preview()
        self.data_ready.emit(bundle)

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
    def refresh_preview(self) -> None:
        if self.bundle is None:
            return
        from workbench.core.data.preview import preview_samples

        self._preview_generation += 1
        generation = self._preview_generation
        run_task(preview_samples, self.bundle, PREVIEW_COUNT, generation,
                 on_done=lambda samples: self._show_preview(generation, samples),
                 on_error=lambda e: self.status.emit(self.tr("Preview failed: {e}").format(e=e)))

    def _show_preview(self, generation: int, samples) -> None:
        if generation != self._preview_generation:
            return
        for i, (top, bottom) in enumerate(self.preview_labels):
            if i < len(samples):
                raw, after, name = samples[i]
                top.setPixmap(_pixmap(raw))
                bottom.setPixmap(_pixmap(after))
                top.setToolTip(self.tr("{name} — {value}×{value2} as read").format(name=name, value=raw.shape[1], value2=raw.shape[0]))
                bottom.setToolTip(self.tr("{name} — {value}×{value2} after the pipeline").format(name=name, value=after.shape[1], value2=after.shape[0]))
            else:
                top.clear()
                bottom.clear()
        self.preview_shown = len(samples)

    def compute_mean_std(self) -> None:
        if self.bundle is None:
            self.status.emit(self.tr("Choose a data set first"))
            return
        from workbench.core.data.datasets import compute_mean_std as mean_std

        self.mean_std_button.setEnabled(False)
        self.status.emit(self.tr("Computing mean and std of the training images…"))
        run_task(mean_std, self.bundle, on_done=self._set_normalize, on_error=self._mean_std_failed)

    def _mean_std_failed(self, error: str) -> None:
        self.mean_std_button.setEnabled(True)
        self.status.emit(self.tr("Mean/std failed: {error}").format(error=error))

    def _set_normalize(self, result) -> None:
        self.mean_std_button.setEnabled(True)
        mean, std = result
        ops = self.project.data.transforms
        args = {"mean": mean, "std": std}
        at = next((i for i, op in enumerate(ops) if op.type == "Normalize"), None)
        if at is None:
            at = next((i + 1 for i, op in enumerate(ops) if op.type == "ToTensor"), len(ops))
            ops.insert(at, Op("Normalize", args))
        else:
            ops[at] = Op("Normalize", args)
        self.transforms_editor.refresh(at)
        self.status.emit(self.tr("Normalize: mean {mean}, std {std}").format(mean=mean, std=std))
        self._data_edited()

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
            self.schedule_prepare(immediately=True)
        else:
            tail = bytes(proc.readAll()).decode(errors="replace").strip().splitlines()
            self.status.emit(self.tr("Download failed: ") + (tail[-1] if tail else self.tr("exit status {code}").format(code=code)))
        proc.deleteLater()

    def shutdown(self) -> None:
        """Called on close: a download must not outlive the window."""
        if self._download is not None:
            self._download_cancelled = True
            self._download.kill()
            self._download.waitForFinished(3000)


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
