"""A gallery of evaluated images is a window a user can close the way they close any dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.core.results.evaluate import SamplePrediction
from workbench.gui.dialogs.gallery import Gallery

CLASSES = ["circle", "square", "triangle"]


@pytest.fixture
def gallery(qtbot):
    samples = [SamplePrediction(f"MNIST[{i}]", 0, 1, 0.9 - i / 100) for i in range(6)]
    g = Gallery("True circle, predicted square", samples, CLASSES)
    g.show()
    qtbot.waitExposed(g)
    return g


def test_esc_closes_a_gallery(qtbot, gallery):
    gallery.list.setFocus()
    with qtbot.waitSignal(gallery.finished, timeout=2000):
        qtbot.keyClick(gallery.list, Qt.Key.Key_Escape)


def test_a_gallery_has_a_close_button(qtbot, gallery):
    assert gallery.close_button.isVisible() and gallery.close_button.text() == "Close"
    with qtbot.waitSignal(gallery.finished, timeout=2000):
        qtbot.mouseClick(gallery.close_button, Qt.MouseButton.LeftButton)


def test_a_gallery_opened_from_results_takes_the_keys_and_esc_closes_it(qtbot):
    from PySide6.QtWidgets import QApplication

    from workbench.core.results.evaluate import EvalReport
    from workbench.gui.panels.results import ResultsPanel

    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.show()
    samples = [SamplePrediction(f"MNIST[{i}]", i % 3, (i + 1) % 3, 0.8) for i in range(9)]
    panel.show_report(EvalReport(CLASSES, [[0, 3, 0], [0, 0, 3], [3, 0, 0]], samples))
    panel.activateWindow()
    gallery = panel.open_cell(0, 1)
    qtbot.waitUntil(lambda: gallery.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    with qtbot.waitSignal(gallery.finished, timeout=2000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
