"""Crash-safe file writes: a temporary file in the target's folder, fsynced, renamed over it.

A crash (or a full disk) mid-write leaves the previous version intact, never
half a file.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Callable

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import _


class StorageError(WorkbenchError):
    """A file could not be written (disk full, read-only folder, no permission); the old file is intact."""


def atomic_write(path: str | os.PathLike, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Call ``write(f)`` on a temporary binary file, then atomically replace ``path`` with it.

    Raises StorageError naming the file when the disk or the folder refuses.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise StorageError(_("cannot write {path}: {reason}").format(path=path, reason=_why(e))) from None
    recorder = None
    try:
        with os.fdopen(fd, "wb") as f:
            recorder = _WriteRecorder(f)
            write(recorder)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        # torch.save's C++ writer swallows the OSError of a failed write and fails later with its own
        # RuntimeError ("unexpected pos"): the recorder still knows the real cause.
        cause = recorder.error if recorder is not None and recorder.error is not None else e
        if isinstance(cause, OSError):
            raise StorageError(_("cannot write {path}: {reason}; the previous version, if any, is intact").format(
                path=path, reason=_why(cause))) from None
        raise
    _fsync_dir(path.parent)
    return path


def _why(e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full (or the file size limit was reached)")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("the folder is read-only or not writable")
    return e.strerror or str(e)


class _WriteRecorder(io.BufferedIOBase):
    """A binary file wrapper that remembers the first OSError of a write, whoever swallows it afterwards.

    An io.BufferedIOBase, so writers that check for a file object (torch.export.save) take it as one.
    """

    def __init__(self, f):
        super().__init__()
        self._f = f
        self.error: OSError | None = None

    def write(self, data) -> int:
        try:
            return self._f.write(data)
        except OSError as e:
            self.error = self.error or e
            raise

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._f.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def flush(self) -> None:
        self._f.flush()

    def fileno(self) -> int:
        return self._f.fileno()

    def close(self) -> None:  # the real file is closed by atomic_write, after fsync
        pass


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    return atomic_write(path, lambda f: f.write(data))


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    # The rename itself is only durable once the directory entry is on disk.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
