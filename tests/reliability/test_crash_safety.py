"""SIGKILL at random moments while files are being written: every file on disk is a complete version."""

import json
import random
import subprocess
import sys
import time

import torch

from workbench.core.storage.model_files import safe_load

# The child writes two versions of a project and of a checkpoint, alternately, forever, through the same
# atomic_write every save in the app uses. It imports no torch, so it starts fast enough to kill 100+ times.
CHILD = r"""
import sys
from workbench.core.storage.atomic import atomic_write_bytes
folder = sys.argv[1]
versions = [open(f"{folder}/{name}", "rb").read() for name in ("p0", "p1", "c0", "c1")]
print("ready", flush=True)
i = 0
while True:
    atomic_write_bytes(f"{folder}/project.wbproj", versions[i % 2])
    atomic_write_bytes(f"{folder}/last.pt", versions[2 + i % 2])
    i += 1
"""


def test_killed_writers_never_leave_half_a_file(tmp_path):
    projects = [json.dumps({"version": v, "padding": "x" * 200_000}).encode() for v in (0, 1)]
    for i, data in enumerate(projects):
        (tmp_path / f"p{i}").write_bytes(data)
    checkpoints = [{"epoch": v, "model": {"w": torch.full((300, 300), float(v))}} for v in (0, 1)]
    for i, ckpt in enumerate(checkpoints):
        torch.save(ckpt, tmp_path / f"c{i}")
    rng = random.Random(0)
    kills = 0
    for _ in range(110):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.03))
        child.kill()
        child.wait()
        kills += 1
        if (tmp_path / "project.wbproj").exists():
            assert (tmp_path / "project.wbproj").read_bytes() in projects
        if (tmp_path / "last.pt").exists():
            loaded = safe_load(tmp_path / "last.pt")
            assert loaded["epoch"] in (0, 1)
            assert torch.equal(loaded["model"]["w"], checkpoints[loaded["epoch"]]["model"]["w"])
    assert kills >= 100
    assert (tmp_path / "project.wbproj").exists() and (tmp_path / "last.pt").exists()
