"""The training engine end to end on tiny generated data: learning, events, files, stop/pause, NaN, resume."""

import threading
import time

import pytest
import torch
from torch import nn

from tests.helpers import minimal_project_doc, write_mnist_idx
from workbench.core.errors import DeviceError
from workbench.core.project.io import project_from_dict
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train
from workbench.core.training.events import (
    BatchEnded,
    CheckpointSaved,
    EpochEnded,
    Finished,
    RunControl,
    RunStarted,
    RunWarning,
)
from workbench.core.training.runs import read_metrics_csv


def run(doc, tmp_path, **kw):
    events = []
    finished = train(project_from_dict(doc), listeners=[events.append], out_dir=tmp_path / "runs", **kw)
    return finished, events


def of(events, cls):
    return [e for e in events if isinstance(e, cls)]


def test_learns_the_shapes_and_writes_the_run_directory(tmp_path, shapes_folder):
    finished, events = run(minimal_project_doc(shapes_folder, epochs=4), tmp_path)
    assert finished.reason == "completed" and finished.epochs_done == 4
    assert finished.metrics["val_accuracy"] >= 0.9  # chance is 1/3
    started = of(events, RunStarted)[0]
    assert started.classes == ["circle", "square", "triangle"] and started.input_shape == [3, 16, 16]
    epochs = of(events, EpochEnded)
    assert [e.epoch for e in epochs] == [1, 2, 3, 4]
    assert sum(map(sum, epochs[-1].confusion)) == 18 and len(epochs[-1].confusion) == 3
    assert of(events, BatchEnded) and isinstance(events[-1], Finished)
    run_dir = tmp_path / "runs" / finished.run_dir.rsplit("/", 1)[-1]
    assert {"project.json", "metrics.csv", "model.pth", "best.pt", "last.pt", "tensorboard"} <= {
        f.name for f in run_dir.iterdir()}
    rows = read_metrics_csv(run_dir / "metrics.csv")
    assert [r["epoch"] for r in rows] == [1, 2, 3, 4]
    assert list(rows[0])[:7] == ["epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds",
                                 "samples_per_s"]
    assert all(0 <= r["val_accuracy"] <= 1 and r["seconds"] > 0 for r in rows)


def test_model_pth_loads_into_a_hand_written_sequential(tmp_path, shapes_folder):
    finished, _ = run(minimal_project_doc(shapes_folder, epochs=1), tmp_path)
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(8 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 3))
    model.load_state_dict(torch.load(f"{finished.run_dir}/model.pth"))  # the primer's line, as written
    ckpt = load_checkpoint(f"{finished.run_dir}/best.pt")
    x = torch.rand(4, 3, 16, 16)
    model.eval()
    net = ckpt.build_model().eval()
    assert ckpt.classes == ["circle", "square", "triangle"]
    assert ckpt.epoch == 1 and torch.allclose(model(x), net(x))  # one epoch: best.pt holds model.pth's weights


def test_checkpoints_hold_only_safe_types(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["training"]["scheduler"] = {"type": "StepLR", "step_size": 1}
    finished, _ = run(doc, tmp_path)
    raw = torch.load(f"{finished.run_dir}/last.pt", weights_only=True)
    assert raw["epoch"] == 1 and raw["classes"] == ["circle", "square", "triangle"]
    assert set(raw) >= {"project", "model", "optimizer", "scheduler", "metrics", "rng", "input_shape"}


@pytest.mark.parametrize("optimizer, scheduler", [
    ({"type": "SGD", "lr": 0.05, "momentum": 0.9}, {"type": "StepLR", "step_size": 1, "gamma": 0.7}),
    ({"type": "Adam", "lr": 0.003}, None),
])
def test_resume_equals_an_uninterrupted_run(tmp_path, shapes_folder, optimizer, scheduler):
    doc = minimal_project_doc(shapes_folder, epochs=4)
    doc["model"]["layers"].insert(5, {"type": "Dropout", "p": 0.3})  # needs the RNG state restored
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}]  # and so does augmentation
    doc["training"]["optimizer"] = optimizer
    doc["training"]["scheduler"] = scheduler
    straight, _ = run(doc, tmp_path / "a")
    first, _ = run(doc, tmp_path / "b", epochs=2)
    resumed, events = run(doc, tmp_path / "c", resume=f"{first.run_dir}/last.pt")
    assert of(events, RunStarted)[0].start_epoch == 2 and resumed.epochs_done == 4
    a = torch.load(f"{straight.run_dir}/model.pth")
    b = torch.load(f"{resumed.run_dir}/model.pth")
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert [r["epoch"] for r in read_metrics_csv(f"{resumed.run_dir}/metrics.csv")] == [1, 2, 3, 4]


def test_decode_once_trains_exactly_like_streaming_from_disk(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=2)
    cached, events = run(doc, tmp_path / "a")
    assert "decoded once" in of(events, RunStarted)[0].notes[0]
    doc["data"]["cache_mb"] = 0
    streamed, events = run(doc, tmp_path / "b")
    assert "decoding every epoch" in of(events, RunStarted)[0].notes[0]
    a, b = torch.load(f"{cached.run_dir}/model.pth"), torch.load(f"{streamed.run_dir}/model.pth")
    assert all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)


def test_stop_mid_run_writes_last_pt(tmp_path, shapes_folder):
    control = RunControl()

    def stop_in_epoch_2(event):
        if isinstance(event, BatchEnded) and event.epoch == 2:
            control.request_stop()

    doc = minimal_project_doc(shapes_folder, epochs=5)
    finished = train(project_from_dict(doc), listeners=[stop_in_epoch_2], control=control,
                     out_dir=tmp_path / "runs")
    assert finished.reason == "stopped" and finished.stopped_itself
    ckpt = load_checkpoint(f"{finished.run_dir}/last.pt")
    assert ckpt.epoch == 1 and ckpt.partial_epoch


@pytest.mark.parametrize("feed", ["cached batches", "augmented per sample", "streamed from disk"])
def test_a_stop_mid_epoch_then_resume_gives_the_uninterrupted_weights_bit_for_bit(tmp_path, shapes_folder, feed):
    doc = minimal_project_doc(shapes_folder, epochs=3)
    doc["model"]["layers"].insert(5, {"type": "Dropout", "p": 0.3})  # draws the RNG every batch
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.05, "momentum": 0.9}
    doc["training"]["scheduler"] = {"type": "OneCycleLR", "max_lr": 0.1}  # steps every batch
    if feed != "cached batches":
        doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}, {"type": "RandomRotation", "degrees": 10}]
    if feed == "streamed from disk":
        doc["data"]["cache_mb"] = 0
    straight, _ = run(doc, tmp_path / "a")
    control = RunControl()

    def stop_in_epoch_2(event):
        if isinstance(event, BatchEnded) and event.epoch == 2:
            control.request_stop()  # honoured before the next batch is fetched

    stopped = train(project_from_dict(doc), listeners=[stop_in_epoch_2], control=control, out_dir=tmp_path / "b")
    raw = torch.load(f"{stopped.run_dir}/last.pt", weights_only=True)
    assert raw["partial_epoch"] and 0 < raw["position"]["batch"] < 4  # 54 training images, batches of 16
    resumed, events = run(doc, tmp_path / "c", resume=f"{stopped.run_dir}/last.pt")
    assert not of(events, RunWarning)  # no "starts over" any more
    batches = [e.batch for e in of(events, BatchEnded) if e.epoch == 2]
    assert batches[0] == raw["position"]["batch"] + 1  # the batches done are not done again
    a = torch.load(f"{straight.run_dir}/last.pt", weights_only=True)
    b = torch.load(f"{resumed.run_dir}/last.pt", weights_only=True)
    assert all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"])
    assert all(torch.equal(a["optimizer"]["state"][i]["momentum_buffer"], b["optimizer"]["state"][i]["momentum_buffer"])
               for i in a["optimizer"]["state"])
    # The interrupted epoch's numbers are the uninterrupted epoch's, not those of its second half.
    assert [r["train_loss"] for r in a["metrics"]] == [r["train_loss"] for r in b["metrics"]]
    assert [r["train_accuracy"] for r in a["metrics"]] == [r["train_accuracy"] for r in b["metrics"]]


def test_pause_holds_the_run_until_resumed(tmp_path, shapes_folder):
    control = RunControl()
    paused_at = []

    def pause_once(event):
        if isinstance(event, BatchEnded) and not paused_at:
            paused_at.append(event.step)
            control.pause()
            threading.Timer(0.4, control.resume).start()

    t0 = time.perf_counter()
    finished = train(project_from_dict(minimal_project_doc(shapes_folder, epochs=2)), listeners=[pause_once],
                     control=control, out_dir=tmp_path)
    wall = time.perf_counter() - t0
    assert wall >= 0.4
    assert finished.reason == "completed" and paused_at == [0]
    # Time spent paused is not counted as the epochs' time.
    epoch_seconds = sum(r["seconds"] for r in read_metrics_csv(f"{finished.run_dir}/metrics.csv"))
    assert epoch_seconds <= wall - 0.4


def test_nan_loss_stops_and_keeps_the_last_good_checkpoint(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=4)
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.01}
    doc["training"]["scheduler"] = {"type": "ExponentialLR", "gamma": 1e20}  # epoch 2's lr explodes
    finished, events = run(doc, tmp_path)
    assert finished.reason == "diverged" and finished.stopped_itself
    assert "at epoch 2, batch" in finished.message and "last.pt (epoch 1) is kept" in finished.message
    ckpt = load_checkpoint(f"{finished.run_dir}/last.pt")
    assert ckpt.epoch == 1 and all(torch.isfinite(v).all() for v in ckpt.model_state.values())
    assert [e.kind for e in of(events, CheckpointSaved)].count("last") == 1


def test_early_stopping(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=10)
    doc["training"]["early_stopping"] = {"patience": 1, "min_delta": 100.0}
    finished, _ = run(doc, tmp_path)
    assert finished.reason == "early_stopping" and finished.epochs_done == 2 and not finished.stopped_itself
    assert load_checkpoint(f"{finished.run_dir}/best.pt").epoch == 1


@pytest.mark.parametrize("loss", [{"type": "CrossEntropyLoss", "label_smoothing": 0.1, "weight": "balanced"},
                                  {"type": "NLLLoss"}, {"type": "BCEWithLogitsLoss"}, {"type": "MSELoss"},
                                  {"type": "L1Loss"}])
def test_every_loss_trains(tmp_path, shapes_folder, loss):
    doc = minimal_project_doc(shapes_folder, epochs=1, loss=loss)
    if loss["type"] == "NLLLoss":
        doc["model"]["layers"].append({"type": "LogSoftmax"})
    finished, _ = run(doc, tmp_path)
    assert finished.reason == "completed" and finished.metrics["train_loss"] >= 0


@pytest.mark.parametrize("scheduler", [{"type": "StepLR"}, {"type": "MultiStepLR", "milestones": [1]},
                                       {"type": "ExponentialLR"}, {"type": "CosineAnnealingLR"},
                                       {"type": "OneCycleLR"}, {"type": "ReduceLROnPlateau", "patience": 0}])
@pytest.mark.parametrize("optimizer", [{"type": "SGD", "nesterov": True, "momentum": 0.9}, {"type": "AdamW"},
                                       {"type": "RMSprop"}, {"type": "Adagrad"}])
def test_optimizers_and_schedulers_run_and_resume(tmp_path, shapes_folder, scheduler, optimizer):
    doc = minimal_project_doc(shapes_folder, epochs=2, scheduler=scheduler, optimizer=optimizer)
    first, _ = run(doc, tmp_path, epochs=1)
    resumed, _ = run(doc, tmp_path, resume=f"{first.run_dir}/last.pt")
    assert resumed.epochs_done == 2
    lrs = [r["lr"] for r in read_metrics_csv(f"{resumed.run_dir}/metrics.csv")]
    assert len(lrs) == 2 and all(lr >= 0 for lr in lrs)


def test_bf16_autocast_on_cpu(tmp_path, shapes_folder):
    finished, events = run(minimal_project_doc(shapes_folder, epochs=2, mixed_precision="bf16"), tmp_path)
    assert finished.reason == "completed" and finished.metrics["val_accuracy"] > 0.6
    assert any("bf16" in n for n in of(events, RunStarted)[0].notes)


def test_builtin_mnist_from_idx_files_trains(tmp_path):
    write_mnist_idx(tmp_path / "data", n_train=200, n_test=50)
    doc = minimal_project_doc("unused", epochs=3)
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path / "data")},
                   "validation": {"kind": "builtin"}, "loader": {"batch_size": 32}}
    doc["training"]["optimizer"] = {"type": "Adam", "lr": 0.003}
    finished, events = run(doc, tmp_path)
    assert of(events, RunStarted)[0].val_samples == 50
    assert finished.metrics["val_accuracy"] > 0.5  # chance is 0.1
    assert finished.metrics["val_top5"] >= finished.metrics["val_accuracy"]


def test_workers_with_augmentation_stream_from_disk(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["data"]["loader"]["num_workers"] = 1
    doc["data"]["cache_mb"] = 0
    doc["data"]["augment"] = [{"type": "RandomRotation", "degrees": 10}]
    finished, events = run(doc, tmp_path)
    assert finished.reason == "completed"
    assert any("caching is off" in n for n in of(events, RunStarted)[0].notes)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_unavailable_device_is_a_clear_error(tmp_path, shapes_folder):
    with pytest.raises(DeviceError, match="'cuda:1' is not available"):
        run(minimal_project_doc(shapes_folder, device="cuda:1"), tmp_path)


def test_tensorboard_events_read_back(tmp_path, shapes_folder):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    finished, _ = run(minimal_project_doc(shapes_folder, epochs=2), tmp_path)
    acc = EventAccumulator(f"{finished.run_dir}/tensorboard", size_guidance={"images": 4})
    acc.Reload()
    tags = acc.Tags()
    assert {"Loss/train", "Loss/val", "Accuracy/val", "LR", "Loss/batch"} <= set(tags["scalars"])
    assert [e.step for e in acc.Scalars("Loss/val")] == [1, 2]
    assert "samples" in tags["images"] and tags["graph"]


def test_balanced_sampling_draws_each_class_about_equally_often(tmp_path):
    from collections import Counter

    from tests.helpers import make_shapes_folder
    from workbench.core.data.datasets import prepare_data
    from workbench.core.training.loaders import make_loaders

    folder = tmp_path / "imbalanced"
    make_shapes_folder(folder, per_class=48, size=16, classes=["circle"])
    make_shapes_folder(folder, per_class=8, size=16, classes=["square", "triangle"])
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["loader"]["balanced_sampling"] = True
    project = project_from_dict(doc)
    bundle = prepare_data(project)
    for augmented in (False, True):  # cached batches, and per-sample loading
        if augmented:
            project.data.augment = project_from_dict({**doc, "data": {**doc["data"], "augment": [
                {"type": "RandomHorizontalFlip"}]}}).data.augment
            bundle = prepare_data(project)
        loaders = make_loaders(bundle, project.data, seed=0)
        drawn = Counter()
        for epoch in (1, 2, 3):
            loaders.train.set_epoch(epoch)
            for _, y in loaders.train:
                drawn.update(y.tolist())
        total = sum(drawn.values())
        assert total == 3 * len(bundle.train)
        assert all(abs(drawn[c] / total - 1 / 3) < 0.1 for c in range(3)), drawn  # not 75 % circles
        assert "balanced sampling" in loaders.note
    finished, events = run(doc, tmp_path / "runs")
    assert finished.reason == "completed" and "balanced sampling" in of(events, RunStarted)[0].notes[0]
