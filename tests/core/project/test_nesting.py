"""Finding and moving layers inside blocks by position (what the window's layer tree edits with)."""

from workbench.core.project import nesting
from workbench.core.project.io import model_from_dict


def model():
    return model_from_dict({"layers": [
        {"type": "Conv2d", "out_channels": 8},
        {"type": "Residual", "layers": [{"type": "ReLU"}, {"type": "Conv2d", "out_channels": 8}]},
        {"type": "Branches", "branches": [[{"type": "Identity"}], []]},
        {"type": "Flatten"}]})


def test_positions_and_list_addresses_find_the_layers():
    m = model()
    assert nesting.layer_at(m, (1, "layers", 1)).type == "Conv2d"
    assert nesting.layer_list(m, (2, "branches", 1)) == []
    assert nesting.layer_list(m, (1, "shortcut")) == [] and "shortcut" not in m.layers[1].args  # read, not made
    nesting.layer_list(m, (1, "shortcut"), make=True).append(m.layers[3])
    assert m.layers[1].args["shortcut"][0].type == "Flatten"
    assert nesting.exists(m, (2, "branches", 0, 0)) and not nesting.exists(m, (2, "branches", 1, 0))
    assert nesting.address_of(m, m.layers[2].args["branches"][1]) == (2, "branches", 1)


def test_moving_layers_between_lists_returns_where_they_went():
    m = model()
    # The top-level Conv2d into the second branch: the blocks move up one, and the new position says so.
    assert nesting.move(m, [(0,)], (2, "branches", 1), 0) == [(1, "branches", 1, 0)]
    assert [op.type for op in m.layers] == ["Residual", "Branches", "Flatten"]
    # Within one list, the index counts the layers still in place.
    assert nesting.move(m, [(0, "layers", 0)], (0, "layers"), 2) == [(0, "layers", 1)]
    assert [op.type for op in m.layers[0].args["layers"]] == ["Conv2d", "ReLU"]
    # A block never goes inside itself.
    assert nesting.move(m, [(1,)], (1, "branches", 0), 0) is None
