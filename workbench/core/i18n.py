"""Core's messages in the user's language: GNU gettext, text domain ``workbench``, Qt-free.

Every sentence core shows a person (errors, run notes and warnings, the data
summary, catalogue descriptions) is written in English and passed through
``_()`` (or ``ngettext`` where a count decides the form); the translations are
``workbench/locale/<lang>/LC_MESSAGES/workbench.po``, compiled to the ``.mo``
files that ship with the package (``make messages`` extracts, updates and
compiles them with Babel; tests/core/test_i18n.py fails on a string without a
translation or a stale ``.mo``). Names that are identifiers stay as they are in
every language: PyTorch classes and arguments, project keys such as
``data.loader.batch_size``, file names.

Which language: `set_language(code)` ("en", "zh_CN"); the window calls it with
its own choice. Without that, the environment decides like any gettext program
(``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), after
``WORKBENCH_LANGUAGE``, which the window sets for the run processes it starts so
that they speak its language whatever the locale. Any Chinese locale gets the
Simplified Chinese text (as in the window); a language without a catalogue
gets English, the source text.

Strings made at import time (catalogue tables) are marked with ``N_()`` and
translated where they are shown, with ``_()``.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "workbench"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGE_VARIABLE = "WORKBENCH_LANGUAGE"
LANGUAGES = ("en", "zh_CN")  # English is the source text and needs no catalogue
_ENVIRONMENT = (LANGUAGE_VARIABLE, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_language = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the current language (``""`` stays empty: gettext would answer with the catalogue's
    header)."""
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction without translating it yet (it is translated where it is shown)."""
    return message


def language() -> str:
    """The language core speaks now: "en" or "zh_CN"."""
    return _language


def normalize(code: str | None) -> str | None:
    """ "zh_CN" for any Chinese, "en" for English, C and POSIX; None for a language without a catalogue."""
    if not code:
        return None
    base = code.split(".")[0].split("@")[0].replace("-", "_")
    if base in ("C", "POSIX") or base.lower().startswith("en"):
        return "en"
    if base.lower().startswith("zh"):
        return "zh_CN"
    return None


def environment_language(environ=None) -> str:
    """The language the environment asks for, read as gettext reads it: the first variable that is set decides;
    in it (``LANGUAGE`` may list several, ``zh_CN:en``) the first language with a catalogue wins."""
    environ = os.environ if environ is None else environ
    for variable in _ENVIRONMENT:
        value = environ.get(variable)
        if value:
            for code in value.split(":"):
                found = normalize(code)
                if found is not None:
                    return found
            return "en"
    return "en"


def set_language(code: str | None = None) -> str:
    """Speak ``code`` ("en", "zh_CN", any locale name such as "zh_CN.UTF-8"); None follows the environment.
    Returns the language now in use ("en" when ``code`` has no catalogue)."""
    global _language, _translations
    wanted = environment_language() if code is None else (normalize(code) or "en")
    if wanted == "en":
        _language, _translations = "en", gettext.NullTranslations()
        return _language
    try:
        _translations = gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[wanted])
        _language = wanted
    except OSError:  # a catalogue missing from a broken install: the English source text
        _language, _translations = "en", gettext.NullTranslations()
    return _language


set_language()
