"""CUDA's fast paths, run on the CPU. The device-resident decode-once cache (the CUDA default): batches cut
where the cache lives, random augmentation per sample on the device; with $WORKBENCH_RESIDENT_DATA=1 on the
CPU it must train exactly as the ordinary path (a DataLoader over the cached samples) does. The fused or
multi-tensor optimizer updates as the plain one."""

import pytest
import torch

from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.core.training.engine import train
from workbench.core.training.events import RunStarted
from workbench.core.training.loaders import RESIDENT_VARIABLE, EpochLoader, TensorBatches


def trained(doc, out, monkeypatch, resident: str):
    monkeypatch.setenv(RESIDENT_VARIABLE, resident)
    events = []
    finished = train(project_from_dict(doc), out_dir=out, listeners=[events.append])
    started = next(e for e in events if isinstance(e, RunStarted))
    return torch.load(f"{finished.run_dir}/model.pth", weights_only=True), started.notes[0], finished


@pytest.mark.parametrize("augment", [[], [{"type": "RandomHorizontalFlip", "p": 0.5},
                                          {"type": "RandomCrop", "size": 16, "padding": 2}]])
def test_resident_batches_train_exactly_like_the_ordinary_path(tmp_path, shapes_folder, monkeypatch, augment):
    doc = minimal_project_doc(shapes_folder, epochs=2)
    doc["data"]["augment"] = augment
    doc["data"]["transforms"] = [{"type": "ToTensor"}, {"type": "Normalize", "mean": [0.5] * 3, "std": [0.25] * 3}]
    ordinary, note0, _fin = trained(doc, tmp_path / "a", monkeypatch, "0")
    resident, note1, fin = trained(doc, tmp_path / "b", monkeypatch, "1")
    assert "kept in memory" in note0 and "kept on cpu: batches are cut there" in note1
    assert fin.metrics["val_accuracy"] > 0.5
    assert all(torch.equal(ordinary[k], resident[k]) for k in ordinary)


def test_which_loader_each_choice_makes(shapes_folder, monkeypatch):
    from workbench.core.data.datasets import prepare_data
    from workbench.core.training.loaders import make_loaders

    doc = minimal_project_doc(shapes_folder)
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}]
    project = project_from_dict(doc)
    bundle = prepare_data(project)
    monkeypatch.setenv(RESIDENT_VARIABLE, "1")
    assert isinstance(make_loaders(bundle, project.data, 0, device=torch.device("cpu")).train, TensorBatches)
    monkeypatch.delenv(RESIDENT_VARIABLE)  # the default: resident on CUDA only
    assert isinstance(make_loaders(bundle, project.data, 0, device=torch.device("cpu")).train, EpochLoader)


def test_on_cuda_the_optimizer_is_fused_or_multi_tensor_and_steps_the_same(shapes_folder):
    from workbench.core.training.optim import make_optimizer

    def stepped(optimizer_doc, device):
        t = project_from_dict(minimal_project_doc(shapes_folder, optimizer=optimizer_doc)).training
        torch.manual_seed(0)
        net = torch.nn.Linear(4, 2)
        opt = make_optimizer(t, net.parameters(), device)  # the parameters stay on the CPU: the same code runs
        for _step in range(3):
            opt.zero_grad()
            net(torch.ones(8, 4)).square().sum().backward()
            opt.step()
        return opt.param_groups[0], net.weight.detach()

    group, fused = stepped({"type": "Adam", "lr": 0.01}, torch.device("cuda"))
    assert group["fused"] is True
    _group, plain = stepped({"type": "Adam", "lr": 0.01}, torch.device("cpu"))
    assert torch.allclose(fused, plain, atol=1e-6)
    group, _weights = stepped({"type": "RMSprop", "lr": 0.01}, torch.device("cuda"))
    assert group["foreach"] is True
