"""Help › Getting started: a newcomer finds each step of a PyTorch script in the window, in their language."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

from workbench.gui.dialogs import getting_started as guide
from workbench.gui.widgets.shortcuts import plain_menu_text

ROOT = Path(__file__).resolve().parents[3]


def test_the_help_menu_opens_the_guide_which_names_every_tab(window, qtbot):
    help_menu = window.menuBar().actions()[-1].menu()
    first = help_menu.actions()[0]
    assert first is window.getting_started_action and first.text() == "&Getting started"
    assert first.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)  # F1
    first.trigger()
    dialog = window.getting_started_dialog
    assert dialog.isVisible() and not dialog.isModal()  # the user follows it in the window
    text = dialog.browser.toPlainText()
    for i in range(window.tabs.count()):
        assert f"{window.tabs.tabText(i)} tab" in text
    for menu in ("File", "Model", "Run"):
        assert f"{menu} menu ›" in text
    first.trigger()  # asking again brings the same guide forward
    assert window.getting_started_dialog is dialog


def _texts_in(widget: QWidget) -> set[str]:
    """What a user can read inside a tab: group titles, buttons, labels, inner tabs."""
    found = {b.title() for b in widget.findChildren(QGroupBox)}
    found |= {b.text() for b in widget.findChildren(QAbstractButton)}
    found |= {label.text() for label in widget.findChildren(QLabel)}
    for tabs in widget.findChildren(QTabWidget):
        found |= {tabs.tabText(i) for i in range(tabs.count())}
    return found


def _menu_texts(menu: QMenu) -> list[str]:
    """Entries, section titles and submenus of a menu, as the user reads them."""
    return [plain_menu_text(a.text()) for a in menu.actions() if a.text()]


def _submenu(menu: QMenu, text: str) -> QMenu | None:
    return next((a.menu() for a in menu.actions() if a.menu() and plain_menu_text(a.text()) == text), None)


def test_every_place_the_guide_names_is_in_the_window(window):
    for step in guide.STEPS:
        for place in step.places:
            top = guide.ui_text("MainWindow", place.top)
            inside = [guide.ui_text(context, text) for context, text in place.inside]
            if place.kind == "tab":
                tab = next(window.tabs.widget(i) for i in range(window.tabs.count())
                           if window.tabs.tabText(i) == top)
                assert set(inside) <= _texts_in(tab), (step.title, inside)
            else:
                menu = next(a.menu() for a in window.menuBar().actions() if plain_menu_text(a.text()) == top)
                for text in inside:
                    assert text in _menu_texts(menu), (step.title, text)
                    menu = _submenu(menu, text) or menu  # a section stays in its menu


# Names that stay as they are in the Chinese guide: PyTorch's own words, products, formats.
_NAMES = {"torch", "pytorch", "torchvision", "tensorboard", "torchscript", "onnx", "safetensors", "pickle",
          "imagenet", "gpu", "pth", "nan", "workbench", "resnet18", "in_features", "in_channels", "f5"}


def test_in_chinese_the_guide_is_chinese_with_no_english_sentences(qtbot, chinese):
    dialog = guide.GettingStartedDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "入门指南"
    text = dialog.browser.toPlainText()
    assert "数据" in text and "模型" in text and "“数据”选项卡 › 数据加载器" in text
    code_names = set()
    for step in guide.STEPS:
        text = text.replace(step.code, " ")  # the code column is code in every language
        code_names |= {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", step.code)}
    text = re.sub(r"docs/\S+\.md", " ", text)
    english = {w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if w.lower() not in _NAMES | code_names}
    assert not english, f"English left in the Chinese guide: {sorted(english)}"


def test_escape_or_close_closes_the_guide(qtbot):
    dialog = guide.GettingStartedDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    dialog.show()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()


def test_its_links_open_the_docs_that_exist(qtbot, monkeypatch):
    hrefs = re.findall(r"href='([^']+)'", guide.guide_html())
    assert len(hrefs) == len(guide.DOCS)  # in a source checkout every doc is there to link
    for href in hrefs:
        assert Path(QUrl(href).toLocalFile()).is_file(), href
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    dialog = guide.GettingStartedDialog()
    qtbot.addWidget(dialog)
    dialog.browser.anchorClicked.emit(QUrl(hrefs[0]))
    assert opened == [QUrl(hrefs[0])]
    assert "getting-started.md" in hrefs[0]


def test_without_docs_it_names_the_files_without_linking_them(tmp_path):
    html = guide.guide_html(tmp_path)
    assert "href" not in html and "docs/reliability.md" in html


def test_the_docs_page_maps_the_same_places_and_the_readme_links_it():
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    for step in guide.STEPS:
        assert step.title in page
        for place in step.places:
            assert f"{plain_menu_text(place.top)} {place.kind}" in page, place
    assert "(docs/getting-started.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
