"""Autosave entries: written atomically, removed on a clean end, found again after a crash."""

import subprocess
import sys

from tests.helpers import minimal_project_doc
from workbench.core.project.autosave import AutosaveSlot, discard_entry, orphans
from workbench.core.project.io import project_from_dict


def test_a_live_window_s_autosave_is_not_an_orphan(tmp_path, shapes_folder):
    folder = tmp_path / "autosave"
    slot = AutosaveSlot(folder)
    slot.save(project_from_dict(minimal_project_doc(shapes_folder)), None)
    assert slot.project_file.exists() and orphans(folder) == []
    slot.discard()
    assert list(folder.iterdir()) == []


def test_a_crashed_process_leaves_a_recoverable_project(tmp_path, shapes_folder):
    code = (
        "import os, sys, json\n"
        "from workbench.core.project.autosave import AutosaveSlot\n"
        "from workbench.core.project.io import project_from_dict\n"
        f"doc = json.loads({repr(__import__('json').dumps(minimal_project_doc(shapes_folder)))})\n"
        "doc['name'] = 'edited-but-unsaved'\n"
        f"AutosaveSlot({str(tmp_path / 'autosave')!r}).save(project_from_dict(doc), '/home/me/exp.wbproj')\n"
        "os._exit(1)  # a crash: nothing gets cleaned up\n")
    subprocess.run([sys.executable, "-c", code], check=False)
    (found,) = orphans(tmp_path / "autosave")
    assert found.project.name == "edited-but-unsaved" and found.original == "/home/me/exp.wbproj"
    assert found.project.resolve(found.project.data.source.path) == shapes_folder
    discard_entry(found.entry)
    assert orphans(tmp_path / "autosave") == [] and list((tmp_path / "autosave").iterdir()) == []


def test_garbage_in_the_folder_is_ignored(tmp_path):
    (tmp_path / "1-1.json").write_text("{not json")
    (tmp_path / "2-1.json").write_text('{"pid": 999999999, "original": null}')
    (tmp_path / "2-1.wbproj").write_text("[]")
    assert orphans(tmp_path) == []
