"""Keyboard shortcuts shown where the user looks: "Train (F5)" in tooltips as well as in menus."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton

# Chinese menus put the mnemonic after the text, in brackets: "打开(&O)…".
_BRACKETED_MNEMONIC = re.compile(r"\(&[^&\s]\)")


def plain_menu_text(text: str) -> str:
    """Menu text without mnemonic and trailing ellipsis: "&Open…" → "Open", "打开(&O)…" → "打开"."""
    text = _BRACKETED_MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def shortcut_text(shortcut) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut_tooltip(action: QAction) -> QAction:
    """Give an action the tooltip "Text (Shortcut)" (Qt's default tooltip shows the text alone)."""
    keys = action.shortcut()
    if not keys.isEmpty():
        action.setToolTip(f"{plain_menu_text(action.text())} ({shortcut_text(keys)})")
    return action


def button_tooltip(button: QAbstractButton, tip: str, shortcut) -> None:
    """A button's tooltip that names the shortcut of the menu action it mirrors."""
    keys = shortcut_text(shortcut)
    button.setToolTip(f"{tip} ({keys})" if keys else tip)
