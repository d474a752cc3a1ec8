"""A grid of image thumbnails with captions (a gallery's samples, Data health's suspects), read on the thread pool
in chunks so thousands of images show at once and fill in; an Explain heat map can be laid over any of them.

Public API::

    grid = ThumbGrid(parent)
    grid.set_entries([(path | None, caption, tooltip), ...])   # None: no file to show (text only)
    grid.path(row) / grid.selected_rows() / grid.count()
    grid.set_heat(row, attribution | None, opacity)             # an Explain map over the thumbnail, or none
    grid.thumbnails_done                                        # Signal(): every thumbnail loaded (or failed)
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from workbench.gui.runs.background import run_task
from workbench.gui.widgets.thumbnails import THUMB, load_thumbnails, to_pixmap

CHUNK = 48


class ThumbGrid(QListWidget):
    thumbnails_done = Signal()

    def __init__(self, parent=None, size: int = THUMB, text_lines: int = 2):
        super().__init__(parent)
        self.size = size
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(size, size))
        line = self.fontMetrics().lineSpacing()
        self.setGridSize(QSize(size + 44, size + 12 + line * text_lines))
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.itemDoubleClicked.connect(self._open_file)
        self.paths: list[str | None] = []
        self.thumbs: dict[int, object] = {}  # row -> (H, W, 3) uint8 thumbnail, once read
        self._pending: list[int] = []
        self._generation = 0
        self.loaded = 0

    def set_entries(self, entries) -> None:
        self._generation += 1
        self.clear()
        self.thumbs.clear()
        self.paths = []
        for path, caption, tooltip in entries:
            item = QListWidgetItem(caption)
            item.setToolTip(tooltip)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.addItem(item)
            self.paths.append(path if path and os.path.isfile(path) else None)
        self._pending = [r for r, p in enumerate(self.paths) if p]
        self.loaded = 0
        self._next_chunk(self._generation)

    def path(self, row: int) -> str | None:
        return self.paths[row]

    def selected_rows(self) -> list[int]:
        return sorted(self.row(item) for item in self.selectedItems())

    def set_heat(self, row: int, heat, opacity: float) -> None:
        """The thumbnail with ``heat`` (an attribution array) over it, or plain when ``heat`` is None or text."""
        thumb = self.thumbs.get(row)
        if thumb is None:
            return
        if heat is not None and not isinstance(heat, str):
            from workbench.core.results.explain import blend

            thumb = blend(thumb, heat, opacity)
        self.item(row).setIcon(to_pixmap(thumb, self.size))

    def _next_chunk(self, generation: int) -> None:
        if generation != self._generation:
            return
        rows = self._pending[self.loaded: self.loaded + CHUNK]
        if not rows:
            self.thumbnails_done.emit()
            return
        run_task(load_thumbnails, [self.paths[r] for r in rows], self.size,
                 on_done=lambda thumbs: self._chunk_loaded(generation, rows, thumbs))

    def _chunk_loaded(self, generation: int, rows: list[int], thumbs: list) -> None:
        if generation != self._generation:
            return  # set_entries came since: these are another list's
        for r, t in zip(rows, thumbs):
            if isinstance(t, str):
                self.item(r).setToolTip(self.item(r).toolTip() + "\n" + self.tr("(cannot show it: {t})").format(t=t))
            else:
                self.thumbs[r] = t
                self.item(r).setIcon(to_pixmap(t, self.size))
        self.loaded += len(rows)
        self._next_chunk(generation)

    def stop_loading(self) -> None:
        self._generation += 1

    def _open_file(self, item: QListWidgetItem) -> None:
        path = self.paths[self.row(item)]
        if path and os.path.isfile(path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
