"""Losses, optimizers and learning-rate schedulers the training panel offers, as tables.

A scheduler's entry is the one definition of how it runs: when it steps (every
batch or every epoch), whether its step takes the monitored metric, and which
arguments are filled from the rest of the project. The engine, the generated
script and the forms all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from workbench.core.catalogs.base import Catalog, OpType, Param
from workbench.core.i18n import N_

LOSSES = Catalog(N_("loss"), [
    OpType("CrossEntropyLoss", "torch.nn.CrossEntropyLoss", (
        Param("label_smoothing", "float", 0.0, min=0, max=1),
        Param("weight", "choice", None, choices=("balanced",), nullable=True,
              help=N_("'balanced' weighs each class by the inverse of its share of the training set")),
    ), doc=N_("Classification from raw scores (applies log-softmax itself).")),
    OpType("NLLLoss", "torch.nn.NLLLoss", (
        Param("weight", "choice", None, choices=("balanced",), nullable=True),
    ), doc=N_("Classification from log-probabilities (end the model with LogSoftmax).")),
    OpType("BCEWithLogitsLoss", "torch.nn.BCEWithLogitsLoss", (),
           doc=N_("Independent yes/no per class from raw scores; targets are one-hot.")),
    OpType("MSELoss", "torch.nn.MSELoss", (), doc=N_("Squared error against one-hot targets.")),
    OpType("L1Loss", "torch.nn.L1Loss", (), doc=N_("Absolute error against one-hot targets.")),
])

# Losses that compare scores with one-hot vectors rather than class indices.
ONE_HOT_LOSSES = {"BCEWithLogitsLoss", "MSELoss", "L1Loss"}

_LR = Param("lr", "float", 1e-3, min=0, min_exclusive=True, help=N_("learning rate"))
_WD = Param("weight_decay", "float", 0.0, min=0)

OPTIMIZERS = Catalog(N_("optimizer"), [
    OpType("SGD", "torch.optim.SGD", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help=N_("learning rate")),
        Param("momentum", "float", 0.0, min=0, max=1),
        Param("nesterov", "bool", False),
        _WD,
    )),
    OpType("Adam", "torch.optim.Adam", (_LR, _WD)),
    OpType("AdamW", "torch.optim.AdamW", (_LR, Param("weight_decay", "float", 0.01, min=0))),
    OpType("RMSprop", "torch.optim.RMSprop", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help=N_("learning rate")),
        Param("alpha", "float", 0.99, min=0, max=1),
        Param("momentum", "float", 0.0, min=0, max=1),
        _WD,
    )),
    OpType("Adagrad", "torch.optim.Adagrad", (
        Param("lr", "float", 0.01, min=0, min_exclusive=True, help=N_("learning rate")), _WD)),
])

# How many tensors the size of the trainable parameters each optimizer keeps (its state), from its arguments:
# what a training step's memory estimate counts for it.
OPTIMIZER_STATE_COPIES = {
    "SGD": lambda args: 1 if args.get("momentum") else 0,
    "Adam": lambda args: 2,  # exp_avg, exp_avg_sq
    "AdamW": lambda args: 2,
    "RMSprop": lambda args: 1 + (1 if args.get("momentum") else 0),
    "Adagrad": lambda args: 1,
}


@dataclass(frozen=True)
class ScheduleFacts:
    """What a scheduler's derived arguments are computed from (known once the run is set up)."""

    epochs: int
    batches_per_epoch: int | None  # None where it is not known (the generated script computes it)
    lr: float  # the optimizer's learning rate
    optimizer_defaults: dict  # torch's optimizer.defaults: tells whether it has momentum
    monitor_mode: str  # "min" or "max": how the monitored metric improves


@dataclass(frozen=True)
class Derived:
    """A scheduler argument filled from the rest of the project: T_max from the epochs, OneCycleLR's total steps.

    The engine calls ``value(facts)``; the generated script writes ``code`` (an expression over its own
    variables) or, without one, the value itself. ``user_arg``: a catalogue argument the user may set, filled
    only when left empty (otherwise an argument the app always sets). ``stretch``: an attribute of the
    scheduler that follows the run's length when a resumed run goes further than the one that saved it.
    """

    name: str
    value: Callable[[ScheduleFacts], Any]
    code: str | None = None
    user_arg: bool = False
    stretch: bool = False


def _has_momentum(facts: ScheduleFacts) -> bool:
    d = facts.optimizer_defaults
    return "betas" in d or d.get("momentum", 0) > 0


def scheduler_interval(name: str) -> str:
    """"batch" or "epoch": when the scheduler steps."""
    return SCHEDULERS[name].extra.get("interval", "epoch")


def scheduler_steps_with_metric(name: str) -> bool:
    """True for a scheduler whose step() takes the monitored metric (ReduceLROnPlateau)."""
    return bool(SCHEDULERS[name].extra.get("steps_with_metric"))


def scheduler_derived(name: str, args: dict) -> list[Derived]:
    """The derived arguments that apply to a scheduler with these user arguments."""
    return [d for d in SCHEDULERS[name].extra.get("derived", ()) if not d.user_arg or args.get(d.name) is None]


SCHEDULERS = Catalog(N_("scheduler"), [
    OpType("StepLR", "torch.optim.lr_scheduler.StepLR", (
        Param("step_size", "int", 10, min=1, help=N_("epochs between decays")),
        Param("gamma", "float", 0.1, min=0, min_exclusive=True),
    )),
    OpType("MultiStepLR", "torch.optim.lr_scheduler.MultiStepLR", (
        Param("milestones", "int_list", [10, 20], min=1, help=N_("epochs at which lr is multiplied by gamma")),
        Param("gamma", "float", 0.1, min=0, min_exclusive=True),
    )),
    OpType("ExponentialLR", "torch.optim.lr_scheduler.ExponentialLR", (
        Param("gamma", "float", 0.95, min=0, min_exclusive=True),
    )),
    OpType("CosineAnnealingLR", "torch.optim.lr_scheduler.CosineAnnealingLR", (
        Param("T_max", "int", None, min=1, nullable=True, help=N_("epochs of one half-cosine; default: all epochs")),
        Param("eta_min", "float", 0.0, min=0),
    ), extra={"derived": (Derived("T_max", lambda f: f.epochs, "EPOCHS", user_arg=True, stretch=True),)}),
    OpType("OneCycleLR", "torch.optim.lr_scheduler.OneCycleLR", (
        Param("max_lr", "float", None, min=0, min_exclusive=True, nullable=True,
              help=N_("default: 10 x the optimizer's lr")),
        Param("pct_start", "float", 0.3, min=0, max=1, min_exclusive=True),
    ), doc=N_("Steps every batch, not every epoch."), extra={"interval": "batch", "derived": (
        Derived("max_lr", lambda f: 10 * f.lr, user_arg=True),
        Derived("total_steps", lambda f: f.epochs * f.batches_per_epoch, "EPOCHS * len(train_loader)",
                stretch=True),
        # Cycling momentum only where the optimizer has some (Adam's beta1, SGD with momentum).
        Derived("cycle_momentum", _has_momentum,
                "'betas' in optimizer.defaults or optimizer.defaults.get('momentum', 0) > 0"),
    )}),
    OpType("ReduceLROnPlateau", "torch.optim.lr_scheduler.ReduceLROnPlateau", (
        Param("factor", "float", 0.1, min=0, max=1, min_exclusive=True),
        Param("patience", "int", 10, min=0),
        Param("min_lr", "float", 0.0, min=0),
    ), doc=N_("Lowers lr when the monitored validation metric stops improving."),
        extra={"steps_with_metric": True, "derived": (Derived("mode", lambda f: f.monitor_mode),)}),
])
