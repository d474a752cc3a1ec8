"""Memory before it is spent: summary estimates what a training step needs, and train refuses what cannot fit."""

from __future__ import annotations

import json

import pytest

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from workbench.core.errors import NotEnoughMemory
from workbench.core.model.builder import plan_model
from workbench.core.model.memory import estimate_training_memory
from workbench.core.project.io import project_from_dict
from workbench.core.training.engine import train


def huge(tmp_path, width=40_000_000):
    """Flatten -> Linear(width) -> Linear on 16x16 RGB: 30 billion parameters at the default width."""
    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=4, size=16), epochs=1)
    doc["model"]["layers"] = [{"type": "Flatten"}, {"type": "Linear", "out_features": width}, {"type": "Linear"}]
    return doc


def test_the_estimate_counts_weights_gradients_adam_and_a_batch(tmp_path):
    doc = huge(tmp_path, width=1000)
    project = project_from_dict(doc)
    plan = plan_model(project, [3, 16, 16], 3)
    estimate = estimate_training_memory(plan, project)
    params = 768 * 1000 + 1000 + 1000 * 3 + 3
    assert estimate.weights == estimate.gradients == 4 * params
    assert estimate.optimizer == (2 + 1) * 4 * params  # Adam keeps two, and its step makes one more while it runs
    assert estimate.activations == 16 * 4 * (768 + 768 + 1000 + 3 + 2 * 1000)
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.1}
    assert estimate_training_memory(plan, project_from_dict(doc)).optimizer == 4 * params  # plain SGD: the step's


def test_summary_warns_and_train_refuses_a_model_that_cannot_fit(tmp_path):
    (tmp_path / "huge.wbproj").write_text(json.dumps(huge(tmp_path)))
    out = run_cli("summary", tmp_path / "huge.wbproj")
    assert out.returncode == 0
    assert "Memory: about 582.34 GB to train (weights 115.04 GB" in out.stdout and "free" in out.stdout
    assert "warning: the training step needs about" in out.stdout and "lower data.loader.batch_size" in out.stdout
    memory = json.loads(run_cli("summary", tmp_path / "huge.wbproj", "--json").stdout)["memory"]
    assert not memory["fits"] and memory["total"] > memory["available"]
    refused = run_cli("train", tmp_path / "huge.wbproj")
    assert refused.returncode == 2 and "--no-memory-check starts it anyway" in refused.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())  # nothing started
    with pytest.raises(NotEnoughMemory):
        train(project_from_dict(huge(tmp_path)), out_dir=tmp_path / "runs")
