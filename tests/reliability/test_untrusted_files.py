"""A model file carrying a pickle payload is refused by every way the app opens files; the payload never runs."""

import builtins
import json

import pytest
import torch

from tests.helpers import minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.errors import CheckpointError
from workbench.core.storage.model_files import safe_load
from workbench.core.training.checkpoints import load_checkpoint


class Payload:
    """Unpickling this creates the marker file: proof that code from the file ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return builtins.open, (self.marker, "w")


@pytest.fixture
def evil(tmp_path):
    marker = tmp_path / "PWNED"
    path = tmp_path / "evil.pth"
    torch.save({"format": "torch-workbench-checkpoint", "version": 1, "model": {"0.weight": Payload(marker)}},
               path)
    return path, marker


def assert_refused(out, marker):
    assert out.returncode == 2, out.stderr
    assert "refused to open" in out.stderr and "could run code" in out.stderr and "--trust-pickle" in out.stderr
    assert not marker.exists()


def test_library_loaders_refuse(evil):
    path, marker = evil
    with pytest.raises(CheckpointError, match="refused to open"):
        safe_load(path)
    with pytest.raises(CheckpointError, match="refused to open"):
        load_checkpoint(path)
    assert not marker.exists()


@pytest.mark.parametrize("command", [["predict", "{evil}", "{img}"], ["evaluate", "{evil}"],
                                     ["export", "{evil}", "--to", "pth", "--out", "{tmp}/x.pth"]])
def test_cli_commands_refuse(evil, tmp_path, shapes_folder, command):
    path, marker = evil
    args = [a.format(evil=path, img=shapes_folder / "circle" / "circle_000.png", tmp=tmp_path) for a in command]
    assert_refused(run_cli(*args), marker)


def test_resume_refuses(evil, tmp_path, shapes_folder):
    path, marker = evil
    assert_refused(run_cli("train", write(tmp_path, minimal_project_doc(shapes_folder)), "--resume", path), marker)


def test_pretrained_weights_file_refuses(evil, tmp_path, shapes_folder):
    path, marker = evil
    doc = minimal_project_doc(shapes_folder)
    doc["model"] = {"base": {"torchvision": "resnet18", "weights": str(path)}}
    assert_refused(run_cli("train", write(tmp_path, doc)), marker)


def test_trusting_a_whole_pickled_model_is_an_explicit_choice(trained_run, tmp_path):
    run_dir, folder = trained_run
    assert run_cli("export", run_dir / "best.pt", "--to", "pickle", "--out", tmp_path / "whole.pth").returncode == 0
    image = folder / "square" / "square_001.png"
    refused = run_cli("predict", tmp_path / "whole.pth", image)
    assert refused.returncode == 2 and "refused to open" in refused.stderr
    no_project = run_cli("predict", tmp_path / "whole.pth", image, "--trust-pickle")
    assert no_project.returncode == 2 and "--project" in no_project.stderr
    project = write(tmp_path, json.loads((run_dir / "project.json").read_text()))
    out = run_cli("predict", tmp_path / "whole.pth", image, "--trust-pickle", "--project", project, "--json")
    assert out.returncode == 0, out.stderr
    assert "warning: --trust-pickle" in out.stderr
    assert json.loads(out.stdout)[0]["top"][0]["class"] == "square"
