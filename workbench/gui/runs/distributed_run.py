"""A training run in several processes (torchrun), followed from the window like an in-process one.

`DistributedRun` has `TrainingRun`'s interface (signals event/failed/ended;
start, pause, resume, stop, wait), so the window drives either the same way.
It saves a copy of the project, starts ``workbench train --nproc-per-node N
--events FILE`` in a new process group, and turns the JSON lines rank 0
appends to FILE back into engine events on a timer. Stop sends SIGINT to the
whole group (every rank writes nothing but rank 0 its last.pt, as on Ctrl+C);
pause and resume stop and continue the group (POSIX).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.training.events import Failed, Finished
from workbench.core.training.protocol import JsonLinesReader
from workbench.core.project.schema import Project
from workbench.core.project.io import save_project

POLL_MS = 100


class DistributedRun(QObject):
    event = Signal(object)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, project: Project, nproc: int, out_dir: Path | None = None, resume: str | None = None,
                 parent=None):
        super().__init__(parent)
        self._tmp = tempfile.TemporaryDirectory(prefix="workbench-ddp-")
        folder = Path(self._tmp.name)
        # Saved where the project lives would be nicer, but the user's file must not change under them:
        # save_project re-anchors relative paths to the copy's folder, so the copy points at the same data.
        self.project_file = save_project(project.copy(), folder / f"{project.name or 'run'}.wbproj")
        self.events_file = folder / "events.jsonl"
        out = out_dir or project.resolve("runs")
        self.command = [sys.executable, "-m", "workbench", "train", str(self.project_file), "--nproc-per-node",
                        str(nproc), "--events", str(self.events_file), "--out", str(out)]
        if resume:
            self.command += ["--resume", str(resume)]
        self.reader = JsonLinesReader(self.events_file)
        self.process: subprocess.Popen | None = None
        self._paused = False
        self._saw_end = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def start(self) -> None:
        self.log = open(Path(self._tmp.name) / "output.log", "w+")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        self.timer.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def paused(self) -> bool:
        return self._paused

    def _signal_group(self, sig) -> None:
        if self.running:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass

    def pause(self) -> None:
        self._signal_group(signal.SIGSTOP)
        self._paused = True

    def resume(self) -> None:
        self._signal_group(signal.SIGCONT)
        self._paused = False

    def stop(self) -> None:
        if self._paused:
            self.resume()
        self._signal_group(signal.SIGINT)

    def wait(self, ms: int = 30000) -> bool:
        if self.process is None:
            return True
        try:
            self.process.wait(ms / 1000)
        except subprocess.TimeoutExpired:
            return False
        self._poll()
        return True

    def _poll(self) -> None:
        for e in self.reader.read_new_events():
            self._saw_end = self._saw_end or isinstance(e, (Finished, Failed))
            self.event.emit(e)
        if self.process is None or self.process.poll() is None or not self.timer.isActive():
            return
        self.timer.stop()
        code = self.process.returncode
        if not self._saw_end:
            self.log.seek(0)
            lines = [line for line in self.log.read().splitlines() if line.strip()]
            errors = [line for line in lines if line.startswith("error:")]
            reason = "interrupted" if code == 130 else (errors or lines or [f"exit status {code}"])[-1]
            self.failed.emit(reason.removeprefix("error: "))
        self.log.close()
        self.ended.emit()

    def close(self) -> None:
        self._tmp.cleanup()
