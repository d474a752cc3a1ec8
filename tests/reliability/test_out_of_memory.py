"""Out of memory on the CPU is told like CUDA's: one clear message, the last good checkpoint kept, exit 3.

The runs below get an address-space limit (RLIMIT_AS, about 1.4 GB above what importing PyTorch maps), so the
allocator fails as it does on a laptop without the memory, while this machine keeps its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.core.training.engine import train

LIMIT = 5_000_000_000

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux applies it")


def limited_cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    # --no-memory-check: these test the allocator failing, not the estimate refusing (tests beside this one).
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args), "--no-memory-check"], cwd=cwd,
                          capture_output=True,
                          text=True, timeout=300, preexec_fn=limit)


def test_a_model_too_big_for_memory_stops_with_the_numbers_not_a_traceback(tmp_path):
    # The probe's model: Flatten -> Linear(4,000,000) -> Linear on 16x16 grayscale (1.07 billion parameters).
    doc = minimal_project_doc(make_shapes_folder(tmp_path / "shapes", per_class=4, size=16), epochs=1)
    doc["model"]["layers"] = [{"type": "Flatten"}, {"type": "Linear", "out_features": 4_000_000}, {"type": "Linear"}]
    doc["data"]["color_mode"] = "grayscale"
    (tmp_path / "big.wbproj").write_text(json.dumps(doc))
    out = limited_cli("train", "big.wbproj", cwd=tmp_path)
    assert out.returncode == 3, out.stderr
    assert "Traceback" not in out.stderr
    assert "error: out of the computer's memory while allocating 3.81 GiB at batch size 16" in out.stderr
    assert "lower data.loader.batch_size" in out.stderr


def test_running_out_mid_run_keeps_the_last_good_checkpoint(tmp_path):
    # Wide 1x1 convolutions on 160x160 images: cheap to compute, large activations (about 300 MB an image).
    doc = minimal_project_doc(make_shapes_folder(tmp_path / "big-images", per_class=4, size=160), epochs=1)
    doc["model"]["layers"] = [{"type": "Conv2d", "out_channels": 1024, "kernel_size": 1}, {"type": "ReLU"},
                              {"type": "AdaptiveAvgPool2d", "output_size": 1}, {"type": "Flatten"}, {"type": "Linear"}]
    doc["data"]["loader"]["batch_size"] = 1
    first = train(project_from_dict(doc), out_dir=tmp_path / "runs")  # epoch 1 fits, one image at a time
    last = Path(first.run_dir) / "last.pt"
    before = last.read_bytes()
    doc["data"]["loader"]["batch_size"] = 9  # epoch 2 with every image in one batch does not
    (tmp_path / "wider.wbproj").write_text(json.dumps(doc))
    out = limited_cli("train", "wider.wbproj", "--resume", last, "--epochs", 2, cwd=tmp_path)
    assert out.returncode == 3, out.stderr
    assert "Traceback" not in out.stderr and "at batch size 9" in out.stderr
    assert f"last.pt in {first.run_dir} is kept" in out.stderr
    assert last.read_bytes() == before  # the last good checkpoint, untouched
