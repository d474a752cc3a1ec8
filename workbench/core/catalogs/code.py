"""How a catalogue entry is written as Python source: ``nn.Conv2d(3, 32, kernel_size=5, padding=2)``.

Arguments equal to torch's own defaults (read from the constructor's
signature) are left out, so generated code reads like code written by hand.
"""

from __future__ import annotations

import functools
import importlib
import inspect

from workbench.core.catalogs.base import OpType


def call(prefix: str, optype: OpType, kwargs: dict, positional: int = 0) -> str:
    """``nn.Conv2d(3, 32, kernel_size=5, padding=2)``: the first ``positional`` args bare; arguments equal to
    torch's own defaults left out (the catalogue's defaults are the app's suggestions, not torch's)."""
    defaults = torch_defaults(optype)
    parts = []
    for i, p in enumerate(optype.params):
        value = kwargs.get(p.name, p.default)
        if i < positional:
            parts.append(py_literal(value))
        elif p.name not in defaults or not same_value(value, defaults[p.name]):
            parts.append(f"{p.name}={py_literal(value)}")
    return f"{prefix}{optype.name}({', '.join(parts)})"


def torch_defaults(optype: OpType) -> dict:
    """The constructor's own keyword defaults, read from its signature."""
    return _signature_defaults(optype.target)


@functools.lru_cache(maxsize=None)
def _signature_defaults(target: str) -> dict:
    module, _, attr = target.rpartition(".")
    try:
        signature = inspect.signature(getattr(importlib.import_module(module), attr))
    except (TypeError, ValueError):
        return {}
    return {name: p.default for name, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}


def same_value(a, b) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    if isinstance(a, (list, tuple)) and len(set(a)) == 1:
        return a[0] == b  # (2, 2) is what torch makes of 2
    return a == b and type(a) is type(b) or (isinstance(a, float) and a == b)


def positional_count(optype: OpType) -> int:
    """Sizes go positionally, as in the primer: nn.Conv2d(1, 32, ...), nn.Linear(3136, 1024)."""
    names = [p.name for p in optype.params]
    for count, lead in ((2, ("in_channels", "out_channels")), (2, ("in_features", "out_features")),
                        (1, ("num_features",))):
        if tuple(names[:count]) == lead:
            return count
    return 0


def py_literal(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(py_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


class Raw(str):
    """A value written into generated code as-is (an expression), not as a literal."""

    def __repr__(self) -> str:
        return str(self)
