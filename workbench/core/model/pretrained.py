"""torchvision architectures as a model base: the primer's ``vgg16.classifier[6] = nn.Linear(4096, 10)``.

Weights come from torchvision's cache, a local file, or (when online) a
download into that cache; with none of them a clear message offers random
initialisation (``"weights": null``). Every file is loaded with
``weights_only=True``.
"""

from __future__ import annotations

import functools
import os
import urllib.request
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urlparse

from workbench.core.catalogs.layers import LAYERS
from workbench.core.errors import CheckpointError, ModelError
from workbench.core.i18n import _
from workbench.core.model.heads import SizeError, layer_kwargs
from workbench.core.model.plan import LayerPlan, ModelPlan, first_line
from workbench.core.project.schema import Model, Op
from workbench.core.storage.atomic import atomic_write

DOWNLOAD_TIMEOUT_S = 20
# Set (to anything) to never download: a missing file is then reported at once (tests, machines behind a proxy).
OFFLINE_VARIABLE = "WORKBENCH_OFFLINE"


def head_replacements(model: Model) -> dict[str, Op]:
    """The modules to replace: as the project says, else the architecture's classifier head."""
    return model.replace or {head_path(model.base.torchvision): Op("Linear")}


@functools.lru_cache(maxsize=None)
def head_path(arch: str) -> str:
    """Where ``arch`` keeps its classifier head: its last Linear (``fc``, ``classifier.1``, ``heads.head``…).

    Every torchvision classification family ends in one Linear that maps features to the 1000 ImageNet classes;
    finding it in the built model (on the meta device: no memory, no time) keeps the catalogue free of paths
    that could go stale."""
    import torch.nn as nn

    net = _empty_model(arch)
    linears = [name for name, module in net.named_modules() if isinstance(module, nn.Linear)]
    if not linears:
        raise ModelError(None, None, _("{architecture} has no Linear classifier head to replace: give "
                                       "model.replace").format(architecture=arch))
    return linears[-1]


def _empty_model(arch: str):
    """``arch`` with random weights on the meta device (shapes only). A few builders compute their layout
    from tensors (RegNet): those are built on the CPU and moved."""
    import torch
    import torchvision

    try:
        with torch.device("meta"):
            return torchvision.models.get_model(arch, weights=None)
    except (NotImplementedError, RuntimeError):
        return torchvision.models.get_model(arch, weights=None).to("meta")


def _skeleton(model: Model, num_classes: int | None, state_dict: dict | None = None, meta: bool = False):
    import torchvision

    if meta:
        net = _empty_model(model.base.torchvision)
    else:
        net = torchvision.models.get_model(model.base.torchvision, weights=None)
    if state_dict is not None:
        from workbench.core.storage.model_files import load_state_dict_checked
        load_state_dict_checked(net, state_dict, _("the {architecture} weights").format(architecture=model.base.torchvision))
    for path, op in head_replacements(model).items():
        parent, attr, old = _locate(net, path)
        optype = LAYERS[op.type]
        infer = optype.infer_param
        try:
            kwargs = layer_kwargs(op, getattr(old, infer.name, None) if infer else None, num_classes, is_head=True,
                                  check_given=False)
        except SizeError as e:
            where = f"model.replace[{path!r}] ({op.type})"
            raise ModelError(None, None, _("{where}: {reason} (it replaces a {module})").format(
                where=where, reason=e, module=type(old).__name__)) from None
        new = optype.resolve()(**kwargs)
        if attr.isdigit():
            parent[int(attr)] = new
        else:
            setattr(parent, attr, new)
    if meta:
        net = net.to("meta")  # the new head too
    if model.base.freeze:
        replaced = set(head_replacements(model))
        for name, p in net.named_parameters():
            p.requires_grad = any(name.startswith(r + ".") for r in replaced)
    return net


def _locate(net, path: str):
    *parents, attr = path.split(".")
    parent = net
    try:
        for part in parents:
            parent = parent[int(part)] if part.isdigit() else getattr(parent, part)
        old = parent[int(attr)] if attr.isdigit() else getattr(parent, attr)
    except (AttributeError, IndexError, TypeError):
        raise ModelError(None, None, _("{where}: {architecture} has no module at {path}").format(
            where=f"model.replace[{path!r}]", architecture=net.__class__.__name__, path=repr(path))) from None
    return parent, attr, old


def plan_pretrained(model: Model, input_shape: Sequence[int], num_classes: int | None) -> ModelPlan:
    """One row per top-level block of the architecture, with output shapes from a meta-device pass."""
    import torch

    plan = ModelPlan(list(input_shape))
    try:
        net = _skeleton(model, num_classes, meta=True)
    except ModelError as e:
        plan.error = e
        return plan
    rows: list[LayerPlan] = []
    shapes: dict[str, list[int]] = {}
    children = list(net.named_children())
    for i, (name, child) in enumerate(children):
        params = sum(p.numel() for p in child.parameters())
        trainable = sum(p.numel() for p in child.parameters() if p.requires_grad)
        rows.append(LayerPlan(i, f"{name}: {type(child).__name__}", {}, [], None, params, trainable))
        child.register_forward_hook(lambda _m, _i, out, name=name: shapes.__setitem__(name, list(out.shape[1:])))
    net.eval()
    try:
        out = net(torch.empty((2, *input_shape), device="meta"))
    except Exception as e:
        if input_shape[0] == 3:
            text = _("{architecture} cannot run on a {shape} input: {reason}")
        else:
            text = _("{architecture} cannot run on a {shape} input (it expects 3-channel colour images: add "
                     "Grayscale(3) or use colour data): {reason}")
        plan.error = ModelError(None, None, text.format(architecture=model.base.torchvision,
                                                        shape=tuple(input_shape), reason=first_line(e)))
    for row, (name, _child) in zip(rows, children):
        row.output_shape = shapes.get(name)
    plan.layers = rows
    if plan.error is None and num_classes is not None and list(out.shape[1:]) != [num_classes]:
        plan.error = ModelError(None, None, _("the model outputs {shape} but the data has {classes} classes").format(
            shape=list(out.shape[1:]), classes=num_classes))
    return plan


def build_pretrained(model: Model, num_classes: int | None, resolve: Callable[[str], Path] = Path):
    state = load_base_weights(model.base.torchvision, model.base.weights, resolve)
    return _skeleton(model, num_classes, state)


def load_base_weights(arch: str, weights: str | None, resolve: Callable[[str], Path] = Path) -> dict | None:
    """The architecture's state_dict: None for random init, else from a file, the cache or a download."""
    if weights is None:
        return None
    if looks_like_file(weights):
        path = resolve(weights)
        if not path.is_file():
            raise CheckpointError(_("model.base.weights: {path}: no such file (give the state_dict of a "
                                    "{architecture} saved with torch.save, or a torchvision weights name such as "
                                    "DEFAULT)").format(path=path, architecture=arch))
        return _load_state_dict(path)
    enum = weights_enum(arch, weights)
    cached = cache_path(enum)
    if not cached.exists():
        if os.environ.get(OFFLINE_VARIABLE):
            raise CheckpointError(_missing(arch, cached, enum.url, _("{variable} is set").format(
                variable=OFFLINE_VARIABLE)))
        _download(enum.url, cached, arch)
    return _load_state_dict(cached)


def preprocessing(arch: str, weights: str | None = "DEFAULT") -> list[Op]:
    """The transforms the weights were trained with, read from their own ``transforms()``: resize, centre crop,
    ToTensor, normalise with their mean and std (the ImageNet statistics). What choosing a base sets as the
    project's data.transforms."""
    expected = weights_enum(arch, weights).transforms()
    resize = {"size": _one(expected.resize_size)}
    if expected.interpolation.value != "bilinear":  # EfficientNet-B0/B2 and Swin were trained with bicubic
        resize["interpolation"] = expected.interpolation.value
    return [Op("Resize", resize), Op("CenterCrop", {"size": _one(expected.crop_size)}),
            Op("ToTensor"), Op("Normalize", {"mean": [round(float(m), 4) for m in expected.mean],
                                             "std": [round(float(s), 4) for s in expected.std]})]


def _one(size) -> int | list[int]:
    size = list(size)
    return size[0] if len(size) == 1 else size


def looks_like_file(weights: str) -> bool:
    """A weights value that names a file rather than a torchvision weights name (DEFAULT, IMAGENET1K_V2)."""
    return weights.endswith((".pth", ".pt")) or os.sep in weights or "/" in weights


def weights_enum(arch: str, weights: str | None):
    """torchvision's weights entry for ``weights`` (DEFAULT when it is a file or None: the same training recipe,
    so the same preprocessing)."""
    import torchvision

    known = torchvision.models.get_model_weights(arch)
    if weights is None or looks_like_file(weights):
        return known.DEFAULT
    try:
        return known[weights]
    except KeyError:
        names = ", ".join(["DEFAULT"] + [w.name for w in known])
        raise CheckpointError(_("model.base.weights: {architecture} has no weights named {name} (known: {names}; "
                                "or null for random init)").format(architecture=arch, name=repr(weights),
                                                                   names=names)) from None


def cache_path(enum) -> Path:
    """Where torchvision keeps the file of a weights entry: $TORCH_HOME/hub/checkpoints/<the url's file name>."""
    import torch

    return Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(urlparse(enum.url).path)


def _missing(arch: str, target: Path, url: str, reason: str) -> str:
    return _("the pretrained {architecture} weights are not in torchvision's cache and could not be downloaded "
             "({reason}): put the file {file} into {folder} (it is {url}), or choose a file of your own or no "
             "weights at all (a random start) — the Model tab's Weights, or model.base.weights (a path, or null) "
             "in the project").format(
        architecture=arch, reason=reason, file=target.name, folder=target.parent, url=url)


def _download(url: str, target: Path, arch: str) -> None:
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            atomic_write(target, lambda f: _copy(response, f))
    except OSError as e:
        raise CheckpointError(_missing(arch, target, url, first_line(e))) from None


def _copy(src, dst, chunk: int = 1 << 20) -> None:
    while block := src.read(chunk):
        dst.write(block)


def _load_state_dict(path: Path) -> dict:
    from workbench.core.storage.model_files import safe_load

    obj = safe_load(path)
    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]  # a Torch Workbench checkpoint
    if not isinstance(obj, dict):
        raise CheckpointError(_("{path}: expected a state_dict (a dict of tensors), found {found}").format(
            path=path, found=type(obj).__name__))
    return obj
