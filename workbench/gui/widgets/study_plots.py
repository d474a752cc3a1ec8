"""A sweep's plots (pyqtgraph): parallel coordinates of its trials, the importance of each parameter, and one
trial's curves.

They draw what they are given (a `StudyView`, an importance table, a run's history) and read nothing
themselves: the Experiments tab reads the study and the run folders on the thread pool. Each redraws only
when what it shows has changed, so a tab that reads its study every second repaints when a trial moves on.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.experiments.study import StudyView
from workbench.gui.widgets.plots import plain_axes

GREY = (150, 150, 150, 110)
COLORMAP = "viridis"  # dark purple (worst) to yellow (best): ordered, and readable by colour-blind eyes


def format_value(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _tr(text: str) -> str:
    return self.tr(text)


def _small_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.5)
    return font


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


class ParallelCoordinates(QWidget):
    """One polyline per trial across its parameters (each axis from its range's low to high; a log range on a
    log scale; a choice at evenly spaced places) and the objective, coloured by value (yellow best); pruned
    and failed trials grey. Clicking a line asks for its trial (``trial_clicked``)."""

    trial_clicked = Signal(int)

    def __init__(self, label_for=lambda path: path, parent=None):
        super().__init__(parent)
        self.label_for = label_for
        self.view: StudyView | None = None
        self.selected: int | None = None
        self.lines: dict[int, pg.PlotCurveItem] = {}  # trial number -> its line
        self._shown = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = _note()
        layout.addWidget(self.note)
        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.hideAxis("left")
        item.setMenuEnabled(False)
        item.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        plain_axes(item)
        layout.addWidget(self.plot, 1)
        self._set_note()

    def _set_note(self) -> None:
        if self.view is None or not self.view.axes:
            self.note.setText(self.tr("Each line is a trial, across its parameters and its result. Start a sweep "
                                  "to see them."))
        else:
            self.note.setText(self.tr("Each line is a trial: its parameters, then its {metric}. Yellow is best, "
                                  "purple worst; pruned and failed trials are grey. Click a line to pick its "
                                  "trial.").format(metric=self.view.metric))

    def show_study(self, view: StudyView | None, selected: int | None = None) -> None:
        key = None if view is None else (
            tuple((t.number, t.state, t.value, tuple(sorted(map(str, t.params.items())))) for t in view.trials),
            tuple(view.axes.items()), view.direction, selected)
        if key == self._shown:
            return
        self._shown = key
        self.view, self.selected = view, selected
        self._set_note()
        item = self.plot.getPlotItem()
        item.clear()
        self.lines = {}
        item.showAxis("bottom", view is not None and bool(view.axes))
        if view is None or not view.axes:
            return
        axes = list(view.axes.values())
        n = len(axes)
        names = [self.label_for(a.path) for a in axes] + [view.metric]
        item.getAxis("bottom").setTicks([[(i, name) for i, name in enumerate(names)]])
        values = [t.value for t in view.trials if t.state == "COMPLETE" and t.value is not None]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        colormap = pg.colormap.get(COLORMAP)
        font = _small_font()
        for i, axis in enumerate(axes):
            self._axis_line(item, i)
            if axis.kind == "choice":
                marks = [(axis.position(c), format_value(c)) for c in axis.choices]
            else:
                marks = [(0.0, format_value(axis.low)), (1.0, format_value(axis.high))]
            for y, text in marks:
                self._text(item, i, y, text, font)
        self._axis_line(item, n)
        if values:
            self._text(item, n, 0.0, format_value(lo), font)
            self._text(item, n, 1.0, format_value(hi), font)
        drawn = []
        for t in view.trials:
            if t.state == "RUNNING" or t.state == "WAITING":
                continue
            ys = [a.position(t.params.get(a.path)) if a.path in t.params else None for a in axes]
            good = t.state == "COMPLETE" and t.value is not None
            ys.append(((t.value - lo) / (hi - lo) if hi > lo else 0.5) if good else None)
            y = np.array([math.nan if v is None else v for v in ys], dtype=float)
            if good:
                share = (t.value - lo) / (hi - lo) if hi > lo else 1.0
                better = share if view.direction == "maximize" else 1.0 - share
                colour = colormap.map(better, mode="qcolor")
            else:
                colour = QColor(*GREY)
            width = 3.5 if t.number == selected else 1.6
            line = pg.PlotCurveItem(np.arange(n + 1, dtype=float), y, pen=pg.mkPen(colour, width=width),
                                    connect="finite", antialias=True)
            line.setClickable(True, width=6)
            line.sigClicked.connect(lambda _item, _ev=None, number=t.number: self.trial_clicked.emit(number))
            line.setZValue(3 if t.number == selected else 2 if good else 1)
            line.setToolTip(self.tr("Trial {number}").format(number=t.number))
            item.addItem(line)
            self.lines[t.number] = line
            drawn.append(t.number)
        item.setXRange(-0.3, n + 0.3, padding=0)
        item.setYRange(-0.2, 1.2, padding=0)  # room for the values written at the axes' ends

    def _axis_line(self, item: pg.PlotItem, x: float) -> None:
        line = pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen((128, 128, 128), width=1))
        line.setZValue(0)
        item.addItem(line, ignoreBounds=True)

    @staticmethod
    def _text(item: pg.PlotItem, x: float, y: float, text: str, font: QFont) -> None:
        label = pg.TextItem(text, color=(110, 110, 110), anchor=(0.5, 1.0 if y >= 0.5 else 0.0))
        label.setFont(font)
        label.setPos(x, y + (0.02 if y >= 0.5 else -0.02))
        label.setZValue(4)
        item.addItem(label, ignoreBounds=True)


class ImportanceChart(QWidget):
    """One horizontal bar per parameter: how much it changed the result (largest on top)."""

    def __init__(self, label_for=lambda path: path, parent=None):
        super().__init__(parent)
        self.label_for = label_for
        self.importances: dict[str, float] = {}
        self.bars: pg.BarGraphItem | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = _note()
        layout.addWidget(self.note)
        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setLabel("bottom", self.tr("share of the result's variation"))
        item.showGrid(x=True, y=False, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        plain_axes(item)
        layout.addWidget(self.plot, 1)
        self.show_waiting(0)

    def show_waiting(self, complete: int) -> None:
        """Fewer than two complete trials: nothing to compare yet."""
        self._clear()
        self.note.setText(self.tr("Parameter importance needs at least 2 complete trials ({count} so far).")
                          .format(count=complete))

    def show_error(self, message: str) -> None:
        self._clear()
        self.note.setText(self.tr("Parameter importance could not be computed: {message}").format(message=message))

    def _clear(self) -> None:
        self.importances = {}
        self.bars = None
        self.plot.getPlotItem().clear()
        self.plot.getPlotItem().getAxis("left").setTicks([[]])
        for side in ("left", "bottom"):
            self.plot.getPlotItem().showAxis(side, False)

    def show_importances(self, importances: dict[str, float], complete: int, metric: str) -> None:
        self._clear()
        self.importances = dict(importances)
        self.note.setText(self.tr("How much each parameter changed {metric}, over {count} complete trials "
                              "(Optuna's PED-ANOVA; the shares add up to 1).").format(metric=metric, count=complete))
        if not importances:
            return
        item = self.plot.getPlotItem()
        for side in ("left", "bottom"):
            item.showAxis(side, True)
        names = list(importances)
        ys = np.arange(len(names))[::-1].astype(float)  # the largest on top
        widths = np.array([importances[n] for n in names], dtype=float)
        self.bars = pg.BarGraphItem(x0=0, y=ys, height=0.6, width=widths, brush=pg.mkBrush(70, 130, 200),
                                    pen=pg.mkPen(None))
        item.addItem(self.bars)
        item.getAxis("left").setTicks([[(y, self.label_for(n)) for y, n in zip(ys, names)]])
        font = _small_font()
        for y, w in zip(ys, widths):
            text = pg.TextItem(f"{w:.0%}", color=(90, 90, 90), anchor=(0.0, 0.5))
            text.setFont(font)
            text.setPos(w, y)
            item.addItem(text)
        item.setXRange(0, max(1e-9, float(widths.max())) * 1.2, padding=0)
        item.setYRange(-0.6, len(names) - 0.4, padding=0)


class TrialCurves(QWidget):
    """One trial's epochs: training and validation loss, and validation accuracy."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.number: int | None = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = _note()
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.loss_plot = self._plot(self.tr("Loss"), self.tr("loss"))
        self.acc_plot = self._plot(self.tr("Validation accuracy"), self.tr("accuracy"))
        row.addWidget(self.loss_plot)
        row.addWidget(self.acc_plot)
        layout.addLayout(row, 1)
        self.show_history(None, [])

    def _plot(self, title: str, ylabel: str) -> pg.PlotWidget:
        w = pg.PlotWidget()
        item = w.getPlotItem()
        item.setTitle(title, size="9pt")
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", ylabel)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setMenuEnabled(False)
        plain_axes(item)
        item.addLegend(offset=(-8, 8), labelTextSize="8pt")
        return w

    def show_history(self, number: int | None, history: list[dict], caption: str = "") -> None:
        self.number = number
        for plot in (self.loss_plot, self.acc_plot):
            plot.getPlotItem().clear()
        self.curves = {}
        if number is None:
            self.note.setText(self.tr("Click a trial in the table (or its line) to see its curves."))
            return
        self.note.setText(caption or self.tr("Trial {number}").format(number=number))
        if not history:
            self.note.setText(self.note.text() + " — " + self.tr("no epoch finished yet"))
            return
        series = (("train_loss", self.loss_plot, (31, 119, 180), self.tr("training")),
                  ("val_loss", self.loss_plot, (230, 110, 20), self.tr("validation")),
                  ("val_accuracy", self.acc_plot, (44, 160, 44), self.tr("validation")))
        for key, plot, colour, name in series:
            points = [(h["epoch"], h[key]) for h in history if h.get("epoch") is not None and h.get(key) is not None]
            if not points:
                continue
            self.curves[key] = plot.plot([p[0] for p in points], [p[1] for p in points], name=name,
                                         pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                                         symbolBrush=colour, symbolPen=None)

