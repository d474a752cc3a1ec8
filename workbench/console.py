"""Console progress for `workbench train` and `lr-find`: a live bar on stderr, one line per epoch, warnings."""

from __future__ import annotations

import sys

from workbench.core.i18n import _
from workbench.core.training.events import (
    BatchEnded,
    Compiling,
    EpochEnded,
    Event,
    Failed,
    Finished,
    LrFinderStep,
    RunStarted,
    RunWarning,
)


def fmt_duration(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}"


def fmt_metrics(m: dict) -> str:
    parts = []
    for key, label in (("train_loss", "loss"), ("train_accuracy", "acc"), ("val_loss", "val_loss"),
                       ("val_accuracy", "val_acc"), ("val_top5", "val_top5")):
        if m.get(key) is not None:
            parts.append(f"{label} {m[key]:.4f}")
    parts.append(f"lr {m['lr']:.3g}")
    parts.append(f"{m['seconds']:.1f}s")
    parts.append(f"{m['samples_per_s']:.0f} samples/s")
    return "  ".join(parts)


def compiling_text(event: Compiling) -> str:
    if event.seconds is None:
        return _("compiling the model (torch.compile, mode {mode})…").format(mode=event.mode)
    return _("compiled the model in {seconds:.1f} s").format(seconds=event.seconds)


class ConsoleProgress:
    """An engine listener that writes to ``stream`` (stderr): a bar redrawn in place when it is a terminal."""

    def __init__(self, stream=None, bar: bool | None = None):
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self._bar_shown = False

    def __call__(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            resumed = _(", resuming after epoch {epoch}").format(epoch=event.start_epoch) if event.start_epoch else ""
            self._line(_("training on {device_name} [{device}]: {train} training / {val} validation samples, {classes} "
                         "classes, input {shape}, {params} parameters").format(
                device_name=event.device_name, device=event.device, train=event.train_samples, val=event.val_samples,
                classes=len(event.classes), shape=event.input_shape, params=f"{event.total_params:,}") + resumed)
            for note in event.notes:
                self._line(_("note: {message}").format(message=note))
            self._line(_("run directory: {path}").format(path=event.run_dir))
        elif isinstance(event, BatchEnded) and self.bar:
            width = 24
            done = round(width * event.batch / event.batches)
            self.stream.write(f"\repoch {event.epoch} [{'#' * done}{'.' * (width - done)}] {event.batch}/"
                              f"{event.batches}  loss {event.loss:.4f}  {event.samples_per_s:.0f} samples/s  "
                              f"ETA {fmt_duration(event.eta_s)} ")
            self.stream.flush()
            self._bar_shown = True
        elif isinstance(event, LrFinderStep) and self.bar:
            width = 24
            done = round(width * event.step / event.steps)
            self.stream.write(f"\rlr-find [{'#' * done}{'.' * (width - done)}] {event.step}/{event.steps}  "
                              f"lr {event.lr:.2e}  loss {event.smoothed:.4f} ")
            self.stream.flush()
            self._bar_shown = True
        elif isinstance(event, EpochEnded):
            star = "  *best" if event.best else ""
            self._line(f"epoch {event.epoch}/{event.epochs}  {fmt_metrics(event.metrics)}{star}")
        elif isinstance(event, Compiling):
            self._line(compiling_text(event))
        elif isinstance(event, RunWarning):
            self._line(_("warning: {message}").format(message=event.message))
        elif isinstance(event, Finished):
            if event.message:
                self._line(event.message)
        elif isinstance(event, Failed):
            self._line(_("run failed: {message}").format(message=event.message))

    def _line(self, text: str) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self._bar_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()

