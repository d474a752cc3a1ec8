"""What happens around the training loop, as callbacks (Lightning's sense): each hooks into the run's events,
may ask the run to stop, and keeps its state in the checkpoint (``state_dict`` / ``load_state_dict``) so
that a resumed run goes on exactly where it stopped.

Order matters and is fixed by `default_callbacks`: the best epoch is decided
first (early stopping reads it), the scheduler steps next, then checkpoints
are written (with the states above), then TensorBoard logs.
"""

from __future__ import annotations

import math
from pathlib import Path

from workbench.core.catalogs.training import scheduler_interval, scheduler_steps_with_metric
from workbench.core.i18n import _
from workbench.core.storage import model_files
from workbench.core.training.checkpoints import checkpoint_payload
from workbench.core.training.events import BatchEnded, CheckpointSaved
from workbench.core.training.run import Run
from workbench.core.training.runs import update_run_json, write_metrics_csv


class Callback:
    """Every hook does nothing by default; a callback overrides the ones it needs."""

    name = "callback"  # its key in the checkpoint's "callbacks" dict

    def on_run_start(self, run: Run) -> None: ...

    def on_train_batch_end(self, run: Run) -> None: ...

    def on_batch_reported(self, run: Run, event: BatchEnded) -> None: ...

    def on_epoch_end(self, run: Run, metrics: dict) -> None: ...

    def on_interrupted(self, run: Run) -> None:
        """A stop request, Ctrl+C or divergence ended the run mid-epoch."""

    def on_run_end(self, run: Run, metrics: dict) -> None: ...

    def close(self) -> None: ...

    def state_dict(self) -> dict:
        return {}

    def load_state_dict(self, state: dict) -> None: ...


class BestModel(Callback):
    """Decides whether each epoch is the best so far by the monitored metric (``run.improved``).

    With early stopping, an improvement must exceed its ``min_delta`` to count, for best.pt as for patience.
    """

    name = "best_model"

    def __init__(self, min_delta: float = 0.0):
        self.min_delta = min_delta
        self.best: dict | None = None  # {"metric", "value", "epoch"}

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        name, higher = run.monitor
        value = metrics.get(name)
        if value is None or not math.isfinite(value):
            return
        if self.best is None or self.best.get("metric") != name:
            better = True
        elif higher:
            better = value > self.best["value"] + self.min_delta
        else:
            better = value < self.best["value"] - self.min_delta
        if better:
            self.best = {"metric": name, "value": value, "epoch": metrics["epoch"]}
        run.improved = better

    def state_dict(self) -> dict:
        return {"best": self.best}

    def load_state_dict(self, state: dict) -> None:
        self.best = state.get("best")


class EarlyStopping(Callback):
    """Stops the run after ``patience`` epochs without a new best (as BestModel decides)."""

    name = "early_stopping"

    def __init__(self, patience: int, best: BestModel):
        self.patience = patience
        self.best = best
        self.waited = 0

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        self.waited = 0 if run.improved else self.waited + 1
        if self.waited >= self.patience and self.best.best is not None:
            b = self.best.best
            run.request_stop("early_stopping", _("early stopping: {metric} did not improve for {patience} epochs "
                                                 "(best {value} at epoch {epoch})").format(
                metric=b["metric"], patience=self.patience, value=f"{b['value']:.4g}", epoch=b["epoch"]))

    def state_dict(self) -> dict:
        return {"waited": self.waited}

    def load_state_dict(self, state: dict) -> None:
        self.waited = int(state.get("waited", 0))


class SchedulerStepping(Callback):
    """Steps the learning-rate scheduler when its catalogue entry says: every batch or every epoch, with the
    monitored metric where its step takes one. (Its own state is saved with it, as "scheduler".)"""

    name = "scheduler_stepping"

    def __init__(self, scheduler, scheduler_type: str):
        self.scheduler = scheduler
        self.per_batch = scheduler_interval(scheduler_type) == "batch"
        self.with_metric = scheduler_steps_with_metric(scheduler_type)

    def on_train_batch_end(self, run: Run) -> None:
        if self.per_batch:
            self.scheduler.step()

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        if self.per_batch:
            return
        if self.with_metric:
            value = metrics.get(run.monitor[0])
            if value is not None:
                self.scheduler.step(value)
        else:
            self.scheduler.step()


class Checkpointing(Callback):
    """Writes last.pt after every epoch, best.pt after a new best, metrics.csv, and the run's result: model.pth
    holds the best epoch by the monitored metric ("keep best", the default) or the last one, and run.json says
    which and why. last.pt is written again when the run is interrupted (it then records that the weights are
    part-way through an epoch)."""

    name = "checkpointing"

    def __init__(self, run_dir: Path, keep_best: bool):
        self.run_dir = run_dir
        self.keep_best = keep_best

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        self.save(run, "last")
        if run.improved:
            self.save(run, "best")
        if run.improved or not self.keep_best:
            metric, _higher = run.monitor
            best = run.improved and self.keep_best
            self._result(run, {"epoch": metrics["epoch"], "chosen": "best" if best else "last",
                               "metric": metric if best else None, "value": metrics.get(metric) if best else None})
        write_metrics_csv(self.run_dir, run.history)

    def on_run_end(self, run: Run, metrics: dict) -> None:
        if run.result:
            return
        best = next((c.best for c in run.callbacks if isinstance(c, BestModel)), None)
        best_pt = self.run_dir / "best.pt"
        if self.keep_best and best and best_pt.is_file():
            # A resumed run whose later epochs did not beat the best before the stop: the result stays that epoch.
            state = model_files.safe_load(best_pt)["model"]
            model_files.save(state, self.run_dir / "model.pth")
            run.result = {"epoch": best["epoch"], "chosen": "best", "metric": best["metric"], "value": best["value"]}
            update_run_json(self.run_dir, result=run.result)
            return
        # keep-best, but no epoch had a finite metric to be best by (or its best.pt is elsewhere): the last one
        self._result(run, {"epoch": metrics["epoch"], "chosen": "last", "metric": None, "value": None})

    def on_interrupted(self, run: Run) -> None:
        self.save(run, "last")

    def _result(self, run: Run, result: dict) -> None:
        model_files.save(run.net.state_dict(), self.run_dir / "model.pth")
        run.result = result
        update_run_json(self.run_dir, result=result)

    def save(self, run: Run, kind: str) -> None:
        done = len(run.history)
        partial = run.batches_in_epoch > 0 and run.epoch > done
        best = next((c.best for c in run.callbacks if isinstance(c, BestModel)), None)
        payload = checkpoint_payload(run.project, run.net, run.optimizer, run.scheduler, run.scaler, done, partial,
                                     run.history, best, run.bundle.classes, run.bundle.input_shape,
                                     {c.name: c.state_dict() for c in run.callbacks}, run.position)
        path = self.run_dir / f"{kind}.pt"
        model_files.save(payload, path)
        run.emit(CheckpointSaved(str(path), kind, done))


class TensorBoardLogging(Callback):
    """Scalars per epoch, the batch loss at the event rate, sample images and the graph, the hparams at the end
    (the primer's section 六.3), under ``<run>/tensorboard``."""

    name = "tensorboard"

    def __init__(self, folder: Path, warn):
        from workbench.core.training.tensorboard_log import TensorBoardLog

        self.log = TensorBoardLog(folder, warn)

    def on_run_start(self, run: Run) -> None:
        if run.start_epoch > 0:
            return
        import torch

        ds = run.bundle.train
        images = torch.stack([ds.pre_item(k)[0] for k in range(min(32, len(ds)))])
        self.log.images(images)
        example = run.bundle.pipelines.val_post(images[:2]).to(run.device)
        run.net.eval()
        with torch.no_grad():
            self.log.graph(run.net, example)
        run.net.train()

    def on_batch_reported(self, run: Run, event: BatchEnded) -> None:
        self.log.batch_loss(event.step, event.loss)

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        self.log.epoch(metrics["epoch"], metrics)

    def on_run_end(self, run: Run, metrics: dict) -> None:
        t = run.project.training
        self.log.hparams({"optimizer": t.optimizer.type, **t.optimizer.args, "epochs": t.epochs,
                          "batch_size": run.project.data.loader.batch_size, "loss": t.loss.type, "seed": t.seed},
                         {k: v for k, v in metrics.items() if k != "epoch"})

    def close(self) -> None:
        self.log.close()


def default_callbacks(run: Run) -> list[Callback]:
    """The callbacks every run has, in the order they must run."""
    t = run.project.training
    best = BestModel(t.early_stopping.min_delta if t.early_stopping else 0.0)
    out: list[Callback] = [best]
    if t.early_stopping is not None:
        out.append(EarlyStopping(t.early_stopping.patience, best))
    if run.scheduler is not None:
        out.append(SchedulerStepping(run.scheduler, t.scheduler.type))
    if run.run_dir is not None:
        out += [Checkpointing(run.run_dir, t.keep_best), TensorBoardLogging(run.run_dir / "tensorboard", run.warn)]
    return out


def restore_callbacks(callbacks: list[Callback], checkpoint: dict) -> None:
    """Give each callback its state from a checkpoint (one written before callbacks kept theirs holds only the
    best epoch, at the top level)."""
    states = checkpoint.get("callbacks") or {}
    for callback in callbacks:
        state = states.get(callback.name)
        if state is None and isinstance(callback, BestModel):
            state = {"best": checkpoint.get("best")}
        if state is not None:
            callback.load_state_dict(state)
