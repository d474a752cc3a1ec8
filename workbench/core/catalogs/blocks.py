"""Ready blocks: the building blocks of well-known networks, as one table the palette and the templates read.

A ready block has a few arguments (channels, stride, expansion, ...) and
expands into plain entries of the project file — a Residual or Branches
entry holding ordinary layers, sometimes followed by a layer — so what lands
in the project is the readable list a user could have typed, and editing it
afterwards is editing layers. Widths are given, not computed from the input:
the expansion does not know what reaches it; where a block's output cannot be
added to its input, the model table says so and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from workbench.core.catalogs.base import Param, check_fields
from workbench.core.i18n import N_, _


@dataclass(frozen=True)
class ReadyBlock:
    name: str
    title: str  # in English (marked N_): show `shown_title`
    doc: str  # in English (marked N_): show `summary`
    params: tuple[Param, ...]
    make: Callable[[dict], list[dict]]  # full arguments -> the project's layer entries
    short: str = ""  # in English (marked N_): the palette's name for it, as short as a layer's

    @property
    def shown_title(self) -> str:
        return _(self.title)

    @property
    def shown_short(self) -> str:
        return _(self.short or self.title)

    @property
    def summary(self) -> str:
        return _(self.doc)

    def expand(self, args: dict | None = None, in_channels: int | None = None) -> list[dict]:
        """The layer entries for ``args`` (defaults filled in; a bad value raises ProjectError naming it).
        ``in_channels``: the channels reaching the block, when known — a residual block whose channels differ
        then gets its 1×1 shortcut without being asked (the add could not work without it)."""
        full = check_fields(args or {}, self.params, self.name)
        if in_channels is not None and "projection" in full and in_channels != full.get("channels"):
            full["projection"] = True
        return self.make(full)


def conv(out: int, kernel: int = 3, stride: int = 1, groups: int = 1) -> dict:
    """A Conv2d that keeps the size (padding kernel // 2) unless strided; no bias: a BatchNorm follows it."""
    entry = {"type": "Conv2d", "out_channels": out, "kernel_size": kernel, "padding": kernel // 2, "bias": False}
    if stride != 1:
        entry["stride"] = stride
    if groups != 1:
        entry["groups"] = groups
    return entry


BN = {"type": "BatchNorm2d"}
RELU = {"type": "ReLU"}


def _shortcut(args: dict) -> dict:
    """A 1×1 convolution and BatchNorm on the skip path, when asked for or when the block is strided."""
    if not args["projection"] and args["stride"] == 1:
        return {}
    return {"shortcut": [conv(args["channels"], 1, args["stride"]), BN]}


def basic_block(args: dict) -> list[dict]:
    """ResNet's basic block (He et al. 2015): two 3×3 convolutions, the input added back, then ReLU."""
    c, s = args["channels"], args["stride"]
    return [{"type": "Residual", "layers": [conv(c, 3, s), BN, RELU, conv(c), BN], **_shortcut(args)}, RELU]


def bottleneck(args: dict) -> list[dict]:
    """ResNet-50's bottleneck: 1×1 down to ``width``, 3×3, 1×1 back up to ``channels``; the input added back."""
    c, w, s = args["channels"], args["width"], args["stride"]
    layers = [conv(w, 1), BN, RELU, conv(w, 3, s), BN, RELU, conv(c, 1), BN]
    return [{"type": "Residual", "layers": layers, **_shortcut(args)}, RELU]


def inverted_residual(args: dict) -> list[dict]:
    """MobileNetV2/V3's block: 1×1 up to ``expanded`` channels, a depthwise k×k, squeeze-and-excitation, 1×1 down
    to ``channels`` with no activation after it; the input added back when the stride is 1 and ``residual``."""
    e, c, k, s = args["expanded"], args["channels"], args["kernel_size"], args["stride"]
    act = {"type": args["activation"]}
    layers = [conv(e, 1), BN, act, conv(e, k, s, groups=e), BN, act]
    if args["squeeze_excitation"]:
        layers.append({"type": "SqueezeExcitation", "squeeze_channels": max(8, e // 4)})
    layers += [conv(c, 1), BN]
    if args["residual"] and s == 1:
        return [{"type": "Residual", "layers": layers}]
    return layers


def inception(args: dict) -> list[dict]:
    """GoogLeNet's inception block: 1×1, 3×3 and 5×5 (as two 3×3) convolutions and a pooled path side by side,
    concatenated on the channels."""
    def unit(out, kernel=1):
        return [conv(out, kernel), BN, RELU]

    reduce = args["reduce"]
    return [{"type": "Branches", "merge": "concat", "branches": [
        unit(args["out_1x1"]),
        unit(reduce) + unit(args["out_3x3"], 3),
        unit(reduce) + unit(args["out_5x5"], 3) + unit(args["out_5x5"], 3),
        [{"type": "MaxPool2d", "kernel_size": 3, "stride": 1, "padding": 1}] + unit(args["out_pool"]),
    ]}]


def _p(name, kind, default, help="", **kw) -> Param:
    return Param(name, kind, default, help=help, **kw)


_CHANNELS = _p("channels", "int", 32, N_("output channels"), min=1)
_STRIDE = _p("stride", "int", 1, N_("2 halves the height and width"), min=1, max=4)
_PROJECTION = _p("projection", "bool", False, N_("a 1×1 Conv2d on the skip path: needed when the channels change "
                                                 "(added by itself then, and always used with a stride)"))

READY_BLOCKS: dict[str, ReadyBlock] = {b.name: b for b in [
    ReadyBlock("basic-residual", N_("Basic residual block"),
               N_("ResNet-18/34's block: two 3×3 convolutions with BatchNorm, the input added back, then ReLU."),
               (_CHANNELS, _STRIDE, _PROJECTION), basic_block, N_("Basic block")),
    ReadyBlock("bottleneck", N_("Bottleneck block"),
               N_("ResNet-50's block: a 1×1 convolution narrows to width, a 3×3 works there, a 1×1 widens back."),
               (_CHANNELS, _p("width", "int", 8, N_("channels inside the block, e.g. a quarter of channels"), min=1),
                _STRIDE, _PROJECTION), bottleneck, N_("Bottleneck")),
    ReadyBlock("inverted-residual", N_("Inverted residual with squeeze-and-excitation"),
               N_("MobileNetV3's block: widen with a 1×1, a depthwise convolution, channel attention, narrow with a "
                  "1×1; cheap on a CPU."),
               (_CHANNELS, _p("expanded", "int", 64, N_("channels inside the block (input × an expansion of 4 to 6)"),
                              min=1),
                _p("kernel_size", "int", 3, N_("the depthwise window (3 or 5)"), min=1, max=7), _STRIDE,
                _p("squeeze_excitation", "bool", True, N_("weigh the channels by squeeze-and-excitation")),
                _p("activation", "choice", "Hardswish", choices=("ReLU", "Hardswish", "SiLU")),
                _p("residual", "bool", True, N_("add the input back (only when the stride is 1 and the channels stay "
                                                "the same)"))), inverted_residual, N_("MobileNet block")),
    ReadyBlock("inception", N_("Inception block"),
               N_("GoogLeNet's block: 1×1, 3×3, 5×5 and pooled paths side by side, their channels concatenated."),
               (_p("out_1x1", "int", 16, N_("channels of the 1×1 path"), min=1),
                _p("reduce", "int", 16, N_("channels the 3×3 and 5×5 paths narrow to first"), min=1),
                _p("out_3x3", "int", 24, N_("channels of the 3×3 path"), min=1),
                _p("out_5x5", "int", 8, N_("channels of the 5×5 path (two 3×3 convolutions)"), min=1),
                _p("out_pool", "int", 8, N_("channels of the pooled path"), min=1)), inception, N_("Inception")),
]}
