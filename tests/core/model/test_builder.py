"""Model building and shape inference: the primer's nets, inferred sizes, errors a beginner can act on."""

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn

from tests.core.project.test_project import layer_docs
from workbench.core.catalogs.layers import LAYERS, starting_args
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.errors import ModelError
from workbench.core.model.builder import build_model, plan_model
from workbench.core.project.io import model_from_dict


def model(*layers, input_shape=None):
    return model_from_dict({"input_shape": input_shape, "layers": list(layers)})


def test_primer_mnist_net():
    m = model_from_dict(TEMPLATES["primer-mnist"].model)
    plan = plan_model(m, [1, 28, 28], 10)
    assert plan.error is None
    assert plan.output_shape == [10]
    assert plan.total_params == 3_274_634
    net = build_model(m, [1, 28, 28], 10)
    assert isinstance(net, nn.Sequential)
    assert net(torch.rand(5, 1, 28, 28)).shape == (5, 10)


def test_primer_cifar10_net_and_state_dict_loads_into_hand_written_sequential():
    m = model_from_dict(TEMPLATES["primer-cifar10"].model)
    plan = plan_model(m, [3, 32, 32], 10)
    assert plan.total_params == 145_578
    net = build_model(m, [3, 32, 32], 10)
    # The primer's own code, typed by hand:
    by_hand = nn.Sequential(
        nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2), nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.Linear(64, 10))
    by_hand.load_state_dict(net.state_dict())
    x = torch.rand(2, 3, 32, 32)
    assert torch.equal(by_hand(x), net(x))


def test_input_sizes_are_inferred_and_last_linear_gets_the_classes():
    m = model({"type": "Conv2d", "out_channels": 4}, {"type": "BatchNorm2d"}, {"type": "Flatten"},
              {"type": "Linear", "out_features": 7}, {"type": "BatchNorm1d"}, {"type": "Linear"})
    plan = plan_model(m, [3, 8, 8], 5)
    assert [lp.output_shape for lp in plan.layers] == [[4, 6, 6], [4, 6, 6], [144], [7], [7], [5]]
    assert plan.layers[0].kwargs["in_channels"] == 3
    assert plan.layers[1].kwargs["num_features"] == 4
    assert plan.layers[3].kwargs["in_features"] == 144
    assert plan.layers[5].kwargs == {"in_features": 7, "out_features": 5, "bias": True}


def test_linear_size_mismatch_names_the_layer_and_the_flatten():
    m = model({"type": "Conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1}, {"type": "MaxPool2d"},
              {"type": "Flatten"}, {"type": "Linear", "in_features": 3136, "out_features": 10})
    plan = plan_model(m, [1, 16, 16], 10)
    assert plan.error.index == 3 and plan.error.layer_type == "Linear"
    assert "Linear expects 3136 input features but receives 1024 — check the Flatten above it" in str(plan.error)
    assert str(plan.error).startswith("model.layers[3] (Linear): ")
    assert len(plan.layers) == 3  # the rows before the break still have their shapes
    with pytest.raises(ModelError):
        build_model(m, [1, 16, 16], 10)


def test_conv_channel_mismatch_and_conv_after_flatten():
    plan = plan_model(model({"type": "Conv2d", "in_channels": 3, "out_channels": 4}), [1, 8, 8], None)
    assert "expects 3 input channels but receives 1" in str(plan.error)
    plan = plan_model(model({"type": "Flatten"}, {"type": "Conv2d", "out_channels": 4}), [1, 8, 8], None)
    assert plan.error.index == 1 and "needs an image-shaped input" in str(plan.error)


def test_image_that_shrinks_too_much():
    layers = [{"type": "MaxPool2d", "kernel_size": 2}] * 4
    plan = plan_model(model(*layers), [1, 8, 8], None)
    assert plan.error.index == 3
    assert "window does not fit the 1×1 input" in str(plan.error)


def test_output_must_match_the_classes():
    plan = plan_model(model({"type": "Flatten"}, {"type": "Linear", "out_features": 4}), [1, 4, 4], 3)
    assert "ends with 4 outputs but the data has 3 classes" in str(plan.error)
    plan = plan_model(model({"type": "Conv2d", "out_channels": 3}), [1, 4, 4], 3)
    assert "one score per class" in str(plan.error)


def test_only_the_last_linear_may_leave_out_features_empty():
    plan = plan_model(model({"type": "Flatten"}, {"type": "Linear"}, {"type": "ReLU"}, {"type": "Linear"}),
                      [1, 4, 4], 3)
    assert plan.error.index == 1 and "out_features is required" in str(plan.error)


def test_advice():
    mnist = plan_model(model_from_dict(TEMPLATES["primer-mnist"].model), [1, 28, 28], 10, loss="CrossEntropyLoss")
    assert any("Softmax before CrossEntropyLoss" in str(a) and a.index == 9 for a in mnist.advice)
    cifar = plan_model(model_from_dict(TEMPLATES["primer-cifar10"].model), [3, 32, 32], 10)
    assert any(a.index == 8 and "no activation between them" in a.message for a in cifar.advice)
    no_flatten = plan_model(model({"type": "Conv2d", "out_channels": 2}, {"type": "Linear", "out_features": 3}),
                            [1, 5, 5], None)
    assert any("add a Flatten" in a.message for a in no_flatten.advice)
    tiny = plan_model(model({"type": "MaxPool2d", "kernel_size": 4}, {"type": "Conv2d", "out_channels": 2,
                                                                        "kernel_size": 1}), [1, 4, 4], None)
    assert any("down to 1×1" in a.message for a in tiny.advice)
    relu_between = plan_model(model({"type": "Flatten"}, {"type": "Linear", "out_features": 4}, {"type": "ReLU"},
                                    {"type": "Linear"}), [1, 2, 2], 3, loss="CrossEntropyLoss")
    assert relu_between.advice == []


def test_every_template_plans_and_builds_small():
    for t in TEMPLATES.values():
        if "base" in t.model:
            continue
        m = model_from_dict(t.model)
        shape = m.input_shape or [3, 32, 32]
        plan = plan_model(m, shape, 10)
        assert plan.error is None, (t.name, plan.error)
        net = build_model(m, shape, 10)
        assert net(torch.rand(2, *shape)).shape == (2, 10)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(layer_docs(), min_size=1, max_size=6),
       st.sampled_from([[1, 8, 8], [3, 16, 16], [2, 5, 7], [1, 1, 1]]), st.sampled_from([None, 2, 10]))
def test_random_stacks_raise_only_model_error(layers, shape, classes):
    m = model(*layers)
    plan = plan_model(m, shape, classes)
    if plan.error is None:
        net = build_model(m, shape, classes)
        net.eval()
        out = net(torch.rand(2, *shape))
        assert list(out.shape[1:]) == plan.output_shape
        assert sum(p.numel() for p in net.parameters()) == plan.total_params
    else:
        assert isinstance(plan.error, ModelError)
        with pytest.raises(ModelError):
            build_model(m, shape, classes)


PYTHON_INTERNALS = ("NoneType", "operand", "object has no", "Traceback", "<class", "argument of type", "not iterable",
                    "takes ", "positional argument", "unexpected keyword")


@pytest.mark.parametrize("shape", [[1, 28, 28], [3, 32, 32]])
@pytest.mark.parametrize("name", list(LAYERS))
def test_every_palette_entry_with_its_starting_arguments_gives_a_shape_or_plain_words(name, shape):
    """What a new layer holds is what its form shows; alone in a fresh model it either runs or says why in words
    a user can act on — never Python's own error text."""
    from workbench.core.model.builder import plan_model
    from workbench.core.project.schema import Model, Op

    args = starting_args(name)
    assert not LAYERS[name].missing(args)  # nothing the form would show empty
    plan = plan_model(Model(layers=[Op(name, args)]), shape, 10)
    if plan.error is not None:
        text = str(plan.error)
        assert not any(marker in text for marker in PYTHON_INTERNALS), text
        assert text.startswith(f"model.layers[0] ({name}): ")


def test_a_required_argument_left_out_is_named_not_a_python_error():
    from workbench.core.model.builder import plan_model
    from workbench.core.project.schema import Model, Op

    plan = plan_model(Model(layers=[Op("Conv2d", {"kernel_size": 3})]), [1, 28, 28], 10)
    assert str(plan.error) == "model.layers[0] (Conv2d): out_channels is required: set it in the layer's form"


def test_a_stack_still_being_built_is_told_what_comes_next_not_about_a_layer_it_lacks():
    # The primer's net half-built: Conv2d, ReLU, MaxPool2d, Flatten — no Linear yet.
    half = model({"type": "Conv2d", "out_channels": 4}, {"type": "ReLU"}, {"type": "MaxPool2d"}, {"type": "Flatten"})
    message = str(plan_model(half, [3, 8, 8], 3).error)
    assert "add a Linear at the end" in message and "last Linear" not in message
    wide = model({"type": "Flatten"}, {"type": "Linear", "out_features": 7})
    assert "set the last Linear's out_features to 3" in str(plan_model(wide, [3, 8, 8], 3).error)
