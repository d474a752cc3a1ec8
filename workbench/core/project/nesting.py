"""Finding and editing layers inside blocks by position, for editors of the model (the window's layer tree).

A position names a layer as the plan and errors do: ``(3,)`` at the top, ``(3, "branches", 1, 0)`` inside
blocks. A list address names a list of layers: ``()`` the model's, ``(3, "layers")`` a Residual's,
``(3, "shortcut")`` its shortcut, ``(3, "branches", 1)`` a branch. A layer's position is its list's address
plus its index in the list.
"""

from __future__ import annotations

from workbench.core.catalogs.layers import BLOCK_SLOTS
from workbench.core.project.schema import Model, Op


def layer_list(model: Model, where: tuple, make: bool = False) -> list[Op]:
    """The list of layers at address ``where``. A Residual's missing shortcut reads as an empty list; with
    ``make`` (to edit it) the empty list is put in the block."""
    items = model.layers
    steps = list(where)
    while steps:
        op = items[steps.pop(0)]
        slot = steps.pop(0)
        if slot == "branches":
            items = op.args["branches"][steps.pop(0)]
        elif slot in op.args or make:
            items = op.args.setdefault(slot, [])
        else:
            items = []
    return items


def layer_at(model: Model, position: tuple) -> Op:
    return layer_list(model, position[:-1])[position[-1]]


def exists(model: Model, position: tuple) -> bool:
    """True when ``position`` names a layer of ``model``."""
    try:
        items = layer_list(model, position[:-1])
    except (IndexError, KeyError, TypeError):
        return False
    return isinstance(position[-1], int) and 0 <= position[-1] < len(items)


def split(position: tuple) -> tuple[tuple, int]:
    """(the address of the list holding the layer at ``position``, its index there)."""
    return position[:-1], position[-1]


def lists_of(op: Op) -> list[tuple[tuple, list[Op]]]:
    """A block's lists of layers with their addresses relative to it: [(("layers",), [...]), (("shortcut",),
    [...])] or [(("branches", 0), [...]), ...]; [] for a layer."""
    out = []
    for slot, form in BLOCK_SLOTS.get(op.type, {}).items():
        if form == "lists":
            out += [((slot, b), items) for b, items in enumerate(op.args.get(slot) or [])]
        else:
            out.append(((slot,), op.args.get(slot, [])))
    return out


def address_of(model: Model, target: list[Op]) -> tuple | None:
    """The address of the list object ``target`` in ``model`` (found by identity), or None."""
    def search(items: list[Op], where: tuple):
        if items is target:
            return where
        for i, op in enumerate(items):
            for rel, inner in lists_of(op):
                found = search(inner, (*where, i, *rel))
                if found is not None:
                    return found
        return None

    return search(model.layers, ())


def move(model: Model, sources: list[tuple], where: tuple, before: int) -> list[tuple] | None:
    """Move the layers at ``sources`` (one list's, in order) to list ``where`` before its index ``before``
    (counted with them still in place); edits ``model``. Returns their new positions, or None when the move
    would put a block inside itself."""
    if any(where[:len(s)] == s for s in sources):
        return None
    target = layer_list(model, where, make=True)
    origin_where = split(sources[0])[0]
    origin = layer_list(model, origin_where)
    indexes = sorted(split(s)[1] for s in sources)
    moved = [origin[i] for i in indexes]
    if origin is target:
        before -= sum(1 for i in indexes if i < before)
    for i in reversed(indexes):
        del origin[i]
    target[before:before] = moved
    new_where = address_of(model, target)
    return [(*new_where, before + k) for k in range(len(moved))]
