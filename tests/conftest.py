"""Shared fixtures: tiny generated data sets and project documents. Nothing here reaches the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Core's messages follow the locale (workbench.core.i18n): the tests read them in English, whatever the machine's
# locale; a test that wants another language sets it (and the processes it starts are told with this variable).
os.environ["WORKBENCH_LANGUAGE"] = "en"
# Pretrained weights missing from the (temporary) torchvision cache are reported, never downloaded.
os.environ["WORKBENCH_OFFLINE"] = "1"

from tests.helpers import make_shapes_folder, minimal_project_doc  # noqa: E402


@pytest.fixture
def shapes_folder(tmp_path):
    """A learnable 3-class image folder: 24 images per class, 16×16 PNGs."""
    return make_shapes_folder(tmp_path / "shapes", per_class=24, size=16)


@pytest.fixture
def project_doc(shapes_folder):
    return minimal_project_doc(shapes_folder)


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory):
    """One short training run shared by the evaluate/predict/export tests: (run_dir, data folder)."""
    from workbench.core.project.io import project_from_dict
    from workbench.core.training.engine import train

    root = tmp_path_factory.mktemp("trained")
    folder = make_shapes_folder(root / "shapes", per_class=24, size=16)
    doc = minimal_project_doc(folder, epochs=3)
    doc["model"]["layers"].insert(1, {"type": "BatchNorm2d"})
    doc["data"]["transforms"].append({"type": "Normalize", "mean": [0.3, 0.3, 0.3], "std": [0.3, 0.3, 0.3]})
    finished = train(project_from_dict(doc), out_dir=root / "runs")
    return Path(finished.run_dir), folder
