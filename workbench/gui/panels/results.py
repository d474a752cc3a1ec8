"""Results: where a trained model fails. Accuracy, per-class table, confusion-matrix heatmap, galleries.

Public API (for the main window)::

    panel = ResultsPanel(parent=None)
    panel.evaluate(checkpoint, folder=None)   # starts evaluate() on the thread pool; progress shown
    panel.finished                            # Signal(object): the EvalReport
    panel.failed                              # Signal(str): a one-line reason (also shown in the panel)
    panel.report / panel.error / panel.busy   # the last result, the last error, whether one is running
    panel.show_report(report)                 # show an EvalReport already made
    panel.open_cell(true, predicted) -> Gallery
    panel.open_most_confidently_wrong() -> Gallery

The heatmap's rows are true classes (top to bottom), its columns predicted
classes. The mouse wheel zooms, dragging pans; class labels are thinned to
what fits, so 100 classes stay readable. Hovering a cell shows its count;
clicking it opens the gallery of its images.
"""

from __future__ import annotations

import html
import math
import os

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.dialogs.gallery import Gallery
from workbench.gui.runs.background import REPORT, TaskSlot, error_text
from workbench.gui.start_folders import first_folder
from workbench.gui.widgets.plots import plain_axes  # (importing plots also sets the app's pyqtgraph look)

CLASS_COLUMN_CHARS = 24  # the per-class table shows class names up to about this long whole
CELL_TEXT_MAX = 20  # classes up to which each cell shows its number
HINT = QT_TRANSLATE_NOOP("ConfusionView", "Click a cell to see its images · the wheel zooms, dragging pans")
CMAP = pg.ColorMap([0.0, 0.35, 1.0], [(247, 251, 255), (107, 174, 214), (8, 48, 107)])  # white to blue


def _evaluate_job(checkpoint, folder, progress):
    from workbench.core.results.evaluate import evaluate
    from workbench.core.training.checkpoints import load_checkpoint

    return evaluate(load_checkpoint(checkpoint), folder, progress=progress)


def _whole_step(top: float, ticks: int = 6) -> int:
    """A whole-number tick step (1, 2, 5, 10, 20, 50 …) that puts at most about ``ticks`` ticks on 0..top."""
    rough = max(1.0, top / ticks)
    magnitude = 10 ** math.floor(math.log10(rough))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough))


def _short(name: str, n: int = 14) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


class _ClassAxis(pg.AxisItem):
    """Class names at cell centres, every k-th one so that the labels never overlap."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.names: list[str] = []
        self._room = 14

    def set_names(self, names: list[str]) -> None:
        self.names = [_short(n) for n in names]
        fm = QFontMetrics(QFont())
        widest = max((fm.horizontalAdvance(n) for n in self.names), default=20)
        if self.orientation == "left":
            self._room = fm.height() + 1
            self.setWidth(widest + fm.height() + 16)  # the labels and the rotated axis title
        else:
            self._room = widest + 10
            self.setHeight(2 * fm.height() + 14)
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):
        minVal, maxVal = sorted((minVal, maxVal))
        n = len(self.names)
        lo, hi = max(0, math.floor(minVal)), min(n - 1, math.ceil(maxVal))
        if n == 0 or hi < lo or size <= 0:
            return []
        step = max(1, math.ceil((maxVal - minVal) * self._room / size))
        return [(step, [i + 0.5 for i in range(lo - lo % step, hi + 1, step) if i >= lo])]

    def tickStrings(self, values, scale, spacing):
        return [self.names[int(v)] if 0 <= int(v) < len(self.names) else "" for v in values]


class ConfusionView(QWidget):
    """The heatmap, its counts/normalised switch and a hover read-out."""

    cell_clicked = Signal(int, int)  # true, predicted

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report = None
        self.matrix = np.zeros((0, 0))
        self.normalised = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:")))
        self.counts_button = QRadioButton(self.tr("counts"))
        self.norm_button = QRadioButton(self.tr("share of each true class"))
        self.counts_button.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.counts_button, self.norm_button):
            group.addButton(b)
            bar.addWidget(b)
        self.norm_button.toggled.connect(self.set_normalised)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.left, self.bottom = _ClassAxis("left"), _ClassAxis("bottom")
        self.plot = pg.PlotWidget(axisItems={"left": self.left, "bottom": self.bottom})
        item = self.plot.getPlotItem()
        item.setLabel("left", self.tr("true class"))
        item.setLabel("bottom", self.tr("predicted class"))
        plain_axes(item)
        item.hideButtons()
        item.setMenuEnabled(False)
        self.vb = item.getViewBox()
        self.vb.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(CMAP)
        item.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=CMAP, interactive=False, width=12)
        self.colorbar.setImageItem(self.image, insert_in=item)
        # The matrix fills the view to its edges, and the colour bar's highest count is centred on the top edge:
        # with no room above, that number and the top row's edge were cut off.
        half_line = QFontMetrics(QFont()).height() // 2 + 2
        item.layout.setContentsMargins(1, half_line, 1, half_line)
        self.texts: list[pg.TextItem] = []
        layout.addWidget(self.plot, 1)
        self.readout = QLabel(self.tr(HINT))
        self.readout.setStyleSheet("color: #555;")
        layout.addWidget(self.readout)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def set_report(self, report) -> None:
        self.report = report
        n = len(report.classes)
        self.matrix = np.asarray(report.confusion, dtype=float).reshape(n, n)
        self.left.set_names(report.classes)
        self.bottom.set_names(report.classes)
        for t in self.texts:
            self.plot.removeItem(t)
        self.texts = []
        if n <= CELL_TEXT_MAX:
            for r in range(n):
                for c in range(n):
                    t = pg.TextItem(anchor=(0.5, 0.5))
                    t.setPos(c + 0.5, r + 0.5)
                    self.plot.addItem(t)
                    self.texts.append(t)
        self.vb.setLimits(xMin=0, xMax=n, yMin=0, yMax=n, minXRange=min(n, 3), minYRange=min(n, 3))
        self.vb.setRange(xRange=(0, n), yRange=(0, n), padding=0)
        self.readout.setText(self.tr(HINT))
        self._draw()

    def set_normalised(self, on: bool) -> None:
        self.normalised = bool(on)
        if self.norm_button.isChecked() != self.normalised:
            self.norm_button.setChecked(self.normalised)
            self.counts_button.setChecked(not self.normalised)
        self._draw()

    def shown(self) -> np.ndarray:
        """The numbers the heatmap shows: counts, or each row divided by its support."""
        if not self.normalised:
            return self.matrix
        support = self.matrix.sum(1, keepdims=True)
        return np.divide(self.matrix, support, out=np.zeros_like(self.matrix), where=support > 0)

    def _draw(self) -> None:
        if self.report is None:
            return
        values = self.shown()
        top = 1.0 if self.normalised else max(float(values.max()), 1.0)
        self.image.setImage(values, levels=(0, top), autoLevels=False)
        self.colorbar.setLevels((0, top))
        # Counts are whole images: the colour bar's ticks are too (pyqtgraph's own would say 0.5, 1.5 …).
        axis = self.colorbar.axis
        if self.normalised:
            axis.setTickSpacing()
        else:
            step = _whole_step(top)
            axis.setTickSpacing(levels=[(step, 0)])
        n = len(values)
        for k, t in enumerate(self.texts):
            v = values[k // n, k % n]
            t.setText(f"{v:.0%}" if self.normalised else f"{int(v)}")
            t.setColor((255, 255, 255) if v > 0.55 * top else (30, 30, 30))

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """(true, predicted) under a scene position, or None outside the matrix."""
        if self.report is None or not self.vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.vb.mapSceneToView(scene_pos)
        r, c, n = math.floor(p.y()), math.floor(p.x()), len(self.matrix)
        return (r, c) if 0 <= r < n and 0 <= c < n else None

    def scene_pos_of(self, true: int, predicted: int) -> QPointF:
        return self.vb.mapViewToScene(QPointF(predicted + 0.5, true + 0.5))

    def _hover(self, pos) -> None:
        cell = self.cell_at(pos)
        if cell is None:
            return
        r, c = cell
        names = self.report.classes
        count = int(self.matrix[r, c])
        support = int(self.matrix[r].sum())
        share = self.tr(" ({share:.1%} of {name})").format(share=count / support, name=names[r]) if support else ""
        text = (self.tr("true <b>{true}</b> → predicted <b>{predicted}</b>: 1 image") if count == 1 else
                self.tr("true <b>{true}</b> → predicted <b>{predicted}</b>: {count} images"))
        self.readout.setText(text.format(true=names[r], predicted=names[c], count=count) + share)

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            self.cell_clicked.emit(*cell)


class _Num(QTableWidgetItem):
    """A table cell shown formatted but sorted by its value."""

    def __init__(self, value: float, text: str):
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other):
        return self.value < getattr(other, "value", 0)


class ResultsPanel(QWidget):
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report = None
        self.error: str | None = None
        self.checkpoint: str | None = None
        self.shown_name = ""  # the checkpoint as the user knows it
        self.folder: str | None = None
        self.start_folder = first_folder  # where its folder dialog opens (home); the window says: near the data
        self.gallery: Gallery | None = None
        self._evaluation = TaskSlot(self)  # a newer evaluation cancels the one running
        self._evaluation.done.connect(self._done)
        self._evaluation.failed.connect(self._failed)
        self._evaluation.progress.connect(self._show_progress)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.source_label = QLabel(self.tr("Train a model or load a checkpoint, then evaluate it here."))
        self.source_label.setWordWrap(True)
        top.addWidget(self.source_label, 1)
        self.folder_button = QPushButton(self.tr("Evaluate on folder…"))
        self.folder_button.setToolTip(self.tr("Evaluate the model on another image folder (one sub-folder per class)"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.again_button = QPushButton(self.tr("Evaluate again"))
        self.again_button.clicked.connect(lambda: self.evaluate(self.checkpoint, self.folder))
        self.caption = ""  # which weights the checkpoint holds, in words
        self.wrong_button = QPushButton(self.tr("Most confidently wrong"))
        self.wrong_button.setToolTip(self.tr("The misclassified images the model was surest about"))
        self.wrong_button.clicked.connect(self.open_most_confidently_wrong)
        for b in (self.folder_button, self.again_button, self.wrong_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("Evaluating… %v / %m images"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("class"), self.tr("precision"), self.tr("recall"), self.tr("F1"), self.tr("support")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column as wide as its widest entry, class names included: a stretched first column got what was
        # left over, and showed "c…", "s…". The table asks for that width (_fit_table).
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.confusion = ConfusionView()
        self.confusion.cell_clicked.connect(self.open_cell)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.confusion)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([380, 620])
        layout.addWidget(self.splitter, 1)
        self._sync_buttons()

    @property
    def busy(self) -> bool:
        return self._evaluation.busy

    def shutdown(self) -> None:
        """The window closes: an evaluation still running is cancelled."""
        self._evaluation.cancel()

    def _sync_buttons(self) -> None:
        self.folder_button.setEnabled(self.checkpoint is not None and not self.busy)
        self.again_button.setEnabled(self.checkpoint is not None and not self.busy)
        self.wrong_button.setEnabled(self.report is not None and any(s.true != s.predicted
                                                                     for s in self.report.samples))

    # -- evaluating ------------------------------------------------------------
    def show_runs_hint(self, runs: int) -> None:
        """Nothing evaluated yet, but the project has runs (a project opened again): say where their results are."""
        if self.checkpoint is not None:
            return
        if not runs:
            text = self.tr("Train a model or load a checkpoint, then evaluate it here.")
        elif runs == 1:
            text = self.tr("This project has a run: choose it in the Runs tab and press Open to see its results here "
                           "(and to predict with it).")
        else:
            text = self.tr("This project has {count} runs: choose one in the Runs tab and press Open to see its "
                           "results here (and to predict with it).").format(count=runs)
        self.source_label.setText(text)

    def evaluate(self, checkpoint, folder=None, caption: str | None = None, name: str | None = None) -> None:
        """Evaluate ``checkpoint`` on its validation split, or on ``folder``; a newer call wins. ``caption`` says
        which weights these are ("epoch 7, the best by val_loss (0.1234)"), ``name`` what to call the file (the
        user's file for weights the window copied); both kept for Evaluate again."""
        if os.fspath(checkpoint) != self.checkpoint or name is not None:
            self.shown_name = name or os.path.basename(checkpoint)
        self.checkpoint = os.fspath(checkpoint)
        self.folder = os.fspath(folder) if folder is not None else None
        if caption is not None:
            self.caption = caption
        self.error = None
        where = self.tr("folder {folder}").format(folder=self.folder) if self.folder else self.tr("its validation split")
        name = self.shown_name + (f" — {self.caption}" if self.caption else "")
        self.source_label.setText(self.tr("<b>{value}</b> on {where}").format(value=html.escape(name), where=where))
        self.source_label.setToolTip(self.checkpoint)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._evaluation.start(_evaluate_job, self.checkpoint, self.folder, REPORT)
        self._sync_buttons()

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, report) -> None:
        self.progress.hide()
        self.show_report(report)
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        message = error_text(error)
        self.progress.hide()
        self.error = message
        self.summary.setText(self.tr("<span style='color:#b00020'>Could not evaluate: {message}</span>").format(message=message))
        self._sync_buttons()
        self.failed.emit(message)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Evaluate on an image folder"),
                                                  first_folder(self.folder, self.start_folder()))
        if folder:
            self.evaluate(self.checkpoint, folder)

    # -- showing ---------------------------------------------------------------
    def show_report(self, report) -> None:
        self.report = report
        rows = report.per_class()
        macro_f1 = sum(r["f1"] for r in rows) / max(len(rows), 1)
        top5 = f"{report.top5:.1%}" if report.top5 is not None else self.tr("n/a (5 classes or fewer)")
        correct = sum(report.confusion[i][i] for i in range(len(report.classes)))
        self.summary.setText(
            self.tr("<span style='font-size:14pt'><b>Accuracy {accuracy:.1%}</b></span> &nbsp; ({correct} of {total}) &nbsp;·&nbsp; top-5 {top5} &nbsp;·&nbsp; macro F1 {macro_f1:.3f} &nbsp;·&nbsp; <span style='color:#666'>{source}</span>").format(accuracy=report.accuracy, correct=correct, total=report.total, top5=top5, macro_f1=macro_f1, source=report.source))
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the report's order
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            name = QTableWidgetItem(row["class"])
            name.setToolTip(row["class"])
            self.table.setItem(i, 0, name)
            for col, key in enumerate(("precision", "recall", "f1"), start=1):
                self.table.setItem(i, col, _Num(row[key], f"{row[key]:.3f}"))
            self.table.setItem(i, 4, _Num(row["support"], str(row["support"])))
        self.table.setSortingEnabled(True)
        self._fit_table()
        self.confusion.set_report(report)
        self._sync_buttons()

    def _fit_table(self) -> None:
        """The table is as wide as its columns, the class names whole (up to CLASS_COLUMN_CHARS characters:
        longer ones are elided, whole in their tooltip); the splitter gives the confusion matrix the rest."""
        header = self.table.horizontalHeader()
        limit = self.table.fontMetrics().averageCharWidth() * CLASS_COLUMN_CHARS
        header.resizeSection(0, min(max(self.table.sizeHintForColumn(0), header.sectionSizeHint(0)), limit))
        columns = sum(header.sectionSize(c) for c in range(self.table.columnCount()))
        scrollbar = self.table.verticalScrollBar().sizeHint().width()  # room for it, should the rows overflow
        self.table.setMinimumWidth(columns + 2 * self.table.frameWidth() + scrollbar)

    def open_cell(self, true: int, predicted: int) -> Gallery:
        names = self.report.classes
        title = self.tr("True {true}, predicted {predicted}").format(true=names[true], predicted=names[predicted])
        return self._open_gallery(title, self.report.cell(true, predicted))

    def open_most_confidently_wrong(self) -> Gallery:
        return self._open_gallery(self.tr("Most confidently wrong"), self.report.most_confidently_wrong(48))

    def _open_gallery(self, title: str, samples) -> Gallery:
        self.gallery = Gallery(title, samples, self.report.classes, self, checkpoint=self.checkpoint)
        self.gallery.show()
        self.gallery.activateWindow()  # in front and focused: Esc closes it at once
        return self.gallery
