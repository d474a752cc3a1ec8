"""A whole training script for a project: the `script` export, plain torch/torchvision in the primer's
section 六 style (Dataset and transforms, the nn.Sequential, loss, optimizer, train and validation loops,
saving the state_dict), reproducing the project without Torch Workbench installed.

The script's text is the template ``templates/train.py.j2``; this module only
works out what goes into it, from the project and the catalogues (a
scheduler's stepping interval, its metric and derived arguments come from its
catalogue entry, as in the engine).
"""

from __future__ import annotations

import functools
from pathlib import Path

from workbench.core.catalogs.code import Raw, call, py_literal, same_value, torch_defaults
from workbench.core.catalogs.datasets import BUILTIN_DATASETS
from workbench.core.catalogs.training import (
    LOSSES,
    ONE_HOT_LOSSES,
    OPTIMIZERS,
    SCHEDULERS,
    ScheduleFacts,
    scheduler_derived,
    scheduler_interval,
    scheduler_steps_with_metric,
)
from workbench.core.catalogs.transforms import TRANSFORMS
from workbench.core.data.curation import excluded_paths
from workbench.core.data.datasets import image_mode
from workbench.core.data.folders import find_class_root
from workbench.core.data.transforms import pipelines
from workbench.core.model.builder import head_modules
from workbench.core.model.code import helper_classes, model_code
from workbench.core.project.schema import Op, Project
from workbench.core.training.finetune import schedule_of

TEMPLATE = "train.py.j2"


@functools.lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    return env.get_template(TEMPLATE)


def transform_code(ops: list[Op], convert: str | None = None) -> str:
    """``ops`` as a v2.Compose; ``convert`` ("RGB" / "L") first converts a data set's own images."""
    items = {"RGB": ["v2.RGB()"], "L": ["v2.Grayscale()"]}.get(convert, [])
    for op in ops:
        if op.type == "ToTensor":
            items += ["v2.ToImage()", "v2.ToDtype(torch.float32, scale=True)"]
        else:
            optype = TRANSFORMS[op.type]
            items.append(call("v2.", optype, optype.kwargs(op.args)))
    return "v2.Compose([" + ", ".join(items) + "])"


def op_code(prefix: str, catalog, op: Op, first_arg: str | None, extra: dict | None = None) -> str:
    """A loss, optimizer or scheduler constructor call; arguments at their defaults are left out."""
    optype = catalog[op.type]
    kwargs = {**optype.kwargs(op.args), **(extra or {})}
    defaults = torch_defaults(optype)
    args = [first_arg] if first_arg else []
    args += [f"{k}={py_literal(v)}" for k, v in kwargs.items() if k not in defaults or not same_value(v, defaults[k])]
    return f"{prefix}{op.type}({', '.join(args)})"


def training_script(project: Project, input_shape, classes: list[str]) -> str:
    """A standalone Python script that trains ``project`` with plain torch and torchvision."""
    p, t = project, project.training
    pipes = pipelines(p.data.transforms, p.data.augment)
    src, val = p.data.source, p.data.validation
    # A folder's images are converted as they are read (load_image); a torchvision data set's by a transform.
    convert = image_mode(p.data.color_mode, None, p) if src.kind != "folder" else None
    context = {
        "name": repr(p.name), "seed": t.seed, "epochs": t.epochs,
        "train_transform": transform_code(pipes.pre_ops + pipes.augment_ops + pipes.post_ops, convert),
        "val_transform": transform_code(pipes.pre_ops + pipes.post_ops, convert),
        "folder": None, "val_folder": None, "excluded": [], "split": val if val.kind == "split" else None,
        "no_validation": val.kind == "none", "loader": p.data.loader,
        "num_classes_line": f"{len(classes)}  # {classes!r}"[:280],
        "model_code": model_code(project, input_shape, len(classes)),
        "model_helpers": helper_classes(project.model),
        "balanced": t.loss.args.get("weight") == "balanced",
        "target": ("nn.functional.one_hot(targets, num_classes).float()" if t.loss.type in ONE_HOT_LOSSES
                   else "targets"),
    }
    if src.kind == "folder":
        context["folder"] = repr(str(find_class_root(project.resolve(src.path))))
        context["image_mode"] = repr("L" if input_shape[0] == 1 else "RGB")
        context["excluded"] = [repr(path) for path in sorted(excluded_paths(project))]
        if val.kind == "folder":
            context["val_folder"] = repr(str(find_class_root(project.resolve(val.path))))
    else:
        context.update(_builtin_sets(project))
    loss_extra = {"weight": Raw("class_weight.to(device)")} if context["balanced"] else {}
    context["loss"] = op_code("nn.", LOSSES, t.loss, None, loss_extra)
    context["finetune"] = _finetune(project)
    params = ("[{'params': head_params}, {'params': backbone_params, 'lr': %s}]" % context["finetune"]["backbone_lr"]
              if context["finetune"] else "(p for p in model.parameters() if p.requires_grad)")
    context["optimizer"] = op_code("torch.optim.", OPTIMIZERS, t.optimizer, params)
    context["scheduler"] = _scheduler(t, context["finetune"]) if t.scheduler is not None else None
    return _template().render(context)


def _finetune(project: Project) -> dict | None:
    """A pretrained base's fine-tuning schedule as the script writes it: the head's and the backbone's
    parameters apart, the backbone's learning rate, and the epochs the head trains alone."""
    schedule = schedule_of(project)
    if schedule is None:
        return None
    t = project.training
    lr = OPTIMIZERS[t.optimizer.type].kwargs(t.optimizer.args)["lr"]
    return {"head_epochs": schedule.head_epochs, "factor": schedule.backbone_lr_factor,
            "head": tuple(name + "." for name in head_modules(project)),
            "backbone_lr": f"{lr!r} * {schedule.backbone_lr_factor!r}"}


def _builtin_sets(project: Project) -> dict:
    src, val = project.data.source, project.data.validation
    info = BUILTIN_DATASETS[src.name]
    root = str(project.resolve(src.root or "data"))

    def builtin(train: bool, transform: str, download: bool) -> str:
        split = f"train={train}" if info.split_style == "train" else f"split={'train' if train else 'test'!r}"
        return f"torchvision.datasets.{src.name}(root={root!r}, {split}, download={download}, transform={transform})"

    return {"builtin_train": builtin(True, "train_transform", src.download),
            "builtin_val": builtin(False, "val_transform", src.download) if val.kind == "builtin" else None,
            "builtin_train_for_val": builtin(True, "val_transform", False)}


def _scheduler(t, finetune: dict | None) -> dict:
    """The scheduler's constructor call and how the script steps it, from its catalogue entry."""
    spec = t.scheduler
    lr = OPTIMIZERS[t.optimizer.type].kwargs(t.optimizer.args)["lr"]
    # What the engine knows at run time; the derived rules that need more (the batches per epoch, the
    # optimizer's defaults) have an expression the script evaluates instead.
    facts = ScheduleFacts(t.epochs, None, lr, {}, "max" if t.monitor == "val_accuracy" else "min")
    extra = {d.name: Raw(d.code) if d.code else d.value(facts) for d in scheduler_derived(spec.type, spec.args)}
    peak = extra.get("max_lr", SCHEDULERS[spec.type].kwargs(spec.args).get("max_lr"))
    if finetune and peak is not None:  # one peak per parameter group, as the engine makes it
        extra["max_lr"] = Raw(f"[{peak!r}, {peak!r} * {finetune['factor']!r}]")
    return {"code": op_code("torch.optim.lr_scheduler.", SCHEDULERS, spec, "optimizer", extra),
            "per_batch": scheduler_interval(spec.type) == "batch",
            "with_metric": scheduler_steps_with_metric(spec.type),
            "metric": "hits / count" if t.monitor == "val_accuracy" else "val_loss"}
