"""Runs started at the same moment each get a run directory of their own (sweep trials, two windows)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict

CLAIM = """
import sys, time
from workbench.core.project.io import load_project
from workbench.core.training.runs import make_run_dir
project, out, start = load_project(sys.argv[1]), sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))  # all eight at the same instant
print(make_run_dir(project, out))
"""


def test_eight_processes_started_at_once_each_claim_their_own_run_directory(tmp_path):
    from workbench.core.project.io import save_project

    project_file = save_project(project_from_dict(minimal_project_doc(tmp_path / "data")), tmp_path / "p.wbproj")
    out = tmp_path / "runs"
    start = time.time() + 3.0
    procs = [subprocess.Popen([sys.executable, "-c", CLAIM, str(project_file), str(out), str(start)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    claimed = [Path(stdout.strip()) for stdout, _ in results]
    assert len(set(claimed)) == 8 and all(d.is_dir() and d.parent == out for d in claimed)
    assert sorted(d.name for d in out.iterdir()) == sorted(d.name for d in claimed)
