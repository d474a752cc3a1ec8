"""Ready-made models: the primer's two networks, small modern ones, and pretrained torchvision bases.

Each template is a ``model`` section of a project document, so choosing one is
just replacing that section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.catalogs.architectures import ARCHITECTURES
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
