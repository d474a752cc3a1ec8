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


class ModelError(WorkbenchError):
    """A layer stack cannot run; `index` and `layer_type` say where it breaks."""

    def __init__(self, index: int | None, layer_type: str | None, message: str):
        self.index = index
        self.layer_type = layer_type
        self.reason = message
        if index is None:
            super().__init__(message)
        else:
            super().__init__(_("{where}: {message}").format(where=f"model.layers[{index}] ({layer_type})",
                                                             message=message))


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
