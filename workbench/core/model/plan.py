"""What shape inference reports: one row per layer, totals, the first error and advice.

Plain dataclasses shared by the layer-stack builder and the torchvision bases
(and read by the window's model table, the summary command and the code view).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from workbench.core.errors import ModelError, layer_path
from workbench.core.i18n import _


@dataclass
class LayerPlan:
    index: int
    type: str
    kwargs: dict  # constructor arguments, inferred sizes filled in
    input_shape: list[int]
    output_shape: list[int] | None = None
    params: int = 0
    trainable: int = 0
    # Where the layer is: (index,) at the top, (3, "branches", 1, 0) inside blocks (see errors.layer_path).
    position: tuple = ()
    # A block's rows, by slot as the project holds them: {"layers": [...], "shortcut": [...]} for a Residual,
    # {"branches": [[...], [...]]} for Branches; None for a layer.
    children: dict | None = None

    def __post_init__(self):
        self.position = self.position or (self.index,)

    def inner(self) -> list["LayerPlan"]:
        """A block's rows one level down, in the order they are shown (body before shortcut, branch by branch)."""
        rows: list[LayerPlan] = []
        for value in (self.children or {}).values():
            for item in value:
                rows += item if isinstance(item, list) else [item]
        return rows


@dataclass
class Advice:
    index: int | tuple | None  # the top-level row, or a position inside a block as in ModelError
    message: str

    @property
    def position(self) -> tuple | None:
        return self.index if isinstance(self.index, tuple) or self.index is None else (self.index,)

    @property
    def row(self) -> int | None:
        """The top-level row it concerns."""
        return None if self.index is None else self.position[0]

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        return _("{where}: {message}").format(where=layer_path(self.position), message=self.message)


@dataclass
class ModelPlan:
    """What the summary table shows: one row per layer, totals, the first error and advice."""

    input_shape: list[int]
    layers: list[LayerPlan] = field(default_factory=list)
    error: ModelError | None = None
    advice: list[Advice] = field(default_factory=list)

    @property
    def output_shape(self) -> list[int] | None:
        return None if self.error or not self.layers else self.layers[-1].output_shape

    def walk(self) -> Iterator[tuple[int, LayerPlan]]:
        """Every row, blocks' inner rows after their block, with its depth (0 at the top)."""
        def rows(items, depth):
            for row in items:
                yield depth, row
                yield from rows(row.inner(), depth + 1)
        return rows(self.layers, 0)

    def leaves(self) -> list[LayerPlan]:
        """The rows of layers (not blocks), in the order they run."""
        return [row for _depth, row in self.walk() if row.children is None]

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable for layer in self.layers)

    def to_json(self) -> dict:
        return {
            "input_shape": list(self.input_shape),
            "layers": [_row_json(lp) for lp in self.layers],
            "output_shape": self.output_shape,
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "warnings": [str(a) for a in self.advice],
            "error": str(self.error) if self.error else None,
        }


def _row_json(lp: LayerPlan) -> dict:
    row = {"index": lp.index, "type": lp.type, "output_shape": lp.output_shape, "params": lp.params}
    if lp.children is not None:
        row["path"] = layer_path(lp.position)
        row["layers"] = [_row_json(child) for child in lp.inner()]
    elif len(lp.position) > 1:
        row["path"] = layer_path(lp.position)
    return row


def fmt_shape(shape, sep: str = ", ") -> str:
    return "(" + sep.join(str(s) for s in shape) + ")" if sep == ", " else sep.join(str(s) for s in shape)


def first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
