"""The built-in demo data: drawn locally on first use, complete or not at all, and a valid starter project."""

from workbench.core.data.datasets import prepare_data
from workbench.core.project.starter import DEMO_CLASSES, ensure_demo_data, starter_project
from workbench.core.storage.paths import user_data_dir


def test_demo_folder_has_one_subfolder_per_shape_with_pngs(tmp_path):
    folder = ensure_demo_data(tmp_path, per_class=5, size=24)
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(DEMO_CLASSES)
    assert all(len(list((folder / k).glob("*.png"))) == 5 for k in DEMO_CLASSES)


def test_second_call_reuses_the_folder_and_a_half_made_one_is_redrawn(tmp_path):
    folder = ensure_demo_data(tmp_path, per_class=3, size=16)
    stamp = (folder / "circle" / "circle_000.png").stat().st_mtime_ns
    assert ensure_demo_data(tmp_path, per_class=3, size=16) == folder
    assert (folder / "circle" / "circle_000.png").stat().st_mtime_ns == stamp
    (folder / ".complete").unlink()  # as if a crash interrupted the first drawing
    ensure_demo_data(tmp_path, per_class=3, size=16)
    assert (folder / ".complete").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_starter_project_opens_its_data(tmp_path):
    project = starter_project(tmp_path)
    bundle = prepare_data(project)
    assert bundle.classes == sorted(DEMO_CLASSES)
    assert bundle.input_shape == [3, 32, 32]
    assert sum(bundle.counts("train")) + sum(bundle.counts("val")) == 4 * 200


def test_user_data_dir_honours_the_override(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "wb"))
    assert user_data_dir() == tmp_path / "wb"
