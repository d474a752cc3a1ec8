"""One window per user for double-clicked projects: a second launch hands its file to the running app.

The first instance listens on a per-user local socket (QLocalServer; a Unix
socket or a Windows named pipe). A later `workbench PROJECT` connects, sends
the path as one JSON line and waits for "ok"; the running window then opens
the file. When nobody answers within a second (no app running, a stale socket
left by a crash, a window too busy to answer) the new process simply opens the
file itself, and takes the socket over. Nothing here ever raises into the
launch: the worst case is a second window.

macOS delivers Finder double-clicks as QFileOpenEvent instead of argv;
`FileOpenFilter` turns those into the same request.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 1000
_OK = b"ok\n"


def server_name() -> str:
    """A name private to this user (and to this data directory, so tests with their own never meet the user's)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the home folder still tells users apart
        user = ""
    key = f"{user}|{Path.home()}|{os.environ.get('WORKBENCH_DATA_DIR', '')}"
    return "torch-workbench-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def send_to_running(paths: list[str], name: str | None = None, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the running instance to open `paths`; True only when it confirmed within the timeout."""
    socket = QLocalSocket()
    try:
        socket.connectToServer(name or server_name())
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(json.dumps({"open": [str(Path(p).resolve()) for p in paths]}).encode() + b"\n")
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        reply = b""
        while not reply.endswith(b"\n"):
            if not socket.waitForReadyRead(timeout_ms):
                return False
            reply += bytes(socket.readAll())
        return reply == _OK
    except Exception:
        return False
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for later launches; emits `open_requested(path)` for each file they hand over."""

    open_requested = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self, take_over: bool = True) -> bool:
        """Start serving; a name left by a crashed instance is taken over. False when another live one serves."""
        if self.server.listen(self.name):
            return True
        if not take_over:
            return False
        # Listening failed: either a live instance holds the name, or a crash left its socket file. A live
        # one answers a ping; a stale file does not, and is removed.
        if _answers(self.name):
            return False
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[id(socket)] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            # Qt's own slot, no Python in it: safe even while the server is being torn down.
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        key = id(socket)
        data = self._buffers.get(key, b"") + bytes(socket.readAll())
        if b"\n" not in data:
            if len(data) > 1 << 20:  # not one of ours
                self._buffers.pop(key, None)
                socket.abort()
            else:
                self._buffers[key] = data
            return
        self._buffers.pop(key, None)
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line)
            paths = [str(p) for p in message.get("open", [])] if isinstance(message, dict) else []
        except ValueError:
            paths = None
        socket.readyRead.disconnect()
        socket.write(_OK if paths is not None else b"error\n")
        socket.flush()
        socket.disconnectFromServer()
        for p in paths or []:  # after the reply: the launcher must not wait on the window opening the file
            self.open_requested.emit(p)


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        ok = socket.waitForConnected(300)
        return ok
    finally:
        socket.abort()


class FileOpenFilter(QObject):
    """QFileOpenEvent (macOS: a document double-clicked in Finder, or dropped on the Dock icon) → a callback.

    Files that arrive before the window exists (the event that launched the app) wait in `pending`
    until `deliver_to` names who opens them."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pending: list[str] = []
        self._open = None

    def deliver_to(self, open_file) -> None:
        self._open = open_file
        pending, self.pending = self.pending, []
        for path in pending:
            open_file(path)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() or event.url().toLocalFile()
            if path:
                if self._open is None:
                    self.pending.append(path)
                else:
                    self._open(path)
                return True
        return False
