"""Where a trained model fails: metrics on a split or a folder, and predictions for new images.

`evaluate` returns accuracy, top-5 (more than 5 classes), per-class precision,
recall, F1 and support, the confusion matrix, and every sample's prediction
(so the window can open the images behind a confusion-matrix cell, and list
the most confidently wrong). `predict` gives the top-k classes of image
files, through the validation transforms the checkpoint's project used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from workbench.core.data.images import ImageProblem, open_image
from workbench.core.errors import DataError
from workbench.core.i18n import _
from workbench.core.training.checkpoints import Checkpoint


@dataclass
class SamplePrediction:
    ref: str  # the image's path, or "MNIST[123]" for a built-in data set
    true: int
    predicted: int
    confidence: float  # probability of the predicted class


@dataclass
class EvalReport:
    classes: list[str]
    confusion: list[list[int]]  # [true][predicted]
    samples: list[SamplePrediction] = field(default_factory=list)
    top5: float | None = None
    source: str = ""

    @property
    def total(self) -> int:
        return sum(map(sum, self.confusion))

    @property
    def accuracy(self) -> float:
        return sum(self.confusion[i][i] for i in range(len(self.classes))) / max(self.total, 1)

    def per_class(self) -> list[dict]:
        rows = []
        n = len(self.classes)
        for c in range(n):
            tp = self.confusion[c][c]
            predicted = sum(self.confusion[r][c] for r in range(n))
            support = sum(self.confusion[c])
            precision = tp / predicted if predicted else 0.0
            recall = tp / support if support else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows.append({"class": self.classes[c], "precision": precision, "recall": recall, "f1": f1,
                         "support": support})
        return rows

    def cell(self, true: int, predicted: int) -> list[SamplePrediction]:
        """The samples behind one confusion-matrix cell, most confident first."""
        return sorted((s for s in self.samples if s.true == true and s.predicted == predicted),
                      key=lambda s: -s.confidence)

    def most_confidently_wrong(self, n: int = 24) -> list[SamplePrediction]:
        return sorted((s for s in self.samples if s.true != s.predicted), key=lambda s: -s.confidence)[:n]

    def to_json(self) -> dict:
        return {"source": self.source, "samples": self.total, "accuracy": self.accuracy, "top5": self.top5,
                "classes": self.classes, "per_class": self.per_class(), "confusion": self.confusion,
                "most_confidently_wrong": [vars(s) for s in self.most_confidently_wrong(10)]}


def probabilities(ckpt: Checkpoint, outputs):
    """Model outputs as class probabilities, whatever the model ends with."""
    import torch

    layers = ckpt.project.model.layers
    last = layers[-1].type if layers and ckpt.project.model.base is None else None
    if ckpt.project.training.loss.type == "BCEWithLogitsLoss":
        return torch.sigmoid(outputs)
    if last == "Softmax":
        return outputs
    if last == "LogSoftmax":
        return outputs.exp()
    return torch.softmax(outputs.float(), dim=1)


def _sample_ref(ds, k: int) -> str:
    i = ds.indices[k]
    source = ds.source
    if hasattr(source, "samples"):
        return source.samples[i][0]
    return f"{type(source.dataset).__name__}[{i}]"


def evaluate(ckpt: Checkpoint, folder: str | os.PathLike | None = None, batch_size: int = 128,
             progress: Callable[[int, int], None] | None = None) -> EvalReport:
    """Metrics of the checkpoint's model on its project's validation split, or on ``folder``."""
    import torch

    from workbench.core.data.datasets import FolderImages, SampleDataset, prepare_data
    from workbench.core.data.folders import scan_folder

    project = ckpt.project
    if folder is not None:
        from workbench.core.data.transforms import pipelines

        scan = scan_folder(folder, classes=ckpt.classes)
        pipes = pipelines(project.data.transforms, project.data.augment)
        mode = "L" if ckpt.input_shape[0] == 1 else "RGB"
        ds = SampleDataset(FolderImages(scan.samples, mode), range(len(scan.samples)), pipes.pre, pipes.val_post)
        source = _("folder {path}").format(path=scan.root)
    else:
        bundle = prepare_data(project)
        if bundle.classes != ckpt.classes:
            raise DataError(_("the project's data now has classes {classes}, but the model was trained on {trained}: "
                              "evaluate on a folder with --data").format(classes=bundle.classes, trained=ckpt.classes))
        ds = bundle.val
        source = _("validation split of {source}").format(source=bundle.description)
    if ds is None or len(ds) == 0:
        raise DataError(_("there are no validation samples to evaluate on: give a folder with --data"))
    model = ckpt.build_model().eval()
    n = len(ckpt.classes)
    confusion = torch.zeros(n, n, dtype=torch.long)
    samples: list[SamplePrediction] = []
    top5_hits = 0
    with torch.inference_mode():
        for start in range(0, len(ds), batch_size):
            ks = range(start, min(start + batch_size, len(ds)))
            items = [ds[k] for k in ks]
            x = torch.stack([it[0] for it in items])
            y = torch.tensor([it[1] for it in items])
            probs = probabilities(ckpt, model(x))
            conf, pred = probs.max(1)
            confusion += torch.bincount(y * n + pred, minlength=n * n).view(n, n)
            if n > 5:
                top5_hits += int((probs.topk(5, 1).indices == y[:, None]).any(1).sum())
            samples += [SamplePrediction(_sample_ref(ds, k), int(t), int(p), float(c))
                        for k, t, p, c in zip(ks, y, pred, conf)]
            if progress:
                progress(min(start + batch_size, len(ds)), len(ds))
    return EvalReport(list(ckpt.classes), confusion.tolist(), samples, top5_hits / len(ds) if n > 5 else None,
                      source)


@dataclass
class ImagePrediction:
    path: str
    top: list[tuple[str, float]] = field(default_factory=list)  # (class, probability), best first
    error: str | None = None  # why the file could not be classified


def expand_images(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Files as given; folders expanded to the image files inside them (recursively, sorted)."""
    from workbench.core.data.images import is_image_name

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and is_image_name(f))
        else:
            out.append(p)
    return out


def fit_to_input(x, input_shape):
    """An image tensor at the model's input size: when the project's transforms do not fix a size (no Resize),
    an image of another size than the training images is resized to theirs, as the model takes nothing else."""
    import torch

    if list(x.shape) == list(input_shape) or x.dim() != 3:
        return x
    return torch.nn.functional.interpolate(x[None], size=tuple(input_shape[-2:]), mode="bilinear",
                                           align_corners=False)[0]


def predict(ckpt: Checkpoint, paths: Sequence[str | os.PathLike], topk: int = 5, model=None) -> list[ImagePrediction]:
    """Top-k classes for each image; unreadable files get an ``error`` instead of stopping the rest."""
    import torch

    from workbench.core.data.transforms import pipelines

    pipes = pipelines(ckpt.project.data.transforms, ckpt.project.data.augment)
    model = model or ckpt.build_model().eval()
    mode = "L" if ckpt.input_shape[0] == 1 else "RGB"
    k = max(1, min(topk, len(ckpt.classes)))
    results = []
    for path in expand_images(paths):
        if not path.is_file():
            results.append(ImagePrediction(str(path), error=_("no such file")))
            continue
        try:
            x = fit_to_input(pipes.val(open_image(path, mode)), ckpt.input_shape)
        except ImageProblem as e:
            results.append(ImagePrediction(str(path), error=str(e)))
            continue
        with torch.inference_mode():
            probs = probabilities(ckpt, model(x.unsqueeze(0)))[0]
        values, indices = probs.topk(k)
        results.append(ImagePrediction(str(path), [(ckpt.classes[i], float(v)) for v, i in zip(values, indices)]))
    return results
