"""The desktop's trash, with a way back: Data health never deletes a file, it sends it to the trash, and Undo
brings it back from there (Qt knows where the trash is on each system; on Linux the freedesktop.org trash,
whose record of the file's origin is removed when it is restored)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFile

from workbench.core.data.curation import move_file


def to_trash(path: str | os.PathLike) -> str:
    """Send ``path`` to the trash; returns where it is now. Raises OSError when the system has no trash for it."""
    file = QFile(os.fspath(path))
    if not file.moveToTrash():
        raise OSError(QCoreApplication.translate("Trash", "{path} could not be moved to the trash").format(path=path))
    return file.fileName()


def restore(in_trash: str | os.PathLike, original: str | os.PathLike) -> None:
    """Put a trashed file back where it was (never over a file that has appeared there since)."""
    move_file(in_trash, original)
    trashed = Path(in_trash)
    if trashed.parent.name == "files":  # freedesktop.org: Trash/files/NAME has its record in Trash/info/NAME.trashinfo
        info = trashed.parent.parent / "info" / f"{trashed.name}.trashinfo"
        info.unlink(missing_ok=True)
