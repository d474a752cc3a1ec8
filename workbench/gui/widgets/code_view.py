"""The read-only "PyTorch code" view: the ``nn.Sequential`` a user would write for the current model.

The text comes from core's `codegen.model_code` (the same generator as the
script export), so the view and the export never disagree. For a pretrained
base, generating it instantiates the torchvision architecture (vgg16 is
138 M parameters), so that case runs on the thread pool and the result is
cached per model.
"""

from __future__ import annotations

import json

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit

from workbench.core.project.schema import Model

HEADER = "import torch\nimport torch.nn as nn\n"


def model_code(model: Model, input_shape, num_classes: int | None, plan=None) -> str:
    from workbench.core.model.code import helper_classes, used_types
    from workbench.core.model.code import model_code as generate

    # torchvision for a base architecture or a layer from torchvision.ops (SqueezeExcitation, StochasticDepth)
    needs_torchvision = model.base is not None or any(t in ("SqueezeExcitation", "StochasticDepth")
                                                      for t in used_types(model.layers))
    header = HEADER + ("import torchvision\n" if needs_torchvision else "")
    helpers = helper_classes(model)
    if helpers:
        header += f"\n\n{helpers}\n"
    if model.base is None and plan is None:
        # No input shape yet (the data is still loading): the layers as written, sizes not inferred.
        body = generate(model, None, num_classes) + "  # shapes and inferred sizes appear once the data set is loaded"
    else:
        body = generate(model, input_shape, num_classes, plan)
    footer = ""
    if model.base is None and input_shape and (plan is None or plan.error is None):
        footer = (f"\n\nx = torch.randn(1, {', '.join(str(s) for s in input_shape)})  # one input, batch of 1"
                  "\nprint(model(x).shape)")
    return f"{header}\n{body}{footer}\n"


class CodeView(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self._cache: dict[str, str] = {}
        self._wanted: str | None = None

    def show_model(self, model: Model, input_shape, num_classes: int | None, plan=None) -> None:
        if model.base is None:
            self._wanted = None
            try:
                self._set(model_code(model, input_shape, num_classes, plan))
            except Exception as e:  # a view must never break the edit that triggered it
                self._set(f"# The code could not be generated: {type(e).__name__}: {e}\n")
            return
        key = json.dumps([model.base.torchvision, model.base.weights, model.base.freeze,
                          {k: op.to_json() for k, op in model.replace.items()}, num_classes])
        self._wanted = key
        if key in self._cache:
            self._set(self._cache[key])
            return
        from workbench.gui.runs.background import error_text, run_task

        self._set(f"# Generating the code for {model.base.torchvision}…\n")
        run_task(model_code, model, input_shape, num_classes,
                 on_done=lambda text: self._generated(key, text),
                 on_error=lambda error: self._generated(key, f"# {error_text(error)}\n"))

    def _generated(self, key: str, text: str) -> None:
        self._cache[key] = text
        if key == self._wanted:
            self._set(text)

    def _set(self, text: str) -> None:
        if text != self.toPlainText():
            bar = self.verticalScrollBar().value()
            self.setPlainText(text)
            self.verticalScrollBar().setValue(bar)
