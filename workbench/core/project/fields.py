"""Field tables for the project's fixed sections (the open-ended ones are catalogues).

Validation (`io.py`), the window's forms and the command line all read these,
so a field's type, default and range are written once.
"""

from __future__ import annotations

import re

from workbench.core.catalogs.architectures import ARCHITECTURES
from workbench.core.catalogs.base import Param
from workbench.core.catalogs.datasets import BUILTIN_DATASETS
from workbench.core.i18n import N_

DEVICE_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


SOURCE_FIELDS = {
    "folder": (Param("kind", "str"), Param("path", "str")),
    "torchvision": (
        Param("kind", "str"),
        Param("name", "choice", choices=tuple(BUILTIN_DATASETS)),
        Param("root", "str", "data"),
        Param("download", "bool", False),
    ),
}


VALIDATION_FIELDS = {
    "split": (Param("kind", "str"), Param("fraction", "float", 0.2, min=0, max=0.9, min_exclusive=True),
              Param("seed", "int", 0, min=0)),
    "folder": (Param("kind", "str"), Param("path", "str")),
    "builtin": (Param("kind", "str"),),
    "none": (Param("kind", "str"),),
}


LOADER_FIELDS = (
    Param("batch_size", "int", 64, min=1, max=65536),
    Param("shuffle", "bool", True),
    Param("drop_last", "bool", False),
    Param("num_workers", "int", 0, min=0, max=64),
    Param("balanced_sampling", "bool", False,
          help=N_("draw each class about equally often (weighted random sampling, with replacement)")),
)

COLOR_MODES = ("auto", "rgb", "grayscale")
COLOR_MODE = Param("color_mode", "choice", "auto", choices=COLOR_MODES,
                   help=N_("auto: 1 channel when every image is grayscale (3 for a pretrained base); rgb / "
                           "grayscale: 3 or 1 channels, converted as read"))


BASE_FIELDS = (
    Param("torchvision", "choice", choices=tuple(ARCHITECTURES)),
    Param("weights", "str", "DEFAULT", nullable=True),
    Param("freeze", "bool", True),
)


FINETUNE_FIELDS = (
    Param("head_epochs", "int", 3, min=0, max=100000,
          help=N_("epochs that train the new head alone, the pretrained backbone frozen")),
    Param("backbone_lr_factor", "float", 0.1, min=0, max=1, min_exclusive=True,
          help=N_("after them the backbone trains too, at the learning rate times this")),
)


EARLY_FIELDS = (Param("patience", "int", 5, min=1), Param("min_delta", "float", 0.0, min=0))


# training.compile: "off", or the torch.compile mode the training step is compiled with.
COMPILE_MODES = ("off", "default", "reduce-overhead", "max-autotune")


TRAINING_SCALARS = (
    Param("epochs", "int", 10, min=1, max=100000),
    Param("device", "str", "auto"),
    Param("seed", "int", 0, min=0, max=2**32 - 1),
    Param("mixed_precision", "choice", "off", choices=("off", "auto", "fp16", "bf16")),
    Param("channels_last", "bool", False),
    Param("compile", "choice", "off", choices=COMPILE_MODES,
          help=N_("torch.compile the training step: default, reduce-overhead (CUDA graphs) or max-autotune; the "
                  "first epoch takes longer while it compiles")),
    Param("monitor", "choice", "val_loss", choices=("val_loss", "val_accuracy")),
    Param("keep_best", "bool", True, help=N_("model.pth holds the best epoch by the monitored metric (else the last)")),
)


TOP_KEYS = ("format", "version", "name", "data", "model", "training")
