"""The window keeps the size the user gave it, and its text shows whole, at 1280×720 in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from tests.gui.conftest import make_window
from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.gui.desktop import i18n


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    before = QLocale()
    assert i18n.install_translators(request.param) == request.param
    yield request.param
    i18n.install_translators("en")
    QLocale.setDefault(before)


@pytest.fixture
def window_1280(qtbot, language, tiny_folder, settings):
    """The window at 1280×720, built after the language was chosen (as at a start)."""
    return make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)


def settle(qtbot):
    qtbot.wait(30)  # layouts apply their changes from posted events


def test_controls_that_appear_or_disappear_never_resize_the_window(qtbot, window_1280):
    window = window_1280
    settle(qtbot)
    size, panes = window.size(), window.splitter.sizes()
    assert size.width() == 1280
    # A loaded checkpoint shows "Resume from checkpoint"; a pretrained template shows "Freeze backbone".
    for box in (window.run_panel.resume_box, window.model_panel.freeze_box):
        box.show()
        settle(qtbot)
        assert (window.size(), window.splitter.sizes()) == (size, panes), box.text()
        box.hide()
        settle(qtbot)
        assert (window.size(), window.splitter.sizes()) == (size, panes), box.text()
