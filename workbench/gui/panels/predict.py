"""Predict: drop images (or a folder) and see the model's top-k classes for each, as bars.

Public API (for the main window)::

    panel = PredictPanel(parent=None, topk=5)
    panel.set_checkpoint(path)      # the model to use; images already shown are predicted again
    panel.add_paths(paths)          # files and/or folders, as a drop or "Add images…" gives them
    panel.clear()
    panel.predicted                 # Signal(list): the ImagePrediction list of each finished batch
    panel.failed                    # Signal(str): the checkpoint could not be loaded
    panel.results -> {path: ImagePrediction}; panel.rows -> {path: PredictionRow}; panel.busy
    panel.explain_controls / panel.explainer  # Explain: a heat map over each row's picture (widgets/explain.py)

Drops carry file URLs (a file manager's drag). Note for the window: its
window-wide folder-drop filter must let drops on this panel through.
The model is built once per checkpoint, on the thread pool, and reused for
every later batch; batches run one at a time, in the order they came.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.runs.background import error_text, run_task
from workbench.gui.start_folders import first_folder
from workbench.gui.widgets.explain import ExplainControls, Explainer
from workbench.gui.widgets.thumbnails import load_thumbnails, to_pixmap

ROW_THUMB = 72
EXPLAIN_THUMB = 144  # an explained picture is shown larger: a 72-pixel heat map hides where it lies
BAR_HEIGHT = 18
TOP_COLOUR, OTHER_COLOUR = QColor(44, 130, 201), QColor(160, 190, 220)


def _predict_job(checkpoint: str, loaded, paths: list[str], topk: int):
    """On the pool: load the checkpoint and build the model if not done yet, predict, read thumbnails."""
    from workbench.core.results.evaluate import predict

    if loaded is None:
        from workbench.core.training.checkpoints import load_checkpoint

        ckpt = load_checkpoint(checkpoint)
        loaded = (ckpt, ckpt.build_model().eval())
    ckpt, model = loaded
    results = predict(ckpt, paths, topk, model=model)
    readable = iter(load_thumbnails([r.path for r in results if r.error is None], EXPLAIN_THUMB))
    return loaded, results, [next(readable) if r.error is None else None for r in results]


class Bars(QWidget):
    """One horizontal bar per class: name, bar as long as the probability, percentage."""

    def __init__(self, top: list[tuple[str, float]], parent=None):
        super().__init__(parent)
        self.top = top
        self.setMinimumHeight(BAR_HEIGHT * len(top))

    def _widths(self, fm: QFontMetrics) -> tuple[int, int]:
        names = max((fm.horizontalAdvance(c) for c, _ in self.top), default=40)
        return min(180, names + 14), fm.horizontalAdvance("100.0%") + 12

    def sizeHint(self) -> QSize:
        name_width, pct_width = self._widths(self.fontMetrics())
        return QSize(name_width + pct_width + 240, BAR_HEIGHT * len(self.top))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        fm = p.fontMetrics()
        self.name_width, self.pct_width = self._widths(fm)
        room = max(10, self.width() - self.name_width - self.pct_width)
        for i, (name, prob) in enumerate(self.top):
            y = i * BAR_HEIGHT
            text = fm.elidedText(name, Qt.TextElideMode.ElideRight, self.name_width - 8)
            p.setPen(QColor(30, 30, 30))
            p.drawText(QRectF(0, y, self.name_width - 8, BAR_HEIGHT),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            p.fillRect(QRectF(self.name_width, y + 3, room, BAR_HEIGHT - 6), QColor(236, 236, 236))
            p.fillRect(QRectF(self.name_width, y + 3, max(1.0, room * prob), BAR_HEIGHT - 6),
                       TOP_COLOUR if i == 0 else OTHER_COLOUR)
            p.drawText(QRectF(self.name_width + room + 6, y, self.pct_width, BAR_HEIGHT),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{prob:.1%}")
        p.end()


class PredictionRow(QFrame):
    """A thumbnail, the file's name, and its bars (or why it could not be read)."""

    def __init__(self, result, thumb, parent=None):
        super().__init__(parent)
        self.result = result
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.picture = thumb if thumb is not None and not isinstance(thumb, str) else None
        self.thumb = QLabel()
        self.thumb.setFixedSize(ROW_THUMB, ROW_THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("background: #f4f4f4; color: #999;")
        if self.picture is not None:
            self.thumb.setPixmap(to_pixmap(self.picture, ROW_THUMB))
        else:
            self.thumb.setText("?")
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        name = QLabel(f"<b>{Path(result.path).name}</b>")
        name.setToolTip(result.path)
        right.addWidget(name)
        if result.error is not None:
            self.bars = None
            self.message = QLabel(self.tr("Cannot classify this file: {error}").format(error=result.error))
            self.message.setStyleSheet("color: #b00020;")
            self.message.setWordWrap(True)
            right.addWidget(self.message)
        else:
            self.bars = Bars(result.top)
            right.addWidget(self.bars)
        right.addStretch(1)
        layout.addLayout(right, 1)

    @property
    def top_class(self) -> str | None:
        return self.result.top[0][0] if self.result.top else None

    def show_heat(self, heat, opacity: float) -> None:
        """The picture with an Explain heat map over it (larger), or plain again (``heat`` None)."""
        if self.picture is None:
            return
        if heat is None or isinstance(heat, str):
            self.thumb.setFixedSize(ROW_THUMB, ROW_THUMB)
            self.thumb.setPixmap(to_pixmap(self.picture, ROW_THUMB))
            self.thumb.setToolTip(heat or "")
            return
        from workbench.core.results.explain import blend

        self.thumb.setFixedSize(EXPLAIN_THUMB, EXPLAIN_THUMB)
        self.thumb.setPixmap(to_pixmap(blend(self.picture, heat, opacity), EXPLAIN_THUMB))


class PredictPanel(QWidget):
    predicted = Signal(list)
    failed = Signal(str)

    def __init__(self, parent=None, topk: int = 5):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.checkpoint: str | None = None
        self.shown_name = ""  # the model as the user knows it
        self.results: dict = {}
        self.rows: dict[str, PredictionRow] = {}
        self._loaded = None  # (Checkpoint, model) for self.checkpoint, built on the pool
        self._queue: list[str] = []
        self._task = None
        self._in_flight: tuple[str, list[str]] | None = None  # (checkpoint, paths) of the running batch
        self.start_folder = first_folder  # where its file dialogs open (home); the window says: near the data

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add images…"))
        self.add_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton(self.tr("Add folder…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        for b in (self.add_button, self.folder_button, self.clear_button):
            bar.addWidget(b)
        bar.addWidget(QLabel(self.tr("Top")))
        self.topk = QSpinBox()
        self.topk.setRange(1, 20)
        self.topk.setValue(topk)
        self.topk.setToolTip(self.tr("How many classes to show for each image"))
        self.topk.valueChanged.connect(self._repredict)
        bar.addWidget(self.topk)
        bar.addStretch(1)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        bar.addWidget(self.status)
        layout.addLayout(bar)
        # A row of its own: beside the buttons it would widen the tab past a 1280-pixel screen.
        explain_row = QHBoxLayout()
        self.explain_controls = ExplainControls(self)
        explain_row.addWidget(self.explain_controls)
        explain_row.addStretch(1)
        layout.addLayout(explain_row)
        self.explainer = Explainer(self.explain_controls, self._show_heat, self)
        self.explainer.failed.connect(lambda message: self.status.setText(
            self.tr("Could not explain: {message}").format(message=message)))

        self.hint = QLabel(self.tr("Drop images or a folder here to see what the model predicts for them."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #777; border: 2px dashed #bbb; border-radius: 8px; padding: 24px;")
        layout.addWidget(self.hint)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list)
        layout.addWidget(self.scroll, 1)
        self._sync()

    @property
    def busy(self) -> bool:
        return self._task is not None or bool(self._queue and self.checkpoint is not None)

    def _sync(self) -> None:
        self.hint.setVisible(not self.rows)
        self.status.setStyleSheet("color: #555;")
        if self._task is not None:
            self.status.setText(self.tr("Predicting…") if self._loaded else self.tr("Loading the model…"))
        elif self.checkpoint is None:
            self.status.setText(self.tr("No model yet: {count} waiting").format(count=len(self._queue)) if self._queue
                                else self.tr("No model yet"))
        else:
            text = self.tr("1 image · model {model}") if len(self.rows) == 1 else \
                self.tr("{count} images · model {model}")
            self.status.setText(text.format(count=len(self.rows), model=self.shown_name))

    # -- the public API ---------------------------------------------------------
    def set_checkpoint(self, path, name: str | None = None) -> None:
        """The model to use; ``name`` is what to call it (the user's file for weights the window copied)."""
        self.shown_name = name or os.path.basename(path)
        self.checkpoint = os.fspath(path)
        self._loaded = None
        self.explainer.set_checkpoint(self.checkpoint)
        self._repredict()

    def _show_heat(self, path: str, heat) -> None:
        row = self.rows.get(path)
        if row is not None:
            row.show_heat(heat, self.explain_controls.opacity)

    def add_paths(self, paths) -> None:
        self._queue += [os.fspath(p) for p in paths]
        self._pump()

    def clear(self) -> None:
        for row in self.rows.values():
            row.deleteLater()
        self.rows.clear()
        self.results.clear()
        self._queue.clear()
        self.explainer.set_images({})
        self._sync()

    # -- the queue ----------------------------------------------------------------
    def _repredict(self) -> None:
        paths = list(self.results)
        self.clear()
        self.add_paths(paths)

    def _pump(self) -> None:
        if self._task is None and self._queue and self.checkpoint is not None:
            paths, self._queue = self._queue, []
            self._in_flight = (self.checkpoint, paths)
            self._task = run_task(_predict_job, self.checkpoint, self._loaded, paths, self.topk.value(),
                                  on_done=self._done, on_error=self._failed)
        self._sync()

    def _overtaken(self) -> bool:
        """The batch that just ended was for an earlier model: queue its images again for this one."""
        self._task = None
        checkpoint, paths = self._in_flight
        if checkpoint == self.checkpoint:
            return False
        self._queue[:0] = paths
        self._pump()
        return True

    def _done(self, out) -> None:
        if self._overtaken():
            return
        loaded, results, thumbs = out
        self._loaded = loaded
        self.explain_controls.set_classes(loaded[0].classes)
        for result, thumb in zip(results, thumbs):
            old = self.rows.pop(result.path, None)
            if old is not None:
                old.deleteLater()
            row = PredictionRow(result, thumb)
            self.rows[result.path] = row
            self.results[result.path] = result
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            heat = self.explainer.heat.get(result.path)
            if heat is not None:
                row.show_heat(heat, self.explain_controls.opacity)
        self.explainer.set_images({p: p for p, r in self.results.items() if r.error is None})
        self.predicted.emit(results)
        self._pump()

    def _failed(self, error: BaseException) -> None:
        message = error_text(error)
        if self._overtaken():
            return
        self._queue.clear()
        self.status.setText(self.tr("Could not predict: {message}").format(message=message))
        self.status.setStyleSheet("color: #b00020;")
        self.failed.emit(message)

    # -- choosing and dropping files ---------------------------------------------
    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Images to classify"), self.start_folder(),
                                                self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)"))
        if files:
            self.add_paths(files)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("A folder of images to classify"), self.start_folder())
        if folder:
            self.add_paths([folder])

    @staticmethod
    def _local_paths(mime) -> list[str]:
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = self._local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
