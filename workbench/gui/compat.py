"""Work-arounds for bugs in the Qt binding that the app cannot avoid by writing its own code differently.

PySide6 6.12 on CPython 3.11: every ``signal.emit(...)`` called from Python
returns ``True`` without taking a reference to it, so each emit quietly
decrements ``True``'s reference count (``emit(False)``-returning paths do the
same to ``False``). pyqtgraph emits from Python on every range change and
mouse move, the training bridge on every event: after enough emits ``True``
is "deallocated" and the interpreter aborts ("Fatal Python error:
bool_dealloc"), often at exit. CPython 3.12 made these singletons immortal;
here we give them a reference count no run can exhaust, and only when a probe
shows the leak.
"""

from __future__ import annotations

import ctypes
import sys

_PAD = 1 << 40  # ~10^12 emits before the count could fall back to where it started
_applied = False


def emit_steals_true() -> bool:
    """Whether ``Signal.emit`` loses a reference to ``True`` on this binding (measured, not assumed)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal(int)

    probe = _Probe()
    probe.ping.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for i in range(16):
        probe.ping.emit(i)
    lost = before - sys.getrefcount(True)
    ctypes.c_ssize_t.from_address(id(True)).value += max(lost, 0)  # give back what the probe itself took
    return lost >= 16


def guard_singleton_refcounts() -> bool:
    """Pad the reference counts of True, False and None if emit leaks them. Returns whether it did."""
    global _applied
    if _applied or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return _applied
    if emit_steals_true():
        for obj in (True, False, None):
            ctypes.c_ssize_t.from_address(id(obj)).value += _PAD
        _applied = True
    return _applied
