"""Residual and Branches blocks: reading, planning through them, building, and the messages naming a nested layer."""

import pytest
import torch

from tests.helpers import minimal_project_doc
from workbench.core.errors import ModelError, ProjectError
from workbench.core.model.builder import build_model, plan_model
from workbench.core.project.io import model_from_dict, project_from_dict, project_to_dict

CONV = {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1}


def model(*layers, shape=None):
    return model_from_dict({"input_shape": shape, "layers": list(layers)})


def head(*layers):
    return [*layers, {"type": "AdaptiveAvgPool2d"}, {"type": "Flatten"}, {"type": "Linear"}]


RESIDUAL_DOWN = {"type": "Residual",
                 "layers": [{**CONV, "out_channels": 16, "stride": 2}, {"type": "BatchNorm2d"}, {"type": "ReLU"}],
                 "shortcut": [{"type": "Conv2d", "out_channels": 16, "kernel_size": 1, "stride": 2},
                              {"type": "BatchNorm2d"}]}
INCEPTION = {"type": "Branches", "merge": "concat", "branches": [
    [{"type": "Conv2d", "out_channels": 4, "kernel_size": 1}],
    [{"type": "Conv2d", "out_channels": 4, "kernel_size": 1}, {**CONV, "out_channels": 6}],
    [{"type": "MaxPool2d", "kernel_size": 3, "stride": 1, "padding": 1}]]}


def test_a_model_with_blocks_plans_builds_and_its_state_dict_keys_follow_the_nesting():
    m = model(*head(CONV, RESIDUAL_DOWN, INCEPTION))
    plan = plan_model(m, [3, 16, 16], 5)
    assert plan.error is None
    block = plan.layers[1]
    assert block.type == "Residual" and block.output_shape == [16, 8, 8]
    assert [r.position for r in block.inner()] == [(1, "layers", 0), (1, "layers", 1), (1, "layers", 2),
                                                  (1, "shortcut", 0), (1, "shortcut", 1)]
    # concatenated: 4 + 6 channels from the convolutions and the 16 the pooling branch passes on
    assert plan.layers[2].output_shape == [4 + 6 + 16, 8, 8]
    net = build_model(m, [3, 16, 16], 5)
    keys = set(net.state_dict())
    assert {"1.layers.0.weight", "1.shortcut.0.weight", "1.shortcut.1.running_mean", "2.branches.0.0.weight",
            "2.branches.1.1.weight", "5.weight"} <= keys
    assert sum(p.numel() for p in net.parameters()) == plan.total_params == block.params + sum(
        r.params for r in plan.layers if r is not block)
    net.eval()
    assert net(torch.rand(2, 3, 16, 16)).shape == (2, 5)


def test_a_residual_without_shortcut_adds_its_input_and_input_sizes_are_inferred_inside():
    block = {"type": "Residual", "layers": [CONV, {"type": "BatchNorm2d"}, {"type": "ReLU"}, CONV]}
    m = model(*head(CONV, block))
    plan = plan_model(m, [3, 8, 8], 2)
    assert plan.error is None
    assert plan.layers[1].inner()[0].kwargs["in_channels"] == 8
    net = build_model(m, [3, 8, 8], 2).eval()
    x = torch.rand(1, 8, 8, 8)
    assert torch.allclose(net[1](x), net[1].layers(x) + x)


def test_a_layer_that_cannot_run_inside_a_block_is_named_in_words_and_by_path():
    bad = {"type": "Branches", "branches": [[CONV], [{"type": "Conv2d", "out_channels": 8, "groups": 3}]]}
    plan = plan_model(model(CONV, CONV, {"type": "ReLU"}, bad), [3, 8, 8], None)
    error = plan.error
    assert error.index == 3 and error.position == (3, "branches", 1, 0)
    assert error.path == "model.layers[3].branches[1][0]"
    assert str(error).startswith("block 3 › branch 2 › layer 1 (Conv2d), model.layers[3].branches[1][0]: groups=3 "
                                 "must divide both the input channels (8) and out_channels (8)")
    nested = {"type": "Residual", "layers": [
        {"type": "Branches", "branches": [[], [{"type": "Flatten"}, {"type": "BatchNorm2d"}]]}]}
    error = plan_model(model(nested), [3, 8, 8], None).error
    assert str(error).startswith("block 0 › block 1 › branch 2 › layer 2 (BatchNorm2d), "
                                 "model.layers[0].layers[0].branches[1][1]: BatchNorm2d needs an image-shaped input")


def test_nested_positions_read_in_plain_words():
    from workbench.core.errors import layer_path, layer_words

    assert layer_words((3, "branches", 1, 0), "Conv2d") == "block 3 › branch 2 › layer 1 (Conv2d)"
    assert layer_words((2, "shortcut", 0)) == "block 2 › shortcut › layer 1"
    assert layer_words((0, "layers", 1, "branches", 0, 2)) == "block 0 › block 2 › branch 1 › layer 3"
    assert layer_path((0, "layers", 1, "branches", 0, 2)) == "model.layers[0].layers[1].branches[0][2]"


def test_shapes_that_cannot_be_added_or_concatenated_say_which_and_how_to_fix_it():
    down = {"type": "Residual", "layers": [{**CONV, "out_channels": 16, "stride": 2}]}
    error = plan_model(model(CONV, down), [3, 8, 8], None).error
    assert str(error) == ("model.layers[1] (Residual): its main path outputs (16, 4, 4) but its shortcut gives (8, 8, 8); "
                          "the two are added, so they must be the same shape: give the block a shortcut of a 1×1 "
                          "Conv2d with out_channels=16 and stride=2 (and a BatchNorm2d)")
    added = {"type": "Branches", "merge": "add", "branches": [[CONV], [{**CONV, "out_channels": 4}]]}
    assert "branch 2 outputs (4, 8, 8) but branch 1 outputs (8, 8, 8): added branches must have the same shape" in \
        str(plan_model(model(added), [3, 8, 8], None).error)
    concat = {"type": "Branches", "branches": [[CONV], [{**CONV, "padding": 0}]]}
    assert "concatenated branches must keep the same height and width" in \
        str(plan_model(model(concat), [3, 8, 8], None).error)


def test_depthwise_separable_convolution_and_group_norm():
    separable = [CONV, {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1, "groups": 8},
                 {"type": "Conv2d", "out_channels": 16, "kernel_size": 1}, {"type": "GroupNorm", "num_groups": 4}]
    plan = plan_model(model(*head(*separable)), [3, 8, 8], 2)
    assert plan.error is None
    assert plan.layers[1].params == 8 * 9 + 8  # one 3×3 filter per channel
    bad = plan_model(model(CONV, {"type": "GroupNorm", "num_groups": 3}), [3, 8, 8], None).error
    assert str(bad) == "model.layers[1] (GroupNorm): num_groups=3 must divide the 8 channels it receives"


def test_layer_norm_2d_normalises_each_pixel_over_its_channels():
    net = build_model(model(*head(CONV, {"type": "LayerNorm2d"})), [3, 6, 6], 2)
    x = torch.randn(2, 8, 6, 6)
    expected = torch.nn.functional.layer_norm(x.permute(0, 2, 3, 1), (8,), eps=1e-6).permute(0, 3, 1, 2)
    assert torch.allclose(net[1](x), expected, atol=1e-5)


def test_advice_looks_inside_blocks():
    block = {"type": "Residual", "layers": [{"type": "Linear", "out_features": 4}, {"type": "Linear",
                                                                                    "out_features": 4}]}
    plan = plan_model(model({"type": "Flatten"}, {"type": "Linear", "out_features": 4}, block), [1, 2, 2], None)
    assert [str(a) for a in plan.advice] == [
        "model.layers[2].layers[1]: layers 0 and 1 are two Linear layers with no activation between them: together "
        "they are just one Linear — add a ReLU"]


def test_the_project_file_keeps_blocks_and_names_a_nested_mistake_by_path(tmp_path):
    doc = minimal_project_doc(tmp_path)
    doc["model"] = {"input_shape": [3, 16, 16], "layers": head(CONV, RESIDUAL_DOWN, INCEPTION)}
    p = project_from_dict(doc)
    assert project_to_dict(p)["model"]["layers"][1:3] == [RESIDUAL_DOWN, INCEPTION]
    assert project_from_dict(project_to_dict(p)) == p
    broken = {**INCEPTION, "branches": [[CONV], [{"type": "Conv2d", "kernel_size": -1, "out_channels": 2}]]}
    doc["model"]["layers"][2] = broken
    with pytest.raises(ProjectError, match=r"^model\.layers\[2\]\.branches\[1\]\[0\]\.kernel_size: expected"):
        project_from_dict(doc)
    for block, message in (({"type": "Residual"}, r"model\.layers\[2\]\.layers: is required"),
                           ({"type": "Branches", "branches": []},
                            r"model\.layers\[2\]\.branches: expected a non-empty"),
                           ({"type": "Branches", "merge": "max", "branches": [[]]}, r"model\.layers\[2\]\.merge"),
                           ({"type": "Residual", "layers": {}}, r"model\.layers\[2\]\.layers: expected a list")):
        doc["model"]["layers"][2] = block
        with pytest.raises(ProjectError, match=message):
            project_from_dict(doc)


def test_build_model_raises_the_nested_error():
    with pytest.raises(ModelError, match="branch 2"):
        build_model(model({"type": "Branches", "branches": [[CONV], [{**CONV, "stride": 2}]]}), [3, 8, 8], None)
