"""torchvision architectures offered as a starting point, with where each keeps its head."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Architecture:
    name: str  # torchvision.models builder name
    head: str  # dotted path of the final Linear, replaced for N classes
    input_size: int = 224
    params_m: float = 0.0  # millions of parameters, shown in the templates menu


ARCHITECTURES: dict[str, Architecture] = {a.name: a for a in [
    Architecture("resnet18", "fc", params_m=11.7),
    Architecture("resnet50", "fc", params_m=25.6),
    Architecture("vgg16", "classifier.6", params_m=138.4),
    Architecture("mobilenet_v2", "classifier.1", params_m=3.5),
    Architecture("mobilenet_v3_small", "classifier.3", params_m=2.5),
    Architecture("efficientnet_b0", "classifier.1", params_m=5.3),
]}
