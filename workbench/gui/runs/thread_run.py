"""The thread bridge for a training run: one QThread, one worker object, the engine's events as signals.

The worker calls `workbench.core.training.engine.train` on its own thread. The engine
calls our listener on that thread; the listener only emits a signal, which Qt
queues to the GUI thread (the receivers live there). Stop and pause are
flags on a `RunControl` the engine polls between batches: a queued "stop"
slot would never run, because the worker's thread is busy inside the loop.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from workbench.core.errors import WorkbenchError
from workbench.core.training.events import Failed, RunControl
from workbench.core.project.schema import Project


class TrainWorker(QObject):
    event = Signal(object)  # any workbench.core.training.events dataclass
    failed = Signal(str)  # an exception escaped train(): bad input, or a bug
    done = Signal()

    def __init__(self, project: Project, control: RunControl, out_dir: Path | None, resume: str | None):
        super().__init__()  # no parent: an object with a parent silently stays on its old thread
        self.project = project
        self.control = control
        self.out_dir = out_dir
        self.resume = resume
        self._failed_event = False

    def _listen(self, event) -> None:
        if isinstance(event, Failed):
            self._failed_event = True
        self.event.emit(event)

    @Slot()
    def run(self) -> None:
        # Python's default GIL switch interval (5 ms) is kept: with the window this light, 1 ms slices gave
        # the event loop nothing measurable and cost 2-3% of the training speed on a 2-core laptop.
        try:
            from workbench.core.training.engine import train

            # PyTorch keeps all its intra-op threads, as headless: the window stays light enough while training
            # (plots redraw at a rate the core count can afford, see plots.redraw_hz) for the event loop to get
            # its turns. Leaving a core to the window instead cost 30% of the speed on a 2-core laptop.
            train(self.project, listeners=(self._listen,), control=self.control, out_dir=self.out_dir,
                  resume=self.resume)
        except WorkbenchError as e:
            if not self._failed_event:
                self.failed.emit(str(e))
        except Exception as e:  # a bug in core: the window stays usable and says what happened
            traceback.print_exc(file=sys.stderr)
            if not self._failed_event:
                self.failed.emit(f"{type(e).__name__}: {e}")
        finally:
            self.done.emit()


class TrainingRun(QObject):
    """The GUI-thread handle on one run: start, pause, resume, stop, wait."""

    event = Signal(object)
    failed = Signal(str)
    ended = Signal()  # the thread has finished; safe to start another run or close

    def __init__(self, project: Project, out_dir: Path | None = None, resume: str | None = None, parent=None):
        super().__init__(parent)
        self.control = RunControl()
        # The engine gets its own copy: the user may edit the project while it runs.
        self.worker = TrainWorker(project.copy(), self.control, out_dir, resume)
        self.thread = QThread()
        self.thread.setObjectName("training")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.event.connect(self.event)
        self.worker.failed.connect(self.failed)
        self.worker.done.connect(self.thread.quit)
        self.thread.finished.connect(self._on_finished)
        self._running = False

    def start(self) -> None:
        self._running = True
        self.thread.start()

    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        return self.control.paused

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def stop(self) -> None:
        self.control.request_stop()

    def wait(self, ms: int = 30000) -> bool:
        return self.thread.wait(ms)

    def _on_finished(self) -> None:
        self._running = False
        self.worker.deleteLater()
        self.ended.emit()
