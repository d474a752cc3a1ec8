"""Live training curves (pyqtgraph): batch loss (raw and smoothed), epoch train/validation loss and accuracy.

Events only append to growable numpy buffers; one QTimer (2-10 Hz by core count) pushes the
buffers to the curves with ``setData`` when something changed. With peak
downsampling and clip-to-view a 100,000-point batch curve redraws in a few
milliseconds, so the plots never make the window stutter however fast the
engine reports. All x axes are in epochs (a batch at 40 % of epoch 3 sits at
2.4), so the three plots line up.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from workbench.gui.desktop.theme import plot_colors


def redraw_hz(cores: int | None = None) -> int:
    """How often the plots redraw while a run streams points. Each redraw costs the GUI thread a few ms of CPU
    that the run process, which uses every core, then waits for: its two OpenMP threads on a 2-core laptop lose
    about 1.5 times what the GUI thread uses. Measured there with runs in their own process, GUI-thread share
    of a core while training: 10 Hz 4.7-5.0 %, 2 Hz 1.8-2.2 % (the run got 0.980 of the cores it gets
    headless on 1 s epochs), 1 Hz 1.25-1.35 %."""
    cores = cores or os.cpu_count() or 1
    return 10 if cores >= 8 else 5 if cores >= 4 else 2 if cores >= 3 else 1


# While a run streams, the epoch plots (a few points, but markers, legends and re-ranged axes: a few ms of a
# laptop's GUI thread a repaint) take their new points at most this often. With short epochs (1 s on the demo)
# repainting them at every epoch added 0.3 % of a core to the GUI thread's ~2 % (2 cores, 2 Hz ticks).
EPOCH_PLOT_INTERVAL_S = 2.0
KEPT_RUNS = 5  # "Keep previous curves" keeps this many earlier runs: each one adds to every repaint
SMOOTHING = 0.9  # TensorBoard's weight: the most each point carries of the average before it
SMOOTHING_SPAN = 0.25  # epochs: the smoothed loss lags the raw one by no more than about this


class Smoother:
    """The smoothed batch loss: an exponential moving average over the plot's x (epochs), bias-corrected.

    Dividing by the weight gathered so far (TensorBoard's 1 - weight^n) makes the first smoothed value the
    first raw value, where a plain average starts near 0 and climbs. Each point carries ``exp(-dx / span)``
    of the average before it (at most SMOOTHING): runs report a handful of points an epoch or hundreds, and a
    fixed 0.9 per point trailed a whole epoch behind the raw loss on the demo's 1-second epochs."""

    def __init__(self, span: float = SMOOTHING_SPAN, most: float = SMOOTHING):
        self.span, self.most = span, most
        self.reset()

    def reset(self) -> None:
        self._average = self._weight = 0.0
        self._x: float | None = None

    def add(self, x: float, y: float) -> float:
        keep = self.most if self._x is None else min(self.most, math.exp(-max(0.0, x - self._x) / self.span))
        self._x = x
        self._average = keep * self._average + (1 - keep) * y
        self._weight = keep * self._weight + (1 - keep)
        return self._average / self._weight


_COLORS = {"batch": (70, 130, 200), "train": (31, 119, 180), "val": (230, 110, 20), "acc": (44, 160, 44),
           "train_acc": (31, 119, 180)}

# Antialiasing is turned on per curve: only for the epoch curves (a few dozen points). On the batch curves
# (up to 100,000 points) it costs tens of ms per paint, which the event loop would feel.
# The colours follow the theme (theme.py recolours plots made before a switch).
pg.setConfigOptions(antialias=False, **plot_colors())


class Series:
    """Append-only x/y buffers that double when full (no per-point reallocation)."""

    def __init__(self, capacity: int = 1024):
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.n = 0

    def append(self, x: float, y: float) -> None:
        if self.n == len(self.x):
            self.x = np.resize(self.x, 2 * self.n)
            self.y = np.resize(self.y, 2 * self.n)
        self.x[self.n], self.y[self.n] = x, y
        self.n += 1

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n], self.y[: self.n]

    def keep_until(self, x: float) -> None:
        """Drop the points after ``x`` (x grows along a run)."""
        self.n = int(np.searchsorted(self.x[: self.n], x, side="right"))


def plain_axes(item: pg.PlotItem) -> None:
    """The axes show the data's own numbers. pyqtgraph's automatic SI prefix turned a loss of 0.004 into "4"
    with "(x0.001)" beside the axis title, which reads as another unit."""
    for side in ("left", "bottom", "right", "top"):
        item.getAxis(side).enableAutoSIPrefix(False)


def legend_above(item: pg.PlotItem, title: str) -> pg.LegendItem:
    """The plot's title on the left of its title row and a one-row legend on the right of it, both outside the
    data area: a legend inside the plot covered the very points it names (a loss starts top left, an accuracy
    ends top right, and a run with few epochs fills the whole width)."""
    item.setTitle(title, size="10pt", justify="left")
    legend = pg.LegendItem(offset=(-4, 4), labelTextSize="8pt", colCount=4)
    legend.layout.setContentsMargins(0, 0, 0, 0)  # its 9-pixel margins made it taller than the title row (30 px)
    legend.setParentItem(item)  # the plot item, not its view box: anchored to the title row's right end
    item.legend = legend  # curves plotted with a name add themselves to it
    return legend


class _Plot:
    """One PlotWidget, its curves (by key) and a hover read-out."""

    def __init__(self, title: str, xlabel: str, ylabel: str):
        self.widget = pg.PlotWidget()
        item = self.widget.getPlotItem()
        item.setLabel("bottom", xlabel)
        item.setLabel("left", ylabel)
        plain_axes(item)
        item.showGrid(x=True, y=True, alpha=0.2)
        # The grid is drawn by the axes, so an axis's area spans the whole plot and every new point repainted
        # both axes, tick labels included (the costliest paint in the window). Cached as pixmaps, they are
        # re-rendered only when their range or size changes.
        for side in ("left", "bottom"):
            item.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.enableAutoRange()
        self.legend = legend_above(item, title)
        self.item = item
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.series: dict[str, Series] = {}
        self.dirty = False  # only plots whose data changed are given new data (and so repainted)
        self.steady_y = False  # during a run: y range moved by _fit_y, not by auto-range
        self.old: list[pg.PlotDataItem] = []  # earlier runs' curves, kept for comparison, oldest first
        self._old_per_run: list[int] = []  # how many of them each archived run added
        self.readout = pg.TextItem(anchor=(0, 1), color=(40, 40, 40), fill=(255, 255, 255, 200))
        self.readout.setZValue(10)
        self.readout.hide()
        item.addItem(self.readout, ignoreBounds=True)
        self.widget.scene().sigMouseMoved.connect(self._hover)

    def curve(self, key: str, name: str, pen, symbol: str | None = None, antialias: bool = True) -> None:
        kw = dict(pen=pen, name=name, antialias=antialias)
        if symbol:
            kw.update(symbol=symbol, symbolSize=6, symbolBrush=pen.color() if hasattr(pen, "color") else pen,
                      symbolPen=None)
        c = self.item.plot([], [], **kw)
        c.setDownsampling(auto=True, method="peak")
        c.setClipToView(True)
        self.curves[key] = c
        self.series[key] = Series()

    def push(self) -> None:
        if not self.dirty:
            return
        self.dirty = False
        for key, c in self.curves.items():
            x, y = self.series[key].view()
            c.setData(x, y)
        if self.steady_y:
            self._fit_y()

    def _fit_y(self) -> None:
        """Change the y range only when the data leaves it or fills less than half of it. Auto-range would
        move it on every redraw, and every move repaints the axis labels (the window's costliest paint)."""
        ys = [self.series[k].view()[1] for k in self.series if self.series[k].n]
        ys += [c.yData for c in self.old if c.yData is not None and len(c.yData)]
        if not ys:
            return
        lo, hi = min(float(np.min(y)) for y in ys), max(float(np.max(y)) for y in ys)
        (cur_lo, cur_hi) = self.item.viewRange()[1]
        edge = 0.02 * (cur_hi - cur_lo)  # a point on the very edge would show half its marker
        if lo < cur_lo + edge or hi > cur_hi - edge or (hi - lo) < 0.5 * (cur_hi - cur_lo):
            pad = 0.08 * ((hi - lo) or abs(hi) or 1.0)
            self.item.setYRange(lo - pad, hi + pad, padding=0)

    def archive(self) -> None:
        """Keep this run's curves, faded (the last KEPT_RUNS runs), and start empty ones for the next run."""
        added = 0
        for key, c in self.curves.items():
            if self.series[key].n == 0:
                self.item.removeItem(c)
                continue
            pen = pg.mkPen(c.opts["pen"])
            col = pen.color()
            col.setAlpha(70)
            pen.setColor(col)
            c.setPen(pen)
            if c.opts.get("symbol"):
                c.setSymbolBrush(col)
            self.legend.removeItem(c)
            self.old.append(c)
            added += 1
        self._old_per_run.append(added)
        while len(self._old_per_run) > KEPT_RUNS:
            for c in self.old[: self._old_per_run[0]]:
                self.item.removeItem(c)
            del self.old[: self._old_per_run.pop(0)]

    def clear_old(self) -> None:
        for c in self.old:
            self.item.removeItem(c)
        self.old.clear()
        self._old_per_run.clear()

    def _hover(self, pos) -> None:
        if not self.item.sceneBoundingRect().contains(pos):
            self.readout.hide()
            return
        p = self.item.vb.mapSceneToView(pos)
        lines = []
        for key, c in self.curves.items():
            x, y = self.series[key].view()
            if not len(x):
                continue
            i = int(np.clip(np.searchsorted(x, p.x()), 0, len(x) - 1))
            if i > 0 and abs(x[i - 1] - p.x()) < abs(x[i] - p.x()):
                i -= 1
            lines.append(QCoreApplication.translate("LivePlots", "{curve}: {y:.4g}  (epoch {x:.2f})").format(
                curve=c.name(), y=y[i], x=x[i]))
        if not lines:
            self.readout.hide()
            return
        self.readout.setText("\n".join(lines))
        self.readout.setPos(p.x(), p.y())
        self.readout.show()


class LivePlots(QWidget):
    """The three plots and the buffers behind them."""

    # The epoch plots now show every epoch up to this one. The epoch bar and the status line say an epoch is done
    # only then, so that they never announce an epoch the plots do not show yet (the epoch plots redraw at most
    # every EPOCH_PLOT_INTERVAL_S).
    epoch_drawn = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        epoch, loss = self.tr("epoch"), self.tr("loss")
        self.batch = _Plot(self.tr("Batch loss"), epoch, loss)
        self.epoch = _Plot(self.tr("Epoch loss"), epoch, loss)
        self.acc = _Plot(self.tr("Accuracy"), epoch, self.tr("accuracy"))  # validation and training
        self.acc.item.setYRange(0, 1, padding=0.02)
        self.acc.item.enableAutoRange(axis="y", enable=False)
        self._plots = (self.batch, self.epoch, self.acc)
        self._make_curves()
        for p in self._plots:
            p.widget.setMinimumHeight(120)
            layout.addWidget(p.widget, 1)
        self._empty_text = self.tr("Press Train: loss and accuracy will draw here as the model learns.")
        self.empty_note = QLabel(self._empty_text)
        self.empty_note.setStyleSheet("color: #777;")
        self.empty_note.setWordWrap(True)  # one long line would set the run panel's (and so the window's) minimum width
        # The note's text comes and goes, its line stays: hiding it would resize all three plots, and a resize
        # re-renders every axis (tens of ms at the moment a run starts).
        self.empty_note.setMinimumHeight(self.empty_note.sizeHint().height())
        layout.addWidget(self.empty_note)
        self._running = False  # a run is under way (paused too): "Press Train" would be wrong
        self._dirty = False
        self.smoother = Smoother()
        self.epochs_added = self.epochs_drawn = 0  # the newest epoch given to add_epoch / drawn by the plots
        self.redraws = 0
        self.timer = QTimer(self)
        self.timer.setInterval(int(1000 / redraw_hz()))
        self._epoch_plots_at = 0.0  # time.monotonic() of their last push
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _make_curves(self) -> None:
        # Every line is 1 px wide: Qt's raster engine strokes wider pens as outlines, which made each repaint of
        # a plot about twice as expensive (1.7 against 0.8 ms for the batch plot on a laptop) for no extra
        # information; markers and colours tell the curves apart.
        c = _COLORS
        self.batch.curve("raw", self.tr("batch loss"), pg.mkPen(c["batch"] + (110,), width=1), antialias=False)
        # The smoothed line says what it is: a reader who knows TensorBoard's "Smoothing" recognises it, and no
        # one takes it for a second measurement.
        self.batch.curve("smooth", self.tr("smoothed (moving average)"), pg.mkPen(c["batch"], width=1),
                         antialias=False)
        self.epoch.curve("train", self.tr("train loss"), pg.mkPen(c["train"], width=1), symbol="o")
        self.epoch.curve("val", self.tr("validation loss"), pg.mkPen(c["val"], width=1), symbol="o")
        self.acc.curve("val", self.tr("validation accuracy"), pg.mkPen(c["acc"], width=1), symbol="o")
        self.acc.curve("train", self.tr("train accuracy"), pg.mkPen(c["train_acc"], width=1, style=pg.QtCore.Qt.DashLine))

    def set_running(self, running: bool) -> None:
        """A run is under way (from the press of Train, paused or not, until it ends): the empty plots' "Press
        Train" note goes, and comes back only if the run ends without a point to show."""
        self._running = running
        self._sync_note()

    def _sync_note(self) -> None:
        # A run opened from the Runs tab has epochs but no batch losses (metrics.csv keeps epochs): not empty.
        empty = self.batch.series["raw"].n == 0 and not self.batch.old and self.epochs_added == 0
        self.empty_note.setText(self._empty_text if empty and not self._running else "")

    # -- feeding -------------------------------------------------------------
    def begin_run(self, overlay: bool) -> None:
        """A new run: clear everything, or keep the previous curves faded underneath."""
        if overlay:
            for p in self._plots:
                p.archive()
                p.curves.clear()
                p.series.clear()
            self._make_curves()
        else:
            # Empty the curves in place: removing and re-creating them (and their legend entries) costs the
            # scene ~40 ms of re-layout on a laptop, a visible hitch at every press of Train.
            for p in self._plots:
                p.clear_old()
                for key, c in p.curves.items():
                    p.series[key] = Series()
                    c.setData([], [])
        self.smoother.reset()
        self.epochs_added = self.epochs_drawn = 0
        for p in self._plots:
            p.dirty = True
        self._dirty = True

    def continue_run(self, epoch: int) -> None:
        """A run resumed where a dead process left it: its curves go on from the end of ``epoch`` (what came
        after is trained again, and drawn again)."""
        for p in self._plots:
            for series in p.series.values():
                series.keep_until(epoch)
            p.dirty = True
        self.smoother.reset()
        for x, y in zip(*self.batch.series["raw"].view()):  # the smoothed curve goes on from the kept points
            self.smoother.add(x, y)
        self.epochs_added = self.epochs_drawn = epoch
        self._dirty = True

    def set_epoch_span(self, epochs: int) -> None:
        """Fix the x axes to the whole run (known at its start): the axes then stay put while points arrive,
        instead of re-laying out and repainting their tick labels on every redraw."""
        self.batch.item.setXRange(0, max(1, epochs), padding=0.01)
        for p in (self.epoch, self.acc):
            p.item.setXRange(0.5, max(1, epochs) + 0.5, padding=0)
        for p in (self.batch, self.epoch):
            p.item.enableAutoRange(axis="y", enable=False)
            p.steady_y = True

    def add_batch(self, x: float, loss: float) -> None:
        if not np.isfinite(loss):
            return
        self.batch.series["raw"].append(x, loss)
        self.batch.series["smooth"].append(x, self.smoother.add(x, loss))
        self.batch.dirty = self._dirty = True

    def add_epoch(self, epoch: int, metrics: dict) -> None:
        for plot, key, metric in ((self.epoch, "train", "train_loss"), (self.epoch, "val", "val_loss"),
                                  (self.acc, "val", "val_accuracy"), (self.acc, "train", "train_accuracy")):
            value = metrics.get(metric)
            if value is not None and np.isfinite(value):
                plot.series[key].append(float(epoch), float(value))
                plot.dirty = True
        self.epochs_added = epoch
        self._dirty = True

    def points(self) -> dict[str, int]:
        """How many points each curve holds (what tests and the status bar read)."""
        return {f"{name}.{key}": p.series[key].n for name, p in
                (("batch", self.batch), ("epoch", self.epoch), ("acc", self.acc)) for key in p.series}

    def drawn_points(self) -> dict[str, int]:
        """How many points each curve has actually been given by a redraw."""
        out = {}
        for name, p in (("batch", self.batch), ("epoch", self.epoch), ("acc", self.acc)):
            for key, c in p.curves.items():
                x = c.xData
                out[f"{name}.{key}"] = 0 if x is None else len(x)
        return out

    def _tick(self) -> None:
        self.redraw(complete=False)

    def redraw(self, complete: bool = True) -> None:
        """Give the plots whose data changed their new points. From the timer (complete=False) the epoch plots
        wait for their turn (EPOCH_PLOT_INTERVAL_S) and stay owed meanwhile."""
        if not self._dirty:
            return
        now = time.monotonic()
        epoch_plots_due = complete or now - self._epoch_plots_at >= EPOCH_PLOT_INTERVAL_S
        self._dirty = False
        self.redraws += 1
        self._sync_note()
        for p in self._plots:
            if p is self.batch or epoch_plots_due:
                if p is not self.batch and p.dirty and any(s.n for s in p.series.values()):
                    self._epoch_plots_at = now  # new points drawn (a run's first epoch does not wait)
                p.push()
            elif p.dirty:
                self._dirty = True
        if self.epochs_drawn != self.epochs_added:
            if epoch_plots_due:
                self.epochs_drawn = self.epochs_added
                self.epoch_drawn.emit(self.epochs_drawn)
            else:
                self._dirty = True
