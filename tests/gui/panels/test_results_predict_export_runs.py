"""After training: the Results, Predict, Export and Runs panels, driven the way a user drives them."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workbench.core.results.evaluate import EvalReport, SamplePrediction
from workbench.core.results.export import FORMATS

TIMEOUT_MS = 30000


def _best(run_dir: Path) -> Path:
    return run_dir / "best.pt"


# -- Results -------------------------------------------------------------------------
@pytest.fixture
def results(qtbot, trained_run):
    from workbench.gui.panels.results import ResultsPanel

    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    panel.evaluate(_best(trained_run[0]))
    qtbot.waitUntil(lambda: panel.report is not None or panel.error is not None, timeout=TIMEOUT_MS)
    assert panel.error is None
    return panel


def test_clicking_a_confusion_matrix_cell_opens_a_gallery_of_its_images(qtbot, results):
    report = results.report
    assert report.classes == ["circle", "square", "triangle"]
    assert results.table.rowCount() == 3 and results.table.item(0, 0).text() == "circle"
    assert "Accuracy" in results.summary.text()
    view = results.confusion
    true, predicted = next((t, p) for t in range(3) for p in range(3) if report.confusion[t][p])
    at = view.plot.mapFromScene(view.scene_pos_of(true, predicted))

    QTest.mouseMove(view.plot.viewport(), at)
    qtbot.waitUntil(lambda: "→ predicted" in view.readout.text())
    assert report.classes[true] in view.readout.text()
    QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)

    gallery = results.gallery
    assert gallery is not None and gallery.isVisible()
    expected = report.cell(true, predicted)
    assert gallery.count() == len(expected) == report.confusion[true][predicted]
    assert gallery.item_text(0).startswith(f"{report.classes[true]} → {report.classes[predicted]}")
    assert f"{expected[0].confidence:.1%}" in gallery.item_text(0)
    qtbot.waitUntil(lambda: gallery.loaded == gallery.count(), timeout=TIMEOUT_MS)
    assert not gallery.list.item(0).icon().isNull()  # the thumbnail arrived from the pool
    QTest.qWait(50)
    from workbench.gui.widgets.thumbnails import THUMB
    assert gallery.list.visualItemRect(gallery.list.item(0)).height() >= THUMB  # room for the picture and text

    # Outside the matrix (on the axis) nothing opens.
    results.gallery = None
    QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, 2))
    assert results.gallery is None


def test_normalised_view_and_most_confidently_wrong_for_a_builtin_data_set(qtbot, results):
    classes = [f"digit {i}" for i in range(10)]
    confusion = [[5 if t == p else (2 if p == (t + 1) % 10 else 0) for p in range(10)] for t in range(10)]
    samples = [SamplePrediction(f"MNIST[{i}]", i % 10, (i + 1) % 10, 0.5 + i / 100) for i in range(20)]
    results.show_report(EvalReport(classes, confusion, samples, top5=0.9, source="test split of MNIST"))
    view = results.confusion
    assert view.image.image.max() == 5
    view.set_normalised(True)
    assert abs(view.image.image.sum(1) - 1).max() < 1e-9 and view.norm_button.isChecked()
    assert "top-5 90.0%" in results.summary.text()

    assert results.wrong_button.isEnabled()
    results.wrong_button.click()
    gallery = results.gallery
    assert gallery.count() == 20
    first = gallery.item_text(0)
    assert "MNIST[19]" in first and "digit 9 → digit 0" in first  # surest first; no file: the ref as text
    qtbot.waitSignal(gallery.thumbnails_done, timeout=1000, raising=False)


def _colour_bar_labels(view) -> list[str]:
    """The numbers written beside the confusion matrix's colour bar, as it is drawn now."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(200, 1000, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = view.colorbar.axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]] if specs else []


def test_the_colour_bar_counts_in_whole_images(qtbot, results):
    """Counts are whole images: no 0.5 or 1.5 on the colour bar, whatever the largest count; shares of a class
    may be fractions."""
    view = results.confusion
    for top in (1, 2, 3, 7, 48, 1234):
        classes = ["a", "b"]
        results.show_report(EvalReport(classes, [[top, 0], [1, top // 2]], [], top5=None, source="test"))
        qtbot.wait(10)
        labels = _colour_bar_labels(view)
        assert len(labels) >= 2 and all(text.isdigit() for text in labels), (top, labels)
        assert str(top) in labels or int(labels[-1]) < top  # the scale reaches the largest count
    view.set_normalised(True)
    assert any("." in text for text in _colour_bar_labels(view))


# -- Predict ---------------------------------------------------------------------------
def _drop(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = widget.rect().center()
    pos = QPointF(center)
    # QDragEnterEvent takes a QPoint (QDropEvent a QPointF) in the PySide6 releases the app supports.
    enter = QDragEnterEvent(center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def test_dropped_images_get_their_top_classes_as_bars(qtbot, trained_run, tmp_path):
    from workbench.gui.panels.predict import PredictPanel

    run_dir, folder = trained_run
    panel = PredictPanel(topk=3)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_checkpoint(_best(run_dir))
    images = {c: folder / c / f"{c}_000.png" for c in ("circle", "square", "triangle")}
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    _drop(panel, [images["circle"], images["square"], broken])
    qtbot.waitUntil(lambda: len(panel.rows) == 3 and not panel.busy, timeout=TIMEOUT_MS)

    for c in ("circle", "square"):
        row = panel.rows[str(images[c])]
        assert row.top_class == c
        probs = [p for _, p in row.bars.top]
        assert len(probs) == 3 and probs == sorted(probs, reverse=True) and 0.99 < sum(probs) <= 1.0001
        assert row.thumb.pixmap() is not None and not row.thumb.pixmap().isNull()
    bad = panel.rows[str(broken)]
    assert bad.bars is None and "not an image" in bad.message.text()
    assert not panel.hint.isVisible()

    model = panel._loaded
    _drop(panel, [folder / "triangle"])  # a folder: every image in it, with the model built once
    qtbot.waitUntil(lambda: len(panel.rows) == 3 + 24 and not panel.busy, timeout=TIMEOUT_MS)
    assert panel._loaded is model
    assert panel.rows[str(images["triangle"])].top_class == "triangle"


# -- Export ----------------------------------------------------------------------------
def test_export_dialog_writes_two_formats_and_pickle_only_after_the_warning_is_ticked(qtbot, trained_run,
                                                                                      tmp_path):
    from workbench.gui.dialogs.export import ExportDialog

    dialog = ExportDialog(_best(trained_run[0]))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path_edit.text().endswith("weights.pth")  # never the run's own model.pth
    for fmt in ("pth", "torchscript"):
        dialog.select_format(fmt)
        assert not dialog.warning.isVisible()
        assert FORMATS[fmt].how_to_load.split("(")[0] in dialog.how.text()
        out = tmp_path / f"model{FORMATS[fmt].suffix}"
        dialog.set_output(out)
        with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as done:
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert done.args == [str(out)] and out.stat().st_size > 0
        assert str(out) in dialog.result.text() and "Load it with" in dialog.result.text()

    dialog.select_format("pickle")
    assert dialog.warning.isVisible() and "runs code" in dialog.warning.findChildren(type(dialog.how))[0].text()
    assert dialog.path_edit.text().endswith(".pth")
    out = tmp_path / "whole.pth"
    dialog.set_output(out)
    assert not dialog.export_button.isEnabled() and dialog.start_export() is False and not out.exists()
    dialog.understood.click()
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert out.is_file()

    dialog.select_format("pth")
    dialog.set_output(tmp_path / "model.pth")  # exists: the user is asked, and says no
    dialog.ask_overwrite = lambda path: False
    assert dialog.start_export() is False


def test_export_failure_is_shown(qtbot, trained_run, tmp_path):
    from workbench.gui.dialogs.export import ExportDialog

    dialog = ExportDialog(_best(trained_run[0]), fmt="pth")
    qtbot.addWidget(dialog)
    (tmp_path / "file").write_text("x")
    dialog.set_output(tmp_path / "file" / "model.pth")  # a "folder" that is a file
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT_MS):
        dialog.start_export()
    assert "Not exported" in dialog.result.text() and dialog.error
    assert dialog.export_button.isEnabled()


# -- Runs --------------------------------------------------------------------------------
@pytest.fixture
def runs_dir(trained_run, tmp_path):
    runs = tmp_path / "runs"
    for name in ("20260101-120000-first", "20260102-130000-second"):
        shutil.copytree(trained_run[0], runs / name, ignore=shutil.ignore_patterns("*.pt", "*.pth", "tensorboard"))
    run_json = runs / "20260101-120000-first" / "run.json"  # the first one was stopped by the user
    run_json.write_text(json.dumps({**json.loads(run_json.read_text()), "finished": "stopped"}))
    return runs


@pytest.fixture
def runs(qtbot, runs_dir):
    from workbench.gui.panels.runs import RunsPanel

    panel = RunsPanel()
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.refreshed, timeout=TIMEOUT_MS):
        panel.set_runs_dir(runs_dir)
    yield panel
    panel.shutdown()


def test_runs_table_lists_runs_and_overlays_the_selected_curves(qtbot, runs, runs_dir):
    assert runs.table.rowCount() == 2
    assert runs.table.item(0, 0).text() == "2026-01-02 13:00"  # newest first
    assert runs.table.item(0, 2).text() == str(runs.runs[0].epochs)
    assert runs.table.item(0, 3).text().endswith("%")
    assert [runs.table.item(r, 5).text() for r in (0, 1)] == ["done", "stopped: can resume"]  # how each ended
    assert not runs.open_button.isEnabled()

    runs.table.selectAll()
    assert set(runs.curves) == {str(runs_dir / "20260101-120000-first"), str(runs_dir / "20260102-130000-second")}
    for acc, loss in runs.curves.values():
        assert len(acc.xData) == len(loss.xData) == runs.runs[0].epochs
    assert len(runs.acc_plot.getPlotItem().legend.items) == 2
    assert acc.opts["pen"].color() != runs.curves[str(runs_dir / "20260102-130000-second")][0].opts["pen"].color()

    runs.table.selectRow(1)
    assert len(runs.curves) == 1 and runs.open_button.isEnabled()
    with qtbot.waitSignal(runs.open_requested) as opened:
        runs.open_button.click()
    assert opened.args == [str(runs_dir / "20260101-120000-first")]


def test_delete_asks_then_moves_the_run_to_the_trash(qtbot, runs, runs_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    target = runs_dir / "20260101-120000-first"
    runs.select_runs([target])
    runs.ask_delete = lambda selected: False
    runs.delete_button.click()
    assert target.is_dir()

    asked = []
    runs.ask_delete = lambda selected: asked.append(selected) or True
    with qtbot.waitSignal(runs.refreshed, timeout=TIMEOUT_MS):
        runs.delete_button.click()
    assert [r.path for r in asked[0]] == [target]
    assert not target.exists() and (tmp_path / "xdg" / "Trash" / "files" / target.name / "project.json").is_file()
    assert runs.table.rowCount() == 1


def test_tensorboard_starts_for_the_runs_folder_and_is_really_gone_after_shutdown(qtbot, runs):
    pytest.importorskip("tensorboard")
    opened = []
    runs.open_url = opened.append
    with qtbot.waitSignal(runs.tensorboard_started, timeout=90000) as started:
        runs.tb_button.click()
        assert not runs.tb_button.isEnabled()  # "Starting TensorBoard…"
    url = started.args[0]
    assert opened == [url] and url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
    process = runs.server.process
    runs.shutdown()
    assert process.poll() is not None
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


def test_quitting_while_tensorboard_starts_leaves_no_process(qtbot, runs):
    pytest.importorskip("tensorboard")
    runs.open_url = lambda url: pytest.fail("the panel was shut down: nothing to open")
    runs.open_tensorboard()
    server = runs.server
    qtbot.waitUntil(lambda: server.process is not None, timeout=TIMEOUT_MS)
    runs.shutdown()
    qtbot.waitUntil(lambda: runs._tb_task is None, timeout=90000)
    assert server.process.poll() is not None
    assert getattr(runs, "message_box", None) is None  # stopping it is not an error to report


def test_missing_tensorboard_is_a_clear_message(qtbot, runs, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tensorboard" else real(name, *a))
    runs.open_url = lambda url: pytest.fail("nothing to open")
    runs.open_tensorboard()
    qtbot.waitUntil(lambda: getattr(runs, "message_box", None) is not None, timeout=TIMEOUT_MS)
    assert "pip install tensorboard" in runs.message_box.text()
    assert runs.tb_button.isEnabled()
    runs.message_box.close()
