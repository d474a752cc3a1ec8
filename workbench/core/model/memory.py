"""How much memory a training step needs, before any of it is spent: weights, their gradients, the optimizer's
state and the activations one batch keeps for the backward pass, at the project's batch size and precision.

The estimate counts tensors; it leaves out the framework itself (PyTorch's libraries, a few hundred MB) and the
allocator's slack. docs/reliability.md gives its measured error against the real peak (bench/bench_memory.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbench.core.catalogs.training import OPTIMIZER_STATE_COPIES
from workbench.core.i18n import _
from workbench.core.model.plan import ModelPlan
from workbench.core.project.schema import Project

FLOAT_BYTES = 4


@dataclass
class MemoryEstimate:
    weights: int  # bytes
    gradients: int
    optimizer: int
    activations: int
    batch_size: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer + self.activations

    def describe(self) -> str:
        return _("about {total} to train (weights {weights}, gradients {gradients}, optimizer state {optimizer}, "
                 "activations for a batch of {batch} {activations})").format(
            total=gib(self.total), weights=gib(self.weights), gradients=gib(self.gradients),
            optimizer=gib(self.optimizer), batch=self.batch_size, activations=gib(self.activations))

    def to_json(self) -> dict:
        return {"weights": self.weights, "gradients": self.gradients, "optimizer": self.optimizer,
                "activations": self.activations, "total": self.total, "batch_size": self.batch_size}


def estimate_training_memory(plan: ModelPlan, project: Project) -> MemoryEstimate:
    """``plan``: the model's layer plan (shapes and parameter counts) for the project's data."""
    t = project.training
    batch = project.data.loader.batch_size
    trainable = plan.trainable_params
    copies = OPTIMIZER_STATE_COPIES.get(t.optimizer.type, lambda args: 2)(t.optimizer.args)
    # torch's multi-tensor ("foreach") optimizer steps allocate one more copy of the parameters while they run.
    copies += 1
    # Under autocast most activations are kept in 16 bits.
    act_bytes = 2 if t.mixed_precision in ("fp16", "bf16") else FLOAT_BYTES
    outputs = [math.prod(lp.output_shape) for lp in plan.leaves() if lp.output_shape]
    # Autograd keeps about one tensor per layer for the backward pass; while it runs, a layer's gradient and its
    # input's gradient exist at once (twice the largest output).
    per_sample = math.prod(plan.input_shape) + sum(outputs) + 2 * max(outputs, default=0)
    return MemoryEstimate(weights=plan.total_params * FLOAT_BYTES, gradients=trainable * FLOAT_BYTES,
                          optimizer=trainable * FLOAT_BYTES * copies, activations=batch * per_sample * act_bytes,
                          batch_size=batch)


def gib(n: int) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"
