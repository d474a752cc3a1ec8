"""A window of evaluated samples: the images behind a confusion-matrix cell, or the most confidently wrong.

Public API (what the window or the Results panel calls)::

    gallery = Gallery(title, samples, classes, parent)   # samples: [SamplePrediction], classes: [str]
    gallery.show()
    gallery.close_button                   # Close (Esc closes it too)
    gallery.count() -> int                 # items shown (at most MAX_ITEMS)
    gallery.item_text(i) -> str            # "true → predicted\\nconfidence" (+ the ref when there is no image)
    gallery.thumbnails_done                # Signal(): every thumbnail loaded (or failed)

Thumbnails are read on the thread pool in chunks, one chunk after the other,
so a cell of thousands of images opens at once and fills in while it shows.
Refs that are not files (built-in data sets: "MNIST[12]") are shown as text.
Double-clicking an image opens it in the desktop's viewer.
"""

from __future__ import annotations

import os
from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from workbench.gui.widgets.explain import ExplainControls, Explainer
from workbench.gui.widgets.thumb_grid import ThumbGrid

MAX_ITEMS = 2000
RIGHT, WRONG = QColor(20, 110, 40), QColor(170, 30, 30)


class Gallery(QDialog):
    thumbnails_done = Signal()

    def __init__(self, title: str, samples: Sequence, classes: Sequence[str], parent=None,
                 checkpoint: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 560)
        self.samples = list(samples)[:MAX_ITEMS]
        layout = QVBoxLayout(self)
        if len(samples) > MAX_ITEMS:
            head = self.tr("<b>{title}</b> — the first {shown} of {count} images, most confident first")
        elif len(samples) == 1:
            head = self.tr("<b>{title}</b> — 1 image")
        else:
            head = self.tr("<b>{title}</b> — {count} images, most confident first")
        self.header = QLabel(head.format(title=title, shown=MAX_ITEMS, count=len(samples)))
        layout.addWidget(self.header)
        # Explain: where the model looked, over each thumbnail (only with the model's checkpoint to ask).
        self.explain_controls = ExplainControls(self)
        self.explain_controls.set_classes(classes)
        self.explain_controls.setVisible(checkpoint is not None)
        layout.addWidget(self.explain_controls)
        self.list = ThumbGrid(self, text_lines=3)
        self.list.thumbnails_done.connect(self.thumbnails_done)
        layout.addWidget(self.list)
        if not self.samples:
            layout.addWidget(QLabel(self.tr("No images here.")))
        # Esc closes it too (QDialog's own key); the button is for those who look for one.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)
        self.list.setFocus()  # the keys (Esc, arrows) go to the gallery, not to the window behind it
        entries = []
        for s in self.samples:
            true, pred = classes[s.true], classes[s.predicted]
            text = f"{true} → {pred}\n{s.confidence:.1%}"
            if not os.path.isfile(s.ref):
                text += f"\n{s.ref}"
            tip = self.tr("{ref}\ntrue: {true}\npredicted: {pred} ({confidence:.2%})").format(
                ref=s.ref, true=true, pred=pred, confidence=s.confidence)
            entries.append((s.ref, text, tip))
        self.list.set_entries(entries)
        for i, s in enumerate(self.samples):
            self.list.item(i).setForeground(RIGHT if s.true == s.predicted else WRONG)
        self.explainer = Explainer(self.explain_controls, self._show_heat, self)
        self.explainer.failed.connect(lambda message: self.header.setText(
            self.header.text() + "<br>" + self.tr("Could not explain: {message}").format(message=message)))
        self.explainer.set_checkpoint(checkpoint)
        self.explainer.set_images({r: p for r, p in enumerate(self.list.paths) if p})

    @property
    def loaded(self) -> int:
        return self.list.loaded

    def count(self) -> int:
        return self.list.count()

    def item_text(self, i: int) -> str:
        return self.list.item(i).text()

    def _show_heat(self, row: int, heat) -> None:
        self.list.set_heat(row, heat, self.explain_controls.opacity)

    def done(self, result: int) -> None:
        self.list.stop_loading()  # a chunk still loading is dropped when it arrives
        super().done(result)

    def closeEvent(self, event) -> None:
        self.list.stop_loading()
        super().closeEvent(event)
