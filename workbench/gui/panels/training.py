"""Training settings: loss, optimizer, scheduler (each a form from its catalogue), epochs, device, seed,
mixed precision, early stopping. Each change is one undoable edit of the document's ``training`` section.

Find learning rate… asks the window (``find_lr_requested``) to run the learning-rate finder: the window owns
the processes; the panel only shows that one is running (`set_finding`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.catalogs.base import Catalog
from workbench.core.catalogs.training import LOSSES, OPTIMIZERS, SCHEDULERS
from workbench.core.project.fields import EARLY_FIELDS, FINETUNE_FIELDS, TRAINING_SCALARS
from workbench.core.project.schema import EarlyStopping, Finetune, Op, Project
from workbench.gui.desktop.i18n import field_label
from workbench.gui.document import Document
from workbench.gui.step_names import changed_keys, changes, defaults_of, value_text
from workbench.gui.widgets.param_editors import OpForm, ParamEditor


def available_devices() -> list[tuple[str, str]]:
    """(value, label) for the device menu: "auto", then each device core finds here, with names and memory."""
    from workbench.core.training import device

    found = device.available_devices()
    best = next((d for d in found if d.id != "cpu"), found[0])
    auto = QCoreApplication.translate("TrainingPanel", "auto — {name}").format(name=best.name)
    choices = [("auto", auto)] + [(d.id, f"{d.id} — {d.name}") for d in found]
    gpus = sum(d.id.startswith("cuda:") for d in found)
    if gpus > 1:  # one process per GPU through torchrun (docs/distributed.md)
        choices.append((ALL_GPUS, QCoreApplication.translate(
            "TrainingPanel", "All GPUs ({count}) — data-parallel, one process each").format(count=gpus)))
    return choices


# The device menu's "all GPUs" entry: not a project value (the project says "cuda"), a way to run it.
ALL_GPUS = "all-gpus"


class _OpChooser(QGroupBox):
    """A catalogue combo box and the form for the chosen entry's arguments. It proposes changes
    (``edited(op or None, new_type)``) and shows what the project holds (`set_op`)."""

    edited = Signal(object, bool)  # the proposed Op (None: no scheduler), whether the type changed

    def __init__(self, title: str, catalog: Catalog, optional: bool, parent=None):
        super().__init__(title, parent)
        self.catalog = catalog
        self.op: Op | None = None
        layout = QVBoxLayout(self)
        self.combo = QComboBox()
        if optional:
            self.combo.addItem(self.tr("None"), None)
        for name, op in catalog.items():
            self.combo.addItem(name, name)
            self.combo.setItemData(self.combo.count() - 1, op.summary or name, 3)  # Qt.ToolTipRole
        self.combo.currentIndexChanged.connect(self._type_changed)
        layout.addWidget(self.combo)
        self.doc = QLabel()
        self.doc.setWordWrap(True)
        self.doc.setStyleSheet("color: #666;")
        layout.addWidget(self.doc)
        self.form_host = QVBoxLayout()
        layout.addLayout(self.form_host)
        self.form: OpForm | None = None

    def set_op(self, op: Op | None) -> None:
        same_type = self.op is not None and op is not None and self.op.type == op.type and self.form is not None
        self.op = Op(op.type, dict(op.args)) if op is not None else None
        blocked = self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(op.type if op else None)))
        self.combo.blockSignals(blocked)
        if same_type:  # keep the form (and what is being typed in it); show values an undo changed
            if self.form.args() != op.args:
                self.form.set_args(op.args)
            return
        self._rebuild()

    def _rebuild(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        self.doc.setText(self.catalog[self.op.type].summary if self.op else "")
        self.doc.setVisible(bool(self.doc.text()))
        if self.op is not None:
            self.form = OpForm(self.catalog[self.op.type], self.op.args)
            self.form.changed.connect(self._args_changed)
            self.form_host.addWidget(self.form)

    def _type_changed(self) -> None:
        name = self.combo.currentData()
        if name is None:
            self.edited.emit(None, True)
            return
        # Carry over the arguments the new type shares (the learning rate, weight decay) that were chosen: one
        # still at the old type's default takes the new type's (core's rule, OpType.take_over).
        keep = self.catalog[name].take_over(self.catalog[self.op.type], self.op.args) if self.op else {}
        self.edited.emit(Op(name, keep), True)

    def _args_changed(self, args: dict) -> None:
        self.edited.emit(Op(self.op.type, args), False)


def _optional_group(title: str, fields, edited) -> tuple[QGroupBox, dict[str, ParamEditor]]:
    """A checkable group for a setting that is off or a small dataclass: one editor per field."""
    box = QGroupBox(title)
    box.setCheckable(True)
    box.toggled.connect(edited)
    form = QFormLayout(box)
    editors: dict[str, ParamEditor] = {}
    for p in fields:
        editor = ParamEditor(p)
        editor.changed.connect(edited)
        form.addRow(field_label(p.name), editor)
        editors[p.name] = editor
    return box, editors


def _show_optional(box: QGroupBox, editors: dict, value, on: bool) -> None:
    blocked = box.blockSignals(True)
    box.setChecked(on)
    box.blockSignals(blocked)
    for name, editor in editors.items():
        editor.show_value(getattr(value, name))


class TrainingPanel(QScrollArea):
    find_lr_requested = Signal()

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        cols = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)

        self.loss = _OpChooser(self.tr("Loss"), LOSSES, optional=False)
        self.loss.edited.connect(lambda op, new: self._op_edited("loss", self.tr("Loss"), op, new))
        left.addWidget(self.loss)
        self.optimizer = _OpChooser(self.tr("Optimizer"), OPTIMIZERS, optional=False)
        self.optimizer.edited.connect(lambda op, new: self._op_edited("optimizer", self.tr("Optimizer"), op, new))
        left.addWidget(self.optimizer)
        self.find_lr_button = QPushButton(self.tr("Find learning rate…"))
        self.find_lr_button.setToolTip(self.tr(
            "Train briefly while the learning rate rises from very low to very high, and suggest a rate from how "
            "the loss falls (the project changes only when you choose Use)"))
        self.find_lr_button.clicked.connect(self.find_lr_requested)
        row = QHBoxLayout()
        row.addWidget(self.find_lr_button)
        row.addStretch(1)
        left.addLayout(row)
        left.addStretch(1)

        self.scheduler = _OpChooser(self.tr("Learning-rate scheduler"), SCHEDULERS, optional=True)
        self.scheduler.edited.connect(lambda op, new: self._op_edited("scheduler", self.tr("Scheduler"), op, new))
        right.addWidget(self.scheduler)

        box = QGroupBox(self.tr("Run"))
        form = QFormLayout(box)
        self.scalar_editors: dict[str, ParamEditor] = {}
        for p in TRAINING_SCALARS:
            if p.name == "device":
                self.device_combo = QComboBox()
                self.device_combo.addItem(self.tr("auto (best available)"), "auto")
                self.device_combo.addItem("CPU", "cpu")
                self.device_combo.setToolTip(self.tr("The devices PyTorch finds on this machine"))
                # As wide as its longest entry ("auto — CPU (x86_64, 2 threads)"): a device name cut short
                # cannot be told from another.
                self.device_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                self.device_combo.currentIndexChanged.connect(self._device_edited)
                form.addRow(field_label("device"), self.device_combo)
                continue
            editor = ParamEditor(p)
            editor.changed.connect(lambda name=p.name: self._scalar_edited(name))
            form.addRow(field_label(p.name), editor)
            self.scalar_editors[p.name] = editor
        right.addWidget(box)

        self.early_box, self.early_editors = _optional_group(self.tr("Early stopping"), EARLY_FIELDS,
                                                             self._early_edited)
        self.early_box.setToolTip(self.tr("Stop when the monitored validation metric has not improved for 'patience' epochs"))
        right.addWidget(self.early_box)
        self.finetune_box, self.finetune_editors = _optional_group(
            self.tr("Fine-tuning schedule (pretrained base)"), FINETUNE_FIELDS, self._finetune_edited)
        right.addWidget(self.finetune_box)
        right.addStretch(1)
        self._all_gpus = False  # "All GPUs" chosen: not a project value (the project says "cuda"), a way to run it
        document.changed.connect(self._document_changed)
        document.replaced.connect(self.show_project)
        self.show_project()

    @property
    def project(self) -> Project:
        return self.document.project

    def _document_changed(self, section: str, _focus) -> None:
        if section in ("training", "model"):  # the fine-tuning schedule is for a pretrained base only
            self.show_project()

    def show_project(self) -> None:
        t = self.project.training
        self.loss.set_op(t.loss)
        self.optimizer.set_op(t.optimizer)
        self.scheduler.set_op(t.scheduler)
        for name, editor in self.scalar_editors.items():
            editor.show_value(getattr(t, name))
        self._select_device(t.device)
        _show_optional(self.early_box, self.early_editors, t.early_stopping or EarlyStopping(),
                       t.early_stopping is not None)
        _show_optional(self.finetune_box, self.finetune_editors, t.finetune or Finetune(), t.finetune is not None)
        has_base = self.project.model.base is not None
        # Off and greyed for a layer stack (which has no backbone), but a schedule already set stays visible.
        self.finetune_box.setEnabled(has_base or t.finetune is not None)
        self.finetune_box.setToolTip(self.tr(
            "Train the new head alone for the first epochs (the pretrained backbone frozen), then the whole network, "
            "the backbone at a lower learning rate") if has_base else self.tr(
            "For a pretrained base (Model tab › Templates): this model has no backbone to hold back"))

    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        blocked = self.device_combo.blockSignals(True)
        self.device_combo.clear()
        for value, label in devices:
            self.device_combo.addItem(label, value)
        self.device_combo.blockSignals(blocked)
        self._select_device(self.project.training.device)

    def _select_device(self, device: str) -> None:
        blocked = self.device_combo.blockSignals(True)
        if self._all_gpus and device == "cuda" and self.device_combo.findData(ALL_GPUS) >= 0:
            device = ALL_GPUS
        i = self.device_combo.findData(device)
        if i < 0:  # a project made on another machine: keep its choice visible rather than dropping it
            self.device_combo.addItem(self.tr("{device} (not found here)").format(device=device), device)
            i = self.device_combo.count() - 1
        self.device_combo.setCurrentIndex(i)
        self.device_combo.blockSignals(blocked)

    def set_editable(self, editable: bool) -> None:
        self.widget().setEnabled(editable)

    def set_finding(self, finding: bool) -> None:
        """The learning-rate finder is running (its dialog shows the progress): one at a time."""
        self.find_lr_button.setEnabled(not finding)
        self.find_lr_button.setText(self.tr("Finding the learning rate…") if finding
                                    else self.tr("Find learning rate…"))

    # -- edits: each one undoable step ------------------------------------------------------
    def _edit(self, text: str, change, merge_key=None) -> None:
        self.document.edit("training", text, change, merge_key=merge_key)

    def _op_edited(self, field: str, title: str, op: Op | None, new_type: bool) -> None:
        if new_type or op is None:
            what = op.type if op is not None else self.tr("none")
            self._edit(self.tr("{title}: {what}").format(title=title, what=what), lambda t: setattr(t, field, op))
            return
        # An argument typed in the form: the step says which, from what to what ("lr 0.003 → 0.01").
        catalog = {"loss": LOSSES, "optimizer": OPTIMIZERS, "scheduler": SCHEDULERS}[field]
        defaults = defaults_of(catalog[op.type])
        before = getattr(self.project.training, field)

        def name(b, a) -> str:
            return changes(getattr(b, field).args, getattr(a, field).args, defaults=defaults) or title

        self._edit(name, lambda t: setattr(t, field, op),
                   merge_key=(field, op.type, changed_keys(before.args, op.args, defaults)))

    def _device_edited(self) -> None:
        choice = self.device_combo.currentData()
        self._all_gpus = choice == ALL_GPUS
        device = "cuda" if self._all_gpus else choice
        self._edit(self.tr("Device: {device}").format(device=device), lambda t: setattr(t, "device", device))

    @property
    def processes(self) -> int:
        """How many training processes the chosen device means: one, or one per GPU for "All GPUs"."""
        if self.device_combo.currentData() != ALL_GPUS:
            return 1
        return sum(str(self.device_combo.itemData(i)).startswith("cuda:") for i in range(self.device_combo.count()))

    def _scalar_edited(self, name: str) -> None:
        editor = self.scalar_editors[name]
        if editor.error:
            return
        value = editor.value()

        def step(b, a) -> str:  # "epochs 5 → 15"
            return f"{field_label(name)} {value_text(getattr(b, name))} → {value_text(getattr(a, name))}"

        self._edit(step, lambda t: setattr(t, name, value), merge_key=("scalar", name))

    def _finetune_edited(self, *_):
        self._optional_edited("finetune", Finetune, self.finetune_box, self.finetune_editors,
                              self.tr("Fine-tuning schedule on"), self.tr("Fine-tuning schedule off"),
                              self.tr("Fine-tuning schedule"))

    def _early_edited(self, *_):
        self._optional_edited("early_stopping", EarlyStopping, self.early_box, self.early_editors,
                              self.tr("Early stopping on"), self.tr("Early stopping off"), self.tr("Early stopping"))

    def _optional_edited(self, field: str, kind, box: QGroupBox, editors: dict, on: str, off: str, title: str):
        """A setting that is either off (None) or a small dataclass edited in a checkable group."""
        if not box.isChecked():
            self._edit(off, lambda t: setattr(t, field, None))
            return
        values = {n: e.value() for n, e in editors.items() if not e.error}
        value = kind(**{**vars(kind()), **values})
        current = getattr(self.project.training, field)
        if current is None:
            self._edit(on, lambda t: setattr(t, field, value))
            return

        def step(b, a) -> str:  # "patience 5 → 3"
            return changes(vars(getattr(b, field)), vars(getattr(a, field)), label=field_label) or title

        self._edit(step, lambda t: setattr(t, field, value),
                   merge_key=(field, changed_keys(vars(current), vars(value))))
