"""Weights in, as PyTorch users hold them: prefixes from DataParallel, torch.compile and wrapper modules, a head
for another number of classes; and the run's result out: model.pth is the epoch the run reports."""

import json

import pytest
import torch
from torch import nn

from tests.helpers import minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.errors import CheckpointError
from workbench.core.model.builder import build_model, head_modules
from workbench.core.project.io import project_from_dict
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train
from workbench.core.training.weights import fit_weights, load_fitted, read_state_dict


@pytest.fixture
def project(shapes_folder):
    return project_from_dict(minimal_project_doc(shapes_folder, epochs=1))


def fresh(project, classes=3):
    torch.manual_seed(1)
    return build_model(project, [3, 16, 16], classes)


def same(a: dict, b: dict) -> bool:
    return set(a) == set(b) and all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("prefix", ["module.", "_orig_mod.", "module._orig_mod.", "model1."])
def test_a_prefix_every_key_shares_is_removed_and_named(project, tmp_path, prefix):
    source = fresh(project).state_dict()
    path = tmp_path / "w.pth"
    torch.save({prefix + k: v for k, v in source.items()}, path)
    net = build_model(project, [3, 16, 16], 3)
    fitted = fit_weights(net, read_state_dict(path), str(path), head_modules(project))
    assert fitted.prefix == prefix and not fitted.fresh
    load_fitted(net, fitted)
    assert same(net.state_dict(), source)
    assert f"the prefix {prefix!r} was removed" in fitted.describe()


def test_the_primers_wrapper_module_loads(project, tmp_path):
    class Primer(nn.Module):  # the primer's style: self.model1 = nn.Sequential(...)
        def __init__(self, body):
            super().__init__()
            self.model1 = body

    body = fresh(project)
    path = tmp_path / "primer.pth"
    torch.save(Primer(body).state_dict(), path)
    net = build_model(project, [3, 16, 16], 3)
    load_fitted(net, fit_weights(net, read_state_dict(path), str(path), head_modules(project)))
    assert same(net.state_dict(), body.state_dict())


def test_weights_for_another_number_of_classes_load_all_but_the_head(project, tmp_path):
    five = fresh(project, classes=5).state_dict()
    path = tmp_path / "five.pth"
    torch.save(five, path)
    net = build_model(project, [3, 16, 16], 3)
    head_before = net.state_dict()["6.weight"].clone()
    fitted = fit_weights(net, read_state_dict(path), str(path), head_modules(project))
    assert fitted.fresh == ["6.weight", "6.bias"]
    load_fitted(net, fitted)
    state = net.state_dict()
    assert torch.equal(state["0.weight"], five["0.weight"]) and torch.equal(state["4.weight"], five["4.weight"])
    assert torch.equal(state["6.weight"], head_before)  # the head keeps its fresh initialisation
    assert "classifier head" in fitted.describe() and "starts fresh" in fitted.describe()


def test_weights_of_another_architecture_are_refused_naming_the_keys(project, tmp_path):
    path = tmp_path / "other.pth"
    torch.save(nn.Sequential(nn.Linear(4, 2)).state_dict(), path)
    net = build_model(project, [3, 16, 16], 3)
    before = {k: v.clone() for k, v in net.state_dict().items()}
    with pytest.raises(CheckpointError, match="missing keys: 0.bias, 2.weight|missing keys"):
        fit_weights(net, read_state_dict(path), str(path), head_modules(project))
    assert same(net.state_dict(), before)  # nothing changed


def test_a_training_scripts_checkpoint_dict_is_read(project, tmp_path):
    source = fresh(project).state_dict()
    path = tmp_path / "ckpt.pt"
    torch.save({"epoch": 3, "model_state_dict": source, "optimizer_state_dict": {}}, path)
    assert same(read_state_dict(path), source)


def test_a_run_starts_from_the_weights_and_records_them(project, tmp_path):
    source = fresh(project, classes=5).state_dict()
    torch.save({"module." + k: v for k, v in source.items()}, tmp_path / "init.pth")
    project.training.optimizer.args["lr"] = 1e-12  # training cannot move them: the result shows the start
    events = []
    finished = train(project, out_dir=tmp_path / "runs", init_weights=tmp_path / "init.pth",
                     listeners=[events.append])
    result = torch.load(f"{finished.run_dir}/model.pth")
    assert torch.allclose(result["0.weight"], source["0.weight"], atol=1e-6)
    run_json = json.loads((tmp_path / "runs" / finished.run_dir.split("/")[-1] / "run.json").read_text())
    assert run_json["initial_weights"] == {"file": str(tmp_path / "init.pth"), "prefix": "module.",
                                           "fresh": ["6.weight", "6.bias"]}
    started = next(e for e in events if type(e).__name__ == "RunStarted")
    assert any("started from the weights" in n and "starts fresh" in n for n in started.notes)


def test_cli_init_weights_and_not_with_resume(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    path = write(tmp_path, doc)
    torch.save(fresh(project_from_dict(doc)).state_dict(), tmp_path / "w.pth")
    out = run_cli("train", path, "--init-weights", tmp_path / "w.pth", "--out", tmp_path / "runs")
    assert out.returncode == 0, out.stderr
    assert "started from the weights" in out.stderr
    out = run_cli("train", path, "--init-weights", tmp_path / "w.pth", "--resume", tmp_path / "w.pth")
    assert out.returncode == 2 and "not both" in out.stderr


@pytest.mark.parametrize("keep_best", [True, False])
def test_model_pth_is_the_epoch_the_run_reports(tmp_path, shapes_folder, keep_best):
    doc = minimal_project_doc(shapes_folder, epochs=4)
    doc["training"]["keep_best"] = keep_best
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.5}  # a jumpy run: the best is rarely the last
    out = run_cli("train", write(tmp_path, doc), "--out", tmp_path / "runs", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    run_dir = result["run_dir"]
    model = torch.load(f"{run_dir}/model.pth")
    chosen = load_checkpoint(f"{run_dir}/{'best' if keep_best else 'last'}.pt")
    assert same(model, chosen.model_state)
    said = json.loads(open(f"{run_dir}/run.json").read())["result"]
    assert said == result["result"] and said["epoch"] == chosen.epoch
    assert said["chosen"] == ("best" if keep_best else "last")
    line = f"model.pth: epoch {said['epoch']}, " + ("the best by val_loss" if keep_best else "the last")
    assert line in out.stderr


def test_a_resumed_run_keeps_the_best_epoch_from_before_its_stop(tmp_path, shapes_folder):
    from workbench.core.training.events import BatchEnded, RunControl

    # Only an improvement by more than 10 counts: epoch 1 stays the best; the run is stopped in epoch 3, resumed.
    doc = minimal_project_doc(shapes_folder, epochs=4)
    doc["training"]["early_stopping"] = {"patience": 10, "min_delta": 10.0}
    control = RunControl()

    def stop_in_epoch_3(event):
        if isinstance(event, BatchEnded) and event.epoch == 3:
            control.request_stop()

    stopped = train(project_from_dict(doc), listeners=[stop_in_epoch_3], control=control, out_dir=tmp_path / "runs")
    resumed = train(project_from_dict(doc), resume=f"{stopped.run_dir}/last.pt")
    assert resumed.run_dir == stopped.run_dir and resumed.epochs_done == 4
    assert resumed.result["chosen"] == "best" and resumed.result["epoch"] == 1
    best = torch.load(f"{resumed.run_dir}/best.pt", weights_only=True)["model"]
    model = torch.load(f"{resumed.run_dir}/model.pth", weights_only=True)
    assert all(torch.equal(best[k], model[k]) for k in best)
    assert json.loads(open(f"{resumed.run_dir}/run.json").read())["result"]["epoch"] == 1
