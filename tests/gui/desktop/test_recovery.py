"""Autosave in the window: unsaved edits survive a crash and are offered back; a save or close clears them."""

import os
import subprocess
import sys
import textwrap

from tests.gui.conftest import make_window
from tests.helpers import minimal_project_doc
from workbench.core.project.autosave import default_folder, orphans
from workbench.core.project.io import project_from_dict
from workbench.gui.desktop.recovery import offer_recovery


def test_unsaved_changes_are_autosaved_and_cleared_on_save(window, tmp_path):
    window.training_panel.scalar_editors["epochs"].inner.setValue(42)
    assert window.dirty
    window.autosaver.save_if_dirty()
    assert window.autosaver.slot.project_file.exists()
    window._write(tmp_path / "saved.wbproj")
    assert not window.autosaver.slot.project_file.exists()


def test_a_crashed_window_s_changes_are_offered_back(qtbot, tmp_path, tiny_folder, settings):
    # A real crash: a window in another process gets an edit, autosaves, then dies without cleaning up.
    code = textwrap.dedent(f"""
        import json, os
        from PySide6.QtCore import QSettings
        from workbench.gui.desktop.app import make_app
        from workbench.core.project.io import project_from_dict
        app = make_app()
        from workbench.gui.main_window import MainWindow
        doc = json.loads({repr(__import__("json").dumps(minimal_project_doc(tiny_folder)))})
        w = MainWindow(project=project_from_dict(doc), path={str(tmp_path / "exp.wbproj")!r},
                       settings=QSettings({str(tmp_path / "other.ini")!r}, QSettings.Format.IniFormat))
        w.document.edit("training", "Epochs", lambda t: setattr(t, "epochs", 77))
        w.autosaver.save_if_dirty()
        os._exit(1)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code], env=env, timeout=120)
    assert len(orphans(default_folder())) == 1
    w = make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)
    questions = []
    opened = offer_recovery(w, ask=lambda window, found: questions.append(found) or "recover")
    assert len(questions) == 1 and len(opened) == 1
    assert w.project.training.epochs == 77 and w.dirty
    assert w.path == tmp_path / "exp.wbproj"
    assert orphans(default_folder()) == []  # handled once, not offered again


def test_a_normal_close_leaves_nothing_to_recover(qtbot, tiny_folder, settings):
    w = make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)
    w.training_panel.scalar_editors["epochs"].inner.setValue(5)
    w.autosaver.save_if_dirty()
    w.close()
    assert not w.autosaver.slot.project_file.exists()
