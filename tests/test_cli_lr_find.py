"""`workbench lr-find`: the suggestion and a text curve, --json for programs, exit 2 on bad input."""

import json

from tests.helpers import minimal_project_doc, run_cli
from tests.helpers import write_project as write


def test_json_holds_the_curve_and_a_suggestion_inside_it(tmp_path, shapes_folder):
    project = write(tmp_path, minimal_project_doc(shapes_folder))
    out = run_cli("lr-find", project, "--json", "--steps", "30", "--min-lr", "1e-5", "--max-lr", "1")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)  # stdout holds the JSON alone
    assert {"suggested_lr", "lrs", "losses", "smoothed"} <= set(result)
    lrs = result["lrs"]
    assert 10 < len(lrs) <= 30 and len(result["losses"]) == len(result["smoothed"]) == len(lrs)
    assert lrs[0] == 1e-5 and lrs == sorted(lrs) and lrs[-1] <= 1
    assert 1e-5 < result["suggested_lr"] < 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.wbproj", "shapes"]  # no run directory


def test_text_output_says_the_rate_and_draws_the_curve(tmp_path, shapes_folder):
    out = run_cli("lr-find", write(tmp_path, minimal_project_doc(shapes_folder)), "--steps", "30")
    assert out.returncode == 0, out.stderr
    first, *curve = out.stdout.splitlines()
    assert first.startswith("suggested learning rate: ")
    rate = float(first.split(": ")[1].split()[0])
    assert 1e-7 < rate < 10
    assert curve[-1].strip().startswith("1e-07") and curve[-1].endswith("lr (log scale)")
    assert sum(line.count("*") for line in curve) >= 10 and any("|" in line[6:] for line in curve)


def test_bad_input_exits_2_with_one_line(tmp_path, shapes_folder):
    project = write(tmp_path, minimal_project_doc(shapes_folder))
    (tmp_path / "empty").mkdir()
    cases = [
        ((tmp_path / "nope.wbproj",), "no such project file"),
        ((write(tmp_path, minimal_project_doc(tmp_path / "empty"), "empty.wbproj"),), "no class sub-folders"),
        ((project, "--steps", "3"), "--steps: expected an integer of at least 10, got 3"),
        ((project, "--min-lr", "0"), "--min-lr: expected a positive learning rate"),
        ((project, "--min-lr", "1", "--max-lr", "0.1"), "--max-lr: expected a rate above --min-lr (1), got 0.1"),
        ((project, "--device", "gpu"), "--device: expected 'auto'"),
    ]
    for args, message in cases:
        out = run_cli("lr-find", *args, "--json")
        assert out.returncode == 2, (args, out.stderr)
        last = out.stderr.strip().splitlines()[-1]
        assert last.startswith("error: ") and message in last, (args, last)
        assert "Traceback" not in out.stderr and out.stdout == ""
