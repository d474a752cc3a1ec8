"""What the training engine reports, as plain dataclasses.

The engine calls every listener with these; the CLI prints them, the GUI's
worker re-emits them as queued Qt signals. Listeners run on the engine's
thread and must be quick.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class RunStarted:
    run_dir: str
    start_epoch: int  # 0 for a new run; the epochs already done when resuming
    epochs: int  # the total to reach
    batches_per_epoch: int
    train_samples: int
    val_samples: int
    device: str
    device_name: str
    classes: list[str]
    input_shape: list[int]
    total_params: int
    notes: list[str] = field(default_factory=list)  # how data is fed, precision chosen, data set notes


@dataclass
class BatchEnded:
    epoch: int  # 1-based
    batch: int  # 1-based within the epoch
    batches: int
    step: int  # batches since the run began (0-based, continues across resume)
    loss: float  # the mean loss over the batches since the previous BatchEnded
    samples_per_s: float
    lr: float
    eta_s: float  # until the end of the run


@dataclass
class EpochEnded:
    epoch: int
    epochs: int
    metrics: dict  # train_loss, train_accuracy, val_loss, val_accuracy, val_top5, lr, seconds, samples_per_s
    confusion: list[list[int]] | None = None  # [true][predicted] on the validation split
    best: bool = False


@dataclass
class Compiling:
    """torch.compile at work on the first training step: said before it (``seconds`` None) and after it."""

    mode: str  # training.compile
    seconds: float | None = None  # how long the first, compiling step took; None while it runs


@dataclass
class CheckpointSaved:
    path: str
    kind: str  # "best" | "last" | "model"
    epoch: int


@dataclass
class RunWarning:
    message: str


@dataclass
class Finished:
    run_dir: str
    reason: str  # "completed" | "early_stopping" | "stopped" | "diverged"
    epochs_done: int
    message: str = ""
    metrics: dict = field(default_factory=dict)
    # What model.pth holds: {"epoch": 7, "why": "best val_loss 0.1234"}, or {} when no epoch finished.
    result: dict = field(default_factory=dict)

    @property
    def stopped_itself(self) -> bool:
        """True when the run ended early by request or divergence (CLI exit status 3)."""
        return self.reason in ("stopped", "diverged")


@dataclass
class Failed:
    message: str
    run_dir: str | None = None


@dataclass
class LrFinderStep:
    """The learning-rate finder's progress (lr_find.py), at most ten times a second."""

    step: int  # 1-based
    steps: int  # planned; the test may end sooner (the loss diverged)
    lr: float
    loss: float
    smoothed: float


@dataclass
class LrFinderResult:
    """The learning-rate finder's curve and suggestion: what it returns, and its last event."""

    suggested_lr: float | None  # None when the curve falls nowhere (``note`` says why)
    lrs: list[float]  # one per step taken, rising exponentially
    losses: list[float]  # the batch loss at each
    smoothed: list[float]  # an exponential moving average of ``losses``, bias-corrected
    reason: str = "completed"  # "completed" | "diverged" (the smoothed loss passed 4× its best, or NaN)
    note: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"suggested_lr": self.suggested_lr, "lrs": self.lrs, "losses": self.losses,
                "smoothed": self.smoothed, "reason": self.reason, "note": self.note, "seconds": self.seconds}


@dataclass
class LabelIssuesFound:
    """`label-issues`' report (experiments/label_issues.py LabelReport.to_json), its last event."""

    issues: list[dict]  # {"path", "given", "suggested", "score"}, most likely wrong first
    estimated_share: float
    images: int
    folds: int
    run_dirs: list[str]


Event = (RunStarted | BatchEnded | Compiling | EpochEnded | CheckpointSaved | RunWarning | Finished | Failed
         | LrFinderStep | LrFinderResult | LabelIssuesFound)


class RunControl:
    """Stop and pause requests, set from any thread, honoured by the engine between batches."""

    def __init__(self):
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def request_stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused run must wake up to stop

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self) -> float:
        """Block while paused; return the seconds spent waiting (kept out of throughput figures)."""
        if self._running.is_set():
            return 0.0
        t0 = time.perf_counter()
        self._running.wait()
        return time.perf_counter() - t0
