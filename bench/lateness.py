"""An event-loop lateness probe for the GUI benches: a timer due every few ms records how late each tick is.

Lateness is time the event loop could not run (a blocked GUI thread, or another thread holding the GIL).
"""

from __future__ import annotations


class LatenessProbe:
    def __init__(self, tick_ms: int = 5):
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.tick_ms = tick_ms
        self.late: list[float] = []
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer()
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.late.append(max(0, now - self._last - self.tick_ms))
        self._last = now

    def start(self) -> None:
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def summary(self) -> dict:
        late = sorted(self.late)
        if not late:
            return {"ticks": 0, "max_ms": 0, "p99_ms": 0, "median_ms": 0}
        return {"ticks": len(late), "max_ms": late[-1], "p99_ms": late[int(0.99 * (len(late) - 1))],
                "median_ms": late[len(late) // 2]}


def ready_window(epochs: int):
    """(app, window): the window on the demo project at 1280×720, its data read and Train enabled, set to train
    ``epochs`` epochs on the CPU — where the GUI benches start."""
    import os
    import tempfile
    import time

    from PySide6.QtCore import QSettings

    from workbench.gui.desktop.app import make_app

    app = make_app()
    from workbench.gui.main_window import MainWindow

    w = MainWindow(settings=QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    w.ask_save_changes = lambda: "discard"
    w.resize(1280, 720)
    w.show()
    t0 = time.time()
    while not (w.run_panel.train_button.isEnabled() and w.dataset_panel.bundle is not None):
        app.processEvents()
        time.sleep(0.005)
        if time.time() - t0 > 120:
            raise SystemExit("the window did not get ready")
    w.project.training.epochs = epochs
    w.project.training.device = "cpu"
    return app, w
