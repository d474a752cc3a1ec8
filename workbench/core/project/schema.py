"""The project as dataclasses: what a ``.wbproj`` document holds, section by section.

Plain data with no behaviour beyond path resolution and copying; `io.py`
turns documents into these (validating every field) and back.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Op:
    """A catalogue item as the project stores it: ``{"type": "Conv2d", "out_channels": 32}``.

    A block (Residual, Branches) holds its layers as Ops in its args: ``args["layers"]`` a list of Ops,
    ``args["branches"]`` a list of lists of Ops.
    """

    type: str
    args: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"type": self.type, **{k: _json(v) for k, v in self.args.items()}}


def _json(value):
    if isinstance(value, Op):
        return value.to_json()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return copy.deepcopy(value)


@dataclass
class Source:
    kind: str = "folder"  # "folder" | "torchvision"
    path: str | None = None  # folder
    name: str | None = None  # torchvision
    root: str | None = None  # torchvision
    download: bool = False  # torchvision


@dataclass
class Validation:
    kind: str = "split"  # "split" | "folder" | "builtin" | "none"
    fraction: float = 0.2
    seed: int = 0
    path: str | None = None


@dataclass
class Loader:
    batch_size: int = 64
    shuffle: bool = True
    drop_last: bool = False
    num_workers: int = 0
    # Class imbalance: draw training samples with probability 1 / (their class's count), with replacement
    # (torch's WeightedRandomSampler), so every class is seen about equally often in an epoch.
    balanced_sampling: bool = False


@dataclass
class Data:
    source: Source = field(default_factory=Source)
    validation: Validation = field(default_factory=Validation)
    transforms: list[Op] = field(default_factory=lambda: [Op("ToTensor")])
    augment: list[Op] = field(default_factory=list)
    loader: Loader = field(default_factory=Loader)
    # Keep decoded, transformed samples in memory up to this many MB (0: decode every epoch).
    cache_mb: int = 2048
    # "auto": 1 channel when every image of a folder is grayscale (3 for a pretrained base), else 3; "rgb" and
    # "grayscale" force 3 or 1 channels (images are converted as they are read).
    color_mode: str = "auto"
    # Images left out of training, validation and the generated script (Data health › Exclude): paths relative
    # to the project file's folder (absolute when outside it). Reversible: the files stay where they are.
    exclude: list[str] = field(default_factory=list)


@dataclass
class Base:
    torchvision: str = "resnet18"
    weights: str | None = "DEFAULT"  # "DEFAULT", a torchvision weights name, a file, or null (random init)
    freeze: bool = True


@dataclass
class Model:
    input_shape: list[int] | None = None
    layers: list[Op] = field(default_factory=list)
    base: Base | None = None
    replace: dict[str, Op] = field(default_factory=dict)


@dataclass
class EarlyStopping:
    patience: int = 5
    min_delta: float = 0.0


@dataclass
class Finetune:
    """Fine-tuning a pretrained base in two stages: the new head alone first, then the whole network, the
    backbone at a lower learning rate (the pretrained features move slowly; the fresh head learns fast)."""

    head_epochs: int = 3  # epochs 1..head_epochs train the head alone (the backbone frozen)
    backbone_lr_factor: float = 0.1  # then the backbone trains too, at the optimizer's lr times this


@dataclass
class Training:
    loss: Op = field(default_factory=lambda: Op("CrossEntropyLoss"))
    optimizer: Op = field(default_factory=lambda: Op("Adam", {"lr": 0.001}))
    scheduler: Op | None = None
    epochs: int = 10
    device: str = "auto"
    seed: int = 0
    mixed_precision: str = "off"
    channels_last: bool = False  # NHWC memory layout: faster convolutions on recent GPUs with mixed precision
    compile: str = "off"  # a torch.compile mode for the training step (fields.COMPILE_MODES), or "off"
    monitor: str = "val_loss"
    keep_best: bool = True  # the run's result (model.pth) is its best epoch by the monitored metric, else its last
    early_stopping: EarlyStopping | None = None
    finetune: Finetune | None = None  # a pretrained base's two-stage schedule (ignored for a layer stack)


@dataclass
class Project:
    name: str = "untitled"
    data: Data = field(default_factory=Data)
    model: Model = field(default_factory=Model)
    training: Training = field(default_factory=Training)
    # Where relative paths inside the project are anchored (the project file's folder).
    base_dir: Path | None = field(default=None, compare=False, repr=False)

    def resolve(self, path: str | os.PathLike) -> Path:
        """A path from the project made absolute against the project file's folder."""
        p = Path(path).expanduser()
        return Path(os.path.normpath(p if p.is_absolute() else (self.base_dir or Path.cwd()) / p))

    def copy(self) -> "Project":
        return copy.deepcopy(self)
