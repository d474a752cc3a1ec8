"""Valid but extreme project files — huge widths, a batch size of 1, a thousand layers, kernels larger than the
image: `summary` and `train` answer with a clear error or a clear warning, never a traceback or a hang."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_shapes_folder(tmp_path_factory.mktemp("extreme") / "shapes", per_class=4, size=16)


def write(tmp_path, doc) -> str:
    path = tmp_path / "extreme.wbproj"
    path.write_text(json.dumps(doc))
    return str(path)


def no_traceback(out) -> None:
    assert "Traceback" not in out.stderr + out.stdout
    assert out.returncode in (0, 2, 3), (out.returncode, out.stderr)
    if out.returncode:
        assert out.stderr.strip().splitlines()[-1].startswith("error: ")


def test_a_thousand_layers_plan_and_train(tmp_path, folder):
    doc = minimal_project_doc(folder, epochs=1)
    doc["model"]["layers"] = [{"type": "Flatten"}] + [{"type": "Linear", "out_features": 8}, {"type": "ReLU"}] * 500 \
        + [{"type": "Linear"}]
    out = run_cli("summary", write(tmp_path, doc))
    no_traceback(out)
    assert out.returncode == 0 and "Total params" in out.stdout
    out = run_cli("train", write(tmp_path, doc), "--out", tmp_path / "runs")
    no_traceback(out)
    assert out.returncode == 0  # it trains (badly: 1000 layers with no normalisation), and says nothing false


def test_a_batch_size_of_one_trains(tmp_path, folder):
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["loader"]["batch_size"] = 1
    out = run_cli("train", write(tmp_path, doc), "--out", tmp_path / "runs")
    no_traceback(out)
    assert out.returncode == 0


@pytest.mark.parametrize("layers, words", [
    ([{"type": "Flatten"}, {"type": "Linear", "out_features": 2_000_000_000}, {"type": "Linear"}],
     "the training step needs about"),
    ([{"type": "Conv2d", "out_channels": 10_000_000, "kernel_size": 3}, {"type": "Flatten"}, {"type": "Linear"}],
     "the training step needs about"),
    ([{"type": "Conv2d", "out_channels": 4, "kernel_size": 99}, {"type": "Flatten"}, {"type": "Linear"}],
     "does not fit"),
    ([{"type": "MaxPool2d", "kernel_size": 2}] * 12 + [{"type": "Flatten"}, {"type": "Linear"}], "layer"),
])
def test_huge_or_impossible_stacks_are_refused_in_words(tmp_path, folder, layers, words):
    doc = minimal_project_doc(folder, epochs=1)
    doc["model"]["layers"] = layers
    out = run_cli("train", write(tmp_path, doc), "--out", tmp_path / "runs")
    no_traceback(out)
    assert out.returncode == 2 and words in out.stderr.lower()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(1, 10**9), channels=st.integers(1, 10**5), kernel=st.integers(1, 64),
       batch=st.integers(1, 65536), depth=st.integers(0, 300))
def test_extreme_numbers_anywhere_get_an_answer_not_a_traceback(tmp_path, folder, width, channels, kernel, batch,
                                                                depth):
    doc = minimal_project_doc(folder, epochs=1)
    doc["data"]["loader"]["batch_size"] = batch
    doc["model"]["layers"] = ([{"type": "Conv2d", "out_channels": channels, "kernel_size": kernel}]
                              + [{"type": "ReLU"}] * depth
                              + [{"type": "Flatten"}, {"type": "Linear", "out_features": width}, {"type": "Linear"}])
    out = run_cli("summary", write(tmp_path, doc))
    no_traceback(out)
    if out.returncode == 0:
        assert "Memory: about" in out.stdout
