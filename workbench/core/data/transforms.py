"""Turning the project's transform lists into torchvision.transforms.v2 pipelines.

The base ``transforms`` are split at the first Normalize: the part before it
(decode, resize, ToTensor) is deterministic and may be computed once and
cached; training then applies ``augment`` and the rest (Normalize) on every
epoch, and validation applies the rest alone. So augmentation always sees
un-normalised [0, 1] tensors, whatever order the user listed things in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from workbench.core.catalogs.transforms import TRANSFORMS, is_random
from workbench.core.errors import DataError
from workbench.core.i18n import _
from workbench.core.project.schema import Op


def to_tensor():
    """The v2 spelling of the primer's ``transforms.ToTensor()``: a float tensor in [0, 1]."""
    import torch
    from torchvision.transforms import v2

    return v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])


def build_one(op: Op) -> Callable:
    return TRANSFORMS[op.type].resolve()(**TRANSFORMS[op.type].kwargs(op.args))


def compose(ops: Sequence[Op]) -> Callable:
    from torchvision.transforms import v2

    return v2.Compose([build_one(op) for op in ops]) if ops else _identity


def _identity(x):
    return x


@dataclass
class Pipelines:
    pre: Callable  # deterministic, cacheable: image -> tensor
    train_post: Callable  # augment + normalize, per epoch
    val_post: Callable
    pre_ops: list[Op]
    augment_ops: list[Op]
    post_ops: list[Op]

    @property
    def random_in_pre(self) -> bool:
        return any(is_random(op.type) for op in self.pre_ops)

    def train(self, image):
        return self.train_post(self.pre(image))

    def val(self, image):
        return self.val_post(self.pre(image))


def pipelines(transforms: Sequence[Op], augment: Sequence[Op]) -> Pipelines:
    transforms = list(transforms)
    if not any(op.type == "ToTensor" for op in transforms):
        raise DataError(_("data.transforms: add ToTensor — the model needs tensors, not PIL images"))
    cut = next((i for i, op in enumerate(transforms) if op.type == "Normalize"), len(transforms))
    pre, post = transforms[:cut], transforms[cut:]
    if not any(op.type == "ToTensor" for op in pre):
        raise DataError(_("data.transforms: ToTensor must come before Normalize"))
    return Pipelines(compose(pre), compose(list(augment) + post), compose(post), pre, list(augment), post)
