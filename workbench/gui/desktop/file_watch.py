"""Noticing the project file change on disk: another window, an editor, a sweep's "Open as project".

The window records what the file held when it opened or saved it (a hash of its bytes, so a touch that
changes nothing says nothing); QFileSystemWatcher reports writes, and a moment later (editors and atomic
saves write in steps) the file is compared with that record. Atomic saves replace the file, which ends a
watch: the path is watched again after every change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 300  # a save in several steps is one change


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None  # gone (for now: an atomic save renames over it)


class ProjectFileWatch(QObject):
    changed = Signal(str)  # the path, when its bytes differ from what the window last read or wrote

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self._known: str | None = None
        self._reported: str | None = None  # a change told once is not told again
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self._settle.start())
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._check)

    def watch(self, path: str | Path | None) -> None:
        """Follow ``path`` (None: nothing), taking what it holds now as the window's own."""
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self.path = Path(path) if path is not None else None
        self._known = _digest(self.path) if self.path is not None else None
        self._reported = None
        if self.path is not None and self.path.exists():
            self._watcher.addPath(str(self.path))

    def changed_on_disk(self) -> bool:
        """Whether the file no longer holds what the window last read or wrote (a save would overwrite that)."""
        if self.path is None or self._known is None:
            return False
        now = _digest(self.path)
        return now is not None and now != self._known

    def _check(self) -> None:
        if self.path is None:
            return
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))  # replaced by an atomic save: watch the new file
        now = _digest(self.path)
        if self.changed_on_disk() and now != self._reported:
            self._reported = now
            self.changed.emit(str(self.path))
