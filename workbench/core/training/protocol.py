"""How a run talks to whoever follows it: engine events as JSON lines, control messages back.

One protocol for every run, in one process or torchrun's N: the run (rank 0)
writes each event as a JSON line — to a file (``workbench train --events
PATH``) or to a connection (``workbench train --connect HOST:PORT``, which
the window listens on) — and reads control lines from that connection:
``{"control": "pause" | "resume" | "stop"}``, applied to the engine's
`RunControl` between batches. No signals, so the same code works on Linux,
macOS and Windows.

A connection starts with a hello line carrying the token the follower gave
the process (environment variable ``WORKBENCH_RUN_TOKEN``): on a shared
machine another user's program cannot feed the window events. A warm spare
process (``python -m workbench.spare``) connects the same way and waits for a
``{"job": [argv...]}`` line: the command line it then runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import socket
import threading
from typing import IO

from workbench.core.i18n import _
from workbench.core.training import events as ev

TOKEN_VARIABLE = "WORKBENCH_RUN_TOKEN"
ADDRESS_VARIABLE = "WORKBENCH_RUN_ADDRESS"  # where a spare process connects ("127.0.0.1:PORT")
CONTROLS = ("pause", "resume", "stop")

_TYPES = {cls.__name__: cls for cls in (ev.RunStarted, ev.BatchEnded, ev.Compiling, ev.EpochEnded,
                                        ev.CheckpointSaved, ev.RunWarning, ev.Finished, ev.Failed, ev.LrFinderStep,
                                        ev.LrFinderResult, ev.LabelIssuesFound)}


def to_json(event: ev.Event) -> str:
    return json.dumps({"event": type(event).__name__, **dataclasses.asdict(event)}, ensure_ascii=False)


def from_json(line: str) -> ev.Event | None:
    """The event on one line, or None for a line that is not one (a partial write, another program's text)."""
    try:
        return from_dict(json.loads(line))
    except ValueError:
        return None


def from_dict(doc) -> ev.Event | None:
    """The event a parsed JSON line holds, or None for a message that is not an event."""
    try:
        doc = dict(doc)
        cls = _TYPES[doc.pop("event")]
        return cls(**doc)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


class JsonLinesWriter:
    """An engine listener appending one JSON line per event, flushed at once."""

    def __init__(self, path: str | os.PathLike):
        self.file: IO[str] = open(path, "a", encoding="utf-8")

    def __call__(self, event: ev.Event) -> None:
        self.file.write(to_json(event) + "\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()


class JsonLinesReader:
    """Reads the events appended to a file since the last call; an incomplete last line waits for its end."""

    def __init__(self, path: str | os.PathLike):
        self.path = path
        self.offset = 0
        self.pending = ""

    def read_new_events(self) -> list[ev.Event]:
        try:
            with open(self.path, encoding="utf-8") as f:
                f.seek(self.offset)
                chunk = f.read()
                self.offset = f.tell()
        except FileNotFoundError:
            return []
        text = self.pending + chunk
        lines = text.split("\n")
        self.pending = lines.pop()  # "" when the text ended with a newline
        return [e for e in map(from_json, lines) if e is not None]


def encode(message: dict) -> bytes:
    return (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8")


def parse_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(_("expected HOST:PORT, got {value}").format(value=repr(address)))
    return host or "127.0.0.1", int(port)


class RunLink:
    """The run's end of its connection to the follower: an engine listener sending events, and a reader thread
    applying control messages to the run's `RunControl` (and handing a spare its job)."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self._send_lock = threading.Lock()
        self._control: ev.RunControl | None = None
        self._early: list[str] = []  # control messages that came before a RunControl was attached
        self._jobs: queue.Queue = queue.Queue()
        self.closed = threading.Event()
        threading.Thread(target=self._read, name="run-link", daemon=True).start()

    @classmethod
    def connect(cls, address: str, token: str | None = None, role: str = "run", timeout: float = 30.0) -> "RunLink":
        sock = socket.create_connection(parse_address(address), timeout=timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        link = cls(sock)
        link.send({"hello": token if token is not None else os.environ.get(TOKEN_VARIABLE, ""), "role": role,
                   "pid": os.getpid()})
        return link

    def send(self, message: dict) -> None:
        data = encode(message)
        with self._send_lock:
            try:
                self.sock.sendall(data)
            except OSError:  # the follower has gone (the window closed): the run goes on, unobserved
                self.closed.set()

    def __call__(self, event: ev.Event) -> None:
        """As an engine listener."""
        self.send(json.loads(to_json(event)))

    def attach(self, control: ev.RunControl) -> None:
        self._control = control
        for message in self._early:
            self._apply(message)
        self._early.clear()

    def wait_for_job(self, timeout: float | None = None) -> list[str] | None:
        """The command line a spare is to run, or None when the follower went away first."""
        try:
            return self._jobs.get(timeout=timeout)
        except queue.Empty:
            return None

    def _read(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    self._handle(line)
        except OSError:
            pass
        self.closed.set()
        self._jobs.put(None)

    def _handle(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if message.get("control") in CONTROLS:
            if self._control is None:
                self._early.append(message["control"])
            else:
                self._apply(message["control"])
        elif isinstance(message.get("job"), list):
            self._jobs.put([str(a) for a in message["job"]])

    def _apply(self, control: str) -> None:
        {"pause": self._control.pause, "resume": self._control.resume, "stop": self._control.request_stop}[control]()

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
