"""Where the model looks: attributions from Captum for one image at a time — Grad-CAM on the last convolution,
Integrated Gradients, occlusion — as an H×W map at the image's size as read from disk, and a heat-map PNG.

The map is computed on the model's input (after the project's validation transforms) and resized back to the
image's own size, so it lies over the picture the user knows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import _
from workbench.core.training.checkpoints import Checkpoint

METHODS = ("gradcam", "integrated-gradients", "occlusion")


@dataclass
class Explanation:
    path: str
    method: str
    target: str  # the class explained
    predicted: str
    attribution: np.ndarray  # H×W float32 at the image's size, higher = more for the target
    notes: list[str] = field(default_factory=list)

    def to_json(self, png: str | None = None, npy: str | None = None) -> dict:
        return {"path": self.path, "method": self.method, "target": self.target, "predicted": self.predicted,
                "png": png, "npy": npy, "notes": self.notes}


def last_conv(model):
    """The last Conv2d of the model (Grad-CAM's layer), or None."""
    import torch

    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    return convs[-1] if convs else None


def explain(ckpt: Checkpoint, path: str | os.PathLike, method: str = "gradcam", target: str | int | None = None,
            model=None) -> Explanation:
    """The attribution of ``path`` for ``target`` (a class name or index; default: the predicted class)."""
    import torch
    from captum.attr import IntegratedGradients, LayerAttribution, LayerGradCam, Occlusion

    from workbench.core.data.images import open_image
    from workbench.core.data.transforms import pipelines
    from workbench.core.results.evaluate import fit_to_input

    if method not in METHODS:
        raise WorkbenchError(_("--method: one of {choices}, not {value}").format(choices=", ".join(METHODS),
                                                                                 value=repr(method)))
    model = model or ckpt.build_model().eval()
    pipes = pipelines(ckpt.project.data.transforms, [])
    image = open_image(path, "L" if ckpt.input_shape[0] == 1 else "RGB")
    x = fit_to_input(pipes.val(image), ckpt.input_shape).unsqueeze(0).requires_grad_(True)
    with torch.no_grad():
        predicted = int(model(x).argmax(1))
    index = _class_index(ckpt.classes, target) if target is not None else predicted
    notes = []
    if method == "gradcam" and last_conv(model) is None:
        notes.append(_("the model has no convolution for Grad-CAM: Integrated Gradients instead"))
        method = "integrated-gradients"
    if method == "gradcam":
        cam = LayerGradCam(model, last_conv(model)).attribute(x, target=index, relu_attributions=True)
        attribution = LayerAttribution.interpolate(cam, tuple(x.shape[-2:]), interpolate_mode="bilinear")[0, 0]
    elif method == "integrated-gradients":
        attribution = IntegratedGradients(model).attribute(x, baselines=torch.zeros_like(x), target=index,
                                                           n_steps=32)[0].abs().sum(0)
    else:
        side = max(2, min(x.shape[-2:]) // 6)  # a sixth of the side, half-overlapping: ~100 forward passes
        attribution = Occlusion(model).attribute(x, target=index, sliding_window_shapes=(x.shape[1], side, side),
                                                 strides=(x.shape[1], max(1, side // 2), max(1, side // 2)),
                                                 baselines=0)[0].sum(0)
    heat = torch.nn.functional.interpolate(attribution.detach()[None, None].float(), size=(image.height, image.width),
                                           mode="bilinear", align_corners=False)[0, 0]
    return Explanation(str(path), method, ckpt.classes[index], ckpt.classes[predicted],
                       heat.numpy().astype(np.float32), notes)


def _class_index(classes: list[str], target) -> int:
    if isinstance(target, int) or (isinstance(target, str) and target.isdigit() and target not in classes):
        i = int(target)
        if not 0 <= i < len(classes):
            raise WorkbenchError(_("--target {target}: the model has classes 0 to {last}").format(
                target=target, last=len(classes) - 1))
        return i
    if target not in classes:
        raise WorkbenchError(_("--target {target}: not one of the classes ({classes})").format(
            target=repr(target), classes=", ".join(classes[:10])))
    return classes.index(target)


def heat_overlay(path: str | os.PathLike, attribution: np.ndarray, opacity: float = 0.5):
    """The image with the attribution over it (positive part, scaled to its maximum) as a PIL image."""
    from PIL import Image

    from workbench.core.data.images import open_image

    return Image.fromarray(blend(np.asarray(open_image(path, "RGB")), attribution, opacity))


def blend(rgb: np.ndarray, attribution: np.ndarray, opacity: float = 0.5) -> np.ndarray:
    """An (H, W, 3) uint8 picture with the attribution laid over it as a heat map; the attribution is resized to
    the picture first (a thumbnail takes the map of the full image)."""
    from PIL import Image

    h, w = rgb.shape[:2]
    if attribution.shape != (h, w):
        attribution = np.asarray(Image.fromarray(attribution.astype(np.float32), "F").resize((w, h),
                                                                                            Image.BILINEAR))
    base = rgb.astype(np.float32) / 255
    a = np.clip(attribution, 0, None)
    a = a / a.max() if a.max() > 0 else a
    mixed = base * (1 - opacity * a[..., None]) + colormap(a) * (opacity * a[..., None])
    return (np.clip(mixed, 0, 1) * 255).astype(np.uint8)


def colormap(a: np.ndarray) -> np.ndarray:
    """A blue → yellow → red ramp (no plotting library needed)."""
    r = np.clip(2 * a, 0, 1)
    g = np.clip(2 * a, 0, 1) * np.clip(2 - 2 * a, 0, 1)
    b = np.clip(1 - 2 * a, 0, 1)
    return np.stack([r, g, b], axis=-1)


def write_explanation(e: Explanation, out_dir: str | os.PathLike) -> tuple[Path, Path]:
    """``<stem>.<method>.png`` and ``<stem>.<method>.npy`` in ``out_dir`` (written atomically)."""
    import io

    from workbench.core.storage.atomic import atomic_write_bytes

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(e.path).stem
    png, npy = out_dir / f"{stem}.{e.method}.png", out_dir / f"{stem}.{e.method}.npy"
    buf = io.BytesIO()
    heat_overlay(e.path, e.attribution).save(buf, format="PNG")
    atomic_write_bytes(png, buf.getvalue())
    buf = io.BytesIO()
    np.save(buf, e.attribution)
    atomic_write_bytes(npy, buf.getvalue())
    return png, npy
