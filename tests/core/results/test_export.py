"""Every export format reproduces the checkpoint's predictions; the generated script trains on its own."""

import json
import subprocess
import sys

import pytest
import torch

from workbench.core.results.export import FORMATS, export
from workbench.core.training.checkpoints import load_checkpoint


@pytest.fixture(scope="module")
def ckpt(trained_run):
    return load_checkpoint(trained_run[0] / "best.pt")


def reference(ckpt, x):
    with torch.no_grad():
        return ckpt.build_model().eval()(x)


def test_pth_loads_into_the_rebuilt_model(ckpt, tmp_path):
    out = export(ckpt, "pth", tmp_path / "m.pth")
    net = ckpt.build_model().eval()
    net.load_state_dict(torch.load(out))
    x = torch.rand(5, 3, 16, 16)
    assert torch.allclose(net(x), reference(ckpt, x))


def test_torchscript_runs_without_the_app(ckpt, tmp_path):
    out = export(ckpt, "torchscript", tmp_path / "m.pt")
    extra = {"workbench.json": ""}
    torch.jit.load(str(out), _extra_files=extra)
    assert json.loads(extra["workbench.json"])["classes"] == '["circle", "square", "triangle"]' 
    x = torch.rand(7, 3, 16, 16)
    code = (f"import torch; m = torch.jit.load({str(out)!r}); x = torch.load({str(tmp_path / 'x.pt')!r}); "
            f"torch.save(m(x), {str(tmp_path / 'y.pt')!r})")
    torch.save(x, tmp_path / "x.pt")
    # A fresh interpreter that never imports workbench:
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert torch.allclose(torch.load(tmp_path / "y.pt"), reference(ckpt, x), atol=1e-5)


def test_exported_program_any_batch_size(ckpt, tmp_path):
    out = export(ckpt, "exported", tmp_path / "m.pt2")
    program = torch.export.load(str(out)).module()
    for n in (1, 9):
        x = torch.rand(n, 3, 16, 16)
        assert torch.allclose(program(x), reference(ckpt, x), atol=1e-5)


def test_onnx_checked_and_run_with_onnxruntime(ckpt, tmp_path):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    out = export(ckpt, "onnx", tmp_path / "m.onnx")
    onnx.checker.check_model(str(out))
    # What the model is, for whoever opens it without the project (onnxruntime's custom_metadata_map).
    meta = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"]).get_modelmeta().custom_metadata_map
    assert json.loads(meta["classes"]) == ["circle", "square", "triangle"]
    assert json.loads(meta["input_shape"]) == [3, 16, 16] and meta["color_mode"] == "rgb"
    normalize = next(op.args for op in ckpt.project.data.transforms if op.type == "Normalize")
    assert json.loads(meta["normalize"]) == {"mean": normalize["mean"], "std": normalize["std"]}  # what to apply
    x = torch.rand(4, 3, 16, 16)
    y = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"]).run(None, {"input": x.numpy()})[0]
    assert torch.allclose(torch.from_numpy(y), reference(ckpt, x), atol=1e-4)


def test_safetensors_carry_the_layer_spec(ckpt, tmp_path):
    from safetensors import safe_open

    out = export(ckpt, "safetensors", tmp_path / "m.safetensors")
    with safe_open(str(out), "pt") as f:
        meta = f.metadata()
        weights = {k: f.get_tensor(k) for k in f.keys()}
    assert json.loads(meta["classes"]) == ["circle", "square", "triangle"]
    assert json.loads(meta["model"])["layers"][0]["type"] == "Conv2d"
    assert json.loads(meta["input_shape"]) == [3, 16, 16] and json.loads(meta["normalize"])["std"]
    net = ckpt.build_model().eval()
    net.load_state_dict(weights)
    x = torch.rand(3, 3, 16, 16)
    assert torch.allclose(net(x), reference(ckpt, x))


def test_pickle_is_the_whole_model(ckpt, tmp_path):
    out = export(ckpt, "pickle", tmp_path / "whole.pth")
    with pytest.raises(Exception):
        torch.load(out, weights_only=True)  # refused by the safe loader, as it should be
    model = torch.load(out, weights_only=False)
    x = torch.rand(2, 3, 16, 16)
    assert torch.allclose(model(x), reference(ckpt, x))


def test_generated_script_trains_one_epoch_with_plain_torch(ckpt, tmp_path):
    script = export(ckpt, "script", tmp_path / "train.py")
    text = script.read_text()
    assert "import workbench" not in text and "from workbench" not in text
    text = text.replace("EPOCHS = 3", "EPOCHS = 1")
    script.write_text(text)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "epoch 1/1" in out.stdout and "val_accuracy" in out.stdout
    # Its model.pth is the same architecture as the app's: it loads into the rebuilt model.
    ckpt.build_model().load_state_dict(torch.load(tmp_path / "model.pth"))


def test_every_format_is_listed_with_how_to_load_it():
    assert set(FORMATS) == {"pth", "torchscript", "exported", "onnx", "safetensors", "script", "pickle"}
    assert all("{path}" in f.how_to_load for f in FORMATS.values())
