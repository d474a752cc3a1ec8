"""A model with blocks outside the app: the generated code defines them plainly and loads the app's weights; the
generated script trains it; TorchScript, torch.export and ONNX exports reproduce it."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.model.builder import build_model
from workbench.core.model.code import helper_classes, model_code
from workbench.core.project.io import project_from_dict
from workbench.core.results.export import export
from workbench.core.results.script import training_script
from workbench.core.training.checkpoints import load_checkpoint

CONV = {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1}
CLASSES = ["circle", "square", "triangle"]
LAYERS = [
    CONV, {"type": "GroupNorm", "num_groups": 2}, {"type": "Hardswish"},
    {"type": "Residual", "layers": [
        {**CONV, "groups": 8}, {"type": "LayerNorm2d"}, {"type": "Conv2d", "out_channels": 8, "kernel_size": 1},
        {"type": "SqueezeExcitation", "squeeze_channels": 2}, {"type": "StochasticDepth", "p": 0.2}]},
    {"type": "Branches", "branches": [
        [{"type": "Conv2d", "out_channels": 4, "kernel_size": 1}],
        [{"type": "Residual", "layers": [CONV, {"type": "ReLU"}]}, {"type": "Conv2d", "out_channels": 4,
                                                                     "kernel_size": 1}]]},
    {"type": "Branches", "merge": "add", "branches": [[], [CONV, {"type": "BatchNorm2d"}]]},
    {"type": "AdaptiveAvgPool2d"}, {"type": "Flatten"}, {"type": "Linear"},
]


@pytest.fixture(scope="module")
def blocks_run(tmp_path_factory):
    from workbench.core.training.engine import train

    root = tmp_path_factory.mktemp("blocks")
    doc = minimal_project_doc(make_shapes_folder(root / "shapes", per_class=8, size=16), epochs=1)
    doc["model"]["layers"] = LAYERS
    finished = train(project_from_dict(doc), out_dir=root / "runs")
    return Path(finished.run_dir), doc


def test_the_generated_model_code_defines_its_blocks_and_loads_the_app_s_trained_weights(blocks_run):
    run_dir, doc = blocks_run
    project = project_from_dict(doc)
    source = helper_classes(project.model) + "\n\n" + model_code(project, [3, 16, 16], 3)
    assert source.startswith("class Residual(nn.Module):")
    assert "class Branches(nn.Module):" in source and "class LayerNorm2d(nn.LayerNorm):" in source
    assert "torchvision.ops.SqueezeExcitation(input_channels=8, squeeze_channels=2)" in source
    assert "torchvision.ops.StochasticDepth(p=0.2, mode='row')" in source
    script = training_script(project, [3, 16, 16], CLASSES)
    assert source.split("\n\n")[0] in script and model_code(project, [3, 16, 16], 3) in script
    namespace = {"torch": torch, "nn": nn, "torchvision": __import__("torchvision")}
    exec(source, namespace)  # what a reader runs: no Torch Workbench involved
    model = namespace["model"]
    assert "workbench" not in type(model[3]).__module__
    model.load_state_dict(torch.load(run_dir / "model.pth", weights_only=True))  # strict: every key matches
    app = build_model(project, [3, 16, 16], 3)
    app.load_state_dict(torch.load(run_dir / "model.pth", weights_only=True))
    x = torch.rand(4, 3, 16, 16)
    with torch.no_grad():
        assert torch.allclose(model.eval()(x), app.eval()(x), atol=1e-6)
        # The blocks are TorchScript as written (the export scripts them rather than tracing one path).
        assert torch.allclose(torch.jit.script(app)(x), app(x), atol=1e-6)


def test_a_model_without_blocks_gets_no_helper_classes(tmp_path):
    project = project_from_dict(minimal_project_doc(tmp_path))
    assert helper_classes(project.model) == ""
    assert "class Residual" not in training_script(project, [3, 16, 16], CLASSES)


def test_the_generated_script_trains_the_blocks_and_its_weights_load_in_the_app(blocks_run, tmp_path):
    _run_dir, doc = blocks_run
    project = project_from_dict(doc)
    (tmp_path / "train.py").write_text(training_script(project, [3, 16, 16], CLASSES))
    out = subprocess.run([sys.executable, "train.py"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "epoch 1/1" in out.stdout
    build_model(project, [3, 16, 16], 3).load_state_dict(torch.load(tmp_path / "model.pth", weights_only=True))


@pytest.mark.parametrize("fmt", ["torchscript", "exported", "onnx"])
def test_exports_of_a_model_with_blocks_reproduce_it(blocks_run, tmp_path, fmt):
    if fmt == "onnx":
        pytest.importorskip("onnx", reason="the optional onnx package is not installed")
        pytest.importorskip("onnxruntime", reason="the optional onnxruntime package is not installed")
    ckpt = load_checkpoint(blocks_run[0] / "best.pt")
    out = export(ckpt, fmt, tmp_path / f"model.{fmt}")  # export() checks the outputs match the checkpoint's
    assert out.exists() and out.stat().st_size > 0
