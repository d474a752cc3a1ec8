"""The loss, optimizer and learning-rate scheduler of a run, made from the catalogue entries the project names.

Everything a scheduler needs beyond the user's arguments (T_max from the
epochs, OneCycleLR's total steps, ReduceLROnPlateau's mode) comes from its
catalogue entry's `Derived` rules, the same ones the generated script writes.
"""

from __future__ import annotations

from workbench.core.catalogs.training import (
    LOSSES,
    ONE_HOT_LOSSES,
    OPTIMIZERS,
    SCHEDULERS,
    ScheduleFacts,
    scheduler_derived,
)
from workbench.core.project.schema import Training


def make_loss(training: Training, num_classes: int, train_counts: list[int], device):
    """The loss function; one-hot losses get their targets turned into vectors; 'balanced' weights computed."""
    import torch

    spec = training.loss
    kwargs = LOSSES[spec.type].kwargs(spec.args)
    if kwargs.get("weight") == "balanced":
        counts = torch.tensor(train_counts, dtype=torch.float32)
        kwargs["weight"] = torch.where(counts > 0, counts.sum() / (len(counts) * counts.clamp(min=1)), 0.0)
    fn = LOSSES[spec.type].resolve()(**kwargs).to(device)
    if spec.type in ONE_HOT_LOSSES:
        def one_hot_loss(out, y):
            return fn(out, torch.nn.functional.one_hot(y, num_classes).to(out.dtype))
        return one_hot_loss
    return fn


def make_optimizer(training: Training, params, device=None):
    """The optimizer the project names. On CUDA it runs as one fused kernel (``fused=True``) where PyTorch has
    one for it, else multi-tensor (``foreach=True``): the same update, fewer kernel launches per step."""
    op = OPTIMIZERS[training.optimizer.type]
    cls = op.resolve()
    kwargs = op.kwargs(training.optimizer.args)
    if getattr(device, "type", "cpu") == "cuda":
        kwargs.update(fast_update(cls, kwargs))
    return cls(params, **kwargs)


def fast_update(cls, kwargs: dict) -> dict:
    """``{"fused": True}`` or ``{"foreach": True}`` for optimizer class ``cls``, or {} (the user chose, or the
    class has neither)."""
    import inspect

    accepted = inspect.signature(cls).parameters
    if "fused" in kwargs or "foreach" in kwargs:
        return {}
    if "fused" in accepted and cls.__name__ in FUSED:
        return {"fused": True}
    return {"foreach": True} if "foreach" in accepted else {}


# The optimizers with a fused CUDA kernel (Adagrad's is CPU-only).
FUSED = ("Adam", "AdamW", "SGD")


def schedule_facts(training: Training, optimizer, batches_per_epoch: int | None, monitor_higher: bool) -> ScheduleFacts:
    return ScheduleFacts(training.epochs, batches_per_epoch, optimizer.param_groups[0]["lr"], dict(optimizer.defaults),
                         "max" if monitor_higher else "min")


def make_scheduler(training: Training, optimizer, facts: ScheduleFacts):
    spec = training.scheduler
    if spec is None:
        return None
    op = SCHEDULERS[spec.type]
    kwargs = op.kwargs(spec.args)
    for derived in scheduler_derived(spec.type, spec.args):
        kwargs[derived.name] = derived.value(facts)
    lrs = [group["lr"] for group in optimizer.param_groups]
    if len(lrs) > 1 and isinstance(kwargs.get("max_lr"), (int, float)):
        # One peak per parameter group, in the groups' proportions: a fine-tuned backbone keeps its lower rate.
        kwargs["max_lr"] = [kwargs["max_lr"] * lr / lrs[0] for lr in lrs]
    return op.resolve()(optimizer, **kwargs)


def stretch_schedule(training: Training, scheduler, facts: ScheduleFacts) -> None:
    """A resumed run may go further than the one that saved it: schedules tied to the run's length follow it."""
    spec = training.scheduler
    for derived in scheduler_derived(spec.type, spec.args):
        if derived.stretch:
            setattr(scheduler, derived.name, derived.value(facts))
