"""What fits together in a project: asked by validation, the window's panels and the command line alike, so a
rule is written once."""

from __future__ import annotations

from workbench.core.catalogs.datasets import BUILTIN_DATASETS
from workbench.core.i18n import _
from workbench.core.project.schema import Data, Source

# The validation kinds each source kind allows: a separate folder only for an image folder, the data set's own
# test split only for a torchvision set.
_VALIDATION_KINDS = {"folder": ("split", "folder", "none"), "torchvision": ("split", "builtin", "none")}
# What a validation kind becomes when the source changes to a kind that does not allow it.
_INSTEAD = {("torchvision", "folder"): "builtin", ("folder", "builtin"): "split"}


def validation_kinds(source_kind: str) -> tuple[str, ...]:
    return _VALIDATION_KINDS.get(source_kind, ("split", "none"))


def why_not(source_kind: str, validation_kind: str) -> str | None:
    """Why a validation kind does not fit a source kind, in words; None when it fits."""
    if validation_kind in validation_kinds(source_kind):
        return None
    if validation_kind == "folder":
        return _("'folder' validation needs an image-folder source; a torchvision data set uses 'split' or "
                 "'builtin'")
    return _("'builtin' needs a torchvision data set (an image folder has no test split of its own)")


def fit_validation(data: Data) -> None:
    """After the source changed kind: a validation kind it does not allow becomes the nearest one that fits."""
    kind = data.validation.kind
    if kind not in validation_kinds(data.source.kind):
        data.validation.kind = _INSTEAD.get((data.source.kind, kind), "split")


def builtin_classes(source: Source) -> int | None:
    """The class count of a built-in data set, known from the catalogue before its files are there."""
    if source.kind == "torchvision" and source.name in BUILTIN_DATASETS:
        return len(BUILTIN_DATASETS[source.name].classes)
    return None


def builtin_input_shape(source: Source) -> list[int] | None:
    """A built-in data set's sample shape after ToTensor, from the catalogue."""
    if source.kind == "torchvision" and source.name in BUILTIN_DATASETS:
        return list(BUILTIN_DATASETS[source.name].shape)
    return None
