"""Data-parallel training: two gloo processes on the CPU, launched with --nproc-per-node."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.runs import read_metrics_csv


def test_two_processes_train_like_one(tmp_path, shapes_folder):
    project = write(tmp_path, minimal_project_doc(shapes_folder, epochs=3))
    single = run_cli("train", project, "--out", tmp_path / "single", "--json")
    out = run_cli("train", project, "--nproc-per-node", "2", "--out", tmp_path / "multi", "--json")
    assert out.returncode == 0, out.stderr
    runs = list((tmp_path / "multi").iterdir())
    assert len(runs) == 1  # only rank 0 writes
    assert json.loads((runs[0] / "run.json").read_text())["world_size"] == 2
    rows = read_metrics_csv(runs[0] / "metrics.csv")
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    single_acc = json.loads(single.stdout)["metrics"]["val_accuracy"]
    assert abs(rows[-1]["val_accuracy"] - single_acc) <= 0.1
    # The checkpoint holds the plain model's weights: it loads like any other.
    ckpt = load_checkpoint(runs[0] / "last.pt")
    assert ckpt.build_model() is not None and not any(k.startswith("module.") for k in ckpt.model_state)
    # And a distributed run resumes.
    resumed = run_cli("train", project, "--nproc-per-node", "2", "--resume", runs[0] / "last.pt", "--epochs", "4",
                      "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert [r["epoch"] for r in read_metrics_csv(runs[0] / "metrics.csv")] == [1, 2, 3, 4]


def test_bad_input_and_divergence_keep_their_exit_codes(tmp_path, shapes_folder):
    (tmp_path / "empty").mkdir()
    out = run_cli("train", write(tmp_path, minimal_project_doc(tmp_path / "empty")), "--nproc-per-node", "2")
    assert out.returncode == 2 and "no class sub-folders" in out.stderr
    doc = minimal_project_doc(shapes_folder, epochs=3, optimizer={"type": "SGD", "lr": 0.01},
                              scheduler={"type": "ExponentialLR", "gamma": 1e20})
    out = subprocess.run([sys.executable, "-m", "workbench", "train", str(write(tmp_path, doc, "nan.wbproj")),
                          "--nproc-per-node", "2", "--out", str(tmp_path / "runs")], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 3, out.stderr
    assert "the loss became" in out.stderr


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (state Z in /proc/PID/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _workers_of(pid: int) -> dict[int, str]:
    """Descendant processes of ``pid`` that are training ranks: {pid: RANK}."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = dict(item.split("=", 1) for item in (entry / "environ").read_text().split("\0") if "=" in item)
        except OSError:
            continue
        if env.get("WORKBENCH_STATUS_FILE") and "RANK" in env and "LOCAL_RANK" in env:
            found[int(entry.name)] = env["RANK"]
    return found


def test_killing_one_rank_ends_the_run_within_seconds(tmp_path):
    folder = make_shapes_folder(tmp_path / "big", per_class=150, size=32)
    doc = minimal_project_doc(folder, epochs=500)
    doc["data"]["loader"]["batch_size"] = 4
    launcher = subprocess.Popen([sys.executable, "-m", "workbench", "train", str(write(tmp_path, doc)),
                                 "--nproc-per-node", "2", "--out", str(tmp_path / "runs")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.time() + 180
        line = ""
        while "epoch 1/500" not in line and time.time() < deadline:
            line = launcher.stderr.readline()
        workers = _workers_of(launcher.pid)
        victim = next(pid for pid, rank in workers.items() if rank == "1")
        os.kill(victim, signal.SIGKILL)
        killed_at = time.time()
        _, err = launcher.communicate(timeout=60)
        assert time.time() - killed_at < 20
        assert launcher.returncode not in (0, 2, 3)
        assert "a training process failed" in err
        # No hung rank left behind: none still running (a killed rank may stay a zombie for a moment until the
        # process that inherited it reaps it — it runs nothing).
        deadline = time.time() + 5
        while any(_running(pid) for pid in workers) and time.time() < deadline:
            time.sleep(0.1)
        assert not any(_running(pid) for pid in workers)
        run_dir = next((tmp_path / "runs").iterdir())
        assert load_checkpoint(run_dir / "last.pt").epoch >= 1
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)


def test_a_fine_tuning_schedule_unfreezes_the_backbone_in_every_process(tmp_path, shapes_folder):
    """Two processes, head alone for epoch 1, then everything: the wrapper is made again at the switch (the
    backbone's gradients must be averaged too), so the run goes on and the backbone moves only after it."""
    import torch

    doc = minimal_project_doc(shapes_folder, epochs=2, finetune={"head_epochs": 1, "backbone_lr_factor": 0.1})
    doc["model"] = {"base": {"torchvision": "mobilenet_v3_small", "weights": None, "freeze": True}}
    weights = {}
    for epochs in (1, 2):
        doc["training"]["epochs"] = epochs
        out = run_cli("train", write(tmp_path, doc, f"e{epochs}.wbproj"), "--nproc-per-node", "2",
                      "--out", tmp_path / f"runs{epochs}", "--json")
        assert out.returncode == 0, out.stderr
        run = next((tmp_path / f"runs{epochs}").iterdir())
        assert json.loads((run / "run.json").read_text())["world_size"] == 2
        weights[epochs] = load_checkpoint(run / "last.pt").model_state
    backbone = [k for k in weights[1] if k.startswith("features.") and k.endswith("weight")]
    head = [k for k in weights[1] if k.startswith("classifier.3.")]
    assert backbone and head
    assert any(not torch.equal(weights[1][k], weights[2][k]) for k in backbone)  # epoch 2 trained the backbone
