"""A hyper-parameter sweep: an Optuna study whose every trial is an ordinary run of the engine.

The study lives in its storage (by default an Optuna journal file beside the project, the storage Optuna
recommends for several processes on one machine; any Optuna storage URL otherwise: SQLite, PostgreSQL,
MySQL), so running the same command again continues it, several processes (or machines sharing a database)
work on one study, and Optuna itself or optuna-dashboard can open it. Each trial trains in a run directory
under the sweep's folder with its number and values in run.json; after every epoch the monitored metric is
reported to the trial, and a pruned trial stops as a stop request does (last.pt kept).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.experiments.space import Param, check_space, with_values
from workbench.core.i18n import _
from workbench.core.project.schema import Project
from workbench.core.training.callbacks import Callback
from workbench.core.training.run import Run
from workbench.core.training.runs import update_run_json

SAMPLERS = ("tpe", "random", "grid")
PRUNERS = ("median", "hyperband", "none")
JOURNAL_PREFIX = "journal:"  # --storage journal:PATH: an Optuna journal file
HOLD_POLL_S = 0.5  # how often a held sweep looks whether it may go on


@dataclass
class SweepSpec:
    project: Project
    params: list[Param]
    trials: int
    sampler: str = "tpe"
    pruner: str = "median"
    storage: str | None = None
    study: str | None = None
    epochs: int | None = None
    timeout: float | None = None
    out: Path | None = None  # where the trials' run directories go
    seed: int = 0
    listeners: list = field(default_factory=list)  # engine event listeners for every trial (progress)

    def __post_init__(self):
        if self.sampler not in SAMPLERS:
            raise WorkbenchError(_("--sampler: one of {choices}, not {value}").format(
                choices=", ".join(SAMPLERS), value=repr(self.sampler)))
        if self.pruner not in PRUNERS:
            raise WorkbenchError(_("--pruner: one of {choices}, not {value}").format(
                choices=", ".join(PRUNERS), value=repr(self.pruner)))
        if self.trials < 1:
            raise WorkbenchError(_("--trials: expected a positive number, got {value}").format(value=self.trials))
        if not self.params:
            raise WorkbenchError(_("nothing to vary: give --param PATH=SPEC (e.g. "
                                   "training.optimizer.lr=log:1e-4:1e-1)"))
        check_space(self.project, self.params)
        self.study = self.study or _safe(self.project.name) or "sweep"
        self.storage = self.storage or JOURNAL_PREFIX + str(self.project.resolve(f"{self.study}.optuna-journal"))
        self.out = Path(self.out) if self.out else self.project.resolve(f"sweeps/{self.study}")

    @property
    def direction(self) -> str:
        return "maximize" if self.project.training.monitor == "val_accuracy" else "minimize"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name or "", flags=re.UNICODE).strip("-.")


def open_storage(url: str):
    """An Optuna storage for ``url``: ``journal:PATH`` (a journal file, safe for processes on one machine) or
    any RDB URL (sqlite:///…, postgresql://…, mysql://…)."""
    import optuna

    if url.startswith(JOURNAL_PREFIX):
        from optuna.storages import JournalStorage
        from optuna.storages.journal import JournalFileBackend

        path = Path(url[len(JOURNAL_PREFIX):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return JournalStorage(JournalFileBackend(str(path)))
    import time

    for attempt in range(5):
        try:
            return optuna.storages.RDBStorage(url)
        except Exception as e:  # a bad URL, a server that does not answer, a missing driver
            # Workers started together race to create the tables; the loser finds them made a moment later.
            if ("UniqueViolation" in str(e) or "already exists" in str(e)) and attempt < 4:
                time.sleep(0.5 + attempt)
                continue
            raise WorkbenchError(_("--storage {url}: cannot open the study storage ({reason})").format(
                url=url, reason=str(e).splitlines()[0])) \
                from None
    raise WorkbenchError(_("--storage {url}: cannot open the study storage").format(url=url))


def load_study(spec: SweepSpec):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)  # the sweep prints its own lines
    return optuna.create_study(study_name=spec.study, storage=open_storage(spec.storage),
                               direction=spec.direction, sampler=_sampler(spec), pruner=_pruner(spec),
                               load_if_exists=True)


def _sampler(spec: SweepSpec):
    import optuna

    if spec.sampler == "grid":
        return optuna.samplers.GridSampler({p.path: p.grid() for p in spec.params}, seed=spec.seed)
    if spec.sampler == "random":
        return optuna.samplers.RandomSampler(seed=None)
    return optuna.samplers.TPESampler(seed=None, n_startup_trials=min(5, max(1, spec.trials // 3)))


def _pruner(spec: SweepSpec):
    import optuna

    if spec.pruner == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1)
    if spec.pruner == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=1, max_resource=spec.epochs or spec.project.training.epochs)
    return optuna.pruners.NopPruner()


class Pruning(Callback):
    """Reports the monitored metric to the trial after every epoch; a trial Optuna prunes stops like a stop
    request (after this epoch, last.pt written)."""

    name = "pruning"

    def __init__(self, trial):
        self.trial = trial
        self.pruned = False

    def on_epoch_end(self, run: Run, metrics: dict) -> None:
        metric, _higher = run.monitor
        value = metrics.get(metric)
        if value is None:
            return
        self.trial.report(float(value), step=int(metrics["epoch"]))
        if self.trial.should_prune():
            self.pruned = True
            run.request_stop("pruned", _("pruned by the sweep after epoch {epoch} ({metric} {value})").format(
                epoch=metrics["epoch"], metric=metric, value=f"{value:.4g}"))


def run_trial(spec: SweepSpec, trial) -> float:
    """Optuna's objective: one ordinary run of the engine with the trial's values."""
    import optuna

    from workbench.core.training.engine import train

    values = {p.path: p.suggest(trial) for p in spec.params}
    project = with_values(spec.project, values)
    project.name = f"{_safe(spec.project.name) or 'run'}-trial{trial.number}"
    pruning = Pruning(trial)
    holder = {}

    def note_run_dir(event) -> None:
        run_dir = getattr(event, "run_dir", None)
        if run_dir and "run_dir" not in holder and type(event).__name__ == "RunStarted":
            holder["run_dir"] = run_dir
            trial.set_user_attr("run_dir", run_dir)
            trial.set_user_attr("pid", os.getpid())  # which worker process ran it
            update_run_json(Path(run_dir), trial={"study": spec.study, "storage": spec.storage,
                                                  "number": trial.number, "params": values})

    try:
        finished = train(project, listeners=[note_run_dir, *spec.listeners], out_dir=spec.out, epochs=spec.epochs,
                         callbacks=[pruning])
    except WorkbenchError as e:
        trial.set_user_attr("error", str(e))
        raise
    if pruning.pruned:
        raise optuna.TrialPruned(finished.message)
    metric = finished.result.get("metric") or project.training.monitor
    value = finished.result.get("value")
    if value is None:
        value = finished.metrics.get(metric) if metric in finished.metrics else finished.metrics.get("train_loss")
    if value is None or finished.reason == "diverged":
        raise WorkbenchError(finished.message or _("the trial produced no metric"))
    return float(value)


def optimize(spec: SweepSpec, on_trial=None, hold=None) -> None:
    """Run trials in this process until the study holds ``spec.trials`` trials (counting every process and
    machine working on it, and earlier invocations), or the timeout. A trial is counted from the moment it is
    started, so parallel workers do not overshoot (Optuna's MaxTrialsCallback counts only finished ones).
    ``hold()``: while it says True, no new trial starts (the window's Pause: the running trial finishes)."""
    import time

    study = load_study(spec)
    deadline = time.monotonic() + spec.timeout if spec.timeout else None
    callbacks = [lambda _study, trial: on_trial(trial)] if on_trial else []
    while len(study.get_trials(deepcopy=False)) < spec.trials:
        while hold is not None and hold() and (deadline is None or time.monotonic() < deadline):
            time.sleep(HOLD_POLL_S)
        if deadline is not None and time.monotonic() >= deadline:
            break
        if len(study.get_trials(deepcopy=False)) >= spec.trials:  # other workers went on while this one held
            break
        study.optimize(lambda trial: run_trial(spec, trial), n_trials=1, callbacks=callbacks,
                       catch=(WorkbenchError,), gc_after_trial=True)


def report(spec: SweepSpec) -> dict:
    """The study as `workbench sweep --json` prints it."""
    study = load_study(spec)
    trials = [{"number": t.number, "state": t.state.name, "value": t.value, "params": t.params,
               "run_dir": t.user_attrs.get("run_dir"), "error": t.user_attrs.get("error"),
               "pid": t.user_attrs.get("pid"),
               "duration_s": t.duration.total_seconds() if t.duration else None}
              for t in study.get_trials(deepcopy=False)]
    best = None
    complete = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
    if complete:
        b = study.best_trial
        best = {"trial": b.number, "value": b.value, "params": b.params, "run_dir": b.user_attrs.get("run_dir")}
    return {"study": spec.study, "storage": spec.storage, "direction": spec.direction,
            "metric": spec.project.training.monitor, "best": best, "trials": trials}


def worker_environment(index: int, workers: int) -> dict:
    """Environment for worker ``index`` of ``workers`` on this machine: one GPU each where there are GPUs,
    the CPU's threads shared out otherwise."""
    env = dict(os.environ)
    gpus = _gpu_count()
    if gpus:
        env["CUDA_VISIBLE_DEVICES"] = str(index % gpus)
    env["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    return env


def _gpu_count() -> int:
    try:
        import torch

        return torch.cuda.device_count() if torch.cuda.is_available() else 0
    except Exception:
        return 0
