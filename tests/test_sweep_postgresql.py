"""Several machines, one study: two worker processes join one sweep through a real PostgreSQL server, which this
test starts from Debian's packages in a temporary folder and stops again."""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import make_shapes_folder, minimal_project_doc


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres_url():
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)")
    pytest.importorskip("psycopg2", reason="the PostgreSQL driver (pip install 'torch-workbench[postgresql]')")
    run_as: list[str] = []
    # Outside pytest's folders: the server's user must be able to reach it (pytest's are private to root).
    home = Path(tempfile.mkdtemp(prefix="workbench-postgresql-"))
    data = home / "pgdata"
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: as its own system user
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a 'postgres' user to start the server as")
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chmod(home, 0o755)
        data.mkdir()
        os.chown(data, user.pw_uid, user.pw_gid)
    port = _free_port()
    subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
                   check=True, capture_output=True)
    subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"), "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    try:
        subprocess.run([*run_as, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        "sweeps"], check=True, capture_output=True)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/sweeps"
    finally:
        subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def test_two_workers_on_one_postgresql_study(postgres_url, tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=8, size=16)
    (tmp_path / "shapes.wbproj").write_text(json.dumps(minimal_project_doc(folder, epochs=1)))
    command = [sys.executable, "-m", "workbench", "sweep", str(tmp_path / "shapes.wbproj"), "--trials", "6",
               "--storage", postgres_url, "--study", "shared", "--pruner", "none", "--json",
               "--param", "training.optimizer.lr=log:1e-3:1e-1"]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [w.communicate(timeout=600) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err for _, err in results]
    reports = [json.loads(out) for out, _ in results]
    import optuna

    # After both: the study itself (a report printed by the first to finish may show the other's last trial
    # still RUNNING, as it was then).
    trials = optuna.load_study(study_name="shared", storage=postgres_url).trials
    assert sorted(t.number for t in trials) == list(range(6))  # one study: numbered once, not twice
    assert all(t.state.name == "COMPLETE" for t in trials)
    # Both "machines" worked on that one study (which did how many trials depends on who started first).
    assert {t.user_attrs["pid"] for t in trials} <= {w.pid for w in workers}
    assert all(sorted(t["number"] for t in r["trials"]) == list(range(6)) for r in reports)
