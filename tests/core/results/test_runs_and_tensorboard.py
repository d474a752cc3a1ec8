"""The Runs list read back from run directories, deleting to the trash, and a local TensorBoard."""

import os
import urllib.request

import pytest

from tests.helpers import minimal_project_doc
from workbench.core.errors import WorkbenchError
from workbench.core.project.io import project_from_dict
from workbench.core.results.run_index import delete_run, list_runs
from workbench.core.results.tensorboard_server import TensorBoardServer
from workbench.core.training.engine import train


def test_runs_are_listed_newest_first_with_their_numbers(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=2)
    a = train(project_from_dict(doc), out_dir=tmp_path / "runs")
    b = train(project_from_dict(doc), out_dir=tmp_path / "runs", epochs=1)
    (tmp_path / "runs" / "not-a-run").mkdir()
    runs = list_runs(tmp_path / "runs")
    assert [str(r.path) for r in runs] == [b.run_dir, a.run_dir]
    assert [r.epochs for r in runs] == [1, 2]
    assert runs[1].best_val_accuracy == max(h["val_accuracy"] for h in runs[1].history)
    assert runs[1].duration_s > 0 and runs[1].has_model and runs[1].name == "shapes"


def test_delete_moves_to_the_trash_and_refuses_other_folders(tmp_path, shapes_folder, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    run = train(project_from_dict(minimal_project_doc(shapes_folder, epochs=1)), out_dir=tmp_path / "runs")
    delete_run(run.run_dir)
    assert not os.path.exists(run.run_dir)
    trashed = list((tmp_path / "share" / "Trash" / "files").iterdir())
    assert [t.name for t in trashed] == [os.path.basename(run.run_dir)]
    info = (tmp_path / "share" / "Trash" / "info" / f"{trashed[0].name}.trashinfo").read_text()
    assert info.startswith("[Trash Info]\nPath=/") and "DeletionDate=" in info
    with pytest.raises(WorkbenchError, match="not a run directory"):
        delete_run(shapes_folder)
    assert shapes_folder.exists()


def test_tensorboard_starts_on_loopback_and_is_gone_after_stop(tmp_path):
    server = TensorBoardServer(tmp_path / "runs")
    url = server.start()
    try:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()
    assert server.process.poll() is not None
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)
