"""What a sweep varies: ``PATH=SPEC`` pairs, a project path (the dotted paths with list indices that the
project's own error messages use: ``training.optimizer.lr``, ``model.layers[4].out_features``) and a range or
choice (``log:1e-4:1e-1``, ``float:0:0.5``, ``int:16:256``, ``choice:SGD,Adam``).

A parameter that does not fit the project — a path that is not there, a value the project refuses — is one
error naming it, found before anything runs: every spec's ends (and every choice) are applied to a copy of
the project document and validated as a project file would be.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import ProjectError
from workbench.core.project.io import project_from_dict, project_to_dict
from workbench.core.project.schema import Project

KINDS = ("log", "float", "int", "choice")
GRID_POINTS = 5  # values a float or log range takes in a grid sweep


@dataclass(frozen=True)
class Param:
    path: str
    kind: str  # "log" | "float" | "int" | "choice"
    low: float | int | None = None
    high: float | int | None = None
    choices: tuple = ()

    @property
    def spec(self) -> str:
        if self.kind == "choice":
            return "choice:" + ",".join(str(c) for c in self.choices)
        return f"{self.kind}:{self.low}:{self.high}"

    def suggest(self, trial) -> Any:
        """The trial's value (Optuna's suggest_*; the path is the parameter's name in the study)."""
        if self.kind == "choice":
            return trial.suggest_categorical(self.path, list(self.choices))
        if self.kind == "int":
            return trial.suggest_int(self.path, int(self.low), int(self.high))
        return trial.suggest_float(self.path, float(self.low), float(self.high), log=self.kind == "log")

    def grid(self) -> list:
        """The values a grid sweep tries."""
        if self.kind == "choice":
            return list(self.choices)
        if self.kind == "int":
            span = int(self.high) - int(self.low)
            step = max(1, math.ceil(span / (GRID_POINTS - 1)))
            return sorted({*range(int(self.low), int(self.high) + 1, step), int(self.high)})
        if self.kind == "log":
            lo, hi = math.log10(self.low), math.log10(self.high)
            return [float(f"{10 ** (lo + (hi - lo) * i / (GRID_POINTS - 1)):.3g}") for i in range(GRID_POINTS)]
        return [self.low + (self.high - self.low) * i / (GRID_POINTS - 1) for i in range(GRID_POINTS)]

    def ends(self) -> list:
        return list(self.choices) if self.kind == "choice" else [self.low, self.high]


def parse_param(text: str) -> Param:
    """``PATH=SPEC`` from the command line; ProjectError naming the parameter when it is malformed."""
    path, sep, spec = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise ProjectError("--param", f"{text!r}: expected PATH=SPEC, e.g. training.optimizer.lr=log:1e-4:1e-1")
    kind, _, rest = spec.partition(":")
    if kind not in KINDS:
        raise ProjectError(path, f"{spec!r}: the range starts with one of {', '.join(k + ':' for k in KINDS)}")
    if kind == "choice":
        choices = tuple(_value(c.strip()) for c in rest.split(",") if c.strip())
        if not choices:
            raise ProjectError(path, f"{spec!r}: choice: needs at least one value (choice:A,B,C)")
        return Param(path, kind, choices=choices)
    parts = rest.split(":")
    try:
        low, high = (int(p) if kind == "int" else float(p) for p in parts)
    except ValueError:
        raise ProjectError(path, f"{spec!r}: expected {kind}:LOW:HIGH with two {'integers' if kind == 'int' else 'numbers'}") \
            from None
    if not low < high:
        raise ProjectError(path, f"{spec!r}: LOW must be less than HIGH")
    if kind == "log" and low <= 0:
        raise ProjectError(path, f"{spec!r}: a log range needs LOW > 0")
    return Param(path, kind, low, high)


def _value(text: str):
    """A choice as JSON would read it (numbers, true/false), else the text itself (an optimizer's name)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def apply(doc: dict, path: str, value) -> None:
    """Set ``path`` in a project document; ProjectError when the path does not lead anywhere in it. A leaf
    that is absent but allowed (a parameter left at its default) is added; the project's own validation
    then says whether it may be there."""
    steps = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(path)]
    if not steps or "".join(f".{s}" if isinstance(s, str) else f"[{s}]" for s in steps).lstrip(".") != path:
        raise ProjectError(path, "not a project path (e.g. training.optimizer.lr or model.layers[4].out_features)")
    node = doc
    for i, step in enumerate(steps[:-1]):
        where = _where(steps[:i + 1])
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                raise ProjectError(where, f"there is no such item (the list has {len(node) if isinstance(node, list) else 0})")
        elif not isinstance(node, dict) or step not in node or node[step] is None:
            raise ProjectError(where, "the project has nothing here to vary")
        node = node[step]
    last = steps[-1]
    if isinstance(last, int) or not isinstance(node, dict):
        raise ProjectError(path, "a sweep varies a value, not a whole list")
    node[last] = value


def _where(steps) -> str:
    return "".join(f".{s}" if isinstance(s, str) else f"[{s}]" for s in steps).lstrip(".")


def with_values(project: Project, values: dict[str, Any]) -> Project:
    """A copy of ``project`` with each path set to its value, validated as a project file."""
    doc = copy.deepcopy(project_to_dict(project))
    for path, value in values.items():
        apply(doc, path, value)
    return project_from_dict(doc, base_dir=project.base_dir)


def check_space(project: Project, params: list[Param]) -> None:
    """Every parameter's extremes fit the project (ProjectError naming the first that does not)."""
    seen = set()
    for p in params:
        if p.path in seen:
            raise ProjectError(p.path, "given twice")
        seen.add(p.path)
        for value in p.ends():
            with_values(project, {p.path: value})


def default_space(project: Project) -> list[Param]:
    """What to vary when nothing is named: the learning rate (a decade either side), the batch size around the
    project's, and the width of the first hidden Linear layer when there is one."""
    params = []
    lr = project.training.optimizer.args.get("lr")
    if lr is None:
        from workbench.core.catalogs.training import OPTIMIZERS

        lr = OPTIMIZERS[project.training.optimizer.type].kwargs({}).get("lr")
    if lr:
        params.append(Param("training.optimizer.lr", "log", float(f"{lr / 10:.3g}"), float(f"{min(lr * 10, 1.0):.3g}")))
    batch = project.data.loader.batch_size
    sizes = tuple(sorted({max(1, batch // 2), batch, batch * 2}))
    if len(sizes) > 1:
        params.append(Param("data.loader.batch_size", "choice", choices=sizes))
    linears = [i for i, op in enumerate(project.model.layers) if op.type == "Linear"]
    if len(linears) > 1 and project.model.layers[linears[0]].args.get("out_features"):
        width = int(project.model.layers[linears[0]].args["out_features"])
        params.append(Param(f"model.layers[{linears[0]}].out_features", "int", max(1, width // 2), width * 2))
    return params
