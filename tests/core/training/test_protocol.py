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
