"""Run controls and progress beside the live plots: Train / Pause / Resume / Stop, epoch and batch bars,
ETA and throughput. It only displays events; the main window owns the run."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.core.training.events import BatchEnded, Compiling, EpochEnded, Finished, RunStarted
from workbench.gui.widgets.layout import keep_space_when_hidden
from workbench.gui.widgets.plots import LivePlots


def format_seconds(s: float | None) -> str:
    if s is None or s != s or s < 0:
        return "–"
    s = int(round(s))
    if s < 60:
        return QCoreApplication.translate("RunPanel", "{s} s").format(s=s)
    if s < 3600:
        return QCoreApplication.translate("RunPanel", "{m} min {s:02d} s").format(m=s // 60, s=s % 60)
    return QCoreApplication.translate("RunPanel", "{h} h {m:02d} min").format(h=s // 3600, m=s % 3600 // 60)


class RunPanel(QWidget):
    train_clicked = Signal()
    pause_clicked = Signal()  # pause or resume, by state
    stop_clicked = Signal()
    # An EpochEnded, once the plots and the bars show that epoch: what the window's status line may announce.
    epoch_shown = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        self.train_button = QPushButton(self.tr("▶  Train"))
        self.train_button.setObjectName("train")
        self.train_button.setToolTip(self.tr("Train the model on the data set (F5)"))
        self.train_button.setStyleSheet("QPushButton#train:enabled { font-weight: bold; }")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause after the current batch, or resume (F6)"))
        self.stop_button = QPushButton(self.tr("■  Stop"))
        self.stop_button.setToolTip(self.tr("Stop after the current batch; the last checkpoint is still written (Shift+F5)"))
        self.train_button.setAccessibleName(self.tr("Train"))
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.train_button.clicked.connect(self.train_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # The options have a row of their own: beside the buttons they made the panel's minimum width the sum of
        # all five, and showing "Resume from checkpoint" then widened the whole window.
        options = QHBoxLayout()
        self.overlay_box = QCheckBox(self.tr("Keep previous curves"))
        self.overlay_box.setToolTip(self.tr("Draw the next run over this one's (faded) instead of clearing the plots"))
        options.addWidget(self.overlay_box)
        self.resume_box = QCheckBox(self.tr("Resume from checkpoint"))
        self.resume_box.setToolTip(self.tr("Continue the loaded checkpoint's run (model, optimizer, epoch)"))
        keep_space_when_hidden(self.resume_box)
        self.resume_box.hide()
        options.addWidget(self.resume_box)
        options.addStretch(1)
        layout.addLayout(options)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Epoch")), 0, 0)
        self.epoch_bar = QProgressBar()
        self.epoch_bar.setAccessibleName(self.tr("Epoch progress"))
        self.epoch_bar.setFormat(self.tr("%v / %m"))
        grid.addWidget(self.epoch_bar, 0, 1)
        grid.addWidget(QLabel(self.tr("Batch")), 1, 0)
        self.batch_bar = QProgressBar()
        self.batch_bar.setAccessibleName(self.tr("Batch progress"))
        self.batch_bar.setFormat(self.tr("%v / %m"))
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
        # Batch events come at up to 10 per second: the bars and the line under them show the newest batch or
        # epoch event on the plots' redraw tick, so the window repaints once per tick, not once per event (each
        # repaint is CPU that a run using every core of a small laptop waits for).
        self._latest: BatchEnded | None = None  # the newest batch event, until a tick shows it
        self._shown_batch: BatchEnded | None = None  # the batch the line under the bars describes, if it does
        self._epoch_event: EpochEnded | None = None  # the newest epoch event, shown once the plots draw it
        self.plots.timer.timeout.connect(self._show_latest)
        self.plots.epoch_drawn.connect(self._show_epoch)
        self.batches_per_epoch = 1
        self.state = ""
        self.set_state("loading")

    def set_state(self, state: str) -> None:
        """loading (torch not ready) | idle | running | paused | stopping."""
        self.state = state
        self.train_button.setEnabled(state == "idle")
        self.train_button.setText(self.tr("Loading PyTorch…") if state == "loading" else self.tr("▶  Train"))
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.stop_button.setEnabled(state in ("running", "paused"))
        self.overlay_box.setEnabled(state in ("idle", "loading"))
        self.plots.set_running(state in ("running", "paused", "stopping"))
        self.resume_box.setEnabled(state in ("idle", "loading"))
        if self._shown_batch is not None:
            self._show_batch_line()  # the ETA goes while paused or stopping, and comes back on resume

    def begin(self, epochs: int) -> None:
        """Train was pressed: the bars and the line under them forget the last run (its 4/4 would read as this
        run's progress until its first event)."""
        self._latest = self._shown_batch = self._epoch_event = None
        self.epoch_bar.setRange(0, max(1, epochs))
        self.epoch_bar.setValue(0)
        self.batch_bar.reset()  # no text until the run says how many batches an epoch has
        self.info.setText(" ")

    def on_event(self, ev) -> None:
        if isinstance(ev, RunStarted):
            self._latest = self._shown_batch = self._epoch_event = None
            self.batches_per_epoch = max(1, ev.batches_per_epoch)
            self.epoch_bar.setRange(0, ev.epochs)
            self.epoch_bar.setValue(ev.start_epoch)
            self.batch_bar.setRange(0, self.batches_per_epoch)
            self.batch_bar.setValue(0)
            self.plots.set_epoch_span(ev.epochs)
            self.info.setText(self.tr("{train_samples} training / {val_samples} validation images on {value} · {total_params:,} parameters").format(train_samples=ev.train_samples, val_samples=ev.val_samples, value=ev.device_name or ev.device, total_params=ev.total_params))
        elif isinstance(ev, Compiling):  # the first step takes a while: say why nothing moves yet
            if ev.seconds is None:
                self.info.setText(self.tr("compiling the model (torch.compile, mode {mode})…").format(mode=ev.mode))
            else:
                self.info.setText(self.tr("compiled the model in {seconds:.1f} s").format(seconds=ev.seconds))
        elif isinstance(ev, BatchEnded):
            self.plots.add_batch(ev.epoch - 1 + ev.batch / max(1, ev.batches), ev.loss)
            self._latest = ev
        elif isinstance(ev, EpochEnded):
            self.plots.add_epoch(ev.epoch, ev.metrics)
            self._epoch_event = ev
        elif isinstance(ev, Finished):
            self.plots.redraw()  # everything the run reported, drawn now: the window says how it ended next
            self._show_latest()
            self.batch_bar.setValue(self.batch_bar.maximum() if ev.reason == "completed" else self.batch_bar.value())

    def _show_latest(self) -> None:
        """The batch bar and the line under the bars, for the newest batch event since the last tick."""
        ev, self._latest = self._latest, None
        if isinstance(ev, BatchEnded):
            self.batch_bar.setRange(0, ev.batches)
            self.batch_bar.setValue(ev.batch)
            self._shown_batch = ev
            self._show_batch_line()

    def _show_batch_line(self) -> None:
        ev = self._shown_batch
        line = self.tr("epoch {epoch}, batch {batch}/{batches} · loss {loss:.4f} · {samples_per_s:,.0f} samples/s").format(
            epoch=ev.epoch, batch=ev.batch, batches=ev.batches, loss=ev.loss, samples_per_s=ev.samples_per_s)
        # An estimate of the time left holds only while the run runs: paused, stopping or ended it would be stale.
        ending = {"running": self.tr("ETA {time}").format(time=format_seconds(ev.eta_s)),
                  "paused": self.tr("paused"), "stopping": self.tr("stopping")}.get(self.state)
        self.info.setText(f"{line} · {ending}" if ending else line)

    def _show_epoch(self, epoch: int) -> None:
        """The plots now show ``epoch``: so do the epoch bar and the line under the bars, and the window may say
        so in its status line (epoch_shown)."""
        ev = self._epoch_event
        if ev is None or ev.epoch != epoch:
            return
        self.epoch_bar.setValue(ev.epoch)
        latest_batch = self._latest or self._shown_batch
        if latest_batch is None or latest_batch.epoch <= ev.epoch:  # the next epoch's batches have not begun
            self._latest = self._shown_batch = None  # this epoch's last batch says less than its summary
            self.batch_bar.setValue(self.batch_bar.maximum())
            m = ev.metrics
            acc = m.get("val_accuracy")
            self.info.setText(self.tr("epoch {epoch}/{epochs} · train loss {value} · val loss {value2} · val accuracy {value3} · {value4}").format(epoch=ev.epoch, epochs=ev.epochs, value=_f(m.get('train_loss')), value2=_f(m.get('val_loss')), value3='–' if acc is None else f'{100 * acc:.1f} %', value4=format_seconds(m.get('seconds'))))
        self.epoch_shown.emit(ev)


def _f(v) -> str:
    return "–" if v is None else f"{v:.4f}"
