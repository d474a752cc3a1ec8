"""The live plots read right: legends beside the data, plain numbers on the axes, a smoothed loss that follows
the raw one."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.gui.desktop import i18n
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


@pytest.fixture
def chinese():
    assert i18n.install_translators("zh_CN") == "zh_CN"
    yield
    i18n.install_translators("en")


def test_the_legends_speak_chinese_too(qtbot, chinese):
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
