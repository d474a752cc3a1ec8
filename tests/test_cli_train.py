"""`workbench train` and `workbench data`: exit codes, output streams, resume, Ctrl+C."""

import json
import signal
import subprocess
import sys
import time

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.runs import read_metrics_csv


def test_train_prints_epochs_and_the_run_dir_then_resumes(tmp_path, shapes_folder):
    project = write(tmp_path, minimal_project_doc(shapes_folder, epochs=3))
    out = run_cli("train", project, "--epochs", "2", "--out", tmp_path / "runs")
    assert out.returncode == 0, out.stderr
    run_dir = out.stdout.strip()
    assert run_dir.startswith(str(tmp_path / "runs")) and run_dir.endswith("-shapes")
    assert "epoch 1/2" in out.stderr and "epoch 2/2" in out.stderr and "val_acc" in out.stderr
    out = run_cli("train", project, "--resume", f"{run_dir}/last.pt", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["reason"] == "completed" and result["epochs_done"] == 3 and result["run_dir"] == run_dir
    assert [r["epoch"] for r in read_metrics_csv(f"{run_dir}/metrics.csv")] == [1, 2, 3]


def test_a_project_still_named_as_the_demo_names_its_runs_after_its_file(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=1)
    doc["name"] = "demo-shapes"  # the starter's name, never changed by hand
    out = run_cli("train", write(tmp_path, doc, "my-shapes.wbproj"), "--out", tmp_path / "runs")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("-my-shapes")


def test_bad_data_exits_2_with_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    out = run_cli("train", write(tmp_path, minimal_project_doc(tmp_path / "empty")))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1].startswith("error: ") and "no class sub-folders" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_bad_override_and_missing_project_exit_2(tmp_path, shapes_folder):
    project = write(tmp_path, minimal_project_doc(shapes_folder))
    assert run_cli("train", project, "--device", "gpu").returncode == 2
    assert run_cli("train", project, "--epochs", "0").returncode == 2
    out = run_cli("train", tmp_path / "nope.wbproj")
    assert out.returncode == 2 and "no such project file" in out.stderr


def test_diverged_run_exits_3(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=3, optimizer={"type": "SGD", "lr": 0.01},
                              scheduler={"type": "ExponentialLR", "gamma": 1e20})
    out = run_cli("train", write(tmp_path, doc), "--out", tmp_path / "runs")
    assert out.returncode == 3, out.stderr
    assert "the loss became" in out.stderr


def test_data_command(tmp_path, shapes_folder):
    (shapes_folder / "circle" / "broken.png").write_bytes(b"\x89PNG broken")
    out = run_cli("data", write(tmp_path, minimal_project_doc(shapes_folder)), "--json", "--mean-std")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert [c["name"] for c in s["classes"]] == ["circle", "square", "triangle"]
    assert s["train_samples"] + s["val_samples"] == 72 and s["skipped_count"] == 1
    assert len(s["normalize"]["mean"]) == 3
    text = run_cli("data", write(tmp_path, minimal_project_doc(shapes_folder))).stdout
    assert "circle" in text and "Skipped 1 files" in text


def test_ctrl_c_writes_last_pt_and_exits_130(tmp_path):
    folder = make_shapes_folder(tmp_path / "big", per_class=150, size=32)
    doc = minimal_project_doc(folder, epochs=200)
    doc["data"]["loader"]["batch_size"] = 4
    # A test run started in the background by a shell ignores SIGINT, and a child inheriting that ignores Ctrl+C
    # (Python turns it into KeyboardInterrupt only if it is not ignored): the child gets the default back.
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "train", str(write(tmp_path, doc)), "--out",
                             str(tmp_path / "runs")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    line = ""
    while "epoch 1/200" not in line and time.time() < deadline:
        line = proc.stderr.readline()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    run_dir = next((tmp_path / "runs").iterdir())
    ckpt = load_checkpoint(run_dir / "last.pt")
    assert ckpt.epoch >= 1 and len(ckpt.metrics) == ckpt.epoch
    assert "Traceback" not in err and "interrupted" in err
