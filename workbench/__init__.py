"""Torch Workbench: build and train PyTorch image classifiers without writing the script."""

__version__ = "0.1.0"
