"""Safe fixes to an image folder, as Data health offers them: leave an image out (the project's exclusion list;
the file stays where it is), or give it another class (the file moves to that class's folder, never over
another file). Sending a file to the trash is the desktop's job (the window's); nothing here deletes.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.core.data.folders import find_class_root, normalized
from workbench.core.errors import DataError
from workbench.core.i18n import _
from workbench.core.project.schema import Project


def excluded_paths(project: Project) -> set[str]:
    """The project's exclusion list as normalised absolute paths."""
    return {normalized(project.resolve(p)) for p in project.data.exclude}


def with_excluded(exclude: list[str], project: Project, paths, excluded: bool = True) -> list[str]:
    """``exclude`` with ``paths`` added (``excluded``) or taken out: entries are absolute until the project is
    saved (saving writes them relative to the project file, like the data folder)."""
    wanted = {normalized(project.resolve(p)) for p in paths}
    kept = [p for p in exclude if normalized(project.resolve(p)) not in wanted]
    if excluded:
        known = {normalized(project.resolve(p)) for p in kept}
        kept += [str(Path(p).resolve()) for p in paths if normalized(p) not in known]
    return list(dict.fromkeys(kept))


def relabel_target(path: str | os.PathLike, class_root: str | os.PathLike, new_class: str) -> Path:
    """Where ``path`` goes to be labelled ``new_class``: that class's folder under ``class_root``, under its own
    name, or ``name-2.png``, ``name-3.png``… when a file of that name is there already."""
    src, folder = Path(path), Path(class_root) / new_class
    if not folder.is_dir():
        raise DataError(_("{folder} is not a class folder of this data set").format(folder=folder))
    target = folder / src.name
    n = 2
    while target.exists():
        target = folder / f"{src.stem}-{n}{src.suffix}"
        n += 1
    return target


def move_file(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """Move ``src`` to ``dst`` (a relabel, or its undo); never over an existing file, never a copy left behind."""
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise DataError(_("{path} is no longer there").format(path=src))
    if dst.exists():
        raise DataError(_("{path} exists already: nothing was moved").format(path=dst))
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(src, dst)  # same data set, same file system: one atomic rename
    except OSError as e:
        raise DataError(_("cannot move {path}: {reason}").format(path=src, reason=e.strerror or e)) from None


def class_of(project: Project, path: str | os.PathLike) -> tuple[Path, str]:
    """The class folder root ``path`` lies under (the training folder's, or the validation folder's) and its
    class, the first folder below that root."""
    data = project.data
    roots = [find_class_root(project.resolve(data.source.path))] if data.source.kind == "folder" else []
    if data.validation.kind == "folder" and data.validation.path:
        roots.append(find_class_root(project.resolve(data.validation.path)))
    for root in roots:
        try:
            parts = Path(normalized(path)).relative_to(normalized(root)).parts
        except ValueError:
            continue
        if len(parts) >= 2:
            return root, parts[0]
    raise DataError(_("{path} is not in a class folder of this project's data").format(path=path))
