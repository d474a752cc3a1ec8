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
    assert tabs[:7] == ["数据", "数据体检", "模型", "训练", "结果", "预测", "运行记录"]
    assert w.train_action.text() == "训练(&T)" and w.run_panel.train_button.text() == "▶  训练"
    titles = [b.title() for b in w.findChildren(QGroupBox) if b.title()]
    assert "数据来源" in titles and "优化器" in titles and "学习率调度器" in titles
    assert w.run_panel.plots.empty_note.text().startswith("按“训练”")


# Words that stay English in every language: catalogue names, PyTorch argument names and values, products.
_KEEP = {"optuna", "tpe", "hyperband", "ped", "anova", "pytorch", "torch", "workbench", "torchvision", "torchscript", "onnx", "tensorboard", "cuda", "cpu", "gpu",
         "mps", "state_dict", "pth", "json", "val_loss", "val_accuracy", "train_loss",
         "top", "macro", "ctrl", "shift", "alt", "del", "eta", "imagenet", "channels_last", "threads", "x86_64",
         "pickle", "qt", "pyside6", "python", "nvidia", "transformer", "swish", "cifar", "amp", "bf16", "fp16",
         "float16", "bfloat16", "max", "min", "mean", "std", "rgb", "ddp", "png", "jpg", "demo", "shapes", "data",
         "circle", "square", "star", "triangle", "cleanlab", "captum", "grad", "cam",
         "down", "left", "right", "home", "end", "enter", "return", "esc", "tab", "space", "backspace", "delete",
         # network and layer family names, Python's values in a ready block's arguments
         "resnet", "mobilenet", "mobilenetv2", "mobilenetv3", "inception", "googlenet", "convnext", "layernorm",
         "batchnorm", "droppath", "true", "false"}


def _catalogues():
    from workbench.core.catalogs.blocks import READY_BLOCKS
    from workbench.core.catalogs.layers import LAYERS
    from workbench.core.catalogs.training import LOSSES, OPTIMIZERS, SCHEDULERS
    from workbench.core.catalogs.transforms import TRANSFORMS
    return (LAYERS, LOSSES, OPTIMIZERS, SCHEDULERS, TRANSFORMS, READY_BLOCKS)


def _allowed_words() -> set[str]:
    """Identifiers, not words: PyTorch's class and argument names (from the catalogues), data set and architecture
    names, and _KEEP. Core's descriptions and messages are translated like the window's (workbench.core.i18n)."""
    from workbench.core.catalogs.architectures import ARCHITECTURES
    from workbench.core.catalogs.datasets import BUILTIN_DATASETS
    from workbench.core.project.fields import TRAINING_SCALARS
    words = set(_KEEP)
    for catalog in _catalogues():
        for name, op in catalog.items():
            words.add(name.lower())
            for p in getattr(op, "params", ()) or ():
                words.add(getattr(p, "name", "").lower())
    words |= {n.lower() for n in BUILTIN_DATASETS} | {n.lower() for n in ARCHITECTURES}
    words |= {p.name.lower() for p in TRAINING_SCALARS}  # project keys, as messages name them
    # and their values (torch.compile's modes, "reduce-overhead"), as PyTorch spells them
    words |= {w for p in TRAINING_SCALARS for c in p.choices or () for w in c.lower().split("-")}
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
    text = re.sub(r"&\w+;", " ", text)  # entities: &nbsp;
    text = re.sub(r"[\w-]+(?:\.[\w-]+)+", " ", text)  # file names and project keys: best.pt, training.device
    text = re.sub(r"'[\w:.-]+'", " ", text)  # a value as the project file holds it: 'auto', 'cuda:7'
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


# -- the main flows in Chinese: nothing a user reads is English -------------------------------------------------

def _widget_texts(root) -> list[tuple[str, str]]:
    """(where, text) for every text a widget under ``root`` shows or shows on hover, visible now or not."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QDialog,
        QPlainTextEdit,
        QSpinBox,
        QTextEdit,
        QWidget,
    )

    found = []
    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        found += [(f"{kind} tooltip", w.toolTip()), (f"{kind} status tip", w.statusTip())]
        if isinstance(w, QDialog) or w.isWindow():
            found.append((f"{kind} title", w.windowTitle()))
        if isinstance(w, QAbstractButton):
            found.append((f"{kind}", w.text()))
        elif isinstance(w, QLabel):
            found.append(("label", w.text()))
        elif isinstance(w, QGroupBox):
            found.append(("group", w.title()))
        elif isinstance(w, QLineEdit):
            found.append(("placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                found += [("menu entry", w.itemText(i)),
                          ("menu entry tooltip", str(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""))]
        elif isinstance(w, QTabWidget):
            found += [("tab", w.tabText(i)) for i in range(w.count())]
            found += [("tab tooltip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractSpinBox):
            found.append(("spin box", w.specialValueText()))
            if isinstance(w, QSpinBox):
                found += [("spin box", w.prefix()), ("spin box", w.suffix())]
        elif isinstance(w, QMenu):
            found.append(("menu", w.title()))
            for a in w.actions():
                found += [("menu item", a.text()), ("menu item tip", a.statusTip()), ("menu item tip", a.toolTip())]
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            continue  # code (the model as PyTorch source) and file lists: not sentences of the app's
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
                count = (_columns(model, QModelIndex()) if orientation == Qt.Orientation.Horizontal
                         else model.rowCount(QModelIndex()))
                found += [("header", str(model.headerData(i, orientation) or "")) for i in range(min(count, 50))]
            _item_texts(model, None, found, 0)
    return [(where, text) for where, text in found if text]


def _columns(model, parent) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: one column (its columnCount is private)
        return 1


def _item_texts(model, parent, found, depth) -> None:
    from PySide6.QtCore import QModelIndex, Qt

    parent = parent or QModelIndex()
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(min(_columns(model, parent), 12)):
            index = model.index(row, column, parent)
            for role, where in ((Qt.ItemDataRole.DisplayRole, "item"), (Qt.ItemDataRole.ToolTipRole, "item tooltip")):
                value = model.data(index, role)
                if isinstance(value, str):
                    found.append((where, value))
            if depth < 3 and column == 0 and model.rowCount(index) > 0:
                _item_texts(model, index, found, depth + 1)


class _Seen:
    """What the window showed besides its widgets: status bar messages, message boxes and the texts of the run
    events (they come from the run's own process, already in the window's language)."""

    def __init__(self, window):
        self.texts: list[tuple[str, str]] = []
        self.window = window
        window.statusBar().messageChanged.connect(lambda m: self.texts.append(("status bar", m)))
        show_error = window.show_error

        def shown(title, message):
            self.texts += [("message box title", title), ("message box", message)]
            show_error(title, message)

        window.show_error = shown

    def follow(self, run) -> None:
        from workbench.core.training.events import Failed, Finished, RunStarted, RunWarning

        def event(ev):
            if isinstance(ev, RunStarted):
                self.texts += [("run device", ev.device_name)] + [("run note", n) for n in ev.notes]
            elif isinstance(ev, (RunWarning, Failed, Finished)):
                self.texts.append((f"run {type(ev).__name__}", ev.message))

        run.event.connect(event)
        run.failed.connect(lambda message: self.texts.append(("run process failed", message)))

    def snapshot(self, *widgets) -> None:
        """Every text of the window (each tab in turn) and of its open dialogs and message boxes, now."""
        w = self.window
        current = w.tabs.currentIndex()
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
        w.tabs.setCurrentIndex(current)
        self.texts += _visible_texts(w) + _widget_texts(w)
        for top in [*QApplication.topLevelWidgets(), *widgets]:
            if top is not w and top.isVisible():
                self.texts += _widget_texts(top)


def _english(texts: list[tuple[str, str]], allowed: set[str]) -> list[str]:
    left = {}
    for where, text in texts:
        words = _english_words(text, allowed)
        if words:
            left.setdefault(f"{where}: {text!r} ({', '.join(words)})", None)
    return list(left)


def _file_dialog_texts(qtbot, open_dialog) -> list[tuple[str, str]]:
    """The texts of the modal file dialog ``open_dialog()`` opens (Qt's own widgets offscreen, as on a desktop
    without a platform dialog), then cancels it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, look)
            return
        dialog.findChild(QAbstractButton, "detailModeButton").click()  # the detail view's headers and types
        QApplication.processEvents()
        # The files and folders it lists are the user's names: its own words are what is left.
        seen.extend((where, text) for where, text in _widget_texts(dialog) if where not in ("item", "item tooltip"))
        dialog.reject()

    QTimer.singleShot(50, look)
    open_dialog()
    assert seen, "no file dialog opened"
    return seen


def test_the_main_flows_show_no_english_under_zh_CN(qtbot, chinese, tiny_folder, settings, tmp_path):
    """Load an image folder, break the model, train to the end in the run's process, stop a run, fail to start
    one, read the results, open a file dialog: everything shown — widgets, tooltips, status bar, message boxes,
    the runs' notes and messages — is Chinese, apart from identifiers (PyTorch names, paths, numbers, units)."""
    from tests.gui.conftest import RUN_TIMEOUT_MS
    from tests.helpers import make_shapes_folder
    from workbench.core.training.events import BatchEnded

    window = make_window(qtbot, project_from_dict(minimal_project_doc(tiny_folder)), settings)
    seen = _Seen(window)
    allowed = _allowed_words() | {"shapes"}

    # An image folder with a stray file (skipped, counted, noted).
    folder = make_shapes_folder(tmp_path / "形状", per_class=8, size=16)
    (folder / "circle" / "notes.txt").write_text("not an image")
    (folder / "circle" / "broken.png").write_bytes(b"not a png")
    window.dataset_panel.set_folder(str(folder))
    qtbot.waitUntil(lambda: window.dataset_panel.bundle is not None
                    and bool(window.dataset_panel.bundle.skipped), timeout=20000)
    seen.snapshot()

    # A model that cannot run: its error in the Model tab, and the dialog Train shows.
    window.document.edit("model", "Linear in_features=7", lambda m: m.layers[4].args.update(in_features=7))
    qtbot.waitUntil(lambda: window.model_panel.plan is not None and window.model_panel.plan.error is not None,
                    timeout=20000)
    window.start_training()
    assert window.run is None and window.error_dialog is not None
    seen.snapshot()
    window.error_dialog.close()
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: window.model_panel.plan is not None and window.model_panel.plan.error is None,
                    timeout=20000)

    # A run to its end in its own process, and the results it feeds.
    window.start_training()
    seen.follow(window.run)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_finished.reason == "completed"
    qtbot.waitUntil(lambda: window.results_panel.report is not None or window.results_panel.error is not None,
                    timeout=RUN_TIMEOUT_MS)
    assert window.results_panel.report is not None
    seen.snapshot()

    # A run stopped midway: its message comes from its process ("stopped during epoch …; last.pt written").
    window.project.training.epochs = 200
    window.project.data.loader.batch_size = 2
    window.start_training()
    seen.follow(window.run)
    batches = []
    window.run.event.connect(lambda ev: isinstance(ev, BatchEnded) and batches.append(ev))
    qtbot.waitUntil(lambda: bool(batches), timeout=RUN_TIMEOUT_MS)
    window.stop_training()
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_finished.reason == "stopped" and window.last_finished.message
    seen.snapshot()

    # A run whose process refuses to start: its error arrives as text, in Chinese, shown once.
    window.project.training.device = "cuda:7"
    window.start_training()
    seen.follow(window.run)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS):
        pass
    assert window.last_error and window.error_dialog.isVisible()
    seen.snapshot()
    window.error_dialog.close()

    # Qt's own file dialog, as the Data tab opens it.
    seen.texts += _file_dialog_texts(qtbot, window.dataset_panel.choose_folder)

    run_texts = [t for where, t in seen.texts if where.startswith("run ")]
    assert any("轮" in t for t in run_texts), run_texts  # the stopped run's message, from its process
    assert any(where == "message box" and "cuda:7" in t and "不" in t for where, t in seen.texts)
    left = _english(seen.texts, allowed)
    assert not left, "English under zh_CN:\n" + "\n".join(left)


def test_the_processes_the_window_starts_speak_its_language(chinese):
    """Runs, the warm spare and exports are `workbench` processes: they are told the window's language (not the
    locale's), and the window reads their error line in it."""
    from workbench.core import i18n as core_i18n
    from workbench.gui.runs.process import describe_exit, language_environment

    assert core_i18n.language() == "zh_CN"
    assert language_environment() == {"WORKBENCH_LANGUAGE": "zh_CN"}
    assert describe_exit(2, ["正在写入…", "错误：模型没有任何层"]) == "模型没有任何层"
    assert describe_exit(2, ["error: from an older process"]) == "from an older process"


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
