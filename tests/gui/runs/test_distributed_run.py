"""The window's handle on a multi-process run: events come back from rank 0, stop ends every process."""

import os

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.training.events import EpochEnded, Finished, RunStarted
from workbench.core.project.io import project_from_dict
from workbench.core.training.checkpoints import load_checkpoint
from workbench.gui.runs.distributed_run import DistributedRun


def test_events_stream_from_rank_0(qtbot, tmp_path, shapes_folder):
    run = DistributedRun(project_from_dict(minimal_project_doc(shapes_folder, epochs=2)), nproc=2,
                         out_dir=tmp_path / "runs")
    events = []
    run.event.connect(events.append)
    with qtbot.waitSignal(run.ended, timeout=120_000):
        run.start()
    assert isinstance(events[0], RunStarted) and events[0].notes[-1].startswith("distributed: 2 processes")
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == [1, 2]
    assert isinstance(events[-1], Finished) and events[-1].reason == "completed"
    assert len(os.listdir(tmp_path / "runs")) == 1
    run.close()


def test_stop_ends_all_processes_and_keeps_last_pt(qtbot, tmp_path):
    folder = make_shapes_folder(tmp_path / "big", per_class=150, size=32)
    doc = minimal_project_doc(folder, epochs=300)
    doc["data"]["loader"]["batch_size"] = 4
    run = DistributedRun(project_from_dict(doc), nproc=2, out_dir=tmp_path / "runs")
    epochs, failures = [], []
    run.event.connect(lambda e: epochs.append(e) if isinstance(e, EpochEnded) else None)
    run.failed.connect(failures.append)
    run.start()
    qtbot.waitUntil(lambda: len(epochs) > 0, timeout=120_000)
    run.pause()
    assert run.paused
    run.resume()
    with qtbot.waitSignal(run.ended, timeout=60_000):
        run.stop()
    assert not run.running
    run_dir = next((tmp_path / "runs").iterdir())
    assert load_checkpoint(run_dir / "last.pt").epoch >= 1
    run.close()


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
    monkeypatch.setattr(DistributedRun, "start", lambda self: started.append(self.command))
    window.start_training()
    assert isinstance(window.run, DistributedRun)
    assert started and "--nproc-per-node" in started[0] and started[0][started[0].index("--nproc-per-node") + 1] == "2"
    combo.setCurrentIndex(combo.findData("cpu"))
    assert panel.processes == 1
