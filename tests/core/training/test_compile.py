"""training.compile: one tiny epoch compiled on the CPU backend, resumed exactly; a real compile failure
(no C++ compiler) falls back to eager with one message."""

import os
import shutil

import pytest
import torch

from tests.helpers import minimal_project_doc, run_cli_process, write_project
from workbench.core.project.io import project_from_dict
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train
from workbench.core.training.events import Compiling, RunWarning

pytestmark = pytest.mark.skipif(shutil.which(os.environ.get("CXX", "g++")) is None,
                                reason="torch.compile on the CPU needs a C++ compiler")


def tiny_doc(folder, **training):
    doc = minimal_project_doc(folder, **training)
    doc["data"]["loader"]["drop_last"] = True  # one batch shape: one compilation
    doc["model"]["layers"] = [{"type": "Conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1},
                              {"type": "ReLU"}, {"type": "Flatten"}, {"type": "Linear"}]
    return doc


def test_a_compiled_epoch_says_so_and_resumes_exactly(tmp_path, shapes_folder):
    events = []
    doc = tiny_doc(shapes_folder, epochs=2, compile="default")
    whole = train(project_from_dict(doc), listeners=[events.append], out_dir=tmp_path / "whole")
    assert whole.reason == "completed" and whole.metrics["val_accuracy"] > 0.5  # chance is 1/3
    said = [e for e in events if isinstance(e, Compiling)]
    assert [e.seconds is None for e in said] == [True, False] and said[1].seconds > 0  # before and after, once
    assert not [e for e in events if isinstance(e, RunWarning) and "compile" in e.message]
    ckpt = load_checkpoint(f"{whole.run_dir}/last.pt")
    assert not any("_orig_mod" in k for k in ckpt.model_state)  # plain keys: loads into the plain model
    assert not any("_orig_mod" in k for k in torch.load(f"{whole.run_dir}/model.pth", weights_only=True))
    ckpt.build_model()

    half = train(project_from_dict(doc), out_dir=tmp_path / "half", epochs=1)
    resumed = train(project_from_dict(doc), resume=f"{half.run_dir}/last.pt")
    a = torch.load(f"{whole.run_dir}/last.pt", weights_only=True)["model"]
    b = torch.load(f"{resumed.run_dir}/last.pt", weights_only=True)["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_without_a_cpp_compiler_it_trains_eagerly_and_says_why(tmp_path, shapes_folder):
    project = write_project(tmp_path, tiny_doc(shapes_folder, epochs=1, compile="default"))
    out = run_cli_process("train", project, "--out", tmp_path / "runs", "--json",
                          env={**os.environ, "CXX": str(tmp_path / "no-such-compiler")}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.count("could not be compiled") == 1
    assert "C++ compiler" in out.stderr and "training goes on without compiling" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_project_file_keeps_the_mode_and_names_a_wrong_one(shapes_folder):
    from workbench.core.errors import ProjectError
    from workbench.core.project.io import project_to_dict

    assert project_to_dict(project_from_dict(tiny_doc(shapes_folder, compile="max-autotune")))["training"][
        "compile"] == "max-autotune"
    assert "compile" not in project_to_dict(project_from_dict(tiny_doc(shapes_folder)))["training"]  # off: unwritten
    with pytest.raises(ProjectError, match="training.compile"):
        project_from_dict(tiny_doc(shapes_folder, compile="fast"))
