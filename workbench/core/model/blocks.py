"""The modules behind the layer catalogue's blocks, and LayerNorm for channels-first maps.

Written as a reader would write them by hand: the generated training script
copies these classes (their source, read with `inspect`) to the top of the
file when the model uses them, so the app's model and the script's are the
same code and a state_dict saved by one loads into the other. The keys follow
the nesting: ``3.layers.0.weight``, ``3.shortcut.0.weight``, ``5.branches.1.0.weight``.
"""

import torch
from torch import nn


class Residual(nn.Module):
    """output = layers(x) + shortcut(x); with no shortcut layers, the input itself is added."""

    def __init__(self, layers, shortcut=()):
        super().__init__()
        self.layers = nn.Sequential(*layers)
        self.shortcut = nn.Sequential(*shortcut)  # empty: passes x through unchanged

    def forward(self, x):
        return self.layers(x) + self.shortcut(x)


class Branches(nn.Module):
    """Runs every branch on the same input and joins the outputs: on the channel dimension ("concat") or added."""

    def __init__(self, branches, merge="concat"):
        super().__init__()
        self.branches = nn.ModuleList(nn.Sequential(*branch) for branch in branches)
        self.merge = merge

    def forward(self, x):
        outputs = []
        for branch in self.branches:
            outputs.append(branch(x))
        if self.merge == "add":
            return torch.stack(outputs).sum(dim=0)
        return torch.cat(outputs, dim=1)


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels at each pixel of an (N, C, H, W) map, as ConvNeXt uses it."""

    def __init__(self, num_channels, eps=1e-6):
        super().__init__(num_channels, eps=eps)

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)  # channels last, where LayerNorm normalises
        x = nn.functional.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)
