"""The training engine: the primer's train/validate loop, run from a project, reporting events.

``train(project, listeners=..., control=...)`` prepares data, model, loss,
optimizer and scheduler from the project (`set_up`), then loops over epochs:
`train_one_epoch`, `evaluate`, and the callbacks (best model, early stopping,
scheduler stepping, checkpoints, TensorBoard) at each epoch's end. Progress
goes to any number of listeners as events (events.py); stop and pause are
flags on a `RunControl` checked between batches.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from workbench.core.data.datasets import DataBundle, prepare_data
from workbench.core.errors import CheckpointError, DataError, NotEnoughMemory, OutOfMemory, ProjectError, WorkbenchError
from workbench.core.i18n import _, ngettext
from workbench.core.model.builder import build_model, head_modules, plan_model
from workbench.core.project.io import with_absolute_paths
from workbench.core.project.schema import Project
from workbench.core.storage.model_files import load_state_dict_checked, weights_of
from workbench.core.training import compiling, distributed, finetune
from workbench.core.training.callbacks import Callback, default_callbacks, restore_callbacks
from workbench.core.training.checkpoints import Checkpoint, load_checkpoint, restore_rng
from workbench.core.training.device import (
    autocast_dtype,
    describe,
    memory_verdict,
    out_of_memory_message,
    resolve_device,
)
from workbench.core.training.epochs import Diverged, Stopped, evaluate, train_one_epoch
from workbench.core.training.events import EpochEnded, Event, Failed, Finished, RunControl, RunStarted
from workbench.core.training.loaders import make_loaders
from workbench.core.training.optim import make_loss, make_optimizer, make_scheduler, schedule_facts, stretch_schedule
from workbench.core.training.run import Run
from workbench.core.training.runs import make_run_dir, update_run_json, write_project_copy
from workbench.core.training.weights import fit_weights, load_fitted, read_state_dict

Listener = Callable[[Event], None]


@dataclass
class Request:
    """How a run starts, beyond the project: where it writes, what it continues or starts from."""

    out_dir: Path | None = None
    resume: str | Path | None = None  # a last.pt / best.pt to continue
    init_weights: str | Path | None = None  # weights to start from (fine-tuning): a state_dict or a checkpoint
    data: DataBundle | None = None  # already prepared (the caller checked the data)
    trust_pickle: bool = False  # the user chose to open files that need unpickling
    callbacks: list = field(default_factory=list)  # run after the default ones (e.g. a sweep's pruning)
    check_memory: bool = True  # refuse to start when the estimated memory is more than the device has


def train(project: Project, *, listeners: Iterable[Listener] = (), control: RunControl | None = None,
          out_dir: Path | None = None, resume: str | Path | None = None, epochs: int | None = None,
          device: str | None = None, data: DataBundle | None = None, trust_pickle: bool = False,
          callbacks: Iterable[Callback] = (), init_weights: str | Path | None = None,
          check_memory: bool = True) -> Finished:
    """Run the project. Returns the Finished event; raises WorkbenchError for bad input (after a Failed event).

    ``trust_pickle`` lets ``resume`` or ``init_weights`` open a file that needs unpickling (only after the user
    chose to). ``callbacks`` run after the default ones (e.g. a sweep's pruning). ``check_memory``: refuse to
    start (NotEnoughMemory) when the training step's estimated memory is more than the device has.
    """
    if resume is not None and init_weights is not None:
        raise WorkbenchError(_("resume a run or start from weights, not both: --resume continues a run with its "
                               "optimizer and epoch; --init-weights starts a new run from the weights"))
    request = Request(out_dir, resume, init_weights, data, trust_pickle, list(callbacks), check_memory)
    project = with_absolute_paths(project)  # what the run writes (checkpoints too) points at the data from anywhere
    if epochs is not None:
        project.training.epochs = epochs
    if device is not None:
        project.training.device = device
    dist = distributed.from_env()
    listeners = list(listeners)

    def emit(event: Event) -> None:
        if dist.is_main:  # in a distributed run, rank 0 speaks for all
            for listener in listeners:
                listener(event)

    run: Run | None = None
    holder: dict = {}  # the run directory as soon as it exists, for the Failed event of a failed set-up
    try:
        run = set_up(project, emit, control or RunControl(), request, dist, holder)
        return _loop(run)
    except KeyboardInterrupt:
        if run is not None:
            _interrupted(run)
        emit(Failed(_("interrupted; last.pt written"), holder.get("run_dir")))
        raise
    except WorkbenchError as e:
        emit(Failed(str(e), holder.get("run_dir")))
        raise
    except Exception as e:
        message = out_of_memory_message(e, project.data.loader.batch_size, run.device if run else None)
        if message is not None:  # building the model or a batch did not fit: no traceback, nothing half-written
            kept = _last_good(holder.get("run_dir"))
            message += _(" ({kept})").format(kept=kept) if kept else ""
            emit(Failed(message, holder.get("run_dir")))
            raise OutOfMemory(message) from None
        emit(Failed(_("unexpected error ({kind}): {reason}").format(kind=type(e).__name__, reason=e),
                    holder.get("run_dir")))
        raise
    finally:
        for callback in run.callbacks if run is not None else ():
            callback.close()
        distributed.leave(dist)


def _last_good(run_dir: str | None) -> str:
    """What a run that had to stop left to go on from: its last.pt of the last finished epoch."""
    if not run_dir or not (Path(run_dir) / "last.pt").is_file():
        return ""
    return _("last.pt in {folder} is kept").format(folder=run_dir)


def check_project(project: Project, data: DataBundle | None = None):
    """What must hold before a run can start: readable data, a model that fits it, at least one batch.

    Raises WorkbenchError naming the problem; returns the prepared data and the model's plan.
    """
    bundle = data or prepare_data(project)
    if bundle.size_problem:  # no batch could be stacked: said before anything starts
        raise DataError(bundle.size_problem)
    shape = bundle.input_shape
    if project.model.input_shape is not None and list(project.model.input_shape) != list(shape):
        raise DataError(_("model.input_shape is {given} but the data gives {shape} after the transforms: change the "
                          "transforms (e.g. Resize, Grayscale) or clear model.input_shape").format(
            given=list(project.model.input_shape), shape=shape))
    plan = plan_model(project, shape, bundle.num_classes)
    if plan.error:
        raise plan.error
    loader = project.data.loader
    if loader.drop_last and len(bundle.train) < loader.batch_size:
        raise DataError(_("data.loader.batch_size {size} with drop_last leaves no batch of the {count} training "
                          "samples: lower the batch size").format(size=loader.batch_size, count=len(bundle.train)))
    return bundle, plan


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


# ---------------------------------------------------------------------------

def set_up(project: Project, emit, control: RunControl, request: Request, dist, holder: dict) -> Run:
    """Everything a run needs, from the project (and a checkpoint to resume, or weights to start from); emits
    RunStarted."""
    import torch

    t = project.training
    resume = load_checkpoint(request.resume, request.trust_pickle) if request.resume else None
    if resume is not None and resume.project.model != project.model:
        raise CheckpointError(_("{path}: it was trained with a different model than this project's; resume with "
                                "the project stored in its run folder (project.json)").format(path=resume.path))
    if resume is not None and resume.epoch >= t.epochs:  # there would be nothing to train: say so, run nothing
        raise ProjectError("training.epochs", _("{file} has already trained {done} of {epochs} epochs: raise epochs "
                                                "to train on from it").format(file=resume.path.name, done=resume.epoch,
                                                                              epochs=t.epochs))
    run, start, facts = build_run(project, emit, control, request, dist)
    if not dist.is_main:
        run.run_dir = None  # only rank 0 writes files
    elif resume is not None and request.out_dir is None:
        run.run_dir = resume.path.parent
    else:
        run.run_dir = make_run_dir(project, request.out_dir)
    holder["run_dir"] = str(run.run_dir) if run.run_dir else None
    if run.run_dir is not None:
        extra = {"world_size": dist.world_size} if dist.active else {}
        if start is not None:
            extra["initial_weights"] = start.to_json()
        if run.bundle.excluded:  # the images the exclusion list kept out of this run, as they were found
            extra["excluded"] = run.bundle.excluded
        write_project_copy(run.run_dir, project, **extra)
    run.callbacks = default_callbacks(run) + request.callbacks
    if t.compile != "off":  # the training step only; lazily: the first step compiles (compiling.first_step)
        run.eager_model, run.compile_pending = run.model, True
        run.cuda_graphs = run.device.type == "cuda" and t.compile in ("reduce-overhead", "max-autotune")
        run.model = compiling.compile_model(run.model, t.compile)
    if resume is not None:
        _restore(run, resume, facts)
    bundle, loaders, net, amp_dtype = run.bundle, run.loaders, run.net, run.amp_dtype
    notes = [loaders.note] + bundle.notes + ([run.amp_note] if run.amp_note else [])
    schedule = finetune.describe(project)
    if schedule:
        notes.append(schedule)
    if start is not None:
        notes.append(start.describe())
    if amp_dtype is not None:
        notes.append(_("mixed precision: {dtype} autocast").format(
            dtype="bf16" if amp_dtype == torch.bfloat16 else "fp16"))
    if bundle.skipped:
        notes.append(ngettext("{count} unreadable or non-image file skipped (e.g. {path}: {reason})",
                              "{count} unreadable or non-image files skipped (e.g. {path}: {reason})",
                              len(bundle.skipped)).format(count=len(bundle.skipped), path=bundle.skipped[0].path,
                                                          reason=bundle.skipped[0].reason))
    if bundle.val is None:
        notes.append(_("no validation data: the best checkpoint follows the training loss"))
    if dist.active:
        size = project.data.loader.batch_size
        notes.append(_("distributed: {processes} processes, batch size {size} each ({total} in all)").format(
            processes=dist.world_size, size=size, total=size * dist.world_size))
    emit(RunStarted(str(run.run_dir), run.start_epoch, t.epochs, len(loaders.train), len(bundle.train),
                    len(bundle.val) if bundle.val else 0, str(run.device), describe(run.device), list(bundle.classes),
                    list(bundle.input_shape), sum(q.numel() for q in net.parameters()), notes))
    for warning in bundle.warnings(project.data.loader.batch_size):  # small data, said before it trains
        run.warn(warning)
    for callback in run.callbacks:
        callback.on_run_start(run)
    return run


def build_run(project: Project, emit, control: RunControl, request: Request, dist) -> tuple[Run, object, object]:
    """The working parts of a run, exactly as training makes them — seed, device, checked data, model (from
    ``request.init_weights`` when given), loss, optimizer, loaders, scheduler, precision — and nothing written:
    no run directory, no callbacks, no events. Returns (run, the fitted initial weights or None, the
    schedule's facts). `set_up` and the learning-rate finder (lr_find.py) both start here."""
    import torch

    t = project.training
    seed_everything(t.seed)
    device = resolve_device(t.device)
    if dist.active and device.type == "cuda":  # one GPU per process
        device = torch.device("cuda", dist.local_rank)
        torch.cuda.set_device(device)
    distributed.join(dist, device)
    bundle, plan = check_project(project, request.data)
    if request.check_memory:  # before a byte of it is allocated (building the model may be what does not fit)
        _estimate, refusal = memory_verdict(plan, project, device)
        if refusal:
            raise NotEnoughMemory(refusal + _(" (--no-memory-check starts it anyway)"))
    shape = bundle.input_shape
    memory_format = torch.channels_last if t.channels_last and len(shape) == 3 else torch.contiguous_format
    net = build_model(project, shape, bundle.num_classes)
    start = None
    if request.init_weights is not None:
        source = str(request.init_weights)
        start = fit_weights(net, read_state_dict(source, request.trust_pickle), source, head_modules(project))
        load_fitted(net, start)
    net = net.to(device, memory_format=memory_format)
    finetune.enter_epoch(net, project, 1)  # what the wrapper below sees as trainable; each epoch sets it again
    model = _parallel(net, device, dist)
    if dist.active:
        torch.manual_seed(t.seed + dist.rank)  # dropout and augmentation differ between processes
    loss_fn = make_loss(t, bundle.num_classes, bundle.counts("train"), device)
    if not any(q.requires_grad for q in net.parameters()):
        raise WorkbenchError(_("the model has no trainable parameters: unfreeze the base or add a Linear layer"))
    optimizer = make_optimizer(t, finetune.optimizer_params(net, project), device)
    loaders = make_loaders(bundle, project.data, t.seed, pin_memory=device.type == "cuda", dist=dist,
                           device=device)
    if len(loaders.train) == 0:  # possible only when the shards of a distributed run are too small
        raise DataError(_("data.loader.batch_size {size} with drop_last leaves no batch of the {count} training "
                          "samples each process gets: lower the batch size").format(
            size=project.data.loader.batch_size, count=len(loaders.train.sampler)))
    monitor_higher = bundle.val is not None and t.monitor == "val_accuracy"
    facts = schedule_facts(t, optimizer, len(loaders.train), monitor_higher)
    scheduler = make_scheduler(t, optimizer, facts)
    amp_dtype, amp_note = autocast_dtype(t.mixed_precision, device)
    scaler = torch.amp.GradScaler(device.type, enabled=amp_dtype == torch.float16 and device.type == "cuda")
    run = Run(project, bundle, device, dist, net, model, optimizer, scheduler, scaler, loss_fn, loaders, amp_dtype,
              memory_format, emit, control, amp_note=amp_note)
    return run, start, facts


def _parallel(net, device, dist):
    """What training calls: the model itself, or in a distributed run its wrapper that averages the gradients
    of the parameters that are trainable when it is made."""
    if not dist.active:
        return net
    from torch.nn.parallel import DistributedDataParallel

    return DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None)


def _enter_stage(run: Run, epoch: int) -> None:
    """A fine-tuning schedule's stage for ``epoch``; a distributed run's wrapper is made anew when the set of
    trainable parameters changed (it only synchronises those it saw)."""
    trains = finetune.enter_epoch(run.net, run.project, epoch)
    if trains != run.backbone_trains:
        run.backbone_trains = trains
        run.model = _parallel(run.net, run.device, run.dist)


def _restore(run: Run, resume: Checkpoint, facts) -> None:
    """Continue from a checkpoint: weights, optimizer, scheduler, callbacks, history, RNG (last, so the next
    epoch draws what an uninterrupted run would have drawn)."""
    load_state_dict_checked(run.net, resume.model_state, weights_of(resume.path.name))
    raw = resume.raw
    try:
        run.optimizer.load_state_dict(raw["optimizer"])
        if run.scheduler is not None and raw.get("scheduler") is not None:
            run.scheduler.load_state_dict(raw["scheduler"])
            stretch_schedule(run.project.training, run.scheduler, facts)
        if raw.get("scaler") and run.scaler.is_enabled():
            run.scaler.load_state_dict(raw["scaler"])
    except (ValueError, KeyError, RuntimeError) as e:
        raise CheckpointError(_("{path}: its optimizer or scheduler state does not fit this project's settings "
                                "({reason})").format(path=resume.path, reason=e)) from None
    restore_callbacks(run.callbacks, raw)
    run.history = list(resume.metrics)
    run.start_epoch = resume.epoch
    run.step = resume.epoch * len(run.loaders.train)
    position = raw.get("position") if resume.partial_epoch else None
    if position is not None and position["batch"] < len(run.loaders.train):
        run.position = position  # the epoch goes on after the batches done: as if it had never stopped
        run.step += position["batch"]
    elif resume.partial_epoch:  # written by a version that did not keep the position
        run.warn(_("{file} was written mid-epoch: epoch {epoch} starts over from its weights").format(
            file=resume.path.name, epoch=resume.epoch + 1))
    restore_rng(raw["rng"])


def _loop(run: Run) -> Finished:
    t = run.project.training
    for epoch in range(run.start_epoch + 1, t.epochs + 1):
        _enter_stage(run, epoch)
        run.begin_epoch(epoch)
        started = time.perf_counter()
        try:
            train_stats = train_one_epoch(run, epoch)
            val_stats, confusion = evaluate(run)
        except Stopped:
            done = run.position["batch"] if run.position else 0
            _interrupted(run)
            return _finish(run, "stopped", _("stopped during epoch {epoch} after batch {batch}; last.pt written "
                                             "(resuming goes on from there)").format(epoch=epoch, batch=done))
        except Diverged as d:
            if epoch > 1:
                text = _("{problem}: training stopped; last.pt (epoch {epoch}) is kept. Try a lower learning rate")
            else:
                text = _("{problem}: training stopped; no checkpoint had been written yet. Try a lower learning rate")
            return _finish(run, "diverged", text.format(problem=d, epoch=epoch - 1))
        paused = train_stats.pop("paused_s")
        metrics = {"epoch": epoch, **train_stats, **val_stats, "seconds": time.perf_counter() - started - paused}
        run.history.append(metrics)
        for callback in run.callbacks:
            callback.on_epoch_end(run, metrics)
        run.emit(EpochEnded(epoch, t.epochs, dict(metrics), confusion, run.improved))
        if run.stop is not None:
            return _finish(run, *run.stop)
    return _finish(run, "completed", "")


def _interrupted(run: Run) -> None:
    for callback in run.callbacks:
        callback.on_interrupted(run)


def _finish(run: Run, reason: str, message: str) -> Finished:
    final = run.history[-1] if run.history else {}
    if final:
        for callback in run.callbacks:
            callback.on_run_end(run, final)
    done = final.get("epoch", run.start_epoch)
    if run.run_dir is not None:  # how it ended, for whoever opens the run later (a stopped run can go on)
        update_run_json(run.run_dir, finished=reason)
    event = Finished(str(run.run_dir) if run.run_dir else "", reason, int(done), message, dict(final),
                     dict(run.result))
    run.emit(event)
    return event
