"""Find learning rate…: the range test (core/training/lr_find.py) on the project as it is now, in a process
of its own, its curve plotted and its suggestion one click away from the project.

Public API (for the main window)::

    dialog = LrFindDialog(document, launcher, extra_args=(), parent=None, steps=STEPS)
    dialog.open(); dialog.start()   # a copy of the project, run by `workbench lr-find COPY --connect …`
    dialog.found                    # Signal(object): the LrFinderResult
    dialog.failed                   # Signal(str): why there is no curve, in words
    dialog.used                     # Signal(float): the rate Use put into the project
    dialog.use_button               # "Use 0.0085": one undoable edit of training.optimizer.lr, then closes
    dialog.busy / dialog.result_data / dialog.error; dialog.reject() cancels a finder still running

The window never waits for the finder: its steps arrive as events over the
run connection (the progress bar and a live curve, redrawn on a timer), its
end is the process's end. Cancel kills the process: it writes nothing, so
nothing is lost. Small-data warnings are the Data tab's to say (in the
window's language); the dialog does not repeat them.
"""

from __future__ import annotations

import functools
import html
import math
import shutil

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QPushButton, QVBoxLayout

from workbench.core.catalogs.training import OPTIMIZERS
from workbench.core.errors import WorkbenchError
from workbench.core.project.schema import Op
from workbench.core.training.events import LrFinderResult, LrFinderStep
from workbench.core.training.lr_find import MAX_LR, MIN_LR, STEPS, loss_range
from workbench.gui.document import Document
from workbench.gui.field_names import humanize
from workbench.gui.runs.process import RunLauncher, project_copy
from workbench.gui.step_names import changes, defaults_of
from workbench.gui.widgets.plots import legend_above, plain_axes, redraw_hz

SMOOTH_COLOR = (31, 119, 180)
RAW_COLOR = (70, 130, 200, 90)
MARK_COLOR = (214, 39, 40)


def fmt_lr(lr: float) -> str:
    return f"{lr:.2g}"


class LrFindDialog(QDialog):
    found = Signal(object)
    failed = Signal(str)
    used = Signal(float)

    def __init__(self, document: Document, launcher: RunLauncher, extra_args=(), parent=None, steps: int = STEPS):
        super().__init__(parent)
        self.document, self.launcher = document, launcher
        self.extra_args = [str(a) for a in extra_args]
        self.steps = steps
        self.result_data: LrFinderResult | None = None
        self.error: str | None = None
        self._task = None
        self._failure: str | None = None
        self._live: list[tuple[float, float]] = []  # (lr, smoothed loss) as the steps come
        self._dirty = False
        self.setWindowTitle(self.tr("Find the learning rate"))
        self.resize(720, 560)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The model trains on up to {steps} batches while the learning rate rises from {low} "
                               "to {high}; the loss shows at which rates it learns well. The project changes only "
                               "when you choose Use.").format(steps=steps, low=f"{MIN_LR:g}", high=f"{MAX_LR:g}"))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=False)
        item.setLabel("bottom", self.tr("learning rate (log scale)"))
        item.setLabel("left", self.tr("loss"))
        plain_axes(item)
        item.showGrid(x=True, y=True, alpha=0.2)
        legend_above(item, self.tr("Loss against the learning rate"))
        self.raw_curve = item.plot([], [], pen=pg.mkPen(RAW_COLOR, width=1), name=self.tr("batch loss"))
        self.smooth_curve = item.plot([], [], pen=pg.mkPen(SMOOTH_COLOR, width=2), name=self.tr("smoothed"))
        self.mark_point = item.plot([], [], pen=None, symbol="o", symbolSize=10, symbolBrush=MARK_COLOR,
                                    symbolPen=None, name=self.tr("suggested"))
        self.mark_line = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(MARK_COLOR, width=1, style=Qt.PenStyle.DashLine))
        self.mark_line.hide()
        item.addItem(self.mark_line, ignoreBounds=True)
        self.plot.setMinimumHeight(300)
        layout.addWidget(self.plot, 1)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

        buttons = QDialogButtonBox()
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.setEnabled(False)
        self.use_button.setToolTip(self.tr("Set the optimizer's learning rate to the suggested one (Edit › Undo "
                                           "takes it back)"))
        self.use_button.clicked.connect(self.use)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        # The live curve is redrawn on a timer from the steps received, never once per event.
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // redraw_hz())
        self.timer.timeout.connect(self._redraw_live)

    # -- state -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    # -- running -------------------------------------------------------------------
    def start(self) -> None:
        """Run the finder on the project as it is now (a copy: the user may not edit it meanwhile anyway)."""
        try:
            copy = project_copy(self.document.project, "lrfind")
        except (WorkbenchError, OSError) as e:
            self._show_failure(str(e))
            return
        folder = copy.parent
        self._failure = None
        self._set_progress(None)
        self._task = self.launcher.start(["lr-find", str(copy), "--steps", str(self.steps), *self.extra_args])
        self._task.event.connect(self._event)
        self._task.failed.connect(self._failed)
        self._task.ended.connect(self._ended)
        self._task.ended.connect(functools.partial(shutil.rmtree, folder, True))
        self.timer.start()

    def cancel(self) -> None:
        """Stop the finder now: it writes nothing, so its process is simply ended."""
        task, self._task = self._task, None
        if task is None:
            return
        for signal, slot in ((task.event, self._event), (task.failed, self._failed), (task.ended, self._ended)):
            signal.disconnect(slot)
        task.kill()
        self.timer.stop()

    def reject(self) -> None:
        self.cancel()
        super().reject()

    def _event(self, event) -> None:
        if isinstance(event, LrFinderStep):
            self._set_progress(event)
            self._live.append((event.lr, event.smoothed))
            self._dirty = True
        elif isinstance(event, LrFinderResult):
            self.result_data = event

    def _failed(self, message: str) -> None:
        self._failure = message

    def _ended(self) -> None:
        self._task = None
        self.timer.stop()
        if self.result_data is not None:
            self.show_result(self.result_data)
            self.found.emit(self.result_data)
        else:
            self._show_failure(self._failure or self.tr("The finder ended without a result."))

    def _set_progress(self, step: LrFinderStep | None) -> None:
        if step is None:
            self.progress.setRange(0, 0)  # busy: reading the data, building the model
            self.progress.setFormat(self.tr("Preparing the data and the model…"))
            return
        self.progress.setRange(0, step.steps)
        self.progress.setValue(step.step)
        self.progress.setFormat(self.tr("Step {step} of {steps}: learning rate {lr}").format(
            step=step.step, steps=step.steps, lr=fmt_lr(step.lr)))

    def _redraw_live(self) -> None:
        if not self._dirty or not self._live:
            return
        self._dirty = False
        lrs, losses = zip(*self._live)
        self.smooth_curve.setData(np.array(lrs), np.array(losses))

    # -- the result ------------------------------------------------------------------
    def show_result(self, result: LrFinderResult) -> None:
        """The whole curve, the suggestion marked, and Use offered."""
        self.result_data = result
        self.progress.hide()
        self.close_button.setText(self.tr("Close"))
        lrs = np.array(result.lrs)
        if len(lrs):
            self.raw_curve.setData(lrs, np.array(result.losses))
            self.smooth_curve.setData(lrs, np.array(result.smoothed))
            item = self.plot.getPlotItem()
            low, high = loss_range(result.smoothed)
            item.setYRange(low - 0.05 * (high - low), high, padding=0)
            item.setXRange(math.log10(lrs[0]), math.log10(lrs[-1]), padding=0.02)
        lines = []
        suggested = result.suggested_lr
        if suggested is not None:
            x = math.log10(suggested)
            self.mark_line.setPos(x)
            self.mark_line.show()
            y = float(np.interp(x, np.log10(lrs), np.array(result.smoothed)))
            self.mark_point.setData([suggested], [y])
            current = self.document.project.training.optimizer.args.get("lr")
            lines.append(self.tr("Suggested learning rate: <b>{lr}</b>, where the smoothed loss falls fastest.")
                         .format(lr=fmt_lr(suggested)))
            if current is not None:
                lines.append(self.tr("The optimizer's learning rate now: {lr}.").format(lr=f"{current:g}"))
            self.use_button.setText(self.tr("Use {lr}").format(lr=fmt_lr(suggested)))
            self.use_button.setEnabled(True)
            self.use_button.setDefault(True)
        else:
            lines.append(self.tr("No rate to suggest: the loss did not fall clearly anywhere in the range. Check "
                                 "the data and the model (the labels, the last layer's size)."))
        if result.reason == "diverged" and len(lrs):
            lines.append(self.tr("The loss diverged at {lr}: the test stopped there.").format(lr=fmt_lr(lrs[-1])))
        self.summary.setText("<br>".join(lines))

    def _show_failure(self, message: str) -> None:
        self.error = humanize(message)
        self.progress.hide()
        self.close_button.setText(self.tr("Close"))
        self.summary.setText(self.tr("<span style='color:#b00020'>✘ The learning rate could not be found: "
                                     "{reason}</span>").format(reason=html.escape(self.error)))
        self.failed.emit(self.error)

    def use(self) -> None:
        """The suggestion into the project: one undoable edit of the optimizer's lr."""
        if self.result_data is None or self.result_data.suggested_lr is None:
            return
        lr = self.result_data.suggested_lr

        def change(training) -> None:
            training.optimizer = Op(training.optimizer.type, {**training.optimizer.args, "lr": lr})

        def step(before, after) -> str:  # "lr 0.01 → 0.0034", as a typed edit is named
            return changes(before.optimizer.args, after.optimizer.args,
                           defaults=defaults_of(OPTIMIZERS.get(after.optimizer.type)))

        self.document.edit("training", step, change)
        self.used.emit(lr)
        self.accept()
