"""Preferences: what the user sets once for every project, kept in QSettings.

Keys (all under the app's QSettings):
  ui/language            "system" | "en" | "zh_CN"     (takes effect at the next start)
  ui/theme               "system" | "light" | "dark"   (applied at once; the plots follow)
  defaults/device        "auto" | "cpu" | "cuda" | "cuda:N" | "mps"   (new projects)
  defaults/num_workers   DataLoader workers for new projects
  defaults/runs_dir      "" (runs/ beside the project) or a folder every run goes to
  startup/reopen_last    reopen the last project when started without one
  startup/second_launch  "hand_over" (the running window opens the file) | "new_window"
  runs/warm_process      keep a run process with PyTorch loaded, so Train starts at once (about 400 MB)

Only the window reads these; a project file and the CLI never depend on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.desktop import i18n
from workbench.gui.start_folders import first_folder

LANGUAGE = i18n.SETTING
THEME = "ui/theme"
DEVICE = "defaults/device"
WORKERS = "defaults/num_workers"
RUNS_DIR = "defaults/runs_dir"
REOPEN_LAST = "startup/reopen_last"
SECOND_LAUNCH = "startup/second_launch"
WARM_PROCESS = "runs/warm_process"

THEMES = ("system", "light", "dark")
SECOND_LAUNCH_MODES = ("hand_over", "new_window")
MAX_WORKERS = 64


def _bool(value) -> bool:
    return value in (True, "true", "1", 1)


def theme(settings: QSettings) -> str:
    value = str(settings.value(THEME, "system") or "system")
    return value if value in THEMES else "system"


def default_device(settings: QSettings) -> str:
    return str(settings.value(DEVICE, "auto") or "auto")


def default_workers(settings: QSettings) -> int:
    try:
        return max(0, min(MAX_WORKERS, int(settings.value(WORKERS, 0))))
    except (TypeError, ValueError):
        return 0


def default_runs_dir(settings: QSettings) -> Path | None:
    """The folder every run goes to, or None for the default (runs/ beside the project)."""
    value = str(settings.value(RUNS_DIR, "") or "").strip()
    return Path(value).expanduser() if value else None


def reopen_last(settings: QSettings) -> bool:
    return _bool(settings.value(REOPEN_LAST, False))


def second_launch(settings: QSettings) -> str:
    value = str(settings.value(SECOND_LAUNCH, "hand_over") or "hand_over")
    return value if value in SECOND_LAUNCH_MODES else "hand_over"


def warm_process(settings: QSettings) -> bool:
    return _bool(settings.value(WARM_PROCESS, True))


def last_project(settings: QSettings) -> Path | None:
    recent = settings.value("recent") or []
    if isinstance(recent, str):
        recent = [recent]
    for p in recent:
        if Path(p).is_file():
            return Path(p)
    return None


def apply_project_defaults(project, settings: QSettings) -> None:
    """A new project starts on the preferred device with the preferred number of DataLoader workers."""
    from workbench.core.project.fields import DEVICE_PATTERN

    device = default_device(settings)
    if DEVICE_PATTERN.match(device):
        project.training.device = device
    project.data.loader.num_workers = default_workers(settings)


class PreferencesDialog(QDialog):
    """Edits the settings above; OK writes them and applies what can change live (theme)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        layout = QVBoxLayout(self)

        look = QGroupBox(self.tr("Appearance"))
        form = QFormLayout(look)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("English", "en")  # each language is named in itself
        self.language.addItem("简体中文", "zh_CN")
        form.addRow(self.tr("&Language:"), self.language)
        self.theme = QComboBox()
        self.theme.addItem(self.tr("System"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        form.addRow(self.tr("&Theme:"), self.theme)
        layout.addWidget(look)

        new = QGroupBox(self.tr("New projects and runs"))
        form = QFormLayout(new)
        self.device = QComboBox()
        self.device.setEditable(False)
        for value, label in self._devices():
            self.device.addItem(label, value)
        form.addRow(self.tr("Default &device:"), self.device)
        self.workers = QSpinBox()
        self.workers.setRange(0, MAX_WORKERS)
        self.workers.setToolTip(self.tr("DataLoader worker processes; 0 reads the data in the training thread"))
        form.addRow(self.tr("Data &workers:"), self.workers)
        runs_row = QHBoxLayout()
        self.runs_dir = QLineEdit()
        self.runs_dir.setPlaceholderText(self.tr("runs/ beside the project file"))
        self.runs_dir.setAccessibleName(self.tr("Default runs folder"))
        self.runs_browse = QPushButton(self.tr("Browse…"))
        self.runs_browse.clicked.connect(self._browse)
        runs_row.addWidget(self.runs_dir, 1)
        runs_row.addWidget(self.runs_browse)
        runs_label = QLabel(self.tr("&Runs folder:"))
        runs_label.setBuddy(self.runs_dir)
        form.addRow(runs_label, runs_row)
        self.warm = QCheckBox(self.tr("Keep a training process ready (Train starts at once; about 400 MB of memory)"))
        self.warm.setToolTip(self.tr("Every run trains in a process of its own. With this on, one waits with "
                                     "PyTorch already loaded, so the first batch comes within a second of Train."))
        form.addRow(self.warm)
        layout.addWidget(new)

        start = QGroupBox(self.tr("Starting"))
        form = QFormLayout(start)
        self.reopen = QCheckBox(self.tr("Reopen the last project at start"))
        form.addRow(self.reopen)
        self.second = QComboBox()
        self.second.addItem(self.tr("Open it in the running window"), "hand_over")
        self.second.addItem(self.tr("Open a new window"), "new_window")
        form.addRow(self.tr("A project opened while the app runs:"), self.second)
        layout.addWidget(start)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        self.note.hide()
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._language_note)
        self.load()

    def _devices(self) -> list[tuple[str, str]]:
        found = [("auto", self.tr("auto (best available)")), ("cpu", "CPU")]
        if "torch" in sys.modules:  # never import PyTorch just to fill a menu
            try:
                from workbench.core.training.device import available_devices

                found += [(d.id, f"{d.id} — {d.name}") for d in available_devices() if d.id != "cpu"]
            except Exception:  # a broken CUDA setup: auto and CPU still work
                pass
        return found

    def _select(self, combo: QComboBox, value: str) -> None:
        i = combo.findData(value)
        if i < 0:  # e.g. a GPU chosen on another machine: keep it visible rather than silently changing it
            combo.addItem(value, value)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def load(self) -> None:
        s = self.settings
        self._select(self.language, i18n.language_setting(s))
        self._select(self.theme, theme(s))
        self._select(self.device, default_device(s))
        self.workers.setValue(default_workers(s))
        runs = default_runs_dir(s)
        self.runs_dir.setText(str(runs) if runs else "")
        self.warm.setChecked(warm_process(s))
        self.reopen.setChecked(reopen_last(s))
        self._select(self.second, second_launch(s))
        self._initial_language = self.language.currentData()
        self._language_note()

    def _language_note(self) -> None:
        changed = self.language.currentData() != self._initial_language if hasattr(self, "_initial_language") else False
        self.note.setText(self.tr("The new language is used the next time Torch Workbench starts."))
        self.note.setVisible(changed)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for all runs"), first_folder(self.runs_dir.text()))
        if path:
            self.runs_dir.setText(path)

    def save(self) -> bool:
        """Write the settings; returns whether the language changed (a restart shows it)."""
        s = self.settings
        language_changed = self.language.currentData() != i18n.language_setting(s)
        s.setValue(LANGUAGE, self.language.currentData())
        s.setValue(THEME, self.theme.currentData())
        s.setValue(DEVICE, self.device.currentData())
        s.setValue(WORKERS, self.workers.value())
        s.setValue(RUNS_DIR, self.runs_dir.text().strip())
        s.setValue(WARM_PROCESS, self.warm.isChecked())
        s.setValue(REOPEN_LAST, self.reopen.isChecked())
        s.setValue(SECOND_LAUNCH, self.second.currentData())
        s.sync()
        from workbench.gui.desktop.theme import apply_theme

        apply_theme(theme(s))
        return language_changed

    def accept(self) -> None:
        language_changed = self.save()
        super().accept()
        if language_changed and self.parent() is not None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"),
                              self.tr("The new language is used the next time Torch Workbench starts."),
                              QMessageBox.StandardButton.Ok, self.parent())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
