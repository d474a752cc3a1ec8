"""Data health in the window: label issues found by a real `workbench label-issues` process, duplicates found on
the thread pool, and fixes — relabel, exclude, trash — that change the folder only on a click and come back with
Undo. Explain: heat maps over Predict's rows and a gallery's thumbnails."""

from __future__ import annotations

import shutil

import pytest

from tests.core.data.test_duplicates import noise_image
from tests.gui.conftest import DATA_TIMEOUT_MS, RUN_TIMEOUT_MS, make_window
from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.core.training.events import LabelIssuesFound


@pytest.fixture
def trash_home(tmp_path, monkeypatch):
    """The desktop's trash in a temporary folder (freedesktop.org layout under $XDG_DATA_HOME)."""
    home = tmp_path / "xdg"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home / "Trash"


@pytest.fixture
def health_window(qtbot, tmp_path, settings):
    folder = tmp_path / "shapes"
    for k, label in enumerate(("circle", "square", "triangle")):  # pictures pHash tells apart
        (folder / label).mkdir(parents=True)
        for i in range(10):
            noise_image(100 * k + i, size=32).save(folder / label / f"{label}_{i:03d}.png")
    # Planted: a circle filed as a square, and an exact copy of a triangle filed as a circle.
    shutil.move(folder / "circle" / "circle_000.png", folder / "square" / "odd_one.png")
    shutil.copy(folder / "triangle" / "triangle_003.png", folder / "circle" / "copy_of_triangle.png")
    doc = minimal_project_doc(folder, epochs=3)
    window = make_window(qtbot, project_from_dict(doc), settings)
    window.tabs.setCurrentWidget(window.health_panel)
    return window, folder


def _found(folder, *issues) -> LabelIssuesFound:
    return LabelIssuesFound([{"path": str(folder / given / name), "given": given, "suggested": suggested,
                              "score": score} for given, name, suggested, score in issues],
                            len(issues) / 30, 30, 3, [])


def test_label_issues_come_from_a_process_with_progress(qtbot, health_window):
    window, folder = health_window
    panel = window.health_panel
    before = sorted(p.relative_to(folder) for p in folder.rglob("*.png"))
    panel.find_label_issues(folds=2)
    assert panel.busy and panel.cancel_button.isVisible() and panel.progress.isVisible()
    qtbot.waitUntil(lambda: not panel.busy, timeout=RUN_TIMEOUT_MS)
    assert "look mislabelled" in panel.message.text(), panel.message.text()
    assert panel.issues_grid.count() == len(panel.issues)
    for r, issue in enumerate(panel.issues):
        assert f"{issue['given']} → {issue['suggested']}" in panel.issues_grid.item(r).text()
    assert sorted(p.relative_to(folder) for p in folder.rglob("*.png")) == before  # looking changes nothing
    assert not list(folder.parent.glob("runs")) and window.runs_panel  # the folds' runs are not the user's runs


def test_cancel_stops_the_search_and_changes_nothing(qtbot, health_window):
    window, folder = health_window
    panel = window.health_panel
    panel.find_label_issues(folds=2)
    process = panel._process
    panel.cancel()
    assert not panel.busy and not panel.progress.isVisible() and panel.message.text() == "Cancelled."
    qtbot.waitUntil(lambda: not process.running, timeout=RUN_TIMEOUT_MS)
    assert panel.issues == []


def test_relabel_moves_the_file_and_undo_moves_it_back(qtbot, health_window):
    window, folder = health_window
    panel = window.health_panel
    odd = folder / "square" / "odd_one.png"
    panel.show_label_issues(_found(folder, ("square", "odd_one.png", "circle", 0.02),
                                   ("triangle", "triangle_001.png", "square", 0.3)))
    qtbot.waitUntil(lambda: panel.issues_grid.loaded == 2, timeout=DATA_TIMEOUT_MS)
    assert not panel.issues_grid.item(0).icon().isNull()
    assert not panel.suggested_button.isEnabled()  # nothing selected, nothing to do
    panel.issues_grid.item(0).setSelected(True)
    assert panel.suggested_button.isEnabled()
    panel.suggested_button.click()
    assert not odd.exists() and (folder / "circle" / "odd_one.png").is_file()
    assert panel.issues_grid.item(0).text() == "odd_one.png\nsquare → circle\n✔ moved to circle"
    assert window.document.undo_stack.undoText() == "Move odd_one.png to circle"
    window.document.undo_stack.undo()
    assert odd.is_file() and not (folder / "circle" / "odd_one.png").exists()
    assert panel.issues_grid.item(0).text().startswith("odd_one.png")
    window.document.undo_stack.redo()
    assert (folder / "circle" / "odd_one.png").is_file()
    # Prepared data follows the folder: the circle count grew by one.
    qtbot.waitUntil(lambda: window.prepared.bundle is not None and sorted(window.prepared.bundle.counts("train")
                                                                           + window.prepared.bundle.counts("val")) and
                    sum(1 for _p, label in window.prepared.bundle.train.source.samples if label == 0) == 11,
                    timeout=DATA_TIMEOUT_MS)


def test_exclude_keeps_the_file_and_takes_it_out_of_the_data(qtbot, health_window):
    window, folder = health_window
    panel = window.health_panel
    odd = folder / "square" / "odd_one.png"
    panel.show_label_issues(_found(folder, ("square", "odd_one.png", "circle", 0.02)))
    panel.issues_grid.item(0).setSelected(True)
    panel.exclude_button.click()
    assert odd.is_file()
    assert window.document.project.data.exclude == [str(odd)]
    assert panel.views.tabText(2) == "Excluded (1)" and panel.excluded_grid.count() == 1
    assert "excluded" in panel.issues_grid.item(0).text()
    qtbot.waitUntil(lambda: window.prepared.bundle is not None and window.prepared.bundle.excluded == [str(odd)],
                    timeout=DATA_TIMEOUT_MS)
    assert window.document.undo_stack.undoText() == "Exclude odd_one.png"
    assert window.tabs.currentWidget() is panel
    window.document.undo_stack.undo()
    assert window.document.project.data.exclude == [] and panel.excluded_grid.count() == 0
    assert window.tabs.currentWidget() is panel  # the undo is shown where it was made
    window.document.undo_stack.redo()
    panel.views.setCurrentIndex(2)
    panel.excluded_grid.item(0).setSelected(True)
    panel.include_button.click()
    assert window.document.project.data.exclude == []


def test_trash_never_deletes_and_undo_brings_the_file_back(qtbot, health_window, trash_home):
    window, folder = health_window
    panel = window.health_panel
    copy = folder / "circle" / "copy_of_triangle.png"
    panel.find_duplicates()
    qtbot.waitUntil(lambda: not panel.busy, timeout=DATA_TIMEOUT_MS)
    assert panel.group_list.count() >= 1
    first = panel.group_list.item(0).text()
    assert "exact copies" in first and "different labels" in first
    assert sorted(panel.groups[0].paths) == sorted([str(copy), str(folder / "triangle" / "triangle_003.png")])
    row = panel.groups[0].paths.index(str(copy))
    assert panel.group_grid.item(row).text().endswith("circle")
    panel.group_grid.item(row).setSelected(True)
    panel.trash_button.click()
    assert not copy.exists()
    assert (trash_home / "files" / "copy_of_triangle.png").is_file()
    assert panel.group_grid.item(row).text() == "copy_of_triangle.png\n✔ in the trash"
    window.document.undo_stack.undo()
    assert copy.is_file() and not (trash_home / "files" / "copy_of_triangle.png").exists()
    assert not (trash_home / "info" / "copy_of_triangle.png.trashinfo").exists()


def test_an_undo_that_cannot_be_done_says_why(qtbot, health_window, monkeypatch):
    window, folder = health_window
    panel = window.health_panel
    panel.show_label_issues(_found(folder, ("square", "odd_one.png", "circle", 0.02)))
    assert panel.relabel([str(folder / "square" / "odd_one.png")], "triangle")
    (folder / "triangle" / "odd_one.png").unlink()  # gone behind the window's back
    window.document.undo_stack.undo()
    assert "no longer there" in window.last_error_text
    assert not window.document.undo_stack.canRedo()  # no Redo offered that cannot work either


# -- Explain ------------------------------------------------------------------------------------
def _best(run_dir):
    return str(run_dir / "best.pt") if (run_dir / "best.pt").exists() else str(run_dir / "last.pt")


def test_predict_lays_a_heat_map_over_each_row(qtbot, trained_run):
    from workbench.gui.panels.predict import EXPLAIN_THUMB, ROW_THUMB, PredictPanel

    run_dir, folder = trained_run
    panel = PredictPanel(topk=3)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_checkpoint(_best(run_dir))
    image = folder / "circle" / "circle_000.png"
    panel.add_paths([image])
    qtbot.waitUntil(lambda: len(panel.rows) == 1 and not panel.busy, timeout=RUN_TIMEOUT_MS)
    row = panel.rows[str(image)]
    plain = row.thumb.pixmap().toImage()
    assert row.thumb.width() == ROW_THUMB
    controls = panel.explain_controls
    assert [controls.target_box.itemText(i) for i in range(controls.target_box.count())][1:] == \
        ["circle", "square", "triangle"]
    controls.toggle.setChecked(True)
    qtbot.waitUntil(lambda: str(image) in panel.explainer.heat and not panel.explainer.busy, timeout=RUN_TIMEOUT_MS)
    heat = panel.explainer.heat[str(image)]
    assert heat.shape == (16, 16) and heat.max() > 0
    assert row.thumb.width() == EXPLAIN_THUMB and row.thumb.pixmap().toImage() != plain
    strong = row.thumb.pixmap().toImage()
    controls.opacity_slider.setValue(10)  # redrawn at once, nothing worked out again
    assert panel.explainer.heat[str(image)] is heat and row.thumb.pixmap().toImage() != strong
    controls.method_box.setCurrentIndex(1)  # Integrated Gradients: worked out again
    qtbot.waitUntil(lambda: str(image) in panel.explainer.heat and panel.explainer.heat[str(image)] is not heat,
                    timeout=RUN_TIMEOUT_MS)
    controls.toggle.setChecked(False)
    assert row.thumb.width() == ROW_THUMB


def test_a_gallery_explains_its_thumbnails(qtbot, trained_run):
    from workbench.core.results.evaluate import SamplePrediction
    from workbench.gui.dialogs.gallery import Gallery

    run_dir, folder = trained_run
    samples = [SamplePrediction(str(folder / "square" / f"square_00{i}.png"), 1, 1, 0.9) for i in range(3)]
    gallery = Gallery("square", samples, ["circle", "square", "triangle"], checkpoint=_best(run_dir))
    qtbot.addWidget(gallery)
    gallery.show()
    qtbot.waitUntil(lambda: gallery.loaded == 3, timeout=DATA_TIMEOUT_MS)
    assert gallery.explain_controls.isVisible()
    plain = gallery.list.item(0).icon().pixmap(64).toImage()
    gallery.explain_controls.target_box.setCurrentIndex(3)  # why "triangle"?
    gallery.explain_controls.toggle.setChecked(True)
    qtbot.waitUntil(lambda: len(gallery.explainer.heat) == 3, timeout=RUN_TIMEOUT_MS)
    assert gallery.list.item(0).icon().pixmap(64).toImage() != plain
