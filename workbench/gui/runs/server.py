"""Where run processes call the window back: one loopback TCP server per window, connections told apart by
the token each process was started with (core/training/protocol.py speaks the other end).

Everything here runs on the GUI thread through Qt's event loop: a readable
socket is a `readyRead` signal like a click, so no thread of the window ever
waits on a run.
"""

from __future__ import annotations

import json
import secrets
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

HELLO_TIMEOUT_MS = 10000


class Connection(QObject):
    """One run process's connection: JSON lines in (``message``), JSON lines out (`send`)."""

    message = Signal(dict)
    closed = Signal()

    def __init__(self, socket: QTcpSocket, hello: dict, parent=None):
        super().__init__(parent)
        self.socket = socket
        self.hello = hello
        self._buffer = b""
        socket.setParent(self)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self.closed)

    @property
    def role(self) -> str:
        return str(self.hello.get("role", "run"))

    def send(self, message: dict) -> None:
        if self.socket.state() == QTcpSocket.SocketState.ConnectedState:
            self.socket.write((json.dumps(message) + "\n").encode("utf-8"))
            self.socket.flush()

    def feed(self, data: bytes) -> None:
        """Bytes read before this object existed (after the hello line, in the same packet)."""
        self._buffer += data
        self._emit_lines()

    def drain(self, ms: int = 200) -> None:
        """Read what is still on the way without the event loop (a run that has just ended)."""
        while self.socket.bytesAvailable() or self.socket.waitForReadyRead(ms):
            self._read()

    def _read(self) -> None:
        self._buffer += bytes(self.socket.readAll())
        self._emit_lines()

    def _emit_lines(self) -> None:
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self.message.emit(message)

    def close(self) -> None:
        self.socket.abort()


class RunServer(QObject):
    """Accepts run processes' connections and hands each to whoever expects its token."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.server = QTcpServer(self)
        if not self.server.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0):
            raise OSError(f"cannot listen on the loopback interface: {self.server.errorString()}")
        self.server.newConnection.connect(self._accept)
        self._expected: dict[str, Callable[[Connection], None]] = {}

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.serverPort()}"

    def expect(self, on_connection: Callable[[Connection], None], token: str | None = None) -> str:
        """A token for a process to start with; its connections go to ``on_connection``. Returns the token."""
        token = token or secrets.token_hex(16)
        self._expected[token] = on_connection
        return token

    def forget(self, token: str) -> None:
        self._expected.pop(token, None)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            pending = {"data": b""}

            def read_hello(socket=socket, pending=pending) -> None:
                pending["data"] += bytes(socket.readAll())
                if b"\n" not in pending["data"]:
                    return
                line, rest = pending["data"].split(b"\n", 1)
                socket.readyRead.disconnect()
                try:
                    hello = json.loads(line)
                    handler = self._expected.get(str(hello.get("hello")))
                except (ValueError, AttributeError):
                    handler = None
                if handler is None:  # not one of ours: another program found the port
                    socket.abort()
                    socket.deleteLater()
                    return
                pending["routed"] = True
                connection = Connection(socket, hello, self)
                handler(connection)
                if rest:
                    connection.feed(rest)

            def gone_before_hello(socket=socket, pending=pending) -> None:
                if not pending.get("routed"):
                    socket.deleteLater()

            socket.readyRead.connect(read_hello)
            socket.disconnected.connect(gone_before_hello)

    def close(self) -> None:
        self.server.close()
