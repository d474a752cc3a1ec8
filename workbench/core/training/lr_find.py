"""The learning-rate finder: Leslie Smith's range test, as fastai's and Lightning's ``lr_find`` run it.

Training is set up exactly as `train` sets it up (engine.build_run: the same
seed, data, model, initial weights, loss, optimizer and precision). Then, for
``steps`` batches — the training batches again from the start when there are
fewer — the optimizer's learning rate rises exponentially from ``min_lr`` to
``max_lr`` while each batch's loss is recorded, with an exponential moving
average of it (bias-corrected; beta 0.98 for 100 steps, `smoothing`) that
shows the trend through the noise. The test ends early once the smoothed loss is more than 4× its best,
or a loss is NaN or infinite: the curve says nothing more past that point.

The suggestion is the rate at which the smoothed loss falls fastest: the
steepest negative slope against log(lr), leaving out the first tenth of the
steps (the average is still settling) and the last one (Lightning's
``suggestion()``), looked for only on the way down to the lowest loss (after
a spike the average falls again as the loss recovers: that is no rate to
train at). Not "the minimum / 10": the minimum sits just before the
divergence, and where it falls depends on how far the test went; the steepest
descent is a rate at which the model was seen to learn fast. It is rounded to
two significant digits: a rate to type into the project, not a measurement.

Afterwards the weights, the optimizer's state, the loss scaler, the random
generators and the loader's epoch are restored: a run that the finder was
given (`range_test`) goes on as if it had never run. `find_lr` writes
nothing to disk and leaves no run directory: the finder trains nothing worth
keeping and takes seconds to repeat, and a run folder without a trained model
would only clutter the Runs tab. The curve goes to the caller (the CLI prints
it, the window plots it).
"""

from __future__ import annotations

import copy
import math
import time
from pathlib import Path
from typing import Callable, Iterable

from workbench.core.data.datasets import DataBundle
from workbench.core.errors import OutOfMemory, ProjectError, WorkbenchError
from workbench.core.i18n import _
from workbench.core.project.io import with_absolute_paths
from workbench.core.project.schema import Project
from workbench.core.training.checkpoints import restore_rng, rng_state
from workbench.core.training.device import out_of_memory_message
from workbench.core.training.distributed import Dist
from workbench.core.training.engine import Request, build_run
from workbench.core.training.epochs import EVENT_INTERVAL_S, Stopped, forward
from workbench.core.training.events import Event, LrFinderResult, LrFinderStep, RunControl
from workbench.core.training.run import Run

STEPS, MIN_LR, MAX_LR = 100, 1e-7, 10.0
MIN_STEPS = 10  # fewer leave no curve to read a slope from
BETA = 0.98  # the moving average's weight on the past (fastai's and Lightning's, for their 100 steps)
DIVERGED = 4.0  # the smoothed loss this many times its best: the test has gone past the useful rates

Listener = Callable[[Event], None]


def check_range(steps: int, min_lr: float, max_lr: float,
                names: tuple[str, str, str] = ("steps", "min_lr", "max_lr")) -> None:
    """Raise ProjectError (naming the setting as ``names`` call it) for a range the test cannot run."""
    if steps < MIN_STEPS:
        raise ProjectError(names[0], _("expected an integer of at least {low}, got {value}").format(low=MIN_STEPS,
                                                                                                   value=steps))
    for name, value in zip(names[1:], (min_lr, max_lr)):
        if not (math.isfinite(value) and value > 0):
            raise ProjectError(name, _("expected a positive learning rate, got {value}").format(value=f"{value:g}"))
    if min_lr >= max_lr:
        raise ProjectError(names[2], _("expected a rate above {name} ({low}), got {value}").format(
            name=names[1], low=f"{min_lr:g}", value=f"{max_lr:g}"))


def find_lr(project: Project, *, steps: int = STEPS, min_lr: float = MIN_LR, max_lr: float = MAX_LR,
            listeners: Iterable[Listener] = (), control: RunControl | None = None, device: str | None = None,
            data: DataBundle | None = None, init_weights: str | Path | None = None, trust_pickle: bool = False,
            check_memory: bool = True) -> LrFinderResult:
    """Run the range test on ``project`` (left unchanged) and return the curve and the suggestion.

    Listeners hear RunWarning (small data, as training says it), LrFinderStep (at most ten a second) and, last,
    the LrFinderResult returned. Bad input raises the WorkbenchError that `train` raises for it; a stop
    requested through ``control`` raises epochs.Stopped.
    """
    check_range(steps, min_lr, max_lr)
    project = with_absolute_paths(project)  # a copy: the overrides below stay in it
    if device is not None:
        project.training.device = device
    listeners = list(listeners)

    def emit(event: Event) -> None:
        for listener in listeners:
            listener(event)

    request = Request(init_weights=init_weights, data=data, trust_pickle=trust_pickle, check_memory=check_memory)
    run = None
    try:
        run, _start, _facts = build_run(project, emit, control or RunControl(), request, Dist())
        for warning in run.bundle.warnings(project.data.loader.batch_size):
            run.warn(warning)
        result = range_test(run, steps, min_lr, max_lr)
    except WorkbenchError:
        raise
    except Exception as e:
        message = out_of_memory_message(e, project.data.loader.batch_size, run.device if run else None)
        if message is None:
            raise
        raise OutOfMemory(message) from None
    emit(result)
    return result


def range_test(run: Run, steps: int = STEPS, min_lr: float = MIN_LR, max_lr: float = MAX_LR) -> LrFinderResult:
    """The test on a run's model, optimizer and training batches; all of them are as before when it returns
    (or raises). Emits LrFinderStep through ``run.emit``; honours the run's stop and pause between batches."""
    check_range(steps, min_lr, max_lr)
    saved = _snapshot(run)
    lrs: list[float] = []
    losses: list[float] = []
    smoothed: list[float] = []
    beta = smoothing(steps)
    reason, average, best = "completed", 0.0, math.inf
    started = time.perf_counter()
    last_event = -math.inf
    batches = _cycle(run.loaders.train)
    try:
        run.model.train()
        for i in range(steps):
            run.control.wait_while_paused()
            if run.control.stop_requested:
                raise Stopped()
            lr = min_lr * (max_lr / min_lr) ** (i / (steps - 1))
            for group in run.optimizer.param_groups:
                group["lr"] = lr
            x, y = next(batches)
            _outputs, loss, _targets = forward(run, run.model, x, y)
            run.optimizer.zero_grad(set_to_none=True)
            run.scaler.scale(loss).backward()
            run.scaler.step(run.optimizer)
            run.scaler.update()
            value = float(loss.detach())  # a sync per step: the next step depends on whether this one diverged
            if not math.isfinite(value):
                reason = "diverged"
                break
            average = beta * average + (1 - beta) * value
            smooth = average / (1 - beta ** (i + 1))
            lrs.append(lr)
            losses.append(value)
            smoothed.append(smooth)
            best = min(best, smooth)
            diverged = i > 0 and smooth > DIVERGED * best
            now = time.perf_counter()
            if now - last_event >= EVENT_INTERVAL_S or diverged or i == steps - 1:
                run.emit(LrFinderStep(i + 1, steps, lr, value, smooth))
                last_event = now
            if diverged:
                reason = "diverged"
                break
    finally:
        batches.close()
        _restore(run, saved)
    suggested, note = suggest(lrs, smoothed, skip_begin=min(10, steps // 10))
    if reason == "diverged" and lrs:
        note = (note + " " if note else "") + _("The loss diverged at lr {lr}: the test stopped there.").format(
            lr=f"{lrs[-1]:.2g}")
    return LrFinderResult(suggested, lrs, losses, smoothed, reason, note, time.perf_counter() - started)


def smoothing(steps: int) -> float:
    """The moving average's beta: 0.98 for 100 steps or more; a shorter test averages over as large a part of
    itself (0.95 for 40 steps), else the average would still lag the loss by half the curve."""
    return min(BETA, 1 - 2 / steps)


def suggest(lrs: list[float], smoothed: list[float], skip_begin: int = 10,
            skip_end: int = 1) -> tuple[float | None, str]:
    """The rate where the smoothed loss falls fastest (against log lr) on its way down to its lowest point,
    rounded to two significant digits; or None and why."""
    import numpy as np

    lo, hi = skip_begin, len(smoothed) - skip_end
    if hi - lo < 3:
        return None, _("The test ended after {steps} steps, too soon to see where the loss falls: lower the "
                       "lowest rate or take more steps.").format(steps=len(smoothed))
    # Only the way down counts: after a spike the average falls again as the loss recovers, which is not
    # a rate the model learns well at.
    hi = lo + int(np.argmin(smoothed[lo:hi])) + 1
    if hi - lo >= 2:
        slope = np.gradient(np.array(smoothed[lo:hi]), np.log10(np.array(lrs[lo:hi])))
        k = int(np.argmin(slope))
        if slope[k] < 0:
            return float(f"{lrs[lo + k]:.2g}"), ""
    return None, _("The loss did not fall anywhere in the range: widen it, or check the data and the model (the "
                   "labels, the last layer's size).")


def loss_range(smoothed: list[float]) -> tuple[float, float]:
    """The part of the loss axis worth drawing: from the lowest smoothed loss to a tenth above the highest one
    before it. A diverging tail (up to 4× the best, or far more for the raw loss) would squash the fall that
    the suggestion is read from."""
    lowest = min(smoothed)
    top = max(smoothed[:smoothed.index(lowest) + 1])
    return lowest, top + 0.1 * ((top - lowest) or abs(top) or 1.0)


# ---------------------------------------------------------------------------

def _cycle(loader):
    """The training batches, epoch after epoch (each in its own order, as training would see them)."""
    epoch = 0
    while True:
        epoch += 1
        loader.set_epoch(epoch)
        yield from loader


def _snapshot(run: Run) -> dict:
    import numpy as np

    return {"model": {k: v.detach().clone() for k, v in run.net.state_dict().items()},
            "optimizer": copy.deepcopy(run.optimizer.state_dict()),
            "scaler": copy.deepcopy(run.scaler.state_dict()) if run.scaler.is_enabled() else None,
            "rng": rng_state(), "numpy": np.random.get_state(), "training": run.net.training}


def _restore(run: Run, saved: dict) -> None:
    import numpy as np

    run.net.load_state_dict(saved["model"])  # copied into the same tensors: the optimizer still holds them
    run.optimizer.load_state_dict(saved["optimizer"])
    if saved["scaler"] is not None:
        run.scaler.load_state_dict(saved["scaler"])
    restore_rng(saved["rng"])
    np.random.set_state(saved["numpy"])
    run.net.train(saved["training"])
    run.loaders.train.set_epoch(0)
