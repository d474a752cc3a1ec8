"""Built-in torchvision data sets the app knows: sample shape, classes, how to open each split."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinDataset:
    name: str
    shape: tuple[int, int, int]  # (channels, height, width) after ToTensor
    classes: tuple[str, ...]
    split_style: str = "train"  # "train": train=True/False; "split": split="train"/"test"
    size_mb: int = 0  # download size, shown before a download
    files: str = ""  # where torchvision expects the files under root, for the "missing" message


_DIGITS = tuple(str(i) for i in range(10))

BUILTIN_DATASETS: dict[str, BuiltinDataset] = {d.name: d for d in [
    BuiltinDataset("MNIST", (1, 28, 28), _DIGITS, size_mb=12, files="MNIST/raw/*-ubyte"),
    BuiltinDataset("FashionMNIST", (1, 28, 28), (
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), size_mb=30, files="FashionMNIST/raw/*-ubyte"),
    BuiltinDataset("KMNIST", (1, 28, 28), ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
                    size_mb=20, files="KMNIST/raw/*-ubyte"),
    BuiltinDataset("CIFAR10", (3, 32, 32), (
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
        size_mb=163, files="cifar-10-batches-py/"),
    BuiltinDataset("CIFAR100", (3, 32, 32), tuple(f"class_{i}" for i in range(100)),
                   size_mb=161, files="cifar-100-python/"),
    BuiltinDataset("SVHN", (3, 32, 32), _DIGITS, split_style="split", size_mb=182,
                   files="train_32x32.mat, test_32x32.mat"),
]}
