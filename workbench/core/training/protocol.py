"""Engine events as JSON lines, so another process (the window) can follow a run it did not start in-process.

A distributed run lives in torchrun's processes; rank 0 writes its events to
a file with `JsonLinesWriter` (``workbench train --events PATH``) and the
window reads them back with `read_new_events`, turning each line into the
same dataclass the in-process engine would have sent.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import IO

from workbench.core.training import events as ev

_TYPES = {cls.__name__: cls for cls in (ev.RunStarted, ev.BatchEnded, ev.EpochEnded, ev.CheckpointSaved,
                                        ev.RunWarning, ev.Finished, ev.Failed)}


def to_json(event: ev.Event) -> str:
    return json.dumps({"event": type(event).__name__, **dataclasses.asdict(event)}, ensure_ascii=False)


def from_json(line: str) -> ev.Event | None:
    """The event on one line, or None for a line that is not one (a partial write, another program's text)."""
    try:
        doc = json.loads(line)
        cls = _TYPES[doc.pop("event")]
        return cls(**doc)
    except (ValueError, KeyError, TypeError, AttributeError):
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
