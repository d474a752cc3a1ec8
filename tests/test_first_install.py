"""The first `make run` / `make test` says what it installs and shows pip's progress, and stays two commands.

Read from `make -n` (a dry run) with a venv that does not exist, so that the install recipe is what
make would run on a fresh machine; nothing is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def dry_run(target: str, venv: Path) -> list[str]:
    # Run under `make test` itself, make would inherit the outer make's flags and level (and print "Entering
    # directory" lines): the dry run is a make of its own.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    done = subprocess.run(["make", "--no-print-directory", "-n", target, f"VENV={venv}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
@pytest.mark.parametrize("target", ["run", "test"])
def test_a_first_install_names_what_it_installs_and_lets_pip_show_progress(target, tmp_path):
    lines = dry_run(target, tmp_path / "fresh-venv")
    # Before anything runs: one line naming what is installed, where, and roughly how big.
    assert lines[0].startswith("echo") and "Installing Torch Workbench and its dependencies into" in lines[0]
    assert str(tmp_path / "fresh-venv") in lines[0] and re.search(r"\d+(\.\d+)? GB", lines[0])
    installs = [line for line in lines if " -m pip install " in line]
    package = [line for line in installs if "-e" in line.split()]
    assert len(package) == 1
    assert "--quiet" not in package[0] and " -q" not in package[0]  # its progress is what the user watches
    assert all("--quiet" in line for line in installs if "--upgrade pip" in line)


def test_the_quick_start_stays_two_commands_and_ci_runs_one_of_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
