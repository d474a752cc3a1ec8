"""``training.compile``: the training step through torch.compile, and the way back to eager when it cannot.

torch.compile is lazy: wrapping the model costs nothing and the real work
(and any failure: no C++ compiler, an unsupported Python, an operation the
backend cannot lower) happens on the first call. So the first training step
of a compiled run goes through `first_step`, which says "compiling…" before
it and how long it took after it, and on a compile failure drops the
compiled wrapper, says so once, and redoes the step eagerly. Only the
training step is compiled; validation, checkpoints and exports use the plain
model, whose state_dict keys are the usual ones (no ``_orig_mod.``).
"""

from __future__ import annotations

import time
from typing import Callable

from workbench.core.i18n import _
from workbench.core.training.events import Compiling


def compile_model(model, mode: str):
    """``model`` wrapped by torch.compile in ``mode``, or (mode "off") ``model`` itself. Raises nothing:
    a wrapper that cannot be made now fails at the first step, where `first_step` handles it."""
    if mode == "off":
        return model
    import torch

    try:
        return torch.compile(model, mode=None if mode == "default" else mode)
    except Exception as e:  # e.g. "Dynamo is not supported on this Python": the first step says so
        return _Uncompilable(model, e)


class _Uncompilable:
    """Stands for a compiled model that torch.compile refused to make; its first call raises why."""

    def __init__(self, model, error: Exception):
        self.model, self.error = model, error

    def __call__(self, *args, **kwargs):
        raise self.error

    def train(self, mode: bool = True):
        return self.model.train(mode)


def compile_failures() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "this model or backend cannot compile" (not a bug in the user's data)."""
    import torch._dynamo.exc as dynamo_exc

    kinds: list[type[BaseException]] = [dynamo_exc.TorchDynamoException]
    try:
        from torch._inductor.exc import InductorError

        kinds.append(InductorError)
    except ImportError:
        pass
    return tuple(kinds)


def first_step(run, step: Callable[[object], tuple]) -> tuple:
    """The run's first training step through its compiled model (``step(model)`` does forward, backward and
    the optimizer step): timed and announced with Compiling events; on a compile failure the run goes on
    with the eager model (one warning) and the step is done again without compiling."""
    mode = run.project.training.compile
    run.compile_pending = False
    run.emit(Compiling(mode))
    started = time.perf_counter()
    try:
        result = step(run.model)
    except compile_failures() + (RuntimeError,) as e:
        if not _is_compile_failure(e, run.model):
            raise
        _reset_dynamo()
        run.model = run.eager_model
        run.warn(_("training.compile = {mode}: the model could not be compiled ({reason}); training goes on "
                   "without compiling (set training.compile to off to skip the attempt)").format(
            mode=mode, reason=_first_line(e)))
        run.optimizer.zero_grad(set_to_none=True)  # a backward that failed half-way may have left gradients
        return step(run.model)
    run.emit(Compiling(mode, time.perf_counter() - started))
    return result


def _is_compile_failure(error: BaseException, model) -> bool:
    return isinstance(error, compile_failures()) or isinstance(model, _Uncompilable)


def _reset_dynamo() -> None:
    import torch

    torch._dynamo.reset()  # forget the failed graphs: nothing of them stays in the process


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = text[0] if text else type(error).__name__
    return line if len(line) <= 300 else line[:297] + "…"
