"""The transform catalogue (torchvision.transforms.v2), one table.

Deterministic transforms may be applied once and cached; the random ones
(`random=True`) belong in `augment` and run every epoch.
"""

from workbench.core.catalogs.base import Catalog, OpType, Param
from workbench.core.i18n import N_

_V2 = "torchvision.transforms.v2."
_SIZE = dict(kind="ints", min=1)

TRANSFORMS = Catalog(N_("transform"), [
    OpType("Resize", _V2 + "Resize", (
        Param("size", default=32, help=N_("shorter side, or [height, width]"), **_SIZE),
        Param("interpolation", "choice", "bilinear", choices=("bilinear", "bicubic", "nearest"),
              help=N_("how new pixels are computed (pretrained weights name theirs)")),
        Param("antialias", "bool", True),
    )),
    OpType("CenterCrop", _V2 + "CenterCrop", (Param("size", default=32, **_SIZE),)),
    OpType("Grayscale", _V2 + "Grayscale", (Param("num_output_channels", "choice", 1, choices=(1, 3)),)),
    OpType("ToTensor", "workbench.core.data.transforms.to_tensor",
           doc=N_("PIL image to a float tensor in [0, 1] (ToImage + ToDtype(float32, scale=True)).")),
    OpType("Normalize", _V2 + "Normalize", (
        Param("mean", "floats", [0.5]),
        Param("std", "floats", [0.5], min=0, min_exclusive=True),
    ), doc=N_("(x - mean) / std per channel; 'Compute mean/std' fills it from the training set.")),
    # Random: augmentation, training only.
    OpType("RandomCrop", _V2 + "RandomCrop", (
        Param("size", default=32, **_SIZE),
        Param("padding", "int", None, min=0, nullable=True),
    ), extra={"random": True}),
    OpType("RandomResizedCrop", _V2 + "RandomResizedCrop", (
        Param("size", default=32, **_SIZE),
        Param("scale", "float_pair", [0.08, 1.0], min=0),
    ), extra={"random": True}),
    OpType("RandomHorizontalFlip", _V2 + "RandomHorizontalFlip", (
        Param("p", "float", 0.5, min=0, max=1),), extra={"random": True}),
    OpType("RandomVerticalFlip", _V2 + "RandomVerticalFlip", (
        Param("p", "float", 0.5, min=0, max=1),), extra={"random": True}),
    OpType("RandomRotation", _V2 + "RandomRotation", (
        Param("degrees", "float_pair", 15.0, min=0, help=N_("max angle, or [low, high]")),), extra={"random": True}),
    OpType("ColorJitter", _V2 + "ColorJitter", (
        Param("brightness", "float", 0.0, min=0),
        Param("contrast", "float", 0.0, min=0),
        Param("saturation", "float", 0.0, min=0),
        Param("hue", "float", 0.0, min=0, max=0.5),
    ), extra={"random": True}),
])


def is_random(type_name: str) -> bool:
    return bool(TRANSFORMS[type_name].extra.get("random"))
