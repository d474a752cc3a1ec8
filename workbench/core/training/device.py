"""Choosing the device: "auto" (cuda, then mps, then cpu) or an explicit one, checked before use."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from workbench.core.errors import DeviceError


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # "cpu", "cuda:0", "mps"
    name: str  # what a person reads: "NVIDIA H100 (79.1 GB)", "CPU (x86_64, 2 threads)"


def resolve_device(spec: str):
    """A torch.device for the project's ``training.device``; DeviceError when it is not on this machine."""
    import torch

    if spec == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if spec == "cpu":
        return torch.device("cpu")
    if spec.startswith("cuda"):
        if not torch.cuda.is_available():
            why = "this PyTorch is a CPU-only build" if torch.version.cuda is None else "no NVIDIA GPU was found"
            raise DeviceError(f"training.device: {spec!r} is not available ({why}): choose 'cpu' or 'auto'")
        index = int(spec.split(":")[1]) if ":" in spec else torch.cuda.current_device()
        count = torch.cuda.device_count()
        if index >= count:
            raise DeviceError(f"training.device: {spec!r} does not exist — this machine has {count} GPU(s), "
                              f"cuda:0 to cuda:{count - 1}")
        return torch.device("cuda", index)
    if spec == "mps":
        if not _mps_available():
            raise DeviceError("training.device: 'mps' (Apple GPU) is not available here: choose 'cpu' or 'auto'")
        return torch.device("mps")
    raise DeviceError(f"training.device: unknown device {spec!r}")


def describe(device) -> str:
    import torch

    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        return f"{props.name} ({props.total_memory / 1e9:.1f} GB)"
    if device.type == "mps":
        return "Apple GPU (mps)"
    return f"CPU ({platform.machine() or 'unknown'}, {torch.get_num_threads()} threads)"


def available_devices() -> list[DeviceInfo]:
    """Every device this machine offers, for the device menu."""
    import torch

    out = [DeviceInfo("cpu", describe(torch.device("cpu")))]
    if torch.cuda.is_available():
        out += [DeviceInfo(f"cuda:{i}", describe(torch.device("cuda", i))) for i in range(torch.cuda.device_count())]
    if _mps_available():
        out.append(DeviceInfo("mps", "Apple GPU (mps)"))
    return out


def autocast_dtype(mode: str, device):
    """The autocast dtype for ``training.mixed_precision`` on ``device``, or None for full precision.

    Returns (dtype or None, note) where note explains a choice the user may not expect.
    """
    import torch

    if mode == "off" or device.type == "mps":
        return None, ("" if mode == "off" else "mixed precision is not used on mps")
    if device.type == "cuda":
        if mode == "bf16" or (mode == "auto" and torch.cuda.is_bf16_supported()):
            return torch.bfloat16, ""
        return torch.float16, ""
    if mode == "fp16":
        return torch.float16, ""
    if mode == "bf16" or cpu_supports_bf16():
        return torch.bfloat16, ""
    return None, "this CPU has no fast bf16 support: training in full precision"


def cpu_supports_bf16() -> bool:
    import torch

    probe = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool((probe and probe()) or (amx and amx()))


def _mps_available() -> bool:
    import torch

    mps = getattr(torch.backends, "mps", None)
    return bool(mps and mps.is_available())


def out_of_memory_message(error: BaseException, batch_size: int, device) -> str | None:
    """One clear message when ``error`` is the allocator running out of memory (CUDA's OutOfMemoryError, the
    CPU allocator's RuntimeError), saying what was being allocated and what to lower; None for anything else."""
    import re

    import torch

    text = str(error)
    cuda = isinstance(error, torch.cuda.OutOfMemoryError)
    cpu = isinstance(error, RuntimeError) and ("DefaultCPUAllocator" in text or "can't allocate memory" in text
                                               or "not enough memory" in text)
    if not (cuda or cpu):
        return None
    where = "GPU" if cuda or getattr(device, "type", "cpu") == "cuda" else "the computer's"
    size = ""
    match = re.search(r"allocate (\d+) bytes", text) or re.search(r"allocate ([\d.]+ [KMGT]iB)", text)
    if match:
        amount = match.group(1)
        size = f" while allocating {int(amount) / 2**30:.2f} GiB" if amount.isdigit() else f" while allocating {amount}"
    return (f"out of {where} memory{size} at batch size {batch_size}: lower data.loader.batch_size, make the "
            "model narrower (fewer channels or out_features) or turn on mixed precision")


def available_memory(device) -> tuple[int, str]:
    """(bytes free for a run, in words where): the GPU's free memory on CUDA, else the computer's available RAM
    (Apple's GPUs share it)."""
    if getattr(device, "type", "cpu") == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info(device)
        return free, f"{torch.cuda.get_device_name(device)} has"
    import psutil

    return psutil.virtual_memory().available, "this computer has"


def memory_verdict(plan, project, device) -> tuple[object, str | None]:
    """The training step's memory estimate, and a refusal in words when it is more than ``device`` has (with
    what to change), or None."""
    from workbench.core.model.memory import estimate_training_memory, gib

    estimate = estimate_training_memory(plan, project)
    free, where = available_memory(device)
    if estimate.total <= free:
        return estimate, None
    return estimate, (f"the training step needs {estimate.describe()}, but {where} {gib(free)} free: lower "
                      "data.loader.batch_size, make the model narrower (fewer channels or out_features) or turn on "
                      "mixed precision")
