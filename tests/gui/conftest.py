"""GUI fixtures: a window on a tiny generated image folder, with settings and data dirs in tmp_path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.project.io import project_from_dict

DATA_TIMEOUT_MS = 20000
RUN_TIMEOUT_MS = 60000


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp):
    """As in the app: garbage is collected on the GUI thread only (see app.make_app)."""
    from workbench.gui.desktop import gc_policy

    gc_policy.install(qapp)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Nothing a test does may touch the user's data directory or settings."""
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def settings(tmp_path):
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # A warm run process costs each window seconds of CPU and 400 MB: only the tests of it ask for one.
    s.setValue("runs/warm_process", False)
    return s


@pytest.fixture
def tiny_folder(tmp_path):
    """3 classes × 12 images of 16×16: a run of 2 epochs takes about a second."""
    return make_shapes_folder(tmp_path / "shapes", per_class=12, size=16)


@pytest.fixture
def chinese():
    """The window's language is Simplified Chinese for this test (English again after it)."""
    from PySide6.QtCore import QLocale

    from workbench.gui.desktop import i18n

    before = QLocale()
    assert i18n.install_translators("zh_CN") == "zh_CN"
    yield
    i18n.install_translators("en")
    QLocale.setDefault(before)


def make_window(qtbot, project, settings, path=None):
    from workbench.gui.main_window import MainWindow

    window = MainWindow(project=project, path=path, settings=settings)
    window.ask_save_changes = lambda: "discard"
    window.ask_stop_run = lambda: True
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.run_panel.state == "idle", timeout=DATA_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None or window.dataset_panel.error is not None,
                    timeout=DATA_TIMEOUT_MS)
    return window


@pytest.fixture
def window(qtbot, tiny_folder, settings):
    project = project_from_dict(minimal_project_doc(tiny_folder))
    w = make_window(qtbot, project, settings)
    assert w.dataset_panel.error is None
    yield w
    if w.run is not None:  # a failed test must not leave the thread running
        w.run.stop()
        w.run.wait()


def long_project(folder, epochs=200):
    """A run that lasts until stopped: many epochs, batch size 2 (many batches)."""
    doc = minimal_project_doc(folder, epochs=epochs)
    doc["data"]["loader"]["batch_size"] = 2
    return project_from_dict(doc)
