"""torchvision architectures offered as a model base: one table the templates, validation, the window and the
docs read.

Each entry names a torchvision builder. Its classifier head (the module replaced for the project's classes) is
found from the built model (`workbench.core.model.pretrained.head_path`), and the preprocessing its weights
expect comes from the weights' own ``transforms()`` (`preprocessing`): the table only holds what the menus show
before PyTorch has loaded. ``input_size`` is the weights' crop size and ``params_m`` their parameter count;
tests check both against torchvision's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Architecture:
    name: str  # torchvision.models builder name
    family: str  # shown in menus and docs
    input_size: int = 224  # the crop its default weights were trained at
    params_m: float = 0.0  # millions of parameters, shown in the templates menu


ARCHITECTURES: dict[str, Architecture] = {a.name: a for a in [
    Architecture("resnet18", "ResNet", params_m=11.7),
    Architecture("resnet34", "ResNet", params_m=21.8),
    Architecture("resnet50", "ResNet", params_m=25.6),
    Architecture("resnext50_32x4d", "ResNeXt", params_m=25.0),
    Architecture("vgg16", "VGG", params_m=138.4),
    Architecture("densenet121", "DenseNet", params_m=8.0),
    Architecture("mobilenet_v2", "MobileNet", params_m=3.5),
    Architecture("mobilenet_v3_small", "MobileNet", params_m=2.5),
    Architecture("mobilenet_v3_large", "MobileNet", params_m=5.5),
    Architecture("shufflenet_v2_x1_0", "ShuffleNet", params_m=2.3),
    Architecture("efficientnet_b0", "EfficientNet", params_m=5.3),
    Architecture("efficientnet_b1", "EfficientNet", input_size=240, params_m=7.8),
    Architecture("efficientnet_b2", "EfficientNet", input_size=288, params_m=9.1),
    Architecture("efficientnet_v2_s", "EfficientNet", input_size=384, params_m=21.5),
    Architecture("regnet_y_400mf", "RegNet", params_m=4.3),
    Architecture("convnext_tiny", "ConvNeXt", params_m=28.6),
    Architecture("swin_t", "Swin Transformer", params_m=28.3),
    Architecture("vit_b_16", "Vision Transformer", params_m=86.6),
]}
