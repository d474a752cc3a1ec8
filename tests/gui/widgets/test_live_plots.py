"""The live plots read right: legends beside the data, plain numbers on the axes, a smoothed loss that follows
the raw one, one answer to "which epoch is done", and an ETA only while the run runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.core.training.events import BatchEnded, EpochEnded, RunStarted
from workbench.gui.panels.run import RunPanel
from workbench.gui.widgets.plots import SMOOTHING, LivePlots, Smoother


@pytest.fixture
def plots(qtbot):
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(480, 600)  # the run panel's width in a 1280-pixel window
    plots.show()
    qtbot.waitExposed(plots)
    return plots


def feed_a_run(plots, epochs=5, per_epoch=40, scale=1.0):
    plots.begin_run(overlay=False)
    plots.set_epoch_span(epochs)
    for i in range(epochs * per_epoch):
        x = (i + 1) / per_epoch
        plots.add_batch(x, scale * (1.5 * math.exp(-x) + 0.1 * math.sin(7 * i)))
    for e in range(1, epochs + 1):
        plots.add_epoch(e, {"train_loss": scale / e, "val_loss": 1.2 * scale / e, "val_accuracy": 1 - 0.5 / e,
                            "train_accuracy": 1 - 0.4 / e})
    plots.redraw()


def legend_texts(plots) -> dict[str, list[str]]:
    return {p.item.titleLabel.text: [label.text for _sample, label in p.legend.items]
            for p in (plots.batch, plots.epoch, plots.acc)}


def test_each_plot_names_its_curves_in_its_legend(plots):
    assert legend_texts(plots) == {
        "Batch loss": ["batch loss", "smoothed (moving average)"],
        "Epoch loss": ["train loss", "validation loss"],
        "Accuracy": ["validation accuracy", "train accuracy"],
    }


def test_the_legends_speak_chinese_too(qtbot, chinese):  # (chinese: tests/gui/conftest.py)
    plots = LivePlots()
    qtbot.addWidget(plots)
    assert legend_texts(plots) == {
        "批次损失": ["批次损失", "平滑（移动平均）"],
        "每轮损失": ["训练损失", "验证损失"],
        "准确率": ["验证准确率", "训练准确率"],
    }


def test_legends_sit_above_the_data_they_name(qtbot, plots):
    feed_a_run(plots)
    qtbot.wait(20)
    for p in (plots.batch, plots.epoch, plots.acc):
        legend = p.legend.sceneBoundingRect()
        data = p.item.vb.sceneBoundingRect()
        assert legend.height() > 0 and not legend.intersects(data), (p.item.titleLabel.text, legend, data)
        assert p.widget.sceneRect().contains(legend)  # whole, inside the plot's widget
        assert not legend.intersects(p.item.titleLabel.item.sceneBoundingRect())  # and beside the title
        assert len(p.legend.items) == len(p.curves)  # one entry per curve


def test_axes_show_the_numbers_themselves_without_an_si_prefix(qtbot, plots):
    feed_a_run(plots, scale=0.003)  # losses of a few thousandths
    qtbot.wait(20)
    for p in (plots.batch, plots.epoch, plots.acc):
        for side in ("left", "bottom"):
            axis = p.item.getAxis(side)
            assert axis.autoSIPrefixScale == 1.0 and "(x" not in axis.labelString(), axis.labelString()
    # The loss axis reads 0.001, 0.002, … (with the prefix on it read 1, 2, … and "(x0.001)" by its title).
    axis = plots.epoch.item.getAxis("left")
    low, high = axis.range
    labels = [text for spacing, values in axis.tickValues(low, high, axis.height())
              for text in axis.tickStrings(values, axis.autoSIPrefixScale, spacing)]
    assert "0.001" in labels and "0.002" in labels, labels


def test_the_smoothed_loss_starts_at_the_first_raw_value_and_follows_the_raw_curve():
    smoother = Smoother()
    assert smoother.add(0.1, 2.0) == pytest.approx(2.0)  # not 0.2: the average is bias-corrected
    assert smoother.add(0.2, 2.0) == pytest.approx(2.0)  # a flat loss stays flat
    # Evenly spaced points dense enough for the full weight: exactly TensorBoard's debiased average.
    smoother, ema, raw = Smoother(), 0.0, [2.0, 1.0, 3.0, 0.5, 0.7]
    for n, y in enumerate(raw, start=1):
        ema = SMOOTHING * ema + (1 - SMOOTHING) * y
        assert smoother.add(n / 1000, y) == pytest.approx(ema / (1 - SMOOTHING ** n))
    # A loss that drops follows within a fraction of an epoch, whether an epoch has 3 points or 300.
    for per_epoch in (3, 10, 300):
        smoother = Smoother()
        xs = np.arange(1, 4 * per_epoch + 1) / per_epoch
        smoothed = [smoother.add(x, 2.0 if x <= 2 else 1.0) for x in xs]
        half_an_epoch_later = smoothed[int(np.searchsorted(xs, 2.5))]
        assert abs(half_an_epoch_later - 1.0) < 0.15, (per_epoch, half_an_epoch_later)


def test_the_plots_draw_the_smoothed_curve_from_the_first_point(plots):
    plots.begin_run(overlay=False)
    plots.add_batch(0.1, 2.5)
    plots.add_batch(0.2, 2.3)
    plots.redraw()
    x, y = plots.batch.series["smooth"].view()
    assert y[0] == pytest.approx(2.5) and 2.3 < y[1] < 2.5


def started(epochs=3, batches=10):
    return RunStarted("runs/x", 0, epochs, batches, 640, 160, "cpu", "CPU", ["a", "b"], [3, 8, 8], 1234)


def batch(epoch, b, eta=30.0, batches=10):
    return BatchEnded(epoch, b, batches, (epoch - 1) * batches + b - 1, 1.0 / b, 2000.0, 0.01, eta)


def epoch_ended(epoch, epochs=3):
    return EpochEnded(epoch, epochs, {"train_loss": 0.5, "val_loss": 0.6, "val_accuracy": 0.75, "seconds": 2.0})


def test_the_status_line_says_an_epoch_is_done_when_the_plots_show_it(qtbot, window):
    panel, plots = window.run_panel, window.plots
    window._set_run_state("running")
    panel.on_event(started())
    panel.on_event(batch(1, 10))
    panel.on_event(epoch_ended(1))
    # The event has arrived; the plots show it at their next tick, and so do the bar and the status line.
    assert "Epoch 1/3 done" not in window.statusBar().currentMessage()
    with qtbot.waitSignal(panel.epoch_shown, timeout=3000):
        pass
    assert plots.drawn_points()["epoch.val"] == 1 and panel.epoch_bar.value() == 1
    assert "Epoch 1/3 done" in window.statusBar().currentMessage()
    # The next epoch ends while the epoch plots wait for their turn (they redraw at most every 2 s): the bar and
    # the status line wait with them, then all three move together.
    panel.on_event(batch(2, 10))
    panel.on_event(epoch_ended(2))
    plots._tick()
    assert plots.drawn_points()["epoch.val"] == 1
    assert panel.epoch_bar.value() == 1 and "Epoch 2/3" not in window.statusBar().currentMessage()
    plots._epoch_plots_at -= 60  # their turn
    plots._tick()
    assert plots.drawn_points()["epoch.val"] == 2 and panel.epoch_bar.value() == 2
    assert "Epoch 2/3 done" in window.statusBar().currentMessage()
    window._set_run_state("idle")


def test_the_eta_shows_only_while_the_run_runs(qtbot):
    panel = RunPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_state("running")
    panel.on_event(started())
    panel.on_event(batch(1, 3, eta=75.0))
    with qtbot.waitSignal(panel.plots.timer.timeout, timeout=3000):
        pass
    assert "ETA 1 min 15 s" in panel.info.text()
    panel.set_state("paused")
    assert "ETA" not in panel.info.text() and "paused" in panel.info.text()
    assert "batch 3/10" in panel.info.text()  # the rest of the line stays
    panel.set_state("running")  # resumed
    assert "ETA 1 min 15 s" in panel.info.text()
    panel.set_state("stopping")
    assert "ETA" not in panel.info.text() and "stopping" in panel.info.text()
    panel.set_state("idle")  # the run has ended
    assert "ETA" not in panel.info.text()
