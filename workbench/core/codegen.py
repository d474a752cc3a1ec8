"""PyTorch source code for a project: the model as a user would type it, and a whole training script.

The model code is what the window's "PyTorch code" view shows; the script is
the `script` export: plain torch/torchvision in the primer's section 六 style
(Dataset and transforms, the nn.Sequential, loss, optimizer, train and
validation loops, saving the state_dict), reproducing the project without
Torch Workbench installed.
"""

from __future__ import annotations

import functools
import importlib
import inspect

from workbench.core.builder import ModelPlan, plan_model
from workbench.core.catalog import OpType
from workbench.core.layers import LAYERS
from workbench.core.pretrained import head_replacements
from workbench.core.project import Model, Op, Project
from workbench.core.training_catalog import LOSSES, ONE_HOT_LOSSES, OPTIMIZERS, SCHEDULERS
from workbench.core.transforms_catalog import TRANSFORMS


def call(prefix: str, optype: OpType, kwargs: dict, positional: int = 0) -> str:
    """``nn.Conv2d(3, 32, kernel_size=5, padding=2)``: the first ``positional`` args bare; arguments equal to
    torch's own defaults left out (the catalogue's defaults are the app's suggestions, not torch's)."""
    defaults = torch_defaults(optype)
    parts = []
    for i, p in enumerate(optype.params):
        value = kwargs.get(p.name, p.default)
        if i < positional:
            parts.append(_py(value))
        elif p.name not in defaults or not _same(value, defaults[p.name]):
            parts.append(f"{p.name}={_py(value)}")
    return f"{prefix}{optype.name}({', '.join(parts)})"


def torch_defaults(optype: OpType) -> dict:
    """The constructor's own keyword defaults, read from its signature."""
    return _signature_defaults(optype.target)


@functools.lru_cache(maxsize=None)
def _signature_defaults(target: str) -> dict:
    module, _, attr = target.rpartition(".")
    try:
        signature = inspect.signature(getattr(importlib.import_module(module), attr))
    except (TypeError, ValueError):
        return {}
    return {name: p.default for name, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    if isinstance(a, (list, tuple)) and len(set(a)) == 1:
        return a[0] == b  # (2, 2) is what torch makes of 2
    return a == b and type(a) is type(b) or (isinstance(a, float) and a == b)


def _positional(optype: OpType) -> int:
    """Sizes go positionally, as in the primer: nn.Conv2d(1, 32, ...), nn.Linear(3136, 1024)."""
    names = [p.name for p in optype.params]
    for count, lead in ((2, ("in_channels", "out_channels")), (2, ("in_features", "out_features")),
                        (1, ("num_features",))):
        if tuple(names[:count]) == lead:
            return count
    return 0


def _py(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_py(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def layer_code(op_type: str, kwargs: dict) -> str:
    optype = LAYERS[op_type]
    return call("nn.", optype, optype.kwargs(kwargs), _positional(optype))


def model_code(spec: Project | Model, input_shape, num_classes: int | None, plan: ModelPlan | None = None) -> str:
    """The model as Python source, ending in a variable ``model``. Shapes as comments."""
    model = spec.model if isinstance(spec, Project) else spec
    if model.base is not None:
        return _base_code(model, num_classes)
    plan = plan or plan_model(model, input_shape, num_classes)
    lines = ["model = nn.Sequential("]
    for lp in plan.layers:
        lines.append(f"    {layer_code(lp.type, lp.kwargs)},  # -> {lp.output_shape}")
    for op in model.layers[len(plan.layers):]:  # after the first layer that cannot run: as written
        lines.append(f"    {layer_code(op.type, op.args)},  # cannot run: see the model table")
    lines.append(")")
    return "\n".join(lines)


def _base_code(model: Model, num_classes: int | None) -> str:
    import torchvision

    b = model.base
    weights = "None" if b.weights is None else repr(b.weights)
    lines = [f"model = torchvision.models.{b.torchvision}(weights={weights})"]
    if b.weights and (b.weights.endswith((".pth", ".pt")) or "/" in b.weights):
        lines = [f"model = torchvision.models.{b.torchvision}(weights=None)",
                 f"model.load_state_dict(torch.load({b.weights!r}))"]
    reference = torchvision.models.get_model(b.torchvision, weights=None)
    targets = []
    for path, op in head_replacements(model).items():
        old = reference
        for part in path.split("."):
            old = old[int(part)] if part.isdigit() else getattr(old, part)
        kwargs = dict(op.args)
        infer = LAYERS[op.type].infer_param
        if infer is not None and kwargs.get(infer.name) is None:
            kwargs[infer.name] = getattr(old, infer.name)
        if op.type == "Linear" and kwargs.get("out_features") is None:
            kwargs["out_features"] = num_classes
        target = "model" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))
        lines.append(f"{target} = {layer_code(op.type, kwargs)}")
        targets.append(path + ".")
    if b.freeze:
        lines += ["# Freeze the backbone: only the replaced head learns.",
                  "for name, param in model.named_parameters():",
                  f"    param.requires_grad = name.startswith({tuple(targets)!r})"]
    return "\n".join(lines)


def transform_code(ops: list[Op]) -> str:
    items = []
    for op in ops:
        if op.type == "ToTensor":
            items += ["v2.ToImage()", "v2.ToDtype(torch.float32, scale=True)"]
        else:
            optype = TRANSFORMS[op.type]
            items.append(call("v2.", optype, optype.kwargs(op.args)))
    return "v2.Compose([" + ", ".join(items) + "])"


def _op_code(prefix: str, catalog, op: Op, first_arg: str | None, extra: dict | None = None) -> str:
    """A loss, optimizer or scheduler constructor call; arguments at their defaults are left out."""
    optype = catalog[op.type]
    kwargs = {**optype.kwargs(op.args), **(extra or {})}
    defaults = torch_defaults(optype)
    args = [first_arg] if first_arg else []
    args += [f"{k}={_py(v)}" for k, v in kwargs.items() if k not in defaults or not _same(v, defaults[k])]
    return f"{prefix}{op.type}({', '.join(args)})"


def training_script(project: Project, input_shape, classes: list[str]) -> str:
    """A standalone Python script that trains ``project`` with plain torch and torchvision."""
    from workbench.core.transforms import pipelines

    p, t = project, project.training
    pipes = pipelines(p.data.transforms, p.data.augment)
    mode = "L" if input_shape[0] == 1 else "RGB"
    loader = p.data.loader
    src, val = p.data.source, p.data.validation
    lines = [
        '"""Training script generated by Torch Workbench from the project '
        f'{p.name!r}.',
        "",
        "Plain PyTorch and torchvision: run it with `python train.py`. It writes model.pth, a state_dict that",
        'loads with model.load_state_dict(torch.load("model.pth")).',
        '"""',
        "import random",
        "",
        "import torch",
        "import torchvision",
        "from PIL import Image",
        "from torch import nn",
        "from torch.utils.data import DataLoader, Subset",
        "from torchvision.transforms import v2",
        "",
        f"torch.manual_seed({t.seed})",
        'device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")',
        f"EPOCHS = {t.epochs}",
        "",
        "",
        "def labels_of(dataset):",
        "    targets = getattr(dataset, 'targets', None)  # ImageFolder, MNIST, CIFAR; SVHN calls them labels",
        "    return [int(y) for y in (targets if targets is not None else dataset.labels)]",
        "",
        "",
        "# 1. Data: transforms (augmentation for training only), data sets, loaders",
        f"train_transform = {transform_code(pipes.pre_ops + pipes.augment_ops + pipes.post_ops)}",
        f"val_transform = {transform_code(pipes.pre_ops + pipes.post_ops)}",
        "",
    ]
    if src.kind == "folder":
        from workbench.core.data import find_class_root

        root = find_class_root(project.resolve(src.path))
        lines += [
            "",
            "def load_image(path):",
            "    with Image.open(path) as img:",
            f"        return img.convert({mode!r})",
            "",
            "",
            "def is_valid_file(path):",
            "    # Skip files that are not readable images instead of failing mid-epoch.",
            "    try:",
            "        with Image.open(path) as img:",
            "            img.verify()",
            "        return True",
            "    except Exception:",
            "        return False",
            "",
            "",
            "def folder(path, transform):",
            "    return torchvision.datasets.ImageFolder(path, transform=transform, loader=load_image,",
            "                                            is_valid_file=is_valid_file)",
            "",
            "",
            f"train_full = folder({str(root)!r}, train_transform)",
        ]
        if val.kind == "folder":
            lines += [f"val_set = folder({str(find_class_root(project.resolve(val.path)))!r}, val_transform)",
                      "train_set = train_full"]
        elif val.kind == "split":
            lines += [f"val_full = folder({str(root)!r}, val_transform)"]
    else:
        from workbench.core.datasets_catalog import BUILTIN_DATASETS

        info = BUILTIN_DATASETS[src.name]
        root = str(project.resolve(src.root or "data"))

        def builtin(train: bool, transform: str, download: bool) -> str:
            split = f"train={train}" if info.split_style == "train" else f"split={'train' if train else 'test'!r}"
            return (f"torchvision.datasets.{src.name}(root={root!r}, {split}, download={download}, "
                    f"transform={transform})")

        lines.append(f"train_full = {builtin(True, 'train_transform', src.download)}")
        if val.kind == "builtin":
            lines += [f"val_set = {builtin(False, 'val_transform', src.download)}", "train_set = train_full"]
        elif val.kind == "split":
            lines.append(f"val_full = {builtin(True, 'val_transform', False)}")
    if val.kind == "split":
        lines += [
            "",
            "",
            "def stratified_split(labels, fraction, seed):",
            "    # The same split as Torch Workbench: `fraction` of every class goes to validation.",
            "    by_class = {}",
            "    for i, label in enumerate(labels):",
            "        by_class.setdefault(label, []).append(i)",
            "    rng, train_idx, val_idx = random.Random(seed), [], []",
            "    for label in sorted(by_class):",
            "        idx = by_class[label]",
            "        rng.shuffle(idx)",
            "        n_val = min(max(round(len(idx) * fraction), 1), len(idx) - 1) if len(idx) >= 2 else 0",
            "        val_idx += idx[:n_val]",
            "        train_idx += idx[n_val:]",
            "    return sorted(train_idx), sorted(val_idx)",
            "",
            "",
            "labels = labels_of(train_full)",
            f"train_idx, val_idx = stratified_split(labels, {val.fraction!r}, {val.seed!r})",
            "train_set, val_set = Subset(train_full, train_idx), Subset(val_full, val_idx)",
            "train_labels = [labels[i] for i in train_idx]",
        ]
    else:
        if val.kind == "none":
            lines += ["train_set, val_set = train_full, None"]
        lines.append("train_labels = labels_of(train_set)")
    lines += [
        "",
        f"train_loader = DataLoader(train_set, batch_size={loader.batch_size}, shuffle={loader.shuffle}, "
        f"drop_last={loader.drop_last}, num_workers={loader.num_workers})",
        f"val_loader = DataLoader(val_set, batch_size={loader.batch_size}) if val_set is not None else None",
        f"num_classes = {len(classes)}  # {classes!r}"[:300],
        "",
        "# 2. The model, the loss and the optimizer",
        model_code(project, input_shape, len(classes)),
        "model = model.to(device)",
    ]
    loss_extra = {}
    if t.loss.args.get("weight") == "balanced":
        lines += [
            "# weight='balanced': each class weighs the inverse of its share of the training set",
            "counts = torch.bincount(torch.tensor(train_labels), minlength=num_classes).float()",
            "class_weight = torch.where(counts > 0, counts.sum() / (num_classes * counts.clamp(min=1)), 0.0)",
        ]
        loss_extra["weight"] = _Raw("class_weight.to(device)")
    lines.append(f"loss_fn = {_op_code('nn.', LOSSES, t.loss, None, loss_extra)}")
    opt_line = _op_code("torch.optim.", OPTIMIZERS, t.optimizer, "(p for p in model.parameters() if p.requires_grad)")
    lines.append(f"optimizer = {opt_line}")
    per_batch = False
    if t.scheduler is not None:
        extra = {}
        kind = t.scheduler.type
        if kind == "CosineAnnealingLR" and t.scheduler.args.get("T_max") is None:
            extra["T_max"] = _Raw("EPOCHS")
        if kind == "OneCycleLR":
            per_batch = True
            lr = OPTIMIZERS[t.optimizer.type].kwargs(t.optimizer.args)["lr"]
            extra["max_lr"] = t.scheduler.args.get("max_lr") or 10 * lr
            extra["total_steps"] = _Raw("EPOCHS * len(train_loader)")
        if kind == "ReduceLROnPlateau":
            extra["mode"] = "max" if t.monitor == "val_accuracy" else "min"
        lines.append(f"scheduler = {_op_code('torch.optim.lr_scheduler.', SCHEDULERS, t.scheduler, 'optimizer', extra)}")
    one_hot = t.loss.type in ONE_HOT_LOSSES
    target = "nn.functional.one_hot(targets, num_classes).float()" if one_hot else "targets"
    lines += [
        "",
        "# 3. Train and validate",
        "for epoch in range(EPOCHS):",
        "    model.train()",
        "    total_loss, seen = 0.0, 0",
        "    for imgs, targets in train_loader:",
        "        imgs, targets = imgs.to(device), targets.to(device)",
        "        outputs = model(imgs)",
        f"        loss = loss_fn(outputs, {target})",
        "        optimizer.zero_grad()",
        "        loss.backward()",
        "        optimizer.step()",
    ]
    if per_batch:
        lines.append("        scheduler.step()")
    lines += [
        "        total_loss += loss.item() * imgs.shape[0]",
        "        seen += imgs.shape[0]",
        "    message = f'epoch {epoch + 1}/{EPOCHS}  train_loss {total_loss / seen:.4f}'",
        "    val_loss = None",
        "    if val_loader is not None:",
        "        model.eval()",
        "        total_val_loss, hits, count = 0.0, 0, 0",
        "        with torch.no_grad():",
        "            for imgs, targets in val_loader:",
        "                imgs, targets = imgs.to(device), targets.to(device)",
        "                outputs = model(imgs)",
        f"                total_val_loss += loss_fn(outputs, {target}).item() * imgs.shape[0]",
        "                hits += (outputs.argmax(1) == targets).sum().item()",
        "                count += imgs.shape[0]",
        "        val_loss = total_val_loss / count",
        "        message += f'  val_loss {val_loss:.4f}  val_accuracy {hits / count:.4f}'",
    ]
    if t.scheduler is not None and not per_batch:
        if t.scheduler.type == "ReduceLROnPlateau":
            metric = "hits / count" if t.monitor == "val_accuracy" else "val_loss"
            lines += ["    if val_loader is not None:", f"        scheduler.step({metric})"]
        else:
            lines.append("    scheduler.step()")
    lines += [
        "    print(message)",
        "",
        "# 4. Save the weights (the primer's state_dict format)",
        'torch.save(model.state_dict(), "model.pth")',
        'print("saved model.pth")',
        "",
    ]
    return "\n".join(lines)


class _Raw(str):
    """A value written into generated code as-is (an expression), not as a literal."""

    def __repr__(self) -> str:
        return str(self)
