"""Editors generated from catalogue `Param`s: the right widget for each kind, with the catalogue's ranges.

Every form in the window (layer arguments, transforms, loss, optimizer,
scheduler, loader) is an `OpForm` or built from `make_editor`, so adding a
catalogue entry never needs GUI code. Values are checked with the same
`Param.check` the project file uses: a bad value is marked red with the
reason and never reaches the project.
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from workbench.core.catalogs.base import REQUIRED, OpType, Param
from workbench.core.errors import ProjectError

# Choice values that are the app's own words rather than PyTorch's (mixed precision "off", the loss weight
# "balanced"): shown in the window's language, stored as they are. PyTorch's values (GELU's "tanh") stay.
_CHOICE_LABELS = {
    "off": QT_TRANSLATE_NOOP("ParamEditor", "off"),
    "auto": QT_TRANSLATE_NOOP("ParamEditor", "auto"),
    "balanced": QT_TRANSLATE_NOOP("ParamEditor", "balanced"),
}


def choice_label(value: Any) -> str:
    """How a choice value is shown in a menu."""
    text = _CHOICE_LABELS.get(value) if isinstance(value, str) else None
    return QCoreApplication.translate("ParamEditor", text) if text else str(value)

INT_LIMIT = 2**31 - 1
_BAD_STYLE = "border: 1px solid #d0342c; background: #fdecea;"


class FloatSpinBox(QDoubleSpinBox):
    """A spin box that shows 0.001 and 1e-05 as typed (QDoubleSpinBox would round them to 2 decimals)
    and steps by the value's own order of magnitude (0.001 -> 0.002, not 1.001)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDecimals(12)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d*)?([eE][-+]?\d*)?", text.strip()):
            try:
                value = float(text)
            except ValueError:
                return QValidator.State.Intermediate, text, pos
            ok = self.minimum() <= value <= self.maximum()
            return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:
        v = self.value()
        step = 10 ** math.floor(math.log10(abs(v))) if v else 0.1
        self.setValue(v + steps * step)


class ParamEditor(QWidget):
    """One parameter: an inner widget chosen by the parameter's kind. ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, param: Param, value: Any = None, parent=None):
        super().__init__(parent)
        self.param = param
        self.error: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.inner = self._make_inner()
        layout.addWidget(self.inner)
        tip = param.help_text
        if param.kind not in ("bool", "choice"):  # a check box or a menu holds nothing else: no need to say
            tip += ("\n" if tip else "") + self.tr("Expects {what}").format(what=param.describe())
        self.setToolTip(tip)
        self._base_tip = tip
        self.set_value(param.default if value is None and not param.required else value)

    # -- construction --------------------------------------------------------
    def _none_text(self) -> str:
        p = self.param
        if p.required:
            return " "  # empty: the value is missing (the editor is marked red, its tooltip says "required")
        if p.infer:
            return self.tr("inferred")
        return self.tr("default") if p.help.startswith("default") else self.tr("auto")

    def _nullable(self) -> bool:
        """Whether the editor can show "no value": an optional one (inferred, automatic), or a required one not
        set yet (shown empty and marked, never as a number the project does not hold)."""
        p = self.param
        return p.nullable or p.infer or p.default is None or p.required

    def _make_inner(self) -> QWidget:
        p = self.param
        if p.kind == "bool":
            w = QCheckBox()
            w.toggled.connect(self._emit)
            return w
        if p.kind == "choice":
            w = QComboBox()
            if self._nullable():
                w.addItem(self.tr("(none)"), None)
            for c in p.choices:
                w.addItem(choice_label(c), c)
            w.currentIndexChanged.connect(self._emit)
            return w
        if p.kind == "int":
            w = QSpinBox()
            # QSpinBox holds a C int: clamp the catalogue's range (the seed goes to 2**32 - 1).
            lo = max(int(p.min), -INT_LIMIT + 1) if p.min is not None else -INT_LIMIT + 1
            hi = min(int(p.max), INT_LIMIT) if p.max is not None else INT_LIMIT
            if self._nullable():
                # The value just below the range stands for "empty": inferred / automatic.
                lo -= 1
                w.setSpecialValueText(self._none_text())
            w.setRange(lo, hi)
            w.setKeyboardTracking(False)
            w.valueChanged.connect(self._emit)
            w.setMinimumWidth(90)
            return w
        if p.kind == "float" and not self._nullable():
            w = FloatSpinBox()
            lo = p.min if p.min is not None else -1e12
            if p.min_exclusive:
                lo = max(lo, 1e-12)
            w.setRange(lo, p.max if p.max is not None else 1e12)
            w.valueChanged.connect(self._emit)
            w.setMinimumWidth(90)
            return w
        # Lists, pairs, strings and nullable floats: free text, parsed and checked on every keystroke.
        w = QLineEdit()
        if self._nullable():
            w.setPlaceholderText(self._none_text())
        elif p.kind in ("ints", "floats", "int_list", "float_pair"):
            w.setPlaceholderText(self.tr("e.g. 3 or 3, 5") if p.kind in ("ints", "float_pair") else self.tr("e.g. 0.5, 0.5, 0.5"))
        w.textChanged.connect(self._emit)
        return w

    # -- value ---------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        w = self.inner
        blocked = w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QSpinBox):
                w.setValue(w.minimum() if value is None else int(value))
            elif isinstance(w, QDoubleSpinBox):
                w.setValue(float(value) if value is not None else max(w.minimum(), 0.0))
            else:
                w.setText(_format(value))
        finally:
            w.blockSignals(blocked)
        self._check()

    def show_value(self, value: Any) -> None:
        """Show the project's value (after an edit or an undo). An editor that already holds it is left as it
        is: the user may be typing in it, and resetting the text would move the cursor."""
        try:
            if self.value() == value:
                return
        except (ProjectError, ValueError):
            pass
        self.set_value(value)

    def raw_value(self) -> Any:
        w = self.inner
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return None if (self._nullable() and w.value() == w.minimum()) else w.value()
        if isinstance(w, QDoubleSpinBox):
            return w.value()
        return _parse(w.text(), self.param)

    def value(self) -> Any:
        """The checked, normalised value; raises ProjectError when it is not valid."""
        return self.param.check(self.raw_value(), self.param.name)

    def _check(self) -> bool:
        try:
            self.value()
            self.error = None
        except (ProjectError, ValueError) as e:
            self.error = getattr(e, "reason", str(e))
        self.inner.setStyleSheet(_BAD_STYLE if self.error else "")
        self.setToolTip(self._base_tip + (f"\n\n{self.error}" if self.error else ""))
        return self.error is None

    def _emit(self, *_):
        self._check()
        self.changed.emit()


def _format(value: Any) -> str:
    if value is None or value is REQUIRED:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_format(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _parse(text: str, param: Param) -> Any:
    """'3' -> 3, '3, 5' -> [3, 5], '' -> None; strings stay strings. Param.check judges the result."""
    text = text.strip()
    if not text:
        return None
    if param.kind == "str":
        return text
    parts = [s for s in re.split(r"[,\s×x]+", text.strip("[]() ")) if s]
    numbers = []
    for s in parts:
        try:
            numbers.append(int(s) if re.fullmatch(r"[-+]?\d+", s) else float(s))
        except ValueError:
            return text  # not a number: let Param.check say what it expected
    if param.kind in ("floats", "int_list"):
        return numbers
    return numbers[0] if len(numbers) == 1 else numbers


class OpForm(QWidget):
    """A form for one catalogue entry's arguments. ``changed(args)`` fires with only valid values.

    The emitted dict holds the arguments that differ from the catalogue's
    defaults (and the required ones), so a saved project stays as terse as
    one written by hand.
    """

    changed = Signal(dict)

    def __init__(self, optype: OpType | None, args: dict | None = None, parent=None, skip=()):
        super().__init__(parent)
        self.optype = optype
        self.editors: dict[str, ParamEditor] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        params = [p for p in (optype.params if optype else ()) if p.name not in skip]
        if optype is not None and not params:
            note = QLabel(self.tr("No arguments."))
            note.setEnabled(False)
            layout.addRow(note)
        for p in params:
            editor = ParamEditor(p, (args or {}).get(p.name))
            editor.changed.connect(self._on_change)
            label = QLabel(p.name + ("*" if p.required else ""))
            label.setToolTip(editor.toolTip())
            layout.addRow(label, editor)
            self.editors[p.name] = editor
        self._args = dict(args or {})

    def set_args(self, args: dict) -> None:
        """Show ``args`` without emitting ``changed`` (e.g. after an undo)."""
        self._args = dict(args)
        for name, editor in self.editors.items():
            p = editor.param
            editor.set_value(args.get(name, None if p.required else p.default))

    def errors(self) -> dict[str, str]:
        return {n: e.error for n, e in self.editors.items() if e.error}

    def args(self) -> dict:
        out = {}
        for name, editor in self.editors.items():
            value = editor.value()
            p = editor.param
            if p.required or (value is not None and value != p.default):
                out[name] = value
        return out

    def _on_change(self):
        if self.errors():
            return
        self._args = self.args()
        self.changed.emit(self._args)

    def editor(self, name: str) -> ParamEditor:
        return self.editors[name]

