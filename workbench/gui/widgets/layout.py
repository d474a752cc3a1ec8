"""Layout helpers that keep the window's size the user's: nothing that appears or disappears may resize it."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QStyle, QWidget


def keep_space_when_hidden(widget: QWidget) -> QWidget:
    """The layout keeps ``widget``'s room while it is hidden: showing it later moves nothing and can never widen
    the panel (a window whose panels' minimum widths grow past its own width grows with them)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


def fit_placeholder(edit: QLineEdit) -> QLineEdit:
    """An empty field's hint shows whole: Qt elides a hint that does not fit ("from …"), and a hint cut short
    says nothing. The field is at least as wide as its hint (and stays free to grow)."""
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    margins = edit.textMargins()
    need = (edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + margins.left() + margins.right()
            + 2 * frame + 2 * 2 + 6)  # the frame and QLineEdit's own 2-pixel text margin on each side
    edit.setMinimumWidth(need)
    if edit.maximumWidth() < need:
        edit.setMaximumWidth(need)
    return edit
