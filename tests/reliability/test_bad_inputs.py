"""The bad-input catalogue (docs/reliability.md): odd and broken files, storage failures, memory failures.

Each case gives a clear message naming the file or field and loses nothing.
"""

import os
import resource
import signal
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from tests.helpers import write_project as write
from workbench.core.data.datasets import prepare_data
from workbench.core.data.folders import scan_folder
from workbench.core.data.images import ImageProblem, check_image, open_image
from workbench.core.errors import CheckpointError, DataError, WorkbenchError
from workbench.core.project.io import project_from_dict
from workbench.core.storage.model_files import save
from workbench.core.training.checkpoints import load_checkpoint
from workbench.core.training.engine import train


def project(folder, **data):
    doc = minimal_project_doc(folder)
    doc["data"].update(data)
    return project_from_dict(doc)


# --- odd but valid images load ------------------------------------------------

def test_sixteen_bit_grayscale_is_scaled_not_clipped(tmp_path):
    values = np.linspace(0, 65535, 32 * 32).astype(np.uint16).reshape(32, 32)
    Image.fromarray(values).save(tmp_path / "deep.png")
    img = open_image(tmp_path / "deep.png", "L")
    arr = np.asarray(img)
    assert img.mode == "L" and arr.min() == 0 and arr.max() == 255 and len(np.unique(arr)) > 200


def test_cmyk_palette_alpha_and_animated_images(tmp_path):
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg")
    pal = Image.new("P", (8, 8), 1)
    pal.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    pal.save(tmp_path / "palette.png", transparency=0)
    rgba = Image.new("RGBA", (8, 8), (0, 0, 255, 0))
    rgba.save(tmp_path / "alpha.png")
    frames = [Image.new("RGB", (8, 8), c) for c in ((0, 255, 0), (255, 0, 0))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    assert open_image(tmp_path / "cmyk.jpg").getpixel((4, 4))[0] > 200  # red survives CMYK → RGB
    assert open_image(tmp_path / "palette.png").getpixel((0, 0)) == (255, 0, 0)
    assert open_image(tmp_path / "alpha.png").getpixel((0, 0)) == (255, 255, 255)  # transparent → white
    assert open_image(tmp_path / "anim.gif").getpixel((0, 0))[1] > 200  # the first frame


def test_mislabelled_extension_is_read_by_its_content(tmp_path):
    Image.new("RGB", (8, 8), (10, 20, 30)).save(tmp_path / "really_png.jpg", "PNG")
    assert check_image(tmp_path / "really_png.jpg") == "RGB"


def test_decompression_bomb_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # the same check PIL makes at 89 Mpx, made small
    Image.new("L", (40, 40)).save(tmp_path / "warn.png")  # 1.6x the limit: PIL only warns; we refuse
    Image.new("L", (64, 64)).save(tmp_path / "bomb.png")  # over 2x: PIL refuses
    for name in ("warn.png", "bomb.png"):
        with pytest.raises(ImageProblem, match="too large to decode safely"):
            check_image(tmp_path / name)


def test_unreadable_files_are_skipped(tmp_path):
    folder = make_shapes_folder(tmp_path / "d", per_class=3, size=8)
    (folder / "circle" / "dangling.png").symlink_to(tmp_path / "gone.png")
    locked = folder / "square" / "locked.png"
    Image.new("RGB", (8, 8)).save(locked)
    locked.chmod(0)
    scan = scan_folder(folder)
    reasons = {os.path.basename(s.path): s.reason for s in scan.skipped}
    assert "dangling.png" in reasons
    if os.geteuid() != 0:  # root reads it anyway
        assert reasons["locked.png"] == "permission denied"


def test_spaces_chinese_and_long_names(tmp_path):
    deep = tmp_path / ("很长的文件夹 " * 8).strip() / "数据 集"
    folder = make_shapes_folder(deep, per_class=4, size=8, classes=("猫 cat", "狗 dog"))
    (folder / "猫 cat" / ("x" * 200 + ".png")).write_bytes((folder / "猫 cat" / "猫 cat_000.png").read_bytes())
    bundle = prepare_data(project(folder))
    assert bundle.classes == sorted(["猫 cat", "狗 dog"]) and sum(bundle.counts("train") + bundle.counts("val")) == 9


def test_nested_several_levels_and_empty_classes(tmp_path):
    make_shapes_folder(tmp_path / "a" / "b" / "c", per_class=3, size=8)
    (tmp_path / "a" / "b" / "c" / "hexagon").mkdir()
    bundle = prepare_data(project(tmp_path / "a"))
    assert bundle.classes == ["circle", "hexagon", "square", "triangle"]
    assert any("no usable images: hexagon" in n for n in bundle.notes)


# --- model files -----------------------------------------------------------------

def test_checkpoint_from_a_newer_version(trained_run, tmp_path):
    raw = torch.load(trained_run[0] / "best.pt", weights_only=True)
    raw["version"] = 99
    save(raw, tmp_path / "future.pt")
    with pytest.raises(CheckpointError, match="newer Torch Workbench"):
        load_checkpoint(tmp_path / "future.pt")


def test_state_dict_of_another_architecture_names_the_keys(trained_run, tmp_path):
    run_dir, folder = trained_run
    doc = minimal_project_doc(folder)
    doc["model"]["layers"][0]["out_channels"] = 16
    save(torch.load(run_dir / "model.pth"), tmp_path / "weights.pth")
    with pytest.raises(CheckpointError, match=r"different shapes \(file vs model\): 0.weight"):
        load_checkpoint(tmp_path / "weights.pth", project=project_from_dict(doc))


# --- runs ----------------------------------------------------------------------

def test_batch_larger_than_the_data_with_drop_last(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["data"]["loader"].update(batch_size=1000, drop_last=True)
    with pytest.raises(DataError, match="leaves no batch"):
        train(project_from_dict(doc), out_dir=tmp_path)


def test_input_shape_that_does_not_match_the_data(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder)
    doc["model"]["input_shape"] = [1, 28, 28]
    with pytest.raises(DataError, match=r"model.input_shape is \[1, 28, 28\] but the data gives \[3, 16, 16\]"):
        train(project_from_dict(doc), out_dir=tmp_path)


def test_output_folder_that_cannot_be_created(tmp_path, shapes_folder):
    (tmp_path / "a-file").write_text("in the way")
    out = run_cli("train", write(tmp_path, minimal_project_doc(shapes_folder)), "--out", tmp_path / "a-file")
    assert out.returncode == 2 and "cannot create the runs folder" in out.stderr and "a-file" in out.stderr
    assert "Traceback" not in out.stderr


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write past the limit fails instead of killing


def test_disk_full_while_saving_keeps_files_whole(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=2)
    doc["model"]["layers"][4]["out_features"] = 64  # checkpoints of ~400 KB: past the limit
    out = subprocess.run([sys.executable, "-m", "workbench", "train", str(write(tmp_path, doc)), "--out",
                          str(tmp_path / "runs")], capture_output=True, text=True, preexec_fn=_limit_file_size,
                         timeout=300)
    assert out.returncode == 2, out.stderr
    assert "cannot write" in out.stderr and "last.pt" in out.stderr and "disk is full" in out.stderr
    assert "Traceback" not in out.stderr
    run_dir = next((tmp_path / "runs").iterdir())
    assert not (run_dir / "last.pt").exists()
    assert not [f for f in os.listdir(run_dir) if f.endswith(".tmp")]  # no half-written leftovers


def test_out_of_memory_stops_with_a_message_and_keeps_last_pt(tmp_path, shapes_folder, monkeypatch):
    # No GPU here: an allocation failure is simulated by the layer that would have made it.
    calls = {"n": 0}
    forward = torch.nn.Linear.forward

    def failing_forward(self, x):
        calls["n"] += x.device.type != "meta"  # shape inference runs on the meta device: not an allocation
        if calls["n"] > 20:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
        return forward(self, x)

    monkeypatch.setattr(torch.nn.Linear, "forward", failing_forward)
    doc = minimal_project_doc(shapes_folder, epochs=3)
    with pytest.raises(WorkbenchError, match="out of GPU memory while allocating 20.00 GiB at batch size 16: lower data.loader.batch_size"):
        train(project_from_dict(doc), out_dir=tmp_path / "runs")
    run_dir = next((tmp_path / "runs").iterdir())
    assert load_checkpoint(run_dir / "last.pt").epoch == 1
