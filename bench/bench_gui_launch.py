"""Launch-to-window time against `python -c "import torch, torchvision"` (issue 4's target: under half).

Run: python bench/bench_gui_launch.py [--repeat N]
Prints the median wall time of each, measured from process start, and when Train becomes enabled.
The window is created exactly as `workbench` does (make_app, background TorchLoader, MainWindow, show).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import sys, time
from workbench.gui.desktop.app import make_app
app = make_app()
from PySide6.QtCore import QSettings, QTimer
from workbench.gui.runs.background import TorchLoader
loader = TorchLoader()
loader.start()
from workbench.gui.main_window import MainWindow
w = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat), torch_loader=loader)
w.ask_save_changes = lambda: "discard"
w.show()
def shown():
    print("shown", flush=True)
    poll()
def poll():
    if w.run_panel.train_button.isEnabled():
        print("train-enabled", flush=True)
        w.close()
        app.quit()
    else:
        QTimer.singleShot(5, poll)
QTimer.singleShot(0, shown)  # the first event-loop turn after show(): the window is on screen
app.exec()
"""


def timed(cmd: list[str], env: dict, marks: tuple[str, ...] = ()) -> dict[str, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    out = {}
    for line in proc.stdout:
        key = line.strip()
        if key in marks:
            out[key] = time.perf_counter() - t0
    proc.wait()
    out["exit"] = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed with exit status {proc.returncode}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one JSON line (for bench/run_all.py)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    env = {**os.environ, "WORKBENCH_DATA_DIR": tmp}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    py = sys.executable
    # Warm the file cache and draw the demo data once, as any second start would find them.
    timed([py, "-c", "import torch, torchvision"], env)
    timed([py, "-c", CHILD, os.path.join(tmp, "s.ini")], env, ("shown", "train-enabled"))
    imports, shown, ready = [], [], []
    for _ in range(args.repeat):
        imports.append(timed([py, "-c", "import torch, torchvision"], env)["exit"])
        r = timed([py, "-c", CHILD, os.path.join(tmp, "s.ini")], env, ("shown", "train-enabled"))
        shown.append(r["shown"])
        ready.append(r["train-enabled"])
    imp, win, trn = statistics.median(imports), statistics.median(shown), statistics.median(ready)
    if args.json:
        print(json.dumps({"import_ms": round(imp * 1000), "window_ms": round(win * 1000),
                          "train_enabled_ms": round(trn * 1000), "ratio": round(win / imp, 3)}))
        return
    print(f"python -c 'import torch, torchvision' : {imp * 1000:7.0f} ms (median of {args.repeat})")
    print(f"launch -> window shown                : {win * 1000:7.0f} ms  ({win / imp:.0%} of the import; "
          f"target < 50 %)")
    print(f"launch -> Train enabled (torch loaded): {trn * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
