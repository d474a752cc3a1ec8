"""Exact and near duplicates in a data set, and the ones that leak across the train/validation split or carry
conflicting labels. Exact: the same bytes (SHA-1). Near: perceptual hashes (imagehash's pHash, 64 bits) at most
NEAR_BITS apart and the same colours block by block (a 4×4 layout of mean colours within COLOUR_LEVELS) —
resized, re-encoded or slightly edited copies of one picture. The colour check matters for simple pictures: pHash
sees only brightness structure, so every flat-coloured circle of a generated data set has nearly the same hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from workbench.core.data.datasets import DataBundle
from workbench.core.data.images import open_image
from workbench.core.i18n import _

NEAR_BITS = 6  # of 64: pHash distance at which two images are taken for the same picture
COLOUR_LEVELS = 24  # of 255: the most a block's mean colour may differ between two copies (JPEG, resizing)


@dataclass
class DuplicateGroup:
    paths: list[str]
    exact: bool  # every member has the same bytes
    crosses_split: bool  # members in training and in validation: validation accuracy flattered (leakage)
    crosses_classes: bool  # members under different classes: conflicting labels

    def to_json(self) -> dict:
        return {"paths": self.paths, "exact": self.exact, "crosses_split": self.crosses_split,
                "crosses_classes": self.crosses_classes}


def find_duplicates(bundle: DataBundle, progress=None) -> list[DuplicateGroup]:
    """Groups of two or more images of a folder data set that are the same picture, biggest problems first
    (leakage, then conflicting labels, then size)."""
    import imagehash
    from PIL import Image

    items = _items(bundle)
    hashes, digests, layouts = [], [], []
    for done, (path, _label, _split) in enumerate(items, 1):
        with open(path, "rb") as f:
            digests.append(hashlib.sha1(f.read()).hexdigest())
        image = open_image(path, "RGB")
        hashes.append(int(str(imagehash.phash(image)), 16))
        layouts.append(np.asarray(image.resize((4, 4), Image.Resampling.BOX), dtype=np.int16))
        if progress and (done % 256 == 0 or done == len(items)):
            progress(done, len(items))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of = {}
    for i, d in enumerate(digests):  # exact copies
        if d in first_of:
            parent[find(i)] = find(first_of[d])
        first_of.setdefault(d, i)
    bits = np.array(hashes, dtype=np.uint64)
    colours = np.stack(layouts) if layouts else np.zeros((0, 4, 4, 3), dtype=np.int16)
    for i in range(len(items)):  # near copies: one vectorised Hamming distance row per image
        distance = np.bitwise_count(bits[i + 1:] ^ bits[i])
        for j in np.nonzero(distance <= NEAR_BITS)[0] + i + 1:
            if np.abs(colours[j] - colours[i]).max() <= COLOUR_LEVELS:
                parent[find(int(j))] = find(i)
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for idx in members.values():
        if len(idx) < 2:
            continue
        groups.append(DuplicateGroup([items[i][0] for i in idx], len({digests[i] for i in idx}) == 1,
                                     len({items[i][2] for i in idx}) > 1, len({items[i][1] for i in idx}) > 1))
    return sorted(groups, key=lambda g: (not g.crosses_split, not g.crosses_classes, -len(g.paths), g.paths))


def _items(bundle: DataBundle) -> list[tuple[str, int, str]]:
    """(path, label, "train" | "val") of every image, for a folder data set."""
    out = []
    for split, ds in (("train", bundle.train), ("val", bundle.val)):
        if ds is None:
            continue
        samples = getattr(ds.source, "samples", None)
        if samples is None:
            from workbench.core.errors import DataError

            raise DataError(_("duplicates are looked for in image folders (a torchvision data set has none to fix)"))
        out += [(samples[i][0], samples[i][1], split) for i in ds.indices]
    return out
