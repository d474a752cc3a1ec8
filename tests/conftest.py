"""Shared fixtures: tiny generated data sets and project documents. Nothing here reaches the network."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers import make_shapes_folder, minimal_project_doc  # noqa: E402


@pytest.fixture
def shapes_folder(tmp_path):
    """A learnable 3-class image folder: 24 images per class, 16×16 PNGs."""
    return make_shapes_folder(tmp_path / "shapes", per_class=24, size=16)


@pytest.fixture
def project_doc(shapes_folder):
    return minimal_project_doc(shapes_folder)
