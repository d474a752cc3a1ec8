"""The read-only "PyTorch code" view: the ``nn.Sequential`` a user would write for the current model.

Arguments that equal PyTorch's own defaults are left out, the leading
required ones are written positionally and the rest as keywords
(``nn.Conv2d(1, 32, 5, padding=2)``), so the text is what a person would type.
"""

from __future__ import annotations

import inspect

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit

from workbench.core.layers import LAYERS
from workbench.core.pretrained_catalog import ARCHITECTURES
from workbench.core.project import Model

_signatures: dict[str, inspect.Signature] = {}


def _signature(type_name: str) -> inspect.Signature | None:
    if type_name not in _signatures:
        try:
            _signatures[type_name] = inspect.signature(LAYERS[type_name].resolve().__init__)
        except (ValueError, TypeError, ImportError):
            return None
    return _signatures[type_name]


def layer_call(type_name: str, kwargs: dict) -> str:
    """``nn.Conv2d(3, 16, kernel_size=3, padding=1)`` for constructor ``kwargs``."""
    sig = _signature(type_name)
    positional, keywords = [], []
    leading = True
    for name, value in kwargs.items():
        default = inspect.Parameter.empty
        if sig is not None and name in sig.parameters:
            default = sig.parameters[name].default
        if isinstance(value, tuple):
            value = list(value)
        if default is inspect.Parameter.empty:
            if value is None:
                value_text = "?"  # an inferred size the builder could not reach
            else:
                value_text = _py(value)
            if leading:
                positional.append(value_text)
            else:
                keywords.append(f"{name}={value_text}")
            continue
        leading = False
        if value is None and default is None:
            continue
        same = value == default or (isinstance(value, list) and all(v == default for v in value))
        if not same:
            keywords.append(f"{name}={_py(value)}")
    return f"nn.{type_name}({', '.join(positional + keywords)})"


def _py(value) -> str:
    if isinstance(value, list):
        if len(set(value)) == 1 and len(value) == 2:
            return _py(value[0])
        return "(" + ", ".join(_py(v) for v in value) + ")"
    if isinstance(value, str):
        return repr(value)
    return repr(value)


def model_code(model: Model, plan=None, num_classes: int | None = None) -> str:
    """Python source for ``model``; ``plan`` (a ModelPlan) supplies inferred sizes and output shapes."""
    if model.base is not None:
        return _pretrained_code(model, num_classes)
    rows = {lp.index: lp for lp in (plan.layers if plan else [])}
    lines = ["import torch", "import torch.nn as nn", "", "model = nn.Sequential("]
    calls = []
    for i, op in enumerate(model.layers):
        lp = rows.get(i)
        kwargs = lp.kwargs if lp else LAYERS[op.type].kwargs(op.args)
        try:
            call = layer_call(op.type, kwargs)
        except Exception:  # before torch has loaded: no signatures yet
            call = f"nn.{op.type}(...)"
        shape = f"  # -> {tuple(lp.output_shape)}" if lp and lp.output_shape else ""
        if plan is not None and plan.error is not None and plan.error.index == i:
            shape = f"  # error: {plan.error.reason}"
        calls.append((call + ",", shape))
    width = max((len(c) for c, _ in calls), default=0)
    lines += [f"    {c:<{width}}{s}" for c, s in calls]
    lines.append(")")
    if plan is not None and plan.input_shape:
        lines += ["", f"x = torch.randn(1, {', '.join(str(s) for s in plan.input_shape)})",
                  "print(model(x).shape)"]
    return "\n".join(lines) + "\n"


def _pretrained_code(model: Model, num_classes: int | None) -> str:
    base = model.base
    weights = repr(base.weights) if base.weights else "None"
    lines = ["import torch.nn as nn", "import torchvision", "",
             f"num_classes = {num_classes if num_classes else '...  # the number of classes in your data'}",
             f"model = torchvision.models.{base.torchvision}(weights={weights})"]
    if base.freeze:
        lines += ["for p in model.parameters():", "    p.requires_grad = False  # freeze the backbone"]
    head = ARCHITECTURES[base.torchvision].head
    replace = model.replace or {head: None}
    for path, op in replace.items():
        target = "model" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path.split("."))
        call = (f"nn.Linear({target}.in_features, num_classes)" if op is None or op.type == "Linear"
                else f"nn.{op.type}(...)")
        lines.append(f"{target} = {call}  # a new head for your classes")
    return "\n".join(lines) + "\n"


class CodeView(QPlainTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)

    def show_model(self, model: Model, plan=None, num_classes: int | None = None) -> None:
        text = model_code(model, plan, num_classes)
        if text != self.toPlainText():
            bar = self.verticalScrollBar().value()
            self.setPlainText(text)
            self.verticalScrollBar().setValue(bar)
