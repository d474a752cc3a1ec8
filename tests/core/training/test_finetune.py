"""training.finetune: the head alone first, then the whole base at a lower learning rate; exact resume across."""

import pytest
import torch

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.errors import ProjectError
from workbench.core.project.io import project_from_dict, project_to_dict
from workbench.core.storage.model_files import save
from workbench.core.training.engine import train
from workbench.core.training.events import RunStarted


@pytest.fixture
def base_doc(tmp_path):
    """mobilenet_v3_small from a weights file (random, as a stand-in for ImageNet's), on a few 16×16 shapes."""
    import torchvision

    torch.manual_seed(1)
    save(torchvision.models.mobilenet_v3_small().state_dict(), tmp_path / "start.pth")
    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=8), epochs=2)
    doc["data"]["loader"]["batch_size"] = 8
    doc["model"] = {"base": {"torchvision": "mobilenet_v3_small", "weights": str(tmp_path / "start.pth"), "freeze": True}}
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.05, "momentum": 0.9}
    doc["training"]["finetune"] = {"head_epochs": 1, "backbone_lr_factor": 0.1}
    return doc


def backbone(state: dict) -> dict:
    return {k: v for k, v in state.items() if k.endswith(("weight", "bias")) and not k.startswith("classifier.3.")}


def test_the_setting_reads_back_and_bad_values_are_named(base_doc):
    assert project_to_dict(project_from_dict(base_doc))["training"]["finetune"] == {
        "head_epochs": 1, "backbone_lr_factor": 0.1}
    base_doc["training"]["finetune"]["backbone_lr_factor"] = 2
    with pytest.raises(ProjectError, match="training.finetune.backbone_lr_factor"):
        project_from_dict(base_doc)


def test_head_alone_then_backbone_at_the_lower_rate_and_resume_across_the_switch_is_exact(base_doc, tmp_path):
    """Stopped after the head's epoch, resumed into the backbone's: the uninterrupted run, bit for bit."""
    start = torch.load(tmp_path / "start.pth")
    events = []
    first = train(project_from_dict(base_doc), epochs=1, out_dir=tmp_path / "a", listeners=[events.append])
    assert any("the new head alone for 1 epoch (" in n for n in events[0].notes if isinstance(events[0], RunStarted))
    after_head = torch.load(f"{first.run_dir}/last.pt", weights_only=True)
    assert all(torch.equal(v, start[k]) for k, v in backbone(after_head["model"]).items())  # frozen in epoch 1
    assert [g["lr"] for g in after_head["optimizer"]["param_groups"]] == [0.05, pytest.approx(0.005)]

    resumed = train(project_from_dict(base_doc), resume=f"{first.run_dir}/last.pt", out_dir=tmp_path / "b")
    straight = train(project_from_dict(base_doc), out_dir=tmp_path / "c")
    a = torch.load(f"{straight.run_dir}/last.pt", weights_only=True)
    b = torch.load(f"{resumed.run_dir}/last.pt", weights_only=True)
    moved = [k for k, v in backbone(a["model"]).items() if not torch.equal(v, start[k])]
    assert len(moved) > 0.9 * len(backbone(start))  # epoch 2: the backbone learns too
    assert all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"])
    assert [r["train_loss"] for r in a["metrics"]] == [r["train_loss"] for r in b["metrics"]]


def test_a_layer_stack_ignores_the_schedule_and_says_so(shapes_folder, tmp_path):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["training"]["finetune"] = {"head_epochs": 2, "backbone_lr_factor": 0.1}
    events = []
    train(project_from_dict(doc), out_dir=tmp_path, listeners=[events.append])
    assert any("applies to a pretrained base only" in n for n in events[0].notes)


def test_one_cycle_keeps_the_backbones_lower_rate_in_the_engine_and_the_script(base_doc, tmp_path):
    from workbench.core.results.script import training_script
    from workbench.core.training import distributed
    from workbench.core.training.engine import Request, build_run
    from workbench.core.training.events import RunControl

    base_doc["training"]["scheduler"] = {"type": "OneCycleLR"}
    project = project_from_dict(base_doc)
    run, _start, _facts = build_run(project, lambda e: None, RunControl(), Request(), distributed.from_env())
    head, backbone = run.optimizer.param_groups
    assert head["max_lr"] == 0.5 and backbone["max_lr"] == pytest.approx(0.05)
    script = training_script(project, [3, 16, 16], ["circle", "square", "triangle"])
    assert "max_lr=[0.5, 0.5 * 0.1]" in script
