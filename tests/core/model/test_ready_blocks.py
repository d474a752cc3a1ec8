"""Ready blocks expand into plain project entries that run; the block templates train from scratch."""

from pathlib import Path

import pytest

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.catalogs.blocks import READY_BLOCKS
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.errors import ProjectError
from workbench.core.model.builder import plan_model
from workbench.core.project.io import model_from_dict, project_from_dict

STEM = {"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}
HEAD = [{"type": "AdaptiveAvgPool2d"}, {"type": "Flatten"}, {"type": "Linear"}]


@pytest.mark.parametrize("name", sorted(READY_BLOCKS))
def test_each_ready_block_with_its_defaults_runs_after_a_32_channel_layer(name):
    entries = READY_BLOCKS[name].expand()
    assert entries[0]["type"] in ("Residual", "Branches")
    plan = plan_model(model_from_dict({"layers": [STEM, *entries, *HEAD]}), [3, 16, 16], 4)
    assert plan.error is None, plan.error
    assert plan.layers[1].params > 0 and plan.layers[1].inner()


def test_ready_block_arguments_shape_what_it_expands_to():
    strided = READY_BLOCKS["basic-residual"].expand({"channels": 64, "stride": 2})
    assert strided[0]["shortcut"][0] == {"type": "Conv2d", "out_channels": 64, "kernel_size": 1, "padding": 0,
                                         "bias": False, "stride": 2}
    plan = plan_model(model_from_dict({"layers": [STEM, *strided, *HEAD]}), [3, 16, 16], 4)
    assert plan.layers[1].output_shape == [64, 8, 8]
    # Widening without a projection: the table says what to add.
    wider = READY_BLOCKS["basic-residual"].expand({"channels": 64})
    error = plan_model(model_from_dict({"layers": [STEM, *wider, *HEAD]}), [3, 16, 16], 4).error
    assert "give the block a shortcut of a 1×1 Conv2d with out_channels=64 and stride=1" in str(error)
    down = READY_BLOCKS["inverted-residual"].expand({"channels": 24, "stride": 2})
    assert down[0]["type"] == "Conv2d"  # strided: no input to add back, so no Residual
    depthwise = next(e for e in down if e.get("groups"))
    assert depthwise == {"type": "Conv2d", "out_channels": 64, "kernel_size": 3, "padding": 1, "bias": False,
                         "stride": 2, "groups": 64}
    with pytest.raises(ProjectError, match="^inception.out_3x3: expected a positive integer, got 0"):
        READY_BLOCKS["inception"].expand({"out_3x3": 0})


@pytest.mark.parametrize("name", ["resnet8", "mobilenet-small"])
def test_block_templates_train_a_tiny_epoch_from_scratch(tmp_path, name):
    from workbench.core.training.engine import train

    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=6, size=16), epochs=1)
    doc["model"] = TEMPLATES[name].model
    finished = train(project_from_dict(doc), out_dir=tmp_path / "runs")
    assert (finished.reason, finished.epochs_done) == ("completed", 1)
    assert finished.metrics["train_loss"] > 0 and 0 <= finished.metrics["val_accuracy"] <= 1
    assert (Path(finished.run_dir) / "model.pth").exists()
