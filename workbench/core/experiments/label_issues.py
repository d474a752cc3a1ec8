"""Likely mislabelled images, by confident learning (cleanlab): out-of-fold predicted probabilities from K
trainings of the project's own model, each an ordinary run of the engine on K−1 folds, then cleanlab ranks the
images whose given label the other folds' models disagree with most.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np

from workbench.core.data.datasets import SampleDataset, prepare_data
from workbench.core.errors import DataError
from workbench.core.project.schema import Project


@dataclasses.dataclass
class LabelIssue:
    path: str
    given: str
    suggested: str
    score: float  # cleanlab's label quality: lower = more likely wrong

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class LabelReport:
    issues: list[LabelIssue]
    estimated_share: float  # of the images, the share whose label is likely wrong
    images: int
    folds: int
    run_dirs: list[str]

    def to_json(self) -> dict:
        return {"issues": [i.to_json() for i in self.issues], "estimated_share": self.estimated_share,
                "images": self.images, "folds": self.folds, "run_dirs": self.run_dirs}


def fold_indices(labels: list[int], folds: int, seed: int) -> list[list[int]]:
    """Stratified folds: each class's images dealt round-robin after a seeded shuffle."""
    by_class: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(folds)]
    k = 0
    for label in sorted(by_class):
        idx = by_class[label]
        rng.shuffle(idx)
        for i in idx:
            out[k % folds].append(i)
            k += 1
    return [sorted(f) for f in out]


def find_label_issues(project: Project, folds: int = 3, out_dir: Path | None = None, listeners=(),
                      progress=None) -> LabelReport:
    """Train ``folds`` times (each fold held out once), predict each image with the model that did not see it,
    and rank the likely label errors."""
    import torch
    from cleanlab.filter import find_label_issues as cleanlab_issues
    from cleanlab.rank import get_label_quality_scores

    from workbench.core.results.evaluate import probabilities
    from workbench.core.training.checkpoints import load_checkpoint
    from workbench.core.training.engine import train

    if folds < 2:
        raise DataError(f"--folds: at least 2 (each image is predicted by a model trained without it), not {folds}")
    bundle = prepare_data(project)
    source = bundle.train.source
    if not hasattr(source, "samples"):
        raise DataError("label issues are looked for in image folders (a torchvision data set's labels are fixed)")
    everything = sorted(set(bundle.train.indices) | set(bundle.val.indices if bundle.val else []))
    labels = [source.labels[i] for i in everything]
    if min(np.bincount(labels, minlength=bundle.num_classes)[np.unique(labels)]) < folds:
        raise DataError(f"every class needs at least {folds} images for {folds} folds")
    pred = np.zeros((len(everything), bundle.num_classes), dtype=np.float64)
    pipes = bundle.pipelines
    run_dirs = []
    for k, held_out in enumerate(fold_indices(labels, folds, project.training.seed)):
        held = set(held_out)
        train_pos = [p for p in range(len(everything)) if p not in held]
        fold = dataclasses.replace(
            bundle,
            train=SampleDataset(source, [everything[p] for p in train_pos], pipes.pre, pipes.train_post),
            val=SampleDataset(source, [everything[p] for p in held_out], pipes.pre, pipes.val_post),
            notes=[*bundle.notes, f"label issues: fold {k + 1} of {folds} held out"])
        run = project.copy()
        run.name = f"{project.name}-fold{k + 1}"
        finished = train(run, data=fold, out_dir=out_dir, listeners=list(listeners))
        run_dirs.append(finished.run_dir)
        ckpt = load_checkpoint(Path(finished.run_dir) / ("best.pt" if (Path(finished.run_dir) / "best.pt").exists()
                                                        else "last.pt"))
        model = ckpt.build_model().eval()
        with torch.inference_mode():
            for start in range(0, len(held_out), 256):
                chunk = held_out[start:start + 256]
                x = torch.stack([fold.val[j][0] for j in range(start, start + len(chunk))])
                pred[chunk] = probabilities(ckpt, model(x)).double().numpy()
        if progress:
            progress(k + 1, folds)
    pred = pred / pred.sum(1, keepdims=True)
    given = np.asarray(labels)
    ranked = cleanlab_issues(given, pred, return_indices_ranked_by="self_confidence")
    scores = get_label_quality_scores(given, pred)
    issues = [LabelIssue(source.samples[everything[p]][0], bundle.classes[given[p]],
                         bundle.classes[int(pred[p].argmax())], float(scores[p])) for p in ranked]
    return LabelReport(issues, len(issues) / len(everything), len(everything), folds, run_dirs)
