"""Data health: the images whose label looks wrong, and copies of one picture, as thumbnails — with fixes that
never lose a file. Nothing on disk changes until the user clicks a fix; every fix is a step of the document's
undo history (Edit › Undo).

Public API (for the main window)::

    panel = HealthPanel(document, launcher, prepared, parent=None)
    panel.find_label_issues(folds=3)   # `workbench label-issues` in a process of its own; progress, Cancel
    panel.find_duplicates()            # on the thread pool, from the Data tab's scan; progress, Cancel
    panel.cancel(); panel.busy
    panel.issues_grid / panel.group_list + panel.group_grid / panel.excluded_grid   # what is shown
    panel.relabel(rows, klass) / panel.relabel_as_suggested() / panel.exclude() / panel.include() / panel.trash()
    panel.status                       # Signal(str): a line for the status bar

Fixes (each one undoable):
- relabel: the file moves to the other class's folder (never over another file);
- exclude: the image goes on the project's exclusion list — the file stays; training, the generated script and
  the run directory follow the list; Include again takes it off;
- trash: the desktop's trash, never a hard delete; Undo brings the file back.
"""

from __future__ import annotations

import functools
import html
import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.data.curation import class_of, move_file, relabel_target, with_excluded
from workbench.core.data.folders import normalized
from workbench.core.errors import WorkbenchError
from workbench.core.training.events import BatchEnded, Failed, LabelIssuesFound, RunStarted
from workbench.gui.document import Document
from workbench.gui.field_names import humanize
from workbench.gui.runs.background import REPORT, TaskSlot, error_text
from workbench.gui.runs.process import RunLauncher, project_copy
from workbench.gui.trash import restore, to_trash
from workbench.gui.widgets.thumb_grid import ThumbGrid

FIXED = QColor(120, 120, 120)
ISSUES, DUPLICATES, EXCLUDED = range(3)


def _duplicates_job(bundle, progress):
    from workbench.core.data.duplicates import find_duplicates

    return find_duplicates(bundle, progress=progress)


class HealthPanel(QWidget):
    status = Signal(str)

    def __init__(self, document: Document, launcher: RunLauncher, prepared, parent=None):
        super().__init__(parent)
        self.document, self.launcher, self.prepared = document, launcher, prepared
        self.issues: list[dict] = []
        self.groups: list = []
        self.moved: dict[str, str] = {}  # original path -> where a relabel put it
        self.trashed: dict[str, str] = {}  # original path -> its place in the trash
        self._process = None
        self._folds = 3
        self._fold = 0
        self._duplicates = TaskSlot(self)
        self._duplicates.done.connect(self._duplicates_found)
        self._duplicates.failed.connect(lambda e: self._failed(error_text(e)))
        self._duplicates.progress.connect(self._hash_progress)
        self._build()
        document.changed.connect(self._document_changed)
        document.replaced.connect(self._replaced)
        document.files_changed.connect(self._refresh_captions)
        self._update_actions()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        intro = QLabel(self.tr("Look for images whose label seems wrong and for copies of one picture. Nothing "
                               "on disk changes until you choose a fix below, and Edit › Undo takes any fix "
                               "back."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        bar = QHBoxLayout()
        self.issues_button = QPushButton(self.tr("Find label issues"))
        self.issues_button.setToolTip(self.tr("Train the project's model a few times, each time without one part "
                                              "of the images, and list the images whose label the other models "
                                              "disagree with (confident learning, cleanlab)"))
        self.issues_button.clicked.connect(lambda: self.find_label_issues(self.folds.value()))
        bar.addWidget(self.issues_button)
        bar.addWidget(QLabel(self.tr("Folds")))
        self.folds = QSpinBox()
        self.folds.setRange(2, 10)
        self.folds.setValue(3)
        self.folds.setToolTip(self.tr("How many trainings: each image is judged by a model that never saw it"))
        bar.addWidget(self.folds)
        self.duplicates_button = QPushButton(self.tr("Find duplicates"))
        self.duplicates_button.setToolTip(self.tr("Exact copies and near copies (resized, re-saved) of one "
                                                  "picture; copies in both training and validation flatter the "
                                                  "validation accuracy"))
        self.duplicates_button.clicked.connect(self.find_duplicates)
        bar.addWidget(self.duplicates_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        bar.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.cancel_button)
        bar.addStretch(0)
        layout.addLayout(bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

        self.views = QTabWidget()
        self.issues_grid = ThumbGrid(text_lines=3)
        self.views.addTab(self.issues_grid, self.tr("Label issues"))
        split = QSplitter()
        self.group_list = QListWidget()
        self.group_list.currentRowChanged.connect(self._show_group)
        self.group_grid = ThumbGrid(text_lines=2)
        split.addWidget(self.group_list)
        split.addWidget(self.group_grid)
        split.setSizes([340, 560])
        self.views.addTab(split, self.tr("Duplicates"))
        self.excluded_grid = ThumbGrid(text_lines=2)
        self.views.addTab(self.excluded_grid, self.tr("Excluded"))
        self.views.currentChanged.connect(self._update_actions)
        for grid in (self.issues_grid, self.group_grid, self.excluded_grid):
            grid.itemSelectionChanged.connect(self._update_actions)
        layout.addWidget(self.views, 1)

        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Selected images:")))
        self.suggested_button = QPushButton(self.tr("Move to the suggested class"))
        self.suggested_button.setToolTip(self.tr("Move each file into the folder of the class the models suggest"))
        self.suggested_button.clicked.connect(self.relabel_as_suggested)
        self.relabel_button = QToolButton()
        self.relabel_button.setText(self.tr("Move to class"))
        self.relabel_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.relabel_menu = QMenu(self.relabel_button)
        self.relabel_menu.aboutToShow.connect(self._fill_relabel_menu)
        self.relabel_button.setMenu(self.relabel_menu)
        self.exclude_button = QPushButton(self.tr("Exclude"))
        self.exclude_button.setToolTip(self.tr("Leave the images out of training and the generated script; the "
                                               "files stay where they are"))
        self.exclude_button.clicked.connect(self.exclude)
        self.include_button = QPushButton(self.tr("Include again"))
        self.include_button.clicked.connect(self.include)
        self.trash_button = QPushButton(self.tr("Move to trash"))
        self.trash_button.setToolTip(self.tr("Send the files to the desktop's trash (Edit › Undo brings them back)"))
        self.trash_button.clicked.connect(self.trash)
        for w in (self.suggested_button, self.relabel_button, self.exclude_button, self.include_button,
                  self.trash_button):
            actions.addWidget(w)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._show_excluded()

    # -- long work ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._process is not None or self._duplicates.busy

    def _set_busy(self, text: str | None) -> None:
        self.progress.setVisible(text is not None)
        self.cancel_button.setVisible(text is not None)
        if text is not None:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
        self.issues_button.setEnabled(text is None)
        self.duplicates_button.setEnabled(text is None)

    def find_label_issues(self, folds: int = 3) -> None:
        """`workbench label-issues` on a copy of the project as it is now, its fold runs in a folder of their
        own (deleted after: they are the means, the list is the result)."""
        if self.busy:
            return
        try:
            copy = project_copy(self.document.project, "health")
        except (WorkbenchError, OSError) as e:
            self._failed(str(e))
            return
        folder = copy.parent
        self._folds, self._fold, self._found = folds, 0, None
        self._failure = None
        self.message.setText("")
        self._set_busy(self.tr("Preparing the data and the model…"))
        self._process = self.launcher.start(["label-issues", str(copy), "--folds", str(folds),
                                             "--out", str(folder / "runs")])
        self._process.event.connect(self._issue_event)
        self._process.failed.connect(self._issue_failed)
        self._process.ended.connect(self._issues_ended)
        self._process.ended.connect(functools.partial(shutil.rmtree, folder, True))

    def _issue_event(self, event) -> None:
        if isinstance(event, RunStarted):
            self._fold += 1
            self._epochs = event.epochs
        elif isinstance(event, BatchEnded):
            total = self._folds * self._epochs * event.batches
            done = ((self._fold - 1) * self._epochs + event.epoch - 1) * event.batches + event.batch
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("Training {fold} of {folds} · epoch {epoch} of {epochs}").format(
                fold=self._fold, folds=self._folds, epoch=event.epoch, epochs=self._epochs))
        elif isinstance(event, LabelIssuesFound):
            self._found = event
        elif isinstance(event, Failed):  # a fold's training could not run: that is the reason, in its words
            self._failure = event.message

    def _issue_failed(self, message: str) -> None:
        self._failure = message

    def _issues_ended(self) -> None:
        self._process = None
        self._set_busy(None)
        if self._found is not None:
            self.show_label_issues(self._found)
        else:
            self._failed(self._failure or self.tr("the search ended without a result"))

    def show_label_issues(self, found: LabelIssuesFound) -> None:
        self.issues = list(found.issues)
        self.views.setCurrentIndex(ISSUES)
        self.message.setText(self.tr("{count} of {images} images look mislabelled (about {share}), judged by "
                                     "{folds} models that did not see them. Most likely first.").format(
            count=len(self.issues), images=found.images, share=f"{found.estimated_share:.1%}", folds=found.folds))
        self.issues_grid.set_entries([(i["path"], "", "") for i in self.issues])
        self._refresh_captions()

    def find_duplicates(self) -> None:
        bundle = self.prepared.bundle
        if bundle is None:
            self._failed(self.prepared.error or self.tr("the data is not ready yet (see the Data tab)"))
            return
        self.message.setText("")
        self._set_busy(self.tr("Comparing the pictures…"))
        self._duplicates.start(_duplicates_job, bundle, REPORT)

    def _hash_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("Comparing the pictures: {done} of {total}").format(done=done, total=total))

    def _duplicates_found(self, groups) -> None:
        self._set_busy(None)
        self.groups = list(groups)
        leaks = sum(g.crosses_split for g in self.groups)
        conflicts = sum(g.crosses_classes for g in self.groups)
        self.message.setText(self.tr("{groups} groups of copies: {leaks} across training and validation "
                                     "(leakage), {conflicts} with different labels.").format(
            groups=len(self.groups), leaks=leaks, conflicts=conflicts))
        self.group_list.clear()
        for i, g in enumerate(self.groups, 1):
            marks = []
            if g.crosses_split:
                marks.append(self.tr("leakage"))
            if g.crosses_classes:
                marks.append(self.tr("different labels"))
            kind = self.tr("exact copies") if g.exact else self.tr("near copies")
            text = self.tr("Group {n}: {count} images, {kind}").format(n=i, count=len(g.paths), kind=kind)
            self.group_list.addItem(text + (" — " + self.tr(", ").join(marks) if marks else ""))
            self.group_list.item(i - 1).setToolTip(self.group_list.item(i - 1).text())
        self.views.setCurrentIndex(DUPLICATES)
        if self.groups:
            self.group_list.setCurrentRow(0)
        else:
            self.group_grid.set_entries([])

    def _show_group(self, row: int) -> None:
        paths = self.groups[row].paths if 0 <= row < len(self.groups) else []
        self.group_grid.set_entries([(p, "", "") for p in paths])
        self._refresh_captions()

    def cancel(self) -> None:
        """Stop the search now: nothing it did is kept, nothing on disk has changed."""
        process, self._process = self._process, None
        if process is not None:
            process.event.disconnect(self._issue_event)
            process.failed.disconnect(self._issue_failed)
            process.ended.disconnect(self._issues_ended)
            process.kill()
        self._duplicates.cancel()
        self._set_busy(None)
        self.message.setText(self.tr("Cancelled."))

    def _failed(self, message: str) -> None:
        self._set_busy(None)
        self.message.setText(self.tr("<span style='color:#b00020'>✘ {reason}</span>").format(
            reason=html.escape(humanize(message))))

    # -- what is shown -------------------------------------------------------------------------
    def _grid(self) -> ThumbGrid:
        return (self.issues_grid, self.group_grid, self.excluded_grid)[self.views.currentIndex()]

    def _originals(self, grid: ThumbGrid, rows) -> list[str]:
        if grid is self.issues_grid:
            return [self.issues[r]["path"] for r in rows]
        if grid is self.group_grid:
            return [self.groups[self.group_list.currentRow()].paths[r] for r in rows]
        return [self._excluded[r] for r in rows]

    def _where(self, original: str) -> str:
        return self.moved.get(original, original)

    def _state(self, original: str) -> str:
        if original in self.trashed:
            return self.tr("in the trash")
        excluded = self._excluded_set()
        if normalized(self._where(original)) in excluded:
            return self.tr("excluded")
        if original in self.moved:
            try:
                return self.tr("moved to {klass}").format(klass=class_of(self.document.project,
                                                                         self.moved[original])[1])
            except Exception:
                return self.tr("moved")
        return ""

    def _excluded_set(self) -> set[str]:
        return {normalized(self.document.project.resolve(p)) for p in self.document.project.data.exclude}

    def _refresh_captions(self) -> None:
        for r, issue in enumerate(self.issues[:self.issues_grid.count()]):
            state = self._state(issue["path"])
            item = self.issues_grid.item(r)
            item.setText("\n".join([Path(issue["path"]).name, f"{issue['given']} → {issue['suggested']}",
                                    f"✔ {state}" if state else
                                    self.tr("quality {score:.2f}").format(score=issue["score"])]))
            item.setToolTip(self.tr("{path}\nlabelled {given}; the models say {suggested}\nlabel quality {score:.3f} "
                                    "(0: surely wrong, 1: surely right)").format(
                path=self._where(issue["path"]), given=issue["given"], suggested=issue["suggested"],
                score=issue["score"]))
            item.setForeground(FIXED if state else self.palette().text().color())
        row = self.group_list.currentRow()
        if 0 <= row < len(self.groups):
            group = self.groups[row]
            for r, path in enumerate(group.paths[:self.group_grid.count()]):
                state = self._state(path)
                try:
                    klass = class_of(self.document.project, self._where(path))[1]
                except Exception:
                    klass = "?"
                item = self.group_grid.item(r)
                item.setText(f"{Path(path).name}\n" + (f"✔ {state}" if state else klass))
                item.setToolTip(self._where(path))
                item.setForeground(FIXED if state else self.palette().text().color())
        self._update_actions()

    def _show_excluded(self) -> None:
        project = self.document.project
        self._excluded = [str(project.resolve(p)) for p in project.data.exclude]
        self.excluded_grid.set_entries([(p, Path(p).name, p) for p in self._excluded])
        self.views.setTabText(EXCLUDED, self.tr("Excluded ({count})").format(count=len(self._excluded)))

    def _document_changed(self, section: str, _focus) -> None:
        if section == "data":
            self._show_excluded()
            self._refresh_captions()

    def _replaced(self) -> None:
        self.cancel()
        self.message.setText("")
        self.issues, self.groups, self.moved, self.trashed = [], [], {}, {}
        self.issues_grid.set_entries([])
        self.group_list.clear()
        self.group_grid.set_entries([])
        self._show_excluded()

    def _update_actions(self) -> None:
        grid = self._grid()
        chosen = [o for o in self._originals(grid, grid.selected_rows()) if o not in self.trashed]
        in_excluded = grid is self.excluded_grid
        self.suggested_button.setVisible(grid is self.issues_grid)
        self.suggested_button.setEnabled(bool(chosen))
        self.relabel_button.setEnabled(bool(chosen) and not in_excluded)
        self.exclude_button.setEnabled(bool(chosen) and not in_excluded)
        self.include_button.setEnabled(bool(chosen) and in_excluded)
        self.trash_button.setEnabled(bool(chosen))

    def _fill_relabel_menu(self) -> None:
        self.relabel_menu.clear()
        bundle = self.prepared.bundle
        for klass in (bundle.classes if bundle is not None else []):
            self.relabel_menu.addAction(klass, functools.partial(self.relabel, None, klass))

    # -- fixes -------------------------------------------------------------------------------------
    def _selected(self) -> list[str]:
        grid = self._grid()
        return [o for o in self._originals(grid, grid.selected_rows()) if o not in self.trashed]

    def relabel(self, originals: list[str] | None, klass: str) -> bool:
        """Move the files (the selected ones by default) into ``klass``'s folder: one undoable step."""
        originals = self._selected() if originals is None else originals
        moves = []
        try:
            for original in originals:
                current = self._where(original)
                root, now = class_of(self.document.project, current)
                if now != klass:
                    moves.append((original, current, str(relabel_target(current, root, klass))))
        except Exception as e:
            self._failed(str(e))
            return False
        if not moves:
            return False
        text = self.tr("Move {count} images to {klass}").format(count=len(moves), klass=klass) if len(moves) > 1 \
            else self.tr("Move {name} to {klass}").format(name=Path(moves[0][1]).name, klass=klass)
        return self._file_step(text, functools.partial(self._apply_moves, moves, True),
                               functools.partial(self._apply_moves, moves, False))

    def relabel_as_suggested(self) -> bool:
        """Each selected label issue into the class the models suggest: one undoable step."""
        rows = self.issues_grid.selected_rows()
        by_class: dict[str, list[str]] = {}
        for r in rows:
            if self.issues[r]["path"] not in self.trashed:
                by_class.setdefault(self.issues[r]["suggested"], []).append(self.issues[r]["path"])
        if not by_class:
            return False
        if len(by_class) == 1:  # one class: one step, named as a move to it is ("Move odd.png to circle")
            (klass, paths), = by_class.items()
            return self.relabel(paths, klass)
        with self.document.step(self.tr("Move the images to the suggested classes")):
            results = [self.relabel(paths, klass) for klass, paths in by_class.items()]
        return any(results)

    def _apply_moves(self, moves, forward: bool) -> None:
        done = []
        try:
            for original, before, after in (moves if forward else reversed(moves)):
                src, dst = (before, after) if forward else (after, before)
                move_file(src, dst)
                done.append((src, dst))
                if forward:
                    self.moved[original] = after
                else:
                    self.moved.pop(original, None)
        except Exception:
            for src, dst in reversed(done):  # all or nothing: put back what this step moved
                move_file(dst, src)
            raise

    def _file_step(self, text: str, do, undo) -> bool:
        try:
            self.document.file_step(text, do, undo)
        except Exception as e:
            self._failed(str(e))
            return False
        self.status.emit(text)
        return True

    def exclude(self) -> bool:
        return self._set_excluded(self._selected(), True)

    def include(self) -> bool:
        return self._set_excluded(self._originals(self.excluded_grid, self.excluded_grid.selected_rows()), False)

    def _set_excluded(self, originals: list[str], excluded: bool) -> bool:
        if not originals:
            return False
        paths = [self._where(o) for o in originals]
        project = self.document.project
        names = Path(paths[0]).name if len(paths) == 1 else self.tr("{count} images").format(count=len(paths))
        text = (self.tr("Exclude {images}") if excluded else self.tr("Include {images} again")).format(images=names)
        return self.document.edit("data", text,
                                  lambda data: setattr(data, "exclude",
                                                       with_excluded(data.exclude, project, paths, excluded)))

    def trash(self) -> bool:
        originals = self._selected()
        if not originals:
            return False
        names = Path(self._where(originals[0])).name if len(originals) == 1 else \
            self.tr("{count} images").format(count=len(originals))
        text = self.tr("Move {images} to the trash").format(images=names)
        return self._file_step(text, functools.partial(self._trash, originals, True),
                               functools.partial(self._trash, originals, False))

    def _trash(self, originals: list[str], forward: bool) -> None:
        if forward:
            done = []
            try:
                for original in originals:
                    self.trashed[original] = to_trash(self._where(original))
                    done.append(original)
            except Exception:
                for original in reversed(done):  # all or nothing: bring back what this step trashed
                    restore(self.trashed.pop(original), self._where(original))
                raise
        else:
            for original in reversed(originals):
                restore(self.trashed[original], self._where(original))
                del self.trashed[original]

    def shutdown(self) -> None:
        self.cancel()
