"""Data sets: folder layouts, bad files skipped and counted, splits, built-in MNIST from IDX files."""

import pytest
import torch

from tests.helpers import make_shapes_folder, minimal_project_doc, write_mnist_idx
from workbench.core.data.datasets import compute_mean_std, prepare_data, stratified_split
from workbench.core.data.folders import find_class_root, scan_folder
from workbench.core.errors import DataError
from workbench.core.project.io import project_from_dict


def project(folder, **data):
    doc = minimal_project_doc(folder)
    doc["data"].update(data)
    return project_from_dict(doc)


def test_nested_primer_layout_is_found(tmp_path):
    make_shapes_folder(tmp_path / "hymenoptera_data" / "train", per_class=3, classes=("ants", "bees"))
    make_shapes_folder(tmp_path / "hymenoptera_data" / "val", per_class=2, classes=("ants", "bees"))
    assert find_class_root(tmp_path / "hymenoptera_data") == tmp_path / "hymenoptera_data" / "train"
    assert find_class_root(tmp_path) == tmp_path / "hymenoptera_data" / "train"  # a folder that only wraps it
    bundle = prepare_data(project(tmp_path / "hymenoptera_data"))
    assert bundle.classes == ["ants", "bees"]
    assert any("looks like a validation folder" in n for n in bundle.notes)


def test_bad_files_are_skipped_and_counted(tmp_path, shapes_folder):
    (shapes_folder / "circle" / "empty.png").write_bytes(b"")
    (shapes_folder / "circle" / "notes.txt").write_text("hello")
    (shapes_folder / "square" / "fake.jpg").write_bytes(b"this is not a jpeg at all")
    good = (shapes_folder / "square" / "square_000.png").read_bytes()
    (shapes_folder / "square" / "truncated.png").write_bytes(good[: len(good) // 2])
    bundle = prepare_data(project(shapes_folder))
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in bundle.skipped}
    assert set(reasons) == {"empty.png", "notes.txt", "fake.jpg", "truncated.png"}
    assert "0 bytes" in reasons["empty.png"] and "not an image" in reasons["fake.jpg"]
    assert bundle.summary()["skipped_count"] == 4
    assert sum(bundle.counts("train")) + sum(bundle.counts("val")) == 72


def test_empty_and_single_class_folders_are_clear_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no class sub-folders"):
        prepare_data(project(tmp_path / "empty"))
    make_shapes_folder(tmp_path / "one", per_class=4, classes=("only",))
    with pytest.raises(DataError, match="at least two"):
        prepare_data(project(tmp_path / "one"))
    with pytest.raises(DataError, match="does not exist"):
        prepare_data(project(tmp_path / "missing"))
    loose = tmp_path / "loose"
    make_shapes_folder(loose, per_class=2, classes=("a",))
    for f in (loose / "a").iterdir():
        f.rename(loose / f.name)
    (loose / "a").rmdir()
    with pytest.raises(DataError, match="not sorted into classes"):
        prepare_data(project(loose))


def test_symlink_loop_does_not_hang(tmp_path, shapes_folder):
    (shapes_folder / "circle" / "loop").symlink_to(shapes_folder / "circle")
    scan = scan_folder(shapes_folder)
    assert len(scan.samples) == 72


def test_stratified_split_is_seeded_and_keeps_every_class():
    labels = [0] * 10 + [1] * 30 + [2] * 2
    train, val = stratified_split(labels, 0.2, seed=3)
    assert stratified_split(labels, 0.2, seed=3) == (train, val)
    assert stratified_split(labels, 0.2, seed=4) != (train, val)
    assert sorted(train + val) == list(range(42))
    assert [sum(labels[i] == c for i in val) for c in range(3)] == [2, 6, 1]


def test_validation_folder(tmp_path):
    make_shapes_folder(tmp_path / "train", per_class=5)
    make_shapes_folder(tmp_path / "val", per_class=2, seed=1)
    bundle = prepare_data(project(tmp_path / "train", validation={"kind": "folder", "path": str(tmp_path / "val")}))
    assert bundle.counts("train") == [5, 5, 5] and bundle.counts("val") == [2, 2, 2]


def test_transforms_resize_grayscale_normalize_and_mean_std(shapes_folder):
    p = project(shapes_folder, transforms=[{"type": "Resize", "size": 8}, {"type": "Grayscale"},
                                           {"type": "ToTensor"}])
    bundle = prepare_data(p)
    assert bundle.input_shape == [1, 8, 8]
    mean, std = compute_mean_std(bundle)
    assert len(mean) == 1 and 0 < mean[0] < 1 and 0 < std[0] < 1
    p = project(shapes_folder, transforms=[{"type": "Resize", "size": 8}, {"type": "Grayscale"},
                                           {"type": "ToTensor"}, {"type": "Normalize", "mean": mean, "std": std}])
    bundle = prepare_data(p)
    xs = torch.stack([bundle.train[k][0] for k in range(len(bundle.train))])
    assert abs(float(xs.mean())) < 0.05 and abs(float(xs.std()) - 1) < 0.05


def test_missing_to_tensor_is_explained(shapes_folder):
    with pytest.raises(DataError, match="add ToTensor"):
        prepare_data(project(shapes_folder, transforms=[{"type": "Resize", "size": 8}]))


def test_torchvision_mnist_from_idx_files(tmp_path):
    write_mnist_idx(tmp_path / "data", n_train=40, n_test=20)
    doc = minimal_project_doc("unused")
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path / "data")},
                   "validation": {"kind": "builtin"}}
    bundle = prepare_data(project_from_dict(doc))
    assert bundle.classes[:2] == ["0 - zero", "1 - one"]
    assert bundle.input_shape == [1, 28, 28]
    assert len(bundle.train) == 40 and len(bundle.val) == 20


def test_missing_builtin_files_say_where(tmp_path):
    doc = minimal_project_doc("unused")
    doc["data"] = {"source": {"kind": "torchvision", "name": "CIFAR10", "root": str(tmp_path / "nowhere")}}
    with pytest.raises(DataError, match="CIFAR10 files not found under .*nowhere .*cifar-10-batches-py"):
        prepare_data(project_from_dict(doc))


def test_failed_download_is_one_clear_line(tmp_path, monkeypatch, capsys):
    import torchvision

    # A mirror that refuses at once, so the test means the same with or without a network.
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", ["http://127.0.0.1:9/"])
    doc = minimal_project_doc("unused")
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path), "download": True}}
    with pytest.raises(DataError) as e:
        prepare_data(project_from_dict(doc))
    assert str(e.value).startswith(f"could not download MNIST into {tmp_path} (")
    assert "\n" not in str(e.value)
    assert capsys.readouterr().out == ""  # progress went to stderr, not stdout
