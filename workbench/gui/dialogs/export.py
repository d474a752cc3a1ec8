"""Export…: take a trained model out of the app in the format the next tool wants (core/export.py).

Public API (for the main window)::

    dialog = ExportDialog(checkpoint, parent=None, fmt="pth", folder=None)   # checkpoint: a best.pt / last.pt
                                        # path; folder: where the file goes unless the user picks another place
    dialog.open()                       # non-modal to the event loop; export runs on the thread pool
    dialog.exported                     # Signal(str): the written file's path
    dialog.failed                       # Signal(str): why it could not be written or did not check out
    dialog.select_format(name); dialog.set_output(path); dialog.start_export() -> bool (False: not allowed now)
    dialog.busy / dialog.last_path / dialog.error

The pickle format (the primer's ``torch.save(model)``) shows its warning and
needs the "I understand" box ticked before Export is enabled. Success shows
the line that loads the file; failure shows the core's one-line reason.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from workbench.core.i18n import _ as core_text
from workbench.core.results.export import FORMATS, PICKLE_WARNING
from workbench.gui.runs.process import RunLauncher

DEFAULT_STEMS = {"pth": "weights", "script": "train", "pickle": "model-pickled"}  # never model.pth: the run's own


class ExportDialog(QDialog):
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, checkpoint, parent=None, fmt: str = "pth", launcher: RunLauncher | None = None,
                 folder: str | os.PathLike | None = None):
        super().__init__(parent)
        self.checkpoint = os.fspath(checkpoint)
        # The window passes the project's folder (or the one last exported to); alone, the run's folder.
        self.folder = Path(folder) if folder else Path(self.checkpoint).parent
        # Exports run `workbench export` in a process of their own (the window's, with its warm spare): an ONNX
        # export with its check on the window's thread pool made the event loop up to 90 ms late.
        self.launcher = launcher or RunLauncher(parent=self)
        self.last_path: str | None = None
        self.error: str | None = None
        self._task = None
        self._default_out = ""
        # A hook the tests replace: the question asked before overwriting a file.
        self.ask_overwrite = self._ask_overwrite
        self.setWindowTitle(self.tr("Export model"))
        self.resize(620, 420)

        layout = QVBoxLayout(self)
        source = QLabel(self.tr("Model: <b>{value}/{value2}</b>").format(value=html.escape(Path(self.checkpoint).parent.name), value2=html.escape(Path(self.checkpoint).name)))
        source.setToolTip(self.checkpoint)
        layout.addWidget(source)
        layout.addWidget(QLabel(self.tr("Format:")))
        self.formats = QListWidget()
        for f in FORMATS.values():
            item = QListWidgetItem(f"{f.shown_title}   (*{f.suffix})")
            item.setData(Qt.ItemDataRole.UserRole, f.name)
            self.formats.addItem(item)
        self.formats.setMaximumHeight(self.formats.sizeHintForRow(0) * len(FORMATS) + 6)
        self.formats.currentRowChanged.connect(self._format_changed)
        layout.addWidget(self.formats)
        self.how = QLabel()
        self.how.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.how.setWordWrap(True)
        layout.addWidget(self.how)

        self.warning = QFrame()
        self.warning.setObjectName("pickleWarning")
        self.warning.setStyleSheet("#pickleWarning { background: #fff4e0; border: 1px solid #e0a030; "
                                   "border-radius: 4px; }")
        warning_layout = QVBoxLayout(self.warning)
        text = QLabel(self.tr("⚠ Loading this file runs code: {PICKLE_WARNING}.").format(PICKLE_WARNING=core_text(PICKLE_WARNING)))
        text.setWordWrap(True)
        warning_layout.addWidget(text)
        self.understood = QCheckBox(self.tr("I understand: export a whole pickled model anyway"))
        self.understood.toggled.connect(self._sync)
        warning_layout.addWidget(self.understood)
        layout.addWidget(self.warning)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Save to:")))
        self.path_edit = QLineEdit()
        self.path_edit.textChanged.connect(self._sync)
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.browse_button)
        layout.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Exporting and checking…"))
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start_export)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.select_format(fmt)

    # -- state -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def fmt(self) -> str:
        item = self.formats.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "pth"

    def select_format(self, name: str) -> None:
        self.formats.setCurrentRow(list(FORMATS).index(name))

    def set_output(self, path) -> None:
        self.path_edit.setText(os.fspath(path))

    def _format_changed(self, _row: int) -> None:
        f = FORMATS[self.fmt]
        text = self.path_edit.text().strip()
        default = str(self.folder / f"{DEFAULT_STEMS.get(f.name, 'model')}{f.suffix}")
        # A path the user typed keeps its name and only takes the new suffix.
        self.set_output(default if not text or text == self._default_out else Path(text).with_suffix(f.suffix))
        self._default_out = default
        how = f.how_to_load.format(path=Path(self.path_edit.text()).name)
        self.how.setText(self.tr("Load it with: <code>{value}</code>").format(value=html.escape(how)))
        self.warning.setVisible(f.name == "pickle")
        self.understood.setChecked(False)
        self.result.clear()
        self._sync()

    def _sync(self) -> None:
        allowed = bool(self.path_edit.text().strip()) and not self.busy
        if self.fmt == "pickle" and not self.understood.isChecked():
            allowed = False
        self.export_button.setEnabled(allowed)
        for w in (self.formats, self.path_edit, self.browse_button):
            w.setEnabled(not self.busy)

    def _browse(self) -> None:
        f = FORMATS[self.fmt]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export model as"), self.path_edit.text(),
                                              self.tr("{title} (*{suffix});;All files (*)").format(title=f.shown_title, suffix=f.suffix))
        if path:
            self.set_output(path if Path(path).suffix else path + f.suffix)

    # -- exporting -----------------------------------------------------------------
    def start_export(self) -> bool:
        if not self.export_button.isEnabled():
            return False
        out = Path(self.path_edit.text().strip()).expanduser()
        if out.exists() and not self.ask_overwrite(out):
            return False
        self.error = None
        self.result.clear()
        self.progress.show()
        self._out = str(out)
        self._failure: str | None = None
        self._task = self.launcher.start(["export", self.checkpoint, "--to", self.fmt, "--out", self._out],
                                         events=False)
        self._task.failed.connect(self._failed)
        self._task.ended.connect(self._ended)
        self._sync()
        return True

    def _ended(self) -> None:
        if self._failure is None:
            self._done(self._out)

    def _done(self, path: str) -> None:
        self._finish()
        self.last_path = path
        how = FORMATS[self.fmt].how_to_load.format(path=path)
        self.result.setText(self.tr("<span style='color:#1b7a30'>✔ Saved and checked: {value}</span><br>Load it with:<br><code>{value2}</code>").format(value=html.escape(path), value2=html.escape(how)))
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self._failure = message
        self._finish()
        self.error = message
        self.result.setText(self.tr("<span style='color:#b00020'>✘ Not exported: {value}</span>").format(value=html.escape(message)))
        self.failed.emit(message)

    def _finish(self) -> None:
        self._task = None
        self.progress.hide()
        self._sync()

    def _ask_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(self, self.tr("Replace the file?"), self.tr("{path} exists. Replace it?").format(path=path))
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self.busy:  # the export finishes on its own; closing now would hide its result
            self.result.setText(self.tr("Still exporting: wait for it to finish."))
            return
        super().reject()
