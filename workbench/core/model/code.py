"""The model as PyTorch source a user would type: what the window's code view shows, and the model part of
the generated training script."""

from __future__ import annotations

import inspect

from workbench.core.catalogs.code import call, positional_count
from workbench.core.catalogs.layers import BLOCK_SLOTS, LAYERS
from workbench.core.model.builder import plan_model
from workbench.core.model.heads import layer_kwargs
from workbench.core.model.plan import LayerPlan, ModelPlan
from workbench.core.model.pretrained import head_replacements
from workbench.core.project.schema import Model, Op, Project

# The classes the app defines itself (blocks, LayerNorm2d): the generated file defines them at its top.
OWN_MODULE = "workbench.core.model.blocks"


def layer_code(op_type: str, kwargs: dict) -> str:
    optype = LAYERS[op_type]
    module = optype.target.rpartition(".")[0]
    prefix = {"torch.nn": "nn.", OWN_MODULE: ""}.get(module, module + ".")  # else e.g. torchvision.ops.
    return call(prefix, optype, optype.kwargs(kwargs), positional_count(optype))


def used_types(ops: list[Op]) -> list[str]:
    """Every layer type in ``ops``, blocks' inner layers included, in order of first use."""
    seen: dict[str, None] = {}
    for op in ops:
        seen[op.type] = None
        for slot, form in BLOCK_SLOTS.get(op.type, {}).items():
            lists = op.args.get(slot) or []
            for items in (lists if form == "lists" else [lists]):
                seen.update(dict.fromkeys(used_types(items)))
    return list(seen)


def helper_classes(model: Model) -> str:
    """The source of the app's own classes the model uses (Residual, Branches, LayerNorm2d), for the top of a
    generated file: read from the classes the app runs, so the file and the app never differ. "" when none."""
    if model.base is not None:
        return ""
    own = [name for name in used_types(model.layers) if LAYERS[name].target.startswith(OWN_MODULE + ".")]
    return "\n\n".join(inspect.getsource(LAYERS[name].resolve()) for name in own)


def model_code(spec: Project | Model, input_shape, num_classes: int | None, plan: ModelPlan | None = None) -> str:
    """The model as Python source, ending in a variable ``model``. Shapes as comments; with neither a plan nor an
    input shape (the data not loaded yet), the layers as written."""
    model = spec.model if isinstance(spec, Project) else spec
    if model.base is not None:
        return _base_code(model, num_classes)
    if plan is None and input_shape is None:
        return "\n".join(["model = nn.Sequential("] + _entries(model.layers, "    ") + [")"])
    plan = plan or plan_model(model, input_shape, num_classes)
    lines = ["model = nn.Sequential("]
    planned = [lp for lp in plan.layers if lp.output_shape is not None]
    for lp in planned:
        lines += _entry(lp, "    ")
    for op in model.layers[len(planned):]:  # from the first layer that cannot run: as written
        lines += _entry(op, "    ", "cannot run: see the model table")
    lines.append(")")
    return "\n".join(lines)


def _entry(item: LayerPlan | Op, indent: str, note: str | None = None) -> list[str]:
    """A layer (a planned row, with its output shape as a comment, or an Op as written) as source lines; a block
    with its lists of layers indented under it."""
    planned = isinstance(item, LayerPlan)
    args = item.kwargs if planned else item.args
    comment = f"  # -> {item.output_shape}" if planned else (f"  # {note}" if note else "")
    if item.type not in BLOCK_SLOTS:
        return [f"{indent}{layer_code(item.type, args)},{comment}"]
    slots = item.children if planned else item.args
    inner = indent + "    "
    if item.type == "Residual":
        lines = [f"{indent}Residual(["] + _entries(slots.get("layers") or [], inner)
        if slots.get("shortcut"):
            lines += [f"{indent}], shortcut=["] + _entries(slots["shortcut"], inner)
        return lines + [f"{indent}]),{comment}"]
    lines = [f"{indent}Branches(["]
    for branch in slots["branches"]:
        if not branch:
            lines.append(f"{inner}[],  # passes the input through")
            continue
        lines += [f"{inner}["] + _entries(branch, inner + "    ") + [f"{inner}],"]
    merge = args.get("merge", "concat")
    return lines + [f"{indent}]{'' if merge == 'concat' else f', merge={merge!r}'}),{comment}"]


def _entries(items: list, indent: str) -> list[str]:
    return [line for item in items for line in _entry(item, indent)]


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
        infer = LAYERS[op.type].infer_param
        kwargs = layer_kwargs(op, getattr(old, infer.name, None) if infer else None, num_classes, is_head=True,
                              check_given=False)
        target = "model" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))
        lines.append(f"{target} = {layer_code(op.type, kwargs)}")
        targets.append(path + ".")
    if b.freeze:
        lines += ["# Freeze the backbone: only the replaced head learns.",
                  "for name, param in model.named_parameters():",
                  f"    param.requires_grad = name.startswith({tuple(targets)!r})"]
    return "\n".join(lines)
