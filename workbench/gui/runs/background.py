"""Work off the GUI thread that is not a training run: importing PyTorch, scanning data, previews.

Results come back as queued signals to objects living on the GUI thread, so
callbacks always run there; an error comes back as the exception itself. A
`TaskSlot` holds one kind of work (a panel's data scan, its preview): starting
it again cancels the request still running — the stale task stops at its next
progress report, and whatever it returns is dropped — and closing the panel
cancels it too. Each `Task` is kept alive until its signal has been
delivered; `wait_for_tasks` lets the window drain them before it closes.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from workbench.core.errors import WorkbenchError
from workbench.gui.desktop import gc_policy

_live: set["Task"] = set()


class Cancelled(Exception):
    """Raised inside a task that was cancelled, at its next progress report."""


class TaskState:
    """What a running task and the GUI thread share: a cancel flag, and the latest progress (plain attributes,
    read by a GUI-thread timer: emitting a Qt signal per update from the pool failed intermittently in
    PySide6 6.11.3 — "only accepts 0 argument(s), 3 given" on a correctly typed signal — and aborted the task)."""

    def __init__(self):
        self._cancelled = threading.Event()
        self.latest: tuple[int, int] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def progress(self, done: int, total: int) -> None:
        """The task's progress callback: records (done, total), and ends a cancelled task."""
        if self._cancelled.is_set():
            raise Cancelled()
        self.latest = (done, total)


REPORT = object()  # in a task's arguments: replaced by its progress callback (TaskState.progress)


def error_text(error: BaseException) -> str:
    """An error a task raised, as one line for the window."""
    if isinstance(error, WorkbenchError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class Task(QObject):
    """``fn(*args)`` on the shared thread pool; ``done(result)`` or ``failed(exception)`` on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable, *args: Any):
        super().__init__()
        self.state = TaskState()
        self.fn, self.args = fn, tuple(self.state.progress if a is REPORT else a for a in args)

    def start(self) -> "Task":
        # Connected last, so it runs after the caller's slots: dropping the last reference mid-emission
        # would delete the object and skip them.
        self.done.connect(self._forget)
        self.failed.connect(self._forget)
        _live.add(self)
        QThreadPool.globalInstance().start(self._run)
        return self

    def cancel(self) -> None:
        self.state.cancel()

    def _run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Cancelled as e:
            self.failed.emit(e)
        except Exception as e:
            if not isinstance(e, WorkbenchError):  # a bug: keep the window alive, print the trace
                traceback.print_exc(file=sys.stderr)
            self.failed.emit(e)
        else:
            self.done.emit(result)

    def _forget(self, *_):
        _live.discard(self)


def run_task(fn: Callable, *args: Any, on_done: Callable | None = None,
             on_error: Callable | None = None) -> Task:
    """A one-off task; ``on_error`` gets the exception (never a cancelled task's)."""
    task = Task(fn, *args)
    if on_done:
        task.done.connect(_unless_gone(on_done))
    if on_error:
        deliver = _unless_gone(on_error)
        task.failed.connect(lambda e: None if isinstance(e, Cancelled) else deliver(e))
    return task.start()


def _unless_gone(callback: Callable) -> Callable:
    """The callback, ignoring that its widgets were deleted meanwhile (a window closed while its task ran):
    there is nothing left to show the result in.

    A QObject's own method is connected as it is: Qt disconnects it when the object is destroyed, and the
    slot can still ask `self.sender()` which task answered (a wrapper would hide that).
    """
    if isinstance(getattr(callback, "__self__", None), QObject):
        return callback

    def deliver(value):
        try:
            callback(value)
        except RuntimeError as e:
            if "already deleted" not in str(e):
                raise
    return deliver


class TaskSlot(QObject):
    """One kind of background work that a newer request makes stale: `start` cancels the task still running
    and only the newest one's result arrives (``done`` / ``failed`` with the exception); ``progress(done,
    total)`` comes ten times a second at most while it runs. An owner that closes calls `cancel`; one
    deleted while its task runs never hears of it."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.task: Task | None = None
        self._shown: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, fn: Callable, *args: Any) -> Task:
        self.cancel()
        task = self.task = Task(fn, *args)
        task.done.connect(_unless_gone(lambda result, task=task: self._finished(task, result, None)))
        task.failed.connect(_unless_gone(lambda error, task=task: self._finished(task, None, error)))
        self._shown = None
        self._timer.start()
        return task.start()

    def cancel(self) -> None:
        """Stop the running task at its next progress report; whatever it ends with is dropped."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self._timer.stop()

    def _poll(self) -> None:
        task = self.task
        latest = task.state.latest if task is not None else None
        if latest is not None and latest != self._shown:
            self._shown = latest
            self.progress.emit(*latest)

    def _finished(self, task: Task, result, error) -> None:
        if task is not self.task:
            return  # stale: a newer request replaced it, or it was cancelled
        self.task = None
        self._timer.stop()
        if error is None:
            self.done.emit(result)
        elif not isinstance(error, Cancelled):
            self.failed.emit(error)


def wait_for_tasks(timeout_ms: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class TorchLoader(QObject):
    """Imports torch and torchvision on a plain thread so the window can show first (DESIGN: lazy torch).

    A Python thread rather than the pool: the import holds module locks for
    seconds and must not occupy a pool slot that data scans need.
    """

    ready = Signal(str)  # "PyTorch 2.x (CUDA ...)" for the status bar
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.seconds: float | None = None
        self.text = ""
        self.is_ready = False
        self.ready.connect(self._mark)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        gc_policy.set_paused(True)  # until the import's objects are frozen (see gc_policy)
        self._thread = threading.Thread(target=self._run, name="import-torch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            import torch
            import torchvision  # noqa: F401
        except Exception as e:  # a broken install: the window still edits projects
            gc_policy.set_paused(False)
            self.failed.emit(self.tr("PyTorch could not be loaded: {error}").format(error=f"{type(e).__name__}: {e}"))
            return
        # A few hundred thousand objects now live as long as the process. Left to the garbage collector, every
        # full collection walks all of them — 120 ms on the GUI thread, a visible stall each time. Freezing
        # moves them out of the collector's sight.
        gc.freeze()
        gc_policy.set_paused(False)
        self.text = f"PyTorch {torch.__version__.split('+')[0]}"
        self.seconds = time.perf_counter() - t0  # set before emitting: a late listener can see it is done
        self.ready.emit(self.text)

    def _mark(self, _text: str) -> None:
        self.is_ready = True

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
