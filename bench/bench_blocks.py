"""Block templates trained from scratch on the CPU: validation accuracy and time, against the plain BatchNorm CNN.

Generated 32×32 data harder than the test shapes: five classes (filled circle, filled square, triangle, ring,
square outline) of random size, place and colour on a noisy background with a distracting line. Each template
trains with Adam (lr 0.003) for the same epochs on the same split, one process, device cpu.

    python bench/bench_blocks.py [--per-class N] [--epochs E] [--templates resnet8,mobilenet-small,...] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import minimal_project_doc  # noqa: E402
from workbench.core.catalogs.templates import TEMPLATES  # noqa: E402
from workbench.core.model.builder import plan_model  # noqa: E402
from workbench.core.project.io import model_from_dict, project_from_dict  # noqa: E402

CLASSES = ("circle", "square", "triangle", "ring", "outline")


def draw(kind: str, rng: random.Random, size: int = 32):
    from PIL import Image, ImageDraw, ImageFilter

    img = Image.effect_noise((size, size), rng.uniform(20, 60)).convert("RGB")
    img = Image.blend(img, Image.new("RGB", (size, size), tuple(rng.randint(0, 120) for _ in range(3))), 0.5)
    d = ImageDraw.Draw(img)
    d.line([(rng.randint(0, size), rng.randint(0, size)) for _ in range(2)], fill=tuple(
        rng.randint(60, 200) for _ in range(3)), width=1)
    colour = tuple(rng.randint(130, 255) for _ in range(3))
    r = rng.randint(6, 13)
    cx, cy = rng.randint(r, size - r - 1), rng.randint(r, size - r - 1)
    box = (cx - r, cy - r, cx + r, cy + r)
    if kind == "circle":
        d.ellipse(box, fill=colour)
    elif kind == "square":
        d.rectangle(box, fill=colour)
    elif kind == "triangle":
        d.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=colour)
    elif kind == "ring":
        d.ellipse(box, outline=colour, width=max(2, r // 4))
    else:
        d.rectangle(box, outline=colour, width=max(2, r // 4))
    return img.filter(ImageFilter.GaussianBlur(0.5))


def make_folder(root: Path, per_class: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    for kind in CLASSES:
        (root / kind).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            draw(kind, rng).save(root / kind / f"{i:04d}.png")
    return root


def run(template: str, folder: Path, out: Path, epochs: int) -> dict:
    from workbench.core.training.engine import train

    doc = minimal_project_doc(folder, epochs=epochs, optimizer={"type": "Adam", "lr": 0.003})
    doc["name"] = template
    doc["model"] = TEMPLATES[template].model
    doc["data"]["loader"]["batch_size"] = 64
    doc["training"]["keep_best"] = False
    project = project_from_dict(doc)
    params = plan_model(model_from_dict(doc["model"]), [3, 32, 32], len(CLASSES)).total_params
    started = time.perf_counter()
    finished = train(project, out_dir=out)
    seconds = time.perf_counter() - started
    return {"template": template, "params": params, "epochs": finished.epochs_done, "seconds": round(seconds, 1),
            "val_accuracy": round(finished.metrics["val_accuracy"], 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--templates", default="bn-cnn,resnet8,mobilenet-small")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_folder(Path(tmp) / "shapes5", args.per_class)
        rows = [run(t, folder, Path(tmp) / "runs", args.epochs) for t in args.templates.split(",")]
    result = {"images": len(CLASSES) * args.per_class, "classes": len(CLASSES), "epochs": args.epochs,
              "threads": torch.get_num_threads(), "runs": rows}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['images']} generated 32×32 images, {len(CLASSES)} classes, 25% held out; {args.epochs} epochs on "
          f"the CPU ({result['threads']} threads)")
    for r in rows:
        print(f"{r['template']:>16}: {r['params']:>7,} parameters, val accuracy {r['val_accuracy']:.3f}, "
              f"{r['seconds']:.0f} s ({r['seconds'] / max(1, r['epochs']):.1f} s/epoch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
