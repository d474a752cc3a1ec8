"""TensorBoard logging for a run (the primer's section 六.3), written under ``<run>/tensorboard``.

Scalars per epoch (train/val loss and accuracy, lr), the batch loss at the
event rate, a grid of training images, the model graph and the hparams. A
logging failure is reported as a warning and never ends a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from workbench.core.i18n import _


class TensorBoardLog:
    def __init__(self, folder: Path, warn: Callable[[str], None]):
        from torch.utils.tensorboard import SummaryWriter

        self.writer = SummaryWriter(str(folder))
        self.warn = warn

    def batch_loss(self, step: int, loss: float) -> None:
        self.writer.add_scalar("Loss/batch", loss, step)

    def epoch(self, epoch: int, metrics: dict) -> None:
        for tag, key in (("Loss/train", "train_loss"), ("Loss/val", "val_loss"),
                         ("Accuracy/train", "train_accuracy"), ("Accuracy/val", "val_accuracy"),
                         ("Accuracy/val_top5", "val_top5"), ("LR", "lr")):
            if metrics.get(key) is not None:
                self.writer.add_scalar(tag, metrics[key], epoch)
        self.writer.flush()

    def images(self, batch) -> None:
        """A grid of up to 32 training images, rescaled to [0, 1] so normalised data stays visible."""
        try:
            from torchvision.utils import make_grid

            x = batch[:32].detach().float().cpu()
            lo, hi = x.amin(), x.amax()
            x = (x - lo) / (hi - lo) if hi > lo else x
            self.writer.add_image("samples", make_grid(x, nrow=8), 0)
        except Exception as e:
            self.warn(_("TensorBoard: could not log sample images ({reason})").format(reason=e))

    def graph(self, model, example) -> None:
        import warnings

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)  # add_graph still traces with torch.jit
                self.writer.add_graph(model, example)
        except Exception as e:  # tracing fails for some architectures; the run does not need it
            self.warn(_("TensorBoard: could not log the model graph ({reason})").format(
                reason=str(e).splitlines()[0][:120]))

    def hparams(self, hparams: dict, metrics: dict) -> None:
        try:
            clean = {k: v for k, v in hparams.items() if isinstance(v, (int, float, str, bool))}
            final = {f"hparam/{k}": v for k, v in metrics.items() if isinstance(v, (int, float))}
            self.writer.add_hparams(clean, final, run_name="hparams")
        except Exception as e:
            self.warn(_("TensorBoard: could not log hparams ({reason})").format(reason=e))

    def close(self) -> None:
        self.writer.close()
