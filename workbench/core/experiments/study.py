"""A sweep's study read back from its storage, for the window's table and plots: every trial's number,
state, value, parameters and duration, and the range each parameter was drawn from.

`StudyReader` keeps the storage open between reads: a journal file is then read on from where the last
read stopped, so reading a study every second while a sweep writes it costs little. Nothing here writes
to the storage (a journal that is not there yet is not created).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.experiments.sweep import JOURNAL_PREFIX, open_storage

JOURNAL_SUFFIX = ".optuna-journal"


@dataclass(frozen=True)
class TrialRow:
    number: int
    state: str  # Optuna's: COMPLETE, PRUNED, FAIL, RUNNING, WAITING
    value: float | None
    params: dict
    run_dir: str | None = None
    error: str | None = None
    duration_s: float | None = None  # a running trial's: so far
    epochs: int = 0  # epochs it reported (the pruner's steps)


@dataclass(frozen=True)
class Axis:
    """The range a parameter was drawn from (the union over the trials)."""
    path: str
    kind: str  # "log" | "float" | "int" | "choice"
    low: float | None = None
    high: float | None = None
    choices: tuple = ()

    def position(self, value) -> float | None:
        """``value`` placed on [0, 1] along this axis (None when it does not lie on it)."""
        if self.kind == "choice":
            if value not in self.choices:
                return None
            return 0.5 if len(self.choices) == 1 else self.choices.index(value) / (len(self.choices) - 1)
        if value is None or self.low is None or self.high is None:
            return None
        lo, hi, v = float(self.low), float(self.high), float(value)
        if self.kind == "log" and lo > 0 and v > 0:
            lo, hi, v = math.log10(lo), math.log10(hi), math.log10(v)
        return 0.5 if hi == lo else min(1.0, max(0.0, (v - lo) / (hi - lo)))


@dataclass
class StudyView:
    name: str
    storage: str
    direction: str  # "minimize" | "maximize"
    trials: list[TrialRow] = field(default_factory=list)
    axes: dict[str, Axis] = field(default_factory=dict)  # in the order the parameters first appear

    @property
    def metric(self) -> str:
        """The monitored metric the trials' values are (a sweep maximizes accuracy, minimizes a loss)."""
        return "val_accuracy" if self.direction == "maximize" else "val_loss"

    @property
    def best(self) -> TrialRow | None:
        done = [t for t in self.trials if t.state == "COMPLETE" and t.value is not None]
        if not done:
            return None
        pick = max if self.direction == "maximize" else min
        return pick(done, key=lambda t: t.value)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.trials:
            out[t.state] = out.get(t.state, 0) + 1
        return out


def journal_url(folder: str | Path, study: str) -> str:
    """The storage the window keeps a study in: a journal file named after it in ``folder``."""
    return JOURNAL_PREFIX + str(Path(folder) / f"{study}{JOURNAL_SUFFIX}")


def studies_in(folder: str | Path) -> list[str]:
    """The studies kept in ``folder`` as the window keeps them (one journal file each), newest first."""
    try:
        files = [p for p in Path(folder).glob(f"*{JOURNAL_SUFFIX}") if p.is_file()]
    except OSError:
        return []
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    return [p.name[:-len(JOURNAL_SUFFIX)] for p in files]


class StudyReader:
    """Reads one study, again and again (keep one per study; not for two threads at once)."""

    def __init__(self, storage: str, study: str):
        self.url, self.study = storage, study
        self._storage = None

    def read(self, now: datetime.datetime | None = None) -> StudyView | None:
        """The study as it is now; None when it does not exist (yet)."""
        storage = self._open()
        if storage is None:
            return None
        try:
            study_id = storage.get_study_id_from_name(self.study)
        except KeyError:
            return None
        direction = storage.get_study_directions(study_id)[0].name.lower()
        now = now or datetime.datetime.now()
        view = StudyView(self.study, self.url, direction)
        for t in storage.get_all_trials(study_id, deepcopy=False):
            end = t.datetime_complete or (now if t.state.name == "RUNNING" else None)
            duration = (end - t.datetime_start).total_seconds() if end and t.datetime_start else None
            view.trials.append(TrialRow(
                t.number, t.state.name, t.value, dict(t.params), t.user_attrs.get("run_dir"), t.user_attrs.get("error"),
                duration, len(t.intermediate_values)))
            for path, dist in t.distributions.items():
                view.axes[path] = _widen(view.axes.get(path), path, dist)
        view.trials.sort(key=lambda t: t.number)
        return view

    def _open(self):
        if self._storage is None:
            if self.url.startswith(JOURNAL_PREFIX) and not Path(self.url[len(JOURNAL_PREFIX):]).is_file():
                return None  # no study yet: nothing to read, and nothing to create
            self._storage = open_storage(self.url)
        return self._storage


def _widen(axis: Axis | None, path: str, dist) -> Axis:
    import optuna.distributions as d

    if isinstance(dist, d.CategoricalDistribution):
        choices = tuple(dist.choices)
        if axis is not None and axis.kind == "choice":
            choices = tuple(dict.fromkeys((*axis.choices, *choices)))
        return Axis(path, "choice", choices=choices)
    kind = "int" if isinstance(dist, d.IntDistribution) else "log" if dist.log else "float"
    low, high = dist.low, dist.high
    if axis is not None and axis.kind != "choice":
        low, high = min(low, axis.low), max(high, axis.high)
    return Axis(path, kind, low, high)


def importances(storage: str, study: str) -> dict[str, float]:
    """How much each parameter mattered to the value (Optuna's default evaluator, PED-ANOVA, over the complete
    trials: no scikit-learn needed), largest first; ValueError when fewer than two trials are complete."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    loaded = optuna.load_study(study_name=study, storage=open_storage(storage))
    complete = loaded.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    if len(complete) < 2:
        raise ValueError("importance needs at least two complete trials")
    found = optuna.importance.get_param_importances(loaded)
    return {k: float(v) for k, v in sorted(found.items(), key=lambda kv: -kv[1])}


def warm_up() -> None:
    """Import what reading a study and weighing its parameters need (Optuna, and SciPy under its importance
    evaluator: over a second, mostly loading libraries while holding the interpreter's lock), so that it is done
    before a sweep runs rather than in the middle of one."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study()
    for x in (0.1, 0.5, 0.9):
        study.add_trial(optuna.trial.create_trial(
            params={"x": x}, distributions={"x": optuna.distributions.FloatDistribution(0, 1)}, value=x))
    optuna.importance.get_param_importances(study)
