"""Scanning a large image folder (class counts, validity): how fast, and whether the window stays responsive.

Writes N small PNGs in 10 class folders, then
  1. times core's `scan_folder` on them headless (every file opened and verified, no full decode);
  2. opens the same folder in a MainWindow and measures, while its data panel scans on the thread pool,
     the event loop's lateness (a 5 ms timer), the progress updates shown, and the time until the
     summary is ready.
Targets (issue 8): the scan runs in the background with progress and never blocks the window (lateness
max <= 100 ms, as while training).

    python bench/bench_scan.py [--images 100000] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_DATA_DIR", tempfile.mkdtemp())

CLASSES = 10


def write_folder(root: Path, images: int) -> Path:
    """``images`` 8x8 PNGs, a few distinct encodings copied (the scan's cost is per file, not per pixel)."""
    from PIL import Image

    encoded = []
    for shade in range(0, 250, 25):
        buf = io.BytesIO()
        Image.new("RGB", (8, 8), (shade, 255 - shade, 128)).save(buf, format="PNG")
        encoded.append(buf.getvalue())
    for c in range(CLASSES):
        (root / f"class_{c}").mkdir(parents=True)
    for i in range(images):
        (root / f"class_{i % CLASSES}" / f"img_{i:06d}.png").write_bytes(encoded[i % len(encoded)])
    return root


def headless_scan(folder: Path) -> dict:
    from workbench.core.data.folders import scan_folder

    start = time.perf_counter()
    scan = scan_folder(folder)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "images_per_s": round(len(scan.samples) / seconds),
            "found": len(scan.samples)}


def windowed_scan(folder: Path) -> dict:
    from PySide6.QtCore import QSettings

    from bench.lateness import LatenessProbe
    from tests.helpers import minimal_project_doc
    from workbench.core.project.io import project_from_dict
    from workbench.gui.desktop.app import make_app
    from workbench.gui.main_window import MainWindow

    app = make_app()
    w = MainWindow(project=project_from_dict(minimal_project_doc(folder)),
                   settings=QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    w.ask_save_changes = lambda: "discard"
    w.resize(1280, 720)
    w.show()
    progress = []
    w.dataset_panel.status.connect(lambda text: progress.append(text) if "Checking images" in text else None)
    start = time.perf_counter()

    def pump_until(done) -> None:
        while not done():
            app.processEvents()
            time.sleep(0.002)
            if time.perf_counter() - start > 600:
                raise SystemExit("the scan did not finish")

    # The scan starts as soon as PyTorch has loaded; the probe times the scan, not the import (whose own
    # stall is the import's, see docs/performance.md).
    pump_until(lambda: w.torch.is_ready)
    probe = LatenessProbe(5)
    probe.start()
    start = time.perf_counter()
    pump_until(lambda: w.dataset_panel.bundle is not None or w.dataset_panel.error is not None)
    seconds = time.perf_counter() - start
    probe.stop()
    if w.dataset_panel.bundle is None:
        raise SystemExit(f"the folder could not be read: {w.dataset_panel.error}")
    summary = w.dataset_panel.bundle.summary()
    found = summary["train_samples"] + summary["val_samples"]
    w.close()
    w.deleteLater()
    r = probe.summary()
    return {"seconds_to_summary": round(seconds, 1), "progress_updates": len(progress), "found": found,
            "max_ms": r["max_ms"], "p99_ms": r["p99_ms"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = write_folder(Path(tmp) / "big", args.images)
        written = time.perf_counter() - t0
        head = headless_scan(folder)
        win = windowed_scan(folder)
    r = {"images": args.images, "write_s": round(written, 1), "headless": head, "window": win}
    if args.json:
        print(json.dumps(r))
        return
    print(f"{args.images:,} PNGs in {CLASSES} classes (written in {written:.1f} s)")
    print(f"  headless scan_folder: {head['seconds']} s, {head['images_per_s']:,} images/s")
    print(f"  in the window: summary {win['seconds_to_summary']} s after PyTorch loaded, "
          f"{win['progress_updates']} progress updates, event loop lateness max {win['max_ms']} ms, "
          f"p99 {win['p99_ms']} ms (target max <= 100 ms)")


if __name__ == "__main__":
    main()
