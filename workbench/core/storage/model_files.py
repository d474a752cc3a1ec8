"""Saving and loading model files safely.

Every load goes through `safe_load` (``torch.load(..., weights_only=True)``):
a file that would need to run pickled code is refused with a message saying
why and how to proceed if the file is trusted. Every save is atomic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbench.core.errors import CheckpointError
from workbench.core.i18n import _, ngettext
from workbench.core.storage.atomic import atomic_write

CHECKPOINT_FORMAT = "torch-workbench-checkpoint"
CHECKPOINT_VERSION = 1


def save(obj: Any, path: str | os.PathLike) -> Path:
    """``torch.save`` through a temporary file and a rename."""
    import torch

    return atomic_write(path, lambda f: torch.save(obj, f))


def safe_load(path: str | os.PathLike, map_location: str = "cpu", trust_pickle: bool = False) -> Any:
    """``torch.load(weights_only=True)`` with every failure turned into a one-line CheckpointError.

    ``trust_pickle`` unpickles arbitrary objects (a whole model saved with ``torch.save(model)``): it runs
    code from the file, so callers pass it only after the user explicitly chose to, having been warned.
    """
    import pickle

    import torch

    path = Path(path)
    if not path.is_file():
        raise CheckpointError(_("{path}: no such file").format(path=path))
    try:
        return torch.load(path, map_location=map_location, weights_only=not trust_pickle)
    except pickle.UnpicklingError as e:
        raise CheckpointError(_(
            "{path}: refused to open — the file contains pickled Python objects, and loading them could run code "
            "hidden in it ({reason}). If you made this file yourself or trust its source, open it explicitly as a "
            "whole pickled model (--trust-pickle on the command line)").format(path=path, reason=_reason(e))) \
            from None
    except (RuntimeError, EOFError, OSError, ValueError, AttributeError, ModuleNotFoundError) as e:
        raise CheckpointError(_("{path}: not a readable PyTorch file ({reason})").format(
            path=path, reason=_reason(e))) from None


def load_state_dict_checked(module, state_dict: dict, source: str | None = None) -> None:
    """Load ``state_dict`` into ``module`` or raise naming the missing, unexpected and mis-shaped keys.

    Nothing in ``module`` changes unless everything fits.
    """
    import torch

    source = source or _("the state_dict")
    if not isinstance(state_dict, dict) or not all(isinstance(v, torch.Tensor) for v in state_dict.values()):
        raise CheckpointError(_("{source} is not a state_dict (a dict of tensors)").format(source=source))
    own = module.state_dict()
    missing = [k for k in own if k not in state_dict]
    unexpected = [k for k in state_dict if k not in own]
    misshaped = [f"{k} {tuple(state_dict[k].shape)} vs {tuple(own[k].shape)}"
                 for k in own if k in state_dict and state_dict[k].shape != own[k].shape]
    if missing or unexpected or misshaped:
        parts = []
        if missing:
            parts.append(_("missing keys: {keys}").format(keys=_few(missing)))
        if unexpected:
            parts.append(_("unexpected keys: {keys}").format(keys=_few(unexpected)))
        if misshaped:
            parts.append(_("different shapes (file vs model): {keys}").format(keys=_few(misshaped)))
        raise CheckpointError(_("{source} does not fit this model's architecture — {problems}").format(
            source=source, problems=_("; ").join(parts)))
    module.load_state_dict(state_dict)


def _few(items: list[str], n: int = 4) -> str:
    shown = ", ".join(items[:n])
    if len(items) <= n:
        return shown
    return shown + ngettext(" and {count} more", " and {count} more", len(items) - n).format(count=len(items) - n)


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:200]


def weights_of(file_name: str) -> str:
    """How messages name the weights in a file: "last.pt's weights"."""
    return _("{file}'s weights").format(file=file_name)
