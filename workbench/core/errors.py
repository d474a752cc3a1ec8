"""The app's own error types.

Every problem a user can cause (a bad project file, a layer stack that cannot
run, a data folder with no images) is raised as a WorkbenchError whose message
is a single line naming what is wrong: the CLI prints it and exits 2, the
window shows it. Anything else escaping is a bug.
"""


class Message(str):
    """A sentence core says to the user (a warning about the data): the English text, which the command line
    prints and --json writes as it is, plus the ``template`` and ``values`` it was made from, so that the window
    can say it in its own language (a template it has no translation for reads as the English)."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        text = super().__new__(cls, template.format(**values))
        text.template, text.values = template, values
        return text

    def __getnewargs_ex__(self):  # pickled and copied as what it was made from
        return (self.template,), self.values


class WorkbenchError(Exception):
    """Base class: a user-facing problem with a one-line message."""


class ProjectError(WorkbenchError):
    """A project document is malformed; `path` is where, e.g. ``model.layers[3].kernel_size``."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class ModelError(WorkbenchError):
    """A layer stack cannot run; `index` and `layer_type` say where it breaks."""

    def __init__(self, index: int | None, layer_type: str | None, message: str):
        self.index = index
        self.layer_type = layer_type
        self.reason = message
        where = f"model.layers[{index}] ({layer_type}): " if index is not None else ""
        super().__init__(where + message)


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
