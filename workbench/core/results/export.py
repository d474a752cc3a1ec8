"""Taking a trained model out of the app, in the format the next tool wants.

Every format is written atomically and (except `script`) checked after
writing: the file is loaded back the way its users will load it and must
predict what the checkpoint predicts on the same input. Exported models
accept any batch size.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.i18n import N_, _
from workbench.core.storage.atomic import atomic_write, atomic_write_bytes, atomic_write_text
from workbench.core.training.checkpoints import Checkpoint

TOLERANCE = 1e-4


@dataclass(frozen=True)
class ExportFormat:
    name: str
    suffix: str
    title: str  # in English (marked N_): show `shown_title`
    how_to_load: str  # the line a user types to load it

    @property
    def shown_title(self) -> str:
        return _(self.title)


FORMATS: dict[str, ExportFormat] = {f.name: f for f in [
    ExportFormat("pth", ".pth", N_("state_dict (the primer's format)"),
                 'model.load_state_dict(torch.load("{path}"))'),
    ExportFormat("torchscript", ".pt", "TorchScript", 'model = torch.jit.load("{path}")'),
    ExportFormat("exported", ".pt2", N_("torch.export program"), 'model = torch.export.load("{path}").module()'),
    ExportFormat("onnx", ".onnx", "ONNX", 'onnxruntime.InferenceSession("{path}")'),
    ExportFormat("safetensors", ".safetensors", N_("safetensors weights + layer spec"),
                 'safetensors.torch.load_file("{path}")'),
    ExportFormat("script", ".py", N_("standalone PyTorch training script"), "python {path}"),
    ExportFormat("pickle", ".pth", N_("whole pickled model (loading it runs code)"),
                 'model = torch.load("{path}", weights_only=False)  # only for files you trust'),
]}

PICKLE_WARNING = N_("a whole pickled model can only be opened with torch.load(weights_only=False), which runs code "
                    "stored in the file: share it only with people who trust you, and prefer the pth format")


class ExportError(WorkbenchError):
    """An export could not be written or did not reproduce the checkpoint's predictions."""


def default_export_path(checkpoint: str | os.PathLike, fmt: str) -> Path:
    """Beside the checkpoint, named after it: best.onnx, best.safetensors, best.torchscript.pt (the format is
    named where the suffix alone would not tell it from a checkpoint), never the checkpoint itself."""
    checkpoint = Path(checkpoint)
    suffix = FORMATS[fmt].suffix
    name = checkpoint.stem + (f".{fmt}" if fmt in ("torchscript", "pickle") else "") + suffix
    if name == checkpoint.name:
        name = f"{checkpoint.stem}.{fmt}{suffix}"
    return checkpoint.with_name(name)


def model_metadata(ckpt: Checkpoint) -> dict[str, str]:
    """What an exported model is, for whoever opens it without the project: the class names in output order,
    the input shape, the colour mode and the preprocessing (the Normalize mean/std a caller must apply), as
    string values (ONNX metadata_props and safetensors metadata hold strings)."""
    data = ckpt.project.data
    normalize = next((op.args for op in data.transforms if op.type == "Normalize"), None)
    return {
        "producer": "torch-workbench",
        "classes": json.dumps(ckpt.classes, ensure_ascii=False),
        "input_shape": json.dumps(ckpt.input_shape),
        "color_mode": {1: "grayscale", 3: "rgb"}.get(ckpt.input_shape[0], "other") if ckpt.input_shape else "",
        "normalize": json.dumps({"mean": normalize.get("mean"), "std": normalize.get("std")} if normalize else None),
        "transforms": json.dumps([op.to_json() for op in data.transforms], ensure_ascii=False),
        "epoch": str(ckpt.epoch),
    }


def export(ckpt: Checkpoint, fmt: str, out: str | os.PathLike) -> Path:
    """Write ``ckpt`` as ``fmt`` to ``out``; returns the path. Raises ExportError."""
    if fmt not in FORMATS:
        raise ExportError(_("unknown export format {format} (one of: {formats})").format(
            format=repr(fmt), formats=", ".join(FORMATS)))
    out = Path(out)
    if fmt == "script":
        from workbench.core.results.script import training_script

        atomic_write_text(out, training_script(ckpt.project, ckpt.input_shape, ckpt.classes))
        return out
    import torch

    model = ckpt.build_model().eval()
    example = torch.rand(2, *ckpt.input_shape)
    with torch.no_grad():
        expected = model(example)
    writer = globals()[f"_write_{fmt}"]
    loaded_outputs = writer(ckpt, model, example, out)
    _check_same(fmt, expected, loaded_outputs)
    return out


def _check_same(fmt: str, expected, got) -> None:
    import torch

    got = torch.as_tensor(got, dtype=expected.dtype)
    if got.shape != expected.shape or not torch.allclose(got, expected, atol=TOLERANCE, rtol=TOLERANCE):
        diff = (got - expected).abs().max().item() if got.shape == expected.shape else _("shape differs")
        raise ExportError(_("the {format} export does not reproduce the model's outputs (max difference {diff})")
                          .format(format=fmt, diff=diff))


def _any_batch_size(fmt: str, run, example) -> None:
    """Run a batch of 3 (the export saw 2) through the loaded model: exports must accept any batch size."""
    import torch

    out = run(torch.cat([example, example[:1]]))
    if out.shape[0] != 3:
        raise ExportError(_("the {format} export only accepts batches of {size}").format(
            format=fmt, size=example.shape[0]))


def _write_pth(ckpt, model, example, out):
    import torch

    from workbench.core.storage.model_files import save

    save(model.state_dict(), out)
    clone = ckpt.build_model().eval()
    clone.load_state_dict(torch.load(out, weights_only=True))
    with torch.no_grad():
        return clone(example)


def _write_torchscript(ckpt, model, example, out):
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # torch.jit is deprecated but still what many tools load
        try:
            scripted = torch.jit.script(model)
        except Exception:
            scripted = torch.jit.trace(model, example)
        extra = {"workbench.json": json.dumps(model_metadata(ckpt), ensure_ascii=False)}
        atomic_write(out, lambda f: torch.jit.save(scripted, f, _extra_files=extra))
        loaded = torch.jit.load(str(out))
    with torch.no_grad():
        _any_batch_size("torchscript", loaded, example)
        return loaded(example)


def _write_exported(ckpt, model, example, out):
    import torch

    batch = torch.export.Dim("batch", min=1, max=65536)
    try:
        program = torch.export.export(model, (example,), dynamic_shapes=({0: batch},))
    except Exception as e:
        raise ExportError(_("torch.export could not capture this model: {reason}").format(
            reason=str(e).splitlines()[0])) from None
    atomic_write(out, lambda f: torch.export.save(program, f))
    loaded = torch.export.load(str(out)).module()
    with torch.no_grad():
        _any_batch_size("exported", loaded, example)
        return loaded(example)


def _write_onnx(ckpt, model, example, out):
    try:
        import onnx
    except ModuleNotFoundError:
        raise ExportError(_("ONNX export needs the optional onnx packages: pip install 'torch-workbench[onnx]'")) \
            from None
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.onnx"
        try:
            torch.onnx.export(model, (example,), str(path), input_names=["input"], output_names=["scores"],
                              dynamic_shapes=({0: torch.export.Dim("batch", min=1, max=65536)},),
                              external_data=False, verbose=False)
        except Exception as e:
            raise ExportError(_("ONNX export failed: {reason}").format(reason=str(e).splitlines()[0])) from None
        onnx.checker.check_model(str(path))
        proto = onnx.load(str(path))
        onnx.helper.set_model_props(proto, model_metadata(ckpt))  # metadata_props: what the model is
        atomic_write_bytes(out, proto.SerializeToString())
    try:
        import onnxruntime
    except ModuleNotFoundError:  # checked by onnx's checker only; compare with torch itself
        with torch.no_grad():
            return model(example)
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])

    def run(x):
        return torch.from_numpy(session.run(None, {"input": x.numpy()})[0])
    _any_batch_size("onnx", run, example)
    return run(example)


def _write_safetensors(ckpt, model, example, out):
    import torch
    from safetensors.torch import load_file, save

    from workbench.core.project.io import project_to_dict

    metadata = {
        "format": "torch-workbench-safetensors",
        "model": json.dumps(project_to_dict(ckpt.project)["model"]),
        **model_metadata(ckpt),
    }
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    atomic_write_bytes(out, save(state, metadata=metadata))
    clone = ckpt.build_model().eval()
    clone.load_state_dict(load_file(str(out)))
    with torch.no_grad():
        return clone(example)


def _write_pickle(ckpt, model, example, out):
    import torch

    atomic_write(out, lambda f: torch.save(model, f))
    loaded = torch.load(out, weights_only=False)  # our own file, just written: safe to unpickle
    with torch.no_grad():
        return loaded.eval()(example)
