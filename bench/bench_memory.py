"""The memory estimate (summary, the Model tab, train's refusal) against the real peak of a training step.

Each model trains a few steps on random data in a process of its own; the measured figure is the growth of
the process's peak resident memory from just before the model is built (PyTorch imported, the batch made) to
after the steps. The estimate counts weights, gradients, optimizer state and one batch's activations; the
framework's own memory is outside both.

    python bench/bench_memory.py [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

# name, layers, input shape, batch size, optimizer
MODELS = [
    ("primer MNIST net", "primer-mnist", [1, 28, 28], 64, {"type": "SGD", "lr": 0.01}),
    ("starter CNN", "starter", [3, 64, 64], 32, {"type": "Adam", "lr": 0.001}),
    ("wide MLP", [{"type": "Flatten"}, {"type": "Linear", "out_features": 4096}, {"type": "ReLU"},
                  {"type": "Linear", "out_features": 4096}, {"type": "ReLU"}, {"type": "Linear"}],
     [3, 32, 32], 64, {"type": "Adam", "lr": 0.001}),
    ("wide convolutions", [{"type": "Conv2d", "out_channels": 256, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
                           {"type": "Conv2d", "out_channels": 256, "kernel_size": 3, "padding": 1}, {"type": "ReLU"},
                           {"type": "AdaptiveAvgPool2d", "output_size": 1}, {"type": "Flatten"}, {"type": "Linear"}],
     [3, 64, 64], 32, {"type": "SGD", "lr": 0.01, "momentum": 0.9}),
]



def measure(layers, shape, batch, optimizer) -> dict:
    code = f"""
import json, resource, sys
import psutil, torch
from workbench.core.catalogs.templates import TEMPLATES
from workbench.core.model.builder import build_model, plan_model
from workbench.core.model.memory import estimate_training_memory
from workbench.core.project.io import project_from_dict
from workbench.core.project.starter import starter_project_doc
torch.set_num_threads(2)
layers = {layers!r}
if layers == "starter":
    layers = starter_project_doc("x")["model"]["layers"]
elif isinstance(layers, str):
    layers = TEMPLATES[layers].model["layers"]
doc = starter_project_doc("x")
doc["model"] = {{"layers": layers}}
doc["data"]["loader"]["batch_size"] = {batch}
doc["training"]["optimizer"] = {optimizer!r}
project = project_from_dict(doc)
shape, classes = {shape!r}, 10
estimate = estimate_training_memory(plan_model(project, shape, classes), project)
x, y = torch.rand({batch}, *shape), torch.randint(0, classes, ({batch},))
before = psutil.Process().memory_info().rss
net = build_model(project, shape, classes)
opt = getattr(torch.optim, {optimizer!r}["type"])(net.parameters(), **{{k: v for k, v in {optimizer!r}.items() if k != "type"}})
for _ in range(3):
    opt.zero_grad(set_to_none=True)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    opt.step()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"estimate": estimate.total, "measured": peak - before, "params": sum(p.numel() for p in net.parameters())}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for name, layers, shape, batch, optimizer in MODELS:
        m = measure(layers, shape, batch, optimizer)
        m.update(name=name, batch=batch, optimizer=optimizer["type"], error=m["estimate"] / m["measured"] - 1)
        rows.append(m)
    if args.json:
        print(json.dumps({"models": rows, "max_abs_error": max(abs(r["error"]) for r in rows)}))
        return 0
    print(f"{'model':<20} {'batch':>5} {'optimizer':>9} {'params':>11} {'estimate MB':>12} {'measured MB':>12} {'error':>7}")
    for r in rows:
        print(f"{r['name']:<20} {r['batch']:>5} {r['optimizer']:>9} {r['params']:>11,} {r['estimate'] / 2**20:>12.1f} "
              f"{r['measured'] / 2**20:>12.1f} {r['error']:>+7.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
