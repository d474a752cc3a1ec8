"""Image folders in torchvision's ImageFolder layout: finding the class folder, listing and checking images.

A folder may be dropped as the class root, as the data set's top folder (its
``train`` is used) or as a folder that wraps it. Every image is opened once
to check it; unreadable and non-image files are skipped and counted, never
fatal.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Sequence

from workbench.core.data.images import GRAY_MODES, ImageProblem, inspect_image, is_image_name
from workbench.core.errors import DataError
from workbench.core.i18n import _

Progress = Callable[[int, int], None]  # (done, total)


VAL_FOLDER_NAMES = ("val", "valid", "validation", "test")


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class FolderScan:
    root: Path  # the folder whose sub-folders are the classes
    classes: list[str]
    samples: list[tuple[str, int]]
    modes: Counter = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    empty_classes: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # left out by the project's exclusion list
    sizes: dict = field(default_factory=dict)  # (width, height) -> the first image of that size

    @property
    def color_mode(self) -> str:
        """"L" when every image is grayscale (so the model gets 1 channel), else "RGB"."""
        return "L" if self.modes and all(m in GRAY_MODES for m in self.modes) else "RGB"


def normalized(path: str | os.PathLike) -> str:
    """One spelling per file, for comparing paths from the project (the exclusion list) with paths found on disk."""
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


def find_class_root(path: Path) -> Path:
    """The folder whose sub-folders are the classes, looking one level deeper when needed.

    ``hymenoptera_data/train/{ants,bees}`` works dropped as ``train``, as
    ``hymenoptera_data`` (its ``train`` is used) or as a folder that only
    wraps it.
    """
    if not path.exists():
        raise DataError(_("data folder {path} does not exist").format(path=path))
    if not path.is_dir():
        raise DataError(_("{path} is a file, not a folder: choose the folder that holds one sub-folder per class")
                        .format(path=path))
    subdirs = _subdirs(path)
    if _has_images(path) and not subdirs:
        raise DataError(_("the images in {path} are not sorted into classes: put each class's images in a "
                          "sub-folder named after the class").format(path=path))
    if len(subdirs) == 1 and not _has_images(subdirs[0]) and _subdirs(subdirs[0]):
        return find_class_root(subdirs[0])
    train = next((d for d in subdirs if d.name.lower() == "train"), None)
    if train is not None and _subdirs(train) and not _has_images(train):
        return train
    return path


def sibling_val_folder(class_root: Path) -> Path | None:
    """``.../train``'s sibling ``val`` (or valid/validation/test), when the data set ships one."""
    if class_root.name.lower() != "train":
        return None
    return next((d for d in _subdirs(class_root.parent) if d.name.lower() in VAL_FOLDER_NAMES), None)


def scan_folder(path: str | os.PathLike, classes: Sequence[str] | None = None,
                progress: Progress | None = None, exclude: Collection[str] = ()) -> FolderScan:
    """List and check every image under ``path`` (ImageFolder layout). Bad files are skipped and counted.

    With ``classes`` (a validation folder), labels follow that list and an
    unknown class is an error. Images whose normalised path (curation.normalized)
    is in ``exclude`` are left out and listed in ``excluded``.
    """
    root = find_class_root(Path(path))
    found = [d.name for d in _subdirs(root)]
    if classes is None:
        classes = found
        if not classes:
            raise DataError(_("{path} has no class sub-folders: make one sub-folder per class").format(path=root))
    else:
        unknown = [c for c in found if c not in classes]
        if unknown:
            raise DataError(_("{path} has classes the training data does not have: {classes}").format(
                path=root, classes=", ".join(unknown[:5])))
    index = {c: i for i, c in enumerate(classes)}
    candidates: list[tuple[str, int]] = []
    skipped: list[Skipped] = []
    excluded: list[str] = []
    for name in found:
        for file in _walk_files(root / name):
            if exclude and normalized(file) in exclude:
                excluded.append(file)
            elif is_image_name(file):
                candidates.append((file, index[name]))
            elif not Path(file).name.startswith("."):
                skipped.append(Skipped(file, _("not an image file (by its extension)")))
    scan = FolderScan(root, list(classes), [], skipped=skipped, excluded=excluded)
    for done, (file, label) in enumerate(candidates, 1):
        try:
            mode, size = inspect_image(file)
            scan.modes[mode] += 1
            scan.sizes.setdefault(size, file)
            scan.samples.append((file, label))
        except ImageProblem as e:
            skipped.append(Skipped(file, str(e)))
        if progress and (done % 256 == 0 or done == len(candidates)):
            progress(done, len(candidates))
    counts = Counter(label for _file, label in scan.samples)
    scan.empty_classes = [c for i, c in enumerate(classes) if counts[i] == 0 and c in found]
    return scan


def _subdirs(path: Path) -> list[Path]:
    try:
        return sorted((d for d in path.iterdir() if d.is_dir() and not d.name.startswith(".")),
                      key=lambda d: d.name)
    except PermissionError:
        raise DataError(_("cannot read the folder {path}: permission denied").format(path=path)) from None


def _has_images(path: Path) -> bool:
    try:
        return any(f.is_file() and is_image_name(f) for f in path.iterdir())
    except PermissionError:
        return False


def _walk_files(folder: Path) -> list[str]:
    """Every file under ``folder``, following links but never the same real folder twice (no link loops)."""
    seen: set[str] = set()
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames))
    return out
