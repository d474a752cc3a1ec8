"""The window speaks Simplified Chinese completely, and English; the locale or Preferences picks which."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
)

from tests.gui.conftest import make_window
from tests.helpers import minimal_project_doc
from workbench.core.project.io import project_from_dict
from workbench.gui.desktop import i18n

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "translations" / "torch_workbench_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[vmn0-9]")


def _messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        name = context.find("name").text
        for m in context.iter("message"):
            yield name, m.find("source").text or "", m.find("translation")


def test_every_message_in_the_zh_CN_catalogue_is_translated():
    assert QM.is_file(), "compile the .ts: make translations"
    messages = list(_messages(TS))
    assert len(messages) > 300
    for context, source, translation in messages:
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (context, source)
        assert (translation.text or "").strip(), (context, source)
        # A translation that loses or invents a {placeholder} would raise (or show a raw brace) at run time.
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation.text)), source


@pytest.mark.skipif(shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None,
                    reason="pyside6-lupdate not installed")
def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """A new tr() string without a translation fails here (regenerate with `make translations`)."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "workbench" / "gui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True, cwd=ROOT)
    wanted = {(c, s) for c, s, _ in _messages(fresh)}
    have = {(c, s) for c, s, _ in _messages(TS)}
    assert not wanted - have, f"not in {TS.name}: {sorted(wanted - have, key=str)[:10]}"


def test_the_system_locale_picks_the_language_and_preferences_override_it(settings):
    assert i18n.resolve_language("system", QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve_language("system", QLocale("zh_TW")) == "zh_CN"
    assert i18n.resolve_language("system", QLocale("de_DE")) == "en"
    assert i18n.resolve_language("en", QLocale("zh_CN")) == "en"
    assert i18n.resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"
    settings.setValue(i18n.SETTING, "zh_CN")
    assert i18n.language_setting(settings) == "zh_CN"
    settings.setValue(i18n.SETTING, "klingon")
    assert i18n.language_setting(settings) == "system"


@pytest.fixture
def zh_window(qtbot, chinese, tiny_folder, settings):
    return make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)


def test_menus_and_panel_titles_are_chinese(zh_window):
    w = zh_window
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "模型(&M)", "运行(&R)", "帮助(&H)"]
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert tabs[:6] == ["数据", "模型", "训练", "结果", "预测", "运行记录"]
    assert w.train_action.text() == "训练(&T)" and w.run_panel.train_button.text() == "▶  训练"
    titles = [b.title() for b in w.findChildren(QGroupBox) if b.title()]
    assert "数据来源" in titles and "优化器" in titles and "学习率调度器" in titles
    assert w.run_panel.plots.empty_note.text().startswith("按“训练”")


# Words that stay English in every language: catalogue names, PyTorch argument names and values, products.
_KEEP = {"optuna", "tpe", "hyperband", "ped", "anova", "pytorch", "torch", "workbench", "torchvision", "torchscript", "onnx", "tensorboard", "cuda", "cpu", "gpu",
         "mps", "state_dict", "pth", "json", "auto", "none", "off", "val_loss", "val_accuracy", "train_loss",
         "top", "macro", "ctrl", "shift", "alt", "del", "eta", "imagenet", "channels_last", "threads", "x86_64",
         "pickle", "qt", "pyside6", "python", "amp", "bf16", "fp16", "float16", "bfloat16", "max", "min", "mean",
         "std", "rgb", "ddp", "png", "jpg", "demo", "shapes", "data", "circle", "square", "star", "triangle"}


def _catalogues():
    from workbench.core.catalogs.layers import LAYERS
    from workbench.core.catalogs.training import LOSSES, OPTIMIZERS, SCHEDULERS
    from workbench.core.catalogs.transforms import TRANSFORMS
    return (LAYERS, LOSSES, OPTIMIZERS, SCHEDULERS, TRANSFORMS)


def _allowed_words() -> set[str]:
    from workbench.core.catalogs.datasets import BUILTIN_DATASETS
    words = set(_KEEP)
    for catalog in _catalogues():
        for name, op in catalog.items():
            words.add(name.lower())
            for p in getattr(op, "params", ()) or ():
                words.add(getattr(p, "name", "").lower())
                # Core's own words about an argument (its help and "expects …"), English by design.
                text = (getattr(p, "help", "") or "") + " " + (p.describe() if hasattr(p, "describe") else "")
                words |= {x.lower() for x in re.findall(r"[A-Za-z]+", text)}
            # A catalogue entry's own documentation (core's, English) is shown beside it: allowed.
            words |= {x.lower() for x in re.findall(r"[A-Za-z]+", getattr(op, "doc", "") or "")}
    words |= {n.lower() for n in BUILTIN_DATASETS}
    words |= {"image", "folder"}  # core's description of the data source ("image folder PATH")
    return words


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for what a user reads: menus, tabs, buttons, labels, group boxes, headers, tooltips (of a
    window, or of one panel in it)."""
    found = []
    for action in (window.menuBar().actions() if hasattr(window, "menuBar") else []):
        found.append(("menu", action.text()))
        menu = action.menu()
        for sub in (menu.actions() if menu else []):
            if not sub.isSeparator() and not sub.text().startswith("/"):  # recent files are paths
                found += [("menu item", sub.text()), ("status tip", sub.statusTip())]
    for tabs in window.findChildren(QTabWidget):
        found += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    for w in window.findChildren(QAbstractButton):
        found += [("button", w.text()), ("tooltip", w.toolTip())]
    for w in window.findChildren(QLabel):
        found += [("label", w.text()), ("tooltip", w.toolTip())]
    for w in window.findChildren(QGroupBox):
        found += [("group", w.title()), ("tooltip", w.toolTip())]
    for w in window.findChildren(QLineEdit):
        found.append(("placeholder", w.placeholderText()))
    for view in window.findChildren(QTableView):
        model = view.model()
        if model is not None:
            found += [("header", str(model.headerData(c, Qt_Horizontal()) or "")) for c in range(model.columnCount())]
    for menu in window.findChildren(QMenu):
        found.append(("menu", menu.title()))
    for box in window.findChildren(QComboBox):
        if not box.isEditable():  # an editable one holds the user's text (a study's name)
            found += [("choice", box.itemText(i)) for i in range(box.count())]
    return [(k, t) for k, t in found if t]


def Qt_Horizontal():
    from PySide6.QtCore import Qt
    return Qt.Orientation.Horizontal


def _english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths and file filters
    text = re.sub(r"\b[a-z_]+(?:\.[a-z_]+|\[\d+\])+", " ", text)  # project paths (training.optimizer.lr)
    text = re.sub(r"\S+\(\S*\)", " ", text)  # code such as ToTensor() or torch.save(model)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", text)
    return [w for w in words if w.lower() not in allowed and w.rstrip("s").lower() not in allowed]


def test_no_visible_text_is_left_in_english_under_zh_CN(zh_window):
    w = zh_window
    # Visit every tab so that lazily filled widgets have their text.
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
    allowed = _allowed_words()
    left = []
    for where, text in _visible_texts(w):
        english = _english_words(text, allowed)
        if english:
            left.append(f"{where}: {text!r} ({', '.join(english)})")
    assert not left, "untranslated:\n" + "\n".join(left)


def test_english_stays_the_source_text(window):
    assert [a.text() for a in window.menuBar().actions()][0] == "&File"
    assert window.tabs.tabText(0) == "Data"


def test_the_experiments_tab_shows_no_english_under_zh_CN(qtbot, zh_window):
    """A study with trials of each state (made with Optuna directly, no training) fills the table and the plots."""
    import optuna

    from workbench.core.experiments.study import journal_url
    from workbench.core.experiments.sweep import open_storage

    w = zh_window
    panel = w.experiments_panel
    w.tabs.setCurrentWidget(panel)
    assert w.tabs.tabText(w.tabs.currentIndex()) == "实验"
    study = optuna.create_study(study_name="shapes", storage=open_storage(journal_url(panel.study_folder(), "shapes")))
    dists = {"training.optimizer.lr": optuna.distributions.FloatDistribution(1e-3, 1e-1, log=True),
             "data.loader.batch_size": optuna.distributions.CategoricalDistribution([8, 16, 32])}
    for i, (lr, bs, state, value) in enumerate([(0.01, 8, "COMPLETE", 0.7), (0.05, 16, "COMPLETE", 0.4),
                                                (0.002, 32, "PRUNED", None), (0.02, 8, "FAIL", None)]):
        study.add_trial(optuna.trial.create_trial(
            params={"training.optimizer.lr": lr, "data.loader.batch_size": bs}, distributions=dists,
            state=optuna.trial.TrialState[state], value=value, intermediate_values={1: 0.9}))
    panel.refresh_studies()
    qtbot.waitUntil(lambda: panel.view is not None and len(panel.view.trials) == 4, timeout=20000)
    qtbot.waitUntil(lambda: panel.importance.bars is not None, timeout=20000)
    panel.select_trial(1)
    qtbot.waitUntil(lambda: panel.curves.number == 1, timeout=20000)
    panel._fill_add_menu()
    texts = _visible_texts(panel) + [("menu item", a.text()) for a in panel.add_menu.actions()]
    texts += [("note", panel.parallel.note.text()), ("note", panel.importance.note.text()),
              ("note", panel.curves.note.text()), ("hint", panel.hint.text())]
    texts += [("cell", panel.table.item(r, 1).text()) for r in range(panel.table.rowCount())]
    for state in ("pausing", "paused", "running"):  # the buttons' other words
        panel.state = state
        panel._sync()
        texts += [("button", panel.pause_button.text())]
    panel.state = "idle"
    panel._sync()
    allowed = _allowed_words()
    left = [f"{where}: {text!r}" for where, text in texts if _english_words(text, allowed)]
    assert not left, "untranslated:\n" + "\n".join(left)
    assert panel.table.item(0, 1).text() == "完成" and "最佳：试验 1" in panel.summary.text()
    from tests.gui.test_window_layout import _lay_out, clipped_text

    for tab in (panel.parallel, panel.importance, panel.curves):  # whole text at 1280×720
        panel.plot_tabs.setCurrentWidget(tab)
        _lay_out()
        assert not clipped_text(w)
