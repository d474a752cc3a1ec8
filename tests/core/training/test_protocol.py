"""Events through JSON lines: what a distributed run's rank 0 writes, the window reads back unchanged."""

from tests.helpers import minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.training.events import BatchEnded, EpochEnded, Finished, RunStarted
from workbench.core.training.protocol import JsonLinesReader, JsonLinesWriter, from_json, to_json


def test_round_trip_and_partial_lines(tmp_path):
    events = [RunStarted("r", 0, 2, 5, 100, 20, "cpu", "CPU", ["a", "b"], [3, 8, 8], 1234, ["note"]),
              BatchEnded(1, 1, 5, 0, 0.5, 100.0, 0.001, 3.0),
              EpochEnded(1, 2, {"train_loss": 0.4, "val_accuracy": 0.9}, [[1, 0], [0, 1]], True),
              Finished("r", "completed", 2, "", {"epoch": 2})]
    assert [from_json(to_json(e)) for e in events] == events
    writer = JsonLinesWriter(tmp_path / "events.jsonl")
    reader = JsonLinesReader(tmp_path / "events.jsonl")
    assert reader.read_new_events() == []
    writer(events[0])
    writer.file.write(to_json(events[1])[:10])  # half a line, as a reader may catch it mid-write
    writer.file.flush()
    assert reader.read_new_events() == [events[0]]
    writer.file.write(to_json(events[1])[10:] + "\n")
    writer(events[2])
    assert reader.read_new_events() == events[1:3]
    assert from_json("not json") is None and from_json('{"event": "Unknown"}') is None


def test_train_writes_its_events(tmp_path, shapes_folder):
    out = run_cli("train", write(tmp_path, minimal_project_doc(shapes_folder, epochs=2)), "--out", tmp_path / "runs",
                  "--events", tmp_path / "ev.jsonl")
    assert out.returncode == 0, out.stderr
    got = JsonLinesReader(tmp_path / "ev.jsonl").read_new_events()
    assert isinstance(got[0], RunStarted) and isinstance(got[-1], Finished)
    assert [e.epoch for e in got if isinstance(e, EpochEnded)] == [1, 2]


def test_a_run_in_another_process_is_paused_and_stopped_by_control_messages(tmp_path):
    """The window's protocol without the window: ``workbench train --connect`` in a child process, followed over a
    plain socket; pause, resume and stop go back as control lines."""
    import json
    import os
    import socket
    import subprocess
    import sys

    from tests.helpers import make_shapes_folder
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench.core.training.protocol import TOKEN_VARIABLE, encode

    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=12), epochs=500)
    doc["data"]["loader"]["batch_size"] = 2
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(60)
    child = subprocess.Popen([sys.executable, "-m", "workbench", "train", write(tmp_path, doc), "--out",
                              tmp_path / "runs", "--connect", f"127.0.0.1:{server.getsockname()[1]}"],
                             env={**os.environ, TOKEN_VARIABLE: "t0ken"}, stderr=subprocess.DEVNULL)
    try:
        conn, _ = server.accept()
        buffer = [b""]

        def next_line(timeout):
            conn.settimeout(timeout)
            while b"\n" not in buffer[0]:
                chunk = conn.recv(65536)
                assert chunk, "the run closed the connection"
                buffer[0] += chunk
            line, buffer[0] = buffer[0].split(b"\n", 1)
            return line.decode()

        def next_event(timeout):
            return from_json(next_line(timeout))

        assert json.loads(next_line(60))["hello"] == "t0ken"

        while not isinstance(next_event(60), BatchEnded):
            pass
        conn.sendall(encode({"control": "pause"}))
        try:  # the batch in flight may still report; then nothing while paused
            while True:
                next_event(1.5)
        except TimeoutError:
            pass
        assert child.poll() is None  # paused, not ended
        conn.sendall(encode({"control": "resume"}))
        assert isinstance(next_event(30), BatchEnded)  # going again
        conn.sendall(encode({"control": "stop"}))
        events = []
        while not isinstance(event := next_event(60), Finished):
            events.append(event)
        assert event.reason == "stopped"
        assert child.wait(60) == 3  # the run stopped itself
        assert load_checkpoint(f"{event.run_dir}/last.pt").partial_epoch
    finally:
        child.kill()
        server.close()
