"""The project file (format v1): JSON load/save and validation into the dataclasses of `schema.py`.

One ``.wbproj`` JSON document describes an experiment; the GUI edits it, the
CLI runs it, a run directory keeps a copy. Every problem is reported with the
path of the offending key (``model.layers[3].kernel_size: ...``). Unknown keys
are errors: a typo must never be silently ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from workbench.core.catalogs.base import Catalog, Param, check_fields
from workbench.core.catalogs.layers import BLOCK_REQUIRED, BLOCK_SLOTS, LAYERS
from workbench.core.catalogs.training import LOSSES, OPTIMIZERS, SCHEDULERS
from workbench.core.catalogs.transforms import TRANSFORMS
from workbench.core.errors import ProjectError
from workbench.core.i18n import _
from workbench.core.project.fields import (
    BASE_FIELDS,
    COLOR_MODE,
    DEVICE_PATTERN,
    EARLY_FIELDS,
    FINETUNE_FIELDS,
    LOADER_FIELDS,
    SOURCE_FIELDS,
    TOP_KEYS,
    TRAINING_SCALARS,
    VALIDATION_FIELDS,
)
from workbench.core.project.rules import why_not
from workbench.core.project.schema import (
    Base,
    Data,
    EarlyStopping,
    Finetune,
    Loader,
    Model,
    Op,
    Project,
    Source,
    Training,
    Validation,
)
from workbench.core.storage.atomic import atomic_write_text

# Names a project has before anyone named it (a new one, the built-in demo's): a file gives it its own.
PLACEHOLDER_NAMES = ("untitled", "demo-shapes")

FORMAT = "torch-workbench-project"
VERSION = 1
EXTENSION = ".wbproj"


# ---------------------------------------------------------------------------
# dict -> Project

def project_from_dict(doc: Any, base_dir: Path | None = None) -> Project:
    """Validate a project document and build the dataclasses. Raises ProjectError naming the path."""
    if not isinstance(doc, dict):
        raise ProjectError("", _("a project file must hold a JSON object"))
    for key in doc:
        if key not in TOP_KEYS:
            raise ProjectError(key, _("unknown key") + _hint(key, TOP_KEYS))
    if doc.get("format") != FORMAT:
        raise ProjectError("format", _("expected {format}: this is not a Torch Workbench project").format(
            format=repr(FORMAT)))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError("version", _("expected {what}, got {value}").format(what=_("a positive integer"),
                                                                                  value=repr(version)))
    if version > VERSION:
        raise ProjectError("version", _("this project was made by a newer Torch Workbench (format version "
                                        "{version}; this one reads up to {known}): update the app to open it")
                           .format(version=version, known=VERSION))
    name = Param("name", "str", "untitled").check(doc.get("name", "untitled"), "name")
    for section in ("data", "model", "training"):
        if section not in doc:
            raise ProjectError(section, _("is required"))
    project = Project(name=name, data=_data(doc["data"]), model=model_from_dict(doc["model"]),
                      training=_training(doc["training"]), base_dir=base_dir)
    _cross_check(project)
    return project


def _data(doc) -> Data:
    doc = _obj(doc, "data")
    _only(doc, ("source", "validation", "transforms", "augment", "loader", "cache_mb", "color_mode", "exclude"),
          "data")
    if "source" not in doc:
        raise ProjectError("data.source", _("is required"))
    source = Source(**_kinded(doc["source"], SOURCE_FIELDS, "data.source"))
    validation = Validation(**_kinded(doc.get("validation", {"kind": "split"}), VALIDATION_FIELDS,
                                      "data.validation"))
    transforms = _ops(doc.get("transforms", [{"type": "ToTensor"}]), TRANSFORMS, "data.transforms")
    augment = _ops(doc.get("augment", []), TRANSFORMS, "data.augment")
    loader = Loader(**check_fields(doc.get("loader", {}), LOADER_FIELDS, "data.loader"))
    cache_mb = Param("cache_mb", "int", 2048, min=0).check(doc.get("cache_mb", 2048), "data.cache_mb")
    color_mode = COLOR_MODE.check(doc.get("color_mode", "auto"), "data.color_mode")
    return Data(source, validation, transforms, augment, loader, cache_mb, color_mode, _exclude(doc))


def _exclude(doc: dict) -> list[str]:
    value = doc.get("exclude", [])
    if not isinstance(value, list):
        raise ProjectError("data.exclude", _("expected {what}, got {value}").format(
            what=_("a list of image paths"), value=repr(value)[:60]))
    for i, path in enumerate(value):
        if not isinstance(path, str) or not path:
            raise ProjectError(f"data.exclude[{i}]", _("expected {what}, got {value}").format(
                what=_("an image path"), value=repr(path)[:60]))
    return list(dict.fromkeys(value))  # the same image twice is once


def model_from_dict(doc) -> Model:
    """Validate a project's \"model\" section (also how templates become models)."""
    doc = _obj(doc, "model")
    _only(doc, ("input_shape", "layers", "base", "replace"), "model")
    shape = Param("input_shape", "int_list", None, min=1, nullable=True).check(
        doc.get("input_shape"), "model.input_shape")
    if shape is not None and len(shape) != 3:
        raise ProjectError("model.input_shape", _("expected [channels, height, width], got {value}").format(
            value=repr(shape)))
    layers = layers_from_list(doc.get("layers", []), "model.layers")
    base = None
    if doc.get("base") is not None:
        base = Base(**check_fields(doc["base"], BASE_FIELDS, "model.base"))
    replace_doc = doc.get("replace", {})
    if not isinstance(replace_doc, dict):
        raise ProjectError("model.replace", _("expected an object mapping module paths to layers"))
    replace = {}
    for key, layer in replace_doc.items():
        t, args = LAYERS.validate(layer, f"model.replace[{key!r}]")
        if t in BLOCK_SLOTS:
            raise ProjectError(f"model.replace[{key!r}].type", _("a block cannot replace a module of a base "
                                                                 "architecture: use a layer"))
        replace[key] = Op(t, args)
    if base is None and replace:
        raise ProjectError("model.replace", _("only applies to a model with a \"base\" architecture"))
    if base is not None and layers:
        raise ProjectError("model.layers", _("give either \"layers\" or a \"base\" architecture, not both"))
    if base is None and not layers:
        raise ProjectError("model.layers", _("the model has no layers: add at least one (e.g. Flatten, Linear)"))
    return Model(shape, layers, base, replace)


def _training(doc) -> Training:
    doc = _obj(doc, "training")
    sections = ("loss", "optimizer", "scheduler", "early_stopping", "finetune")
    _only(doc, sections + tuple(p.name for p in TRAINING_SCALARS), "training")
    scalars = check_fields({k: doc[k] for k in doc if k not in sections}, TRAINING_SCALARS, "training")
    if not DEVICE_PATTERN.match(scalars["device"]):
        raise ProjectError("training.device", device_problem(scalars["device"]))
    loss = Op(*LOSSES.validate(doc.get("loss", {"type": "CrossEntropyLoss"}), "training.loss"))
    optimizer = Op(*OPTIMIZERS.validate(doc.get("optimizer", {"type": "Adam"}), "training.optimizer"))
    scheduler = None
    if doc.get("scheduler") is not None:
        scheduler = Op(*SCHEDULERS.validate(doc["scheduler"], "training.scheduler"))
    early = None
    if doc.get("early_stopping") is not None:
        early = EarlyStopping(**check_fields(doc["early_stopping"], EARLY_FIELDS, "training.early_stopping"))
    finetune = None
    if doc.get("finetune") is not None:
        finetune = Finetune(**check_fields(doc["finetune"], FINETUNE_FIELDS, "training.finetune"))
    return Training(loss=loss, optimizer=optimizer, scheduler=scheduler, early_stopping=early, finetune=finetune,
                    **scalars)


def device_problem(device: str) -> str:
    """What is wrong with a device name that is not one of the known forms."""
    return _("expected 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps', got {value}").format(value=repr(device))


def _cross_check(p: Project) -> None:
    problem = why_not(p.data.source.kind, p.data.validation.kind)
    if problem:
        raise ProjectError("data.validation.kind", problem)


def _ops(doc, catalog: Catalog, path: str) -> list[Op]:
    if not isinstance(doc, list):
        raise ProjectError(path, _("expected a list"))
    return [Op(*catalog.validate(item, f"{path}[{i}]")) for i, item in enumerate(doc)]


def layers_from_list(doc, path: str) -> list[Op]:
    """A list of layer entries, blocks among them holding lists of their own (validated to any depth)."""
    if not isinstance(doc, list):
        raise ProjectError(path, _("expected a list"))
    return [_layer(item, f"{path}[{i}]") for i, item in enumerate(doc)]


def _layer(doc, path: str) -> Op:
    slots = BLOCK_SLOTS.get(doc.get("type")) if isinstance(doc, dict) else None
    if slots is None:
        return Op(*LAYERS.validate(doc, path))
    type_name, args = LAYERS.validate({k: v for k, v in doc.items() if k not in slots}, path)
    for slot in BLOCK_REQUIRED[type_name]:
        if slot not in doc:
            raise ProjectError(f"{path}.{slot}", _("is required (a list of layers)") if slots[slot] == "list"
                               else _("is required (a list of branches, each a list of layers)"))
    for slot, form in slots.items():
        if slot not in doc:
            continue
        where = f"{path}.{slot}"
        if form == "list":
            args[slot] = layers_from_list(doc[slot], where)
            continue
        if not isinstance(doc[slot], list) or not doc[slot]:
            raise ProjectError(where, _("expected a non-empty list of branches, each a list of layers"))
        args[slot] = [layers_from_list(branch, f"{where}[{b}]") for b, branch in enumerate(doc[slot])]
    return Op(type_name, args)


def _kinded(doc, table: dict, path: str) -> dict:
    doc = _obj(doc, path)
    kind = doc.get("kind")
    if kind not in table:
        raise ProjectError(f"{path}.kind", _("expected one of {choices}, got {value}").format(
            choices=", ".join(repr(k) for k in table), value=repr(kind)))
    return check_fields(doc, table[kind], path)


def _obj(doc, path: str) -> dict:
    if not isinstance(doc, dict):
        raise ProjectError(path, _("expected an object, got {value}").format(value=type(doc).__name__))
    return doc


def _only(doc: dict, keys, path: str) -> None:
    for key in doc:
        if key not in keys:
            raise ProjectError(f"{path}.{key}", _("unknown key") + _hint(key, keys))


def _hint(word, options) -> str:
    import difflib
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return _(" (did you mean {name}?)").format(name=repr(close[0])) if close else ""


# ---------------------------------------------------------------------------
# Project -> dict

def project_to_dict(p: Project) -> dict:
    src = p.data.source
    source = ({"kind": "folder", "path": src.path} if src.kind == "folder" else
              {"kind": "torchvision", "name": src.name, "root": src.root, "download": src.download})
    val = p.data.validation
    validation = {"kind": val.kind}
    if val.kind == "split":
        validation.update(fraction=val.fraction, seed=val.seed)
    elif val.kind == "folder":
        validation["path"] = val.path
    model: dict[str, Any] = {"input_shape": list(p.model.input_shape) if p.model.input_shape else None}
    if p.model.base is not None:
        b = p.model.base
        model["base"] = {"torchvision": b.torchvision, "weights": b.weights, "freeze": b.freeze}
        model["replace"] = {k: op.to_json() for k, op in p.model.replace.items()}
    else:
        model["layers"] = [op.to_json() for op in p.model.layers]
    t = p.training
    es = t.early_stopping
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": p.name,
        "data": {
            "source": source,
            "validation": validation,
            "transforms": [op.to_json() for op in p.data.transforms],
            "augment": [op.to_json() for op in p.data.augment],
            # balanced_sampling only when on: files from before it existed stay as they were
            "loader": {k: v for k, v in vars(p.data.loader).items() if k != "balanced_sampling" or v},
            "cache_mb": p.data.cache_mb,
            **({"color_mode": p.data.color_mode} if p.data.color_mode != "auto" else {}),
            **({"exclude": list(p.data.exclude)} if p.data.exclude else {}),
        },
        "model": model,
        "training": {
            "loss": t.loss.to_json(),
            "optimizer": t.optimizer.to_json(),
            "scheduler": t.scheduler.to_json() if t.scheduler else None,
            "epochs": t.epochs,
            "device": t.device,
            "seed": t.seed,
            "mixed_precision": t.mixed_precision,
            "channels_last": t.channels_last,
            **({"compile": t.compile} if t.compile != "off" else {}),  # files from before it existed stay as they were
            "monitor": t.monitor,
            "keep_best": t.keep_best,
            "early_stopping": {"patience": es.patience, "min_delta": es.min_delta} if es else None,
            # only when set: files from before it existed stay as they were
            **({"finetune": vars(t.finetune).copy()} if t.finetune else {}),
        },
    }


# ---------------------------------------------------------------------------
# Files

def load_project(path: str | os.PathLike) -> Project:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError("", _("{path}: no such project file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ProjectError("", _("{path}: cannot read the project file ({reason})").format(path=path, reason=e)) \
            from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProjectError("", _("{path}: not valid JSON (line {line}, column {column}: {reason})").format(
            path=path, line=e.lineno, column=e.colno, reason=e.msg)) from None
    project = project_from_dict(doc, base_dir=path.resolve().parent)
    if path.suffix == EXTENSION:  # a project file (not a run's project.json, which keeps the name it ran under)
        project.name = name_for_file(project.name, path)
    return project


def name_for_file(name: str, path: str | os.PathLike) -> str:
    """A project's name once it is in a file: its own, unless it is still a placeholder ("untitled", the demo's):
    then the file's, so that runs of shapes.wbproj are named "…-shapes", not "…-demo-shapes"."""
    return Path(path).stem if name in PLACEHOLDER_NAMES else name


def name_for_data(name: str, folder: str | os.PathLike | None) -> str:
    """A project's name once the user chose their own image folder: its own, unless it is still a placeholder
    (the demo's): then the folder's, so that runs on ~/photos/birds are named "…-birds", not "…-demo-shapes"."""
    stem = Path(folder).name if folder else ""
    return stem if name in PLACEHOLDER_NAMES and stem else name


def dumps_project(p: Project) -> str:
    return json.dumps(project_to_dict(p), indent=2, ensure_ascii=False) + "\n"


def save_project(p: Project, path: str | os.PathLike) -> Path:
    """Write ``p`` atomically. Relative paths are re-anchored to the new file's folder."""
    path = Path(path)
    new_base = path.resolve().parent
    out = p.copy()
    _rebase_paths(out, new_base)
    atomic_write_text(path, dumps_project(out))
    _rebase_paths(p, new_base)
    return path


def save_project_copy(p: Project, path: str | os.PathLike) -> Path:
    """Write a copy of ``p`` that lives elsewhere than its project file (a run's input, an autosave): its
    paths are made absolute, so it points at the same data from wherever it is read. Atomic."""
    path = Path(path)
    atomic_write_text(path, dumps_project(with_absolute_paths(p)))
    return path


def _rebase_paths(p: Project, new_base: Path) -> None:
    def rebase(value: str) -> str:
        absolute = p.resolve(value)
        try:
            return os.path.relpath(absolute, new_base)
        except ValueError:  # another drive on Windows
            return str(absolute)

    _map_paths(p, rebase)
    p.base_dir = new_base


def with_absolute_paths(p: Project) -> Project:
    """A copy whose data paths are absolute: for copies that live elsewhere than the project file (a run's
    project.json and checkpoints, an autosave, the project a run process is given)."""
    out = p.copy()
    _map_paths(out, lambda value: str(p.resolve(value)))
    return out


def _map_paths(p: Project, change) -> None:
    """Apply ``change`` to every path the project holds (the data folder or root, a validation folder)."""
    src, val = p.data.source, p.data.validation
    if src.kind == "folder" and src.path is not None:
        src.path = change(src.path)
    elif src.kind == "torchvision" and src.root is not None:
        src.root = change(src.root)
    if val.kind == "folder" and val.path is not None:
        val.path = change(val.path)
    p.data.exclude = [change(path) for path in p.data.exclude]
