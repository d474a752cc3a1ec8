"""Test data makers: image folders drawn with Pillow and torchvision data sets in their on-disk formats."""

from __future__ import annotations

import copy
import io
import json
import random
import struct
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

SHAPES = ("circle", "square", "triangle")


def draw_shape(kind: str, size: int, rng: random.Random):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (size, size), tuple(rng.randint(0, 60) for _ in range(3)))
    d = ImageDraw.Draw(img)
    colour = tuple(rng.randint(150, 255) for _ in range(3))
    m = rng.randint(1, max(1, size // 8))
    box = (m, m, size - 1 - m, size - 1 - m)
    if kind == "circle":
        d.ellipse(box, fill=colour)
    elif kind == "square":
        d.rectangle(box, fill=colour)
    else:
        d.polygon([(size // 2, m), (m, size - 1 - m), (size - 1 - m, size - 1 - m)], fill=colour)
    return img


def make_shapes_folder(root: Path, per_class: int = 24, size: int = 16, classes=SHAPES, seed: int = 0) -> Path:
    rng = random.Random(seed)
    for kind in classes:
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            draw_shape(kind, size, rng).save(folder / f"{kind}_{i:03d}.png")
    return root


def minimal_project_doc(folder: Path | str, **training) -> dict:
    return copy.deepcopy({
        "format": "torch-workbench-project",
        "version": 1,
        "name": "shapes",
        "data": {
            "source": {"kind": "folder", "path": str(folder)},
            "validation": {"kind": "split", "fraction": 0.25, "seed": 0},
            "transforms": [{"type": "ToTensor"}],
            "augment": [],
            "loader": {"batch_size": 16, "shuffle": True, "drop_last": False, "num_workers": 0},
        },
        "model": {"layers": [
            {"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
            {"type": "ReLU"},
            {"type": "MaxPool2d", "kernel_size": 2},
            {"type": "Flatten"},
            {"type": "Linear", "out_features": 32},
            {"type": "ReLU"},
            {"type": "Linear"},
        ]},
        "training": {
            "loss": {"type": "CrossEntropyLoss"},
            "optimizer": {"type": "Adam", "lr": 0.01},
            "epochs": 2,
            "device": "cpu",
            "seed": 0,
            **training,
        },
    })


def write_mnist_idx(root: Path, n_train: int = 64, n_test: int = 32, seed: int = 0, jitter: int = 0) -> Path:
    """torchvision's MNIST raw files (IDX format) with a learnable pattern: label k lights up row block k.

    ``jitter`` moves each block up or down by up to that many rows, so neighbouring classes overlap and
    accuracy stops being trivially 100%.
    """
    import numpy as np

    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    def images_and_labels(n):
        labels = np.arange(n, dtype=np.uint8) % 10
        images = rng.integers(0, 40, size=(n, 28, 28), dtype=np.uint8)
        shifts = rng.integers(-jitter, jitter + 1, size=n) if jitter else np.zeros(n, dtype=int)
        for i, k in enumerate(labels):
            top = 2 * int(k) + 4 + int(shifts[i])
            images[i, max(top, 0): top + 3, 4:24] = 255
        return images, labels

    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images, labels = images_and_labels(n)
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes())
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 2049, n) + labels.tobytes())
    return root



@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args) -> CliResult:
    """`workbench ARGS` in this process (fast: torch is already imported), with its streams captured."""
    from workbench.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse's own exits (--help, --version, usage errors)
            code = e.code if isinstance(e.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(*args, cwd=None, timeout=300, env=None) -> subprocess.CompletedProcess:
    """`python -m workbench ARGS` in a fresh interpreter, for what only a real process shows."""
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env)


def write_project(folder: Path, doc: dict, name: str = "p.wbproj") -> Path:
    path = Path(folder) / name
    path.write_text(json.dumps(doc))
    return path
