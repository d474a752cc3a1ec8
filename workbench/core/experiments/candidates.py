"""What a sweep can vary in a project, and a starting range for each: the fields a user picks from (the
window's "Add parameter" menu) instead of typing project paths.

Each `Candidate` is one field of this project — the optimizer's learning rate and its other numeric
arguments, the optimizer's type, the batch size, the epochs, a layer's width or dropout probability, the
loss's label smoothing, an augmentation's strength — with the kinds of range that fit its type and a range
around the project's value (`Candidate.param`). Whether a range is valid stays `space.check_space`'s call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from workbench.core.catalogs.base import Param as Field
from workbench.core.catalogs.layers import LAYERS
from workbench.core.catalogs.training import LOSSES, OPTIMIZERS
from workbench.core.catalogs.transforms import TRANSFORMS
from workbench.core.experiments.space import Param, default_space
from workbench.core.project.fields import LOADER_FIELDS, TRAINING_SCALARS
from workbench.core.project.schema import Project

FLOAT_KINDS = ("log", "float", "choice")
INT_KINDS = ("int", "choice")
CHOICE_KINDS = ("choice",)

# A layer's arguments worth a sweep: its size or its strength (not eps, groups or dims).
LAYER_ARGS = ("out_channels", "out_features", "p", "negative_slope", "alpha")
OPTIMIZER_TYPES = ("SGD", "Adam", "AdamW")  # offered as the choice, with the project's own


@dataclass(frozen=True)
class Candidate:
    path: str  # training.optimizer.lr, model.layers[4].out_features
    group: str  # "training" | "optimizer" | "loss" | "layer" | "augment"
    name: str  # the field's or argument's name: epochs, batch_size, lr, type, out_features
    owner: str = ""  # the catalogue entry it belongs to: Adam, Linear, Dropout ("" for a plain field)
    index: int | None = None  # the layer's (or augmentation's) position
    value: Any = None  # the project's value now
    kinds: tuple[str, ...] = FLOAT_KINDS  # the ranges that fit its type
    param: Param | None = None  # a starting range around the value


def candidates(project: Project) -> list[Candidate]:
    """This project's fields a sweep can vary, in the order the window lists them."""
    t = project.training
    out = [_int("training.epochs", "training", "epochs", t.epochs, _field(TRAINING_SCALARS, "epochs")),
           _batch_size(project)]
    opt = OPTIMIZERS.get(t.optimizer.type)
    # Other types that take the arguments the project gives (a trial sets the type, the arguments stay): SGD
    # with momentum can become RMSprop, not Adam.
    given = set(t.optimizer.args)
    fits = [name for name in (*OPTIMIZER_TYPES, *OPTIMIZERS)
            if given <= {p.name for p in OPTIMIZERS[name].params}]
    types = tuple(dict.fromkeys((t.optimizer.type, *fits)))[:3]
    out.append(Candidate("training.optimizer.type", "optimizer", "type", t.optimizer.type, value=t.optimizer.type,
                         kinds=CHOICE_KINDS, param=Param("training.optimizer.type", "choice", choices=types)))
    if opt is not None:
        args = opt.kwargs(t.optimizer.args)
        out += [_number(f"training.optimizer.{p.name}", "optimizer", p, args.get(p.name), opt.name)
                for p in opt.params if p.kind in ("int", "float")]
    loss = LOSSES.get(t.loss.type)
    if loss is not None:
        args = loss.kwargs(t.loss.args)
        out += [_number(f"training.loss.{p.name}", "loss", p, args.get(p.name), loss.name)
                for p in loss.params if p.kind == "float"]
    for i, op in enumerate(project.model.layers):
        layer = LAYERS.get(op.type)
        if layer is None:
            continue
        args = layer.kwargs(op.args)
        for p in layer.params:
            if p.name in LAYER_ARGS and p.kind in ("int", "float") and args.get(p.name) is not None:
                out.append(_number(f"model.layers[{i}].{p.name}", "layer", p, args[p.name], op.type, i))
    for i, op in enumerate(project.data.augment):
        transform = TRANSFORMS.get(op.type)
        if transform is None:
            continue
        args = transform.kwargs(op.args)
        out += [_number(f"data.augment[{i}].{p.name}", "augment", p, args[p.name], op.type, i)
                for p in transform.params if p.kind == "float" and args.get(p.name) is not None]
    return [c for c in out if c is not None]


def candidate(project: Project, path: str) -> Candidate | None:
    return next((c for c in candidates(project) if c.path == path), None)


def _field(fields, name: str) -> Field:
    return next(f for f in fields if f.name == name)


def _batch_size(project: Project) -> Candidate:
    batch = project.data.loader.batch_size
    param = next((p for p in default_space(project) if p.path == "data.loader.batch_size"), None)
    return Candidate("data.loader.batch_size", "training", "batch_size", value=batch, kinds=INT_KINDS,
                     param=param or _int_range("data.loader.batch_size", batch, _field(LOADER_FIELDS, "batch_size")))


def _int(path, group, name, value, field: Field, owner="", index=None) -> Candidate:
    return Candidate(path, group, name, owner, index, value, INT_KINDS, _int_range(path, value, field))


def _number(path: str, group: str, field: Field, value, owner: str = "", index: int | None = None) -> Candidate:
    if field.kind == "int":
        return _int(path, group, field.name, value, field, owner, index)
    return Candidate(path, group, field.name, owner, index, value, FLOAT_KINDS, _float_range(path, value, field))


def _int_range(path: str, value: int, field: Field) -> Param:
    value = int(value)
    low = max(int(field.min) if field.min is not None else 1, value // 2)
    high = value * 2 if value > 0 else 8
    if field.max is not None:
        high = min(high, int(field.max))
    if high <= low:
        high = low + 1
    return Param(path, "int", low, high)


def _float_range(path: str, value: float, field: Field) -> Param:
    """A decade either side for a learning rate or a positive scale, a quarter of the span either side for a
    bounded strength (a dropout probability), and the usual values for momentum and weight decay."""
    value = float(value or 0.0)
    if field.name == "momentum" and field.max == 1:
        return Param(path, "float", 0.5, 0.99)
    if field.name == "weight_decay":
        return Param(path, "log", _round(value / 10), _round(value * 10)) if value > 0 \
            else Param(path, "log", 1e-5, 1e-2)
    if field.min is not None and field.max is not None:
        span = (field.max - field.min) / 4
        low, high = max(field.min, value - span), min(field.max, value + span)
        return Param(path, "float", _round(low), _round(high))
    if value > 0:
        high = min(value * 10, 1.0) if field.name == "lr" else value * 10
        return Param(path, "log", _round(value / 10), _round(high))
    return Param(path, "float", 0.0, 0.5)


def _round(x: float) -> float:
    return float(f"{x:.3g}")


def value_of(project: Project, path: str):
    """The project's value at ``path`` (a field left at its default: the catalogue's default); None when the
    path leads nowhere."""
    found = candidate(project, path)
    if found is not None:
        return found.value
    from workbench.core.project.io import project_to_dict

    node = project_to_dict(project)
    for m in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", path):
        step = m.group(1) if m.group(1) is not None else int(m.group(2))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node
