"""What shape inference reports: one row per layer, totals, the first error and advice.

Plain dataclasses shared by the layer-stack builder and the torchvision bases
(and read by the window's model table, the summary command and the code view).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.errors import ModelError
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


@dataclass
class Advice:
    index: int | None
    message: str

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        return _("{where}: {message}").format(where=f"model.layers[{self.index}]", message=self.message)


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

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable for layer in self.layers)

    def to_json(self) -> dict:
        return {
            "input_shape": list(self.input_shape),
            "layers": [{"index": lp.index, "type": lp.type, "output_shape": lp.output_shape,
                        "params": lp.params} for lp in self.layers],
            "output_shape": self.output_shape,
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "warnings": [str(a) for a in self.advice],
            "error": str(self.error) if self.error else None,
        }


def fmt_shape(shape, sep: str = ", ") -> str:
    return "(" + sep.join(str(s) for s in shape) + ")" if sep == ", " else sep.join(str(s) for s in shape)


def first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
