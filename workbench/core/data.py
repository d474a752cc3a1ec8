"""Data sets: image folders and built-in torchvision sets, validation splits, summaries.

`prepare_data(project)` turns the project's ``data`` section into a
`DataBundle`: class names, training and validation datasets yielding
``(tensor, label)``, per-class counts, the input shape after the transforms,
and the files that were skipped (with why). Loaders are made in `loaders.py`.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from workbench.core.datasets_catalog import BUILTIN_DATASETS
from workbench.core.errors import DataError
from workbench.core.images import GRAY_MODES, ImageProblem, check_image, is_image_name, open_image
from workbench.core.project import Project
from workbench.core.transforms import Pipelines, pipelines

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

    @property
    def color_mode(self) -> str:
        """"L" when every image is grayscale (so the model gets 1 channel), else "RGB"."""
        return "L" if self.modes and all(m in GRAY_MODES for m in self.modes) else "RGB"


def find_class_root(path: Path) -> Path:
    """The folder whose sub-folders are the classes, looking one level deeper when needed.

    ``hymenoptera_data/train/{ants,bees}`` works dropped as ``train``, as
    ``hymenoptera_data`` (its ``train`` is used) or as a folder that only
    wraps it.
    """
    if not path.exists():
        raise DataError(f"data folder {path} does not exist")
    if not path.is_dir():
        raise DataError(f"{path} is a file, not a folder: choose the folder that holds one sub-folder per class")
    subdirs = _subdirs(path)
    if _has_images(path) and not subdirs:
        raise DataError(f"the images in {path} are not sorted into classes: put each class's images in a "
                        "sub-folder named after the class")
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
                progress: Progress | None = None) -> FolderScan:
    """List and check every image under ``path`` (ImageFolder layout). Bad files are skipped and counted.

    With ``classes`` (a validation folder), labels follow that list and an
    unknown class is an error.
    """
    root = find_class_root(Path(path))
    found = [d.name for d in _subdirs(root)]
    if classes is None:
        classes = found
        if not classes:
            raise DataError(f"{root} has no class sub-folders: make one sub-folder per class")
    else:
        unknown = [c for c in found if c not in classes]
        if unknown:
            raise DataError(f"{root} has classes the training data does not have: {', '.join(unknown[:5])}")
    index = {c: i for i, c in enumerate(classes)}
    candidates: list[tuple[str, int]] = []
    skipped: list[Skipped] = []
    for name in found:
        for file in _walk_files(root / name):
            if is_image_name(file):
                candidates.append((file, index[name]))
            elif not Path(file).name.startswith("."):
                skipped.append(Skipped(file, "not an image file (by its extension)"))
    scan = FolderScan(root, list(classes), [], skipped=skipped)
    for done, (file, label) in enumerate(candidates, 1):
        try:
            scan.modes[check_image(file)] += 1
            scan.samples.append((file, label))
        except ImageProblem as e:
            skipped.append(Skipped(file, str(e)))
        if progress and (done % 256 == 0 or done == len(candidates)):
            progress(done, len(candidates))
    counts = Counter(label for _, label in scan.samples)
    scan.empty_classes = [c for i, c in enumerate(classes) if counts[i] == 0 and c in found]
    return scan


def _subdirs(path: Path) -> list[Path]:
    try:
        return sorted((d for d in path.iterdir() if d.is_dir() and not d.name.startswith(".")),
                      key=lambda d: d.name)
    except PermissionError:
        raise DataError(f"cannot read the folder {path}: permission denied") from None


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


# ---------------------------------------------------------------------------
# Raw sources: index -> (PIL image, label)

class FolderImages:
    def __init__(self, samples: list[tuple[str, int]], mode: str):
        self.samples = samples
        self.mode = mode
        self.labels = [label for _, label in samples]

    def __len__(self):
        return len(self.samples)

    def image(self, i: int):
        return open_image(self.samples[i][0], self.mode)


class TorchvisionImages:
    def __init__(self, dataset):
        self.dataset = dataset
        targets = getattr(dataset, "targets", None)
        if targets is None:
            targets = getattr(dataset, "labels")
        self.labels = [int(t) for t in targets]

    def __len__(self):
        return len(self.labels)

    def image(self, i: int):
        return self.dataset[i][0]


class SampleDataset:
    """``(post(pre(image)), label)`` for a subset of a raw source. A bad file is replaced by the next good one,
    so one unreadable image never ends an epoch."""

    def __init__(self, source, indices: Sequence[int], pre: Callable, post: Callable):
        self.source = source
        self.indices = list(indices)
        self.pre = pre
        self.post = post
        self.failures = 0

    def __len__(self):
        return len(self.indices)

    def label(self, k: int) -> int:
        return self.source.labels[self.indices[k]]

    def pre_item(self, k: int):
        for attempt in range(len(self.indices)):
            i = self.indices[(k + attempt) % len(self.indices)]
            try:
                return self.pre(self.source.image(i)), self.source.labels[i]
            except ImageProblem:
                self.failures += 1
        raise DataError("no image in the data set could be read")

    def __getitem__(self, k: int):
        x, y = self.pre_item(k)
        return self.post(x), y


# ---------------------------------------------------------------------------

@dataclass
class DataBundle:
    classes: list[str]
    train: SampleDataset
    val: SampleDataset | None
    input_shape: list[int]
    pipelines: Pipelines
    description: str
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def counts(self, split: str) -> list[int]:
        ds = self.train if split == "train" else self.val
        if ds is None:
            return [0] * len(self.classes)
        c = Counter(ds.source.labels[i] for i in ds.indices)
        return [c[i] for i in range(len(self.classes))]

    def summary(self) -> dict:
        train, val = self.counts("train"), self.counts("val")
        return {
            "source": self.description,
            "classes": [{"name": n, "train": t, "val": v} for n, t, v in zip(self.classes, train, val)],
            "train_samples": sum(train),
            "val_samples": sum(val),
            "input_shape": self.input_shape,
            "skipped_count": len(self.skipped),
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "notes": self.notes,
        }


def stratified_split(labels: Sequence[int], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices for (train, val): ``fraction`` of every class goes to validation, chosen with ``seed``."""
    by_class: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    rng = random.Random(seed)
    train, val = [], []
    for label in sorted(by_class):
        idx = by_class[label]
        rng.shuffle(idx)
        n_val = round(len(idx) * fraction)
        if len(idx) >= 2:
            n_val = min(max(n_val, 1), len(idx) - 1)  # every class keeps at least one of each
        else:
            n_val = 0
        val.extend(idx[:n_val])
        train.extend(idx[n_val:])
    return sorted(train), sorted(val)


def prepare_data(project: Project, progress: Progress | None = None) -> DataBundle:
    """Open the project's data set, split it, and attach the transform pipelines. Raises DataError."""
    data = project.data
    pipes = pipelines(data.transforms, data.augment)
    notes: list[str] = []
    skipped: list[Skipped] = []
    if data.source.kind == "folder":
        if not data.source.path:
            raise DataError("data.source.path: choose an image folder")
        scan = scan_folder(project.resolve(data.source.path), progress=progress)
        skipped += scan.skipped
        if scan.empty_classes:
            notes.append(f"classes with no usable images: {', '.join(scan.empty_classes)}")
        if not scan.samples:
            raise DataError(f"no readable images in {scan.root}"
                            + (f" ({len(skipped)} files skipped, e.g. {skipped[0].path}: {skipped[0].reason})"
                               if skipped else ""))
        train_src = FolderImages(scan.samples, scan.color_mode)
        description = f"image folder {scan.root}"
        classes = scan.classes
        val_src, val_kind = None, data.validation.kind
        if val_kind == "folder":
            vscan = scan_folder(project.resolve(data.validation.path), classes=classes)
            skipped += vscan.skipped
            val_src = FolderImages(vscan.samples, scan.color_mode)
        sibling = sibling_val_folder(scan.root)
        if sibling is not None and val_kind == "split":
            notes.append(f"{sibling} looks like a validation folder: choose it under Validation to use it")
    else:
        train_src, val_src, classes = _open_builtin(project)
        description = f"torchvision {data.source.name}"
        val_kind = data.validation.kind
    used = sorted(set(train_src.labels))
    if len(used) < 2:
        raise DataError(f"the data has {len(used)} class with images ({description}); a classifier needs at "
                        "least two: add another class sub-folder")
    if val_kind == "split":
        train_idx, val_idx = stratified_split(train_src.labels, data.validation.fraction, data.validation.seed)
        val_src = train_src
    else:
        train_idx, val_idx = list(range(len(train_src))), (list(range(len(val_src))) if val_src else [])
    train = SampleDataset(train_src, train_idx, pipes.pre, pipes.train_post)
    val = SampleDataset(val_src, val_idx, pipes.pre, pipes.val_post) if val_src is not None and val_idx else None
    x, _ = _first_val_sample(train, pipes)
    import torch

    if not isinstance(x, torch.Tensor):
        raise DataError("data.transforms: the pipeline does not produce a tensor — add ToTensor")
    return DataBundle(classes, train, val, list(x.shape), pipes, description, skipped, notes)


def _first_val_sample(train: SampleDataset, pipes: Pipelines):
    """One training sample through the validation pipeline: defines the model's input shape."""
    x, y = train.pre_item(0)
    return pipes.val_post(x), y


def _open_builtin(project: Project):
    src = project.data.source
    info = BUILTIN_DATASETS[src.name]
    import torchvision

    cls = getattr(torchvision.datasets, info.name)
    root = project.resolve(src.root or "data")

    def open_split(train: bool):
        kwargs = ({"train": train} if info.split_style == "train" else {"split": "train" if train else "test"})
        try:
            # torchvision prints download progress on stdout, which belongs to --json output alone.
            with contextlib.redirect_stdout(sys.stderr):
                return cls(root=str(root), download=src.download, **kwargs)
        except RuntimeError as e:
            if str(e).startswith("Error downloading"):
                reason = [line for line in str(e).splitlines() if line.strip()][-1].strip()
                raise DataError(f"could not download {info.name} into {root} ({reason}): check the network, or "
                                f"copy the files there (expected {info.files})") from None
            if "not found" in str(e).lower() or "download=true" in str(e).lower():
                raise DataError(f"{info.name} files not found under {root} (expected {info.files}): turn on "
                                f"download (about {info.size_mb} MB, needs network) or copy the files there") from None
            raise DataError(f"{info.name} under {root} cannot be read: {e}") from None
        except OSError as e:  # network errors while downloading
            raise DataError(f"could not download {info.name} into {root}: {e}") from None

    train = TorchvisionImages(open_split(True))
    val = TorchvisionImages(open_split(False)) if project.data.validation.kind == "builtin" else None
    classes = list(getattr(train.dataset, "classes", None) or info.classes)
    return train, val, classes


def compute_mean_std(bundle: DataBundle, max_samples: int = 5000, seed: int = 0) -> tuple[list[float], list[float]]:
    """Per-channel mean and std of the training set after the deterministic transforms (before Normalize),
    from at most ``max_samples`` images chosen with ``seed``: the numbers a Normalize needs."""
    import torch

    ds = bundle.train
    picks = list(range(len(ds)))
    if len(picks) > max_samples:
        picks = sorted(random.Random(seed).sample(picks, max_samples))
    total = sq = None
    pixels = 0
    for k in picks:
        x, _ = ds.pre_item(k)
        x = x.double().flatten(1)
        total = x.sum(1) if total is None else total + x.sum(1)
        sq = (x * x).sum(1) if sq is None else sq + (x * x).sum(1)
        pixels += x.shape[1]
    mean = total / pixels
    std = torch.sqrt(torch.clamp(sq / pixels - mean * mean, min=1e-12))
    return [round(float(m), 4) for m in mean], [round(float(s), 4) for s in std]
