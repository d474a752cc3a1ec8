"""A multi-process run followed from the window like any other: rank 0's events stream back over the same
protocol, and pause / stop reach every process."""

import os

from tests.helpers import make_shapes_folder, minimal_project_doc, write_project
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.events import BatchEnded, EpochEnded, Finished, RunStarted
from workbench.gui.runs.process import RunProcess
from workbench.gui.runs.server import RunServer


def test_events_stream_from_rank_0(qtbot, tmp_path, shapes_folder):
    project = write_project(tmp_path, minimal_project_doc(shapes_folder, epochs=2))
    server = RunServer()
    run = RunProcess(["train", str(project), "--out", str(tmp_path / "runs"), "--nproc-per-node", "2"], server)
    events = []
    run.event.connect(events.append)
    with qtbot.waitSignal(run.ended, timeout=120_000):
        run.start()
    assert isinstance(events[0], RunStarted) and events[0].notes[-1].startswith("distributed: 2 processes")
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == [1, 2]
    assert isinstance(events[-1], Finished) and events[-1].reason == "completed"
    assert len(os.listdir(tmp_path / "runs")) == 1 and run.returncode == 0


def test_pause_and_stop_reach_every_process_and_keep_last_pt(qtbot, tmp_path):
    folder = make_shapes_folder(tmp_path / "big", per_class=150, size=32)
    doc = minimal_project_doc(folder, epochs=300)
    doc["data"]["loader"]["batch_size"] = 4
    server = RunServer()
    run = RunProcess(["train", str(write_project(tmp_path, doc)), "--out", str(tmp_path / "runs"),
                      "--nproc-per-node", "2"], server)
    events, failures = [], []
    run.event.connect(events.append)
    run.failed.connect(failures.append)
    run.start()
    qtbot.waitUntil(lambda: any(isinstance(e, EpochEnded) for e in events), timeout=120_000)
    run.pause()
    qtbot.wait(1500)  # the processes agree to pause within a few batches
    held = len(events)
    qtbot.wait(1500)
    assert len(events) == held and run.running
    run.resume()
    qtbot.waitUntil(lambda: len(events) > held, timeout=60_000)
    assert isinstance(events[-1], BatchEnded)
    with qtbot.waitSignal(run.ended, timeout=60_000):
        run.stop()
    assert not run.running and not failures and run.returncode == 3
    assert events[-1].reason == "stopped"
    run_dir = next((tmp_path / "runs").iterdir())
    assert load_checkpoint(run_dir / "last.pt").epoch >= 1


def test_all_gpus_choice_runs_the_project_distributed(qtbot, window, monkeypatch):
    # No GPUs here: the device list a two-GPU machine gives is what the menu is built from.
    from workbench.core.training.device import DeviceInfo
    from workbench.gui.panels import training as training_panel

    monkeypatch.setattr("workbench.core.training.device.available_devices", lambda: [
        DeviceInfo("cpu", "CPU"), DeviceInfo("cuda:0", "GPU A (80 GB)"), DeviceInfo("cuda:1", "GPU B (80 GB)")])
    panel = window.training_panel
    panel.set_devices(training_panel.available_devices())
    combo = panel.device_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert any(label.startswith("All GPUs (2)") for label in labels)
    combo.setCurrentIndex(combo.findData(training_panel.ALL_GPUS))
    assert window.project.training.device == "cuda" and panel.processes == 2
    started = []
    monkeypatch.setattr(RunProcess, "start", lambda self: started.append(self.args))
    window.start_training()
    assert started and started[0][started[0].index("--nproc-per-node") + 1] == "2"
    window.run = None
    combo.setCurrentIndex(combo.findData("cpu"))
    assert panel.processes == 1
