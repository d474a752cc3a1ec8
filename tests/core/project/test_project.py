"""The project file: round trips, and every mistake named by its path."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import minimal_project_doc
from workbench.core.catalogs.layers import BLOCK_REQUIRED, BLOCK_SLOTS, LAYERS
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.errors import ProjectError
from workbench.core.project.io import (
    FORMAT,
    dumps_project,
    load_project,
    project_from_dict,
    project_to_dict,
    save_project,
)
from workbench.core.project.schema import Project


def test_design_example_loads(tmp_path):
    doc = {
        "format": "torch-workbench-project", "version": 1, "name": "mnist-cnn",
        "data": {
            "source": {"kind": "folder", "path": "hymenoptera_data/train"},
            "validation": {"kind": "split", "fraction": 0.2, "seed": 0},
            "transforms": [{"type": "Resize", "size": 32}, {"type": "ToTensor"}],
            "augment": [{"type": "RandomHorizontalFlip", "p": 0.5}],
            "loader": {"batch_size": 64, "shuffle": True, "drop_last": True, "num_workers": 0},
        },
        "model": {"input_shape": [1, 28, 28], "layers": [
            {"type": "Conv2d", "out_channels": 32, "kernel_size": 5, "padding": 2}, {"type": "ReLU"},
            {"type": "MaxPool2d", "kernel_size": 2}, {"type": "Flatten"}, {"type": "Linear", "out_features": 10}]},
        "training": {"loss": {"type": "CrossEntropyLoss"}, "optimizer": {"type": "Adam", "lr": 0.001},
                     "scheduler": None, "epochs": 2, "device": "auto", "seed": 0},
    }
    p = project_from_dict(doc)
    assert p.model.layers[0].type == "Conv2d" and p.model.layers[0].args == {
        "out_channels": 32, "kernel_size": 5, "padding": 2}
    assert p.data.loader.drop_last is True
    assert p.training.optimizer.args == {"lr": 0.001}


@pytest.mark.parametrize("mutate, path, words", [
    (lambda d: d["model"]["layers"].insert(3, {"type": "MaxPool2d", "kernel_size": -1}),
     "model.layers[3].kernel_size", "expected a positive integer"),
    (lambda d: d["model"]["layers"][0].update(kernal_size=3), "model.layers[0].kernal_size",
     "did you mean 'kernel_size'"),
    (lambda d: d["data"]["loader"].update(batch_size=0), "data.loader.batch_size", "an integer from 1 to 65536, got 0"),
    (lambda d: d["training"]["optimizer"].update(lr=-0.1), "training.optimizer.lr", "positive number"),
    (lambda d: d["training"].update(epochs="ten"), "training.epochs", "got 'ten'"),
    (lambda d: d["training"].update(device="gpu"), "training.device", "'cuda'"),
    (lambda d: d["model"]["layers"].append({"type": "Conv3d"}), "model.layers[7].type", "unknown layer"),
    (lambda d: d.update(extra=1), "extra", "unknown key"),
    (lambda d: d["data"].update(sourse={}), "data.sourse", "did you mean 'source'"),
    (lambda d: d["data"]["source"].update(kind="url"), "data.source.kind", "expected one of"),
    (lambda d: d["training"].update(scheduler={"type": "StepLR", "gamma": 0}), "training.scheduler.gamma",
     "positive number"),
    (lambda d: d["model"].update(layers=[]), "model.layers", "no layers"),
    (lambda d: d["data"].update(validation={"kind": "builtin"}), "data.validation.kind", "torchvision"),
])
def test_errors_name_the_path(tmp_path, mutate, path, words):
    doc = minimal_project_doc(tmp_path)
    mutate(doc)
    with pytest.raises(ProjectError) as e:
        project_from_dict(doc)
    assert e.value.path == path
    assert words in str(e.value)
    assert str(e.value).startswith(path + ": ")


def test_newer_version_says_so(tmp_path):
    doc = minimal_project_doc(tmp_path)
    doc["version"] = 7
    with pytest.raises(ProjectError, match="newer Torch Workbench"):
        project_from_dict(doc)


def test_not_json_and_not_a_project(tmp_path):
    bad = tmp_path / "bad.wbproj"
    bad.write_text("{ not json")
    with pytest.raises(ProjectError, match="not valid JSON"):
        load_project(bad)
    bad.write_text(json.dumps({"format": "something-else", "version": 1}))
    with pytest.raises(ProjectError, match="not a Torch Workbench project"):
        load_project(bad)


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    p = project_from_dict(minimal_project_doc(tmp_path / "data"))
    target = tmp_path / "exp.wbproj"
    save_project(p, target)
    save_project(p, target)
    assert [f.name for f in tmp_path.iterdir() if f.is_file()] == ["exp.wbproj"]
    assert json.loads(target.read_text())["format"] == FORMAT


def test_paths_are_stored_relative_to_the_project_file(tmp_path):
    data = tmp_path / "datasets" / "shapes"
    p = project_from_dict(minimal_project_doc(data))
    save_project(p, tmp_path / "projects" / "a.wbproj")
    saved = json.loads((tmp_path / "projects" / "a.wbproj").read_text())
    assert saved["data"]["source"]["path"] == "../datasets/shapes"
    reloaded = load_project(tmp_path / "projects" / "a.wbproj")
    assert reloaded.resolve(reloaded.data.source.path) == data
    # Saved elsewhere, the path is re-anchored and still points at the same folder.
    save_project(reloaded, tmp_path / "b.wbproj")
    again = load_project(tmp_path / "b.wbproj")
    assert again.data.source.path == "datasets/shapes"
    assert again.resolve(again.data.source.path) == data


def test_every_template_is_a_valid_model_section(tmp_path):
    for t in TEMPLATES.values():
        doc = minimal_project_doc(tmp_path)
        doc["model"] = t.model
        p = project_from_dict(doc)
        assert project_from_dict(project_to_dict(p)) == p


# --- property tests -------------------------------------------------------

def _value_for(param):
    k = param.kind
    lo = 0 if param.min is None else param.min
    if k == "int":
        return st.integers(int(lo) + (1 if param.min_exclusive else 0), int(param.max or lo + 64))
    if k == "float":
        return st.floats(lo, param.max if param.max is not None else lo + 10, exclude_min=param.min_exclusive,
                         allow_nan=False)
    if k == "bool":
        return st.booleans()
    if k == "choice":
        return st.sampled_from(param.choices)
    if k == "ints":
        one = st.integers(int(lo), int(lo) + 5)
        return one | st.lists(one, min_size=param.length, max_size=param.length)
    return None


@st.composite
def layer_docs(draw, depth=1):
    """A layer entry with arguments in range; a block (up to ``depth`` levels deep) holding short lists of them."""
    names = sorted(LAYERS) if depth else sorted(set(LAYERS) - set(BLOCK_SLOTS))
    name = draw(st.sampled_from(names))
    doc = {"type": name}
    for p in LAYERS[name].params:
        strategy = _value_for(p)
        if strategy is not None and (p.required or draw(st.booleans())):
            doc[p.name] = draw(strategy)
    inner = st.lists(layer_docs(depth - 1), max_size=3) if depth else None
    for slot, form in BLOCK_SLOTS.get(name, {}).items():
        if slot in BLOCK_REQUIRED[name] or draw(st.booleans()):
            doc[slot] = draw(inner if form == "list" else st.lists(inner, min_size=1, max_size=3))
    return doc


@st.composite
def project_docs(draw):
    doc = minimal_project_doc("data/shapes")
    doc["name"] = draw(st.text(min_size=1, max_size=12))
    doc["model"]["layers"] = draw(st.lists(layer_docs(), min_size=1, max_size=6))
    doc["data"]["loader"]["batch_size"] = draw(st.integers(1, 512))
    doc["data"]["validation"]["fraction"] = draw(st.floats(0.01, 0.9))
    doc["training"]["epochs"] = draw(st.integers(1, 50))
    doc["training"]["optimizer"] = draw(st.sampled_from([{"type": "SGD", "lr": 0.1, "momentum": 0.9},
                                                         {"type": "Adam"}, {"type": "AdamW", "lr": 3e-4}]))
    doc["training"]["scheduler"] = draw(st.sampled_from([None, {"type": "StepLR", "step_size": 2},
                                                         {"type": "MultiStepLR", "milestones": [2, 4]}]))
    return doc


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(project_docs())
def test_round_trip(doc):
    p = project_from_dict(doc)
    assert project_from_dict(json.loads(dumps_project(p))) == p
    assert isinstance(p, Project)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                      max_size=4), max_leaves=12),
       st.sampled_from(["data", "model", "training", "data.loader", "model.layers", "training.optimizer",
                        "data.source", "name", "version"]))
def test_garbage_anywhere_raises_only_project_error(garbage, where):
    doc = minimal_project_doc("x")
    *parents, last = where.split(".")
    target = doc
    for key in parents:
        target = target[key]
    target[last] = garbage
    try:
        project_from_dict(doc)
    except ProjectError:
        pass
