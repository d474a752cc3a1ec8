"""Batches for the engine: decode once into memory when it fits, else a DataLoader that streams from disk.

Decode once: when the deterministic part of the pipeline (decode, resize,
ToTensor) fits the memory budget, it runs once and its tensors are kept.
Without augmentation, batches are then sliced straight out of one tensor —
no per-sample Python, no collation — which is where the engine beats the
primer's plain DataLoader loop. With augmentation, a DataLoader applies the
random transforms per sample on the cached tensors.

On CUDA the cache is held on the GPU when it fits (`resident_wanted`): batches
are cut there and augmented there, per sample, with no copy from the host.

Shuffling is re-seeded from (seed, epoch) every epoch, so a resumed run sees
the same order as an uninterrupted one.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from dataclasses import dataclass
from typing import Callable

from workbench.core.data.datasets import DataBundle, SampleDataset
from workbench.core.i18n import _
from workbench.core.project.schema import Data
from workbench.core.training.distributed import Dist, shard, shard_size


def worker_context() -> str:
    """Never "fork": Qt (and CUDA) do not survive it. forkserver where the platform has it, else spawn."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


SINGLE = Dist()


def _epoch_seed(seed: int, epoch: int) -> int:
    return (seed * 1_000_003 + epoch) % (2**63)


def epoch_indices(n: int, shuffle: bool, seed: int, epoch: int, dist: Dist = SINGLE, pad: bool = True,
                  weights=None):
    """This process's sample indices for an epoch, in order. The shuffled order depends only on (seed, epoch),
    so cached and streamed data train alike, and a resumed run sees what an uninterrupted one would. With
    ``weights`` (balanced sampling) n indices are drawn with those weights, with replacement."""
    import torch

    if weights is not None:
        generator = torch.Generator().manual_seed(_epoch_seed(seed, epoch))
        order = torch.multinomial(weights, n, replacement=True, generator=generator)
    elif shuffle:
        order = torch.randperm(n, generator=torch.Generator().manual_seed(_epoch_seed(seed, epoch)))
    else:
        order = torch.arange(n)
    return shard(order, dist, pad)


class EpochSampler:
    """A DataLoader sampler yielding `epoch_indices`, less the first ``skip`` of them (the samples a resumed
    run had trained on before it was stopped in the middle of the epoch). Its length is the whole epoch's."""

    def __init__(self, n: int, shuffle: bool, seed: int, dist: Dist = SINGLE, pad: bool = True, weights=None):
        self.n, self.shuffle, self.seed, self.dist, self.pad, self.epoch, self.skip = n, shuffle, seed, dist, pad, 0, 0
        self.weights = weights

    def __len__(self) -> int:
        return shard_size(self.n, self.dist, self.pad)

    def order(self):
        return epoch_indices(self.n, self.shuffle, self.seed, self.epoch, self.dist, self.pad, self.weights)

    def __iter__(self):
        return iter(self.order()[self.skip:].tolist())


class TensorBatches:
    """Batches indexed out of in-memory tensors (on the device they are on: the GPU's when the cache is held
    there); ``post`` (e.g. Normalize) runs on the whole batch; ``augment``, when given, on each sample of it
    first (every sample draws its own random flip or crop, as in a DataLoader)."""

    def __init__(self, x, y, batch_size: int, shuffle: bool, drop_last: bool, post: Callable, seed: int,
                 dist: Dist = SINGLE, pad: bool = True, weights=None, augment: Callable | None = None):
        self.x, self.y = x, y
        self.batch_size, self.drop_last, self.post, self.augment = batch_size, drop_last, post, augment
        self.sampler = EpochSampler(len(y), shuffle, seed, dist, pad, weights)

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def set_epoch(self, epoch: int, skip_batches: int = 0) -> None:
        self.sampler.epoch, self.sampler.skip = epoch, skip_batches * self.batch_size

    def __iter__(self):
        import torch

        order = self.sampler.order().to(self.x.device)  # one copy an epoch: the batches are sliced where x is
        for i in range(self.sampler.skip // self.batch_size, len(self)):
            idx = order[i * self.batch_size:(i + 1) * self.batch_size]
            x = self.x.index_select(0, idx)
            if self.augment is not None:
                x = torch.stack([self.augment(sample) for sample in x])
            yield self.post(x), self.y.index_select(0, idx)


class CachedSamples:
    """Per-sample view of cached tensors, so random augmentation differs per sample."""

    def __init__(self, x, y, post: Callable):
        self.x, self.y, self.post = x, y, post

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, k: int):
        return self.post(self.x[k]), int(self.y[k])


class _PreOnly:
    def __init__(self, ds: SampleDataset):
        self.ds = ds

    def __len__(self):
        return len(self.ds)

    def __getitem__(self, k):
        return self.ds.pre_item(k)


class EpochLoader:
    """A DataLoader whose shuffle order and worker seeds come from (seed, epoch)."""

    def __init__(self, dataset, batch_size: int, shuffle: bool, drop_last: bool, num_workers: int, seed: int,
                 pin_memory: bool = False, dist: Dist = SINGLE, pad: bool = True, weights=None):
        import torch
        from torch.utils.data import DataLoader

        self.seed, self.generator = seed, torch.Generator()  # the generator seeds the workers' RNGs
        self.sampler = EpochSampler(len(dataset), shuffle, seed, dist, pad, weights)
        extra = {}
        if num_workers > 0:
            extra = dict(multiprocessing_context=worker_context(), persistent_workers=True, prefetch_factor=4)
        self.loader = DataLoader(dataset, batch_size=batch_size, sampler=self.sampler, drop_last=drop_last,
                                 num_workers=num_workers, generator=self.generator, pin_memory=pin_memory, **extra)
        self.set_epoch(0)

    def __len__(self) -> int:
        return len(self.loader)

    def set_epoch(self, epoch: int, skip_batches: int = 0) -> None:
        """The epoch's order; ``skip_batches``: start after that many (whole batches: a resumed epoch)."""
        self.sampler.epoch, self.sampler.skip = epoch, skip_batches * self.loader.batch_size
        self.generator.manual_seed(_epoch_seed(self.seed, epoch))

    def __iter__(self):
        return iter(self.loader)


@dataclass
class Loaders:
    train: TensorBatches | EpochLoader
    val: TensorBatches | EpochLoader | None
    note: str  # what the user should know about how data is fed ("decoded once, 14 MB in memory")


def cache_tensors(ds: SampleDataset, budget_bytes: int, num_workers: int = 0):
    """Run the deterministic pipeline over ``ds`` once; (x, y) tensors, or None when over the budget."""
    import torch
    from torch.utils.data import DataLoader

    x0, _label = ds.pre_item(0)
    need = x0.numel() * x0.element_size() * len(ds)
    if need > budget_bytes:
        return None
    extra = dict(multiprocessing_context=worker_context()) if num_workers > 0 else {}
    xs, ys = [], []
    for xb, yb in DataLoader(_PreOnly(ds), batch_size=512, num_workers=num_workers, **extra):
        xs.append(xb)
        ys.append(yb)
    return torch.cat(xs), torch.cat(ys).long()


RESIDENT_VARIABLE = "WORKBENCH_RESIDENT_DATA"  # "1": batches from the device-resident cache on any device; "0": never


def resident_wanted(device) -> bool:
    """Whether the decode-once cache should live on ``device`` and batches be sliced there: by default on
    CUDA (no host-to-device copy per batch); $WORKBENCH_RESIDENT_DATA=1 chooses it on any device (the CPU's
    "device" is its memory: the same code runs, which is how it is tested without a GPU), 0 never."""
    choice = os.environ.get(RESIDENT_VARIABLE, "")
    if choice in ("0", "1"):
        return choice == "1"
    return getattr(device, "type", "cpu") == "cuda"


def _fits_on(device, nbytes: int) -> bool:
    """Half of the GPU's free memory at most: the model, its activations and the optimizer need the rest."""
    if getattr(device, "type", "cpu") != "cuda":
        return True
    import torch

    free, _total = torch.cuda.mem_get_info(device)
    return nbytes <= free // 2


def make_loaders(bundle: DataBundle, data: Data, seed: int, pin_memory: bool = False,
                 dist: Dist = SINGLE, device=None) -> Loaders:
    """Training and validation batches; with ``dist``, this process's share of them. With ``device`` (the
    run's), a cache that fits is held there when `resident_wanted`."""
    from workbench.core.data.transforms import compose

    cfg = data.loader
    budget = data.cache_mb * 2**20
    pipes = bundle.pipelines
    cacheable = budget > 0 and not pipes.random_in_pre
    train_cache = cache_tensors(bundle.train, budget, cfg.num_workers) if cacheable else None
    common = dict(seed=seed, dist=dist)
    weights = class_balanced_weights(bundle) if cfg.balanced_sampling else None
    resident = (device is not None and train_cache is not None and resident_wanted(device)
                and _fits_on(device, train_cache[0].numel() * train_cache[0].element_size()))
    if resident:
        train_cache = tuple(t.to(device) for t in train_cache)
    if train_cache is not None and (resident or not pipes.augment_ops):
        augment = compose(pipes.augment_ops) if pipes.augment_ops else None
        train = TensorBatches(*train_cache, cfg.batch_size, cfg.shuffle, cfg.drop_last,
                              compose(pipes.post_ops) if augment else pipes.train_post, weights=weights,
                              augment=augment, **common)
    elif train_cache is not None:
        train = EpochLoader(CachedSamples(*train_cache, pipes.train_post), cfg.batch_size, cfg.shuffle,
                            cfg.drop_last, cfg.num_workers, pin_memory=pin_memory, weights=weights, **common)
    else:
        train = EpochLoader(bundle.train, cfg.batch_size, cfg.shuffle, cfg.drop_last, cfg.num_workers,
                            pin_memory=pin_memory, weights=weights, **common)
    val = None
    used = train_cache[0].numel() * train_cache[0].element_size() if train_cache is not None else 0
    if bundle.val is not None:
        val_cache = cache_tensors(bundle.val, budget - used, cfg.num_workers) if train_cache is not None else None
        if val_cache is not None:
            used += val_cache[0].numel() * val_cache[0].element_size()
            if resident and _fits_on(device, val_cache[0].numel() * val_cache[0].element_size()):
                val_cache = tuple(t.to(device) for t in val_cache)
            val = TensorBatches(*val_cache, cfg.batch_size, False, False, pipes.val_post, pad=False, **common)
        else:
            val = EpochLoader(bundle.val, cfg.batch_size, False, False, cfg.num_workers, pin_memory=pin_memory,
                              pad=False, **common)
    if resident:
        note = _("decoded once, {size} MB kept on {device}: batches are cut there").format(
            size=f"{used / 2**20:.1f}", device=str(device))
    elif train_cache is not None:
        note = _("decoded once, {size} MB kept in memory").format(size=f"{used / 2**20:.1f}")
    elif not cacheable:
        note = _("decoding every epoch (caching is off)") if budget == 0 else \
            _("decoding every epoch (the base transforms are random)")
    else:
        note = _("decoding every epoch (the data set needs more than data.cache_mb = {size} MB)").format(
            size=data.cache_mb)
    if weights is not None:
        note += _("; balanced sampling: each class drawn about equally often")
    return Loaders(train, val, note)


def class_balanced_weights(bundle: DataBundle):
    """Each training sample's draw weight: 1 / its class's count (WeightedRandomSampler's usual recipe)."""
    import torch

    labels = torch.tensor([bundle.train.label(k) for k in range(len(bundle.train))])
    counts = torch.bincount(labels, minlength=bundle.num_classes).double()
    return 1.0 / counts[labels]
