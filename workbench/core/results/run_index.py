"""The runs of a project, read back from their directories: for the Runs panel and comparisons."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from workbench.core.storage.atomic import atomic_write_text
from workbench.core.training.runs import read_metrics_csv, read_run_json


@dataclass
class RunInfo:
    path: Path
    name: str  # the project's name when it ran
    started: float  # seconds since the epoch
    epochs: int  # epochs finished
    best_val_accuracy: float | None
    best_val_loss: float | None
    duration_s: float  # training and validation time, pauses excluded
    history: list[dict] = field(default_factory=list, repr=False)
    result: dict = field(default_factory=dict)  # what model.pth holds (run.json): {"epoch", "chosen", ...}
    finished: str | None = None  # how it ended ("completed", "stopped", …); None: still running, or it crashed

    @property
    def result_metrics(self) -> dict:
        """The metrics of the epoch model.pth holds (the run's result); the last epoch's for runs made before
        run.json named it."""
        epoch = self.result.get("epoch")
        return next((r for r in self.history if r.get("epoch") == epoch), self.history[-1] if self.history else {})

    @property
    def has_model(self) -> bool:
        return (self.path / "best.pt").exists() or (self.path / "last.pt").exists()


def read_run(path: str | os.PathLike) -> RunInfo | None:
    """A run directory's summary, or None when ``path`` is not a run directory."""
    path = Path(path)
    project = path / "project.json"
    if not project.is_file():
        return None
    try:
        name = json.loads(project.read_text(encoding="utf-8")).get("name", path.name)
    except (OSError, ValueError):
        name = path.name
    history: list[dict] = []
    metrics = path / "metrics.csv"
    if metrics.is_file():
        try:
            history = read_metrics_csv(metrics)
        except (OSError, ValueError):
            history = []
    run_json = read_run_json(path)
    accuracies = [r["val_accuracy"] for r in history if r.get("val_accuracy") is not None]
    losses = [r["val_loss"] for r in history if r.get("val_loss") is not None]
    return RunInfo(path, name, _started(path, project), len(history), max(accuracies, default=None),
                   min(losses, default=None), sum(r.get("seconds") or 0 for r in history), history,
                   run_json.get("result") or {}, run_json.get("finished"))


def _started(path: Path, project: Path) -> float:
    try:  # the directory name starts with the start time: 20261126-163436-name
        return time.mktime(time.strptime(path.name[:15], "%Y%m%d-%H%M%S"))
    except ValueError:
        return project.stat().st_mtime


def list_runs(runs_dir: str | os.PathLike) -> list[RunInfo]:
    """Every run under ``runs_dir``, newest first."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        return []
    runs = [info for d in runs_dir.iterdir() if d.is_dir() and (info := read_run(d)) is not None]
    return sorted(runs, key=lambda r: (r.started, r.path.name), reverse=True)


def delete_run(path: str | os.PathLike, to_trash: bool = True) -> None:
    """Move a run directory to the desktop's trash (or delete it for good). Refuses anything else."""
    path = Path(path)
    if read_run(path) is None:
        from workbench.core.errors import WorkbenchError
        from workbench.core.i18n import _

        raise WorkbenchError(_("{path} is not a run directory (no project.json): not deleting it").format(path=path))
    if not to_trash:
        shutil.rmtree(path)
    elif sys.platform.startswith("linux"):
        move_to_trash(path)
    else:
        from send2trash import send2trash

        send2trash(str(path))


def move_to_trash(path: Path) -> Path:
    """The freedesktop.org trash (what file managers show as Trash), read from XDG_DATA_HOME at call time."""
    trash = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "Trash"
    files, info = trash / "files", trash / "info"
    files.mkdir(parents=True, exist_ok=True)
    info.mkdir(parents=True, exist_ok=True)
    name, n = path.name, 1
    while (files / name).exists() or (info / f"{name}.trashinfo").exists():
        n += 1
        name = f"{path.name}.{n}"
    atomic_write_text(info / f"{name}.trashinfo",
                      f"[Trash Info]\nPath={quote(str(path.resolve()))}\n"
                      f"DeletionDate={time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
    shutil.move(str(path), files / name)
    return files / name
