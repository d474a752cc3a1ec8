"""The run directory and its plain files: project.json, run.json, metrics.csv (checkpoints: checkpoints.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

from workbench.core.i18n import _
from workbench.core.project.io import project_to_dict, with_absolute_paths
from workbench.core.project.schema import Project
from workbench.core.storage.atomic import StorageError, atomic_write_text

METRIC_COLUMNS = ("epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds", "samples_per_s",
                  "train_accuracy", "val_top5")


def make_run_dir(project: Project, out_dir: Path | None = None) -> Path:
    """``<out_dir or runs/ beside the project>/<YYYYmmdd-HHMMSS>-<name>[-N]/``, claimed atomically: mkdir either
    creates the folder or fails because it exists, and then the next number is tried, so any number of runs
    started at the same moment (sweep trials, two windows) each get their own."""
    parent = Path(out_dir).resolve() if out_dir is not None else project.resolve("runs")
    name = re.sub(r"[^\w.-]+", "-", project.name, flags=re.UNICODE).strip("-.") or "run"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(_("cannot create the runs folder {path}: {reason} (choose another output folder)")
                           .format(path=parent, reason=e.strerror or e)) from None
    for n in range(1, 10_000):
        candidate = parent / (f"{stamp}-{name}" if n == 1 else f"{stamp}-{name}-{n}")
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue  # another run claimed it first: take the next name
        except OSError as e:
            raise StorageError(_("cannot create the run directory {path}: {reason} (choose another output folder)")
                               .format(path=candidate, reason=e.strerror or e)) from None
    raise StorageError(_("{path} already holds 9,999 runs started in the second {stamp}").format(path=parent,
                                                                                              stamp=stamp))


def write_project_copy(run_dir: Path, project: Project, **extra) -> None:
    """project.json (paths absolute: it must keep pointing at the data from inside the run folder), and run.json
    for what the project does not say."""
    doc = project_to_dict(with_absolute_paths(project))
    atomic_write_text(run_dir / "project.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if extra:
        update_run_json(run_dir, **extra)


def read_run_json(run_dir: Path) -> dict:
    """What run.json says (world size, trial, initial weights, the result), {} when there is none."""
    try:
        doc = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def update_run_json(run_dir: Path, **fields) -> None:
    atomic_write_text(Path(run_dir) / "run.json",
                      json.dumps({**read_run_json(run_dir), **fields}, indent=2, ensure_ascii=False) + "\n")


def describe_result(result: dict) -> str:
    """What a run's result (model.pth) is, in words: "epoch 7, the best by val_loss (0.1234)"."""
    if not result:
        return _("no epoch finished")
    if result.get("chosen") == "best":
        return _("epoch {epoch}, the best by {metric} ({value})").format(
            epoch=result["epoch"], metric=result["metric"], value=f"{result['value']:.4g}")
    return _("epoch {epoch}, the last").format(epoch=result["epoch"])


def write_metrics_csv(run_dir: Path, history: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(METRIC_COLUMNS)
    for row in history:
        writer.writerow(["" if row.get(c) is None else _fmt(row[c]) for c in METRIC_COLUMNS])
    atomic_write_text(run_dir / "metrics.csv", buf.getvalue())


def read_metrics_csv(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return [{k: (float(v) if v not in ("", None) else None) for k, v in row.items()} for row in csv.DictReader(f)]


def _fmt(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:.6g}"


# ---------------------------------------------------------------------------


