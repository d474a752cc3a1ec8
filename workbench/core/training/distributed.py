"""Data-parallel training across processes with torch.distributed (launched by torchrun).

torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; the engine reads them here,
joins the process group (nccl on CUDA, gloo on CPU), wraps the model in
DistributedDataParallel, gives every process its own share of each epoch's
order, and sums loss, correct counts and the confusion matrix over all
processes so the metrics are those of the whole data set. Only rank 0 writes
files and reports events.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

# How long a process waits for the others at start-up before giving up with a clear error.
INIT_TIMEOUT = datetime.timedelta(minutes=5)
# Between these many batches the processes agree on "stop" and "the loss is not finite", so they all leave
# the loop at the same batch (one leaving alone would leave the others waiting in a collective forever).
SYNC_EVERY = 16


@dataclass(frozen=True)
class Dist:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def active(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def from_env() -> Dist:
    """The process's place in a torchrun launch; a single process when not launched by torchrun."""
    try:
        world = int(os.environ.get("WORLD_SIZE", "1"))
        rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", str(rank)))
    except ValueError:
        return Dist()
    return Dist(rank, world, local) if world > 1 else Dist()


def join(dist: Dist, device) -> None:
    import torch.distributed as td

    if dist.active and not td.is_initialized():
        td.init_process_group("nccl" if device.type == "cuda" else "gloo", timeout=INIT_TIMEOUT)


def leave(dist: Dist) -> None:
    import torch.distributed as td

    if dist.active and td.is_initialized():
        td.destroy_process_group()


def all_sum(dist: Dist, *tensors) -> None:
    """Sum each tensor over all processes, in place."""
    if not dist.active:
        return
    import torch.distributed as td

    for t in tensors:
        td.all_reduce(t, op=td.ReduceOp.SUM)


def any_true(dist: Dist, flag: bool, device) -> bool:
    """True on every process when it is true on any."""
    if not dist.active:
        return flag
    import torch

    t = torch.tensor([1.0 if flag else 0.0], device=device)
    all_sum(dist, t)
    return bool(t.item() > 0)


def shard(order, dist: Dist, pad: bool):
    """This process's share of an epoch's order (a 1-D index tensor): every world_size-th index from its rank.

    With ``pad`` (training) the order is first lengthened by repeating its start, so every process gets the
    same number of batches, as DistributedSampler does; validation is not padded, so nothing is counted twice.
    """
    if not dist.active:
        return order
    import torch

    n = len(order)
    if pad and n % dist.world_size:
        order = torch.cat([order, order[:dist.world_size - n % dist.world_size]])
    return order[dist.rank::dist.world_size]


def shard_size(n: int, dist: Dist, pad: bool) -> int:
    if not dist.active:
        return n
    return -(-n // dist.world_size) if pad else len(range(dist.rank, n, dist.world_size))


@dataclass(frozen=True)
class Launch:
    """How `workbench train` starts its processes through torchrun: on this machine alone, or as node
    ``node_rank`` of ``nnodes`` meeting at a master address (static) or a c10d rendezvous endpoint."""

    nproc_per_node: int = 1
    nnodes: int = 1
    node_rank: int | None = None
    master_addr: str | None = None
    master_port: int | None = None
    rdzv_endpoint: str | None = None
    rdzv_id: str = "workbench"

    def check(self) -> None:
        """ProjectError naming the option that is wrong (a bad launch fails here, not in N processes)."""
        from workbench.core.errors import ProjectError
        from workbench.core.i18n import _

        def positive(option: str, value: int) -> None:
            if value < 1:
                raise ProjectError(option, _("expected {what}, got {value}").format(what=_("a positive integer"),
                                                                                  value=value))

        positive("--nproc-per-node", self.nproc_per_node)
        positive("--nnodes", self.nnodes)
        if self.rdzv_endpoint is not None and (self.master_addr or self.master_port or self.node_rank is not None):
            raise ProjectError("--rdzv-endpoint", _("give either --rdzv-endpoint (c10d rendezvous: ranks are "
                                                    "handed out) or --master-addr, --master-port and --node-rank "
                                                    "(static), not both"))
        if self.rdzv_endpoint is not None:
            host, _sep, port = self.rdzv_endpoint.rpartition(":")
            if not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise ProjectError("--rdzv-endpoint", _("expected HOST:PORT (e.g. 10.0.0.1:29400), got {value}")
                                   .format(value=repr(self.rdzv_endpoint)))
            return
        if self.master_port is not None and not 0 < self.master_port < 65536:
            raise ProjectError("--master-port", _("expected a port from 1 to 65535, got {value}").format(
                value=self.master_port))
        if self.nnodes > 1 and (self.master_addr is None or self.node_rank is None):
            raise ProjectError("--nnodes", _("{count} machines need --master-addr HOST (the address of node 0) and "
                                             "--node-rank R (this machine's number, 0 to {last}), or "
                                             "--rdzv-endpoint HOST:PORT").format(count=self.nnodes,
                                                                                last=self.nnodes - 1))
        if self.node_rank is not None and not 0 <= self.node_rank < self.nnodes:
            raise ProjectError("--node-rank", _("expected 0 to {last} with --nnodes {count}, got {value}").format(
                last=self.nnodes - 1, count=self.nnodes, value=self.node_rank))

    def torchrun_options(self) -> list[str]:
        """torchrun's own options for this launch (after `check`)."""
        options = [f"--nproc-per-node={self.nproc_per_node}"]
        if self.rdzv_endpoint is not None:
            return [f"--nnodes={self.nnodes}", "--rdzv-backend=c10d", f"--rdzv-endpoint={self.rdzv_endpoint}",
                    f"--rdzv-id={self.rdzv_id}", *options]
        if self.nnodes == 1 and self.master_addr is None:
            return ["--standalone", *options]
        return [f"--nnodes={self.nnodes}", f"--node-rank={self.node_rank or 0}",
                f"--master-addr={self.master_addr or '127.0.0.1'}", f"--master-port={self.master_port or 29500}",
                *options]
