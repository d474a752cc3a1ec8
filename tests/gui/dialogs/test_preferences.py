"""Preferences, About, shortcuts and the small-screen layout."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QKeySequence

from workbench.gui.dialogs import preferences as prefs


def test_preferences_are_stored_and_read_back(qtbot, settings, tmp_path):
    dialog = prefs.PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "system" and dialog.theme.currentData() == "system"
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert dialog.note.isVisibleTo(dialog)  # the language waits for a restart, and says so
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.workers.setValue(3)
    dialog.runs_dir.setText(str(tmp_path / "all-runs"))
    dialog.reopen.setChecked(True)
    assert dialog.warm.isChecked() is False  # the test settings turn the warm process off; users have it on
    dialog.warm.setChecked(True)
    dialog.second.setCurrentIndex(dialog.second.findData("new_window"))
    assert dialog.save() is True  # the language changed
    again = prefs.PreferencesDialog(settings)
    qtbot.addWidget(again)
    assert again.language.currentData() == "zh_CN"
    assert prefs.default_device(settings) == "cpu" and prefs.default_workers(settings) == 3
    assert prefs.default_runs_dir(settings) == tmp_path / "all-runs"
    assert prefs.reopen_last(settings) and prefs.second_launch(settings) == "new_window"
    assert prefs.warm_process(settings) and prefs.warm_process(type(settings)("/nonexistent/x.ini",
                                                                              type(settings).Format.IniFormat))


def test_new_projects_get_the_default_device_and_workers_and_runs_go_to_the_runs_folder(window, settings, tmp_path):
    settings.setValue(prefs.DEVICE, "cpu")
    settings.setValue(prefs.WORKERS, 2)
    settings.setValue(prefs.RUNS_DIR, str(tmp_path / "every-run"))
    window.new_project()
    assert window.project.training.device == "cpu"
    assert window.project.data.loader.num_workers == 2
    assert window._out_dir() == tmp_path / "every-run"
    settings.setValue(prefs.RUNS_DIR, "")
    assert window._out_dir() != tmp_path / "every-run"


def test_dark_theme_recolours_the_plots(qtbot, window):
    from workbench.gui.desktop.theme import apply_theme

    try:
        apply_theme("dark")
        plot = window.plots.batch.widget
        assert plot.backgroundBrush().color().lightness() < 80
        qtbot.waitUntil(lambda: window.palette().window().color().lightness() < 128, timeout=2000)
        apply_theme("light")
        assert plot.backgroundBrush().color().lightness() > 200
    finally:
        apply_theme("system")


def test_about_names_the_versions_cuda_and_shows_the_icon(qtbot):
    from workbench.gui.dialogs.about import AboutDialog, app_icon

    assert not app_icon().isNull()
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.title.text() + dialog.details.text()
    for word in ("Torch Workbench", "PyTorch", "torchvision", "Qt", "PySide6", "CUDA"):
        assert word in text
    assert dialog.icon_label.pixmap() is not None and not dialog.icon_label.pixmap().isNull()


def test_main_actions_have_shortcuts_shown_in_menus_and_tooltips(window):
    expected = {window.train_action: "F5", window.pause_action: "F6", window.stop_action: "Shift+F5",
                window.save_action: QKeySequence(QKeySequence.StandardKey.Save),
                window.open_action: QKeySequence(QKeySequence.StandardKey.Open),
                window.new_action: QKeySequence(QKeySequence.StandardKey.New)}
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert action.toolTip().endswith(f"({shown})"), action.toolTip()
    assert "(F5)" in window.run_panel.train_button.toolTip()
    assert "(Shift+F5)" in window.run_panel.stop_button.toolTip()


def test_symbol_buttons_have_accessible_names(window):
    assert window.run_panel.train_button.accessibleName()
    for action in window.model_panel.actions_.values():
        assert action.toolTip()


def test_the_layout_fits_a_1280x720_screen(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720 - 40, hint  # 40: a title bar / panel on a real desktop
    window.resize(1280, 680)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        panel = window.tabs.currentWidget()
        need = panel.minimumSizeHint()
        assert panel.width() >= need.width() and panel.height() >= need.height(), (window.tabs.tabText(i), need)
    assert window.run_panel.size().expandedTo(QSize(0, 0)).height() >= window.run_panel.minimumSizeHint().height()
