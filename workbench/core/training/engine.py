"""The training engine: the primer's train/validate loop, run from a project, reporting events.

``train(project, listeners=..., control=...)`` prepares data, model, loss,
optimizer and scheduler from the project; runs epochs of ``model.train()``
then ``model.eval()`` under ``torch.inference_mode()``; writes the run
directory (DESIGN.md); and reports progress as events (events.py) to any
number of listeners. Stop and pause are flags checked between batches.

The hot loop never synchronises with the device per batch: loss sums,
correct counts and the first non-finite batch are accumulated as device
tensors and read only when an event is due (at most ``EVENT_INTERVAL_S``).
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path
from typing import Callable, Iterable

from workbench.core.catalogs.training import LOSSES, ONE_HOT_LOSSES, OPTIMIZERS, PER_BATCH_SCHEDULERS, SCHEDULERS
from workbench.core.data.datasets import DataBundle, prepare_data
from workbench.core.errors import CheckpointError, DataError, WorkbenchError
from workbench.core.model.builder import build_model
from workbench.core.project.schema import Project
from workbench.core.storage import model_files as ckpt_io
from workbench.core.training import distributed
from workbench.core.training.checkpoints import checkpoint_payload, load_checkpoint, restore_rng
from workbench.core.training.device import autocast_dtype, describe, resolve_device
from workbench.core.training.events import (
    BatchEnded,
    CheckpointSaved,
    EpochEnded,
    Event,
    Failed,
    Finished,
    RunControl,
    RunStarted,
    RunWarning,
)
from workbench.core.training.loaders import make_loaders
from workbench.core.training.runs import make_run_dir, write_metrics_csv, write_project_copy

EVENT_INTERVAL_S = 0.1  # batch events at most 10 per second, whatever the batch rate

Listener = Callable[[Event], None]


class _Stopped(Exception):
    """A stop request was honoured mid-epoch."""


class _Diverged(Exception):
    def __init__(self, epoch: int, batch: int, value: str):
        self.epoch, self.batch, self.value = epoch, batch, value


def train(project: Project, *, listeners: Iterable[Listener] = (), control: RunControl | None = None,
          out_dir: Path | None = None, resume: str | Path | None = None, epochs: int | None = None,
          device: str | None = None, data: DataBundle | None = None, trust_pickle: bool = False) -> Finished:
    """Run the project. Returns the Finished event; raises WorkbenchError for bad input (after a Failed event).

    ``trust_pickle`` lets ``resume`` open a checkpoint that needs unpickling (only after the user chose to).
    """
    return _Run(project, list(listeners), control or RunControl(), out_dir, resume, epochs, device, data,
                trust_pickle).execute()


def check_project(project: Project, data: DataBundle | None = None) -> DataBundle:
    """What must hold before a run can start: readable data, a model that fits it, at least one batch.

    Raises WorkbenchError naming the problem; returns the prepared data.
    """
    bundle = data or prepare_data(project)
    shape = bundle.input_shape
    if project.model.input_shape is not None and list(project.model.input_shape) != list(shape):
        raise DataError(f"model.input_shape is {list(project.model.input_shape)} but the data gives {shape} after "
                        "the transforms: change the transforms (e.g. Resize, Grayscale) or clear model.input_shape")
    from workbench.core.model.builder import plan_model

    plan = plan_model(project, shape, bundle.num_classes)
    if plan.error:
        raise plan.error
    loader = project.data.loader
    if loader.drop_last and len(bundle.train) < loader.batch_size:
        raise DataError(f"data.loader.batch_size {loader.batch_size} with drop_last leaves no batch of the "
                        f"{len(bundle.train)} training samples: lower the batch size")
    return bundle


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


class _Run:
    def __init__(self, project, listeners, control, out_dir, resume, epochs, device, data, trust_pickle=False):
        self.project = project.copy()
        if epochs is not None:
            self.project.training.epochs = epochs
        if device is not None:
            self.project.training.device = device
        self.listeners = listeners
        self.control = control
        self.out_dir = out_dir
        self.resume_path = resume
        self.trust_pickle = trust_pickle
        self.bundle = data
        self.run_dir: Path | None = None
        self.tb = None
        self.history: list[dict] = []
        self.best: dict | None = None  # {"metric", "value", "epoch"}
        self.bad_epochs = 0
        self.step = 0
        self.epoch = 0
        self.batches_in_epoch = 0  # optimizer steps taken in the current epoch
        self.dist = distributed.from_env()

    def emit(self, event: Event) -> None:
        if not self.dist.is_main:  # in a distributed run, rank 0 speaks for all
            return
        for listener in self.listeners:
            listener(event)

    def warn(self, message: str) -> None:
        self.emit(RunWarning(message))

    # ------------------------------------------------------------------
    def execute(self) -> Finished:
        try:
            self._setup()
            return self._loop()
        except KeyboardInterrupt:
            self._save_checkpoint("last")
            self.emit(Failed("interrupted; last.pt written", str(self.run_dir) if self.run_dir else None))
            raise
        except WorkbenchError as e:
            self.emit(Failed(str(e), str(self.run_dir) if self.run_dir else None))
            raise
        except Exception as e:
            import torch

            if isinstance(e, torch.cuda.OutOfMemoryError):
                message = (f"out of GPU memory at batch size {self.project.data.loader.batch_size}: lower "
                           "data.loader.batch_size or use a smaller model (the last good checkpoint is kept)")
                self.emit(Failed(message, str(self.run_dir) if self.run_dir else None))
                raise WorkbenchError(message) from None
            self.emit(Failed(f"{type(e).__name__}: {e}", str(self.run_dir) if self.run_dir else None))
            raise
        finally:
            if self.tb is not None:
                self.tb.close()
            distributed.leave(self.dist)

    def _setup(self) -> None:
        import torch

        p = self.project
        t = p.training
        resume = load_checkpoint(self.resume_path, self.trust_pickle) if self.resume_path else None
        if resume is not None and resume.project.model != p.model:
            raise CheckpointError(f"{resume.path}: it was trained with a different model than this project's; "
                                  "resume with the project stored in its run folder (project.json)")
        seed_everything(t.seed)
        self.device = resolve_device(t.device)
        if self.dist.active and self.device.type == "cuda":  # one GPU per process
            self.device = torch.device("cuda", self.dist.local_rank)
            torch.cuda.set_device(self.device)
        distributed.join(self.dist, self.device)
        bundle = self.bundle = check_project(p, self.bundle)
        shape = bundle.input_shape
        self.memory_format = torch.channels_last if t.channels_last and len(shape) == 3 else torch.contiguous_format
        # self.net is the plain model (saved, validated, exported); self.model what training calls, which in a
        # distributed run is the DistributedDataParallel wrapper that averages gradients across processes.
        self.net = build_model(p, shape, bundle.num_classes).to(self.device, memory_format=self.memory_format)
        self.model = self.net
        if self.dist.active:
            from torch.nn.parallel import DistributedDataParallel

            ids = [self.device.index] if self.device.type == "cuda" else None
            self.model = DistributedDataParallel(self.net, device_ids=ids)
            torch.manual_seed(t.seed + self.dist.rank)  # dropout and augmentation differ between processes
        self.loss_fn = self._make_loss()
        params = [q for q in self.net.parameters() if q.requires_grad]
        if not params:
            raise WorkbenchError("the model has no trainable parameters: unfreeze the base or add a Linear layer")
        opt = OPTIMIZERS[t.optimizer.type]
        self.optimizer = opt.resolve()(params, **opt.kwargs(t.optimizer.args))
        self.loaders = make_loaders(bundle, p.data, t.seed, pin_memory=self.device.type == "cuda", dist=self.dist)
        if len(self.loaders.train) == 0:  # possible only when the shards of a distributed run are too small
            raise DataError(f"data.loader.batch_size {p.data.loader.batch_size} with drop_last leaves no batch of "
                            f"the {len(self.loaders.train.sampler)} training samples each process gets: lower the "
                            "batch size")
        self.scheduler = self._make_scheduler(len(self.loaders.train))
        self.amp_dtype, amp_note = autocast_dtype(t.mixed_precision, self.device)
        self.scaler = torch.amp.GradScaler(self.device.type, enabled=(self.amp_dtype == torch.float16
                                                                      and self.device.type == "cuda"))
        start_epoch = 0
        if resume is not None:
            start_epoch = self._restore(resume)
        self.start_epoch = start_epoch
        if not self.dist.is_main:
            self.run_dir = None  # only rank 0 writes files
        elif resume is not None and self.out_dir is None:
            self.run_dir = resume.path.parent
        else:
            self.run_dir = make_run_dir(p, self.out_dir)
        if self.run_dir is not None:
            write_project_copy(self.run_dir, p, **({"world_size": self.dist.world_size} if self.dist.active else {}))
            from workbench.core.training.tensorboard_log import TensorBoardLog

            self.tb = TensorBoardLog(self.run_dir / "tensorboard", self.warn)
        notes = [self.loaders.note] + bundle.notes + ([amp_note] if amp_note else [])
        if self.amp_dtype is not None:
            notes.append(f"mixed precision: {'bf16' if self.amp_dtype == torch.bfloat16 else 'fp16'} autocast")
        if bundle.skipped:
            notes.append(f"{len(bundle.skipped)} unreadable or non-image files skipped "
                         f"(e.g. {bundle.skipped[0].path}: {bundle.skipped[0].reason})")
        if bundle.val is None:
            notes.append("no validation data: the best checkpoint follows the training loss")
        if self.dist.active:
            notes.append(f"distributed: {self.dist.world_size} processes, batch size "
                         f"{p.data.loader.batch_size} each ({p.data.loader.batch_size * self.dist.world_size} "
                         "in all)")
        self.emit(RunStarted(str(self.run_dir), start_epoch, t.epochs, len(self.loaders.train), len(bundle.train),
                             len(bundle.val) if bundle.val else 0, str(self.device), describe(self.device),
                             list(bundle.classes), list(shape), sum(q.numel() for q in self.net.parameters()),
                             notes))
        if start_epoch == 0 and self.tb is not None:
            self._log_samples_and_graph()

    def _make_loss(self):
        import torch

        spec = self.project.training.loss
        kwargs = LOSSES[spec.type].kwargs(spec.args)
        if kwargs.get("weight") == "balanced":
            counts = torch.tensor(self.bundle.counts("train"), dtype=torch.float32)
            kwargs["weight"] = torch.where(counts > 0, counts.sum() / (len(counts) * counts.clamp(min=1)), 0.0)
        fn = LOSSES[spec.type].resolve()(**kwargs).to(self.device)
        if spec.type in ONE_HOT_LOSSES:
            classes = self.bundle.num_classes

            def one_hot_loss(out, y):
                return fn(out, torch.nn.functional.one_hot(y, classes).to(out.dtype))
            return one_hot_loss
        return fn

    def _make_scheduler(self, batches_per_epoch: int):
        t = self.project.training
        if t.scheduler is None:
            return None
        op = SCHEDULERS[t.scheduler.type]
        kwargs = op.kwargs(t.scheduler.args)
        if t.scheduler.type == "CosineAnnealingLR" and kwargs["T_max"] is None:
            kwargs["T_max"] = t.epochs
        if t.scheduler.type == "OneCycleLR":
            kwargs["max_lr"] = kwargs["max_lr"] or 10 * self.optimizer.param_groups[0]["lr"]
            kwargs["total_steps"] = t.epochs * batches_per_epoch
            # Cycling momentum only where the optimizer has some (Adam's beta1, SGD with momentum).
            defaults = self.optimizer.defaults
            kwargs["cycle_momentum"] = "betas" in defaults or defaults.get("momentum", 0) > 0
        if t.scheduler.type == "ReduceLROnPlateau":
            kwargs["mode"] = "max" if self._monitor()[0] == "val_accuracy" else "min"
        return op.resolve()(self.optimizer, **kwargs)

    def _extend_schedule(self, batches_per_epoch: int) -> None:
        """A resumed run may go further than the one that saved it: stretch schedules tied to the run length."""
        t = self.project.training
        if t.scheduler.type == "OneCycleLR":
            self.scheduler.total_steps = t.epochs * batches_per_epoch
        elif t.scheduler.type == "CosineAnnealingLR" and t.scheduler.args.get("T_max") is None:
            self.scheduler.T_max = t.epochs

    def _restore(self, resume) -> int:
        ckpt_io.load_state_dict_checked(self.net, resume.model_state, f"{resume.path.name}'s weights")
        raw = resume.raw
        try:
            self.optimizer.load_state_dict(raw["optimizer"])
            if self.scheduler is not None and raw.get("scheduler") is not None:
                self.scheduler.load_state_dict(raw["scheduler"])
                self._extend_schedule(len(self.loaders.train))
            if raw.get("scaler") and self.scaler.is_enabled():
                self.scaler.load_state_dict(raw["scaler"])
        except (ValueError, KeyError, RuntimeError) as e:
            raise CheckpointError(f"{resume.path}: its optimizer or scheduler state does not fit this project's "
                                  f"settings ({e})") from None
        self.history = list(resume.metrics)
        self.best = raw.get("best")
        self.step = sum(len(self.loaders.train) for _ in range(resume.epoch))
        if resume.partial_epoch:
            self.warn(f"{resume.path.name} was written mid-epoch: epoch {resume.epoch + 1} starts over from its "
                      "weights")
        restore_rng(raw["rng"])
        return resume.epoch

    def _log_samples_and_graph(self) -> None:
        import torch

        ds = self.bundle.train
        n = min(32, len(ds))
        images = torch.stack([ds.pre_item(k)[0] for k in range(n)])
        self.tb.images(images)
        example = self.bundle.pipelines.val_post(images[:2]).to(self.device)
        self.net.eval()
        with torch.no_grad():
            self.tb.graph(self.net, example)
        self.net.train()

    # ------------------------------------------------------------------
    def _loop(self) -> Finished:
        t = self.project.training
        reason, message = "completed", ""
        for epoch in range(self.start_epoch + 1, t.epochs + 1):
            self.epoch = epoch
            self.loaders.train.set_epoch(epoch)
            self.batches_in_epoch = 0
            started = time.perf_counter()
            try:
                train_stats = self._train_epoch(epoch)
                val_stats, confusion = self._validate()
            except _Stopped:
                self._save_checkpoint("last")
                return self._finish("stopped", f"stopped during epoch {epoch}; last.pt written")
            except _Diverged as d:
                last = f"last.pt (epoch {epoch - 1}) is kept" if epoch > 1 else "no checkpoint had been written yet"
                return self._finish("diverged", f"the loss became {d.value} at epoch {d.epoch}, batch {d.batch}: "
                                                f"training stopped; {last}. Try a lower learning rate")
            paused = train_stats.pop("paused_s")
            metrics = {"epoch": epoch, **train_stats, **val_stats,
                       "seconds": time.perf_counter() - started - paused}
            self.history.append(metrics)
            improved = self._update_best(metrics)
            self._step_scheduler_epoch(metrics)
            if self.run_dir is not None:
                self._save_checkpoint("last")
                ckpt_io.save(self.net.state_dict(), self.run_dir / "model.pth")
                if improved:
                    self._save_checkpoint("best")
                write_metrics_csv(self.run_dir, self.history)
                self.tb.epoch(epoch, metrics)
            self.emit(EpochEnded(epoch, t.epochs, dict(metrics), confusion, improved))
            if self._early_stop():
                reason = "early_stopping"
                message = (f"early stopping: {self.best['metric']} did not improve for "
                           f"{t.early_stopping.patience} epochs (best {self.best['value']:.4g} at epoch "
                           f"{self.best['epoch']})")
                break
        return self._finish(reason, message)

    def _finish(self, reason: str, message: str) -> Finished:
        final = self.history[-1] if self.history else {}
        if final and self.tb is not None:
            t = self.project.training
            self.tb.hparams({"optimizer": t.optimizer.type, **t.optimizer.args, "epochs": t.epochs,
                             "batch_size": self.project.data.loader.batch_size, "loss": t.loss.type,
                             "seed": t.seed}, {k: v for k, v in final.items() if k != "epoch"})
        done = final.get("epoch", self.start_epoch)
        event = Finished(str(self.run_dir) if self.run_dir else "", reason, int(done), message, dict(final))
        self.emit(event)
        return event

    def _train_epoch(self, epoch: int) -> dict:
        import torch

        model, device, control = self.model, self.device, self.control
        loader = self.loaders.train
        batches = len(loader)
        per_batch_scheduler = self.scheduler is not None and \
            self.project.training.scheduler.type in PER_BATCH_SCHEDULERS
        model.train()
        zero = torch.zeros((), device=device)
        loss_sum, correct, window = zero.clone(), zero.clone(), zero.clone()
        first_bad = torch.full((), -1, device=device, dtype=torch.long)
        seen, window_batches, paused = 0, 0, 0.0
        lr = self.optimizer.param_groups[0]["lr"]
        started = time.perf_counter()
        last_event = -math.inf
        dist = self.dist
        for batch, (x, y) in enumerate(loader, 1):
            paused += control.wait_while_paused()
            if control.stop_requested and not dist.active:
                raise _Stopped()
            out, loss, y = self._forward(model, x, y)
            self.optimizer.zero_grad(set_to_none=True)
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
            if per_batch_scheduler:
                self.scheduler.step()
            self.batches_in_epoch += 1
            value = loss.detach().float()
            first_bad = torch.where((first_bad < 0) & ~torch.isfinite(value), batch, first_bad)
            n = y.shape[0]
            loss_sum += value * n
            window += value
            correct += (out.detach().argmax(1) == y).sum()
            seen += n
            window_batches += 1
            self.step += 1
            now = time.perf_counter()
            last = batch == batches
            if dist.active:
                if batch % distributed.SYNC_EVERY and not last:
                    continue
                self._agree_to_go_on(first_bad, loss_sum, epoch, batch)  # every process leaves at the same batch
            if now - last_event < EVENT_INTERVAL_S and not last:
                continue
            if not dist.active:
                bad = int(first_bad)  # the one host sync, at the event rate
                if bad >= 0:
                    raise _Diverged(epoch, bad, "NaN" if math.isnan(float(loss_sum)) else "infinite")
            elapsed = max(now - started - paused, 1e-9)
            rate = seen * dist.world_size / elapsed
            remaining = (batches - batch) + batches * (self.project.training.epochs - epoch)
            mean_loss = float(window) / window_batches
            self.emit(BatchEnded(epoch, batch, batches, self.step - 1, mean_loss, rate,
                                 self.optimizer.param_groups[0]["lr"], remaining * elapsed / batch))
            if self.tb is not None:
                self.tb.batch_loss(self.step - 1, mean_loss)
            window.zero_()
            window_batches, last_event = 0, now
        elapsed = max(time.perf_counter() - started - paused, 1e-9)
        totals = torch.stack([loss_sum.float(), correct.float(), torch.tensor(float(seen), device=device)])
        distributed.all_sum(dist, totals)  # the whole data set's numbers, on every process
        loss_total, correct_total, seen_total = totals.tolist()
        return {"train_loss": loss_total / seen_total, "train_accuracy": correct_total / seen_total, "lr": lr,
                "samples_per_s": seen_total / elapsed, "paused_s": paused}

    def _forward(self, model, x, y):
        """One batch onto the device and through the model and loss (under autocast when mixed precision is on).
        Returns (outputs, loss, targets on the device)."""
        import torch

        x = x.to(self.device, non_blocking=True, memory_format=self.memory_format)
        y = y.to(self.device, non_blocking=True)
        with torch.autocast(device_type=self.device.type, dtype=self.amp_dtype, enabled=self.amp_dtype is not None):
            out = model(x)
            return out, self.loss_fn(out, y), y

    def _agree_to_go_on(self, first_bad, loss_sum, epoch: int, batch: int) -> None:
        """Distributed: stop or diverge on every process together, or on none."""
        import torch

        flags = torch.stack([(first_bad >= 0).float(), torch.tensor(float(self.control.stop_requested),
                                                                      device=first_bad.device)])
        distributed.all_sum(self.dist, flags)
        diverged, stop = flags.tolist()
        if diverged:
            where = int(first_bad) if int(first_bad) >= 0 else batch
            raise _Diverged(epoch, where, "NaN" if math.isnan(float(loss_sum)) else "not finite")
        if stop:
            raise _Stopped()

    def _validate(self) -> tuple[dict, list[list[int]] | None]:
        import torch

        if self.loaders.val is None:
            return {"val_loss": None, "val_accuracy": None, "val_top5": None}, None
        # The plain model, not the DDP wrapper: processes may hold different numbers of validation batches.
        model, device, classes = self.net, self.device, self.bundle.num_classes
        model.eval()
        zero = torch.zeros((), device=device)
        loss_sum, correct, top5 = zero.clone(), zero.clone(), zero.clone()
        confusion = torch.zeros(classes * classes, device=device, dtype=torch.long)
        seen = 0
        with torch.inference_mode():
            for x, y in self.loaders.val:
                self.control.wait_while_paused()
                if self.control.stop_requested and not self.dist.active:
                    raise _Stopped()
                out, loss, y = self._forward(model, x, y)
                pred = out.argmax(1)
                loss_sum += loss.float() * y.shape[0]
                correct += (pred == y).sum()
                if classes > 5:
                    top5 += (out.topk(5, dim=1).indices == y[:, None]).any(1).sum()
                confusion += torch.bincount(y * classes + pred, minlength=classes * classes)
                seen += y.shape[0]
        totals = torch.stack([loss_sum.float(), correct.float(), top5.float(),
                              torch.tensor(float(seen), device=device)])
        distributed.all_sum(self.dist, totals, confusion)
        loss_total, correct_total, top5_total, seen_total = totals.tolist()
        stats = {"val_loss": loss_total / seen_total, "val_accuracy": correct_total / seen_total,
                 "val_top5": top5_total / seen_total if classes > 5 else None}
        return stats, confusion.view(classes, classes).tolist()

    # ------------------------------------------------------------------
    def _monitor(self) -> tuple[str, bool]:
        """(metric name, higher is better)."""
        name = self.project.training.monitor
        if self.bundle is not None and self.bundle.val is None:
            return "train_loss", False
        return name, name == "val_accuracy"

    def _update_best(self, metrics: dict) -> bool:
        name, higher = self._monitor()
        value = metrics.get(name)
        if value is None or not math.isfinite(value):
            return False
        es = self.project.training.early_stopping
        delta = es.min_delta if es else 0.0
        if self.best is None or self.best.get("metric") != name:
            better = True
        else:
            better = value > self.best["value"] + delta if higher else value < self.best["value"] - delta
        if better:
            self.best = {"metric": name, "value": value, "epoch": metrics["epoch"]}
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return better

    def _early_stop(self) -> bool:
        es = self.project.training.early_stopping
        return es is not None and self.bad_epochs >= es.patience

    def _step_scheduler_epoch(self, metrics: dict) -> None:
        s = self.scheduler
        if s is None or self.project.training.scheduler.type in PER_BATCH_SCHEDULERS:
            return
        if self.project.training.scheduler.type == "ReduceLROnPlateau":
            value = metrics.get(self._monitor()[0])
            if value is not None:
                s.step(value)
        else:
            s.step()

    def _save_checkpoint(self, kind: str) -> None:
        """Write best.pt / last.pt. Mid-epoch (a stop or Ctrl+C) it records the epochs completed so far and
        that the weights are part-way through the next one."""
        if self.run_dir is None or not hasattr(self, "optimizer"):
            return
        done = len(self.history)
        partial = self.batches_in_epoch > 0 and self.epoch > done
        payload = checkpoint_payload(self.project, self.net, self.optimizer, self.scheduler, self.scaler,
                                     done, partial, self.history, self.best, self.bundle.classes,
                                     self.bundle.input_shape)
        path = self.run_dir / f"{kind}.pt"
        ckpt_io.save(payload, path)
        self.emit(CheckpointSaved(str(path), kind, done))
