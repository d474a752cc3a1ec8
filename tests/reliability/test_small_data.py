"""Tiny data sets said plainly: in `workbench data` and when training starts (the Data tab: tests/gui/panels)."""

from __future__ import annotations

import json

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from workbench.core.project.io import project_from_dict
from workbench.core.training.engine import train
from workbench.core.training.events import RunWarning


def one_image_per_class(tmp_path):
    folder = make_shapes_folder(tmp_path / "tiny", per_class=1, size=16)
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["validation"] = {"kind": "split", "fraction": 0.2, "seed": 0}
    return doc


def test_the_probe_one_image_per_class_is_warned_about_in_data_and_training(tmp_path):
    doc = one_image_per_class(tmp_path)
    (tmp_path / "tiny.wbproj").write_text(json.dumps(doc))
    out = run_cli("data", tmp_path / "tiny.wbproj")
    assert out.returncode == 0
    for name in ("circle", "square", "triangle"):
        assert f"warning: class {name} has no validation images: its accuracy is not measured" in out.stdout
        assert f"warning: class {name} has only 1 image: too few" in out.stdout
    summary = json.loads(run_cli("data", tmp_path / "tiny.wbproj", "--json").stdout)
    assert len(summary["warnings"]) == 6
    seen = []
    finished = train(project_from_dict(doc), listeners=[seen.append], out_dir=tmp_path / "runs")
    warned = [e.message for e in seen if isinstance(e, RunWarning)]
    assert finished.reason == "completed" and any("no validation images" in w for w in warned)


def test_a_class_only_in_validation_and_a_validation_set_under_one_batch(tmp_path):
    train_dir = make_shapes_folder(tmp_path / "set" / "train", per_class=8, size=16, classes=["circle", "square"])
    (train_dir / "triangle").mkdir()
    val_dir = make_shapes_folder(tmp_path / "set" / "val", per_class=2, size=16)
    doc = minimal_project_doc(train_dir, epochs=1)
    doc["data"]["validation"] = {"kind": "folder", "path": str(val_dir)}
    (tmp_path / "p.wbproj").write_text(json.dumps(doc))
    out = run_cli("data", tmp_path / "p.wbproj")
    assert "warning: class triangle has no training images (2 in validation): the model cannot learn it" in out.stdout
    assert "warning: the validation set (6 images) is smaller than one batch (16)" in out.stdout
