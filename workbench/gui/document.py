"""The project being edited: one document, one undo history.

Every edit in any panel goes through `Document.edit`: the section it changes
(``name``, ``data``, ``model``, ``training``) is copied before and after the
change, and the pair becomes one `QUndoCommand` with a name that says what
changed ("Add Conv2d", "lr 0.003 → 0.01"). Panels never change the project in
place: they call `edit`, listen to ``changed`` for the sections they show and
redraw from the project. Edit › Undo / Redo are the stack's, and announce the
section they step back or forward in (``stepped``: the window shows its tab);
the window's "modified" mark is the stack's clean state.

A change on disk the user asked for (Data health's relabel: a file moved to
another class folder; a file sent to the trash) is a step of the same history
(`file_step`), so one Undo takes back the last thing done, whatever it was.

Typing in one field is one step: edits with the same merge key merge while
they follow each other within MERGE_WINDOW_S and nothing else happens between
(another edit, a run started, a save: `seal`). Two edits of the epochs minutes
apart, with a run between, are two steps.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import time
from typing import Any, Callable, Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.core.project.schema import Project

SECTIONS = ("name", "data", "model", "training")
MERGE_WINDOW_S = 2.0  # edits of one field this close together are one step (typing "0.01" is one edit)
_MERGE_ID = 4217

# A step's name: a string, or a function of the section's values before and after the step (called again when
# typing merges more into the step, so that "lr 0.003 → 0.01" stays true).
StepName = str | Callable[[Any, Any], str]


class SectionEdit(QUndoCommand):
    """One edit: a section's value before and after. Consecutive edits with the same merge key (typing in
    one form) become one step while they follow each other closely (MERGE_WINDOW_S)."""

    def __init__(self, document: "Document", section: str, before, after, text: StepName, focus_before,
                 focus_after, merge_key, at: float):
        self.name = text if callable(text) else None
        super().__init__(text(before, after) if callable(text) else text)
        self.document, self.section = document, section
        self.before, self.after = before, after
        self.focus_before, self.focus_after = focus_before, focus_after
        self.merge_key = merge_key
        self.at = at  # when the last edit in this step was made (the document's clock)
        self.generation = document._generation  # a seal between two edits keeps them apart

    def redo(self) -> None:
        self.document._set(self.section, self.after, self.focus_after)
        self.document._stepped(self.section)

    def undo(self) -> None:
        self.document._set(self.section, self.before, self.focus_before)
        self.document._stepped(self.section)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SectionEdit) or (other.section, other.merge_key) != (self.section, self.merge_key) \
                or other.generation != self.generation or other.at - self.at > MERGE_WINDOW_S:
            return False
        self.after, self.focus_after, self.at = other.after, other.focus_after, other.at
        self.setText(self.name(self.before, self.after) if self.name is not None else other.text())
        # Typed back to where it started: no step at all (the stack drops it).
        self.setObsolete(self.after == self.before)
        return True


class FileStep(QUndoCommand):
    """A change on disk the user asked for (a file moved to another class folder, sent to the trash): done
    before it is pushed, undone and redone by the functions given. A step that cannot be undone any more (the
    file was moved meanwhile) says why (``file_failed``) and changes nothing."""

    def __init__(self, document: "Document", text: str, do: Callable[[], Any], undo: Callable[[], Any]):
        super().__init__(text)
        self.document, self.do, self.undo_fn = document, do, undo
        self.done_once = False  # push() calls redo() once: the change is done already

    def redo(self) -> None:
        if self.done_once:
            self.setObsolete(not self.document._run_file_action(self.do, self.text()))
            self.document._stepped("files")
        self.done_once = True

    def undo(self) -> None:
        # A step that failed leaves the history (Qt drops an obsolete command): no Redo is offered that cannot work.
        self.setObsolete(not self.document._run_file_action(self.undo_fn, self.text()))
        self.document._stepped("files")


class Document(QObject):
    # A section changed: (section, focus) — focus is what the edit was about (a layer's row to select), or None.
    changed = Signal(str, object)
    files_changed = Signal()  # a file step was done, undone or redone: what is on disk changed
    file_failed = Signal(str)  # a file step's undo or redo could not be done: why, in one sentence
    replaced = Signal()  # another project altogether (new, opened, recovered): every panel shows it anew
    stepped = Signal(str)  # Undo or Redo changed this section back or forth (not a new edit)

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        self._project = project
        self.undo_stack = QUndoStack(self)
        self.clock: Callable[[], float] = time.monotonic  # when edits happen, for merging (tests set their own)
        self._generation = 0
        self._pushing = False
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

    def edit(self, section: str, text: StepName, change: Callable[[Any], Any], focus=None, focus_before=None,
             merge_key=None) -> bool:
        """Apply ``change`` to a copy of ``section`` (it may change the copy in place or return a new value) and
        push the result as one undoable step named ``text`` (or ``text(before, after)``). Returns False when
        nothing changed."""
        assert section in SECTIONS, section
        before = copy.deepcopy(getattr(self._project, section))
        after = copy.deepcopy(before)
        result = change(after)
        if result is not None:
            after = result
        if after == before:
            return False
        self._pushing = True  # the stack applies a new step with redo(): that is no Redo of the user's
        try:
            self.undo_stack.push(SectionEdit(self, section, before, after, text, focus_before, focus, merge_key,
                                             self.clock()))
        finally:
            self._pushing = False
        return True

    def file_step(self, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> None:
        """Do ``do`` (a change on disk) now and keep it as one undoable step named ``text``; Undo calls ``undo``.
        Raises what ``do`` raises, and then nothing is pushed."""
        do()
        self._pushing = True
        try:
            self.undo_stack.push(FileStep(self, text, do, undo))
        finally:
            self._pushing = False
        self.files_changed.emit()

    def _run_file_action(self, action: Callable[[], Any], text: str) -> bool:
        try:
            action()
        except Exception as e:  # the file is gone or in the way: the step leaves the history, the user is told
            self.file_failed.emit(f"{text}: {e}")
            self.files_changed.emit()
            return False
        self.files_changed.emit()
        return True

    @contextlib.contextmanager
    def step(self, text: str) -> Iterator[None]:
        """The edits made inside are one step of the history, named ``text`` (a folder chosen and the project
        named after it: one Undo takes back both)."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def seal(self) -> None:
        """The next edit is a step of its own, whatever it edits: something happened since the last one (a run
        started, the project was saved) that an Undo of both at once would hide."""
        self._generation += 1

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

    def _stepped(self, section: str) -> None:
        if not self._pushing:
            self.stepped.emit(section)
