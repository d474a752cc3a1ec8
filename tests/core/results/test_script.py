"""Generated PyTorch code: the model as a user would type it, and scripts that run with plain torch."""

import subprocess
import sys

import pytest
import torch
from torch import nn

from tests.helpers import minimal_project_doc, write_mnist_idx
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.model.builder import build_model
from workbench.core.model.code import model_code
from workbench.core.project.io import model_from_dict, project_from_dict
from workbench.core.results.script import training_script


def test_primer_mnist_code_reads_like_the_primer():
    m = model_from_dict(TEMPLATES["primer-mnist"].model)
    code = model_code(m, [1, 28, 28], 10)
    assert "nn.Conv2d(1, 32, kernel_size=5, padding=2),  # -> [32, 28, 28]" in code
    assert "nn.Linear(3136, 1024)" in code and "nn.Softmax(dim=1)" in code
    namespace = {"nn": nn}
    exec(code, namespace)
    built = build_model(m, [1, 28, 28], 10)
    namespace["model"].load_state_dict(built.state_dict())  # same architecture, same keys


def test_pretrained_code_replaces_the_head_like_the_primer():
    m = model_from_dict({"base": {"torchvision": "vgg16", "weights": None, "freeze": True}})
    code = model_code(m, [3, 224, 224], 10)
    assert "model = torchvision.models.vgg16(weights=None)" in code
    assert "model.classifier[6] = nn.Linear(4096, 10)" in code
    assert "param.requires_grad = name.startswith(('classifier.6.',))" in code


def run_script(project, tmp_path, shape, classes):
    script = tmp_path / "train.py"
    script.write_text(training_script(project, shape, classes))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_script_for_builtin_mnist_with_nll_and_a_scheduler(tmp_path):
    write_mnist_idx(tmp_path / "data", n_train=64, n_test=32)
    doc = minimal_project_doc("unused", epochs=1, loss={"type": "NLLLoss"},
                              scheduler={"type": "StepLR", "step_size": 1})
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path / "data")},
                   "validation": {"kind": "builtin"}}
    doc["model"]["layers"].append({"type": "LogSoftmax"})
    stdout = run_script(project_from_dict(doc), tmp_path, [1, 28, 28], [str(i) for i in range(10)])
    assert "epoch 1/1" in stdout and "val_accuracy" in stdout


@pytest.mark.parametrize("training", [
    {"loss": {"type": "CrossEntropyLoss", "weight": "balanced", "label_smoothing": 0.1},
     "scheduler": {"type": "ReduceLROnPlateau"}},
    {"loss": {"type": "BCEWithLogitsLoss"}, "scheduler": {"type": "OneCycleLR"}},
])
def test_script_for_a_folder_with_augmentation(tmp_path, shapes_folder, training):
    doc = minimal_project_doc(shapes_folder, epochs=1, **training)
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}]
    doc["data"]["transforms"] = [{"type": "Resize", "size": 12}, {"type": "ToTensor"},
                                 {"type": "Normalize", "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]}]
    stdout = run_script(project_from_dict(doc), tmp_path, [3, 12, 12], ["circle", "square", "triangle"])
    assert "epoch 1/1" in stdout
    assert torch.load(tmp_path / "model.pth")["6.weight"].shape == (3, 32)


@pytest.mark.parametrize("scheduler", sorted(__import__("workbench.core.catalogs.training",
                                                        fromlist=["SCHEDULERS"]).SCHEDULERS))
def test_the_script_builds_each_scheduler_from_its_catalogue_entry(shapes_folder, scheduler):
    from workbench.core.catalogs.training import scheduler_derived, scheduler_interval

    doc = minimal_project_doc(shapes_folder, epochs=3, scheduler={"type": scheduler}, monitor="val_accuracy")
    text = training_script(project_from_dict(doc), [3, 16, 16], ["circle", "square", "triangle"])
    assert f"scheduler = torch.optim.lr_scheduler.{scheduler}(optimizer" in text
    for derived in scheduler_derived(scheduler, {}):
        assert f"{derived.name}=" in text  # what the engine fills in, the script fills in
    per_batch = "        scheduler.step()\n" in text
    assert per_batch == (scheduler_interval(scheduler) == "batch")
