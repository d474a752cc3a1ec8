"""Run controls and progress beside the live plots: Train / Pause / Resume / Stop, epoch and batch bars,
ETA and throughput. It only displays events; the main window owns the run."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from workbench.core.events import BatchEnded, EpochEnded, Finished, RunStarted
from workbench.gui.plots import LivePlots


def format_seconds(s: float | None) -> str:
    if s is None or s != s or s < 0:
        return "–"
    s = int(round(s))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class RunPanel(QWidget):
    train_clicked = Signal()
    pause_clicked = Signal()  # pause or resume, by state
    stop_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        self.train_button = QPushButton("▶  Train")
        self.train_button.setObjectName("train")
        self.train_button.setToolTip("Train the model on the data set (F5)")
        self.train_button.setStyleSheet("QPushButton#train:enabled { font-weight: bold; }")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("■  Stop")
        self.stop_button.setToolTip("Stop after the current batch; the last checkpoint is still written")
        self.train_button.clicked.connect(self.train_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.overlay_box = QCheckBox("Keep previous curves")
        self.overlay_box.setToolTip("Draw the next run over this one's (faded) instead of clearing the plots")
        buttons.addWidget(self.overlay_box)
        self.resume_box = QCheckBox("Resume from checkpoint")
        self.resume_box.setToolTip("Continue the loaded checkpoint's run (model, optimizer, epoch)")
        self.resume_box.hide()
        buttons.addWidget(self.resume_box)
        layout.addLayout(buttons)

        grid = QGridLayout()
        grid.addWidget(QLabel("Epoch"), 0, 0)
        self.epoch_bar = QProgressBar()
        self.epoch_bar.setFormat("%v / %m")
        grid.addWidget(self.epoch_bar, 0, 1)
        grid.addWidget(QLabel("Batch"), 1, 0)
        self.batch_bar = QProgressBar()
        self.batch_bar.setFormat("%v / %m")
        grid.addWidget(self.batch_bar, 1, 1)
        layout.addLayout(grid)
        self.info = QLabel(" ")
        self.info.setStyleSheet("color: #444;")
        # Its text changes with every batch event: a size that follows the text would re-lay out (and
        # repaint) the whole window each time.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.info)
        self.plots = LivePlots()
        layout.addWidget(self.plots, 1)
        self.batches_per_epoch = 1
        self.set_state("loading")

    def set_state(self, state: str) -> None:
        """loading (torch not ready) | idle | running | paused | stopping."""
        self.state = state
        self.train_button.setEnabled(state == "idle")
        self.train_button.setText("Loading PyTorch…" if state == "loading" else "▶  Train")
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText("Resume" if state == "paused" else "Pause")
        self.stop_button.setEnabled(state in ("running", "paused"))
        self.overlay_box.setEnabled(state in ("idle", "loading"))
        self.resume_box.setEnabled(state in ("idle", "loading"))

    def on_event(self, ev) -> None:
        if isinstance(ev, RunStarted):
            self.batches_per_epoch = max(1, ev.batches_per_epoch)
            self.epoch_bar.setRange(0, ev.epochs)
            self.epoch_bar.setValue(ev.start_epoch)
            self.batch_bar.setRange(0, self.batches_per_epoch)
            self.batch_bar.setValue(0)
            self.info.setText(f"{ev.train_samples} training / {ev.val_samples} validation images on "
                              f"{ev.device_name or ev.device} · {ev.total_params:,} parameters")
        elif isinstance(ev, BatchEnded):
            self.batch_bar.setRange(0, ev.batches)
            self.batch_bar.setValue(ev.batch)
            self.epoch_bar.setValue(ev.epoch - 1)
            self.plots.add_batch(ev.epoch - 1 + ev.batch / max(1, ev.batches), ev.loss)
            self.info.setText(f"epoch {ev.epoch}, batch {ev.batch}/{ev.batches} · loss {ev.loss:.4f} · "
                              f"{ev.samples_per_s:,.0f} samples/s · ETA {format_seconds(ev.eta_s)}")
        elif isinstance(ev, EpochEnded):
            self.epoch_bar.setValue(ev.epoch)
            self.plots.add_epoch(ev.epoch, ev.metrics)
            m = ev.metrics
            acc = m.get("val_accuracy")
            self.info.setText(f"epoch {ev.epoch}/{ev.epochs} · train loss {_f(m.get('train_loss'))} · val loss "
                              f"{_f(m.get('val_loss'))} · val accuracy "
                              f"{'–' if acc is None else f'{100 * acc:.1f} %'} · {format_seconds(m.get('seconds'))}")
        elif isinstance(ev, Finished):
            self.batch_bar.setValue(self.batch_bar.maximum() if ev.reason == "completed" else self.batch_bar.value())


def _f(v) -> str:
    return "–" if v is None else f"{v:.4f}"
