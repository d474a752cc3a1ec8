"""The machinery behind every catalogue: typed parameters and operation types.

A catalogue (layers, transforms, losses, optimizers, schedulers) is a table of
`OpType`s. Each names its torch class by dotted path (so reading a catalogue
never imports torch: the window can show the palette while torch loads) and
lists its constructor arguments as `Param`s with type, default and range.
Validation, the GUI's editors, code generation and the docs all read these
tables; adding a type is one entry.
"""

from __future__ import annotations

import difflib
import importlib
import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from workbench.core.errors import ProjectError


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

# Param kinds. "ints" is an int or a list of `length` ints (kernel_size=3 or [3, 5]);
# "floats" is a list of floats of any length (Normalize's mean); "float_pair" a
# float or [lo, hi] (RandomRotation's degrees).
KINDS = ("int", "float", "bool", "choice", "ints", "floats", "int_list", "float_pair", "str")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: Any = REQUIRED
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple = ()
    nullable: bool = False
    length: int = 2
    infer: bool = False  # an input size the builder fills in from the incoming shape
    help: str = ""
    suggested: Any = None  # what a required argument starts at in a layer added from the palette

    def __post_init__(self):
        assert self.kind in KINDS, self.kind

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def check(self, value: Any, path: str) -> Any:
        """Return ``value`` normalised (ints stay ints, floats become floats) or raise ProjectError."""
        if value is None:
            if self.nullable or self.infer or self.default is None:
                return None
            raise ProjectError(path, f"expected {self.describe()}, got null")
        checker = getattr(self, f"_check_{self.kind}")
        return checker(value, path)

    # -- one checker per kind ------------------------------------------------
    def _check_int(self, value, path):
        if not _is_int(value):
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")
        self._check_range(value, path)
        return int(value)

    def _check_float(self, value, path):
        if not _is_number(value) or not math.isfinite(value):
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")
        self._check_range(value, path)
        return float(value)

    def _check_bool(self, value, path):
        if not isinstance(value, bool):
            raise ProjectError(path, f"expected true or false, got {_show(value)}")
        return value

    def _check_str(self, value, path):
        if not isinstance(value, str) or not value:
            raise ProjectError(path, f"expected a non-empty string, got {_show(value)}")
        return value

    def _check_choice(self, value, path):
        if value not in self.choices or isinstance(value, bool):
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")
        return value

    def _check_ints(self, value, path):
        if _is_int(value):
            self._check_range(value, path)
            return int(value)
        if isinstance(value, (list, tuple)) and len(value) == self.length and all(_is_int(v) for v in value):
            for i, v in enumerate(value):
                self._check_range(v, f"{path}[{i}]")
            return [int(v) for v in value]
        raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")

    def _check_int_list(self, value, path):
        if not isinstance(value, (list, tuple)) or not all(_is_int(v) for v in value):
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")
        for i, v in enumerate(value):
            self._check_range(v, f"{path}[{i}]")
        return [int(v) for v in value]

    def _check_floats(self, value, path):
        if (not isinstance(value, (list, tuple)) or not value
                or not all(_is_number(v) and math.isfinite(v) for v in value)):
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")
        for i, v in enumerate(value):
            self._check_range(v, f"{path}[{i}]")
        return [float(v) for v in value]

    def _check_float_pair(self, value, path):
        if _is_number(value) and math.isfinite(value):
            self._check_range(value, path)
            return float(value)
        if (isinstance(value, (list, tuple)) and len(value) == 2
                and all(_is_number(v) and math.isfinite(v) for v in value)):
            if value[0] > value[1]:
                raise ProjectError(path, f"expected [low, high] with low <= high, got {_show(value)}")
            return [float(v) for v in value]
        raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")

    def _check_range(self, value, path):
        too_low = self.min is not None and (value <= self.min if self.min_exclusive else value < self.min)
        too_high = self.max is not None and value > self.max
        if too_low or too_high:
            raise ProjectError(path, f"expected {self.describe()}, got {_show(value)}")

    # -- words ---------------------------------------------------------------
    def describe(self) -> str:
        """What a valid value looks like, in words: 'a positive integer', 'a number in (0, 1]'."""
        k = self.kind
        if k == "bool":
            return "true or false"
        if k == "str":
            return "a non-empty string"
        if k == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if k == "int":
            return self._int_words()
        if k == "ints":
            return f"{self._int_words()} or a list of {self.length}"
        if k == "int_list":
            return f"a list of {self._int_words(plural=True)}"
        if k == "floats":
            return "a non-empty list of numbers"
        if k == "float_pair":
            return f"{self._float_words()} or a [low, high] pair"
        return self._float_words()

    def _int_words(self, plural: bool = False) -> str:
        s = "s" if plural else ""
        lo, hi = self.min, self.max
        if lo == 1 and hi is None:
            return f"positive integer{s}" if plural else "a positive integer"
        if lo == 0 and hi is None:
            return f"non-negative integer{s}" if plural else "a non-negative integer"
        if lo is not None and hi is not None:
            return f"integer{s} from {lo:g} to {hi:g}" if plural else f"an integer from {lo:g} to {hi:g}"
        return f"integer{s}" if plural else "an integer"

    def _float_words(self) -> str:
        lo, hi = self.min, self.max
        if lo == 0 and self.min_exclusive and hi is None:
            return "a positive number"
        if lo == 0 and hi is None:
            return "a number >= 0"
        if lo is not None and hi is not None:
            left = "(" if self.min_exclusive else "["
            return f"a number in {left}{lo:g}, {hi:g}]"
        return "a number"


@dataclass(frozen=True)
class OpType:
    """One catalogue entry: a torch class and the arguments the app lets a user set."""

    name: str
    target: str  # dotted path of the class, e.g. "torch.nn.Conv2d"
    params: tuple[Param, ...] = ()
    category: str = ""
    doc: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def infer_param(self) -> Param | None:
        return next((p for p in self.params if p.infer), None)

    def starting_args(self) -> dict:
        """The arguments a new entry starts with: each required one at its suggested value, so that what a form
        shows is what the project holds (a Conv2d added from the palette has its out_channels)."""
        return {p.name: p.suggested for p in self.params if p.required and p.suggested is not None}

    def take_over(self, old: "OpType", args: dict) -> dict:
        """The arguments an entry of this type keeps when it replaces one of type ``old`` with ``args`` (Adam
        becomes SGD, MaxPool2d becomes AvgPool2d): those both types take, except any still at ``old``'s default
        where this type's default differs: it takes this type's. Adam's default lr of 0.001 is no learning rate
        for SGD (0.01); a lr the user chose is theirs to keep."""
        kept = {}
        for name, value in args.items():
            mine, theirs = self.param(name), old.param(name)
            if mine is None:
                continue
            if theirs is not None and not theirs.required and value == theirs.default and mine.default != value:
                continue
            kept[name] = value
        return kept

    def missing(self, args: dict) -> list[str]:
        """Required arguments ``args`` leaves out."""
        return [p.name for p in self.params if p.required and args.get(p.name) is None]

    def resolve(self):
        """Import and return the torch class (the first use of torch happens here)."""
        module, _, attr = self.target.rpartition(".")
        return getattr(importlib.import_module(module), attr)

    def kwargs(self, args: dict) -> dict:
        """Constructor kwargs: defaults filled in, JSON lists turned into the tuples torch expects."""
        out = {}
        for p in self.params:
            value = args.get(p.name, None if p.default is REQUIRED else p.default)
            if isinstance(value, list) and p.kind in ("ints", "float_pair"):
                value = tuple(value)
            out[p.name] = value
        return out


class Catalog(dict):
    """name -> OpType, plus validation of ``{"type": ..., **args}`` documents."""

    def __init__(self, what: str, entries: Iterable[OpType]):
        super().__init__((e.name, e) for e in entries)
        self.what = what

    def validate(self, doc: Any, path: str) -> tuple[str, dict]:
        """Check a ``{"type": ..., args}`` document; return (type, normalised args)."""
        if not isinstance(doc, dict):
            raise ProjectError(path, f"expected an object with a \"type\", got {_show(doc)}")
        type_name = doc.get("type")
        if not isinstance(type_name, str):
            raise ProjectError(f"{path}.type", f"expected the name of a {self.what}, got {_show(type_name)}")
        op = self.get(type_name)
        if op is None:
            raise ProjectError(f"{path}.type", f"unknown {self.what} {type_name!r}{_did_you_mean(type_name, self)}")
        args = {k: v for k, v in doc.items() if k != "type"}
        return type_name, check_fields(args, op.params, path, keep_defaults=False)


def check_fields(doc: dict, params: Iterable[Param], path: str, keep_defaults: bool = True) -> dict:
    """Validate a JSON object against ``params``: unknown keys, missing required keys, types, ranges.

    With ``keep_defaults`` the result has every field (defaults filled in);
    without, only the keys the document gave (so a saved layer stays as terse
    as the user wrote it).
    """
    if not isinstance(doc, dict):
        raise ProjectError(path, f"expected an object, got {_show(doc)}")
    params = list(params)
    known = {p.name: p for p in params}
    for key in doc:
        if key not in known:
            raise ProjectError(f"{path}.{key}", f"unknown key{_did_you_mean(key, known)}")
    out = {}
    for p in params:
        where = f"{path}.{p.name}"
        if p.name in doc:
            out[p.name] = p.check(doc[p.name], where)
        elif p.required:
            raise ProjectError(where, f"is required ({p.describe()})")
        elif keep_defaults:
            out[p.name] = p.default
    return out


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: Any) -> str:
    text = "null" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
