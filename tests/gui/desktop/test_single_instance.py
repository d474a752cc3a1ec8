"""A second launch with a project hands it to the running window; a dead or silent one never blocks it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from workbench.gui.desktop.single_instance import FileOpenFilter, InstanceServer, send_to_running, server_name

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def name():
    return f"wb-test-{uuid.uuid4().hex[:12]}"


def _launch(args: list[str], env_extra: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-c", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_name_is_per_user_and_per_data_dir(monkeypatch, tmp_path):
    first = server_name()
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "other"))
    assert server_name() != first and server_name().startswith("torch-workbench-")


def test_a_second_process_hands_its_project_to_the_running_one(qtbot, name, tmp_path):
    server = InstanceServer(name)
    assert server.listen()
    project = tmp_path / "p.wbproj"
    project.write_text("{}")
    code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from workbench.gui.desktop.single_instance import send_to_running;"
            "print(send_to_running([sys.argv[1]], sys.argv[2]))")
    with qtbot.waitSignal(server.open_requested, timeout=10000) as got:
        proc = _launch([code, str(project), name])
    out, err = proc.communicate(timeout=20)
    assert out.strip() == "True", err
    assert got.args == [str(project.resolve())]
    server.close()


def test_nobody_listening_or_a_stale_socket_means_opening_normally(name):
    t0 = time.monotonic()
    assert send_to_running(["x.wbproj"], name) is False
    assert time.monotonic() - t0 < 1.5
    if sys.platform.startswith("win"):
        return
    # A crash leaves the socket file behind: connecting fails, and the next instance takes the name over.
    path = os.path.join(tempfile.gettempdir(), name)
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.close()
    assert os.path.exists(path)
    assert send_to_running(["x.wbproj"], name) is False
    server = InstanceServer(name)
    assert server.listen()
    server.close()


@pytest.mark.skipif(sys.platform.startswith("win"), reason="a Unix socket stands in for a hung window")
def test_a_window_that_does_not_answer_within_a_second_is_given_up_on(name):
    path = os.path.join(tempfile.gettempdir(), name)
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(1)  # accepts the connection, never replies
    try:
        t0 = time.monotonic()
        assert send_to_running(["x.wbproj"], name, timeout_ms=500) is False
        assert time.monotonic() - t0 < 3
    finally:
        s.close()
        os.unlink(path)


def test_a_full_second_launch_exits_after_handing_over(qtbot, tmp_path):
    """`workbench PROJECT` while a window runs: the new process hands the file over and exits without a window."""
    server = InstanceServer()  # the name the app uses (per user and data dir: the test's own)
    assert server.listen()
    project = tmp_path / "q.wbproj"
    project.write_text("{}")
    code = "import sys; from workbench.gui.desktop.app import run_app; sys.exit(run_app(sys.argv[1]))"
    with qtbot.waitSignal(server.open_requested, timeout=20000) as got:
        proc = _launch([code, str(project)], {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert proc.wait(timeout=30) == 0, proc.stderr.read()
    assert got.args == [str(project.resolve())]
    server.close()


def test_macos_file_open_events_are_delivered_even_before_the_window_exists():
    filt = FileOpenFilter()
    app = QApplication.instance()
    app.installEventFilter(filt)
    try:
        app.sendEvent(app, QFileOpenEvent("/tmp/early.wbproj"))
        assert filt.pending == ["/tmp/early.wbproj"]
        opened = []
        filt.deliver_to(opened.append)
        app.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile("/tmp/late.wbproj")))
        assert opened == ["/tmp/early.wbproj", "/tmp/late.wbproj"]
    finally:
        app.removeEventFilter(filt)
    assert QEvent.Type.FileOpen  # the event type the filter listens for
