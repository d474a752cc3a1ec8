"""The project being edited: one document, one undo history.

Every edit in any panel goes through `Document.edit`: the section it changes
(``name``, ``data``, ``model``, ``training``) is copied before and after the
change, and the pair becomes one `QUndoCommand` with a readable name ("Add
Conv2d", "Validation: split"). Panels never change the project in place:
they call `edit`, listen to ``changed`` for the sections they show and redraw
from the project. Edit › Undo / Redo are the stack's; the window's
"modified" mark is the stack's clean state.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.project.schema import Project

SECTIONS = ("name", "data", "model", "training")
_MERGE_ID = 4217


class SectionEdit(QUndoCommand):
    """One edit: a section's value before and after. Consecutive edits with the same merge key (typing in
    one form) become one step."""

    def __init__(self, document: "Document", section: str, before, after, text: str, focus_before, focus_after,
                 merge_key):
        super().__init__(text)
        self.document, self.section = document, section
        self.before, self.after = before, after
        self.focus_before, self.focus_after = focus_before, focus_after
        self.merge_key = merge_key

    def redo(self) -> None:
        self.document._set(self.section, self.after, self.focus_after)

    def undo(self) -> None:
        self.document._set(self.section, self.before, self.focus_before)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SectionEdit) or (other.section, other.merge_key) != (self.section, self.merge_key):
            return False
        self.after, self.focus_after = other.after, other.focus_after
        return True


class Document(QObject):
    # A section changed: (section, focus) — focus is what the edit was about (a layer's row to select), or None.
    changed = Signal(str, object)
    replaced = Signal()  # another project altogether (new, opened, recovered): every panel shows it anew

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        self._project = project
        self.undo_stack = QUndoStack(self)
        # The stack empties itself when it is destroyed, announcing it to panels that may be gone already: it
        # says nothing once the document is being destroyed.
        self.destroyed.connect(functools.partial(self.undo_stack.blockSignals, True))

    @property
    def project(self) -> Project:
        """The project as it is now. Read it; change it only with `edit`."""
        return self._project

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def edit(self, section: str, text: str, change: Callable[[Any], Any], focus=None, focus_before=None,
             merge_key=None) -> bool:
        """Apply ``change`` to a copy of ``section`` (it may change the copy in place or return a new value) and
        push the result as one undoable step named ``text``. Returns False when nothing changed."""
        assert section in SECTIONS, section
        before = copy.deepcopy(getattr(self._project, section))
        after = copy.deepcopy(before)
        result = change(after)
        if result is not None:
            after = result
        if after == before:
            return False
        self.undo_stack.push(SectionEdit(self, section, before, after, text, focus_before, focus, merge_key))
        return True

    def replace(self, project: Project, modified: bool = False) -> None:
        """Edit another project: the history starts again (clean, or modified for a recovered autosave)."""
        self._project = project
        self.undo_stack.clear()
        if modified:
            self.undo_stack.resetClean()
        self.replaced.emit()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def set_quietly(self, section: str, value) -> None:
        """A change that is not an edit of the user's (the name a Save As gives an untitled project): applied
        without an undo step, announced like one."""
        self._set(section, value, None)

    def _set(self, section: str, value, focus) -> None:
        setattr(self._project, section, copy.deepcopy(value))
        self.changed.emit(section, focus)
