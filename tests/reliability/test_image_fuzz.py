"""Mutated image bytes: the loader never crashes or hangs; a bad image is skipped and reported."""

import io
import random
import time

from PIL import Image

from tests.helpers import make_shapes_folder
from workbench.core.data.folders import scan_folder
from workbench.core.data.images import ImageProblem, check_image, open_image


def seeds():
    img = Image.new("RGB", (24, 24), (200, 30, 30))
    for x in range(24):
        img.putpixel((x, x), (0, 255, 0))
    out = {}
    for fmt in ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF"):
        buf = io.BytesIO()
        img.save(buf, fmt)
        out[fmt] = buf.getvalue()
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # truncate
        b = b[: rng.randrange(len(b))]
    elif kind == 2:  # insert junk
        pos = rng.randrange(len(b))
        b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    else:  # corrupt the header, where sizes live
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(min(len(b), 64))] = rng.randrange(256)
    return bytes(b)


def test_thousands_of_mutated_images(tmp_path):
    rng = random.Random(1234)
    path = tmp_path / "x.img"
    outcomes = {"ok": 0, "problem": 0}
    slowest = 0.0
    for fmt, data in seeds().items():
        for _ in range(500):
            path.write_bytes(mutate(data, rng))
            t0 = time.perf_counter()
            for step in (check_image, open_image):
                try:
                    step(path)
                    outcomes["ok"] += 1
                except ImageProblem as e:
                    assert str(e)  # always a reason
                    outcomes["problem"] += 1
            slowest = max(slowest, time.perf_counter() - t0)
    assert sum(outcomes.values()) == 6000
    assert outcomes["problem"] > 500 and outcomes["ok"] > 500
    assert slowest < 2.0  # no hang


def test_a_folder_of_mutants_is_scanned_and_bad_ones_counted(tmp_path):
    folder = make_shapes_folder(tmp_path / "d", per_class=4, size=16)
    rng = random.Random(7)
    good = (folder / "circle" / "circle_000.png").read_bytes()
    for i in range(40):
        (folder / "square" / f"m{i}.png").write_bytes(mutate(good, rng))
    scan = scan_folder(folder)
    assert len(scan.samples) + len(scan.skipped) == 52
    assert all(s.reason for s in scan.skipped)
