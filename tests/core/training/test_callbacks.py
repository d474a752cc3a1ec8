"""The loop's callbacks: each may stop the run, and each keeps its state across a resume."""

import pytest

from tests.helpers import minimal_project_doc
from workbench.core.catalogs.training import SCHEDULERS, scheduler_interval
from workbench.core.project.io import project_from_dict
from workbench.core.training.callbacks import Callback
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train
from workbench.core.training.events import BatchEnded, EpochEnded


def test_early_stopping_keeps_its_patience_across_a_resume(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=10)
    # Nothing after epoch 1 counts as better: the run stops when patience (3 epochs without a new best) runs out.
    doc["training"]["early_stopping"] = {"patience": 3, "min_delta": 100.0}
    straight = train(project_from_dict(doc), out_dir=tmp_path / "a")
    assert straight.reason == "early_stopping" and straight.epochs_done == 4
    first = train(project_from_dict(doc), out_dir=tmp_path / "b", epochs=3)  # waited 2 epochs when it ends
    assert load_checkpoint(f"{first.run_dir}/last.pt").raw["callbacks"]["early_stopping"] == {"waited": 2}
    resumed = train(project_from_dict(doc), resume=f"{first.run_dir}/last.pt")
    assert resumed.reason == "early_stopping" and resumed.epochs_done == 4  # not 6: the count went on


def test_a_callback_can_stop_the_run_with_its_reason(tmp_path, shapes_folder):
    class StopAfterFirstEpoch(Callback):
        name = "stopper"

        def on_epoch_end(self, run, metrics):
            run.request_stop("pruned", "the trial was pruned")

    events = []
    finished = train(project_from_dict(minimal_project_doc(shapes_folder, epochs=5)), listeners=[events.append],
                     out_dir=tmp_path, callbacks=[StopAfterFirstEpoch()])
    assert (finished.reason, finished.epochs_done, finished.message) == ("pruned", 1, "the trial was pruned")
    assert len([e for e in events if isinstance(e, EpochEnded)]) == 1


@pytest.mark.parametrize("scheduler", ["OneCycleLR", "StepLR"])
def test_the_scheduler_steps_when_its_catalogue_entry_says(tmp_path, shapes_folder, scheduler):
    doc = minimal_project_doc(shapes_folder, epochs=2, scheduler={"type": scheduler, **(
        {"step_size": 1, "gamma": 0.5} if scheduler == "StepLR" else {})})
    doc["data"]["loader"]["batch_size"] = 4  # several batches per epoch
    events = []
    train(project_from_dict(doc), listeners=[events.append], out_dir=tmp_path)
    lrs_in_epoch_1 = {e.lr for e in events if isinstance(e, BatchEnded) and e.epoch == 1}
    epoch_lrs = [e.metrics["lr"] for e in events if isinstance(e, EpochEnded)]
    if scheduler_interval(scheduler) == "batch":
        assert len(lrs_in_epoch_1) > 1  # a new rate every batch
    else:
        assert len(lrs_in_epoch_1) == 1 and epoch_lrs[1] == pytest.approx(epoch_lrs[0] * 0.5)


def test_every_scheduler_entry_says_when_it_steps():
    assert {scheduler_interval(name) for name in SCHEDULERS} <= {"batch", "epoch"}
