"""A project for an image folder, without a guess: what `workbench new FOLDER` writes and what `workbench data
FOLDER` / `workbench train FOLDER` use.

The starter model (two convolution blocks, a hidden Linear, a head that gets the number of classes) is the
demo's; the data decides the rest: the project is named after the folder, a sibling ``val``/``validation``
folder becomes the validation data, and images of different sizes, or larger than the starter is meant for,
are resized to one size (a batch needs one shape).
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.core.data.folders import find_class_root, scan_folder, sibling_val_folder
from workbench.core.i18n import _
from workbench.core.project.io import project_from_dict
from workbench.core.project.schema import Project
from workbench.core.project.starter import starter_project_doc

RESIZE_TO = 64  # the side images are resized to when they differ or exceed MAX_SIDE (a laptop CPU trains it)
MAX_SIDE = 96
SIZE_SAMPLE = 64  # images whose header is read to learn the sizes


def project_for_folder(folder: str | os.PathLike, epochs: int = 10) -> tuple[Project, list[str]]:
    """A starter project for ``folder`` (ImageFolder layout), and what was decided, in words. Raises DataError
    as `workbench data` would (no class sub-folders, no readable images)."""
    root = find_class_root(Path(folder))
    scan = scan_folder(root)
    doc = starter_project_doc(root.resolve(), epochs=epochs)
    doc["name"] = root.name if root.name not in ("train", "training") else root.parent.name
    decided = [_("{classes} classes, {images} images in {folder}").format(classes=len(scan.classes),
                                                                           images=len(scan.samples), folder=root)]
    sizes = _sizes(scan.samples)
    if len(sizes) > 1 or max(max(s) for s in sizes) > MAX_SIDE:
        doc["data"]["transforms"] = [{"type": "Resize", "size": [RESIZE_TO, RESIZE_TO]}, {"type": "ToTensor"}]
        if len(sizes) > 1:
            text = _("images resized to {side}×{side} (they are of {count} different sizes)")
        else:
            text = _("images resized to {side}×{side} (they are {size})")
        decided.append(text.format(side=RESIZE_TO, count=len(sizes), size=_fmt(next(iter(sizes)))))
    val = sibling_val_folder(root)
    if val is not None:
        doc["data"]["validation"] = {"kind": "folder", "path": str(val.resolve())}
        decided.append(_("validation images from {folder}").format(folder=val))
    else:
        decided.append(_("validation: {share} of each class, split off").format(share="20 %"))
    if scan.color_mode == "L":
        decided.append(_("every image is grayscale: the model gets 1 channel"))
    return project_from_dict(doc), decided


def _sizes(samples: list[tuple[str, int]]) -> set[tuple[int, int]]:
    from PIL import Image

    step = max(1, len(samples) // SIZE_SAMPLE)
    sizes = set()
    for path, _label in samples[::step]:
        with Image.open(path) as img:
            sizes.add(img.size)
    return sizes


def _fmt(size: tuple[int, int]) -> str:
    return f"{size[0]}×{size[1]}"
