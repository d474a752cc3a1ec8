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


def script_data(project, tmp_path, input_shape, classes) -> dict:
    """The generated script's data section (steps 1, up to the model), run with plain torchvision."""
    text = training_script(project, input_shape, classes)
    namespace: dict = {}
    exec(compile(text.split("# 2. The model")[0], str(tmp_path / "train.py"), "exec"), namespace)
    return namespace


def test_the_script_numbers_classes_and_reads_colour_as_the_app_does(tmp_path):
    from PIL import Image

    from tests.helpers import make_shapes_folder
    from workbench.core.data.datasets import prepare_data

    folder = make_shapes_folder(tmp_path / "shapes", per_class=6, size=16)
    (folder / ".ipynb_checkpoints").mkdir()  # Jupyter's: not a class
    Image.new("RGB", (16, 16)).save(folder / ".ipynb_checkpoints" / "x.png")
    (folder / "empty").mkdir()  # a class folder with nothing in it yet: keeps its number
    for png in folder.rglob("*.png"):  # an all-grayscale folder
        Image.open(png).convert("L").save(png)
    project = project_from_dict(minimal_project_doc(folder, epochs=1))
    bundle = prepare_data(project)
    assert bundle.classes == ["circle", "empty", "square", "triangle"] and bundle.input_shape == [1, 16, 16]
    assert any("grayscale" in note for note in bundle.notes)
    ns = script_data(project, tmp_path, bundle.input_shape, bundle.classes)
    assert ns["train_full"].classes == bundle.classes
    by_app = sorted((str(path), label) for path, label in bundle.train.source.samples)
    assert sorted((str(path), label) for path, label in ns["train_full"].samples) == by_app
    assert ns["train_full"][0][0].shape == (1, 16, 16)
    # Forced RGB (what a pretrained base needs): 3 channels in the app and in the script.
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["color_mode"] = "rgb"
    project = project_from_dict(doc)
    bundle = prepare_data(project)
    assert bundle.input_shape == [3, 16, 16] and bundle.color_mode == "RGB"
    assert script_data(project, tmp_path, bundle.input_shape, bundle.classes)["train_full"][0][0].shape == (3, 16, 16)


def test_a_builtin_data_set_converted_to_rgb_in_the_script_too(tmp_path):
    write_mnist_idx(tmp_path / "data", n_train=16, n_test=8)
    doc = minimal_project_doc("unused", epochs=1)
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path / "data")},
                   "validation": {"kind": "builtin"}, "color_mode": "rgb"}
    project = project_from_dict(doc)
    from workbench.core.data.datasets import prepare_data

    bundle = prepare_data(project)
    assert bundle.input_shape == [3, 28, 28]
    ns = script_data(project, tmp_path, bundle.input_shape, bundle.classes)
    assert ns["train_full"][0][0].shape == (3, 28, 28)


def test_the_script_samples_balanced_as_the_app_does(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["data"]["loader"]["balanced_sampling"] = True
    project = project_from_dict(doc)
    assert "WeightedRandomSampler(" in training_script(project, [3, 16, 16], ["circle", "square", "triangle"])
    assert "epoch 1/1" in run_script(project, tmp_path, [3, 16, 16], ["circle", "square", "triangle"])


def test_the_script_reproduces_a_pretrained_base_its_preprocessing_and_its_fine_tuning(tmp_path):
    import torchvision

    from tests.helpers import make_shapes_folder
    from workbench.core.model.pretrained import preprocessing

    torch.manual_seed(0)
    start = torchvision.models.mobilenet_v3_small().state_dict()
    torch.save(start, tmp_path / "start.pth")
    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=6), epochs=2)
    doc["model"] = {"base": {"torchvision": "mobilenet_v3_small", "weights": str(tmp_path / "start.pth"),
                             "freeze": True}}
    doc["data"]["transforms"] = [op.to_json() for op in preprocessing("mobilenet_v3_small")]
    doc["data"]["transforms"][:2] = [{"type": "Resize", "size": 20}, {"type": "CenterCrop", "size": 16}]  # edited
    doc["training"]["finetune"] = {"head_epochs": 1, "backbone_lr_factor": 0.1}
    script = training_script(project_from_dict(doc), [3, 16, 16], ["circle", "square", "triangle"])
    assert "model.load_state_dict(torch.load(" in script and "model.classifier[3] = nn.Linear(1024, 3)" in script
    assert "v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])" in script
    assert "{'params': backbone_params, 'lr': 0.01 * 0.1}" in script
    stdout = run_script(project_from_dict(doc), tmp_path, [3, 16, 16], ["circle", "square", "triangle"])
    assert "epoch 2/2" in stdout
    trained = torch.load(tmp_path / "model.pth")
    assert trained["classifier.3.weight"].shape == (3, 1024)
    assert not torch.equal(trained["features.0.0.weight"], start["features.0.0.weight"])  # unfrozen in epoch 2
