"""The window's names for the project fields core's messages name by path.

Core's messages say where a problem is as a path into the project file
(``model.input_shape``, ``data.loader.batch_size``), which is what the command
line and the file need. In the window the same message names the control a
user sees ("the Input shape box on the Model tab"), in the window's language.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.core.errors import layer_words

# Longest paths first, so that "data.validation.fraction" wins over "data.validation".
_FIELDS = {
    "model.input_shape": QT_TRANSLATE_NOOP("Fields", "the Input shape box (Model tab)"),
    "model.base.weights": QT_TRANSLATE_NOOP("Fields", "the pretrained weights (Model tab)"),
    "data.loader.batch_size": QT_TRANSLATE_NOOP("Fields", "the batch size (Data tab, Loader)"),
    "data.loader.num_workers": QT_TRANSLATE_NOOP("Fields", "the number of workers (Data tab, Loader)"),
    "data.validation.fraction": QT_TRANSLATE_NOOP("Fields", "the validation fraction (Data tab)"),
    "data.validation.kind": QT_TRANSLATE_NOOP("Fields", "the validation choice (Data tab)"),
    "data.validation.path": QT_TRANSLATE_NOOP("Fields", "the validation folder (Data tab)"),
    "data.source.path": QT_TRANSLATE_NOOP("Fields", "the image folder (Data tab)"),
    "data.transforms": QT_TRANSLATE_NOOP("Fields", "the transforms (Data tab)"),
    "data.cache_mb": QT_TRANSLATE_NOOP("Fields", "the data cache size"),
    "training.device": QT_TRANSLATE_NOOP("Fields", "the device (Training tab)"),
    "training.epochs": QT_TRANSLATE_NOOP("Fields", "the number of epochs (Training tab)"),
    "training.optimizer": QT_TRANSLATE_NOOP("Fields", "the optimizer (Training tab)"),
    "training.scheduler": QT_TRANSLATE_NOOP("Fields", "the scheduler (Training tab)"),
    "training.loss": QT_TRANSLATE_NOOP("Fields", "the loss (Training tab)"),
    "training.finetune": QT_TRANSLATE_NOOP("Fields", "the fine-tuning schedule (Training tab)"),
}
_PATHS = sorted(_FIELDS, key=len, reverse=True)
_LAYER = re.compile(r"model\.layers\[(\d+)\]")
# A layer inside blocks: model.layers[3].branches[1][0], model.layers[2].layers[0].shortcut[1]
_NESTED = re.compile(r"model\.layers\[\d+\](?:\.(?:layers|shortcut)\[\d+\]|\.branches\[\d+\]\[\d+\])+")


def humanize(message: str) -> str:
    """``message`` with project paths replaced by the names of the window's controls."""
    for path in _PATHS:
        if path in message:
            message = re.sub(rf"(?<![\w.]){re.escape(path)}(?![\w\[])",
                             QCoreApplication.translate("Fields", _FIELDS[path]), message)
    # A nested layer's error already names it in words ("block 3 › branch 2 › layer 1 (Conv2d), <path>: ..."):
    # the path is for the file, so it goes; elsewhere the path becomes those words.
    message = re.sub(r"(\)), " + _NESTED.pattern + r"(?=:)", r"\1", message)
    message = _NESTED.sub(lambda m: layer_words(_position(m.group(0))), message)
    return _LAYER.sub(lambda m: QCoreApplication.translate("Fields", "layer {index}").format(index=m.group(1)),
                      message)


def _position(path: str) -> tuple:
    """``model.layers[3].branches[1][0]`` -> ``(3, "branches", 1, 0)``."""
    tokens = re.findall(r"\[(\d+)\]|\.(layers|shortcut|branches)", path[len("model.layers"):])
    return tuple(int(number) if number else slot for number, slot in tokens)
