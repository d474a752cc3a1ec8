"""Experiments: a hyper-parameter sweep of the current project, started and watched from the window.

Public API (for the main window)::

    panel = ExperimentsPanel(document, launcher, folder=lambda: Path(...), parent=None)
    panel.status                     # Signal(str, int): a line for the status bar (text, milliseconds)
    panel.finished                   # Signal(): the sweep's process ended and its study was read once more
    panel.running -> bool            # a sweep's process is running (paused or not)
    panel.start() -> bool; panel.toggle_pause(); panel.stop(then=None); panel.shutdown()
    panel.rows; panel.add_parameter(path); panel.params() -> [Param] | None (None: a row is marked)
    panel.view -> StudyView | None; panel.select_trial(number); panel.open_as_project(number=None) -> bool

What to vary is a list of rows, one per project field (picked from "Add parameter", which lists this
project's own fields with a starting range each — core's `candidates`), checked with core's `check_space`
as they are typed: a row that does not fit is marked with the reason and Start is refused. Start saves a
copy of the project and runs ``workbench sweep COPY ... --json`` in a process of its own (the window's
RunLauncher, as exports run); the study lives in a journal file in ``folder()`` and the trials' run folders
in ``folder()/sweeps/STUDY``. While it runs, the study is read from its storage every second on the thread
pool, never on the GUI thread, into the table and the plots. Pause asks the sweep to start no new trial (the
running one finishes, then it holds: ``--pause-file``); Stop interrupts it as Ctrl+C would (the running
trials write their last.pt). "Open as project" gives the current project the chosen trial's values (or the
best trial's) as one undoable edit.
"""

from __future__ import annotations

import copy
import html
import math
import os
import re
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import ProjectError, WorkbenchError
from workbench.core.experiments.candidates import Candidate, candidates, value_of
from workbench.core.experiments.space import (
    KINDS,
    Param,
    check_space,
    default_space,
    parse_param,
    with_values,
)
from workbench.core.experiments.study import (
    StudyReader,
    StudyView,
    importances,
    journal_url,
    studies_in,
    warm_up,
)
from workbench.core.experiments.sweep import PRUNERS, SAMPLERS
from workbench.gui.desktop.i18n import field_label
from workbench.gui.document import Document
from workbench.gui.field_names import humanize
from workbench.gui.panels.run import format_seconds
from workbench.gui.runs.background import TaskSlot, error_text, run_task
from workbench.gui.runs.process import RunLauncher, RunProcess, project_copy
from workbench.gui.widgets.study_plots import (
    ImportanceChart,
    ParallelCoordinates,
    TrialCurves,
    format_value,
)

_warmed = False  # the study-reading imports were started (once per process)
POLL_MS = 1000  # how often a running sweep's study is read (on the thread pool)
VALIDATE_MS = 150  # rows are checked this long after the last keystroke

KIND_NAMES = {"log": QT_TRANSLATE_NOOP("ExperimentsPanel", "log range"),
              "float": QT_TRANSLATE_NOOP("ExperimentsPanel", "range"),
              "int": QT_TRANSLATE_NOOP("ExperimentsPanel", "integers"),
              "choice": QT_TRANSLATE_NOOP("ExperimentsPanel", "values")}
KIND_TIPS = {"log": QT_TRANSLATE_NOOP("ExperimentsPanel", "Any number from low to high, drawn on a log scale "
                                                          "(as many between 0.001 and 0.01 as between 0.01 and 0.1): "
                                                          "for learning rates and weight decay"),
             "float": QT_TRANSLATE_NOOP("ExperimentsPanel", "Any number from low to high"),
             "int": QT_TRANSLATE_NOOP("ExperimentsPanel", "Any whole number from low to high"),
             "choice": QT_TRANSLATE_NOOP("ExperimentsPanel", "One of the values listed, separated by commas")}
SAMPLER_NAMES = {"tpe": QT_TRANSLATE_NOOP("ExperimentsPanel", "TPE (learns from the trials)"),
                 "random": QT_TRANSLATE_NOOP("ExperimentsPanel", "Random"),
                 "grid": QT_TRANSLATE_NOOP("ExperimentsPanel", "Grid (every combination)")}
PRUNER_NAMES = {"median": QT_TRANSLATE_NOOP("ExperimentsPanel", "Median"),
                "hyperband": QT_TRANSLATE_NOOP("ExperimentsPanel", "Hyperband"),
                "none": QT_TRANSLATE_NOOP("ExperimentsPanel", "None")}
STATE_NAMES = {"COMPLETE": QT_TRANSLATE_NOOP("ExperimentsPanel", "complete"),
               "PRUNED": QT_TRANSLATE_NOOP("ExperimentsPanel", "pruned"),
               "FAIL": QT_TRANSLATE_NOOP("ExperimentsPanel", "failed"),
               "RUNNING": QT_TRANSLATE_NOOP("ExperimentsPanel", "running"),
               "WAITING": QT_TRANSLATE_NOOP("ExperimentsPanel", "waiting")}
STATE_COLOURS = {"PRUNED": (150, 110, 40), "FAIL": (180, 0, 32), "RUNNING": (30, 100, 200)}
ERROR_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"
PARAM_WIDTH = 72  # the low / high boxes
KIND_WIDTH = 112  # the kind of range


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExperimentsPanel", text)


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name or "", flags=re.UNICODE).strip("-.") or "sweep"


def long_label(c: Candidate | None, path: str) -> str:
    """A field as the "Add parameter" menu and the rows name it."""
    if c is None:
        return path
    if c.group == "training":
        return field_label(c.name)
    if c.group == "optimizer":
        if c.name == "type":
            return QCoreApplication.translate("ExperimentsPanel", "Optimizer type")
        return QCoreApplication.translate("ExperimentsPanel", "Optimizer ({type}) · {name}").format(
            type=c.owner, name=c.name)
    if c.group == "loss":
        return QCoreApplication.translate("ExperimentsPanel", "Loss ({type}) · {name}").format(
            type=c.owner, name=c.name)
    if c.group == "layer":
        return QCoreApplication.translate("ExperimentsPanel", "Layer {index} ({type}) · {name}").format(
            index=c.index, type=c.owner, name=c.name)
    return QCoreApplication.translate("ExperimentsPanel", "Augmentation {index} ({type}) · {name}").format(
        index=c.index, type=c.owner, name=c.name)


def row_label(c: Candidate | None, path: str) -> str:
    """A field as its row names it: the argument first (the rows are narrow), then whose it is."""
    if c is None:
        return path
    if c.group == "training":
        return field_label(c.name)
    if c.group == "optimizer" and c.name == "type":
        return QCoreApplication.translate("ExperimentsPanel", "optimizer")
    if c.group == "layer":
        return QCoreApplication.translate("ExperimentsPanel", "{name} · layer {index} ({type})").format(
            name=c.name, index=c.index, type=c.owner)
    if c.group == "augment":
        return f"{c.name} · {c.owner} ({c.index})"
    return f"{c.name} · {c.owner}"


def short_label(c: Candidate | None, path: str) -> str:
    """A field as the table's columns and the plots' axes name it."""
    if c is None:
        return path.rsplit(".", 1)[-1]
    if c.group == "training":
        return field_label(c.name)
    if c.group == "optimizer" and c.name == "type":
        return QCoreApplication.translate("ExperimentsPanel", "optimizer")
    if c.group in ("layer", "augment"):
        return f"{c.name} ({c.index})"
    return c.name


class ParamRow(QWidget):
    """One thing to vary: the field, the kind of range, low and high (or the values), and why it does not fit
    when it does not."""

    changed = Signal()
    remove_clicked = Signal(object)

    def __init__(self, path: str, kinds: tuple[str, ...], label: str, custom: bool = False, tip: str = "",
                 parent=None):
        super().__init__(parent)
        self._path = path
        self.kinds = kinds
        self.custom = custom
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if custom:
            self.path_edit = QLineEdit(path)
            self.path_edit.setPlaceholderText(self.tr("project path, e.g. training.optimizer.lr"))
            self.path_edit.textChanged.connect(self.changed)
            self.label = None
            row.addWidget(self.path_edit, 1)
        else:
            self.path_edit = None
            self.label = QLabel(label)  # whole, on two lines where the column is narrow
            self.label.setWordWrap(True)
            self.label.setToolTip(tip or path)
            self.label.setMinimumWidth(60)
            policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)
            self.label.setSizePolicy(policy)
            row.addWidget(self.label, 1)
        self.kind = QComboBox()
        for k in kinds:
            self.kind.addItem(_tr(KIND_NAMES[k]), k)
            self.kind.setItemData(self.kind.count() - 1, _tr(KIND_TIPS[k]), Qt.ItemDataRole.ToolTipRole)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind.setFixedWidth(KIND_WIDTH)
        row.addWidget(self.kind)
        self.low, self.high = QLineEdit(), QLineEdit()
        self.low.setPlaceholderText(QCoreApplication.translate("ExperimentsPanel", "low"))
        self.high.setPlaceholderText(QCoreApplication.translate("ExperimentsPanel", "high"))
        self.choices = QLineEdit()
        self.choices.setPlaceholderText(QCoreApplication.translate("ExperimentsPanel", "values, separated by commas"))
        for edit in (self.low, self.high):
            edit.setFixedWidth(PARAM_WIDTH)
            edit.textChanged.connect(self.changed)
            row.addWidget(edit)
        self.choices.setFixedWidth(2 * PARAM_WIDTH + row.spacing())
        self.choices.textChanged.connect(self.changed)
        row.addWidget(self.choices)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(QCoreApplication.translate("ExperimentsPanel", "Do not vary this"))
        self.remove.clicked.connect(lambda: self.remove_clicked.emit(self))
        row.addWidget(self.remove)
        outer.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        outer.addWidget(self.error)
        self.message: str | None = None
        self._sync_kind()

    @property
    def path(self) -> str:
        return self.path_edit.text().strip() if self.path_edit is not None else self._path

    @property
    def kind_name(self) -> str:
        return self.kind.currentData()

    def set_param(self, param: Param) -> None:
        blocked = [w.blockSignals(True) for w in (self.kind, self.low, self.high, self.choices)]
        index = self.kind.findData(param.kind)
        if index < 0:  # a kind this field's type does not take: shown, so that check_space can say why
            self.kind.addItem(_tr(KIND_NAMES[param.kind]), param.kind)
            index = self.kind.count() - 1
        self.kind.setCurrentIndex(index)
        if param.kind == "choice":
            self.choices.setText(", ".join(format_value(c) for c in param.choices))
        else:
            self.low.setText(format_value(param.low))
            self.high.setText(format_value(param.high))
        for w, b in zip((self.kind, self.low, self.high, self.choices), blocked):
            w.blockSignals(b)
        self._sync_kind()
        self.changed.emit()

    def spec(self) -> str:
        """``PATH=SPEC`` as the command line takes it."""
        if self.kind_name == "choice":
            return f"{self.path}=choice:" + ",".join(v.strip() for v in self.choices.text().split(","))
        return f"{self.path}={self.kind_name}:{self.low.text().strip()}:{self.high.text().strip()}"

    def param(self) -> Param:
        """The row as core's Param; ProjectError when it is malformed."""
        if not self.path:
            raise ProjectError("", QCoreApplication.translate("ExperimentsPanel", "name a project path"))
        if self.kind_name != "choice" and not (self.low.text().strip() and self.high.text().strip()):
            raise ProjectError(self.path, QCoreApplication.translate("ExperimentsPanel", "give both low and high"))
        return parse_param(self.spec())

    def mark(self, message: str | None) -> None:
        self.message = message
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        style = ERROR_STYLE if message else ""
        for w in (self.low, self.high, self.choices) + ((self.path_edit,) if self.path_edit else ()):
            w.setStyleSheet(style)
        self.setToolTip(message or "")

    def _kind_changed(self) -> None:
        """A range becomes values (its ends) and values a range (their smallest and largest number)."""
        if self.kind_name == "choice" and not self.choices.text().strip():
            ends = [t for t in (self.low.text().strip(), self.high.text().strip()) if t]
            self.choices.setText(", ".join(ends))
        elif self.kind_name != "choice" and self.choices.text().strip():
            numbers = []
            for text in self.choices.text().split(","):
                try:
                    numbers.append(float(text))
                except ValueError:
                    pass
            if len(numbers) >= 2:
                as_text = (lambda x: str(int(x))) if self.kind_name == "int" else format_value
                self.low.setText(as_text(min(numbers)))
                self.high.setText(as_text(max(numbers)))
        self._sync_kind()
        self.changed.emit()

    def _sync_kind(self) -> None:
        choice = self.kind_name == "choice"
        self.choices.setVisible(choice)
        self.low.setVisible(not choice)
        self.high.setVisible(not choice)


class ExperimentsPanel(QWidget):
    status = Signal(str, int)
    finished = Signal()

    def __init__(self, document: Document, launcher: RunLauncher, folder=None, parent=None):
        super().__init__(parent)
        self.document = document
        self.launcher = launcher
        self.folder = folder or (lambda: Path.cwd())
        self.rows: list[ParamRow] = []
        self.state = "idle"  # idle | starting | running | pausing | paused | stopping
        self.sweep: RunProcess | None = None
        self.view: StudyView | None = None
        self.reader: StudyReader | None = None
        self.importances: dict[str, float] = {}
        self.error: str | None = None  # why the last sweep ended badly
        self._work_dir: Path | None = None  # the project copy and the pause file
        self._failure: str | None = None
        self._then = None  # what to do when the sweep has ended (the window closing)
        self._importance_for: int = -1  # complete trials the importance chart shows
        self._importance_again = False
        self._curves_for = None
        self._last_read = False  # the read after the sweep ended: then `finished`
        self._stopped = False  # the last sweep ended by Stop
        self._read_again = False  # a read was asked for while one was under way
        self._launch_with = None
        self.command: list[str] = []
        self._labels: dict[str, Candidate] = {}
        self.ask_message = self._message  # a hook the tests replace
        self.poll = TaskSlot(self)
        self.poll.done.connect(self._study_read)
        self.poll.failed.connect(self._read_failed)
        self.importance_slot = TaskSlot(self)
        self.importance_slot.done.connect(self._importances_done)
        self.importance_slot.failed.connect(self._importances_failed)
        self.curves_slot = TaskSlot(self)
        self.curves_slot.done.connect(self._history_read)
        self.curves_slot.failed.connect(lambda e: self.curves.note.setText(error_text(e)))
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._tick)
        self.validate_timer = QTimer(self)
        self.validate_timer.setSingleShot(True)
        self.validate_timer.setInterval(VALIDATE_MS)
        self.validate_timer.timeout.connect(self.validate)
        self.study_timer = QTimer(self)
        self.study_timer.setSingleShot(True)
        self.study_timer.setInterval(400)
        self.study_timer.timeout.connect(self._load_named_study)

        self._build()
        document.changed.connect(self._project_changed)
        document.replaced.connect(self._project_replaced)
        self._project_replaced()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)

        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        space = QGroupBox(self.tr("What to vary"))
        space_layout = QVBoxLayout(space)
        space_layout.setContentsMargins(6, 4, 6, 4)
        space_layout.setSpacing(3)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        for text, width in ((self.tr("parameter"), None), (self.tr("range"), KIND_WIDTH), (self.tr("low"), PARAM_WIDTH),
                            (self.tr("high"), PARAM_WIDTH), ("", 22)):
            label = QLabel(text)
            label.setStyleSheet("color: #666;")
            if width is None:
                header.addWidget(label, 1)
            else:
                label.setFixedWidth(width)
                header.addWidget(label)
        space_layout.addLayout(header)
        self.rows_host = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_host)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(3)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.rows_host)
        scroll.setMinimumHeight(70)
        self.rows_scroll = scroll
        space_layout.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add parameter"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_menu = QMenu(self.add_button)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.add_button.setMenu(self.add_menu)
        add_row.addWidget(self.add_button)
        self.grid_label = QLabel()
        self.grid_label.setStyleSheet("color: #666;")
        add_row.addWidget(self.grid_label, 1)
        space_layout.addLayout(add_row)
        top_row.addWidget(space, 3)

        sweep = QGroupBox(self.tr("Sweep"))
        form = QGridLayout(sweep)
        form.setContentsMargins(6, 4, 6, 4)
        form.setHorizontalSpacing(6)
        form.setVerticalSpacing(3)
        self.study_box = QComboBox()
        self.study_box.setEditable(True)
        self.study_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.study_box.setToolTip(self.tr("The study's name: a new name starts a new study; an existing one "
                                          "continues it (its trials are kept)"))
        self.study_box.editTextChanged.connect(lambda _t: self.study_timer.start())
        self.sampler_box = QComboBox()
        for name in SAMPLERS:
            self.sampler_box.addItem(self.tr(SAMPLER_NAMES[name]), name)
        self.sampler_box.setToolTip(self.tr("How each trial's values are chosen"))
        self.sampler_box.currentIndexChanged.connect(self._sampler_changed)
        self.pruner_box = QComboBox()
        for name in PRUNERS:
            self.pruner_box.addItem(self.tr(PRUNER_NAMES[name]), name)
        self.pruner_box.setToolTip(self.tr("Stop a trial early when its epochs are worse than the other trials' "
                                           "were at the same epoch"))
        self.trials_box = QSpinBox()
        self.trials_box.setRange(1, 100000)
        self.trials_box.setValue(20)
        self.trials_box.setToolTip(self.tr("How many trials Start runs (more, in a study that has some already)"))
        self.workers_box = QSpinBox()
        self.workers_box.setRange(1, max(1, os.cpu_count() or 1))
        self.workers_box.setToolTip(self.tr("Trials at the same time, each in a process of its own (one GPU each "
                                            "where there are GPUs)"))
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(0, 100000)
        self.epochs_box.setToolTip(self.tr("Epochs each trial trains"))
        form.addWidget(QLabel(self.tr("Study")), 0, 0)
        form.addWidget(self.study_box, 0, 1, 1, 3)
        form.addWidget(QLabel(self.tr("Sampler")), 1, 0)
        form.addWidget(self.sampler_box, 1, 1, 1, 3)
        form.addWidget(QLabel(self.tr("Pruner")), 2, 0)
        form.addWidget(self.pruner_box, 2, 1)
        form.addWidget(QLabel(self.tr("Trials")), 2, 2)
        form.addWidget(self.trials_box, 2, 3)
        form.addWidget(QLabel(self.tr("Epochs")), 3, 0)
        form.addWidget(self.epochs_box, 3, 1)
        form.addWidget(QLabel(self.tr("Workers")), 3, 2)
        form.addWidget(self.workers_box, 3, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("▶  Start"))
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Finish the running trial, then hold until Resume"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End the sweep now: the running trial stops and keeps its last.pt"))
        self.stop_button.clicked.connect(lambda: self.stop())
        for b in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        form.addLayout(buttons, 4, 0, 1, 4)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        form.addWidget(self.hint, 5, 0, 1, 4)
        form.setRowStretch(6, 1)
        top_row.addWidget(sweep, 2)
        splitter.addWidget(top)

        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.summary, 1)
        self.open_button = QPushButton(self.tr("Open as project"))
        self.open_button.setToolTip(self.tr("Give the project the selected trial's values (the best trial's when "
                                            "none is selected): one step, Edit › Undo takes it back"))
        self.open_button.clicked.connect(lambda: self.open_as_project())
        bar.addWidget(self.open_button)
        results_layout.addLayout(bar)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellClicked.connect(lambda _r, _c: self.plot_tabs.setCurrentWidget(self.curves))
        results_layout.addWidget(self.table, 1)
        splitter.addWidget(results)

        self.plot_tabs = QTabWidget()
        self.parallel = ParallelCoordinates(self._short)
        self.parallel.trial_clicked.connect(self.select_trial)
        self.importance = ImportanceChart(self._short)
        self.curves = TrialCurves()
        self.plot_tabs.addTab(self.parallel, self.tr("Parallel coordinates"))
        self.plot_tabs.addTab(self.importance, self.tr("Parameter importance"))
        self.plot_tabs.addTab(self.curves, self.tr("Trial curves"))
        splitter.addWidget(self.plot_tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([215, 140, 250])
        self._show_view(None)
        self._sync()

    # -- what to vary ------------------------------------------------------------------------
    def _candidates(self) -> dict[str, Candidate]:
        return {c.path: c for c in candidates(self.document.project)}

    def _short(self, path: str) -> str:
        return short_label(self._labels.get(path), path)

    def set_params(self, params: list[Param]) -> None:
        for row in list(self.rows):
            self._remove_row(row, validate=False)
        for p in params:
            self._add_row(p)
        self.validate()

    def add_parameter(self, path: str | None = None) -> ParamRow:
        """A row for ``path`` with its starting range (None: a row for a path typed by hand)."""
        c = self._labels.get(path) if path else None
        if path is None:
            row = self._add_row(None)
        else:
            row = self._add_row(c.param if c is not None and c.param is not None else Param(path, "float", 0.0, 1.0))
        self.validate()
        self._sync()
        return row

    def _add_row(self, param: Param | None) -> ParamRow:
        if param is None:
            row = ParamRow("", KINDS, "", custom=True)
        else:
            c = self._labels.get(param.path)
            row = ParamRow(param.path, c.kinds if c is not None else KINDS, row_label(c, param.path),
                           custom=c is None, tip=f"{long_label(c, param.path)}\n{param.path}")
            row.set_param(param)
        row.changed.connect(self._rows_changed)
        row.remove_clicked.connect(self._remove_row)
        self.rows_layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    def _remove_row(self, row: ParamRow, validate: bool = True) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        if validate:
            self.validate()
            self._sync()

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        taken = {r.path for r in self.rows}
        groups = {"training": self.tr("Training"), "optimizer": self.tr("Optimizer"), "loss": self.tr("Loss"),
                  "layer": self.tr("Model"), "augment": self.tr("Augmentation")}
        last = None
        for c in self._labels.values():
            if c.group != last:
                self.add_menu.addSection(groups[c.group])
                last = c.group
            text = long_label(c, c.path)
            if c.param is not None:
                text += f"   ({format_value(c.value)})" if c.group != "optimizer" or c.name != "type" else ""
            action = self.add_menu.addAction(text, lambda path=c.path: self.add_parameter(path))
            action.setToolTip(c.path)
            action.setEnabled(c.path not in taken and self.state == "idle")
        self.add_menu.addSeparator()
        other = self.add_menu.addAction(self.tr("Another field (type its path)…"), lambda: self.add_parameter(None))
        other.setEnabled(self.state == "idle")

    def _rows_changed(self) -> None:
        self.validate_timer.start()

    def validate(self) -> list[Param] | None:
        """Mark each row that does not fit the project with the reason; the parameters when all fit."""
        self.validate_timer.stop()
        project = self.document.project
        params, seen, ok = [], set(), True
        for row in self.rows:
            message = None
            try:
                param = row.param()
                if param.path in seen:
                    raise ProjectError(param.path, QCoreApplication.translate("ExperimentsPanel", "given twice"))
                seen.add(param.path)
                check_space(project, [param])
                params.append(param)
            except WorkbenchError as e:
                reason = getattr(e, "reason", None)
                where = getattr(e, "path", "")
                message = humanize(reason if reason and where == row.path else str(e))
                ok = False
            row.mark(message)
        bad = self.bad_rows
        if bad:  # its reason in view (the list may be longer than its box)
            QTimer.singleShot(0, lambda row=bad[0]: row.isVisible() and self.rows_scroll.ensureWidgetVisible(row.error))
        if not self.rows:
            ok = False
        self._update_grid(params if ok else None)
        self._sync()
        return params if ok else None

    def params(self) -> list[Param] | None:
        return self.validate()

    @property
    def bad_rows(self) -> list[ParamRow]:
        return [r for r in self.rows if r.message]

    def _update_grid(self, params: list[Param] | None) -> None:
        if self.sampler_box.currentData() != "grid":
            self.grid_label.setText("")
            return
        if not params:
            self.grid_label.setText(self.tr("Grid: fix the parameters to count the combinations"))
            return
        sizes = [len(p.grid()) for p in params]
        total = math.prod(sizes)
        self.grid_label.setText(self.tr("Grid: {sizes} = {total} trials").format(
            sizes=" × ".join(str(s) for s in sizes), total=total))
        self.grid_label.setToolTip(self.tr("Ranges take {points} evenly spaced values (log ranges on a log scale); "
                                           "whole numbers up to {points}").format(points=5))
        if self.state == "idle":
            self.trials_box.setValue(min(total, self.trials_box.maximum()))

    def grid_size(self) -> int | None:
        params = self.validate()
        return math.prod(len(p.grid()) for p in params) if params else None

    def _sampler_changed(self) -> None:
        self.validate()

    # -- the project ---------------------------------------------------------------------------
    def _project_changed(self, section: str, _focus) -> None:
        if section == "name":
            return
        self._labels = self._candidates()
        for row in self.rows:
            if row.label is not None:
                c = self._labels.get(row.path)
                row.label.setText(row_label(c, row.path))
                row.label.setToolTip(f"{long_label(c, row.path)}\n{row.path}")
        self._set_epochs_default()
        self.validate_timer.start()

    def _project_replaced(self) -> None:
        self._labels = self._candidates()
        self._set_epochs_default()
        if self.running:
            self.validate()
            return
        self.set_params(default_space(self.document.project))
        self.refresh_studies(select=_safe_name(self.document.project.name))

    def _set_epochs_default(self) -> None:
        epochs = self.document.project.training.epochs
        self.epochs_box.setSpecialValueText(self.tr("as the project ({epochs})").format(epochs=epochs))
        self.epochs_box.setMinimum(0)

    # -- studies -------------------------------------------------------------------------------
    @property
    def study_name(self) -> str:
        return _safe_name(self.study_box.currentText().strip())

    def study_folder(self) -> Path:
        return Path(self.folder())

    def refresh_studies(self, select: str | None = None) -> None:
        """List the studies kept in the folder (an existing one is continued by Start)."""
        current = select if select is not None else self.study_box.currentText()
        names = studies_in(self.study_folder())
        blocked = self.study_box.blockSignals(True)
        self.study_box.clear()
        for n in names:
            self.study_box.addItem(n)
        self.study_box.setEditText(current)
        self.study_box.blockSignals(blocked)
        self._load_named_study()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        global _warmed
        if not _warmed:  # Optuna and SciPy imported on the pool now, not while a sweep trains (stalls)
            _warmed = True
            run_task(warm_up)
        if not self.running and self.state == "idle":
            self.refresh_studies()

    def _load_named_study(self) -> None:
        """The study named in the box, read once (its trials shown; Start continues it)."""
        if self.running or self.state != "idle":
            return
        name = self.study_name
        url = journal_url(self.study_folder(), name)
        if self.reader is not None and (self.reader.url, self.reader.study) == (url, name):
            self._read_now()
            return
        self.reader = StudyReader(url, name)
        self._importance_for = -1
        self._show_view(None)
        self._read_now()

    def _read_now(self) -> None:
        """Read the study on the thread pool; while a read is under way, once more after it (one reader is
        never used by two threads at once)."""
        if self.reader is None:
            return
        if self.poll.busy:
            self._read_again = True
            return
        self._read_again = False
        self.poll.start(self.reader.read)

    def _tick(self) -> None:
        if not self.poll.busy:
            self._read_now()

    def _study_read(self, view: StudyView | None) -> None:
        again = self._read_again
        if again:
            QTimer.singleShot(0, self._read_now)
        if self.reader is None or (view is not None and view.name != self.reader.study):
            return
        self._show_view(view)
        if self.state == "starting":
            self._launch(view)
        elif self._last_read and not again:  # a read begun before the sweep ended is not the last
            self._last_read = False
            self._after_last_read(view)

    def _read_failed(self, error: BaseException) -> None:
        if self.state == "starting":
            self._set_state("idle")
            self._say(self.tr("Not started: {reason}").format(reason=error_text(error)))
            return
        if self._read_again:
            QTimer.singleShot(0, self._read_now)
            return
        self.summary.setText(self.tr("Could not read the study: {message}").format(message=error_text(error)))
        if self._last_read:
            self._last_read = False
            self.finished.emit()

    def _show_view(self, view: StudyView | None) -> None:
        self.view = view
        selected = self.selected_trial()
        self._fill_table(view)
        self.parallel.show_study(view, selected)
        self._summarise(view)
        if view is None:
            self.importance.show_waiting(0)
            self.curves.show_history(None, [])
        else:
            self._update_importance(view)
            self._update_curves()
        if self.state == "pausing" and view is not None and not any(t.state == "RUNNING" for t in view.trials):
            self._set_state("paused")
            self._say(self.tr("Paused: no trial is running. Resume goes on with the next trial."))
        self._sync()

    def _summarise(self, view: StudyView | None) -> None:
        if view is None or not view.trials:
            if self.state == "idle":
                self.summary.setText(self.tr("Study <b>{name}</b>: no trials yet. Start runs the first.").format(
                    name=html.escape(self.study_name)))
            return
        counts = view.counts()
        parts = [f"{n} {_tr(STATE_NAMES.get(s, s.lower()))}" for s, n in counts.items()]
        text = self.tr("Study <b>{name}</b>: {count} trials ({states})").format(
            name=html.escape(view.name), count=len(view.trials), states=", ".join(parts))
        best = view.best
        if best is not None:
            text += " — " + self.tr("best: trial {number}, {metric} {value}").format(
                number=best.number, metric=view.metric, value=format_value(best.value))
        self.summary.setText(text)

    # -- the table --------------------------------------------------------------------------------
    def _fill_table(self, view: StudyView | None) -> None:
        paths = list(view.axes) if view is not None else []
        metric = view.metric if view is not None else "val_loss"
        headers = [self.tr("trial"), self.tr("state"), metric, self.tr("duration")] + [self._short(p) for p in paths]
        self.table.blockSignals(True)
        if [self.table.horizontalHeaderItem(i).text() if self.table.horizontalHeaderItem(i) else None
                for i in range(self.table.columnCount())] != headers:
            self.table.setColumnCount(len(headers))
            self.table.setHorizontalHeaderLabels(headers)
            for i, p in enumerate(paths):
                self.table.horizontalHeaderItem(4 + i).setToolTip(p)
        trials = view.trials if view is not None else []
        self.table.setRowCount(len(trials))
        best = view.best if view is not None else None
        for r, t in enumerate(trials):
            state = _tr(STATE_NAMES.get(t.state, t.state.lower()))
            tip = t.error or (t.run_dir or "")
            self._cell(r, 0, str(t.number), right=True, tip=t.run_dir or "")
            self._cell(r, 1, state, tip=tip, colour=STATE_COLOURS.get(t.state))
            value = format_value(t.value) if t.value is not None else "–"
            self._cell(r, 2, ("★ " if best is not None and t.number == best.number else "") + value, right=True,
                       bold=best is not None and t.number == best.number)
            self._cell(r, 3, format_seconds(t.duration_s), right=True)
            for i, p in enumerate(paths):
                self._cell(r, 4 + i, format_value(t.params[p]) if p in t.params else "–", right=True)
        self.table.blockSignals(False)

    def _cell(self, row: int, col: int, text: str, right: bool = False, tip: str = "", colour=None,
              bold: bool = False) -> None:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
        if item.text() != text:
            item.setText(text)
        if item.toolTip() != tip:
            item.setToolTip(tip)
        if colour is not None or item.data(Qt.ItemDataRole.ForegroundRole) is not None:
            item.setData(Qt.ItemDataRole.ForegroundRole, QColor(*colour) if colour else None)
        if item.font().bold() != bold:
            font = QFont(item.font())
            font.setBold(bold)
            item.setFont(font)

    def selected_trial(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.view is None or rows[0].row() >= len(self.view.trials):
            return None
        return self.view.trials[rows[0].row()].number

    def _trial(self, number: int | None):
        if self.view is None or number is None:
            return None
        return next((t for t in self.view.trials if t.number == number), None)

    def select_trial(self, number: int) -> None:
        """Select a trial (its row, its line) and show its curves."""
        if self.view is None:
            return
        for r, t in enumerate(self.view.trials):
            if t.number == number:
                self.table.selectionModel().select(
                    self.table.model().index(r, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollToItem(self.table.item(r, 0))
                return

    def _selection_changed(self) -> None:
        self.parallel.show_study(self.view, self.selected_trial())
        self._curves_for = None
        self._update_curves()
        self._sync()

    def _update_curves(self) -> None:
        trial = self._trial(self.selected_trial())
        if trial is None:
            if self._curves_for is not None or self.curves.number is not None:
                self.curves.show_history(None, [])
            self._curves_for = None
            return
        key = (trial.number, trial.state, trial.epochs)
        if key == self._curves_for:
            return
        self._curves_for = key
        if not trial.run_dir:
            self.curves.show_history(trial.number, [], self._caption(trial))
            return
        self.curves_slot.start(_read_history, trial.number, trial.run_dir)

    def _history_read(self, result) -> None:
        number, history = result
        trial = self._trial(number)
        if trial is not None and number == self.selected_trial():
            self.curves.show_history(number, history, self._caption(trial))

    def _caption(self, trial) -> str:
        values = ", ".join(f"{self._short(p)} {format_value(v)}" for p, v in trial.params.items())
        return self.tr("Trial {number} ({state}): {values}").format(
            number=trial.number, state=_tr(STATE_NAMES.get(trial.state, trial.state.lower())), values=values)

    # -- importance ---------------------------------------------------------------------------------
    def _update_importance(self, view: StudyView) -> None:
        complete = sum(t.state == "COMPLETE" for t in view.trials)
        if complete < 2:
            self.importances = {}
            self.importance.show_waiting(complete)
            self._importance_for = complete
            return
        if complete == self._importance_for:
            return
        if self.importance_slot.busy:
            self._importance_again = True
            return
        self._importance_for = complete
        self.importance_slot.start(_importances, view.storage, view.name, complete, view.metric)

    def _importances_done(self, result) -> None:
        found, complete, metric = result
        self.importances = found
        self.importance.show_importances(found, complete, metric)
        if self._importance_again and self.view is not None:
            self._importance_again = False
            self._update_importance(self.view)

    def _importances_failed(self, error: BaseException) -> None:
        self.importances = {}
        self.importance.show_error(error_text(error))

    # -- running the sweep ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.sweep is not None

    def _set_state(self, state: str) -> None:
        self.state = state
        self._sync()

    def _sync(self) -> None:
        idle = self.state == "idle"
        active = self.state in ("running", "pausing", "paused")
        self.start_button.setEnabled(idle)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(self.tr("Resume") if self.state in ("pausing", "paused") else self.tr("Pause"))
        self.stop_button.setEnabled(active)
        for w in [self.add_button, self.study_box, self.sampler_box, self.pruner_box, self.trials_box,
                  self.workers_box, self.epochs_box]:
            w.setEnabled(idle)
        for row in self.rows:
            row.setEnabled(idle)
        self.open_button.setEnabled(self.view is not None and (self.selected_trial() is not None
                                                               or self.view.best is not None))
        if idle:
            self.hint.setText(self._idle_hint())

    def _idle_hint(self) -> str:
        if self.bad_rows:
            row = self.bad_rows[0]
            return self.tr("{parameter}: {reason} — fix it or remove it to start.").format(
                parameter=row.label.text() if row.label is not None else row.path, reason=row.message)
        if not self.rows:
            return self.tr("Add a parameter to vary.")
        existing = len(self.view.trials) if self.view is not None else 0
        if existing:
            return self.tr("Start adds {new} trials to the {count} of this study.").format(
                new=self.trials_box.value(), count=existing)
        return self.tr("Trials train in {folder}").format(
            folder=self.study_folder() / "sweeps" / self.study_name)

    def _say(self, text: str, timeout: int = 0) -> None:
        self.hint.setText(text)
        self.status.emit(text, timeout)

    def start(self) -> bool:
        """Check the rows, read how many trials the study has, then start the sweep's process."""
        if self.state != "idle":
            return False
        params = self.validate()
        if params is None:
            self._say(self.tr("Not started: {reason}").format(
                reason=self.bad_rows[0].message if self.bad_rows else self.tr("add a parameter to vary")))
            return False
        self.error = None
        name = self.study_name
        url = journal_url(self.study_folder(), name)
        self.reader = StudyReader(url, name)
        self._set_state("starting")
        self._say(self.tr("Starting the sweep…"))
        self._launch_with = (params, url, name)
        self.poll.start(self.reader.read)  # how many trials the study has: Start adds to them
        return True

    def _launch(self, view: StudyView | None) -> None:
        params, url, name = self._launch_with
        existing = len(view.trials) if view is not None else 0
        project = self.document.project
        try:
            copy_path = project_copy(project, "sweep")
        except (WorkbenchError, OSError) as e:
            self._set_state("idle")
            self._say(self.tr("Not started: {reason}").format(reason=humanize(str(e))))
            return
        self._work_dir = copy_path.parent
        out = self.study_folder() / "sweeps" / name
        args = ["sweep", str(copy_path), "--trials", str(existing + self.trials_box.value())]
        for p in params:
            args += ["--param", f"{p.path}={p.spec}"]
        args += ["--sampler", self.sampler_box.currentData(), "--pruner", self.pruner_box.currentData(),
                 "--workers", str(self.workers_box.value()), "--storage", url, "--study", name,
                 "--out", str(out), "--pause-file", str(self.pause_file), "--json"]
        if self.epochs_box.value() > 0:
            args += ["--epochs", str(self.epochs_box.value())]
        self.command = args
        self._failure = None
        self.sweep = self.launcher.start(args, events=False)
        self.sweep.failed.connect(self._sweep_failed)
        self.sweep.ended.connect(self._sweep_ended)
        self._set_state("running")
        self._say(self.tr("Sweep running: study {name}, {count} trials to go").format(
            name=name, count=self.trials_box.value()))
        self.timer.start()

    @property
    def pause_file(self) -> Path:
        return (self._work_dir or Path(tempfile.gettempdir())) / "pause"

    def toggle_pause(self) -> None:
        """Pause: the running trial finishes and no new one starts; Resume: the next one starts."""
        if self.sweep is None:
            return
        if self.state in ("pausing", "paused"):
            self.pause_file.unlink(missing_ok=True)
            self._set_state("running")
            self._say(self.tr("Sweep running"))
        elif self.state == "running":
            self.pause_file.touch()
            self._set_state("pausing")
            self._say(self.tr("Pausing: the running trial finishes, then the sweep holds"))
            self._tick()

    def stop(self, then=None) -> None:
        """End the sweep now, as Ctrl+C at a terminal: the running trials stop and keep their last.pt
        (``then``: called once it has ended)."""
        if then is not None:
            self._then = then
        if self.sweep is None:
            if then is not None:
                QTimer.singleShot(0, then)
            return
        if self.state == "stopping":
            return
        self.sweep.interrupt()
        self._set_state("stopping")
        self._say(self.tr("Stopping the sweep (the running trial keeps its last.pt)…"))

    def _sweep_failed(self, message: str) -> None:
        self._failure = humanize(message)

    def _sweep_ended(self) -> None:
        sweep, self.sweep = self.sweep, None
        stopped = sweep is not None and sweep.stop_requested
        self.timer.stop()
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
            self._work_dir = None
        if sweep is not None:
            sweep.deleteLater()
        failure = None if stopped else self._failure
        self.error = failure
        self._stopped = stopped
        self._set_state("idle")
        if failure:
            self._say(self.tr("The sweep failed: {message}").format(message=failure))
            self.ask_message(self.tr("The sweep failed"), failure)
        elif stopped:
            self._say(self.tr("Sweep stopped; the stopped trial's last.pt is kept in its run folder"), 10000)
        else:
            self._say(self.tr("Sweep finished"), 10000)
        self._last_read = True
        self._read_now()
        then, self._then = self._then, None
        if then is not None:
            QTimer.singleShot(0, then)

    def _after_last_read(self, view) -> None:
        self.refresh_studies(select=self.reader.study if self.reader else None)
        if view is not None and view.best is not None and self.error is None:
            best = view.best
            words = (self.tr("Sweep stopped: {count} trials; best trial {number}, {metric} {value}") if self._stopped
                     else self.tr("Sweep done: {count} trials; best trial {number}, {metric} {value}"))
            self._say(words.format(count=len(view.trials), number=best.number, metric=view.metric,
                                   value=format_value(best.value)), 10000)
        self.finished.emit()

    def _message(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box

    # -- the chosen trial as the project ------------------------------------------------------------
    def open_as_project(self, number: int | None = None) -> bool:
        """The current project takes the trial's values (the selected one's, else the best's): one step of
        the undo history."""
        trial = self._trial(number if number is not None else self.selected_trial())
        if trial is None and self.view is not None:
            trial = self.view.best
        if trial is None:
            self.status.emit(self.tr("No trial to open: select one, or wait for one to complete"), 8000)
            return False
        project = self.document.project
        try:
            new = with_values(project, trial.params)
        except WorkbenchError as e:
            self.ask_message(self.tr("Cannot open the trial"), humanize(str(e)))
            return False
        changes = [f"{self._short(p)} {format_value(value_of(project, p))} → {format_value(v)}"
                   for p, v in trial.params.items() if value_of(project, p) != v]
        sections = [s for s in ("data", "model", "training") if getattr(new, s) != getattr(project, s)]
        if not sections:
            self.status.emit(self.tr("The project already has trial {number}'s values").format(number=trial.number),
                             8000)
            return False
        text = self.tr("Trial {number}: {changes}").format(
            number=trial.number, changes=", ".join(changes[:3]) + (" …" if len(changes) > 3 else ""))
        with self.document.step(text):
            for s in sections:
                self.document.edit(s, text, lambda _old, s=s: copy.deepcopy(getattr(new, s)))
        self.document.seal()
        self.status.emit(self.tr("The project now has trial {number}'s values ({changes}); Edit › Undo gives back "
                                 "the previous ones").format(number=trial.number, changes=", ".join(changes)), 12000)
        return True

    # -- closing ---------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """The window closes: no more reads (a running sweep was stopped before, see `stop`)."""
        self.timer.stop()
        for slot in (self.poll, self.importance_slot, self.curves_slot):
            slot.cancel()
        if self.sweep is not None:
            self.sweep.interrupt()


def _read_history(number: int, run_dir: str):
    """(thread pool) A trial's epochs from its run folder's metrics.csv."""
    from workbench.core.results.run_index import read_run

    info = read_run(run_dir)
    return number, (info.history if info is not None else [])


def _importances(storage: str, study: str, complete: int, metric: str):
    """(thread pool)"""
    return importances(storage, study), complete, metric
