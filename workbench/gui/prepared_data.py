"""What the project's data looks like, worked out in the background whenever the data section changes.

Core's `prepare_data` runs on the thread pool (a big folder takes seconds to
scan); a newer change cancels the stale scan. The data panel shows the result
(summary, class bars, preview), the model panel takes the input shape and the
class count from it. Before PyTorch has loaded, or when the data cannot be
opened, a built-in data set's shape and classes still come from the catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.project.rules import builtin_classes, builtin_input_shape
from workbench.gui.document import Document
from workbench.gui.runs.background import REPORT, TaskSlot, error_text

DEBOUNCE_MS = 300  # typing a path or a fraction: prepare once it settles


class PreparedData(QObject):
    started = Signal()
    progress = Signal(int, int)  # images checked, of how many
    ready = Signal(object)  # the DataBundle
    failed = Signal(str)  # why the data cannot be used, in words
    info_changed = Signal()  # input_shape / num_classes may have changed

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.torch_ready = False
        self.bundle = None
        self.error: str | None = None
        self.slot = TaskSlot(self)
        self.slot.done.connect(self._done)
        self.slot.failed.connect(self._failed)
        self.slot.progress.connect(self.progress)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.prepare_now)
        document.changed.connect(self._document_changed)
        document.replaced.connect(self._replaced)
        document.files_changed.connect(self.schedule)  # Data health moved a file: the counts change

    # -- what the model panel needs ---------------------------------------------------
    @property
    def input_shape(self) -> list[int] | None:
        if self.bundle is not None:
            return list(self.bundle.input_shape)
        return builtin_input_shape(self.document.project.data.source)

    @property
    def num_classes(self) -> int | None:
        if self.bundle is not None:
            return self.bundle.num_classes
        return builtin_classes(self.document.project.data.source)

    def _document_changed(self, section: str, _focus) -> None:
        if section == "data":
            self.schedule()

    def _replaced(self) -> None:
        self.schedule(immediately=True)

    # -- preparing --------------------------------------------------------------------------
    def set_torch_ready(self) -> None:
        self.torch_ready = True
        self.schedule(immediately=True)

    def schedule(self, immediately: bool = False) -> None:
        if not self.torch_ready:
            return
        if immediately:
            self._timer.stop()
            self.prepare_now()
        else:
            self._timer.start()

    def prepare_now(self) -> None:
        from workbench.core.data.datasets import prepare_data

        self.started.emit()
        self.slot.start(prepare_data, self.document.project.copy(), REPORT)

    def cancel(self) -> None:
        self._timer.stop()
        self.slot.cancel()

    def _done(self, bundle) -> None:
        self.bundle, self.error = bundle, None
        self.ready.emit(bundle)
        self.info_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.bundle, self.error = None, error_text(error)
        self.failed.emit(self.error)
        self.info_changed.emit()
