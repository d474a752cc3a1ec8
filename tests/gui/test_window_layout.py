"""The window keeps the size the user gave it, and its text shows whole, at 1280×720 in both languages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTableView,
    QTextEdit,
    QToolButton,
    QTreeView,
    QWidget,
)

from tests.gui.conftest import RUN_TIMEOUT_MS, make_window
from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.gui.desktop import i18n

SHOTS = os.environ.get("WORKBENCH_TEST_SHOTS")  # a folder: the layout test leaves a screenshot of each tab there


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    before = QLocale()
    assert i18n.install_translators(request.param) == request.param
    yield request.param
    i18n.install_translators("en")
    QLocale.setDefault(before)


@pytest.fixture
def window_1280(qtbot, language, tiny_folder, settings):
    """The window at 1280×720, built after the language was chosen (as at a start)."""
    return make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)


def settle(qtbot):
    qtbot.wait(30)  # layouts apply their changes from posted events


def test_controls_that_appear_or_disappear_never_resize_the_window(qtbot, window_1280):
    window = window_1280
    settle(qtbot)
    size, panes = window.size(), window.splitter.sizes()
    assert size.width() == 1280
    # A loaded checkpoint shows "Resume from checkpoint"; a pretrained template shows "Freeze backbone".
    for box in (window.run_panel.resume_box, window.model_panel.freeze_box):
        box.show()
        settle(qtbot)
        assert (window.size(), window.splitter.sizes()) == (size, panes), box.text()
        box.hide()
        settle(qtbot)
        assert (window.size(), window.splitter.sizes()) == (size, panes), box.text()


# -- text that shows whole ---------------------------------------------------------------------------------
def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")  # mnemonics are not drawn


def _name(w: QWidget) -> str:
    text = getattr(w, "text", None)
    return f"{type(w).__name__} {text()!r}" if callable(text) else f"{type(w).__name__} {w.objectName()!r}"


def _button_clipped(b) -> str | None:
    """A button whose text is wider than the room its style gives the text."""
    text = _plain(b.text())
    if not text:
        return None
    fm, style = b.fontMetrics(), b.style()
    need = fm.horizontalAdvance(text)
    if isinstance(b, QToolButton):  # its hint is the text, the menu arrow and the style's margins: no less will do
        need, room = b.sizeHint().width(), b.width()
    else:
        option = QStyleOptionButton()
        b.initStyleOption(option)
        element = {QCheckBox: QStyle.SubElement.SE_CheckBoxContents,
                   QRadioButton: QStyle.SubElement.SE_RadioButtonContents}.get(type(b),
                                                                              QStyle.SubElement.SE_PushButtonContents)
        room = style.subElementRect(element, option, b).width()
        if not b.icon().isNull():
            room -= b.iconSize().width() + 4
    return f"{_name(b)} needs {need} px, has {room}" if need > room else None


def _label_clipped(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        # Wrapped text is cut when the label is shorter than its lines need, or when a word is wider than it.
        need_h = label.heightForWidth(label.width())
        if need_h > label.height() + 1:
            return f"{_name(label)} needs {need_h} px of height, has {label.height()}"
        need_w = label.minimumSizeHint().width()
        return f"{_name(label)} needs {need_w} px, has {label.width()}" if need_w > label.width() else None
    need = label.sizeHint().width()  # the text, rich or plain, with the label's margins
    return f"{_name(label)} needs {need} px, has {label.width()}" if need > label.width() + 1 else None


def _line_edit_clipped(edit: QLineEdit) -> str | None:
    """An empty field's hint is elided when it does not fit ("from …")."""
    hint = edit.placeholderText()
    if edit.text() or not hint:
        return None
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 2 * 2 - 2 * edit.style().pixelMetric(
        QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    need = edit.fontMetrics().horizontalAdvance(hint)
    return f"QLineEdit hint {hint!r} needs {need} px, has {room}" if need > room else None


def _combo_clipped(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()
    need = combo.fontMetrics().horizontalAdvance(text)
    if not option.currentIcon.isNull():
        need += combo.iconSize().width() + 4
    return f"QComboBox {text!r} needs {need} px, has {room}" if need > room else None


def _view_clipped(view: QAbstractItemView) -> list[str]:
    """Cells and column titles that do not fit their column (Qt elides them: "c…")."""
    model = view.model()
    if model is None or not isinstance(view, (QTableView, QTreeView)):
        return []  # a list's long entries wrap, or make it scroll sideways (caught below)
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    out = []
    for c in range(model.columnCount(view.rootIndex())):
        if view.isColumnHidden(c):
            continue
        width = view.columnWidth(c)
        if model.rowCount(view.rootIndex()) and view.sizeHintForColumn(c) > width:
            out.append(f"{type(view).__name__} column {c} cells need {view.sizeHintForColumn(c)} px, have {width}")
        if header is not None and not header.isHidden():
            title = model.headerData(c, Qt.Orientation.Horizontal)
            if title and header.sectionSizeFromContents(c).width() > header.sectionSize(c):
                out.append(f"{type(view).__name__} column title {title!r} needs "
                           f"{header.sectionSizeFromContents(c).width()} px, has {header.sectionSize(c)}")
    return out


def clipped_text(root: QWidget) -> list[str]:
    """Every piece of text a user would see cut in ``root`` as it is shown now, and every scroll area that
    scrolls sideways (a column too narrow for its controls)."""
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.window() is not root.window():
            continue
        if isinstance(w, (QPushButton, QToolButton, QCheckBox, QRadioButton)):
            problems.append(_button_clipped(w))
        elif isinstance(w, QLabel):
            problems.append(_label_clipped(w))
        elif isinstance(w, QLineEdit):
            problems.append(_line_edit_clipped(w))
        elif isinstance(w, QComboBox):
            problems.append(_combo_clipped(w))
        if isinstance(w, QAbstractItemView):
            problems += _view_clipped(w)
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, (QPlainTextEdit, QTextEdit)) \
                and w.horizontalScrollBar().isVisible():
            problems.append(f"{type(w).__name__} {w.objectName()!r} scrolls sideways")
    return [p for p in problems if p]


def _lay_out():
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def test_every_tab_shows_its_text_whole_at_1280x720(qtbot, language, tiny_folder, settings):
    """After a run, with its results, runs and predictions in the tabs, nothing is cut or elided, in English
    and in Chinese: labels, buttons, hints, menus' current entries, table cells and column titles; no column
    scrolls sideways; the confusion matrix and its colour bar are drawn whole."""
    doc = minimal_project_doc(tiny_folder, epochs=1, device="auto")
    doc["data"]["transforms"] = [{"type": "Resize", "size": 16}, {"type": "ToTensor"},
                                 {"type": "Normalize", "mean": [0.3, 0.3, 0.3], "std": [0.3, 0.3, 0.3]}]
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}]
    window = make_window(qtbot, project_from_dict(doc), settings)
    assert window.size().width() == 1280 and window.size().height() == 720
    # The forms a user opens: a layer's arguments, a transform's and an augmentation's.
    window.model_panel.select_rows([0])
    window.dataset_panel.transforms_editor.list.setCurrentRow(2)
    window.dataset_panel.augment_editor.list.setCurrentRow(0)
    window.run_panel.train_button.click()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    qtbot.waitUntil(lambda: window.results_panel.report is not None, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(window.runs_panel.runs), timeout=RUN_TIMEOUT_MS)
    window.predict_panel.add_paths(sorted(Path(tiny_folder).glob("*/*.png"))[::10])
    qtbot.waitUntil(lambda: bool(window.predict_panel.rows) and not window.predict_panel.busy, timeout=RUN_TIMEOUT_MS)
    window.runs_panel.select_runs([window.runs_panel.runs[0].path])

    problems = {}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _lay_out()
        if SHOTS:
            window.grab().save(str(Path(SHOTS) / f"{language}-tab{i}.png"))
        found = clipped_text(window)
        if found:
            problems[window.tabs.tabText(i)] = found
    assert not problems, "\n".join(f"{tab}: {p}" for tab, found in problems.items() for p in found)

    # The matrix's top row and the colour bar's highest count have room above them (half a line of text).
    confusion = window.results_panel.confusion
    window.tabs.setCurrentWidget(window.results_panel)
    _lay_out()
    view_top = confusion.vb.mapRectToScene(confusion.vb.boundingRect()).top()
    assert view_top >= confusion.fontMetrics().height() / 2, f"the matrix starts {view_top} px below the plot's top"
