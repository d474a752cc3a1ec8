"""One epoch of training and one pass of validation, as plain functions (torchvision's references' shape).

The hot loop never synchronises with the device per batch: loss sums,
correct counts and the first non-finite batch are accumulated as device
tensors and read only when an event is due (at most ``EVENT_INTERVAL_S``).
Stop and pause are flags checked between batches.
"""

from __future__ import annotations

import math
import time

from workbench.core.i18n import _
from workbench.core.training import compiling, distributed
from workbench.core.training.events import BatchEnded
from workbench.core.training.run import Run

EVENT_INTERVAL_S = 0.1  # batch events at most 10 per second, whatever the batch rate


class Stopped(Exception):
    """A stop request was honoured mid-epoch."""


class Diverged(Exception):
    def __init__(self, epoch: int, batch: int, value: str):
        super().__init__(_("the loss became {value} at epoch {epoch}, batch {batch}").format(
            value=value, epoch=epoch, batch=batch))
        self.epoch, self.batch, self.value = epoch, batch, value


def forward(run: Run, model, x, y):
    """One batch onto the device and through the model and loss (under autocast when mixed precision is on).
    Returns (outputs, loss, targets on the device)."""
    import torch

    x = x.to(run.device, non_blocking=True, memory_format=run.memory_format)
    y = y.to(run.device, non_blocking=True)
    with torch.autocast(device_type=run.device.type, dtype=run.amp_dtype, enabled=run.amp_dtype is not None):
        out = model(x)
        return out, run.loss_fn(out, y), y


def training_step(run: Run, model, x, y):
    """Forward, backward and the optimizer step on one batch; returns (outputs, loss, targets on the device)."""
    if run.cuda_graphs and model is not run.eager_model:
        import torch

        torch.compiler.cudagraph_mark_step_begin()  # a new step: the graphs may reuse the last step's outputs
    out, loss, y = forward(run, model, x, y)
    run.optimizer.zero_grad(set_to_none=True)
    run.scaler.scale(loss).backward()
    run.scaler.step(run.optimizer)
    run.scaler.update()
    return out, loss, y


def train_one_epoch(run: Run, epoch: int) -> dict:
    """Train on every batch of the epoch; emit batch events; return the epoch's training metrics."""
    import torch

    model, device, control, dist = run.model, run.device, run.control, run.dist
    loader = run.loaders.train
    batches = len(loader)
    epochs = run.project.training.epochs
    model.train()
    zero = torch.zeros((), device=device)
    loss_sum, correct, window = zero.clone(), zero.clone(), zero.clone()
    first_bad = torch.full((), -1, device=device, dtype=torch.long)
    seen, window_batches, paused, before = 0, 0, 0.0, 0.0
    done = 0  # batches already trained in this epoch (a run resumed mid-epoch goes on after them)
    if run.position is not None:
        done, seen, before = run.position["batch"], run.position["seen"], run.position["seconds"]
        loss_sum, correct = run.position["loss_sum"].to(device), run.position["correct"].to(device)
        run.position = None
    lr = run.optimizer.param_groups[0]["lr"]
    started = time.perf_counter()
    last_event = -math.inf
    batches_left = iter(loader)  # (fetched only once the stop check passed: a fetch draws augmentation's RNG)
    for batch in range(done + 1, batches + 1):
        if not dist.active:  # a distributed run pauses and stops where its processes agree to (below)
            paused += control.wait_while_paused()
            if control.stop_requested:
                run.position = _position(batch - 1, loss_sum, correct, seen, time.perf_counter() - started - paused
                                          + before)
                raise Stopped()
        x, y = next(batches_left)
        if run.compile_pending:  # the first step compiles (or falls back to eager): announced and timed
            out, loss, y = compiling.first_step(run, lambda m: training_step(run, m, x, y))
            model = run.model
        else:
            out, loss, y = training_step(run, model, x, y)
        run.batches_in_epoch += 1
        run.step += 1
        for callback in run.callbacks:
            callback.on_train_batch_end(run)
        value = loss.detach().float()
        first_bad = torch.where((first_bad < 0) & ~torch.isfinite(value), batch, first_bad)
        n = y.shape[0]
        loss_sum += value * n
        window += value
        correct += (out.detach().argmax(1) == y).sum()
        seen += n
        window_batches += 1
        now = time.perf_counter()
        last = batch == batches
        if dist.active:
            if batch % distributed.SYNC_EVERY and not last:
                continue
            try:
                paused += _agree_to_go_on(run, first_bad, loss_sum, epoch, batch)  # every process at one batch
            except Stopped:
                run.position = _position(batch, loss_sum, correct, seen, now - started - paused + before)
                raise
        if now - last_event < EVENT_INTERVAL_S and not last:
            continue
        if not dist.active:
            bad = int(first_bad)  # the one host sync, at the event rate
            if bad >= 0:
                raise Diverged(epoch, bad, "NaN" if math.isnan(float(loss_sum)) else _("infinite"))
        elapsed = max(now - started - paused + before, 1e-9)
        remaining = (batches - batch) + batches * (epochs - epoch)
        event = BatchEnded(epoch, batch, batches, run.step - 1, float(window) / window_batches,
                           seen * dist.world_size / elapsed, run.optimizer.param_groups[0]["lr"],
                           remaining * elapsed / batch)
        run.emit(event)
        for callback in run.callbacks:
            callback.on_batch_reported(run, event)
        window.zero_()
        window_batches, last_event = 0, now
    elapsed = max(time.perf_counter() - started - paused + before, 1e-9)
    totals = torch.stack([loss_sum.float(), correct.float(), torch.tensor(float(seen), device=device)])
    distributed.all_sum(dist, totals)  # the whole data set's numbers, on every process
    loss_total, correct_total, seen_total = totals.tolist()
    return {"train_loss": loss_total / seen_total, "train_accuracy": correct_total / seen_total, "lr": lr,
            "samples_per_s": seen_total / elapsed, "paused_s": paused}


def _position(batch: int, loss_sum, correct, seen: int, seconds: float) -> dict:
    """Where an interrupted epoch stands (see Run.position): tensors kept as they are, so the resumed epoch's
    sums are the ones an uninterrupted epoch would have made."""
    return {"batch": batch, "loss_sum": loss_sum.detach().cpu(), "correct": correct.detach().cpu(), "seen": seen,
            "seconds": max(seconds, 0.0)}


def _agree_to_go_on(run: Run, first_bad, loss_sum, epoch: int, batch: int) -> float:
    """Distributed: stop, diverge or pause on every process together, or on none (one process waiting alone
    would leave the others in a collective until it times out). Returns the seconds spent paused."""
    import torch

    def flags() -> tuple[float, float, float]:
        control = run.control
        t = torch.tensor([float(int(first_bad) >= 0), float(control.stop_requested), float(control.paused)],
                         device=first_bad.device)
        distributed.all_sum(run.dist, t)
        return tuple(t.tolist())

    diverged, stop, pause = flags()
    waited = 0.0
    started = time.perf_counter()
    while pause and not stop and not diverged:  # rank 0 holds the pause; every process checks back together
        time.sleep(0.1)
        diverged, stop, pause = flags()
        waited = time.perf_counter() - started
    if diverged:
        where = int(first_bad) if int(first_bad) >= 0 else batch
        raise Diverged(epoch, where, "NaN" if math.isnan(float(loss_sum)) else _("not finite"))
    if stop:
        raise Stopped()
    return waited


def evaluate(run: Run) -> tuple[dict, list[list[int]] | None]:
    """Validation metrics and the confusion matrix ([true][predicted]) over the whole validation split."""
    import torch

    if run.loaders.val is None:
        return {"val_loss": None, "val_accuracy": None, "val_top5": None}, None
    # The plain model, not the DDP wrapper: processes may hold different numbers of validation batches.
    model, device, classes, control = run.net, run.device, run.bundle.num_classes, run.control
    model.eval()
    zero = torch.zeros((), device=device)
    loss_sum, correct, top5 = zero.clone(), zero.clone(), zero.clone()
    confusion = torch.zeros(classes * classes, device=device, dtype=torch.long)
    seen = 0
    with torch.inference_mode():
        for x, y in run.loaders.val:
            if not run.dist.active:  # distributed: the processes agree on pausing and stopping while training
                control.wait_while_paused()
                if control.stop_requested:
                    raise Stopped()
            out, loss, y = forward(run, model, x, y)
            pred = out.argmax(1)
            loss_sum += loss.float() * y.shape[0]
            correct += (pred == y).sum()
            if classes > 5:
                top5 += (out.topk(5, dim=1).indices == y[:, None]).any(1).sum()
            confusion += torch.bincount(y * classes + pred, minlength=classes * classes)
            seen += y.shape[0]
    totals = torch.stack([loss_sum.float(), correct.float(), top5.float(), torch.tensor(float(seen), device=device)])
    distributed.all_sum(run.dist, totals, confusion)
    loss_total, correct_total, top5_total, seen_total = totals.tolist()
    stats = {"val_loss": loss_total / seen_total, "val_accuracy": correct_total / seen_total,
             "val_top5": top5_total / seen_total if classes > 5 else None}
    return stats, confusion.view(classes, classes).tolist()
