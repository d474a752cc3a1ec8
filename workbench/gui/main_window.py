"""The main window: owns the `Project`, the panels that edit it, the training run, files and settings.

Layout: the Data / Model / Training tabs on the left, the run controls and
live plots on the right (so the curves stay in view whatever tab is open).
The window never trains anything itself: Train saves a copy of the project
and starts ``workbench train`` on it in a process of its own (runs/process.py),
then shows the events that come back; a run that dies is reported, and the
window goes on.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.project.io import (
    EXTENSION,
    load_project,
    name_for_file,
    project_from_dict,
    project_to_dict,
    save_project,
)
from workbench.core.project.schema import Project
from workbench.core.storage.paths import user_data_dir
from workbench.core.training.events import CheckpointSaved, EpochEnded, Failed, Finished, RunStarted, RunWarning
from workbench.gui.desktop.file_watch import ProjectFileWatch
from workbench.gui.dialogs.preferences import apply_project_defaults, default_runs_dir, warm_process
from workbench.gui.document import Document
from workbench.gui.field_names import humanize
from workbench.gui.panels.data import DatasetPanel
from workbench.gui.panels.model import ModelPanel
from workbench.gui.panels.run import RunPanel
from workbench.gui.panels.training import TrainingPanel, available_devices
from workbench.gui.prepared_data import PreparedData
from workbench.gui.runs.background import TorchLoader, error_text, wait_for_tasks
from workbench.gui.runs.process import RunLauncher, RunProcess, project_copy
from workbench.gui.start_folders import start_folder
from workbench.gui.widgets.drop_highlight import DropHighlight
from workbench.gui.widgets.shortcuts import with_shortcut_tooltip

MAX_RECENT = 8
SPARE_DELAY_MS = 3000
def project_filter() -> str:
    return QCoreApplication.translate("MainWindow", "Torch Workbench projects (*{ext});;All files (*)").format(ext=EXTENSION)


@dataclass
class LoadedWeights:
    """Weights a user brought, fitted into the project's model: ``model_file`` is a checkpoint of that model (what
    Results, Predict, Export and Save model read); ``source`` is the user's file (what Train starts from)."""
    source: str
    model_file: str
    description: str
    trust_pickle: bool


def _read_model_file(path: str, project: Project, trust_pickle: bool, fit: bool):
    """(thread pool) Read a model file. A Torch Workbench checkpoint brings its architecture (a Checkpoint, its
    weights checked); other weights — and a checkpoint when ``fit`` (Start from weights) — go into the
    project's model (prefixes stripped, a head for another class count left fresh) and are kept as a checkpoint
    of it in the user's data folder (LoadedWeights). Nothing fits: CheckpointError naming the keys."""
    from workbench.core.storage.model_files import safe_load, save
    from workbench.core.training.checkpoints import checkpoint_from_raw
    from workbench.core.training.weights import checkpoint_from_weights, is_workbench_checkpoint, state_dict_of

    raw = safe_load(path, trust_pickle=trust_pickle)
    if is_workbench_checkpoint(raw) and not fit:
        ckpt = checkpoint_from_raw(Path(path), raw)
        ckpt.build_model()  # raises naming missing / unexpected / mis-shaped keys; nothing in the window changes
        return ckpt
    payload, fitted = checkpoint_from_weights(project, state_dict_of(raw, path), path)
    tag = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]  # one file per source, rewritten
    model_file = save(payload, user_data_dir() / "weights" / f"{Path(path).stem}-{tag}.pt")
    return LoadedWeights(path, str(model_file), fitted.describe(), trust_pickle)


class MainWindow(QMainWindow):
    model_load_finished = Signal(bool)

    def __init__(self, project: Project | None = None, path: str | os.PathLike | None = None,
                 settings: QSettings | None = None, torch_loader: TorchLoader | None = None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.path: Path | None = Path(path).resolve() if path else None
        if project is None:
            project = self._starter()
            apply_project_defaults(project, self.settings)
        # The project and its one undo history; every panel edits it through the document.
        self.document = Document(project, self)
        self.document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document.stepped.connect(self._show_section)
        self.document.changed.connect(lambda section, _focus: section == "name" and self._update_title())
        self.prepared = PreparedData(self.document, self)  # what the data looks like (scanned in the background)
        self.run: RunProcess | None = None
        self._run_project_dir: str | None = None  # the saved copy of the project the run trains on
        self._continue_plots = False  # the run goes on with the curves drawn so far (resumed after a crash)
        self.run_dir: str | None = None
        self.checkpoints: dict[str, str] = {}  # kind ("best", "last", "model") -> path, from the last run
        self.checkpoint_epochs: dict[str, int] = {}  # kind -> the epoch it holds
        self.epoch_metrics: dict[int, dict] = {}  # epoch -> its metrics, for the run in progress or just ended
        self.resumable: str | None = None  # the last.pt of a run the user stopped: Train resumes it (ticked)
        self.unsaved_runs: list[Path] = []  # runs trained while the project had no file (moved at its first save)
        self.lr_dialog = None  # Find learning rate…'s dialog, once opened
        self.lr_find_steps: int | None = None  # the finder's batches (None: its default, 100); tests take fewer
        # A model file loaded by the user, the model until the next run: {"kind": "checkpoint" | "weights",
        # "path": the user's file, "model_file": a checkpoint of the model (the same file for a checkpoint),
        # "trust_pickle", "caption": what it is in words}.
        self.loaded: dict | None = None
        self.last_finished: Finished | None = None
        self.last_error: str | None = None
        self.error_dialog: QMessageBox | None = None
        self._close_after_run = False
        # Hooks the tests replace: the questions a user answers in a dialog.
        self.ask_stop_run = self._ask_stop_run
        self.ask_save_changes = self._ask_save_changes
        self.ask_trust_pickle = self._ask_trust_pickle
        self.ask_resume_after_crash = self._ask_resume_after_crash
        self.ask_which_weights = self._ask_which_weights
        self.ask_start_despite_memory = self._ask_start_despite_memory
        self.ask_reload_changed = self._ask_reload_changed
        self.ask_overwrite_changed = self._ask_overwrite_changed
        self.file_watch = ProjectFileWatch(self)
        self.file_watch.changed.connect(self._project_file_changed)
        self.file_watch.watch(self.path)
        # Runs (and exports) in processes of their own, with a warm one ready (a preference: it holds memory).
        self.launcher = RunLauncher(lambda: warm_process(self.settings), self)
        self.spares = self.launcher.spares

        self._build()
        self._build_menus()
        self.setAcceptDrops(True)
        self._catch_drops_everywhere(True)
        self.resize(1280, 760)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        split = self.settings.value("window/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        self._update_title()
        from workbench.gui.desktop.recovery import Autosaver

        self.autosaver = Autosaver(self)  # unsaved changes survive a crash (offered back at the next start)

        self.torch = torch_loader or TorchLoader(self)
        self.torch.ready.connect(self._torch_ready)
        self.torch.failed.connect(self._torch_failed)
        self.status_torch.setText(self.tr("Loading PyTorch…"))
        self.statusBar().showMessage(self.tr("Loading PyTorch…"))
        self._torch_is_ready = False
        if torch_loader is None:
            self.torch.start()
        elif torch_loader.seconds is not None:  # it finished before we connected: its signal is gone
            QTimer.singleShot(0, lambda: self._torch_ready(torch_loader.text))

    @staticmethod
    def _starter() -> Project:
        from workbench.core.project.starter import starter_project

        return starter_project()

    # -- layout --------------------------------------------------------------
    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.dataset_panel = DatasetPanel(self.document, self.prepared, self.settings)
        self.model_panel = ModelPanel(self.document, self.prepared)
        self.training_panel = TrainingPanel(self.document)
        self.training_panel.find_lr_requested.connect(self.find_learning_rate)
        self.tabs.addTab(self.dataset_panel, self.tr("Data"))
        from workbench.gui.panels.health import HealthPanel

        # Label issues and duplicates, with fixes that are steps of the one undo history.
        self.health_panel = HealthPanel(self.document, self.launcher, self.prepared)
        self.tabs.addTab(self.health_panel, self.tr("Data health"))
        self.health_panel.status.connect(lambda text: self._status(text, 5000))
        self.document.file_failed.connect(self._file_step_failed)
        self.tabs.addTab(self.model_panel, self.tr("Model"))
        self.tabs.addTab(self.training_panel, self.tr("Training"))
        # Issue 5's panels: they take a checkpoint path and do their work on the thread pool.
        from workbench.gui.panels.predict import PredictPanel
        from workbench.gui.panels.results import ResultsPanel
        from workbench.gui.panels.runs import RunsPanel

        self.results_panel = ResultsPanel()
        self.predict_panel = PredictPanel()
        self.runs_panel = RunsPanel()
        self.tabs.addTab(self.results_panel, self.tr("Results"))
        self.tabs.addTab(self.predict_panel, self.tr("Predict"))
        self.tabs.addTab(self.runs_panel, self.tr("Runs"))
        self.runs_panel.open_requested.connect(self.open_run)
        self.runs_panel.refreshed.connect(lambda: self.results_panel.show_runs_hint(len(self.runs_panel.runs)))
        from workbench.gui.panels.experiments import ExperimentsPanel

        # Sweeps: studies beside the project file (as `workbench sweep` keeps them), their runs in processes.
        self.experiments_panel = ExperimentsPanel(self.document, self.launcher, folder=lambda: (
            self.path.parent if self.path is not None else user_data_dir() / "experiments"))
        self.tabs.addTab(self.experiments_panel, self.tr("Experiments"))
        self.experiments_panel.status.connect(self._status)
        # Image folders to evaluate on or classify are looked for where the data sets are.
        self.results_panel.start_folder = self.predict_panel.start_folder = lambda: self._last_dir("data")
        self.run_panel = RunPanel()
        self.plots = self.run_panel.plots
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.run_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([790, 490])
        self.setCentralWidget(self.splitter)
        self.status_torch = QLabel()
        self.statusBar().addPermanentWidget(self.status_torch)
        self.drop_highlight = DropHighlight(self)  # over everything while a folder is dragged over the window

        self.dataset_panel.status.connect(self._status)
        self.model_panel.status.connect(lambda text: self._status(text, 10000))
        self.run_panel.train_clicked.connect(self.start_training)
        self.run_panel.pause_clicked.connect(self.toggle_pause)
        self.run_panel.stop_clicked.connect(self.stop_training)
        self.run_panel.epoch_shown.connect(self._epoch_shown)

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = menu.addAction(text)
        # triggered(bool) would hand its "checked" flag to the slot's first argument (Train's ``resume``): the
        # menu entries and shortcuts call the slot as a button does, with nothing.
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        with_shortcut_tooltip(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        self.new_action = self._action(m, self.tr("&New"), self.new_project, QKeySequence.StandardKey.New,
                                       self.tr("A new project on the built-in demo data"))
        self.open_action = self._action(m, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = m.addMenu(self.tr("Open &Recent"))
        self._fill_recent()
        m.addSeparator()
        self.save_action = self._action(m, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(m, self.tr("Save &As…"), self.save_as, QKeySequence.StandardKey.SaveAs)
        m.addSeparator()
        self.save_model_action = self._action(m, self.tr("Save &model…"), self.save_model_dialog, None,
                                              self.tr("Write the trained weights as .pth (state_dict) or a full checkpoint"))
        self.load_model_action = self._action(m, self.tr("&Load model…"), self.load_model_dialog, None,
                                              self.tr("Open a checkpoint (architecture + weights) or a .pth state_dict"))
        self.start_from_weights_action = self._action(
            m, self.tr("Start from &weights…"), self.start_from_weights_dialog, None,
            self.tr("Put weights from a .pth or checkpoint into this model (fine-tuning): Train starts from them"))
        self.export_action = self._action(m, self.tr("&Export model…"), self.export_dialog, None,
                                          self.tr("TorchScript, ONNX, a whole pickled model or a training script"))
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        m = edit_menu = bar.addMenu(self.tr("&Edit"))
        # Qt names the step: "Undo Add Conv2d" (the menu entry and its tooltip follow the history).
        undo = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        m.addAction(undo)
        m.addAction(redo)
        self.undo_action, self.redo_action = undo, redo

        m = bar.addMenu(self.tr("&Model"))
        m.addMenu(self.model_panel.make_templates_menu(m))

        m = bar.addMenu(self.tr("&Run"))
        self.train_action = self._action(m, self.tr("&Train"), self.start_training, "F5")
        self.pause_action = self._action(m, self.tr("&Pause / Resume"), self.toggle_pause, "F6")
        self.stop_action = self._action(m, self.tr("&Stop"), self.stop_training, "Shift+F5")
        self._sync_run_actions()

        m = bar.addMenu(self.tr("&Help"))
        self.getting_started_action = self._action(m, self.tr("&Getting started"), self.show_getting_started,
                                                   QKeySequence.StandardKey.HelpContents)
        self.about_action = self._action(m, self.tr("&About Torch Workbench"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.preferences_action = QAction(self.tr("&Preferences…"), self)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.show_preferences)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)

    def show_about(self) -> None:
        from workbench.gui.dialogs.about import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.open()

    def show_getting_started(self) -> None:
        from workbench.gui.dialogs.getting_started import show_getting_started

        self.getting_started_dialog = show_getting_started(self)

    def show_preferences(self) -> None:
        from workbench.gui.dialogs.preferences import PreferencesDialog

        self.preferences_dialog = PreferencesDialog(self.settings, self)
        self.preferences_dialog.open()

    def _sync_run_actions(self) -> None:
        state = self.run_panel.state
        self.train_action.setEnabled(state == "idle")
        self.pause_action.setEnabled(state in ("running", "paused"))
        self.stop_action.setEnabled(state in ("running", "paused"))
        idle = state in ("idle", "loading")
        for a in (self.new_action, self.open_action, self.load_model_action, self.start_from_weights_action,
                  self.save_model_action, self.export_action):
            a.setEnabled(idle)
        self.recent_menu.setEnabled(idle)

    def _set_run_state(self, state: str) -> None:
        self.run_panel.set_state(state)
        self._sync_run_actions()

    # -- status --------------------------------------------------------------
    def _status(self, text: str, timeout: int = 0) -> None:
        self.statusBar().showMessage(text, timeout)

    def _file_step_failed(self, message: str) -> None:
        self.show_error(self.tr("Could not undo or redo"), message)

    def _torch_ready(self, text: str) -> None:
        if self._torch_is_ready:
            return
        self._torch_is_ready = True
        self.status_torch.setText(text)
        if self.run is None:
            self._set_run_state("idle")
        self._status(self.tr("Ready"), 3000)
        try:
            self.training_panel.set_devices(available_devices())
        except Exception as e:  # a broken CUDA setup must not keep the window from working on the CPU
            self._status(self.tr("Could not list devices: {e}").format(e=e))
        self.model_panel.set_torch_ready()
        self.prepared.set_torch_ready()
        # A warm run process, once the window has settled (its start competes with the window for the CPU).
        QTimer.singleShot(SPARE_DELAY_MS, self.spares.refill)
        self.runs_panel.set_runs_dir(self._runs_dir())

    def _torch_failed(self, message: str) -> None:
        self.status_torch.setText(self.tr("PyTorch not available"))
        self._status(message)

    def _update_title(self) -> None:
        name = self.path.name if self.path else self.tr("{name} (unsaved)").format(name=self.project.name)
        self.setWindowTitle(self.tr("{name}[*] — Torch Workbench").format(name=name))  # Qt shows [*] as '*' while modified
        self.setWindowModified(self.dirty)

    @property
    def project(self) -> Project:
        return self.document.project

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _show_section(self, section: str) -> None:
        """Undo and Redo show the tab of what they changed: an edit undone out of sight looks like nothing."""
        panel = {"data": self.dataset_panel, "model": self.model_panel, "training": self.training_panel,
                 "files": self.health_panel}.get(section)
        if section == "data" and self.tabs.currentWidget() is self.health_panel:
            return  # an exclusion undone where it was made: Data health shows it
        if panel is not None:
            self.tabs.setCurrentWidget(panel)

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the undo history is not where it was saved."""
        return self.document.modified

    def set_project(self, project: Project, path: Path | None, modified: bool = False) -> None:
        """Edit another project (new, opened, recovered: ``modified`` when it holds unsaved changes)."""
        self.path = path
        self.file_watch.watch(path)
        self.loaded = self.resumable = None
        self.run_panel.resume_box.hide()
        self.document.replace(project, modified)
        if path is not None:
            self.runs_panel.set_runs_dir(Path(path).parent / "runs")
        self._update_title()

    def _ask_save_changes(self) -> str:
        """'save' | 'discard' | 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("Save the changes to {value}?").format(value=self.path.name if self.path else self.project.name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def maybe_save(self) -> bool:
        """True when it is fine to throw the current project away."""
        if not self.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_project(self) -> None:
        if self.run is None and self.maybe_save():
            starter = self._starter()
            apply_project_defaults(starter, self.settings)
            self.set_project(starter, None)

    def open_dialog(self) -> None:
        if self.run is not None or not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), self._last_dir("project"), project_filter())
        if path:
            self.open_project(path, ask=False)

    def open_project(self, path: str | os.PathLike, ask: bool = True) -> bool:
        if self.run is not None or (ask and not self.maybe_save()):
            return False
        try:
            project = load_project(path)
        except WorkbenchError as e:
            self.show_error(self.tr("Cannot open the project"), str(e))
            return False
        self.set_project(project, Path(path).resolve())
        self._remember(path)
        self._status(self.tr("Opened {path}").format(path=path), 5000)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        start = str(Path(self._last_dir("project")) / f"{self.project.name}{EXTENSION}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project"), start, project_filter())
        if not path:
            return False
        if not path.endswith(EXTENSION):
            path += EXTENSION
        return self._write(Path(path))

    def _write(self, path: Path) -> bool:
        name = name_for_file(self.project.name, path)  # an unnamed project takes the file's name, in the file too
        if name != self.project.name:
            self.document.set_quietly("name", name)
        same_file = self.path is not None and Path(path).resolve() == self.path
        if same_file and self.file_watch.changed_on_disk() and not self.ask_overwrite_changed(str(path)):
            return False
        try:
            # Validate before writing: the GUI must never produce a file the CLI refuses.
            project_from_dict(project_to_dict(self.project))
            save_project(self.project, path)
        except (WorkbenchError, OSError) as e:
            self.show_error(self.tr("Cannot save the project"), humanize(str(e)))
            return False
        first_save = self.path is None
        self.path = Path(path).resolve()
        self.file_watch.watch(self.path)  # what it holds now is the window's own
        self.document.mark_saved()
        self.document.seal()  # an edit after the save is a step of its own: Undo goes back to what was saved
        self.autosaver.clear()
        self._remember(path)
        self._update_title()
        self._status(self.tr("Saved {path}").format(path=path), 5000)
        if first_save:
            self._move_unsaved_runs()
        return True

    def _move_unsaved_runs(self) -> None:
        """Runs trained before the project had a file went to the user's data folder: the first save takes them
        along into the runs folder beside the file, where the Runs tab (and the command line) look."""
        target = self._runs_dir()
        moved = []
        training = Path(self.run_dir) if self.run is not None and self.run_dir else None
        for run_dir in self.unsaved_runs:
            if run_dir == training:
                continue  # its process is writing there: it stays (the Runs tab's Folder… finds it)
            if run_dir.is_dir() and run_dir.parent != target and not (target / run_dir.name).exists():
                try:
                    target.mkdir(parents=True, exist_ok=True)
                    moved.append(Path(shutil.move(str(run_dir), str(target / run_dir.name))))
                except OSError:
                    continue  # left where it was: the Runs tab's Folder… still finds it
        self.unsaved_runs = []
        self.runs_panel.set_runs_dir(target)
        if moved:
            self._status(self.tr("Saved; the {count} runs trained before saving moved to {folder}").format(
                count=len(moved), folder=target), 8000)

    def _project_file_changed(self, path: str) -> None:
        """Another program (or window) wrote the project file: offer to reload it."""
        if self.run is not None:
            self._status(self.tr("{path} changed on disk: open it again after the run to see the change")
                         .format(path=path))
            return
        if self.ask_reload_changed(path, self.dirty):
            self.open_project(path, ask=False)

    def _ask_reload_changed(self, path: str, modified: bool) -> bool:
        text = self.tr("{name} was changed by another program.").format(name=Path(path).name) + "\n\n" + (
            self.tr("Reload it? Your unsaved changes here would be lost.") if modified else self.tr("Reload it?"))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Project changed on disk"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No if modified else QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _ask_overwrite_changed(self, path: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Project changed on disk"),
                          self.tr("{name} was changed by another program since it was opened here. Save over "
                                  "those changes?").format(name=Path(path).name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Save

    def _remember(self, path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in (self.settings.value("recent") or []) if p != path]
        self.settings.setValue("recent", [path] + recent[: MAX_RECENT - 1])
        self.settings.setValue("last_project_dir", str(Path(path).parent))
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent") or []
        if isinstance(recent, str):
            recent = [recent]
        for p in recent:
            self.recent_menu.addAction(p, lambda p=p: self.open_project(p))
        self.recent_menu.setEnabled(bool(recent))

    def _last_dir(self, what: str) -> str:
        """Where a dialog for ``what`` ("project", "model", "export", "data") opens (see start_folders)."""
        return start_folder(self.settings.value(f"last_{what}_dir"), self.path.parent if self.path else None)

    # -- drag and drop: a folder anywhere on the window ------------------------
    @staticmethod
    def _dropped_path(mime) -> Path | None:
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                p = Path(url.toLocalFile())
                if p.is_dir() or p.suffix == EXTENSION:
                    return p
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # A drag moving from one widget to the next leaves the first just before it enters the second: the
        # highlight goes here and comes back at once, and stays gone when the drag leaves the window.
        if event.type() == QEvent.Type.DragLeave and isinstance(obj, QWidget) and obj.window() is self:
            self.drop_highlight.hide()
        # Child widgets (line edits, plots) would swallow a drop; catch folder drops for the whole window.
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) \
                and isinstance(obj, QWidget) and obj.window() is self and not self._inside(obj, self.predict_panel) \
                and self._take_drop(event):
            return True
        return super().eventFilter(obj, event)

    def _catch_drops_everywhere(self, on: bool) -> None:
        """The filter above sees every event of every widget, and runs Python (and takes the GIL) for each: while
        a run trains, when a drop could only be refused anyway, it is off; the window's own handlers below
        then answer drops that no child takes (which is most of them: the editors are locked)."""
        if on:
            QApplication.instance().installEventFilter(self)
        else:
            QApplication.instance().removeEventFilter(self)

    def _take_drop(self, event) -> bool:
        """A data-set folder or a project dragged over the window: accepted, and opened when dropped."""
        path = self._dropped_path(event.mimeData())
        if path is None:
            return False
        if event.type() == QEvent.Type.Drop:
            self.drop_highlight.hide()
            self.handle_drop(path)
        else:
            self.drop_highlight.show_message(self._drop_message(path))
        event.acceptProposedAction()
        return True

    def _drop_message(self, path: Path) -> str:
        """What dropping ``path`` will do, said while it is dragged over the window."""
        if self.run is not None:
            return self.tr("A run is in progress: stop it before changing the data")
        if path.suffix == EXTENSION:
            return self.tr("Drop to open the project {name}").format(name=path.name)
        return self.tr("Drop to use the folder {name} as the data set").format(name=path.name)

    def dragEnterEvent(self, event) -> None:
        if not self._take_drop(event):
            event.ignore()

    dragMoveEvent = dropEvent = dragEnterEvent

    def dragLeaveEvent(self, event) -> None:
        self.drop_highlight.hide()

    @staticmethod
    def _inside(widget: QWidget, ancestor: QWidget) -> bool:
        """The Predict panel takes its own drops (images to classify), not the data set's folder."""
        return widget is ancestor or ancestor.isAncestorOf(widget)

    def handle_drop(self, path: Path) -> None:
        if self.run is not None:
            self._status(self.tr("A run is in progress: stop it before changing the data"))
            return
        if path.suffix == EXTENSION:
            self.open_project(path)
            return
        self.tabs.setCurrentWidget(self.dataset_panel)
        self.dataset_panel.set_folder(str(path))
        self._status(self.tr("Image folder {path}").format(path=path), 5000)

    # -- training ------------------------------------------------------------
    def _out_dir(self) -> Path | None:
        chosen = default_runs_dir(self.settings)  # Preferences: one folder for every project's runs
        if chosen is not None:
            return chosen
        if self.path is not None:
            return None  # the engine's default: runs/ beside the project file
        return user_data_dir() / "runs"

    def start_training(self, resume: str | None = None, continue_plots: bool = False) -> None:
        """Train in a process of its own: the project as it is now, saved to a temporary file, run by
        ``workbench train`` (see runs/process.py). ``resume``: a last.pt to continue; ``continue_plots``: its
        curves go on where the plots are (a run resumed after its process died)."""
        if self.run is not None or self.run_panel.state != "idle":
            return
        plan = self.model_panel.plan
        if not self._model_can_run(plan):
            return
        box = self.run_panel.resume_box
        if resume is None and box.isChecked() and not box.isHidden():  # a hidden box offers nothing
            if self.loaded and self.loaded["kind"] == "checkpoint":
                resume = self.loaded["path"]
            elif self.resumable is not None:  # the run just stopped: Train goes on where it stopped
                resume = self.resumable
                continue_plots = True  # its curves are on screen: they go on, as the run does
        refusal = self._memory_refusal(plan)
        if refusal is not None and not self.ask_start_despite_memory(refusal):
            return
        try:
            args = self._train_command(resume, same_run=continue_plots)
        except (WorkbenchError, OSError) as e:
            self.show_error(self.tr("Cannot start the run"), str(e))
            return
        if refusal is not None:
            args.append("--no-memory-check")  # the user read the numbers and chose to try
        self._continue_plots = continue_plots
        # The plots are cleared (or the curves kept underneath) when the run has started, not at the press: a
        # Train that fails to start leaves the previous run's curves in view.
        self.checkpoints, self.checkpoint_epochs = {}, {}
        if not continue_plots:
            self.epoch_metrics = {}
        self.last_finished = None
        self.last_error = None
        self.document.seal()  # the run trained on the settings so far: an edit after it is a step of its own
        self.run = self.launcher.start(args)
        self.run.event.connect(self._on_event)
        self.run.failed.connect(self._on_failed)
        self.run.ended.connect(self._run_ended)
        self._set_editable(False)
        self._set_run_state("running")
        self.run_panel.begin(self.project.training.epochs)
        self._status(self.tr("Starting the run: reading the data…"))

    def _model_can_run(self, plan) -> bool:
        """False (the Model tab shown, the reason said) when the layer stack cannot run."""
        if plan is not None and plan.error is not None:
            self.tabs.setCurrentWidget(self.model_panel)
            self.show_error(self.tr("The model cannot run"), humanize(str(plan.error)))
            return False
        return True

    def _loaded_weights_args(self) -> list[str]:
        """``--init-weights FILE`` for the weights the user loaded (and ``--trust-pickle`` when the user chose,
        warned, to open that pickled file), or nothing."""
        if self.loaded is None:
            return []
        return ["--init-weights", self.loaded["path"]] + (["--trust-pickle"] if self.loaded["trust_pickle"] else [])

    def _memory_refusal(self, plan) -> str | None:
        """Why the training step will not fit in the device's memory (the run's own check, done before the
        process starts so the user can choose), or None."""
        if plan is None or plan.error is not None:
            return None
        from workbench.core.training.device import memory_verdict, resolve_device

        try:
            device = resolve_device(self.project.training.device)
        except WorkbenchError:
            return None  # the run says what is wrong with the device
        return memory_verdict(plan, self.project, device)[1]

    def _ask_start_despite_memory(self, refusal: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not enough memory"),
                          self.tr("{reason}\n\nStart anyway? The run may fail, or slow the computer down while "
                                  "it swaps.").format(reason=humanize(refusal)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _train_command(self, resume: str | None, same_run: bool = False) -> list[str]:
        """``train PROJECT-COPY --out DIR [--resume CKPT] [--nproc-per-node N]``: the run's command line.
        ``same_run``: the resumed run goes on in the checkpoint's own run folder."""
        # The user may go on editing while the run trains: the run gets a copy (its paths made absolute).
        copy_path = project_copy(self.project, "project")
        self._run_project_dir = str(copy_path.parent)
        args = ["train", str(copy_path)]
        out = self._out_dir()
        if not same_run and (resume is None or out is not None):  # else the engine continues in resume's folder
            args += ["--out", str(out or self._runs_dir())]
        if resume is not None:
            args += ["--resume", str(resume)]
        else:  # the weights loaded, if any, are the model: training starts from them
            args += self._loaded_weights_args()
        processes = self.training_panel.processes
        if processes > 1:  # "All GPUs": torchrun's processes, rank 0 reporting
            args += ["--nproc-per-node", str(processes)]
        return args

    def toggle_pause(self) -> None:
        if self.run is None:
            return
        if self.run.paused:
            self.run.resume()
            self._set_run_state("running")
            self._status(self.tr("Training…"))
        else:
            self.run.pause()
            self._set_run_state("paused")
            self._status(self.tr("Paused after the current batch — press Resume to continue"))

    def stop_training(self) -> None:
        if self.run is None:
            return
        self.run.stop()
        self._set_run_state("stopping")
        self._status(self.tr("Stopping after the current batch (the last checkpoint is still written)…"))

    def _set_editable(self, editable: bool) -> None:
        self._catch_drops_everywhere(editable)
        self.dataset_panel.set_editable(editable)
        self.model_panel.set_editable(editable)
        self.training_panel.set_editable(editable)

    def _on_event(self, ev) -> None:
        if isinstance(ev, RunStarted):  # before the run panel sets the plots' span for it
            if self._continue_plots:
                self.plots.continue_run(ev.start_epoch)
            else:
                self.plots.begin_run(overlay=self.run_panel.overlay_box.isChecked())
        if isinstance(ev, EpochEnded):
            self.epoch_metrics[ev.epoch] = ev.metrics
        self.run_panel.on_event(ev)
        if isinstance(ev, RunStarted):
            self.run_dir = ev.run_dir
            self.loaded = self.resumable = None  # the run makes the model now (it started from the loaded weights, if any)
            if self.path is None and self._out_dir() == user_data_dir() / "runs":
                self.unsaved_runs.append(Path(ev.run_dir))
            self.run_panel.resume_box.hide()
            if self.run_panel.state == "paused":  # paused while the run was starting: it holds before its first batch
                self._status(self.tr("Paused — press Resume to continue ({run_dir})").format(run_dir=ev.run_dir))
            else:
                self._status(self.tr("Training on {value}… ({run_dir})").format(value=ev.device_name or ev.device, run_dir=ev.run_dir))
            notes = getattr(ev, "notes", None) or []  # how data is fed, precision: worth a look, not a dialog
            self.run_panel.info.setToolTip("\n".join([self.tr("Run folder: {run_dir}").format(run_dir=ev.run_dir), *notes]))
        elif isinstance(ev, CheckpointSaved):
            self.checkpoints[ev.kind] = ev.path
            self.checkpoint_epochs[ev.kind] = ev.epoch
        elif isinstance(ev, RunWarning):
            self._status(self.tr("Warning: {message}").format(message=ev.message))
        elif isinstance(ev, Finished):
            self.last_finished = ev
            last = Path(ev.run_dir) / "last.pt" if ev.run_dir else None
            self.resumable = str(last) if ev.reason == "stopped" and last is not None and last.is_file() else None
            if self.resumable is not None:  # what "resuming goes on from there" means: this box, ticked
                self.run_panel.resume_box.show()
                self.run_panel.resume_box.setChecked(True)
            # The accuracy of what the run hands on (model.pth's epoch), as Results and the Runs tab show it.
            acc = self.epoch_metrics.get(ev.result.get("epoch"), ev.metrics).get("val_accuracy")
            words = {"completed": self.tr("Finished"), "early_stopping": self.tr("Stopped early (no more improvement)"),
                     "stopped": self.tr("Stopped"),
                     "diverged": self.tr("Stopped: the loss diverged")}.get(ev.reason, ev.reason)
            self._status(self.tr("{words} after {epochs_done} epochs").format(words=words, epochs_done=ev.epochs_done)
                         + (f" — {ev.message}" if ev.message else "")
                         + (f" — model.pth: {self._result_caption()}" if ev.result else "")
                         + (self.tr(" — val accuracy {value:.1f} %").format(value=100 * acc) if acc is not None else "")
                         + f" — {ev.run_dir}")
            if ev.reason == "diverged":
                self.show_error(self.tr("The run stopped"), ev.message or self.tr("The loss became NaN or infinite."))
            self._feed_result_panels(ev.run_dir)
        elif isinstance(ev, Failed):
            self._on_failed(ev.message)

    def _epoch_shown(self, ev: EpochEnded) -> None:
        """Said when the plots and bars show the epoch (they redraw on a timer), not when its event arrives."""
        acc = ev.metrics.get("val_accuracy")
        if self.run_panel.state == "running":
            self._status(self.tr("Epoch {epoch}/{epochs} done").format(epoch=ev.epoch, epochs=ev.epochs)
                         + (self.tr(" — val accuracy {value:.1f} %").format(value=100 * acc) if acc is not None else ""))

    def _runs_dir(self) -> Path:
        return self._out_dir() or (self.path.parent / "runs")

    def _feed_result_panels(self, run_dir: str | None) -> None:
        """After a run: evaluate its result (model.pth's epoch: the best or the last), predict with it, list the
        run among the project's runs."""
        source = self.trained_source()
        if source is not None:
            self.results_panel.evaluate(source, caption=self._result_caption())
            self.predict_panel.set_checkpoint(source)
        self.runs_panel.set_runs_dir(Path(run_dir).parent if run_dir else self._runs_dir())

    def _result_caption(self) -> str:
        from workbench.core.training.runs import describe_result

        result = self.last_finished.result if self.last_finished is not None else None
        return describe_result(result) if result else ""

    def open_run(self, run_dir: str) -> bool:
        """A run chosen in the Runs tab becomes the project, as it ran — data source, transforms, model, training
        settings (its project.json) — with its curves in the plots and its weights as the model: a run that
        ended shows its result (model.pth's epoch) in Results; one stopped or cut short can be resumed by Train.
        A run of this project file stays tied to the file (Save writes the run's settings back)."""
        from workbench.core.results.run_index import read_run

        run_dir = Path(run_dir)
        info = read_run(run_dir)
        try:
            project = load_project(run_dir / "project.json")
        except WorkbenchError as e:
            self.show_error(self.tr("Cannot open the run"), humanize(str(e)))
            return False
        unfinished = info.finished in (None, "stopped") and info.epochs < project.training.epochs
        result = "best.pt" if info.result.get("chosen") == "best" else "last.pt"
        names = ("last.pt", "best.pt") if unfinished else (result, "last.pt", "best.pt")
        checkpoint = next((run_dir / n for n in names if (run_dir / n).is_file()), None)
        if checkpoint is None:
            self.show_error(self.tr("Cannot open the run"),
                            self.tr("{run_dir} has no checkpoint (last.pt or best.pt)").format(run_dir=run_dir))
            return False
        if self.run is not None or not self.maybe_save():
            return False
        own = self.path is not None and run_dir.parent.resolve() == self._runs_dir().resolve()
        self.set_project(project, self.path if own else None, modified=True)
        self.plots.begin_run(overlay=False)
        self.plots.set_epoch_span(project.training.epochs)
        for row in info.history:
            self.plots.add_epoch(int(row["epoch"]), row)
        self.plots.redraw()
        self.epoch_metrics = {int(row["epoch"]): row for row in info.history}
        self.load_model(checkpoint, resume=unfinished)
        self.tabs.setCurrentWidget(self.results_panel if not unfinished else self.model_panel)
        self._status((self.tr("Opened the run {name}: Train resumes it") if unfinished else
                      self.tr("Opened the run {name}: its data, model, settings, curves and result")).format(
            name=run_dir.name), 8000)
        return True

    def export_dialog(self) -> None:
        from workbench.gui.dialogs.export import ExportDialog

        source = self.model_source()
        if source is None:
            self.show_error(self.tr("No model to export"), self.tr("Train the model, or load a checkpoint (.pt), first."))
            return
        self.export = ExportDialog(source, parent=self, launcher=self.launcher, folder=self._last_dir("export"))
        self.export.exported.connect(lambda p: self.settings.setValue("last_export_dir", str(Path(p).parent)))
        self.export.exported.connect(lambda p: self._status(self.tr("Exported {p}").format(p=p), 8000))
        self.export.open()

    def find_learning_rate(self) -> None:
        """Training tab › Find learning rate…: the range test on the project as it is, in a process of its own
        (dialogs/lr_find.py); its suggestion goes into the project only through the dialog's Use."""
        from workbench.gui.dialogs.lr_find import LrFindDialog

        if self.run is not None or (self.lr_dialog is not None and self.lr_dialog.busy):
            return
        plan = self.model_panel.plan
        if not self._model_can_run(plan):
            return
        extra = self._loaded_weights_args()  # the weights loaded are the model: training would start from them
        kwargs = {"steps": self.lr_find_steps} if self.lr_find_steps else {}
        dialog = self.lr_dialog = LrFindDialog(self.document, self.launcher, extra, parent=self, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.used.connect(lambda lr: self._status(
            self.tr("Learning rate set to {lr} (Edit › Undo takes it back)").format(lr=f"{lr:g}"), 8000))
        dialog.finished.connect(self._lr_dialog_closed)
        dialog.found.connect(lambda _: self.training_panel.set_finding(False))
        dialog.failed.connect(lambda _: self.training_panel.set_finding(False))
        self.training_panel.set_finding(True)
        dialog.open()  # modal to the window: the project stays as the finder saw it
        dialog.start()

    def _lr_dialog_closed(self) -> None:
        self.lr_dialog = None
        self.training_panel.set_finding(False)

    def _on_failed(self, message: str) -> None:
        message = humanize(message)
        self.last_error = message
        self._status(self.tr("The run failed: {message}").format(message=message))
        run = self.run
        if run is not None and run.died and run.run_dir and (Path(run.run_dir) / "last.pt").is_file():
            return  # one question when it has ended: resume from last.pt? (_run_ended)
        self.show_error(self.tr("Training failed"), message)

    def _run_ended(self) -> None:
        run, self.run = self.run, None
        if self._run_project_dir is not None:
            shutil.rmtree(self._run_project_dir, ignore_errors=True)
            self._run_project_dir = None
        self._set_editable(True)
        self._set_run_state("idle" if self._torch_is_ready else "loading")
        self.plots.redraw()
        if self._close_after_run:
            QTimer.singleShot(0, self.close)
            return
        if run is not None:
            run.deleteLater()
            if run.died and run.run_dir:
                self._offer_resume(run.run_dir)

    def _offer_resume(self, run_dir: str) -> None:
        """The run's process died: its newest last.pt can carry on where it was."""
        last = Path(run_dir) / "last.pt"
        if last.is_file() and self.ask_resume_after_crash(str(last)):
            self.start_training(resume=str(last), continue_plots=True)

    def _ask_resume_after_crash(self, last: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The run stopped"),
                          self.tr("{message}\n\nThe plots so far are kept. Resume from the last checkpoint ({path})?")
                          .format(message=self.last_error or "", path=last),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        return box.exec() == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        """A dialog that does not block the event loop (the window stays usable, tests keep running)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_dialog = box
        self.last_error_text = f"{title}: {message}"

    # -- model files ----------------------------------------------------------
    def trained_source(self) -> str | None:
        """The checkpoint holding the last run's result: the epoch model.pth holds (the best by the monitored
        metric when "keep the best epoch" is on, else the last)."""
        result = self.last_finished.result if self.last_finished is not None else None
        chosen = (result or {}).get("chosen") or ("best" if self.project.training.keep_best else "last")
        for kind in (chosen, "last", "best"):
            if kind in self.checkpoints and Path(self.checkpoints[kind]).is_file():
                return self.checkpoints[kind]
        return None

    def model_source(self) -> str | None:
        """The model the window holds, as a checkpoint file: the last run's result, or weights loaded since."""
        trained = self.trained_source()
        if trained is not None:
            return trained
        return self.loaded["model_file"] if self.loaded is not None else None

    def save_model_dialog(self) -> None:
        which = None
        if self.trained_source() is not None and {"best", "last"} <= set(self.checkpoint_epochs) \
                and self.checkpoint_epochs["best"] != self.checkpoint_epochs["last"]:
            which = self.ask_which_weights()
            if which is None:
                return
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save model"), str(Path(self._last_dir("model")) / f"{self.project.name}.pth"),
            self.tr("state_dict (*.pth);;Full checkpoint (*.pt)"))
        if path:
            self.save_model(path, checkpoint=path.endswith(".pt") or "checkpoint" in chosen, which=which)

    def _ask_which_weights(self) -> str | None:
        """The run has a best epoch and a later last one: which to save ("best", "last", None: cancel)."""
        best, last = self.checkpoint_epochs["best"], self.checkpoint_epochs["last"]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Save model"),
                          self.tr("Which weights? The best epoch ({best}) is what Results shows and the run's "
                                  "model.pth holds; the last epoch ({last}) is where the plots end.")
                          .format(best=best, last=last), QMessageBox.StandardButton.Cancel, self)
        best_button = box.addButton(self.tr("Best (epoch {epoch})").format(epoch=best),
                                    QMessageBox.ButtonRole.AcceptRole)
        last_button = box.addButton(self.tr("Last (epoch {epoch})").format(epoch=last),
                                    QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(best_button)
        box.exec()
        return {best_button: "best", last_button: "last"}.get(box.clickedButton())

    def save_model(self, path: str | os.PathLike, checkpoint: bool = False, which: str | None = None) -> bool:
        """Write the model's weights: a bare state_dict (.pth, the primer's format) or a whole checkpoint.
        ``which``: the run's "best" or "last" epoch; by default the run's result, or the weights loaded."""
        from workbench.core.storage.model_files import safe_load, save

        source = self.checkpoints.get(which) if which else self.model_source()
        if source is None:
            self.show_error(self.tr("No model to save"), self.tr("Train the model (or load one) first."))
            return False
        try:
            ckpt = safe_load(source)
            save(ckpt if checkpoint else ckpt["model"], path)
        except (WorkbenchError, OSError, KeyError) as e:
            self.show_error(self.tr("Cannot save the model"), str(e))
            return False
        self.settings.setValue("last_model_dir", str(Path(path).parent))
        self._status(self.tr("Saved the model to {path}").format(path=path), 5000)
        return True

    def _open_model_file(self, title: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, self._last_dir("model"),
                                              self.tr("PyTorch files (*.pt *.pth);;All files (*)"))
        return path

    def load_model_dialog(self) -> None:
        path = self._open_model_file(self.tr("Load model"))
        if path:
            self.load_model(path)

    def start_from_weights_dialog(self) -> None:
        path = self._open_model_file(self.tr("Start from weights"))
        if path:
            self.load_model(path, fit=True)

    def load_model(self, path: str | os.PathLike, trust_pickle: bool = False, fit: bool = False,
                   resume: bool = True) -> None:
        """A checkpoint restores its architecture and weights (and can resume); other weights — and any file
        with ``fit`` (Start from weights) — go into the current architecture, or nothing changes and the keys
        that do not fit are listed. Either way the weights are the model until the next run: Train starts from
        them, Results, Predict, Export and Save model use them (``resume``: a checkpoint is offered for resuming,
        ticked; else unticked: Train starts from its weights). Reading and checking run on the thread pool (a
        checkpoint can be hundreds of MB); ``model_load_finished(ok)`` says how it went."""
        from workbench.gui.runs.background import run_task

        path = str(path)
        self.load_model_action.setEnabled(False)
        self.start_from_weights_action.setEnabled(False)
        self._status(self.tr("Loading {path}…").format(path=path))

        def settled() -> None:
            self.load_model_action.setEnabled(self.run is None)
            self.start_from_weights_action.setEnabled(self.run is None)

        def done(result) -> None:
            settled()
            self.settings.setValue("last_model_dir", str(Path(path).parent))
            if isinstance(result, LoadedWeights):
                self._weights_loaded(result)
            else:
                self._model_loaded(path, result, resume)
            self.model_load_finished.emit(True)

        def failed(error: BaseException) -> None:
            message = error_text(error)
            settled()
            if "refused to open" in message and not trust_pickle and self.ask_trust_pickle(path):
                self.load_model(path, trust_pickle=True, fit=fit, resume=resume)
                return
            self.show_error(self.tr("Cannot load the model"), message)
            self._status(self.tr("The model was not loaded; nothing changed"), 8000)
            self.model_load_finished.emit(False)

        run_task(_read_model_file, path, self.project.copy(), trust_pickle, fit, on_done=done, on_error=failed)

    def _model_loaded(self, path: str, ckpt, resume: bool = True) -> None:
        """A Torch Workbench checkpoint: its architecture replaces the current one (undoable), Train resumes it
        (or, with Resume unticked, starts from its weights)."""
        self.document.edit("model", self.tr("Load the checkpoint's architecture"),
                           lambda _model: copy.deepcopy(ckpt.project.model), focus=0)
        caption = (self.tr("written during epoch {epoch}, part-trained").format(epoch=ckpt.epoch + 1)
                   if ckpt.partial_epoch else self.tr("epoch {epoch}").format(epoch=ckpt.epoch))
        self._use_loaded({"kind": "checkpoint", "path": path, "model_file": path, "trust_pickle": False,
                          "caption": caption})
        self.run_panel.resume_box.show()
        resumes = resume  # a finished one too: Train then says to raise the epochs (the user may want more)
        self.run_panel.resume_box.setChecked(resumes)
        self._status((self.tr("Loaded checkpoint {path} ({caption}): Train resumes it") if resumes else
                      self.tr("Loaded checkpoint {path} ({caption}): Train starts from its weights"))
                     .format(path=path, caption=caption), 8000)

    def _weights_loaded(self, weights: LoadedWeights) -> None:
        self._use_loaded({"kind": "weights", "path": weights.source, "model_file": weights.model_file,
                          "trust_pickle": weights.trust_pickle, "caption": weights.description})
        self.run_panel.resume_box.hide()
        self._status(self.tr("The model now has these weights; Train starts from them. {what}")
                     .format(what=weights.description), 12000)

    def _use_loaded(self, loaded: dict) -> None:
        """The loaded weights are the model: Results evaluates them and Predict uses them."""
        self.checkpoints, self.checkpoint_epochs, self.last_finished = {}, {}, None
        self.loaded, self.resumable = loaded, None
        name = Path(loaded["path"]).name  # the user's file, not the copy the window keeps (x-<hash>.pt)
        self.predict_panel.set_checkpoint(loaded["model_file"], name=name)
        self.results_panel.evaluate(loaded["model_file"], caption=loaded["caption"], name=name)

    def _ask_trust_pickle(self, path: str) -> bool:
        answer = QMessageBox.warning(
            self, self.tr("Open a pickled model?"),
            self.tr("{name} is a whole pickled model (torch.save(model)), not plain weights. Opening it runs Python code stored in the file, which can do anything a program on this computer can.\n\nOpen it only if you made it yourself or trust where it came from. Open it anyway?").format(name=Path(path).name),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Open

    # -- closing -------------------------------------------------------------
    def _ask_stop_run(self) -> bool:
        answer = QMessageBox.question(self, self.tr("A run is in progress"),
                                      self.tr("Stop the training run and close? The last checkpoint is kept."))
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:
        if self.run is None and self.experiments_panel.running:  # a sweep: asked as a run is, then stopped
            if not self._close_after_run and not self.ask_stop_run():
                event.ignore()
                return
            self._close_after_run = True
            self.experiments_panel.stop(then=self.close)
            event.ignore()
            return
        if self.run is not None:
            if not self._close_after_run:
                # The run holds still while the question is open: it must not train on behind the dialog.
                was_paused = self.run.paused
                self.run.pause()
                if not self.ask_stop_run():
                    if not was_paused:
                        self.run.resume()
                    event.ignore()
                    return
                self._close_after_run = True
                self.run.stop()
                self._set_run_state("stopping")
                self._status(self.tr("Stopping the run, then closing…"))
            # Closing waits for the run's process without blocking the event loop: _run_ended closes again.
            event.ignore()
            return
        if not self.maybe_save():
            self._close_after_run = False
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.dataset_panel.shutdown()
        self.health_panel.shutdown()
        self.results_panel.shutdown()
        self.prepared.cancel()
        self.runs_panel.shutdown()
        self.experiments_panel.shutdown()
        self.plots.timer.stop()
        self._catch_drops_everywhere(False)
        if self.lr_dialog is not None:
            self.lr_dialog.cancel()
        self.launcher.shutdown()
        wait_for_tasks(10000)
        self.autosaver.stop()  # a normal close: nothing to recover next time
        event.accept()
