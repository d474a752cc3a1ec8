"""What Edit › Undo calls an edit: the field and its values before and after ("lr 0.003 → 0.01").

A step named only after its form ("Optimizer: SGD" for a learning-rate edit, "Validation") does not say what
an Undo will take back. These helpers compare two values of a section, or two argument dicts, and name what
changed; the document renames a step when typing merges more into it.
"""

from __future__ import annotations

from typing import Callable

from workbench.core.catalogs.base import OpType


def value_text(value) -> str:
    """A value as a form shows it: 0.001 not 0.0010000, (0.5, 0.5) for a list, – for nothing."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(value_text(v) for v in value) + ")"
    return str(value)


def changes(before: dict, after: dict, label: Callable[[str], str] = str, defaults: dict | None = None) -> str:
    """``"lr 0.003 → 0.01"``, or several joined with commas; "" when nothing differs. A key one side leaves
    out has its default (a form leaves catalogue defaults out of the project)."""
    defaults = defaults or {}
    keys = list(before) + [k for k in after if k not in before]
    out = []
    for key in keys:
        old, new = before.get(key, defaults.get(key)), after.get(key, defaults.get(key))
        if old != new:
            out.append(f"{label(key)} {value_text(old)} → {value_text(new)}")
    return ", ".join(out)


def changed_keys(before: dict, after: dict, defaults: dict | None = None) -> tuple[str, ...]:
    """The keys whose values differ (a key left out counts as its default)."""
    defaults = defaults or {}
    keys = list(before) + [k for k in after if k not in before]
    return tuple(k for k in keys if before.get(k, defaults.get(k)) != after.get(k, defaults.get(k)))


def defaults_of(optype: OpType | None) -> dict:
    return {p.name: p.default for p in optype.params if not p.required} if optype is not None else {}
