"""Sample previews for the window: images as read and as the model sees them, as plain numpy arrays.

The window runs these on its thread pool and turns the arrays into pixmaps
on the GUI thread (QPixmap may only be made there).
"""

from __future__ import annotations

import random

import numpy as np

from workbench.core.data.datasets import DataBundle


def to_rgb8(image) -> np.ndarray:
    """A PIL image or a (C, H, W) tensor as an (H, W, 3) uint8 array; tensors are min-max scaled for display
    (after Normalize their values are no longer in [0, 1])."""
    if hasattr(image, "detach"):
        a = image.detach().float().cpu().numpy()
        if a.ndim == 2:
            a = a[None]
        a = a[:3] if a.shape[0] >= 3 else np.repeat(a[:1], 3, axis=0)
        lo, hi = float(a.min()), float(a.max())
        a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
        return np.ascontiguousarray((a.transpose(1, 2, 0) * 255).round().astype(np.uint8))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))


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
    # torchvision's random transforms draw from the global generator: draw from a fork of it, seeded here, so
    # that a preview leaves the process's random state as it found it.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(rng.randrange(2**31))
        for k in picks:
            raw = ds.source.image(ds.indices[k])
            after = bundle.pipelines.train(raw)
            out.append((to_rgb8(raw), to_rgb8(after), bundle.classes[ds.label(k)]))
    return out


