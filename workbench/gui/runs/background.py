"""Work off the GUI thread that is not a training run: importing PyTorch, scanning data, previews.

Results come back as queued signals to objects living on the GUI thread, so
callbacks always run there. Each `Task` is kept alive until its signal has
been delivered; `wait_for_tasks` lets the window drain them before it closes.
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


class Task(QObject):
    """``fn(*args)`` on the shared thread pool; ``done(result)`` or ``failed(message)`` on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable, *args: Any):
        super().__init__()
        self.fn, self.args = fn, args

    def start(self) -> "Task":
        # Connected last, so it runs after the caller's slots: dropping the last reference mid-emission
        # would delete the object and skip them.
        self.done.connect(self._forget)
        self.failed.connect(self._forget)
        _live.add(self)
        QThreadPool.globalInstance().start(self._run)
        return self

    def _run(self) -> None:
        try:
            result = self.fn(*self.args)
        except WorkbenchError as e:
            self.failed.emit(str(e))
        except Exception as e:  # a bug: keep the window alive, say what happened, print the trace
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(f"{type(e).__name__}: {e}")
        else:
            self.done.emit(result)

    def _forget(self, *_):
        _live.discard(self)


def run_task(fn: Callable, *args: Any, on_done: Callable | None = None,
             on_error: Callable | None = None) -> Task:
    task = Task(fn, *args)
    if on_done:
        task.done.connect(_unless_gone(on_done))
    if on_error:
        task.failed.connect(_unless_gone(on_error))
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


class ProgressPoll(QObject):
    """Progress of a pool task, shown on the GUI thread.

    The task calls ``reporter()``'s result with ``(done, total)``: a plain attribute write. A GUI-thread timer
    hands the latest value to ``show`` ten times a second. Emitting a Qt signal per update from the pool
    thread failed intermittently in PySide6 6.11.3 ("only accepts 0 argument(s), 3 given" on a correctly
    typed signal, in about one scan of 30,000 images in two), and the exception aborted the task.
    """

    def __init__(self, show: Callable[[int, int], None], parent: QObject):
        super().__init__(parent)
        self._show = show
        self._latest: tuple[int, int] | None = None
        self._shown: tuple[int, int] | None = None
        self._request: object | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)

    def reporter(self) -> Callable[[int, int], None]:
        """A new request's ``progress(done, total)``; an older request's reports are ignored from now on."""
        request = self._request = object()
        self._latest = self._shown = None
        self._timer.start()

        def progress(done: int, total: int) -> None:
            if self._request is request:
                self._latest = (done, total)

        return progress

    def stop(self) -> None:
        self._request = None
        self._timer.stop()

    def _tick(self) -> None:
        latest = self._latest
        if latest is not None and latest != self._shown:
            self._shown = latest
            self._show(*latest)


def end_idle_pool_threads() -> None:
    """Let the shared pool's threads exit as soon as they are idle (Qt keeps them 30 s by default).

    A pool thread that ran PyTorch (an evaluation, a prediction) keeps its OpenMP thread team for as long
    as it lives. With two teams in the process, GNU OpenMP counts more threads than cores and stops its
    workers spinning between parallel regions: training then ran at half speed on a 2-core laptop until the
    idle thread expired (measured: 4,500 -> 2,400 samples/s on the run after an evaluation). A thread
    costs ~0.1 ms to start again; a task runs for far longer.
    """
    QThreadPool.globalInstance().setExpiryTimeout(0)


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
