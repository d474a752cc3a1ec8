"""Editors generated from the catalogues, and the plots under load."""

from __future__ import annotations

import time

from workbench.core.catalogs.base import Param
from workbench.core.catalogs.layers import LAYERS
from workbench.core.catalogs.training import OPTIMIZERS
from workbench.gui.widgets.param_editors import OpForm, ParamEditor
from workbench.gui.widgets.plots import LivePlots


def test_each_kind_gets_an_editor_with_the_catalogues_range(qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

    conv = OpForm(LAYERS["Conv2d"], {"out_channels": 8})
    qtbot.addWidget(conv)
    assert isinstance(conv.editor("out_channels").inner, QSpinBox)
    out_channels = conv.editor("out_channels")
    # A required count: the lowest number it holds is the catalogue's 1; one step below is "not set".
    out_channels.inner.setValue(1)
    assert out_channels.value() == 1
    out_channels.inner.stepBy(-1)
    assert out_channels.raw_value() is None and "expected a positive integer" in out_channels.error
    assert out_channels.inner.text().strip() == ""  # shown empty, never as a 0 the project does not hold
    out_channels.inner.stepBy(-1)
    assert out_channels.raw_value() is None  # nothing below "not set"
    assert isinstance(conv.editor("bias").inner, QCheckBox)
    assert isinstance(conv.editor("kernel_size").inner, QLineEdit)
    assert conv.editor("in_channels").inner.specialValueText() == "inferred"
    gelu = OpForm(LAYERS["GELU"], {})
    qtbot.addWidget(gelu)
    assert isinstance(gelu.editor("approximate").inner, QComboBox)


def test_form_emits_only_valid_values_and_only_what_differs_from_the_defaults(qtbot):
    form = OpForm(LAYERS["Conv2d"], {"out_channels": 8})
    qtbot.addWidget(form)
    seen = []
    form.changed.connect(seen.append)
    kernel = form.editor("kernel_size").inner
    kernel.setText("5, 3")
    assert seen[-1] == {"out_channels": 8, "kernel_size": [5, 3]}
    kernel.setText("0")  # below the catalogue's minimum: marked red, not emitted
    assert form.editor("kernel_size").error and len(seen) == 1
    assert "positive integer" in form.editor("kernel_size").toolTip()
    kernel.setText("3")
    assert seen[-1] == {"out_channels": 8}  # 3 is the default: left out, as a hand-written file would


def test_learning_rates_are_shown_as_typed(qtbot):
    form = OpForm(OPTIMIZERS["Adam"], {"lr": 0.0003})
    qtbot.addWidget(form)
    spin = form.editor("lr").inner
    assert spin.text() == "0.0003"
    spin.stepBy(1)
    assert abs(spin.value() - 0.0004) < 1e-12


def test_nullable_float_is_free_text_and_empty_means_default(qtbot):
    editor = ParamEditor(Param("max_lr", "float", None, min=0, min_exclusive=True, nullable=True,
                               help="default: 10 x lr"))
    qtbot.addWidget(editor)
    assert editor.value() is None
    editor.inner.setText("0.1")
    assert editor.value() == 0.1
    editor.inner.setText("-1")
    assert editor.error


def test_plots_take_100k_batch_points_and_redraw_quickly(qtbot):
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(600, 600)
    plots.show()
    plots.begin_run(overlay=False)
    for i in range(100_000):
        plots.add_batch(i / 1000, 1.0 / (1 + i / 1000))
    t0 = time.perf_counter()
    plots.redraw()
    qtbot.wait(1)
    first = time.perf_counter() - t0
    plots.add_batch(100.001, 0.01)
    t0 = time.perf_counter()
    plots.redraw()
    again = time.perf_counter() - t0
    assert plots.drawn_points()["batch.raw"] == 100_001
    assert first < 1.0 and again < 0.25, (first, again)


def test_a_new_run_empties_the_curves_and_overlays_keep_only_the_last_runs(qtbot):
    from workbench.gui.widgets.plots import KEPT_RUNS

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.show()

    def one_run(overlay: bool) -> None:
        plots.begin_run(overlay=overlay)
        for e in (1, 2):
            plots.add_batch(e - 0.5, 1.0 / e)
            plots.add_epoch(e, {"train_loss": 1.0 / e, "val_loss": 1.5 / e, "val_accuracy": 0.3 * e})
        plots.redraw()

    one_run(overlay=False)
    curves = dict(plots.epoch.curves)
    one_run(overlay=False)
    assert plots.drawn_points()["epoch.val"] == 2  # the first run's points are gone, not added to
    assert plots.epoch.curves == curves and not plots.epoch.old  # emptied in place, legend untouched
    legend_rows = plots.epoch.legend.layout.rowCount()
    for _ in range(KEPT_RUNS + 3):
        one_run(overlay=True)
    # Each overlaid run keeps its 2 epoch curves faded; beyond KEPT_RUNS the oldest leave the plot.
    assert len(plots.epoch.old) == 2 * KEPT_RUNS
    assert all(c in plots.epoch.item.listDataItems() for c in plots.epoch.old)
    assert len(plots.epoch.item.listDataItems()) == 2 * KEPT_RUNS + 2
    assert plots.epoch.legend.layout.rowCount() == legend_rows  # faded curves have no legend rows
    one_run(overlay=False)
    assert not plots.epoch.old and len(plots.epoch.item.listDataItems()) == 2


def test_hovering_a_plot_reads_out_the_nearest_point(qtbot):
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(600, 600)
    plots.show()
    for e in (1, 2, 3):
        plots.add_epoch(e, {"train_loss": 1.0 / e, "val_loss": 1.5 / e, "val_accuracy": 0.3 * e})
    plots.redraw()
    plots.epoch.item.vb.autoRange()
    qtbot.wait(10)
    scene_pos = plots.epoch.item.vb.mapViewToScene(__import__("PySide6.QtCore", fromlist=["QPointF"]).QPointF(2, 0.6))
    plots.epoch._hover(scene_pos)
    assert plots.epoch.readout.isVisible()
    text = plots.epoch.readout.textItem.toPlainText()
    assert "train loss: 0.5" in text and "validation loss: 0.75" in text and "epoch 2.00" in text


def test_device_menu_lists_what_this_machine_has(window):
    combo = window.training_panel.device_combo
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values[:2] == ["auto", "cpu"]
    assert "threads" in combo.itemText(1)  # the CPU described, not just "cpu"
    combo.setCurrentIndex(1)
    assert window.project.training.device == "cpu"


def test_many_signal_emits_cannot_exhaust_true(qtbot):
    """PySide6 6.12.0's emit leaked a reference to True per call (pyproject.toml excludes that release)."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Chatty(QObject):
        said = Signal(object)

    chatty = Chatty()
    chatty.said.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for i in range(50_000):
        chatty.said.emit(i)
    assert sys.getrefcount(True) >= before


def test_a_task_finishing_after_its_widget_was_deleted_is_dropped(qtbot):
    """A background result for a window that closed meanwhile must not raise in the event loop."""
    import threading

    from PySide6.QtWidgets import QLabel

    from workbench.gui.runs.background import run_task

    label = QLabel()
    release = threading.Event()
    delivered = []
    task = run_task(lambda: release.wait(10) and "result", on_done=lambda r: (label.setText(r),
                                                                             delivered.append(r)))
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label), timeout=2000)
    with qtbot.waitSignal(task.done, timeout=5000):
        release.set()
    assert delivered == []  # dropped quietly, no "already deleted" error in the event loop


def test_the_run_panel_shows_the_newest_event_once_per_tick(qtbot):
    from workbench.core.training.events import BatchEnded, EpochEnded, Finished, RunStarted
    from workbench.gui.panels.run import RunPanel

    panel = RunPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.on_event(RunStarted("runs/x", 0, 3, 10, 640, 160, "cpu", "CPU", ["a", "b"], [3, 8, 8], 1234))
    for batch in (1, 2, 3):
        panel.on_event(BatchEnded(1, batch, 10, batch - 1, 1.0 / batch, 2000.0, 0.01, 30.0))
    # Ten events a second would repaint the window ten times: the bars wait for the plots' tick...
    assert panel.batch_bar.value() == 0 and panel.plots.points()["batch.raw"] == 3
    with qtbot.waitSignal(panel.plots.timer.timeout, timeout=2000):
        pass
    # ...and then show the newest batch only.
    assert panel.batch_bar.value() == 3 and "batch 3/10" in panel.info.text()
    panel.on_event(BatchEnded(1, 10, 10, 9, 0.5, 2000.0, 0.01, 25.0))
    panel.on_event(EpochEnded(1, 3, {"train_loss": 0.5, "val_loss": 0.6, "val_accuracy": 0.75, "seconds": 2.0}))
    with qtbot.waitSignal(panel.plots.timer.timeout, timeout=2000):
        pass
    assert panel.epoch_bar.value() == 1 and panel.batch_bar.value() == 10
    assert "epoch 1/3" in panel.info.text() and "75.0 %" in panel.info.text()
    # The end of a run is shown at once, whatever came just before it.
    panel.on_event(BatchEnded(2, 4, 10, 13, 0.4, 2000.0, 0.01, 12.0))
    panel.on_event(Finished("runs/x", "stopped", 1))
    assert panel.batch_bar.value() == 4 and panel.epoch_bar.value() == 1


def test_while_a_run_streams_the_epoch_plots_take_their_points_less_often(qtbot):
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.show()
    plots.begin_run(overlay=False)
    plots.redraw()
    metrics = {"train_loss": 1.0, "val_loss": 1.2, "val_accuracy": 0.5}
    plots.add_batch(0.5, 1.0)
    plots.add_epoch(1, metrics)
    plots._tick()  # the timer's redraw: the run's first epoch is drawn at once
    assert plots.drawn_points()["batch.raw"] == 1 and plots.drawn_points()["epoch.val"] == 1
    plots.add_batch(1.5, 0.9)
    plots.add_epoch(2, metrics)
    plots._tick()  # new batch points are drawn at every tick; the next epoch waits for its turn
    assert plots.drawn_points()["batch.raw"] == 2 and plots.drawn_points()["epoch.val"] == 1
    plots._epoch_plots_at -= 60  # its turn comes: the owed points are drawn by a tick
    plots._tick()
    assert plots.drawn_points()["epoch.val"] == 2 and plots.drawn_points()["acc.val"] == 2
    plots.add_epoch(3, metrics)
    plots._tick()
    assert plots.drawn_points()["epoch.val"] == 2
    plots.redraw()  # a complete redraw (the end of a run) owes nothing
    assert plots.drawn_points()["epoch.val"] == 3 and plots.drawn_points()["acc.val"] == 3


def test_menu_texts_lose_their_mnemonic_in_both_languages():
    from workbench.gui.widgets.shortcuts import plain_menu_text

    assert plain_menu_text("Save &model…") == "Save model"
    assert plain_menu_text("训练(&T)") == "训练" and plain_menu_text("保存模型(&M)…") == "保存模型"
    assert plain_menu_text("Drag && drop") == "Drag & drop"
