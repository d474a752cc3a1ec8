"""Layout helpers that keep the window's size the user's: nothing that appears or disappears may resize it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def keep_space_when_hidden(widget: QWidget) -> QWidget:
    """The layout keeps ``widget``'s room while it is hidden: showing it later moves nothing and can never widen
    the panel (a window whose panels' minimum widths grow past its own width grows with them)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget
