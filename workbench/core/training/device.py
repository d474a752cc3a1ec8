"""Choosing the device: "auto" (cuda, then mps, then cpu) or an explicit one, checked before use."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from workbench.core.errors import DeviceError
from workbench.core.i18n import _, ngettext


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
            why = _("this PyTorch is a CPU-only build") if torch.version.cuda is None else _("no NVIDIA GPU was found")
            raise DeviceError(_("training.device: {device} is not available ({reason}): choose 'cpu' or 'auto'")
                              .format(device=repr(spec), reason=why))
        index = int(spec.split(":")[1]) if ":" in spec else torch.cuda.current_device()
        count = torch.cuda.device_count()
        if index >= count:
            raise DeviceError(ngettext("training.device: {device} does not exist — this machine has {count} GPU, "
                                       "cuda:0 to cuda:{last}",
                                       "training.device: {device} does not exist — this machine has {count} GPUs, "
                                       "cuda:0 to cuda:{last}", count).format(device=repr(spec), count=count,
                                                                              last=count - 1))
        return torch.device("cuda", index)
    if spec == "mps":
        if not _mps_available():
            raise DeviceError(_("training.device: 'mps' (Apple GPU) is not available here: choose 'cpu' or 'auto'"))
        return torch.device("mps")
    raise DeviceError(_("training.device: unknown device {device}").format(device=repr(spec)))


def describe(device) -> str:
    import torch

    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        return f"{props.name} ({props.total_memory / 1e9:.1f} GB)"
    if device.type == "mps":
        return _("Apple GPU (mps)")
    threads = torch.get_num_threads()
    return ngettext("CPU ({machine}, {count} thread)", "CPU ({machine}, {count} threads)", threads).format(
        machine=platform.machine() or _("unknown"), count=threads)


def available_devices() -> list[DeviceInfo]:
    """Every device this machine offers, for the device menu."""
    import torch

    out = [DeviceInfo("cpu", describe(torch.device("cpu")))]
    if torch.cuda.is_available():
        out += [DeviceInfo(f"cuda:{i}", describe(torch.device("cuda", i))) for i in range(torch.cuda.device_count())]
    if _mps_available():
        out.append(DeviceInfo("mps", _("Apple GPU (mps)")))
    return out


def autocast_dtype(mode: str, device):
    """The autocast dtype for ``training.mixed_precision`` on ``device``, or None for full precision.

    Returns (dtype or None, note) where note explains a choice the user may not expect.
    """
    import torch

    if mode == "off" or device.type == "mps":
        return None, ("" if mode == "off" else _("mixed precision is not used on mps"))
    if device.type == "cuda":
        if mode == "bf16" or (mode == "auto" and torch.cuda.is_bf16_supported()):
            return torch.bfloat16, ""
        return torch.float16, ""
    if mode == "fp16":
        return torch.float16, ""
    if mode == "bf16" or cpu_supports_bf16():
        return torch.bfloat16, ""
    return None, _("this CPU has no fast bf16 support: training in full precision")


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
    gpu = cuda or getattr(device, "type", "cpu") == "cuda"
    size = ""
    match = re.search(r"allocate (\d+) bytes", text) or re.search(r"allocate ([\d.]+ [KMGT]iB)", text)
    if match:
        amount = match.group(1)
        size = _(" while allocating {amount}").format(
            amount=f"{int(amount) / 2**30:.2f} GiB" if amount.isdigit() else amount)
    if gpu:
        message = _("out of GPU memory{allocating} at batch size {size}: lower data.loader.batch_size, make the model "
                    "narrower (fewer channels or out_features) or turn on mixed precision")
    else:
        message = _("out of the computer's memory{allocating} at batch size {size}: lower data.loader.batch_size, "
                    "make the model narrower (fewer channels or out_features) or turn on mixed precision")
    return message.format(allocating=size, size=batch_size)


def available_memory(device) -> tuple[int, str]:
    """(bytes free for a run, in words where): the GPU's free memory on CUDA, else the computer's available RAM
    (Apple's GPUs share it)."""
    if getattr(device, "type", "cpu") == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info(device)
        return free, _("{gpu} has").format(gpu=torch.cuda.get_device_name(device))
    import psutil

    return psutil.virtual_memory().available, _("this computer has")


def memory_verdict(plan, project, device) -> tuple[object, str | None]:
    """The training step's memory estimate, and a refusal in words when it is more than ``device`` has (with
    what to change), or None."""
    from workbench.core.model.memory import estimate_training_memory, gib

    estimate = estimate_training_memory(plan, project)
    free, where = available_memory(device)
    if estimate.total <= free:
        return estimate, None
    return estimate, _("the training step needs {estimate}, but {where} {free} free: lower data.loader.batch_size, "
                       "make the model narrower (fewer channels or out_features) or turn on mixed precision").format(
        estimate=estimate.describe(), where=where, free=gib(free))
