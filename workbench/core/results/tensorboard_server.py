"""Starting and stopping a local TensorBoard for a project's runs (the primer's `tensorboard --logdir`).

It listens on 127.0.0.1 only, on a free port, and is stopped when the app
quits; the process is really gone after `stop()`.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import _

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class TensorBoardServer:
    def __init__(self, logdir: str | Path):
        self.logdir = Path(logdir)
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 90.0) -> str:
        """Start TensorBoard and wait until it answers; returns its URL."""
        if self.running:
            return self.url
        if importlib.util.find_spec("tensorboard") is None:
            raise WorkbenchError(_("TensorBoard is not installed in this environment: pip install tensorboard"))
        self.logdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tensorboard.main", "--logdir", str(self.logdir), "--host", HOST,
             "--port", str(self.port), "--reload_interval", "5"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WorkbenchError(_("TensorBoard exited at start: {reason}").format(reason=self._tail()))
            try:
                with urllib.request.urlopen(self.url, timeout=2):
                    return self.url
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise WorkbenchError(_("TensorBoard did not answer within {seconds} s").format(seconds=f"{timeout:.0f}"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _tail(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else _("no output")
