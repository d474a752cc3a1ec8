"""Likely label errors: planted wrong labels in a generated folder are ranked near the top."""

from __future__ import annotations

import json
import shutil

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli


def test_planted_wrong_labels_are_found_near_the_top(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=30, size=16)
    planted = []
    for src, dst, n in (("circle", "square", 2), ("square", "triangle", 2), ("triangle", "circle", 2)):
        for path in sorted((folder / src).glob(f"{src}_*.png"))[:n]:  # a student's slip: filed under the wrong class
            target = folder / dst / f"misfiled-{path.name}"
            shutil.move(path, target)
            planted.append(str(target))
    doc = minimal_project_doc(folder, epochs=6)
    (tmp_path / "p.wbproj").write_text(json.dumps(doc))
    out = run_cli("label-issues", tmp_path / "p.wbproj", "--folds", 3, "--out", tmp_path / "folds", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["images"] == 90 and len(report["run_dirs"]) == 3
    top = [i["path"] for i in report["issues"][:10]]
    found = [p for p in planted if p in top]
    assert len(found) >= 4, (found, report["issues"][:10])  # most of the 6 planted, within the top 10
    by_path = {i["path"]: i for i in report["issues"]}
    assert all(by_path[p]["suggested"] != by_path[p]["given"] for p in found)
    assert 0 < report["estimated_share"] < 0.3
