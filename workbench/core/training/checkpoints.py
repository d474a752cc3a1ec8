"""Checkpoints: what best.pt / last.pt hold, writing their payload and reading them back.

A checkpoint is a plain dict of dicts, lists, tensors and primitives, so
``torch.load(..., weights_only=True)`` opens it:
``{"format", "version", "project", "model", "optimizer", "scheduler", "scaler",
"epoch", "partial_epoch", "position", "metrics", "best", "callbacks", "rng", "classes", "input_shape"}``;
``position`` (where a stopped epoch stands: batches done, the partial sums) only when ``partial_epoch``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import CheckpointError, ProjectError
from workbench.core.i18n import _
from workbench.core.project.io import project_from_dict, project_to_dict
from workbench.core.project.schema import Project
from workbench.core.storage.model_files import CHECKPOINT_FORMAT, CHECKPOINT_VERSION, safe_load, weights_of


def rng_state() -> dict:
    import torch

    state = {"torch": torch.get_rng_state(), "python": _py_state_to_list(random.getstate())}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict) -> None:
    import torch

    torch.set_rng_state(state["torch"])
    random.setstate(_py_state_from_list(state["python"]))
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _py_state_to_list(state):
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _py_state_from_list(state):
    version, internal, gauss = state
    return version, tuple(internal), gauss


@dataclass
class Checkpoint:
    path: Path
    project: Project
    model_state: dict
    classes: list[str]
    input_shape: list[int]
    epoch: int
    partial_epoch: bool = False
    metrics: list[dict] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)

    def build_model(self):
        """The trained torch model, weights loaded."""
        from workbench.core.model.builder import build_model
        from workbench.core.storage.model_files import load_state_dict_checked

        project = self.project.copy()
        if project.model.base is not None:
            project.model.base.weights = None  # the checkpoint carries the weights
        net = build_model(project, self.input_shape, len(self.classes))
        load_state_dict_checked(net, self.model_state, weights_of(self.path.name))
        return net


def load_checkpoint(path: str | Path, trust_pickle: bool = False, project: Project | None = None) -> Checkpoint:
    """A Torch Workbench checkpoint; or, given the ``project`` it belongs to, a bare state_dict or (only with
    ``trust_pickle``) a whole pickled model, checked against the project's architecture."""
    path = Path(path)
    raw = safe_load(path, trust_pickle=trust_pickle)
    if isinstance(raw, dict) and raw.get("format") == CHECKPOINT_FORMAT:
        return checkpoint_from_raw(path, raw)
    import torch

    if isinstance(raw, torch.nn.Module):
        raw = raw.state_dict()
    elif not (isinstance(raw, dict) and raw and all(isinstance(v, torch.Tensor) for v in raw.values())):
        raise CheckpointError(_("{path}: neither a Torch Workbench checkpoint nor a model's state_dict").format(
            path=path))
    if project is None:
        raise CheckpointError(_("{path}: a bare state_dict or whole model, without the project it was trained with: "
                                "give the project (--project) so its classes, transforms and layers are known")
                              .format(path=path))
    return _checkpoint_from_state(path, raw, project)


def _checkpoint_from_state(path: Path, state: dict, project: Project) -> Checkpoint:
    from workbench.core.data.datasets import prepare_data

    bundle = prepare_data(project)
    ckpt = Checkpoint(path, project, state, list(bundle.classes), list(project.model.input_shape or
                                                                       bundle.input_shape), 0)
    ckpt.build_model()  # raises naming the keys when the weights do not fit the project's layers
    return ckpt


def checkpoint_from_raw(path: Path, raw: dict) -> Checkpoint:
    """A Torch Workbench checkpoint from the dict its file held."""
    if not isinstance(raw.get("version"), int) or raw["version"] > CHECKPOINT_VERSION:
        raise CheckpointError(_("{path}: made by a newer Torch Workbench (checkpoint version {version}; this one "
                                "reads up to {known}): update the app").format(
            path=path, version=raw.get("version"), known=CHECKPOINT_VERSION))
    try:
        project = project_from_dict(raw["project"])
    except ProjectError as e:
        raise CheckpointError(_("{path}: its project is invalid ({reason})").format(path=path, reason=e)) from None
    except KeyError:
        raise CheckpointError(_("{path}: incomplete checkpoint (no project)").format(path=path)) from None
    try:
        return Checkpoint(path, project, raw["model"], list(raw["classes"]), list(raw["input_shape"]),
                          int(raw["epoch"]), bool(raw.get("partial_epoch", False)), list(raw.get("metrics", [])),
                          raw)
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError(_("{path}: incomplete checkpoint ({reason})").format(path=path, reason=e)) from None


def checkpoint_payload(project: Project, model, optimizer, scheduler, scaler, epoch: int, partial: bool,
                       history: list[dict], best: dict | None, classes: list[str], input_shape: list[int],
                       callbacks: dict | None = None, position: dict | None = None) -> dict:
    return {
        "format": CHECKPOINT_FORMAT,
        "version": CHECKPOINT_VERSION,
        "project": project_to_dict(project),
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict() if scheduler is not None else None,
        "scaler": scaler.state_dict() if scaler is not None and scaler.is_enabled() else None,
        "epoch": epoch,
        "partial_epoch": partial,
        "position": position if partial else None,
        "metrics": history,
        "best": best,  # also in callbacks["best_model"]; kept here for readers of version-1 checkpoints
        "callbacks": callbacks or {},
        "rng": rng_state(),
        "classes": list(classes),
        "input_shape": list(input_shape),
    }
