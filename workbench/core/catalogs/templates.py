"""Ready-made models: the primer's two networks, small modern ones, and pretrained torchvision bases.

Each template is a ``model`` section of a project document, so choosing one is
just replacing that section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.catalogs.architectures import ARCHITECTURES
from workbench.core.catalogs.blocks import BN, READY_BLOCKS, conv
from workbench.core.i18n import N_, _


@dataclass(frozen=True)
class Template:
    name: str
    title: str  # in English (marked N_), with {placeholders} from `values`: show `shown_title`
    description: str
    model: dict  # the project's "model" section
    values: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def shown_title(self) -> str:
        """The title in the user's language."""
        return _(self.title).format(**self.values)

    @property
    def shown_description(self) -> str:
        return _(self.description).format(**self.values)


def _conv(out, k=3, pad=None, **kw):
    return {"type": "Conv2d", "out_channels": out, "kernel_size": k, "padding": k // 2 if pad is None else pad,
            **kw}


_POOL = {"type": "MaxPool2d", "kernel_size": 2}
_RELU = {"type": "ReLU"}
_HEAD = [{"type": "AdaptiveAvgPool2d", "output_size": 1}, {"type": "Flatten"}]


def _block(name: str, **args) -> list[dict]:
    return READY_BLOCKS[name].expand(args)


def resnet_cifar(n: int) -> dict:
    """He et al. 2015's CIFAR ResNet with 6n+2 layers: a 3×3 stem of 16 channels, three stages of n basic blocks
    at 16, 32 and 64 channels (the second and third start with stride 2), global average pooling, a Linear.
    Projection shortcuts where the shape changes (the paper's option B)."""
    layers = [conv(16), BN, _RELU]
    for stage, channels in enumerate((16, 32, 64)):
        for i in range(n):
            stride = 2 if stage and not i else 1
            layers += _block("basic-residual", channels=channels, stride=stride)
    return {"layers": layers + _HEAD + [{"type": "Linear"}]}


def mobilenet_small() -> dict:
    """A MobileNetV3-style net cut down for 32×32 images: a strided stem, five inverted residual blocks (three with
    squeeze-and-excitation), a 1×1 widening, global pooling and a small Hardswish classifier."""
    def ir(channels, expanded, kernel_size, stride, se, activation):
        return _block("inverted-residual", channels=channels, expanded=expanded, kernel_size=kernel_size,
                      stride=stride, squeeze_excitation=se, activation=activation)

    hswish = {"type": "Hardswish"}
    layers = [conv(16, 3, 2), BN, hswish,
              *ir(16, 16, 3, 1, True, "ReLU"), *ir(24, 64, 3, 2, False, "ReLU"), *ir(24, 72, 3, 1, False, "ReLU"),
              *ir(40, 96, 5, 2, True, "Hardswish"), *ir(40, 120, 5, 1, True, "Hardswish"),
              conv(96, 1), BN, hswish, *_HEAD,
              {"type": "Linear", "out_features": 128}, hswish, {"type": "Dropout", "p": 0.2}, {"type": "Linear"}]
    return {"layers": layers}

TEMPLATES: dict[str, Template] = {t.name: t for t in [
    Template("primer-mnist", N_("Primer MNIST net"),
             N_("The primer's section 六 network for 1×28×28 digits (ends with its Softmax)."),
             {"input_shape": [1, 28, 28], "layers": [
                 {"type": "Conv2d", "in_channels": 1, "out_channels": 32, "kernel_size": 5, "stride": 1,
                  "padding": 2},
                 _RELU, _POOL,
                 {"type": "Conv2d", "in_channels": 32, "out_channels": 64, "kernel_size": 5, "stride": 1,
                  "padding": 2},
                 _POOL,
                 {"type": "Flatten"},
                 {"type": "Linear", "in_features": 3136, "out_features": 1024},
                 _RELU,
                 {"type": "Linear", "in_features": 1024, "out_features": 10},
                 {"type": "Softmax", "dim": 1}]}),
    Template("primer-cifar10", N_("Primer CIFAR-10 net"),
             N_("The primer's section 二 network for 3×32×32 images: Conv-MaxPool ×3, Flatten, Linear ×2."),
             {"input_shape": [3, 32, 32], "layers": [
                 {"type": "Conv2d", "in_channels": 3, "out_channels": 32, "kernel_size": 5, "stride": 1,
                  "padding": 2}, _POOL,
                 {"type": "Conv2d", "in_channels": 32, "out_channels": 32, "kernel_size": 5, "stride": 1,
                  "padding": 2}, _POOL,
                 {"type": "Conv2d", "in_channels": 32, "out_channels": 64, "kernel_size": 5, "stride": 1,
                  "padding": 2}, _POOL,
                 {"type": "Flatten"},
                 {"type": "Linear", "in_features": 1024, "out_features": 64},
                 {"type": "Linear", "in_features": 64, "out_features": 10}]}),
    Template("small-cnn", N_("Small CNN"),
             N_("Two convolutions and a small classifier: fast on a laptop CPU for small images."),
             {"layers": [_conv(16), _RELU, _POOL, _conv(32), _RELU, _POOL, {"type": "Flatten"},
                         {"type": "Linear", "out_features": 64}, _RELU, {"type": "Linear"}]}),
    Template("bn-cnn", N_("BatchNorm CNN"),
             N_("Conv-BatchNorm-ReLU blocks and global average pooling: works for any input size."),
             {"layers": [_conv(32), {"type": "BatchNorm2d"}, _RELU, _POOL,
                         _conv(64), {"type": "BatchNorm2d"}, _RELU, _POOL,
                         _conv(128), {"type": "BatchNorm2d"}, _RELU,
                         {"type": "AdaptiveAvgPool2d", "output_size": 1}, {"type": "Flatten"},
                         {"type": "Dropout", "p": 0.2}, {"type": "Linear"}]}),
    Template("resnet8", N_("ResNet-8 (CIFAR style)"),
             N_("A small residual network as in the CIFAR experiments of the ResNet paper: three stages of basic "
                "blocks (16, 32, 64 channels). Made for 32×32 images; trains from scratch on a CPU."),
             resnet_cifar(1)),
    Template("resnet20", N_("ResNet-20 (CIFAR style)"),
             N_("The ResNet paper's 20-layer CIFAR network: three basic blocks per stage. Slower than ResNet-8, "
                "more accurate on real photos."),
             resnet_cifar(3)),
    Template("mobilenet-small", N_("Small MobileNet"),
             N_("MobileNetV3-style inverted residual blocks with squeeze-and-excitation and Hardswish, cut down for "
                "32×32 images: few computations per image."),
             mobilenet_small()),
    Template("mlp", N_("MLP"),
             N_("Flatten and two fully connected layers: the simplest classifier."),
             {"layers": [{"type": "Flatten"}, {"type": "Linear", "out_features": 128}, _RELU,
                         {"type": "Dropout", "p": 0.2}, {"type": "Linear"}]}),
] + [
    Template(f"pretrained-{a.name}", N_("{name} (pretrained)"),
             N_("torchvision {name}, {params}M parameters, ImageNet weights, head replaced for your classes, "
                "backbone frozen. Expects 3×{size}×{size} images."),
             # No input_shape: the preprocessing set with the base (its crop, editable) decides it.
             {"base": {"torchvision": a.name, "weights": "DEFAULT", "freeze": True}},
             {"name": a.name, "params": f"{a.params_m:g}", "size": a.input_size})
    for a in ARCHITECTURES.values()
]}
