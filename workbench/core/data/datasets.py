"""Data sets: image folders and built-in torchvision sets, validation splits, summaries.

`prepare_data(project)` turns the project's ``data`` section into a
`DataBundle`: class names, training and validation datasets yielding
``(tensor, label)``, per-class counts, the input shape after the transforms,
and the files that were skipped (with why). Folders are scanned in
`folders.py`; batches are made by the training layer's `loaders.py`.
"""

from __future__ import annotations

import contextlib
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from workbench.core.catalogs.datasets import BUILTIN_DATASETS
from workbench.core.data.curation import excluded_paths
from workbench.core.data.folders import Progress, Skipped, scan_folder, sibling_val_folder
from workbench.core.data.images import ImageProblem, open_image
from workbench.core.data.transforms import Pipelines, pipelines
from workbench.core.errors import DataError
from workbench.core.i18n import _, ngettext
from workbench.core.project.schema import Project

# ---------------------------------------------------------------------------
# Raw sources: index -> (PIL image, label)

class FolderImages:
    def __init__(self, samples: list[tuple[str, int]], mode: str):
        self.samples = samples
        self.mode = mode
        self.labels = [label for _path, label in samples]

    def __len__(self):
        return len(self.samples)

    def image(self, i: int):
        return open_image(self.samples[i][0], self.mode)


class TorchvisionImages:
    def __init__(self, dataset, mode: str | None = None):
        self.dataset = dataset
        self.mode = mode  # "RGB" / "L": converted as read; None: as the data set gives them
        targets = getattr(dataset, "targets", None)
        if targets is None:
            targets = getattr(dataset, "labels")
        self.labels = [int(t) for t in targets]

    def __len__(self):
        return len(self.labels)

    def image(self, i: int):
        image = self.dataset[i][0]
        return image.convert(self.mode) if self.mode and getattr(image, "mode", self.mode) != self.mode else image


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
        raise DataError(_("no image in the data set could be read"))

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
    color_mode: str | None = None  # "RGB" / "L" as images are read (None: as a torchvision data set gives them)
    validation_kind: str = "split"  # what the project asked for ("none": no validation, and no warning about it)
    excluded: list[str] = field(default_factory=list)  # images left out by the project's exclusion list
    # Why no batch can be stacked (images of several sizes the transforms keep), or None: training refuses with
    # it, the Data tab warns with it; looking at the data (duplicates, previews) still works.
    size_problem: str | None = None

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def counts(self, split: str) -> list[int]:
        ds = self.train if split == "train" else self.val
        if ds is None:
            return [0] * len(self.classes)
        c = Counter(ds.source.labels[i] for i in ds.indices)
        return [c[i] for i in range(len(self.classes))]

    def summary(self, batch_size: int | None = None) -> dict:
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
            "warnings": self.warnings(batch_size),
        }

    def warnings(self, batch_size: int | None = None) -> list[str]:
        """Small data said plainly: what makes a run's numbers mean less (an error is raised only where training
        cannot mean anything: fewer than two classes with images)."""
        train, val = self.counts("train"), self.counts("val")
        said = [self.size_problem] if self.size_problem else []
        for name, t, v in zip(self.classes, train, val):
            if t == 0 and v > 0:
                said.append(_("class {name} has no training images ({val} in validation): the model cannot "
                              "learn it").format(name=name, val=v))
            elif t + v == 0:
                continue  # an empty class folder: said in the notes
            elif self.validation_kind != "none" and v == 0:
                said.append(_("class {name} has no validation images: its accuracy is not measured").format(name=name))
            if 0 < t + v < FEW_IMAGES:
                few = (_("class {name} has only {count} images: too few to learn from or to measure (dozens per "
                         "class are a start)") if t + v > 1 else
                       _("class {name} has only {count} image: too few to learn from or to measure (dozens per "
                         "class are a start)"))
                said.append(few.format(name=name, count=t + v))
        if batch_size and self.val is not None and 0 < sum(val) < batch_size:
            said.append(_("the validation set ({count} images) is smaller than one batch ({batch_size}): its "
                          "accuracy moves in big steps").format(count=sum(val), batch_size=batch_size))
        return said


FEW_IMAGES = 5  # a class with fewer images than this is too small to learn or to measure


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
    excluded: list[str] = []
    sizes: dict = {}
    if data.source.kind == "folder":
        if not data.source.path:
            raise DataError(_("data.source.path: choose an image folder"))
        exclude = excluded_paths(project)
        scan = scan_folder(project.resolve(data.source.path), progress=progress, exclude=exclude)
        skipped += scan.skipped
        excluded += scan.excluded
        if scan.empty_classes:
            notes.append(_("classes with no usable images: {classes}").format(classes=", ".join(scan.empty_classes)))
        if not scan.samples:
            if skipped:
                raise DataError(ngettext("no readable images in {folder} ({count} file skipped, e.g. {path}: {reason})",
                                         "no readable images in {folder} ({count} files skipped, e.g. {path}: "
                                         "{reason})", len(skipped)).format(
                    folder=scan.root, count=len(skipped), path=skipped[0].path, reason=skipped[0].reason))
            raise DataError(_("no readable images in {folder}").format(folder=scan.root))
        mode = image_mode(data.color_mode, scan.color_mode, project)
        if data.color_mode == "auto" and mode == "L":
            notes.append(_("every image is grayscale: the model gets 1 channel (colour mode rgb gives 3)"))
        train_src = FolderImages(scan.samples, mode)
        sizes = dict(scan.sizes)
        description = _("image folder {path}").format(path=scan.root)
        classes = scan.classes
        val_src, val_kind = None, data.validation.kind
        if val_kind == "folder":
            vscan = scan_folder(project.resolve(data.validation.path), classes=classes, exclude=exclude)
            skipped += vscan.skipped
            excluded += vscan.excluded
            val_src = FolderImages(vscan.samples, mode)
            sizes = {**vscan.sizes, **sizes}
        sibling = sibling_val_folder(scan.root)
        if sibling is not None and val_kind == "split":
            notes.append(_("{folder} looks like a validation folder: choose it under Validation to use it").format(
                folder=sibling))
    else:
        mode = image_mode(data.color_mode, None, project)
        train_src, val_src, classes = _open_builtin(project, mode)
        description = _("torchvision {name}").format(name=data.source.name)
        val_kind = data.validation.kind
    used = sorted(set(train_src.labels))
    if len(used) < 2:
        raise DataError(ngettext("the data has {count} class with images ({source}); a classifier needs at least "
                                 "two: add another class sub-folder",
                                 "the data has {count} classes with images ({source}); a classifier needs at least "
                                 "two: add another class sub-folder", len(used)).format(count=len(used),
                                                                                        source=description))
    if val_kind == "split":
        train_idx, val_idx = stratified_split(train_src.labels, data.validation.fraction, data.validation.seed)
        val_src = train_src
    else:
        train_idx, val_idx = list(range(len(train_src))), (list(range(len(val_src))) if val_src else [])
    train = SampleDataset(train_src, train_idx, pipes.pre, pipes.train_post)
    val = SampleDataset(val_src, val_idx, pipes.pre, pipes.val_post) if val_src is not None and val_idx else None
    x, _label = _first_val_sample(train, pipes)
    import torch

    if not isinstance(x, torch.Tensor):
        raise DataError(_("data.transforms: the pipeline does not produce a tensor — add ToTensor"))
    if excluded:
        notes.append(ngettext("{count} image left out (the project's exclusion list)",
                              "{count} images left out (the project's exclusion list)", len(excluded)).format(
            count=len(excluded)))
    return DataBundle(classes, train, val, list(x.shape), pipes, description, skipped, notes, mode, val_kind,
                      excluded, _size_problem(sizes, pipes, mode))


def _size_problem(sizes: dict, pipes: Pipelines, mode: str | None, most: int = 8) -> str | None:
    """Images of several sizes must leave the transforms as one size, or no batch can be stacked: one image of
    each size (up to ``most``) goes through the validation pipeline; different results are said in words that
    name the fix — instead of PyTorch's "stack expects each tensor to be equal size" mid-epoch."""
    if len(sizes) < 2:
        return None
    shapes = {}
    for size, path in list(sizes.items())[:most]:
        x = pipes.val(open_image(path, mode))
        shapes.setdefault(tuple(getattr(x, "shape", ())), size)
    if len(shapes) > 1:
        seen = ", ".join(f"{w}×{h}" for w, h in list(sizes)[:4]) + (", …" if len(sizes) > 4 else "")
        w, h = next(iter(sizes))
        return _("data.transforms: the images have {count} different sizes ({sizes}) and the transforms keep them: "
                 "add Resize (e.g. size {h}, {w}) before ToTensor so every image becomes one size").format(
            count=len(sizes), sizes=seen, h=h, w=w)
    return None


def image_mode(color_mode: str, scanned: str | None, project: Project) -> str | None:
    """The PIL mode images are read in. "auto" keeps a folder's own (grayscale when every image is), but a
    pretrained base always gets RGB: its first layer takes 3 channels."""
    if color_mode == "rgb" or (color_mode == "auto" and project.model.base is not None):
        return "RGB"
    if color_mode == "grayscale":
        return "L"
    return scanned


def _first_val_sample(train: SampleDataset, pipes: Pipelines):
    """One training sample through the validation pipeline: defines the model's input shape."""
    x, y = train.pre_item(0)
    return pipes.val_post(x), y


def _open_builtin(project: Project, mode: str | None):
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
                raise DataError(_("could not download {name} into {folder} ({reason}): check the network, or copy "
                                  "the files there (expected {files})").format(
                    name=info.name, folder=root, reason=reason, files=info.files)) from None
            if "not found" in str(e).lower() or "download=true" in str(e).lower():
                raise DataError(_("{name} files not found under {folder} (expected {files}): turn on download (about "
                                  "{size} MB, needs network) or copy the files there").format(
                    name=info.name, folder=root, files=info.files, size=info.size_mb)) from None
            raise DataError(_("{name} under {folder} cannot be read: {reason}").format(
                name=info.name, folder=root, reason=e)) from None
        except OSError as e:  # network errors while downloading
            raise DataError(_("could not download {name} into {folder}: {reason}").format(
                name=info.name, folder=root, reason=e)) from None

    train = TorchvisionImages(open_split(True), mode)
    val = TorchvisionImages(open_split(False), mode) if project.data.validation.kind == "builtin" else None
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
        x, _label = ds.pre_item(k)
        x = x.double().flatten(1)
        total = x.sum(1) if total is None else total + x.sum(1)
        sq = (x * x).sum(1) if sq is None else sq + (x * x).sum(1)
        pixels += x.shape[1]
    mean = total / pixels
    std = torch.sqrt(torch.clamp(sq / pixels - mean * mean, min=1e-12))
    return [round(float(m), 4) for m in mean], [round(float(s), 4) for s in std]
