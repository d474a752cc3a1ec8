"""torchvision bases: the head replaced for N classes, freezing, and where weights come from."""

import pytest
import torch

from workbench.core.errors import CheckpointError, ModelError
from workbench.core.model import pretrained
from workbench.core.model.builder import build_model, plan_model
from workbench.core.project.io import model_from_dict
from workbench.core.storage.model_files import save


def base(name="resnet18", weights=None, freeze=True, replace=None):
    doc = {"input_shape": [3, 64, 64], "base": {"torchvision": name, "weights": weights, "freeze": freeze}}
    if replace:
        doc["replace"] = replace
    return model_from_dict(doc)


def test_resnet18_random_init_head_replaced_and_frozen():
    net = build_model(base(), [3, 64, 64], 4)
    assert net.fc.out_features == 4 and net.fc.in_features == 512
    trainable = [n for n, p in net.named_parameters() if p.requires_grad]
    assert trainable == ["fc.weight", "fc.bias"]
    assert net(torch.rand(2, 3, 64, 64)).shape == (2, 4)


def test_primer_vgg16_style_replace_with_explicit_path():
    m = base("vgg16", replace={"classifier.6": {"type": "Linear", "in_features": 4096, "out_features": 10}},
             freeze=False)
    plan = plan_model(m, [3, 224, 224], 10)
    assert plan.error is None and plan.output_shape == [10]
    assert plan.trainable_params == plan.total_params
    assert plan.layers[0].type.startswith("features")


def test_unknown_module_path():
    plan = plan_model(base(replace={"head.9": {"type": "Linear"}}), [3, 64, 64], 3)
    assert isinstance(plan.error, ModelError) and "no module at 'head.9'" in str(plan.error)


def test_weights_from_a_local_file(tmp_path):
    import torchvision

    reference = torchvision.models.resnet18()
    save(reference.state_dict(), tmp_path / "r18.pth")
    net = build_model(base(weights=str(tmp_path / "r18.pth")), [3, 64, 64], 3)
    assert torch.equal(net.conv1.weight, reference.conv1.weight)


def test_weights_from_torchvision_cache(tmp_path, monkeypatch):
    import torchvision

    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    enum = torchvision.models.ResNet18_Weights.DEFAULT
    reference = torchvision.models.resnet18()
    save(reference.state_dict(), tmp_path / "hub" / "checkpoints" / enum.url.rsplit("/", 1)[-1])
    net = build_model(base(weights="DEFAULT"), [3, 64, 64], 3)
    assert torch.equal(net.layer1[0].conv1.weight, reference.layer1[0].conv1.weight)


def test_no_cache_and_no_download_offers_random_init(tmp_path):
    with pytest.raises(CheckpointError, match=r"no weights at all \(a random start\) — the Model tab.s Weights, or model.base.weights \(a path, or null\)"):
        pretrained._download("http://127.0.0.1:9/resnet18.pth", tmp_path / "x.pth", "resnet18")
    assert not (tmp_path / "x.pth").exists()


def test_unknown_weights_name():
    with pytest.raises(CheckpointError, match="no weights named 'BEST'"):
        build_model(base(weights="BEST"), [3, 64, 64], 3)


def test_weights_of_another_architecture_are_named(tmp_path):
    import torchvision

    save(torchvision.models.mobilenet_v3_small().state_dict(), tmp_path / "m.pth")
    with pytest.raises(CheckpointError, match="missing keys: conv1.weight"):
        build_model(base(weights=str(tmp_path / "m.pth")), [3, 64, 64], 3)


def test_every_catalogue_entry_matches_its_torchvision_weights():
    """The menus' sizes and parameter counts are the weights' own, and each base has a Linear head to replace."""
    import torchvision

    from workbench.core.catalogs.architectures import ARCHITECTURES

    for arch in ARCHITECTURES.values():
        weights = torchvision.models.get_model_weights(arch.name).DEFAULT
        assert weights.transforms().crop_size == [arch.input_size], arch.name
        assert abs(weights.meta["num_params"] / 1e6 - arch.params_m) < 0.06, arch.name
        assert pretrained.head_path(arch.name)


@pytest.mark.parametrize("name, head", [("convnext_tiny", "classifier.2"), ("regnet_y_400mf", "fc"),
                                        ("vit_b_16", "heads.head"), ("swin_t", "head"), ("densenet121", "classifier"),
                                        ("mobilenet_v3_large", "classifier.3")])
def test_the_head_is_found_in_each_family_and_replaced_for_the_classes(name, head):
    size = 224 if name == "vit_b_16" else 64
    plan = plan_model(base(name), [3, size, size], 5)
    assert pretrained.head_path(name) == head
    assert plan.error is None and plan.output_shape == [5]
    # Frozen: only the new head learns.
    assert plan.trainable_params == sum(row.trainable for row in plan.layers) < plan.total_params


def test_preprocessing_comes_from_the_weights_transforms():
    ops = [op.to_json() for op in pretrained.preprocessing("efficientnet_b1")]
    assert ops == [{"type": "Resize", "size": 255}, {"type": "CenterCrop", "size": 240}, {"type": "ToTensor"},
                   {"type": "Normalize", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}]
    # Another weights entry of the same architecture brings its own recipe.
    assert pretrained.preprocessing("resnet50", "IMAGENET1K_V1")[0].args == {"size": 256}
    assert pretrained.preprocessing("resnet50")[0].args == {"size": 232}
    # Swin was trained with bicubic resizing: the Resize says so, and runs so.
    resize = pretrained.preprocessing("swin_t")[0]
    assert resize.args == {"size": 232, "interpolation": "bicubic"}
    from torchvision.transforms import InterpolationMode, v2

    from workbench.core.catalogs.transforms import TRANSFORMS

    x = torch.rand(3, 300, 300)
    ours = TRANSFORMS["Resize"].resolve()(**TRANSFORMS["Resize"].kwargs(resize.args))
    assert torch.equal(ours(x), v2.Resize(232, interpolation=InterpolationMode.BICUBIC)(x))


def test_a_missing_cache_file_says_which_file_goes_where(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    with pytest.raises(CheckpointError) as e:
        build_model(base("mobilenet_v3_small", weights="DEFAULT"), [3, 64, 64], 3)
    folder = tmp_path / "torch" / "hub" / "checkpoints"
    assert f"put the file mobilenet_v3_small-047dcff4.pth into {folder}" in str(e.value)


def test_a_missing_local_file_is_named(tmp_path):
    with pytest.raises(CheckpointError, match="model.base.weights: .*nowhere.pth: no such file"):
        build_model(base(weights=str(tmp_path / "nowhere.pth")), [3, 64, 64], 3)


def test_cached_weights_of_a_new_family_load_through_the_real_path(tmp_path, monkeypatch):
    """A state_dict saved under the cache's own file name is what the base starts from."""
    import torchvision

    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    enum = torchvision.models.get_model_weights("regnet_y_400mf").DEFAULT
    reference = torchvision.models.regnet_y_400mf()
    save(reference.state_dict(), pretrained.cache_path(enum))
    assert pretrained.cache_path(enum) == tmp_path / "hub" / "checkpoints" / "regnet_y_400mf-e6988f5f.pth"
    net = build_model(base("regnet_y_400mf", weights="DEFAULT"), [3, 64, 64], 3)
    assert torch.equal(net.stem[0].weight, reference.stem[0].weight)
    assert net.fc.out_features == 3


def test_a_greyscale_folder_reaches_a_base_as_rgb_with_the_bases_preprocessing(tmp_path):
    """color_mode auto reads a folder of 1-channel images as RGB for a base: its first layer takes 3 channels."""
    from PIL import Image

    from tests.helpers import make_shapes_folder, minimal_project_doc
    from workbench.core.data.datasets import prepare_data
    from workbench.core.project.io import project_from_dict

    folder = make_shapes_folder(tmp_path / "grey", per_class=4, size=24)
    for path in folder.rglob("*.png"):
        Image.open(path).convert("L").save(path)
    doc = minimal_project_doc(folder)
    doc["model"] = {"base": {"torchvision": "resnet18", "weights": None, "freeze": True}}
    doc["data"]["transforms"] = [op.to_json() for op in pretrained.preprocessing("resnet18")]
    doc["data"]["transforms"][:2] = [{"type": "Resize", "size": 36}, {"type": "CenterCrop", "size": 32}]
    bundle = prepare_data(project_from_dict(doc))
    assert bundle.input_shape == [3, 32, 32]
    x, _label = bundle.train[0]
    assert plan_model(project_from_dict(doc), bundle.input_shape, 3).error is None
    assert x.min() < 0  # normalised with the ImageNet statistics (a dark background), not left in [0, 1]
