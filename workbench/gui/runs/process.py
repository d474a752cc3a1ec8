"""Runs in processes of their own: the window starts them, follows their events and sends them control messages.

A `RunProcess` is the window's handle on one run — one training process, or
torchrun's N — with the interface the window drives (start, pause, resume,
stop, wait; signals ``event``, ``failed``, ``ended``). The run is the
`workbench` command line itself (``train PROJECT --connect ADDRESS ...``), so
whatever the window runs, the CLI runs the same way. Its events come back
over a loopback connection (server.py); its end is the process's end, so a
run that dies (killed, out of memory, a crash inside PyTorch) is reported in
words and never takes the window with it.

A `SparePool` keeps one process started in advance with PyTorch imported
(workbench/spare.py): Train hands it the command line, and the first batch
arrives without waiting for an interpreter and an import.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from workbench.core import i18n as core_i18n
from workbench.core.project.io import EXTENSION, save_project_copy
from workbench.core.training.events import Failed, Finished, RunStarted
from workbench.core.training.protocol import ADDRESS_VARIABLE, TOKEN_VARIABLE, from_dict
from workbench.gui.runs.server import Connection, RunServer

POLL_MS = 200  # how often a child's exit is checked (its events arrive as they come, not by polling)
LOG_LINES = 40


def project_copy(project, purpose: str) -> Path:
    """``project`` saved into a new temporary folder for a process to read (a run, a sweep, a search): its paths
    absolute, so the user may go on editing meanwhile. The caller removes the folder (the copy's parent) when the
    process has ended. Raises what saving raises, leaving nothing behind."""
    import re

    folder = Path(tempfile.mkdtemp(prefix=f"workbench-{purpose}-"))
    name = re.sub(r"[^\w.-]+", "-", project.name or "", flags=re.UNICODE).strip("-.") or purpose
    try:
        return save_project_copy(project, folder / f"{name}{EXTENSION}")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def workbench_command(*args: str) -> list[str]:
    """The `workbench` command line in a child process: this interpreter's, or the bundled app's own."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its executable is the command
        return [sys.executable, *args]
    return [sys.executable, "-m", "workbench", *args]


class ChildProcess:
    """A `workbench` command in a process of its own group (so a distributed run's ranks end with it), its
    output kept in a temporary log for the message when it fails. It speaks the window's language: its messages
    (a Failed event, an error line) arrive as text, already translated, and are shown as they are."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-run-"))
        self.log = open(self.folder / "output.log", "w+b")
        kwargs = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32"
                  else {"start_new_session": True})
        self.popen = subprocess.Popen(workbench_command(*args), stdout=self.log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, env={**os.environ, **language_environment(), **env},
                                      **kwargs)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def poll(self) -> int | None:
        return self.popen.poll()

    def wait(self, seconds: float) -> bool:
        try:
            self.popen.wait(seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    def kill(self) -> None:
        """The process and everything it started (torchrun's ranks)."""
        if self.popen.poll() is not None:
            return
        try:
            if sys.platform == "win32":
                self.popen.kill()
            else:
                os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def interrupt(self) -> None:
        """Ctrl+C for the process and everything it started: a command that catches it ends as it would at a
        terminal (a sweep's running trials write their last.pt)."""
        if self.popen.poll() is not None:
            return
        try:
            if sys.platform == "win32":
                self.popen.send_signal(signal.CTRL_BREAK_EVENT)
            else:
                os.killpg(self.popen.pid, signal.SIGINT)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def tail(self, lines: int = LOG_LINES) -> list[str]:
        try:
            self.log.flush()
            self.log.seek(0)
            text = self.log.read().decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return []
        return [line for line in text.splitlines() if line.strip()][-lines:]

    def cleanup(self) -> None:
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def language_environment() -> dict[str, str]:
    """The window's language for a process it starts (core reads it before the locale)."""
    return {core_i18n.LANGUAGE_VARIABLE: core_i18n.language()}


def describe_exit(code: int, log: list[str]) -> str:
    """Why a run's process ended without saying so itself, in words for the user."""
    if code < 0:  # POSIX: ended by a signal
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name == "SIGKILL":
            return QCoreApplication.translate(
                "RunProcess", "The training process was killed (SIGKILL). The system's out-of-memory killer ends "
                              "processes this way when memory runs out: a smaller batch size or model needs less.")
        if name in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGABRT"):
            return QCoreApplication.translate(
                "RunProcess", "The training process crashed ({signal}): a fault inside PyTorch or a library it "
                              "uses.").format(signal=name)
        return QCoreApplication.translate("RunProcess", "The training process was ended by {signal}.").format(
            signal=name)
    if code == 130:
        return QCoreApplication.translate("RunProcess", "The training process was interrupted.")
    # The command's own "error: …" line (`workbench.cli.error`), in the language the window gave it.
    prefix = core_i18n._("error: {message}").format(message="").strip()
    errors = [line for line in log if line.startswith((prefix, "error:"))]
    if errors:
        return errors[-1].removeprefix(prefix).removeprefix("error:").strip()
    last = log[-1] if log else QCoreApplication.translate("RunProcess", "exit status {code}").format(code=code)
    return QCoreApplication.translate("RunProcess", "The training process ended unexpectedly: {reason}").format(
        reason=last)


class Spare:
    """A warm process waiting for its job."""

    def __init__(self, server: RunServer):
        self.server = server
        self.connection: Connection | None = None
        self.ready = False
        self.token = server.expect(self._connected)
        self.child = ChildProcess(["spare"], {TOKEN_VARIABLE: self.token, ADDRESS_VARIABLE: server.address})

    def _connected(self, connection: Connection) -> None:
        self.connection = connection
        connection.message.connect(self._message)

    def _message(self, message: dict) -> None:
        if message.get("ready"):
            self.ready = True

    @property
    def alive(self) -> bool:
        return self.child.poll() is None

    def hand_over(self) -> Connection:
        """The spare becomes a run: its connection now speaks for the run."""
        self.connection.message.disconnect(self._message)
        return self.connection

    def discard(self) -> None:
        self.server.forget(self.token)
        if self.connection is not None:
            self.connection.close()
        self.child.kill()
        self.child.wait(2)
        self.child.cleanup()


class SparePool(QObject):
    """One warm spare process, started in the background after launch and after each run. ``wanted`` says
    whether to keep one (a preference: it holds about 400 MB of memory)."""

    def __init__(self, server: RunServer, wanted=lambda: True, parent=None):
        super().__init__(parent)
        self.server = server
        self.spare: Spare | None = None
        self.wanted = wanted
        self.enabled = True

    def refill(self) -> None:
        if not self.enabled or not self.wanted():
            return
        if self.spare is not None and not self.spare.alive:
            self.spare.discard()
            self.spare = None
        if self.spare is None:
            self.spare = Spare(self.server)

    def take(self) -> Spare | None:
        """The spare, even one still importing (it is nearer to ready than a new process); None when there is
        none to start a process of one's own."""
        spare = self.spare
        if spare is None or not spare.alive:
            return None
        self.spare = None
        return spare

    def shutdown(self) -> None:
        self.enabled = False
        if self.spare is not None:
            self.spare.discard()
            self.spare = None


class RunProcess(QObject):
    """The window's handle on a run in its own process(es)."""

    event = Signal(object)  # a workbench.core.training.events dataclass
    failed = Signal(str)  # the run could not start, or its process died: one sentence for the user
    ended = Signal()  # the process has ended; its events are all delivered

    def __init__(self, args: list[str], server: RunServer, spares: SparePool | None = None, parent=None,
                 events: bool = True):
        """``events``: the command streams events back (``train``: ``--connect`` is added); other commands
        (``export``) only end, well or with an error line."""
        super().__init__(parent)
        self.args = [*args, "--connect", server.address] if events else list(args)
        self.server = server
        self.spares = spares
        self.child: ChildProcess | None = None
        self.token = ""
        self.connections: list[Connection] = []
        self.used_spare = False
        self._job_pending = False  # a spare waits for its command line
        self.run_dir: str | None = None
        self.returncode: int | None = None
        self._paused = False
        self._stop_requested = False
        self._saw_end = False
        self._ended = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    # -- the interface the window drives -------------------------------------------
    def start(self) -> None:
        spare = self.spares.take() if self.spares is not None else None
        if spare is not None:
            self.used_spare = self._job_pending = True
            self.child, self.token = spare.child, spare.token
            # From now on the spare's token (and so its connection, and a distributed run's rank 0) is ours.
            self.server.expect(self._connected, self.token)
            if spare.connection is not None:
                self._connected(spare.hand_over())
        else:
            self.token = self.server.expect(self._connected)
            self.child = ChildProcess(self.args, {TOKEN_VARIABLE: self.token})
        self.timer.start()

    @property
    def pid(self) -> int | None:
        return self.child.pid if self.child is not None else None

    @property
    def running(self) -> bool:
        return self.child is not None and not self._ended

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    @property
    def died(self) -> bool:
        """The process failed without the run saying how (killed, crashed): see ``failed``'s message."""
        return self._ended and not self._saw_end and self.returncode != 0

    def pause(self) -> None:
        self._control("pause")
        self._paused = True

    def resume(self) -> None:
        self._control("resume")
        self._paused = False

    def stop(self) -> None:
        self._control("stop")
        self._paused = False
        self._stop_requested = True

    def kill(self) -> None:
        if self.child is not None:
            self.child.kill()

    def interrupt(self) -> None:
        """Ctrl+C: for commands that take no control messages (``sweep``); see ChildProcess.interrupt."""
        self._stop_requested = True
        if self.child is not None:
            self.child.interrupt()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the process has ended and its last events are delivered (closing, tests)."""
        if self.child is None or self._ended:
            return True
        if not self.child.wait(ms / 1000):
            return False
        self._poll()
        return True

    # -- inside -----------------------------------------------------------------
    def _control(self, word: str) -> None:
        # Every connection hears it: the one that trains obeys (a distributed run's launcher ignores it).
        for connection in self.connections:
            connection.send({"control": word})

    def _connected(self, connection: Connection) -> None:
        self.connections.append(connection)
        connection.message.connect(self._message)
        if self._job_pending and connection.role == "spare":
            connection.send({"job": self.args})
            self._job_pending = False
        # A process that connects late (a fresh one, or a distributed run's rank 0) learns the state so far.
        if self._stop_requested:
            connection.send({"control": "stop"})
        elif self._paused:
            connection.send({"control": "pause"})

    def _message(self, message: dict) -> None:
        if "event" not in message:
            return
        event = from_dict(message)
        if event is None:
            return
        if isinstance(event, RunStarted):
            self.run_dir = event.run_dir
        self._saw_end = self._saw_end or isinstance(event, (Finished, Failed))
        self.event.emit(event)

    def _poll(self) -> None:
        if self._ended or self.child is None:
            return
        code = self.child.poll()
        if code is None:
            return
        for connection in self.connections:
            connection.drain()
        self._ended = True
        self.returncode = code
        self.timer.stop()
        self.server.forget(self.token)
        if not self._saw_end and code != 0:
            self.failed.emit(describe_exit(code, self.child.tail()))
        for connection in self.connections:
            connection.close()
        self.child.cleanup()
        self.ended.emit()


class RunLauncher(QObject):
    """Starts `workbench` commands in processes of their own for a window: the loopback server they report to,
    and the warm spare that takes the next one (refilled after each)."""

    def __init__(self, warm=lambda: False, parent=None):
        super().__init__(parent)
        self.server = RunServer(self)
        self.running: set[RunProcess] = set()
        # A spare starts only while nothing runs: its import of PyTorch (seconds of CPU) would take them from a
        # run (measured: a spare importing during 1 s epochs cost the run 30% of its speed).
        self.spares = SparePool(self.server, lambda: warm() and not self.running, self)

    def start(self, args: list[str], events: bool = True) -> RunProcess:
        """``args``: a `workbench` command line (``train ...``, ``export ...``); the process is already started.
        Connect to its signals before returning to the event loop: none are delivered before."""
        run = RunProcess(args, self.server, self.spares, parent=self, events=events)
        self.running.add(run)
        run.ended.connect(self._ended)
        run.start()
        return run

    def _ended(self) -> None:
        self.running.discard(self.sender())
        self.spares.refill()  # the next command starts as quickly

    def shutdown(self) -> None:
        self.spares.shutdown()
        self.server.close()
