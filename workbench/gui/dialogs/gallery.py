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

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from workbench.gui.runs.background import run_task
from workbench.gui.widgets.thumbnails import THUMB, load_thumbnails, to_pixmap

MAX_ITEMS = 2000
CHUNK = 48
RIGHT, WRONG = QColor(20, 110, 40), QColor(170, 30, 30)


class Gallery(QDialog):
    thumbnails_done = Signal()

    def __init__(self, title: str, samples: Sequence, classes: Sequence[str], parent=None):
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
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 44, THUMB + 52))
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(self._open_file)
        layout.addWidget(self.list)
        if not self.samples:
            layout.addWidget(QLabel(self.tr("No images here.")))
        # Esc closes it too (QDialog's own key); the button is for those who look for one.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)
        self.list.setFocus()  # the keys (Esc, arrows) go to the gallery, not to the window behind it
        self._files: list[int] = []  # rows whose ref is a file, in the order thumbnails are loaded
        for i, s in enumerate(self.samples):
            true, pred = classes[s.true], classes[s.predicted]
            is_file = os.path.isfile(s.ref)
            text = f"{true} → {pred}\n{s.confidence:.1%}"
            if not is_file:
                text += f"\n{s.ref}"
            item = QListWidgetItem(text)
            item.setForeground(RIGHT if s.true == s.predicted else WRONG)
            item.setToolTip(self.tr("{ref}\ntrue: {true}\npredicted: {pred} ({confidence:.2%})").format(ref=s.ref, true=true, pred=pred, confidence=s.confidence))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.list.addItem(item)
            if is_file:
                self._files.append(i)
        self.loaded = 0
        self._closed = False
        self._next_chunk()

    def count(self) -> int:
        return self.list.count()

    def item_text(self, i: int) -> str:
        return self.list.item(i).text()

    def _next_chunk(self) -> None:
        if self._closed:
            return
        rows = self._files[self.loaded: self.loaded + CHUNK]
        if not rows:
            self.thumbnails_done.emit()
            return
        self._rows = rows
        # A bound method, not a lambda: Qt drops the connection if this dialog is deleted first.
        run_task(load_thumbnails, [self.samples[r].ref for r in rows], on_done=self._chunk_loaded)

    def _chunk_loaded(self, thumbs: list) -> None:
        if self._closed:
            return
        rows = self._rows
        for r, t in zip(rows, thumbs):
            if isinstance(t, str):
                self.list.item(r).setToolTip(self.list.item(r).toolTip() + self.tr("\n(cannot show it: {t})").format(t=t))
            else:
                self.list.item(r).setIcon(to_pixmap(t))
        self.loaded += len(rows)
        self._next_chunk()

    def _open_file(self, item: QListWidgetItem) -> None:
        ref = self.samples[self.list.row(item)].ref
        if os.path.isfile(ref):
            QDesktopServices.openUrl(QUrl.fromLocalFile(ref))

    def done(self, result: int) -> None:
        self._closed = True  # a chunk still loading is dropped when it arrives
        super().done(result)

    def closeEvent(self, event) -> None:
        self._closed = True
        super().closeEvent(event)
