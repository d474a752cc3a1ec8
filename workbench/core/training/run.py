"""One training run's working parts, as the loop, the epoch functions and the callbacks share them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from workbench.core.data.datasets import DataBundle
from workbench.core.project.schema import Project
from workbench.core.training.distributed import Dist
from workbench.core.training.events import Event, RunControl, RunWarning


@dataclass
class Run:
    project: Project  # the run's own copy, overrides applied
    bundle: DataBundle
    device: Any  # torch.device
    dist: Dist
    net: Any  # the plain model: saved, validated, exported
    model: Any  # what training calls: ``net``, or its DistributedDataParallel wrapper
    optimizer: Any
    scheduler: Any
    scaler: Any  # torch.amp.GradScaler (enabled for fp16 on CUDA only)
    loss_fn: Callable
    loaders: Any  # loaders.Loaders
    amp_dtype: Any  # torch.bfloat16 / torch.float16 under autocast, or None
    memory_format: Any
    emit: Callable[[Event], None]
    control: RunControl
    run_dir: Path | None = None  # None on every process but rank 0: only rank 0 writes files
    callbacks: list = field(default_factory=list)
    start_epoch: int = 0  # epochs already done when the run began (resume)
    history: list[dict] = field(default_factory=list)  # one metrics row per finished epoch
    epoch: int = 0  # the epoch in progress (1-based)
    batches_in_epoch: int = 0  # optimizer steps taken in the epoch in progress
    step: int = 0  # optimizer steps since the run began (continues across resume)
    improved: bool = False  # the epoch just finished is the best so far (set by BestModel)
    result: dict = field(default_factory=dict)  # what model.pth holds: {"epoch", "chosen", "metric", "value"}
    stop: tuple[str, str] | None = None  # (reason, message) a callback stopped the run with
    # Where the epoch in progress stands, kept when a stop interrupts it and restored on resume, so the resumed
    # epoch skips the batches done and its sums go on: {"batch", "loss_sum", "correct", "seen", "seconds"}.
    position: dict | None = None
    backbone_trains: bool = False  # a fine-tuning schedule's stage (finetune.py): the backbone learns too
    eager_model: Any = None  # with training.compile: the uncompiled ``model``, which a failed compile falls back to
    compile_pending: bool = False  # the compiled model's first step (where it compiles) is still to come
    cuda_graphs: bool = False  # compiled in a mode that replays CUDA graphs (reduce-overhead, max-autotune on CUDA)
    amp_note: str = ""  # a precision choice the user may not expect ("no fast bf16: full precision"), or ""

    def warn(self, message: str) -> None:
        self.emit(RunWarning(message))

    def request_stop(self, reason: str, message: str) -> None:
        """A callback ends the run after the current epoch (early stopping, a pruned sweep trial)."""
        if self.stop is None:
            self.stop = (reason, message)

    @property
    def monitor(self) -> tuple[str, bool]:
        """The metric that decides the best epoch, and whether higher is better. Without validation data the
        training loss stands in."""
        name = self.project.training.monitor
        if self.bundle.val is None:
            return "train_loss", False
        return name, name == "val_accuracy"

    def begin_epoch(self, epoch: int) -> None:
        """A new epoch, or (with ``position`` restored from a mid-epoch checkpoint) the rest of one."""
        self.epoch = epoch
        done = self.position["batch"] if self.position else 0
        self.batches_in_epoch = done
        self.improved = False
        self.loaders.train.set_epoch(epoch, skip_batches=done)
