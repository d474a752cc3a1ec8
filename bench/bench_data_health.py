"""Explain and clean, measured on generated data whose truth is known: the share of the attribution falling on
the patch that decides the class, the planted mislabelled images found by label-issues, the planted duplicates.

    python bench/bench_data_health.py [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.core.data.test_duplicates import noise_image  # noqa: E402
from tests.core.results.test_explain import PATCH, patch_image  # noqa: E402
from tests.helpers import make_shapes_folder, minimal_project_doc  # noqa: E402
from workbench.core.data.datasets import prepare_data  # noqa: E402
from workbench.core.data.duplicates import find_duplicates  # noqa: E402
from workbench.core.experiments.label_issues import find_label_issues  # noqa: E402
from workbench.core.project.io import project_from_dict  # noqa: E402
from workbench.core.results.explain import explain  # noqa: E402
from workbench.core.training.checkpoints import load_checkpoint  # noqa: E402
from workbench.core.training.engine import train  # noqa: E402


def attribution_on_patch(tmp: Path) -> dict:
    rng = random.Random(0)
    for side in ("left", "right"):
        (tmp / "patch" / side).mkdir(parents=True)
        for i in range(40):
            patch_image(rng, side)[0].save(tmp / "patch" / side / f"{i}.png")
    finished = train(project_from_dict(minimal_project_doc(tmp / "patch", epochs=6)), out_dir=tmp / "runs")
    ckpt = load_checkpoint(Path(finished.run_dir) / "best.pt")
    model = ckpt.build_model().eval()
    out = {}
    for method in ("integrated-gradients", "occlusion", "gradcam"):
        shares = []
        for i, side in enumerate(("left", "right") * 10):
            img, (x, y) = patch_image(rng, side)
            img.save(tmp / "probe.png")
            a = np.clip(explain(ckpt, tmp / "probe.png", method, model=model).attribution, 0, None)
            if a.sum() > 0:
                shares.append(float(a[max(0, y - 2):y + PATCH + 2, max(0, x - 2):x + PATCH + 2].sum() / a.sum()))
        out[method] = {"median_share_on_patch": float(np.median(shares)), "images": len(shares)}
    return out


def label_issue_recall(tmp: Path) -> dict:
    folder = make_shapes_folder(tmp / "shapes", per_class=30, size=16)
    planted = []
    for src, dst in (("circle", "square"), ("square", "triangle"), ("triangle", "circle")):
        for path in sorted((folder / src).glob(f"{src}_*.png"))[:2]:
            shutil.move(path, folder / dst / f"misfiled-{path.name}")
            planted.append(str(folder / dst / f"misfiled-{path.name}"))
    report = find_label_issues(project_from_dict(minimal_project_doc(folder, epochs=6)), 3, tmp / "folds")
    ranked = [i.path for i in report.issues]
    return {"planted": len(planted), "found_in_top_10": sum(p in ranked[:10] for p in planted),
            "found_anywhere": sum(p in ranked for p in planted), "flagged": len(ranked), "images": report.images}


def duplicate_recall(tmp: Path) -> dict:
    from PIL import Image

    folder = tmp / "pictures"
    for label in ("cat", "dog"):
        (folder / label).mkdir(parents=True)
        for i in range(40):
            noise_image(hash((label, i)) % 10**6).save(folder / label / f"{label}{i}.png")
    planted = []
    for i in range(5):
        src = folder / "cat" / f"cat{i}.png"
        (folder / "cat" / f"copy{i}.png").write_bytes(src.read_bytes())
        Image.open(folder / "dog" / f"dog{i}.png").resize((40, 40)).save(folder / "dog" / f"small{i}.jpg", quality=85)
        planted += [{str(src), str(folder / "cat" / f"copy{i}.png")},
                    {str(folder / "dog" / f"dog{i}.png"), str(folder / "dog" / f"small{i}.jpg")}]
    doc = minimal_project_doc(folder)
    groups = [set(g.paths) for g in find_duplicates(prepare_data(project_from_dict(doc)))]
    return {"planted": len(planted), "found": sum(p in groups for p in planted), "groups": len(groups)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        result = {"explain": attribution_on_patch(tmp / "e"), "label_issues": label_issue_recall(tmp / "l"),
                  "duplicates": duplicate_recall(tmp / "d")}
    print(json.dumps(result, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
