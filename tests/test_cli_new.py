"""Getting started without a guess: `workbench new FOLDER`, and `data` / `train` given a folder directly."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.helpers import make_shapes_folder, run_cli
from workbench.core.project.io import load_project


def test_new_writes_a_starter_project_sized_to_the_folder(tmp_path):
    folder = make_shapes_folder(tmp_path / "flowers", per_class=6, size=16)
    out = run_cli("new", folder)
    assert out.returncode == 0, out.stderr
    path = Path(out.stdout.strip())
    assert path == tmp_path / "flowers.wbproj"
    project = load_project(path)
    assert project.name == "flowers" and project.model.layers[-1].type == "Linear"
    assert "3 classes, 18 images" in out.stderr and "workbench train" in out.stderr
    summary = run_cli("summary", path)  # the starter model fits the data: valid shapes, 3 outputs
    assert summary.returncode == 0 and "(3,)" in summary.stdout.replace("[3]", "(3,)")
    again = run_cli("new", folder)  # never over an existing project
    assert again.returncode == 2 and "exists" in again.stderr
    assert run_cli("new", folder, "-o", tmp_path / "mine", "--force").stdout.strip() == str(tmp_path / "mine.wbproj")


def test_images_of_several_sizes_are_resized_and_a_val_sibling_is_used(tmp_path):
    train = make_shapes_folder(tmp_path / "pets" / "train", per_class=4, size=40)
    make_shapes_folder(tmp_path / "pets" / "val", per_class=2, size=40)
    Image.new("RGB", (300, 200)).save(train / "circle" / "big.png")
    out = run_cli("new", train)
    assert out.returncode == 0, out.stderr
    project = load_project(out.stdout.strip())
    assert Path(out.stdout.strip()) == tmp_path / "pets.wbproj" and project.name == "pets"
    assert project.data.transforms[0].type == "Resize" and project.data.transforms[0].args["size"] == [64, 64]
    assert project.data.validation.kind == "folder" and project.data.validation.path.endswith("val")
    assert "different sizes" in out.stderr


def test_data_and_train_take_a_folder_and_say_which_project(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=6, size=16)
    data = run_cli("data", folder)
    assert data.returncode == 0 and "circle" in data.stdout
    assert "not written" in data.stderr and not (tmp_path / "shapes.wbproj").exists()
    train = run_cli("train", folder, "--epochs", "1")
    assert train.returncode == 0, train.stderr
    assert f"made the project {tmp_path / 'shapes.wbproj'}" in train.stderr
    assert Path(train.stdout.strip()).parent == tmp_path / "runs"
    again = run_cli("train", folder, "--epochs", "1")  # the project made before is used, not made again
    assert again.returncode == 0 and "using the project" in again.stderr
    data = run_cli("data", folder)  # data FOLDER too, once the project exists
    assert "using the project" in data.stderr and "not written" not in data.stderr


def test_new_with_a_pretrained_base_sets_its_preprocessing(tmp_path):
    folder = make_shapes_folder(tmp_path / "birds", per_class=4, size=16)
    out = run_cli("new", folder, "--base", "convnext_tiny")
    assert out.returncode == 0, out.stderr
    project = load_project(out.stdout.strip())
    assert project.model.base.torchvision == "convnext_tiny" and project.model.base.freeze
    assert [op.type for op in project.data.transforms] == ["Resize", "CenterCrop", "ToTensor", "Normalize"]
    assert project.data.transforms[0].args == {"size": 236} and project.data.transforms[1].args == {"size": 224}
    assert "Resize 236, CenterCrop 224, ToTensor, Normalize" in out.stderr
    unknown = run_cli("new", folder, "--base", "resnet1000", "--force")
    assert unknown.returncode == 2 and "resnet18" in unknown.stderr
