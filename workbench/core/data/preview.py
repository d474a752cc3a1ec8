"""Sample previews for the window: images as read and as the model sees them, as plain numpy arrays.

The window runs these on its thread pool and turns the arrays into pixmaps
on the GUI thread (QPixmap may only be made there).
"""

from __future__ import annotations

import random
from typing import Sequence

import numpy as np

from workbench.core.catalogs.transforms import TRANSFORMS
from workbench.core.data.datasets import DataBundle
from workbench.core.data.transforms import Pipelines
from workbench.core.project.schema import Op


def to_rgb8(image, normalized_by: Sequence[Op] = ()) -> np.ndarray:
    """A PIL image or a (C, H, W) tensor as an (H, W, 3) uint8 array.

    A tensor is shown as the model sees it, in a form a person can look at: the Normalize steps it went
    through (``normalized_by``, in the order applied) are undone with their own mean and std, and [0, 1] maps
    to 0..255. Stretching each image to its own min..max instead turned a normalised image into a
    high-contrast one that no longer looked like the picture the model gets."""
    if hasattr(image, "detach"):
        a = image.detach().float().cpu().numpy()
        if a.ndim == 2:
            a = a[None]
        for op in reversed(list(normalized_by)):
            given = TRANSFORMS[op.type].kwargs(op.args)  # the mean and std torchvision was given
            a = a * _per_channel(given["std"]) + _per_channel(given["mean"])
        a = a[:3] if a.shape[0] >= 3 else np.repeat(a[:1], 3, axis=0)
        a = np.clip(a, 0.0, 1.0)  # what lies outside (a RandomErasing value, overshoot) shows as black or white
        return np.ascontiguousarray((a.transpose(1, 2, 0) * 255).round().astype(np.uint8))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))


def _per_channel(values) -> np.ndarray:
    """A Normalize's mean or std as a (C, 1, 1) array (one value stands for every channel)."""
    return np.asarray(values, dtype=np.float32).reshape(-1, 1, 1)


def normalize_ops(pipelines: Pipelines) -> list[Op]:
    """The Normalize steps of the training pipeline, in the order it applies them (augment, then the rest)."""
    return [op for op in [*pipelines.augment_ops, *pipelines.post_ops] if op.type == "Normalize"]


def preview_samples(bundle: DataBundle, n: int = 8, seed: int | None = None) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """``n`` random training samples: (the image as read, the image after the training pipeline, class name).

    The training pipeline includes augmentation, so each call (a new seed)
    shows new random flips and crops.
    """
    import torch

    ds = bundle.train
    rng = random.Random(seed)
    picks = rng.sample(range(len(ds)), min(n, len(ds)))
    out = []
    normalized_by = normalize_ops(bundle.pipelines)
    # torchvision's random transforms draw from the global generator: draw from a fork of it, seeded here, so
    # that a preview leaves the process's random state as it found it.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(rng.randrange(2**31))
        for k in picks:
            raw = ds.source.image(ds.indices[k])
            after = bundle.pipelines.train(raw)
            out.append((to_rgb8(raw), to_rgb8(after, normalized_by), bundle.classes[ds.label(k)]))
    return out


