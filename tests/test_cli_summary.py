"""`workbench summary`: the per-layer table, --json, and exit 2 with one line for a broken project."""

import json
import os

from tests.helpers import minimal_project_doc, run_cli, run_cli_process
from tests.helpers import write_project as write


def test_summary_json_uses_one_sample_of_the_data_for_the_shape(tmp_path, shapes_folder):
    out = run_cli("summary", write(tmp_path, minimal_project_doc(shapes_folder)), "--json")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["input_shape"] == [3, 16, 16]
    assert [layer["output_shape"] for layer in s["layers"]][-1] == [3]  # three shape classes
    assert s["layers"][0] == {"index": 0, "type": "Conv2d", "output_shape": [8, 16, 16], "params": 224}
    assert s["total_params"] == s["trainable_params"] == sum(layer["params"] for layer in s["layers"])
    assert s["warnings"] == []


def test_summary_table_and_advice(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["layers"].append({"type": "Softmax"})
    out = run_cli("summary", write(tmp_path, doc))
    assert out.returncode == 0, out.stderr
    assert "Conv2d" in out.stdout and "[8, 16, 16]" in out.stdout and "Total params:" in out.stdout
    assert "Softmax before CrossEntropyLoss" in out.stdout


def test_broken_stack_exits_2_naming_the_layer(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["layers"][4] = {"type": "Linear", "in_features": 100, "out_features": 32}
    out = run_cli("summary", write(tmp_path, doc))
    assert out.returncode == 2
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("error: model.layers[4] (Linear): Linear expects 100 input features but receives 512")
    assert "Traceback" not in out.stderr


def test_invalid_field_exits_2_with_one_line(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["layers"][2]["kernel_size"] = -1
    out = run_cli("summary", write(tmp_path, doc), "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == ("error: model.layers[2].kernel_size: expected a positive integer or a list of 2, "
                                  "got -1")


def test_missing_builtin_data_still_summarises_with_the_given_input_shape(tmp_path):
    doc = minimal_project_doc("x")
    doc["data"] = {"source": {"kind": "torchvision", "name": "MNIST", "root": str(tmp_path / "nothing")}}
    doc["model"]["input_shape"] = [1, 28, 28]
    out = run_cli("summary", write(tmp_path, doc), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["output_shape"] == [10]
    assert "MNIST files not found under" in out.stderr


def test_entry_point_runs_as_a_module():
    out = run_cli_process("--version")
    assert out.returncode == 0 and out.stdout.startswith("workbench ")
    out = run_cli("--help")
    assert "summary" in out.stdout and out.returncode == 0


def _bare_environment(**language) -> dict:
    """This environment without any language setting, plus ``language``."""
    drop = ("WORKBENCH_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **language}


def test_the_command_line_speaks_the_locale_s_language(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["layers"][2]["kernel_size"] = -1
    project = write(tmp_path, doc)
    chinese = run_cli_process("summary", project, env=_bare_environment(LANGUAGE="zh_CN"))
    assert chinese.returncode == 2
    assert chinese.stderr.strip() == "错误：model.layers[2].kernel_size：应为正整数，或由 2 个这样的整数组成的列表，实际为 -1"
    english = run_cli_process("summary", project, env=_bare_environment())
    assert english.returncode == 2
    assert english.stderr.strip() == ("error: model.layers[2].kernel_size: expected a positive integer or a list of "
                                      "2, got -1")


def test_summary_shows_a_block_s_layers_under_it_and_names_a_nested_error(tmp_path, shapes_folder):
    conv = {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1}
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["layers"] = [conv, {"type": "Residual", "layers": [conv, {"type": "ReLU"}]},
                              {"type": "Branches", "branches": [[conv], [{"type": "Conv2d", "out_channels": 4,
                                                                         "kernel_size": 1}]]},
                              {"type": "AdaptiveAvgPool2d"}, {"type": "Flatten"}, {"type": "Linear"}]
    out = run_cli("summary", write(tmp_path, doc))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    block = next(i for i, line in enumerate(lines) if "Residual" in line)
    assert lines[block].split()[:3] == ["1", "Residual", "[8,"]
    assert lines[block + 1].split()[:2] == ["1", "Conv2d"] and lines[block + 2].split()[:2] == ["2", "ReLU"]
    assert "branch 2 · 1 Conv2d" in out.stdout and "[12, 16, 16]" in out.stdout  # 8 + 4 channels concatenated
    s = json.loads(run_cli("summary", write(tmp_path, doc), "--json").stdout)
    assert s["layers"][2]["layers"][1]["path"] == "model.layers[2].branches[1][0]"
    doc["model"]["layers"][2]["branches"][1][0]["stride"] = 2
    out = run_cli("summary", write(tmp_path, doc))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1] == (
        "error: model.layers[2] (Branches): branch 2 outputs (4, 8, 8) but branch 1 outputs (8, 16, 16): "
        "concatenated branches must keep the same height and width (give their convolutions padding and the same "
        "stride)")
