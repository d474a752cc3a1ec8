"""Model building and shape inference.

`plan_model` walks a layer stack on PyTorch's meta device (no memory, no
data), filling inferred input sizes and recording each layer's output shape
and parameter count; the first layer that cannot run gets a ModelError in
words a beginner understands. `build_model` turns the same plan into a plain
``nn.Sequential`` (state_dict keys ``0.weight``, ``3.bias``, ... so a user can
rebuild it by hand) or a torchvision architecture with its head replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from workbench.core.catalogs.layers import BLOCK_SLOTS, INFER_FROM, LAYERS
from workbench.core.errors import ModelError
from workbench.core.i18n import _, ngettext
from workbench.core.model.heads import SizeError, layer_kwargs
from workbench.core.model.plan import Advice, LayerPlan, ModelPlan, first_line, fmt_shape
from workbench.core.model.pretrained import build_pretrained, head_replacements, plan_pretrained
from workbench.core.project.schema import Model, Op, Project

# Layers that need a (C, H, W) input and what they do to its height and width.
_SPATIAL = {"Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm2d", "Dropout2d",
            "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "LayerNorm2d", "SqueezeExcitation"}
_WINDOWED = {"Conv2d", "MaxPool2d", "AvgPool2d"}
_PASS_THROUGH = {"Dropout", "Identity", "BatchNorm1d"}  # between two Linears, these do not add non-linearity


def _model_of(spec: Project | Model) -> Model:
    return spec.model if isinstance(spec, Project) else spec


def _loss_of(spec: Project | Model, loss: str | None) -> str | None:
    if loss is None and isinstance(spec, Project):
        return spec.training.loss.type
    return loss


def plan_model(spec: Project | Model, input_shape: Sequence[int], num_classes: int | None = None,
               loss: str | None = None) -> ModelPlan:
    """Infer every layer's shape without real data. Never raises for a bad stack: see ``plan.error``.

    Blocks are planned through: their rows hold their inner layers' rows (``LayerPlan.children``).
    """
    model = _model_of(spec)
    loss = _loss_of(spec, loss)
    if model.base is not None:
        return plan_pretrained(model, input_shape, num_classes)
    plan = ModelPlan(list(input_shape))
    head = max((i for i, op in enumerate(model.layers) if op.type == "Linear"), default=None)
    try:
        _plan_list(model.layers, (), list(input_shape), plan.layers, num_classes, head)
    except ModelError as e:
        plan.error = e
    if plan.error is None:
        _check_output(plan, model, num_classes, loss)
    plan.advice = advise(model, plan, loss)
    return plan


def _plan_list(ops: list[Op], where: tuple, shape: list[int], rows: list[LayerPlan], num_classes: int | None,
               head: int | None) -> list[int]:
    """Plan ``ops`` (a model's layers or a block's list at position ``where``) on ``shape``, appending a row per
    layer to ``rows``; return the output shape. Raises ModelError at the first layer that cannot run."""
    for i, op in enumerate(ops):
        position = (*where, i)
        if op.type in BLOCK_SLOTS:
            shape = _plan_block(op, position, shape, rows, num_classes, head)
        else:
            shape = _plan_layer(op, position, shape, rows, num_classes, is_head=position == (head,))
    return shape


def _plan_layer(op: Op, position: tuple, shape: list[int], rows: list[LayerPlan], num_classes: int | None,
                is_head: bool) -> list[int]:
    import torch

    try:
        kwargs = _resolve_kwargs(position, op, shape, num_classes, is_head)
        _precheck(position, op, shape, kwargs)
        with torch.device("meta"):
            module = LAYERS[op.type].resolve()(**kwargs)
        module.eval()  # BatchNorm on a meta batch of 2 either way; eval avoids its training-only checks
        out = module(torch.empty((2, *shape), device="meta"))
    except ModelError:
        raise
    except Exception as e:  # what the prechecks did not foresee: PyTorch's own words where it has them
        raise ModelError(position, op.type, _unforeseen(e, shape)) from None
    out_shape = list(out.shape[1:])
    count = sum(p.numel() for p in module.parameters())
    rows.append(LayerPlan(position[0], op.type, kwargs, shape, out_shape, count, count, position))
    if any(s == 0 for s in out_shape):
        raise ModelError(position, op.type, _("the output {shape} has shrunk to zero: remove a pooling layer, add "
                                              "padding or use a larger input").format(shape=fmt_shape(out_shape)))
    return out_shape


def _plan_block(op: Op, position: tuple, shape: list[int], rows: list[LayerPlan], num_classes: int | None,
                head: int | None) -> list[int]:
    """A Residual or Branches block: its lists planned on the same input, then the merge checked."""
    row = LayerPlan(position[0], op.type, {k: v for k, v in op.args.items() if k not in BLOCK_SLOTS[op.type]},
                    shape, None, position=position, children={})
    rows.append(row)
    try:
        if op.type == "Residual":
            body = row.children["layers"] = []
            body_out = _plan_list(op.args.get("layers", []), (*position, "layers"), shape, body, num_classes, head)
            short = row.children["shortcut"] = []
            short_out = _plan_list(op.args.get("shortcut") or [], (*position, "shortcut"), shape, short,
                                   num_classes, head)
            if body_out != short_out:
                raise ModelError(position, op.type, _residual_mismatch(shape, body_out, short_out, op))
            row.output_shape = body_out
        else:
            outs = []
            row.children["branches"] = []
            for b, branch in enumerate(op.args["branches"]):
                branch_rows = []
                row.children["branches"].append(branch_rows)
                outs.append(_plan_list(branch, (*position, "branches", b), shape, branch_rows, num_classes, head))
            row.output_shape = _merged(op.args.get("merge", "concat"), outs, op, position)
    finally:
        row.params = sum(child.params for child in row.inner())
        row.trainable = sum(child.trainable for child in row.inner())
    return row.output_shape


def _residual_mismatch(shape: list[int], body: list[int], shortcut: list[int], op: Op) -> str:
    text = _("its main path outputs {body} but its shortcut gives {shortcut}; the two are added, so they must be the "
             "same shape").format(body=fmt_shape(body), shortcut=fmt_shape(shortcut))
    if len(body) == 3 and len(shape) == 3 and not op.args.get("shortcut"):
        stride = max(1, shape[1] // body[1])
        text += _(": give the block a shortcut of a 1×1 Conv2d with out_channels={channels} and stride={stride} "
                  "(and a BatchNorm2d)").format(channels=body[0], stride=stride)
    return text


def _merged(merge: str, outs: list[list[int]], op: Op, position: tuple) -> list[int]:
    """The shape of the branches' outputs joined by ``merge``, or a ModelError saying why they cannot be."""
    first = outs[0]
    for b, out in enumerate(outs[1:], start=2):
        if merge == "add" and out != first:
            problem = _("branch {number} outputs {shape} but branch 1 outputs {first}: added branches must have the "
                        "same shape")
        elif merge == "concat" and (len(out) != len(first) or out[1:] != first[1:]):
            problem = (_("branch {number} outputs {shape} but branch 1 outputs {first}: concatenated branches must "
                         "keep the same height and width (give their convolutions padding and the same stride)")
                       if len(out) == len(first) == 3 else
                       _("branch {number} outputs {shape} but branch 1 outputs {first}: concatenated branches must "
                         "differ in their channels only"))
        else:
            continue
        raise ModelError(position, op.type, problem.format(number=b, shape=fmt_shape(out), first=fmt_shape(first)))
    if merge == "add":
        return list(first)
    return [sum(out[0] for out in outs), *first[1:]]


def _check_output(plan: ModelPlan, model: Model, num_classes: int | None, loss: str | None) -> None:
    out = plan.output_shape
    if out is None or num_classes is None or not model.layers:
        return
    index, last = len(model.layers) - 1, model.layers[-1].type
    if len(out) != 1:
        plan.error = ModelError(index, last, _("the model must end with one score per class, but it outputs "
                                               "{shape}: add a Flatten and a Linear at the end").format(
            shape=fmt_shape(out)))
    elif out[0] != num_classes and not any(op.type == "Linear" for op in model.layers):
        plan.error = ModelError(index, last, _("the model ends with {outputs} outputs but the data has {classes} "
                                               "classes: add a Linear at the end (its out_features left empty gets "
                                               "the number of classes)").format(outputs=out[0], classes=num_classes))
    elif out[0] != num_classes:
        plan.error = ModelError(index, last, _("the model ends with {outputs} outputs but the data has {classes} "
                                               "classes: set the last Linear's out_features to {classes} (or leave "
                                               "it empty)").format(outputs=out[0], classes=num_classes))


def _unforeseen(error: Exception, shape: list[int]) -> str:
    """A failure the prechecks did not foresee, in words: PyTorch's own message when it raised one about the
    layer (a RuntimeError or ValueError), never Python's internals (a TypeError about None and int)."""
    if type(error) in (RuntimeError, ValueError) and first_line(error):
        return _("cannot run on a {shape} input with these arguments (PyTorch says: {reason})").format(
            shape=fmt_shape(shape), reason=first_line(error))
    return _("cannot run on a {shape} input with these arguments: check them in the layer's form").format(
        shape=fmt_shape(shape))


def _resolve_kwargs(position: tuple, op: Op, shape: list[int], num_classes: int | None, is_last_linear: bool) -> dict:
    missing = LAYERS[op.type].missing(op.args)
    if missing:
        raise ModelError(position, op.type, ngettext("{names} is required: set it in the layer's form",
                                                  "{names} are required: set them in the layer's form",
                                                  len(missing)).format(names=", ".join(missing)))
    infer = LAYERS[op.type].infer_param
    incoming = None
    if infer is not None:
        if op.type in _SPATIAL and len(shape) != 3:
            raise ModelError(position, op.type, _needs_image(op.type, shape))
        if not shape:
            raise ModelError(position, op.type, _("receives a single number per batch: check Flatten's start_dim"))
        incoming = shape[INFER_FROM[infer.name]]
    try:
        return layer_kwargs(op, incoming, num_classes, is_head=is_last_linear)
    except SizeError as e:
        raise ModelError(position, op.type, str(e)) from None


def _precheck(position: tuple, op: Op, shape: list[int], kwargs: dict) -> None:
    """Catch the common mistakes before torch does, to explain them in plain words.

    Also what the meta device does not check (a dimension index out of range).
    """
    rank = len(shape) + 1  # with the batch dimension
    for name in ("dim", "start_dim", "end_dim"):
        if name in kwargs and not -rank <= kwargs[name] < rank:
            raise ModelError(position, op.type, _("{argument} is out of range for a {shape} input with its batch "
                                               "dimension (allowed {low} to {high})").format(
                argument=f"{name}={kwargs[name]}", shape=fmt_shape(shape), low=-rank, high=rank - 1))
    if op.type == "Flatten" and kwargs["start_dim"] % rank > kwargs["end_dim"] % rank:
        raise ModelError(position, op.type, _("start_dim comes after end_dim"))
    if op.type in _SPATIAL and len(shape) != 3:
        raise ModelError(position, op.type, _needs_image(op.type, shape))
    if op.type == "BatchNorm1d" and len(shape) == 3:
        raise ModelError(position, op.type, _("BatchNorm1d normalises flat features (after a Flatten or a Linear) but "
                                           "receives a {shape} image: use BatchNorm2d on images").format(
            shape=fmt_shape(shape)))
    if op.type in _WINDOWED:
        kernel = _pair(kwargs["kernel_size"])
        padding = _pair(kwargs.get("padding", 0))
        dilation = _pair(kwargs.get("dilation", 1))
        for axis, name in ((0, _("height")), (1, _("width"))):
            room = shape[1 + axis] + 2 * padding[axis]
            reach = dilation[axis] * (kernel[axis] - 1) + 1
            if reach > room:
                raise ModelError(position, op.type, _("its {window} window does not fit the {input} input ({side} "
                                                   "{size}): the image has shrunk too much — remove a pooling layer, "
                                                   "add padding, or use a larger input size").format(
                    window=fmt_shape(kernel, "×"), input=f"{shape[1]}×{shape[2]}", side=name, size=shape[1 + axis]))
    if op.type in ("MaxPool2d", "AvgPool2d"):
        kernel, padding = _pair(kwargs["kernel_size"]), _pair(kwargs["padding"])
        if any(p * 2 > k for p, k in zip(padding, kernel)):
            raise ModelError(position, op.type, _("padding must be at most half the kernel size"))
    if op.type == "Conv2d" and (kwargs["in_channels"] % kwargs["groups"] or kwargs["out_channels"] % kwargs["groups"]):
        raise ModelError(position, op.type, _("groups={groups} must divide both the input channels ({channels}) and "
                                              "out_channels ({out}); for a depthwise convolution set groups and "
                                              "out_channels to the input channels").format(
            groups=kwargs["groups"], channels=kwargs["in_channels"], out=kwargs["out_channels"]))
    if op.type == "GroupNorm" and kwargs["num_channels"] % kwargs["num_groups"]:
        raise ModelError(position, op.type, _("num_groups={groups} must divide the {channels} channels it "
                                              "receives").format(groups=kwargs["num_groups"],
                                                                 channels=kwargs["num_channels"]))


def _needs_image(layer: str, shape: list[int]) -> str:
    if len(shape) == 1:
        got = _("a flat vector of {size}").format(size=shape[0])
    else:
        got = _("a {shape} input").format(shape=fmt_shape(shape))
    return _("{layer} needs an image-shaped input (channels, height, width) but receives {got}: move it before the "
             "Flatten").format(layer=layer, got=got)


def advise(model: Model, plan: ModelPlan, loss: str | None) -> list[Advice]:
    """Things that run but are probably not what the user meant."""
    out: list[Advice] = []
    layers = model.layers
    if layers and loss in ("CrossEntropyLoss",) and layers[-1].type in ("Softmax", "LogSoftmax"):
        out.append(Advice(len(layers) - 1, _("{layer} before CrossEntropyLoss: the loss already applies "
                                             "log-softmax, so this layer slows learning — remove it").format(
            layer=layers[-1].type)))
    if layers and loss == "NLLLoss" and layers[-1].type != "LogSoftmax":
        out.append(Advice(len(layers) - 1, _("NLLLoss expects log-probabilities: end the model with LogSoftmax")))
    out += _linear_pairs(layers, ())
    leaves = plan.leaves()
    for n, lp in enumerate(leaves):
        where = lp.position if len(lp.position) > 1 else lp.index
        if lp.type == "Linear" and len(lp.input_shape) > 1:
            out.append(Advice(where, _("Linear receives a {shape} input and acts on its last dimension only: "
                                       "add a Flatten before it").format(shape=fmt_shape(lp.input_shape))))
        if lp.type in _WINDOWED | {"AdaptiveAvgPool2d"} and lp.output_shape and len(lp.output_shape) == 3:
            h, w = lp.output_shape[1:]
            later = any(p.type in _WINDOWED for p in leaves[n + 1:])
            if h * w == 1 and later:
                out.append(Advice(where, _("the image is down to 1×1 here; later pooling or convolution "
                                           "windows have nothing left to shrink")))
    return out


def _linear_pairs(ops: list[Op], where: tuple) -> list[Advice]:
    """Two Linears with nothing non-linear between them, in the model's list and in every block's lists."""
    out: list[Advice] = []
    previous_linear = None
    for i, op in enumerate(ops):
        position = (*where, i)
        if op.type == "Linear":
            if previous_linear is not None:
                out.append(Advice(position if where else i, _(
                    "layers {first} and {second} are two Linear layers with no activation between them: together "
                    "they are just one Linear — add a ReLU").format(first=previous_linear, second=i)))
            previous_linear = i
        elif op.type not in _PASS_THROUGH:
            previous_linear = None
        for slot, form in BLOCK_SLOTS.get(op.type, {}).items():
            lists = op.args.get(slot) or []
            for b, items in enumerate(lists if form == "lists" else [lists]):
                out += _linear_pairs(items, (*position, slot, b) if form == "lists" else (*position, slot))
    return out


def head_modules(spec: Project | Model) -> list[str]:
    """The classifier head's module names in the built model: what starts fresh when weights for another number
    of classes are loaded (the last Linear of a layer stack, a torchvision base's replaced head)."""
    model = _model_of(spec)
    if model.base is not None:
        return list(head_replacements(model))
    last = max((i for i, op in enumerate(model.layers) if op.type == "Linear"), default=None)
    return [] if last is None else [str(last)]


def build_model(spec: Project | Model, input_shape: Sequence[int], num_classes: int | None = None):
    """The torch model for ``spec``: an ``nn.Sequential`` of the layer stack, or a torchvision architecture.

    Raises ModelError (naming the layer) when the stack cannot run.
    """
    model = _model_of(spec)
    if model.base is not None:
        return build_pretrained(model, num_classes, spec.resolve if isinstance(spec, Project) else Path)
    import torch.nn as nn

    plan = plan_model(model, input_shape, num_classes, loss=None)
    if plan.error:
        raise plan.error
    return nn.Sequential(*(_module(lp) for lp in plan.layers))


def _module(lp: LayerPlan):
    """The torch module for a planned row; a block's inner modules nest as the project nests them, so the
    state_dict keys follow the project's paths (``3.branches.1.0.weight``)."""
    made = LAYERS[lp.type].resolve()
    if lp.children is None:
        return made(**lp.kwargs)
    if lp.type == "Residual":
        return made([_module(c) for c in lp.children["layers"]], [_module(c) for c in lp.children["shortcut"]])
    return made([[_module(c) for c in branch] for branch in lp.children["branches"]], **lp.kwargs)


def _pair(value) -> tuple[int, int]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value, value)


