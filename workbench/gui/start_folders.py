"""Where the file dialogs open: near the project, never in the folder the app happened to be started from.

Qt's file dialogs given "" (or a folder that no longer exists) open in the process's working directory: the
install folder, "/" or wherever a terminal stood, which has nothing to do with the project. Each kind of file
(projects, models, exports, data) remembers the folder last used for it, and a dialog opens there while that
folder belongs to the project being edited; otherwise it opens in the project's folder (the user has moved on
to another project, whose files are beside it), and without a saved project in the last used folder, or home.
"""

from __future__ import annotations

import os
from pathlib import Path


def start_folder(last_used: str | os.PathLike | None, project_dir: str | os.PathLike | None) -> str:
    """The folder a file dialog opens in (always an existing one)."""
    last = _existing(last_used)
    project = _existing(project_dir)
    if project is not None:
        return str(last if last is not None and last.is_relative_to(project) else project)
    return str(last or Path.home())


def first_folder(*candidates: str | os.PathLike | None) -> str:
    """The first of ``candidates`` that is an existing folder, else the home folder."""
    for candidate in candidates:
        folder = _existing(candidate)
        if folder is not None:
            return str(folder)
    return str(Path.home())


def _existing(path: str | os.PathLike | None) -> Path | None:
    if not path:
        return None
    folder = Path(path).expanduser().resolve()
    return folder if folder.is_dir() else None
