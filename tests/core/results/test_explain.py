"""Where the model looks: on images whose class is decided by where a small bright patch sits (left or right
half), the attribution mass falls on the patch; files and the CLI as documented."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.helpers import minimal_project_doc, run_cli
from workbench.core.project.io import project_from_dict
from workbench.core.results.explain import explain
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train

SIZE, PATCH = 24, 5


def patch_image(rng: random.Random, side: str) -> tuple[Image.Image, tuple[int, int]]:
    img = Image.new("RGB", (SIZE, SIZE))
    img.putdata([(v, v, v) for v in (rng.randrange(60) for _ in range(SIZE * SIZE))])  # dark noise
    x = rng.randrange(1, SIZE // 2 - PATCH) + (SIZE // 2 if side == "right" else 0)
    y = rng.randrange(1, SIZE - PATCH - 1)
    img.paste((255, 255, 255), (x, y, x + PATCH, y + PATCH))
    return img, (x, y)


@pytest.fixture(scope="module")
def patch_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("patches")
    rng = random.Random(0)
    for side in ("left", "right"):
        (root / "data" / side).mkdir(parents=True)
        for i in range(40):
            patch_image(rng, side)[0].save(root / "data" / side / f"{i}.png")
    doc = minimal_project_doc(root / "data", epochs=6)
    finished = train(project_from_dict(doc), out_dir=root / "runs")
    assert finished.metrics["val_accuracy"] == 1.0
    return load_checkpoint(Path(finished.run_dir) / "best.pt"), root


@pytest.mark.parametrize("method", ["integrated-gradients", "occlusion"])
def test_the_attribution_mass_falls_on_the_patch(patch_model, method):
    ckpt, root = patch_model
    rng = random.Random(123)
    model = ckpt.build_model().eval()
    shares = []
    for i, side in enumerate(("left", "right") * 3):
        img, (x, y) = patch_image(rng, side)
        path = root / f"probe-{method}-{i}.png"
        img.save(path)
        e = explain(ckpt, path, method, model=model)
        assert e.attribution.shape == (SIZE, SIZE) and e.predicted == side
        a = np.clip(e.attribution, 0, None)
        shares.append(a[max(0, y - 2):y + PATCH + 2, max(0, x - 2):x + PATCH + 2].sum() / a.sum())
    assert np.median(shares) > 0.5, shares  # the patch and a 2-pixel rim are 15 % of the image


def test_gradcam_points_at_the_half_with_the_patch(patch_model):
    # Grad-CAM sees the last convolution's coarse grid: the half of the image is what it can tell apart.
    ckpt, root = patch_model
    rng = random.Random(7)
    model = ckpt.build_model().eval()
    shares = []
    for i, side in enumerate(("left", "right") * 4):
        img, _ = patch_image(rng, side)
        path = root / f"probe-gradcam-{i}.png"
        img.save(path)
        a = np.clip(explain(ckpt, path, "gradcam", model=model).attribution, 0, None)
        if a.sum() > 0:  # an all-zero map: no positive evidence in the last convolution for that class
            half = a[:, : SIZE // 2] if side == "left" else a[:, SIZE // 2:]
            shares.append(half.sum() / a.sum())
    assert len(shares) >= 4 and np.median(shares) > 0.6, shares


def test_the_cli_writes_a_png_and_an_npy_per_image_at_the_images_size(patch_model, tmp_path):
    ckpt, root = patch_model
    img, _ = patch_image(random.Random(5), "left")
    img.resize((48, 48)).save(tmp_path / "big.png")  # explained at its own size, not the model's
    out = run_cli("explain", ckpt.path, tmp_path / "big.png", "--method", "integrated-gradients", "--out",
                  tmp_path / "out", "--target", "right", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)["images"][0]
    assert result["target"] == "right" and result["method"] == "integrated-gradients"
    assert np.load(tmp_path / "out" / "big.integrated-gradients.npy").shape == (48, 48)
    assert Image.open(tmp_path / "out" / "big.integrated-gradients.png").size == (48, 48)
    bad = run_cli("explain", ckpt.path, tmp_path / "big.png", "--out", tmp_path / "out", "--target", "up")
    assert bad.returncode == 2 and "not one of the classes" in bad.stderr


def test_a_model_without_convolutions_falls_back_from_gradcam_saying_so(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["model"]["layers"] = [{"type": "Flatten"}, {"type": "Linear", "out_features": 16}, {"type": "ReLU"},
                              {"type": "Linear"}]
    finished = train(project_from_dict(doc), out_dir=tmp_path / "runs")
    ckpt = load_checkpoint(Path(finished.run_dir) / "best.pt")
    e = explain(ckpt, next(Path(shapes_folder).rglob("*.png")), "gradcam")
    assert e.method == "integrated-gradients" and "no convolution" in e.notes[0]
