"""A frame over the whole window while a folder or a project is dragged over it, saying what a drop will do.

Without it nothing answered a drag until the drop (the cursor's small "+" is easy to miss), so a user could not
tell whether the window would take the folder, or which part of it had to be aimed at: any part will.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget


class DropHighlight(QWidget):
    """Drawn over its parent (the window), with a message in the middle; mouse and drag events pass through it
    to the widgets underneath, which keep answering the drag."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        # Transparent for the mouse: a widget under the cursor is found without it, so it never becomes the
        # drag's target itself (which would make the window's widgets see the drag leave as soon as it shows).
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text = ""
        self.hide()

    def show_message(self, text: str) -> None:
        if self.isVisible() and text == self.text and self.geometry() == self.parentWidget().rect():
            return  # a drag reports every move: only a change repaints
        self.text = text
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        tint = QColor(accent)
        tint.setAlpha(40)
        painter.fillRect(self.rect(), tint)
        painter.setPen(QPen(accent, 4))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 6, 6)
        # The message on a label of the accent colour, in the middle of the window.
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        painter.setFont(font)
        width = min(self.width() - 40, painter.fontMetrics().horizontalAdvance(self.text) + 48)
        box = QRectF(0, 0, max(width, 0), painter.fontMetrics().height() * 2.4)
        box.moveCenter(QRectF(self.rect()).center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text)
