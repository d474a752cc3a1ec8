"""The app's own error types.

Every problem a user can cause (a bad project file, a layer stack that cannot
run, a data folder with no images) is raised as a WorkbenchError whose message
is a single line naming what is wrong: the CLI prints it and exits 2, the
window shows it. Anything else escaping is a bug. Messages are in the user's
language (workbench.core.i18n); the paths and layer names in them are not.
"""

from workbench.core.i18n import _


class WorkbenchError(Exception):
    """Base class: a user-facing problem with a one-line message."""


class ProjectError(WorkbenchError):
    """A project document is malformed; `path` is where, e.g. ``model.layers[3].kernel_size``."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.reason = message
        super().__init__(_("{path}: {message}").format(path=path, message=message) if path else message)


def layer_path(position: tuple) -> str:
    """A layer's place in the project file: ``(3, "branches", 1, 0)`` -> ``model.layers[3].branches[1][0]``.

    A position is the top-level index followed, inside blocks, by the slot ("layers", "shortcut", or
    "branches" and the branch's index) and the index within it.
    """
    text = f"model.layers[{position[0]}]"
    for step in position[1:]:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def layer_words(position: tuple, layer_type: str | None = None) -> str:
    """A layer's place in plain words: ``block 3 › branch 2 › layer 1 (Conv2d)``.

    The top-level number is the model table's row number (as in ``model.layers[3]``); the numbers inside a
    block count from 1, as a reader counts the rows under it.
    """
    if len(position) == 1:
        words = [_("layer {number}").format(number=position[0])]
    else:
        words = [_("block {number}").format(number=position[0])]
        steps = list(position[1:])
        while steps:
            slot = steps.pop(0)
            if slot == "branches":
                words.append(_("branch {number}").format(number=steps.pop(0) + 1))
            elif slot == "shortcut":
                words.append(_("shortcut"))
            index = steps.pop(0)
            words.append((_("block {number}") if steps else _("layer {number}")).format(number=index + 1))
    text = " › ".join(words)
    return f"{text} ({layer_type})" if layer_type else text


class ModelError(WorkbenchError):
    """A layer stack cannot run; `index` and `layer_type` say where it breaks.

    ``index`` is the top-level row or, for a layer inside a block, its position (``(3, "branches", 1, 0)``,
    kept as `position`; `index` is then its block's row, `path` the position as a project path). A nested
    layer's message names it in words and by path.
    """

    def __init__(self, index: int | tuple | None, layer_type: str | None, message: str):
        self.position = index if isinstance(index, tuple) else (None if index is None else (index,))
        self.index = None if self.position is None else self.position[0]
        self.layer_type = layer_type
        self.reason = message
        if self.position is None:
            super().__init__(message)
        elif len(self.position) == 1:
            super().__init__(_("{where}: {message}").format(where=f"{self.path} ({layer_type})",
                                                             message=message))
        else:
            super().__init__(_("{where}: {message}").format(
                where=f"{layer_words(self.position, layer_type)}, {self.path}", message=message))

    @property
    def path(self) -> str | None:
        return None if self.position is None else layer_path(self.position)


class DataError(WorkbenchError):
    """A data set cannot be used as asked (missing folder, no images, one class, ...)."""


class DeviceError(WorkbenchError):
    """The requested device is not available on this machine."""


class OutOfMemory(WorkbenchError):
    """The run needed more memory than the device has: stopped, the last good checkpoint kept (exit status 3)."""


class NotEnoughMemory(WorkbenchError):
    """Refused before starting: the training step's estimated memory is more than the device has."""


class CheckpointError(WorkbenchError):
    """A model or checkpoint file cannot be loaded safely or does not fit."""
