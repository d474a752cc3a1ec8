"""The window's languages: which translation to load, and labels for project fields.

Every visible string in the window goes through Qt's translation (`self.tr`
in QObject subclasses, `QCoreApplication.translate(context, text)`
elsewhere). The sources are `resources/translations/torch_workbench_*.ts`
(`make translations` regenerates them with pyside6-lupdate and compiles
the `.qm` files with pyside6-lrelease); the `.qm` files ship in the package
under resources/. English is the source language, so English needs no file.

The language is chosen once, before the window is built: Preferences
(`ui/language`: "system", "en" or "zh_CN") overrides the system locale.
Changing it in Preferences takes effect at the next start (the dialog says
so): rebuilding every panel live would lose their state for little gain.
Catalogue names (Conv2d, Adam, …), PyTorch argument names and code stay as
they are in every language.

Three catalogues make up what a user reads: the window's own (above); core's
messages — errors, run notes, catalogue descriptions — through gettext
(`workbench.core.i18n`, told the same language here, and given to the run
processes the window starts through ``WORKBENCH_LANGUAGE``); and Qt's own
strings for its dialogs (file dialogs, standard buttons), from Qt's
``qtbase_*.qm``. Where Qt's catalogue lacks a string this Qt version uses
(its mnemonics changed: "&Look in:"), our catalogue carries it (`_QT_GAPS`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from workbench.core import i18n as core_i18n

LANGUAGES = ("system", "en", "zh_CN")
CATALOG = "torch_workbench"
SETTING = "ui/language"

# Project fields shown as form labels (the window's name for a project key). A field not listed here is
# shown as its key, with "_" as spaces.
_FIELDS = {
    "epochs": QT_TRANSLATE_NOOP("Fields", "epochs"),
    "device": QT_TRANSLATE_NOOP("Fields", "device"),
    "seed": QT_TRANSLATE_NOOP("Fields", "seed"),
    "mixed_precision": QT_TRANSLATE_NOOP("Fields", "mixed precision"),
    "channels_last": QT_TRANSLATE_NOOP("Fields", "channels last"),
    "compile": QT_TRANSLATE_NOOP("Fields", "compile"),
    "monitor": QT_TRANSLATE_NOOP("Fields", "monitor"),
    "patience": QT_TRANSLATE_NOOP("Fields", "patience"),
    "keep_best": QT_TRANSLATE_NOOP("Fields", "keep the best epoch"),
    "min_delta": QT_TRANSLATE_NOOP("Fields", "min delta"),
    "batch_size": QT_TRANSLATE_NOOP("Fields", "batch size"),
    "shuffle": QT_TRANSLATE_NOOP("Fields", "shuffle"),
    "drop_last": QT_TRANSLATE_NOOP("Fields", "drop last"),
    "num_workers": QT_TRANSLATE_NOOP("Fields", "num workers"),
    "balanced_sampling": QT_TRANSLATE_NOOP("Fields", "balanced sampling"),
    "head_epochs": QT_TRANSLATE_NOOP("Fields", "head-only epochs"),
    "backbone_lr_factor": QT_TRANSLATE_NOOP("Fields", "backbone lr factor"),
}


# Qt's own strings that qtbase_zh_CN.qm (Qt 6.11) lacks because Qt changed them since they were translated (a
# mnemonic added: "Look in:" became "&Look in:"), seen in the file dialog. Ours carries them; Qt's catalogue is
# asked first, so where it has a string, its translation wins.
_QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Shortcut"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Alias"),
)


def field_label(name: str) -> str:
    """The form label for a project field, in the window's language."""
    text = _FIELDS.get(name)
    if text is None:
        return name.replace("_", " ")
    return QCoreApplication.translate("Fields", text)


def translations_dir() -> Path | None:
    from workbench.desktop import DesktopError, resources_dir

    try:
        return resources_dir() / "translations"
    except DesktopError:
        return None


def language_setting(settings: QSettings) -> str:
    value = str(settings.value(SETTING, "system") or "system")
    return value if value in LANGUAGES else "system"


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """"en" or "zh_CN": the language to show for a Preferences choice ("system" asks the locale)."""
    if choice in ("en", "zh_CN"):
        return choice
    locale = locale or QLocale.system()
    # Any Chinese locale gets the Simplified Chinese text: closer to a Chinese reader than English.
    for name in [locale.name(), *locale.uiLanguages()]:
        if name.replace("-", "_").lower().startswith("zh"):
            return "zh_CN"
        if name.lower().startswith("en"):
            return "en"
    return "en"


_installed: list[QTranslator] = []


def install_translators(language: str, app=None) -> str:
    """Load the app's translation (and Qt's own, for standard buttons) for `language` into the application.

    Core's messages follow (`workbench.core.i18n.set_language`). Replaces whatever an earlier call installed;
    returns the language actually in use ("en" when the catalogue is missing: the source text is English)."""
    app = app or QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        core_i18n.set_language("en")
        return "en"
    folder = translations_dir()
    ours = QTranslator(app)
    if folder is None or not ours.load(f"{CATALOG}_{language}", str(folder)):
        core_i18n.set_language("en")
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)  # Qt's own strings: Save / Discard / Cancel, file dialogs, context menus
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    QLocale.setDefault(QLocale(language))
    core_i18n.set_language(language)
    return language


def install_for_settings(settings: QSettings, app=None) -> str:
    return install_translators(resolve_language(language_setting(settings)), app)
