"""Runs: the past runs of a project, read back from their directories; compare, open, delete, TensorBoard.

Public API (for the main window)::

    panel = RunsPanel(runs_dir=None, parent=None)
    panel.set_runs_dir(path)          # and refresh; the folder TensorBoard serves too
    panel.refresh()                   # re-read the folder on the thread pool
    panel.open_requested              # Signal(str): the run directory to restore (project and model)
    panel.refreshed                   # Signal(): the table now shows the folder's runs
    panel.tensorboard_started         # Signal(str): the URL, after it was opened in the browser
    panel.shutdown()                  # stop TensorBoard: the window calls it when quitting
    panel.runs -> [RunInfo]; panel.select_runs(paths); panel.selected_runs() -> [RunInfo]
    panel.delete_selected() / panel.open_tensorboard()

Selecting runs overlays their validation accuracy and loss (one colour per
run). Delete asks first, then moves the run folders to the desktop's trash.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.results.run_index import delete_run, list_runs
from workbench.core.results.tensorboard_server import TensorBoardServer
from workbench.core.training.runs import describe_result
from workbench.gui.panels.run import format_seconds
from workbench.gui.runs.background import error_text, run_task
from workbench.gui.widgets.plots import plain_axes  # (importing plots also sets the app's pyqtgraph look)

COLUMNS = (QT_TRANSLATE_NOOP("RunsPanel", "started"), QT_TRANSLATE_NOOP("RunsPanel", "name"),
           QT_TRANSLATE_NOOP("RunsPanel", "epochs"), QT_TRANSLATE_NOOP("RunsPanel", "val accuracy (model.pth)"),
           QT_TRANSLATE_NOOP("RunsPanel", "duration"), QT_TRANSLATE_NOOP("RunsPanel", "ended"))
# How a run ended (run.json's "finished"), in words; a run with none is still running or its process died.
ENDINGS = {"completed": QT_TRANSLATE_NOOP("RunsPanel", "done"),
           "early_stopping": QT_TRANSLATE_NOOP("RunsPanel", "stopped early"),
           "stopped": QT_TRANSLATE_NOOP("RunsPanel", "stopped: can resume"),
           "diverged": QT_TRANSLATE_NOOP("RunsPanel", "loss diverged"),
           None: QT_TRANSLATE_NOOP("RunsPanel", "running, or cut short")}
PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
           (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)]


def _breakable_path(path) -> str:
    """``path`` as HTML that may wrap after each separator (a zero-width space there), not only at spaces."""
    return html.escape(str(path)).replace("/", "/\u200b").replace("\\", "\\\u200b")


def _start_tensorboard(server: TensorBoardServer, cancelled: list) -> str | None:
    try:
        url = server.start()
    except Exception:
        if cancelled:  # shutdown() stopped it mid-start: that is not an error to show
            return None
        raise
    if cancelled:  # the panel shut down while TensorBoard was starting: do not leave it running
        server.stop()
        return None
    return url


class RunsPanel(QWidget):
    open_requested = Signal(str)
    refreshed = Signal()
    tensorboard_started = Signal(str)

    def __init__(self, runs_dir=None, parent=None):
        super().__init__(parent)
        self.runs_dir: Path | None = None
        self.runs: list = []
        self.server: TensorBoardServer | None = None
        self._tb_task = None
        self._tb_cancelled: list = []
        self._list_task = None
        # Hooks the tests replace: the question before deleting, and the browser.
        self.ask_delete = self._ask_delete
        self.open_url = lambda url: QDesktopServices.openUrl(QUrl(url))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.folder_label = QLabel()
        # A long runs folder must not widen the window past a small screen, nor be cut: it wraps, at its
        # slashes (set_runs_dir).
        self.folder_label.setWordWrap(True)
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.folder_label, 1)
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.folder_button.setToolTip(self.tr("Show the runs in another folder"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Restore this run's project and trained model"))
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Move the selected runs to the trash"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.tb_button = QPushButton(self.tr("Open TensorBoard"))
        self.tb_button.setToolTip(self.tr("Start TensorBoard on this folder's runs (on this computer only) and open it"))
        self.tb_button.clicked.connect(self.open_tensorboard)
        for b in (self.folder_button, self.refresh_button, self.open_button, self.delete_button, self.tb_button):
            bar.addWidget(b)
        layout.addLayout(bar)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_requested.emit(str(self.runs[row].path)))

        self.acc_plot = self._plot(self.tr("Validation accuracy"), self.tr("accuracy"))
        self.loss_plot = self._plot(self.tr("Validation loss"), self.tr("loss"))
        self.curves: dict[str, list[pg.PlotDataItem]] = {}  # run path -> its two curves
        curves = QWidget()
        curves_layout = QHBoxLayout(curves)
        curves_layout.setContentsMargins(0, 0, 0, 0)
        curves_layout.addWidget(self.acc_plot)
        curves_layout.addWidget(self.loss_plot)
        self.note = QLabel(self.tr("Select runs (Ctrl/Shift+click) to compare their curves."))
        self.note.setStyleSheet("color: #666;")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(curves)
        splitter.setSizes([200, 300])
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note)
        self._sync()
        if runs_dir is not None:
            self.set_runs_dir(runs_dir)

    @staticmethod
    def _plot(title: str, ylabel: str) -> pg.PlotWidget:
        w = pg.PlotWidget()
        item = w.getPlotItem()
        item.setTitle(title, size="10pt")
        item.setLabel("bottom", QCoreApplication.translate("RunsPanel", "epoch"))
        item.setLabel("left", ylabel)
        item.showGrid(x=True, y=True, alpha=0.2)
        plain_axes(item)
        item.addLegend(offset=(-8, 8), labelTextSize="8pt")
        w.setMinimumHeight(160)
        return w

    def _sync(self) -> None:
        selected = len(self.selected_runs())
        self.open_button.setEnabled(selected == 1)
        self.delete_button.setEnabled(selected > 0)
        self.refresh_button.setEnabled(self.runs_dir is not None)
        starting = self._tb_task is not None
        self.tb_button.setEnabled(self.runs_dir is not None and not starting)
        self.tb_button.setText(self.tr("Starting TensorBoard…") if starting else self.tr("Open TensorBoard"))

    # -- the list ------------------------------------------------------------------
    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Runs folder"), str(self.runs_dir or ""))
        if folder:
            self.set_runs_dir(folder)

    def set_runs_dir(self, path) -> None:
        path = Path(path)
        if self.server is not None and self.server.logdir != path:
            self.shutdown()  # it serves the old folder
        self.runs_dir = path
        self.folder_label.setText(self.tr("Runs in <b>{value}</b>").format(value=_breakable_path(path)))
        self.folder_label.setToolTip(str(path))
        self.refresh()

    def refresh(self) -> None:
        if self.runs_dir is None:
            return
        self._list_task = run_task(list_runs, self.runs_dir, on_done=self._listed, on_error=self._list_failed)

    def _listed(self, runs: list) -> None:
        if self.sender() is not self._list_task:
            return
        keep = {r.path for r in self.selected_runs()}
        self.runs = runs
        self.table.blockSignals(True)
        self.table.setRowCount(len(runs))
        for row, r in enumerate(runs):
            # The accuracy of the weights the run hands on (model.pth: its best or its last epoch), as Results
            # shows it after the run, not the best of any epoch.
            accuracy = r.result_metrics.get("val_accuracy")
            acc = f"{accuracy:.1%}" if accuracy is not None else "–"
            values = (time.strftime("%Y-%m-%d %H:%M", time.localtime(r.started)), r.name, str(r.epochs), acc,
                      format_seconds(r.duration_s), self.tr(ENDINGS.get(r.finished, r.finished or "")))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(r.path) if col != 3 or not r.result else
                                f"model.pth: {describe_result(r.result)}")
                if col == 1:  # the colour of its curves
                    item.setData(Qt.ItemDataRole.DecorationRole, QColor(*PALETTE[row % len(PALETTE)]))
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.select_runs(keep)
        if not runs:
            self.note.setText(self.tr("No runs in this folder yet."))
        else:
            self.note.setText((self.tr("1 run. Select runs (Ctrl/Shift+click) to compare their curves.") if len(runs) == 1
                               else self.tr("{count} runs. Select runs (Ctrl/Shift+click) to compare their curves.")
                               ).format(count=len(runs)))
        self.refreshed.emit()

    def _list_failed(self, error: BaseException) -> None:
        message = error_text(error)
        self.note.setText(self.tr("Could not read the runs: {message}").format(message=message))

    def selected_runs(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.runs[r] for r in rows if r < len(self.runs)]

    def select_runs(self, paths) -> None:
        paths = {Path(p) for p in paths}
        model = self.table.selectionModel()
        self.table.blockSignals(True)
        self.table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, r in enumerate(self.runs):
            if r.path in paths:
                model.select(self.table.model().index(row, 0), flags)
        self.table.blockSignals(False)
        self._selection_changed()

    def _selection_changed(self) -> None:
        for plot in (self.acc_plot, self.loss_plot):
            plot.getPlotItem().clear()  # curves and their legend entries
        self.curves.clear()
        for r in self.selected_runs():
            colour = PALETTE[self.runs.index(r) % len(PALETTE)]
            pen = pg.mkPen(colour, width=2)
            name = f"{r.name} ({time.strftime('%m-%d %H:%M', time.localtime(r.started))})"
            epochs = [h.get("epoch") for h in r.history]
            drawn = []
            for plot, key in ((self.acc_plot, "val_accuracy"), (self.loss_plot, "val_loss")):
                points = [(e, h[key]) for e, h in zip(epochs, r.history) if e is not None and h.get(key) is not None]
                drawn.append(plot.plot([p[0] for p in points], [p[1] for p in points], pen=pen, name=name,
                                       symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None))
            self.curves[str(r.path)] = drawn
        self._sync()

    # -- open and delete -----------------------------------------------------------------
    def _open_selected(self) -> None:
        runs = self.selected_runs()
        if len(runs) == 1:
            self.open_requested.emit(str(runs[0].path))

    def delete_selected(self) -> None:
        runs = self.selected_runs()
        if not runs or not self.ask_delete(runs):
            return
        problems = []
        for r in runs:
            try:
                delete_run(r.path, to_trash=True)
            except (WorkbenchError, OSError) as e:
                problems.append(f"{r.path.name}: {e}")
        if problems:
            self._message(self.tr("Could not delete"), "\n".join(problems))
        self.refresh()

    def _ask_delete(self, runs) -> bool:
        names = "\n".join(f"  {r.path.name}" for r in runs[:10]) + ("\n  …" if len(runs) > 10 else "")
        text = (self.tr("Move 1 run folder to the trash?") if len(runs) == 1 else
                self.tr("Move {count} run folders to the trash?").format(count=len(runs)))
        answer = QMessageBox.question(self, self.tr("Delete runs?"), f"{text}\n\n{names}")
        return answer == QMessageBox.StandardButton.Yes

    def _message(self, title: str, text: str) -> None:
        """A warning that does not block the event loop."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box

    # -- TensorBoard ---------------------------------------------------------------------
    def open_tensorboard(self) -> None:
        if self.runs_dir is None or self._tb_task is not None:
            return
        if self.server is not None and self.server.running:
            self._tb_started(self.server.url)
            return
        self.server = TensorBoardServer(self.runs_dir)
        self._tb_cancelled = []
        self._tb_task = run_task(_start_tensorboard, self.server, self._tb_cancelled,
                                 on_done=self._tb_started, on_error=self._tb_failed)
        self._sync()

    def _tb_started(self, url: str | None) -> None:
        self._tb_task = None
        self._sync()
        if url is None or self.server is None or not self.server.running:
            return
        self.open_url(url)
        self.note.setText(self.tr("TensorBoard is serving {runs_dir} at {url}").format(runs_dir=self.runs_dir, url=url))
        self.tensorboard_started.emit(url)

    def _tb_failed(self, error: BaseException) -> None:
        message = error_text(error)
        self._tb_task = None
        self._sync()
        if not self._tb_cancelled:
            self._message(self.tr("TensorBoard"), message)

    def shutdown(self) -> None:
        """Stop TensorBoard (and one still starting). Safe to call more than once."""
        self._tb_cancelled.append(True)
        if self.server is not None:
            self.server.stop()
        self.server = None

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
