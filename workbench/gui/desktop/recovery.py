"""Autosave in the window, and offering a crashed session's unsaved project back.

`Autosaver` keeps the window's unsaved project in the user's data folder
(workbench.core.project.autosave) a few seconds after each change, and removes it
when the project is saved or the window closes normally. `offer_recovery`
runs at start: projects left by a window that crashed are offered back, one
question each; a recovered project opens as unsaved, on its original file.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from workbench.core.project.autosave import AutosaveSlot, Recovered, discard_entry, orphans
from workbench.core.storage.atomic import StorageError

AUTOSAVE_MS = 5000


class Autosaver(QObject):
    def __init__(self, window, folder=None):
        super().__init__(window)
        self.window = window
        self.slot = AutosaveSlot(folder)
        self.saves = 0
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_if_dirty)
        self.timer.start()

    def save_if_dirty(self) -> None:
        if not self.window.dirty:
            return
        try:
            self.slot.save(self.window.project, self.window.path)
            self.saves += 1
        except StorageError as e:  # a full disk must not interrupt the user: say it once in the status bar
            self.window.statusBar().showMessage(self.tr("Autosave failed: {0}").format(e), 10000)

    def clear(self) -> None:
        """The project is saved (or deliberately thrown away): nothing to recover."""
        self.slot.discard()

    def stop(self) -> None:
        self.timer.stop()
        self.slot.discard()


def offer_recovery(window, folder=None, ask=None) -> list[Recovered]:
    """Ask about each orphaned autosave; open the ones the user wants in ``window``. Returns those opened."""
    opened = []
    for found in orphans(folder):
        answer = (ask or _ask)(window, found)
        if answer == "recover":
            window.set_project(found.project, Path(found.original) if found.original else None, modified=True)
            opened.append(found)
        if answer in ("recover", "discard"):
            discard_entry(found.entry)
    return opened


def _ask(window, found: Recovered) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(found.saved_at))
    name = found.original or window.tr("a new project")
    box = QMessageBox(QMessageBox.Icon.Question, window.tr("Recover unsaved changes?"),
                      window.tr("Torch Workbench closed unexpectedly while {0} had unsaved changes "
                                "(autosaved {1}). Recover them?").format(name, when), parent=window)
    recover = box.addButton(window.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(window.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(window.tr("Later"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "recover" if clicked is recover else "discard" if clicked is discard else "later"
