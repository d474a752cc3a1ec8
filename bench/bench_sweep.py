"""A small real-ish sweep: trials per hour and the share of trials the pruner stops.

The starter project's CNN on generated shapes (3 classes), varying the learning rate over three decades, the
batch size and the hidden width; TPE sampling with the median pruner, one worker and two. Every trial is an
ordinary run of `workbench sweep` (so the figure includes each trial's set-up).

    python bench/bench_sweep.py [--trials N] [--epochs E] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import make_shapes_folder  # noqa: E402
from workbench.core.project.starter import starter_project_doc  # noqa: E402

PARAMS = ["training.optimizer.lr=log:1e-4:1e-1", "data.loader.batch_size=choice:16,32,64",
          "model.layers[7].out_features=int:16:128"]


def sweep(project: Path, trials: int, epochs: int, workers: int, study: str) -> dict:
    command = [sys.executable, "-m", "workbench", "sweep", str(project), "--trials", str(trials), "--epochs",
               str(epochs), "--workers", str(workers), "--study", study, "--json"]
    for p in PARAMS:
        command += ["--param", p]
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    result = json.loads(out.stdout)
    states = [t["state"] for t in result["trials"]]
    return {"workers": workers, "trials": len(states), "seconds": round(seconds, 1),
            "trials_per_hour": round(3600 * len(states) / seconds), "pruned_share": states.count("PRUNED") / len(states),
            "complete": states.count("COMPLETE"), "best_value": result["best"]["value"] if result["best"] else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--per-class", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_shapes_folder(Path(tmp) / "shapes", per_class=args.per_class, size=32)
        project = Path(tmp) / "shapes.wbproj"
        project.write_text(json.dumps(starter_project_doc(folder, epochs=args.epochs)))
        rows = [sweep(project, args.trials, args.epochs, w, f"bench-{w}") for w in (1, 2)]
    result = {"images": 3 * args.per_class, "epochs": args.epochs, "sweeps": rows}
    if args.json:
        print(json.dumps(result))
        return 0
    for r in rows:
        print(f"{r['workers']} worker(s): {r['trials']} trials in {r['seconds']} s = {r['trials_per_hour']} trials/hour, "
              f"{r['pruned_share']:.0%} pruned, best val_loss {r['best_value']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
