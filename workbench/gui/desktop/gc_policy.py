"""Where and when Python's cyclic garbage collector runs in the window: on the GUI thread, on a timer, and
not while PyTorch is being imported.

Left automatic, a collection starts in whichever thread happens to allocate — a pool thread scanning a folder
or evaluating a model (training used to be one, before runs moved to processes of their own) — and a Qt
object caught in a cycle is then destroyed off the GUI thread, which crashes Qt later (seen as segfaults in
paint events). So automatic collection is off and a QTimer on the GUI thread collects instead, generation
by generation as the thresholds say (the scheme of pyqtgraph's GarbageCollector).

A full collection walks every tracked object. The window still imports torch (for shapes, previews, results):
while it imports (a few hundred thousand objects, all kept for the life of the process) each collection cost
the window up to 200 ms; once the import is done those objects are frozen (`gc.freeze`) and collections are
cheap again. So the import pauses collection.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.paused = False  # a plain flag: any thread may set it, only the GUI thread's timer reads it
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        if self.paused:
            return
        l0, l1, l2 = gc.get_count()
        if l0 > self.threshold[0]:
            gc.collect(0)
            if l1 > self.threshold[1]:
                gc.collect(1)
                if l2 > self.threshold[2]:
                    gc.collect(2)


def install(app) -> GuiThreadCollector:
    """The application's collector (created once)."""
    collector = getattr(app, "_workbench_gc", None)
    if collector is None:
        collector = app._workbench_gc = GuiThreadCollector(app)
    return collector


def set_paused(paused: bool) -> None:
    from PySide6.QtCore import QCoreApplication

    collector = getattr(QCoreApplication.instance(), "_workbench_gc", None)
    if collector is not None:
        collector.paused = paused
