"""Duplicates and train/validation leakage: planted exact and near copies are all found."""

from __future__ import annotations

import json
import random

from PIL import Image, ImageFilter

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from workbench.core.data.datasets import prepare_data
from workbench.core.data.duplicates import find_duplicates
from workbench.core.project.io import project_from_dict


def noise_image(seed: int, size: int = 48) -> Image.Image:
    rng = random.Random(seed)
    img = Image.new("RGB", (size, size))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size * size)])
    return img.filter(ImageFilter.GaussianBlur(3))  # a picture, not white noise: pHash sees its shapes


def test_planted_exact_and_near_duplicates_are_all_found_with_leakage_and_conflicts(tmp_path):
    folder = tmp_path / "pictures"
    for label in ("cat", "dog"):
        (folder / label).mkdir(parents=True)
        for i in range(15):
            noise_image(hash((label, i)) % 10**6).save(folder / label / f"{label}{i}.png")
    planted = []
    original = folder / "cat" / "cat0.png"
    (folder / "cat" / "cat0-copy.png").write_bytes(original.read_bytes())  # exact copy, same class
    planted.append({str(original), str(folder / "cat" / "cat0-copy.png")})
    near = Image.open(folder / "dog" / "dog3.png").resize((40, 40))  # resized, re-encoded as JPEG
    near.save(folder / "dog" / "dog3-small.jpg", quality=85)
    planted.append({str(folder / "dog" / "dog3.png"), str(folder / "dog" / "dog3-small.jpg")})
    Image.open(folder / "cat" / "cat5.png").save(folder / "dog" / "looks-like-cat5.png")  # conflicting label
    planted.append({str(folder / "cat" / "cat5.png"), str(folder / "dog" / "looks-like-cat5.png")})
    doc = minimal_project_doc(folder)
    doc["data"]["validation"] = {"kind": "split", "fraction": 0.5, "seed": 0}
    bundle = prepare_data(project_from_dict(doc))
    groups = find_duplicates(bundle)
    found = [set(g.paths) for g in groups]
    assert all(p in found for p in planted), found  # recall 3/3
    assert len(groups) == len(planted)  # nothing else taken for a copy
    by_paths = {frozenset(g.paths): g for g in groups}
    assert by_paths[frozenset(planted[0])].exact and not by_paths[frozenset(planted[1])].exact
    assert by_paths[frozenset(planted[2])].crosses_classes
    val = {bundle.val.source.samples[i][0] for i in bundle.val.indices}
    for g in groups:
        assert g.crosses_split == (any(p in val for p in g.paths) and any(p not in val for p in g.paths))


def test_the_cli_lists_the_groups(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=6, size=16)
    first = next((folder / "circle").glob("*.png"))
    (folder / "square" / "copied.png").write_bytes(first.read_bytes())
    (tmp_path / "p.wbproj").write_text(json.dumps(minimal_project_doc(folder)))
    out = run_cli("data", tmp_path / "p.wbproj", "--duplicates", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [str(first), str(folder / "square" / "copied.png")] in [sorted(g) for g in result["duplicates"]] or \
        any(set(g) >= {str(first), str(folder / "square" / "copied.png")} for g in result["duplicates"])
    text = run_cli("data", tmp_path / "p.wbproj", "--duplicates").stdout
    assert "CONFLICTING LABELS" in text
