"""Autosave: unsaved projects kept in the user's data folder, offered back after a crash.

Each window saves its unsaved project (every few seconds while there are
unsaved changes) to ``<data dir>/autosave/<pid>-<n>.wbproj`` beside a small
``.json`` that says which file it belongs to and when. A clean save or a
normal close removes both. At start, entries whose process is gone are what
a crash left behind: the window offers them back.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from workbench.core.errors import ProjectError
from workbench.core.project.io import project_from_dict, save_project_copy
from workbench.core.project.schema import Project
from workbench.core.storage.atomic import atomic_write_text

_serial = count(1)


@dataclass
class Recovered:
    project: Project
    original: str | None  # the project file it was editing, None for a new project
    saved_at: float
    entry: Path  # the autosave file, to discard once handled


def default_folder() -> Path:
    from workbench.core.storage.paths import user_data_dir

    return user_data_dir() / "autosave"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process with that number: not ours, treat as gone
        return False
    return True


class AutosaveSlot:
    """One window's autosave entry."""

    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder else default_folder()
        stem = f"{os.getpid()}-{next(_serial)}"
        self.project_file = self.folder / f"{stem}.wbproj"
        self.meta_file = self.folder / f"{stem}.json"

    def save(self, project: Project, original: str | os.PathLike | None) -> None:
        save_project_copy(project, self.project_file)  # paths absolute: the autosave lives elsewhere
        atomic_write_text(self.meta_file, json.dumps({"original": str(original) if original else None,
                                                      "pid": os.getpid(), "saved_at": time.time()}))

    def discard(self) -> None:
        for f in (self.project_file, self.meta_file):
            try:
                f.unlink()
            except FileNotFoundError:
                pass


def orphans(folder: str | os.PathLike | None = None) -> list[Recovered]:
    """Autosaves whose window is gone (a crash), newest first. Unreadable ones are skipped."""
    folder = Path(folder) if folder else default_folder()
    found = []
    for meta in folder.glob("*.json") if folder.is_dir() else []:
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            if _alive(int(info["pid"])):
                continue
            entry = meta.with_suffix(".wbproj")
            project = project_from_dict(json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, ProjectError):
            continue
        found.append(Recovered(project, info.get("original"), float(info.get("saved_at", 0)), entry))
    return sorted(found, key=lambda r: -r.saved_at)


def discard_entry(entry: str | os.PathLike) -> None:
    for f in (Path(entry), Path(entry).with_suffix(".json")):
        try:
            f.unlink()
        except FileNotFoundError:
            pass
