"""A pretrained base end to end, as bench/bench_backbones.py does for every one (the large ones there only):
weights from the offline cache under torchvision's file name, frozen, one epoch, TorchScript and ONNX."""

import pytest

from bench.bench_backbones import cache_random_weights, check_backbone
from tests.helpers import make_shapes_folder


@pytest.mark.parametrize("arch", ["resnet18"])
def test_a_base_from_the_cache_freezes_trains_an_epoch_and_exports(arch, tmp_path, monkeypatch):
    pytest.importorskip("onnx")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    cache_random_weights(arch)
    folder = make_shapes_folder(tmp_path / "shapes", per_class=4, size=32)
    result = check_backbone(arch, folder, tmp_path, size=32)
    assert result["frozen"] and result["classes"] == 3
    assert (result["torchscript"], result["onnx"]) == ("pass", "pass")
