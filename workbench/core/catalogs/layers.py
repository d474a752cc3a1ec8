"""The layer catalogue: every layer type the model builder offers, as one table.

Argument names, defaults and order are PyTorch's own, so a saved layer reads
like the ``nn.Conv2d(...)`` call it stands for. Arguments marked ``infer`` are
input sizes the builder fills from the shape reaching the layer.
"""

import copy

from workbench.core.catalogs.base import Catalog, OpType, Param
from workbench.core.i18n import N_

_KERNEL = dict(kind="ints", min=1)


def _p(name, kind, default=..., **kw):
    return Param(name, kind, **({} if default is ... else {"default": default}), **kw)


LAYERS = Catalog(N_("layer"), [
    # Convolution
    OpType("Conv2d", "torch.nn.Conv2d", (
        _p("in_channels", "int", None, min=1, infer=True, help=N_("channels coming in; inferred")),
        _p("out_channels", "int", min=1, help=N_("number of filters"), suggested=16),
        _p("kernel_size", default=3, **_KERNEL),
        _p("stride", "ints", 1, min=1),
        _p("padding", "ints", 0, min=0),
        _p("dilation", "ints", 1, min=1),
        _p("groups", "int", 1, min=1),
        _p("bias", "bool", True),
    ), category="Convolution", doc=N_("2-D convolution over (C, H, W) images.")),
    # Pooling
    OpType("MaxPool2d", "torch.nn.MaxPool2d", (
        _p("kernel_size", default=2, **_KERNEL),
        _p("stride", "ints", None, min=1, nullable=True, help=N_("defaults to kernel_size")),
        _p("padding", "ints", 0, min=0),
        _p("ceil_mode", "bool", False),
    ), category="Pooling", doc=N_("Keeps the largest value in each window.")),
    OpType("AvgPool2d", "torch.nn.AvgPool2d", (
        _p("kernel_size", default=2, **_KERNEL),
        _p("stride", "ints", None, min=1, nullable=True, help=N_("defaults to kernel_size")),
        _p("padding", "ints", 0, min=0),
        _p("ceil_mode", "bool", False),
    ), category="Pooling", doc=N_("Averages each window.")),
    OpType("AdaptiveAvgPool2d", "torch.nn.AdaptiveAvgPool2d", (
        _p("output_size", default=1, **_KERNEL),
    ), category="Pooling", doc=N_("Averages down to a fixed output size, whatever the input size.")),
    OpType("AdaptiveMaxPool2d", "torch.nn.AdaptiveMaxPool2d", (
        _p("output_size", default=1, **_KERNEL),
    ), category="Pooling", doc=N_("Max-pools down to a fixed output size.")),
    # Normalisation
    OpType("BatchNorm2d", "torch.nn.BatchNorm2d", (
        _p("num_features", "int", None, min=1, infer=True, help=N_("channels; inferred")),
        _p("eps", "float", 1e-5, min=0, min_exclusive=True),
        _p("momentum", "float", 0.1, min=0, max=1),
        _p("affine", "bool", True),
    ), category="Normalization", doc=N_("Normalises each channel over the batch (after a Conv2d).")),
    OpType("BatchNorm1d", "torch.nn.BatchNorm1d", (
        _p("num_features", "int", None, min=1, infer=True, help=N_("features; inferred")),
        _p("eps", "float", 1e-5, min=0, min_exclusive=True),
        _p("momentum", "float", 0.1, min=0, max=1),
        _p("affine", "bool", True),
    ), category="Normalization", doc=N_("Normalises each feature over the batch (after a Linear).")),
    OpType("GroupNorm", "torch.nn.GroupNorm", (
        _p("num_groups", "int", min=1, help=N_("must divide the number of channels"), suggested=8),
        _p("num_channels", "int", None, min=1, infer=True, help=N_("channels; inferred")),
        _p("eps", "float", 1e-5, min=0, min_exclusive=True),
        _p("affine", "bool", True),
    ), category="Normalization", doc=N_("Normalises groups of channels within each sample: does not depend on the "
                                        "batch size.")),
    OpType("LayerNorm2d", "workbench.core.model.blocks.LayerNorm2d", (
        _p("num_channels", "int", None, min=1, infer=True, help=N_("channels; inferred")),
        _p("eps", "float", 1e-6, min=0, min_exclusive=True),
    ), category="Normalization", doc=N_("LayerNorm over the channels at each pixel of a (C, H, W) map, as "
                                        "ConvNeXt uses it.")),
    # Regularisation
    OpType("Dropout", "torch.nn.Dropout", (
        _p("p", "float", 0.5, min=0, max=1),
    ), category="Dropout", doc=N_("Zeroes random elements while training.")),
    OpType("Dropout2d", "torch.nn.Dropout2d", (
        _p("p", "float", 0.5, min=0, max=1),
    ), category="Dropout", doc=N_("Zeroes whole random channels while training.")),
    OpType("StochasticDepth", "torchvision.ops.StochasticDepth", (
        _p("p", "float", 0.1, min=0, max=1),
        _p("mode", "choice", "row", choices=("row", "batch")),
    ), category="Dropout", doc=N_("DropPath: while training, drops a Residual block's layers for random samples "
                                  "(put it last in the block's layers).")),
    # Shape
    OpType("Flatten", "torch.nn.Flatten", (
        _p("start_dim", "int", 1, min=0),
        _p("end_dim", "int", -1),
    ), category="Shape", doc=N_("Turns (C, H, W) into one vector for Linear layers.")),
    OpType("Identity", "torch.nn.Identity", (), category="Shape", doc=N_("Passes its input through unchanged.")),
    # Linear
    OpType("Linear", "torch.nn.Linear", (
        _p("in_features", "int", None, min=1, infer=True, help=N_("features coming in; inferred")),
        _p("out_features", "int", None, min=1, nullable=True,
           help=N_("the last Linear may leave it out: it gets the number of classes")),
        _p("bias", "bool", True),
    ), category="Linear", doc=N_("Fully connected layer.")),
    # Activations
    OpType("ReLU", "torch.nn.ReLU", (), category="Activation", doc=N_("max(0, x).")),
    OpType("LeakyReLU", "torch.nn.LeakyReLU", (
        _p("negative_slope", "float", 0.01, min=0),
    ), category="Activation", doc=N_("ReLU with a small slope for negative inputs.")),
    OpType("GELU", "torch.nn.GELU", (
        _p("approximate", "choice", "none", choices=("none", "tanh")),
    ), category="Activation", doc=N_("Smooth ReLU used by transformers.")),
    OpType("ELU", "torch.nn.ELU", (
        _p("alpha", "float", 1.0, min=0, min_exclusive=True),
    ), category="Activation", doc=N_("Exponential linear unit.")),
    OpType("SiLU", "torch.nn.SiLU", (), category="Activation", doc=N_("x * sigmoid(x) (swish).")),
    OpType("Hardswish", "torch.nn.Hardswish", (), category="Activation",
           doc=N_("A cheap swish made of straight pieces, as MobileNetV3 uses it.")),
    OpType("ReLU6", "torch.nn.ReLU6", (), category="Activation", doc=N_("ReLU capped at 6, as MobileNetV2 uses it.")),
    OpType("Sigmoid", "torch.nn.Sigmoid", (), category="Activation", doc=N_("Squashes to (0, 1).")),
    OpType("Tanh", "torch.nn.Tanh", (), category="Activation", doc=N_("Squashes to (-1, 1).")),
    OpType("Softmax", "torch.nn.Softmax", (
        _p("dim", "int", 1),
    ), category="Activation", doc=N_("Turns scores into probabilities (not needed before CrossEntropyLoss).")),
    OpType("LogSoftmax", "torch.nn.LogSoftmax", (
        _p("dim", "int", 1),
    ), category="Activation", doc=N_("Log-probabilities, for NLLLoss.")),
    # Attention
    OpType("SqueezeExcitation", "torchvision.ops.SqueezeExcitation", (
        _p("input_channels", "int", None, min=1, infer=True, help=N_("channels; inferred")),
        _p("squeeze_channels", "int", min=1, help=N_("the bottleneck's width, e.g. a quarter of the channels"),
           suggested=8),
    ), category="Attention", doc=N_("Squeeze-and-excitation: weighs each channel by a score computed from the "
                                    "whole map.")),
    # Blocks: entries that hold lists of layers (see BLOCK_SLOTS)
    OpType("Residual", "workbench.core.model.blocks.Residual", (), category="Block",
           doc=N_("Adds its layers' output to its input (through the shortcut's layers, if any): a skip "
                  "connection.")),
    OpType("Branches", "workbench.core.model.blocks.Branches", (
        _p("merge", "choice", "concat", choices=("concat", "add")),
    ), category="Block", doc=N_("Runs each branch on the same input and joins the outputs: concatenated on the "
                                "channels or added.")),
])

# The keys of a block entry that hold layers: "list" a list of layer entries, "lists" a list of such lists.
# Which are required, and what a block added from the palette starts with.
BLOCK_SLOTS = {
    "Residual": {"layers": "list", "shortcut": "list"},
    "Branches": {"branches": "lists"},
}
BLOCK_REQUIRED = {"Residual": ("layers",), "Branches": ("branches",)}
BLOCK_START = {"Residual": {"layers": []}, "Branches": {"branches": [[], []]}}

# The argument that carries the input size, and how it is read off the incoming
# shape (without the batch dimension): channels first, or the last dimension.
INFER_FROM = {"in_channels": 0, "num_features": 0, "num_channels": 0, "input_channels": 0, "in_features": -1}


def starting_args(name: str) -> dict:
    """What an entry added from the palette holds: its required arguments at their suggested values and, for a
    block, its empty lists (a Residual's layers, two empty Branches)."""
    return {**LAYERS[name].starting_args(), **copy.deepcopy(BLOCK_START.get(name, {}))}
