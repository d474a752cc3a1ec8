"""How a layer's empty sizes are filled: input sizes from what reaches it, the head from the class count.

One rule for every place that makes a layer — the layer-stack builder, a
torchvision base's replaced head, the generated code: an input size left
empty (``in_channels``, ``in_features``, ``num_features``) is read off the
incoming shape (or the module it replaces), and the classifier head — a
Linear whose ``out_features`` is empty — gets the number of classes.
"""

from __future__ import annotations

from workbench.core.catalogs.layers import LAYERS
from workbench.core.i18n import _
from workbench.core.project.schema import Op


class SizeError(ValueError):
    """A size cannot be filled; the message is a sentence for the caller to place (layer index or path)."""


def head_output(op: Op) -> bool:
    """True for a layer whose output size the rule fills: a Linear with out_features left empty."""
    return op.type == "Linear" and op.args.get("out_features") is None


def layer_kwargs(op: Op, incoming: int | None, num_classes: int | None, is_head: bool,
                 check_given: bool = True) -> dict:
    """Constructor kwargs for ``op``: catalogue defaults, the inferred input size, the head's class count.

    ``incoming`` is the size reaching the layer (None where it cannot be known); ``is_head`` says whether
    ``op`` is the model's classifier head. With ``check_given`` an input size the user gave must match.
    """
    optype = LAYERS[op.type]
    kwargs = optype.kwargs(op.args)
    infer = optype.infer_param
    if infer is not None:
        given = op.args.get(infer.name)
        if given is None:
            if incoming is None:
                raise SizeError(_("cannot infer {argument}; set it").format(argument=infer.name))
            kwargs[infer.name] = incoming
        elif check_given and incoming is not None and given != incoming:
            raise SizeError(_mismatch(op.type, infer.name, given, incoming))
    if head_output(op):
        if not is_head:
            raise SizeError(_("out_features is required (only the last Linear may leave it empty: it gets the "
                              "number of classes)"))
        if num_classes is None:
            raise SizeError(_("out_features is empty and the number of classes is not known yet: choose a data "
                              "set or set out_features"))
        kwargs["out_features"] = num_classes
    return kwargs


def _mismatch(layer: str, arg: str, given: int, actual: int) -> str:
    if arg == "in_features":
        return _("{layer} expects {given} input features but receives {actual} — check the Flatten above it "
                 "(or leave in_features empty to infer it)").format(layer=layer, given=given, actual=actual)
    if arg == "in_channels":
        text = _("{layer} expects {given} input channels but receives {actual} — leave {argument} empty to infer it")
    else:
        text = _("{layer} expects {given} features but receives {actual} — leave {argument} empty to infer it")
    return text.format(layer=layer, given=given, actual=actual, argument=arg)
