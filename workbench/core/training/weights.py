"""Starting a model from weights a user already has, held the way PyTorch users hold them.

A file may be a Torch Workbench checkpoint, a bare ``state_dict`` (the
primer's ``torch.save(model.state_dict(), ...)``), a training script's
checkpoint dict (``{"state_dict": ...}``, ``{"model_state_dict": ...}``), or
(only after the user chose to trust it) a whole pickled model. Its keys often
carry a prefix the project's model does not have: ``module.`` (saved from
DataParallel / DistributedDataParallel), ``_orig_mod.`` (from
``torch.compile``) or one wrapper attribute (the primer's
``self.model1 = nn.Sequential(...)`` gives ``model1.0.weight``); a prefix is
stripped when that makes every key fit, and the message names it. When only
the classifier head differs (another number of classes), the rest loads and
the head starts fresh, and the message says so. Anything else lists the keys
that do not fit and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import CheckpointError
from workbench.core.i18n import _
from workbench.core.storage.model_files import (
    CHECKPOINT_FORMAT,
    CHECKPOINT_VERSION,
    load_state_dict_checked,
    safe_load,
    weights_of,
)

# Where training scripts commonly keep the weights inside a checkpoint dict.
_NESTED_KEYS = ("model", "state_dict", "model_state_dict", "model_state", "net", "weights")


@dataclass
class FittedWeights:
    state: dict  # keys as the model names them
    source: str
    prefix: str = ""  # what was stripped from every key ("" when nothing)
    fresh: list[str] = field(default_factory=list)  # the head's keys, left at their initialisation

    def describe(self) -> str:
        parts = [_("started from the weights in {path} ({count} tensors)").format(path=self.source,
                                                                                  count=len(self.state))]
        if self.prefix:
            parts.append(_("the prefix {prefix} was removed from their names").format(prefix=repr(self.prefix)))
        if self.fresh:
            parts.append(_("the classifier head ({keys}) has another shape there and starts fresh").format(
                keys=", ".join(self.fresh)))
        return _("; ").join(parts)

    def to_json(self) -> dict:
        return {"file": self.source, "prefix": self.prefix, "fresh": list(self.fresh)}


def read_state_dict(path: str | Path, trust_pickle: bool = False) -> dict:
    """The tensors a weights file holds, whichever of the usual shapes it has."""
    return state_dict_of(safe_load(path, trust_pickle=trust_pickle), path)


def is_workbench_checkpoint(raw) -> bool:
    return isinstance(raw, dict) and raw.get("format") == CHECKPOINT_FORMAT


def state_dict_of(raw, path: str | Path) -> dict:
    """The tensors in what a weights file held (``raw``, as read): a state_dict itself, a checkpoint's, or a
    whole model's."""
    import torch

    if isinstance(raw, torch.nn.Module):
        return raw.state_dict()
    if is_workbench_checkpoint(raw):
        raw = raw.get("model")
    elif isinstance(raw, dict) and not _all_tensors(raw):
        raw = next((raw[k] for k in _NESTED_KEYS if isinstance(raw.get(k), dict) and _all_tensors(raw[k])), raw)
    if not isinstance(raw, dict) or not raw or not _all_tensors(raw):
        raise CheckpointError(_("{path}: holds no model weights (a state_dict: a dict of tensors)").format(path=path))
    return raw


def fit_weights(net, state: dict, source: str, head: list[str]) -> FittedWeights:
    """How ``state`` goes into ``net``: with a prefix stripped, and with the head left fresh, if that is what it
    takes. ``head`` names the classifier head's modules (e.g. ``["9"]``, ``["fc"]``). Raises CheckpointError
    naming the keys when the weights do not fit."""
    own = net.state_dict()
    for prefix, candidate in _without_prefixes(state):
        if _fits(own, candidate):
            return FittedWeights(candidate, source, prefix)
        head_keys = [k for k in own if any(k.startswith(h + ".") for h in head)]
        rest = {k: v for k, v in candidate.items() if k not in head_keys}
        own_rest = {k: v for k, v in own.items() if k not in head_keys}
        if head_keys and _fits(own_rest, rest) and set(candidate) - set(rest) <= set(head_keys):
            return FittedWeights(rest, source, prefix, head_keys)
    # Nothing fits: the message lists what differs (for the weights as they are), and nothing changes.
    load_state_dict_checked(_Shadow(own), state, weights_of(Path(source).name))
    raise CheckpointError(_("{source} does not fit this model").format(source=weights_of(Path(source).name)))


def load_fitted(net, fitted: FittedWeights) -> None:
    """Put the fitted weights into ``net`` (the fresh head keeps its initialisation)."""
    net.load_state_dict(fitted.state, strict=not fitted.fresh)


def _without_prefixes(state: dict):
    """(prefix, state) with nothing stripped, then with each leading name every key shares stripped in turn
    (``module.`` then ``_orig_mod.``, or one wrapper attribute)."""
    prefix = ""
    yield prefix, state
    while True:
        heads = {k.split(".", 1)[0] for k in state}
        if len(heads) != 1 or not all("." in k for k in state):
            return
        head = heads.pop() + "."
        state = {k[len(head):]: v for k, v in state.items()}
        prefix += head
        yield prefix, state


def _fits(own: dict, state: dict) -> bool:
    return set(own) == set(state) and all(tuple(own[k].shape) == tuple(state[k].shape) for k in own)


def _all_tensors(d: dict) -> bool:
    import torch

    return all(isinstance(v, torch.Tensor) for v in d.values())


class _Shadow:
    """Stands for a model in `load_state_dict_checked`'s comparison without touching the real one."""

    def __init__(self, own: dict):
        self.own = own

    def state_dict(self) -> dict:
        return self.own

    def load_state_dict(self, state: dict) -> None:  # reached only when everything fits
        pass


def checkpoint_from_weights(project, state: dict, source: str) -> tuple[dict, FittedWeights]:
    """The project's model with ``state`` (read from the file ``source``) fitted into it, as a checkpoint without
    optimizer state: what evaluating, predicting and exporting read, so weights a user brings are "the model"
    until a run makes another. The fitting is the one training's ``init_weights`` does (prefixes, fresh head)."""
    from workbench.core.data.datasets import prepare_data
    from workbench.core.model.builder import build_model, head_modules
    from workbench.core.project.io import project_to_dict

    bundle = prepare_data(project)
    input_shape = list(project.model.input_shape or bundle.input_shape)
    bare = project.copy()
    if bare.model.base is not None:
        bare.model.base.weights = None  # the file brings the weights: no pretrained download to overwrite
    net = build_model(bare, input_shape, bundle.num_classes)
    fitted = fit_weights(net, state, source, head_modules(project))
    load_fitted(net, fitted)
    payload = {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION, "project": project_to_dict(project),
               "model": net.state_dict(), "epoch": 0, "metrics": [], "classes": list(bundle.classes),
               "input_shape": input_shape, "initial_weights": fitted.to_json()}
    return payload, fitted
