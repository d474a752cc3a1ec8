"""Core speaks the user's language: every message marked in core has a Chinese translation, the shipped .mo is
the .po compiled, and the language follows set_language() or, without it, the environment like gettext."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from workbench.core import i18n

babel = pytest.importorskip("babel")
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "workbench" / "locale" / "zh_CN" / "LC_MESSAGES" / "workbench.po"
MO = PO.with_suffix(".mo")
# What `make messages` extracts: core, and the command line's own lines around core's messages.
SOURCES = [ROOT / "workbench" / "core", ROOT / "workbench" / "cli.py", ROOT / "workbench" / "console.py"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _marked() -> dict:
    """msgid (a string, or a (singular, plural) pair) -> where it is, for every _(), ngettext() and N_() string."""
    found = {}
    for source in SOURCES:
        if source.is_dir():
            items = ((str(source / name), line, msg) for name, line, msg, *_ in
                     extract_from_dir(source, keywords=DEFAULT_KEYWORDS))
        else:
            items = ((str(source), line, msg) for line, msg, *_ in extract_from_file("python", source))
        for where, line, message in items:
            found.setdefault(message, f"{where}:{line}")
    return found


def _catalog():
    with open(PO, "rb") as f:
        return read_po(f)


def test_every_message_marked_in_core_has_a_zh_CN_translation():
    catalog = _catalog()
    missing = []
    for message, where in _marked().items():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        strings = () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry is None or entry.fuzzy or not strings or not all(s.strip() for s in strings):
            missing.append(f"{where}: {key!r}")
    assert not missing, "no zh_CN translation (run `make messages`, then translate the .po):\n" + "\n".join(missing)


def test_translations_keep_every_placeholder():
    """A translation that loses or invents a {placeholder} raises (or shows a raw brace) when formatted."""
    for entry in _catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set().union(*(PLACEHOLDER.findall(s) for s in ids))
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) <= wanted, (entry.id, s)
        # A singular without the count ("the image could not be classified") may drop it, as Chinese has one form.
        assert set(PLACEHOLDER.findall(strings[0])) >= set(PLACEHOLDER.findall(ids[-1])) - {"{count}"}, entry.id


def test_the_shipped_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(), use_fuzzy=False)
    assert MO.read_bytes() == compiled.getvalue(), "the .mo is stale: run `make messages`"


@pytest.fixture
def language():
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


def test_set_language_switches_core_messages(language):
    from workbench.core.training.runs import describe_result

    result = {"epoch": 7, "chosen": "best", "metric": "val_loss", "value": 0.12345}
    assert language("zh_CN") == "zh_CN"
    assert describe_result(result) == "第 7 轮，按 val_loss 最好（0.1235）"
    assert language("en") == "en"
    assert describe_result(result) == "epoch 7, the best by val_loss (0.1235)"
    assert language("de_DE") == "en"  # no catalogue: the English source text


def test_catalogue_descriptions_are_translated_where_they_are_shown(language):
    from workbench.core.catalogs.layers import LAYERS
    from workbench.core.catalogs.templates import TEMPLATES
    from workbench.core.catalogs.training import LOSSES

    language("zh_CN")
    assert LOSSES["CrossEntropyLoss"].doc.startswith("Classification")  # the table itself stays English
    assert LOSSES["CrossEntropyLoss"].summary == "直接用原始得分做分类（自带 LogSoftmax）。"
    assert LAYERS["Linear"].param("out_features").help_text.startswith("最后一个 Linear")
    assert LAYERS["ReLU"].summary == "max(0, x)。"
    assert TEMPLATES["pretrained-resnet18"].shown_title == "resnet18（预训练）"
    assert "11.7M" in TEMPLATES["pretrained-resnet18"].shown_description


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),  # any Chinese gets the Simplified Chinese text, as in the window
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL before LANG
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:zh_CN"}, "zh_CN"),  # LANGUAGE first, the first with a catalogue
    ({"LANGUAGE": "zh_CN", "WORKBENCH_LANGUAGE": "en"}, "en"),  # what the window gives its run processes
])
def test_without_set_language_the_environment_decides_as_for_gettext(environ, expected):
    assert i18n.environment_language(environ) == expected


def test_no_module_that_translates_with_underscore_also_assigns_to_it():
    """``x, _ = pair`` in a function makes ``_`` local there: a ``_("...")`` in it then fails at run time."""
    import ast

    bad = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(n, ast.ImportFrom) and n.module == "workbench.core.i18n"
                   and any(a.name == "_" and a.asname is None for a in n.names) for n in ast.walk(tree)):
            continue
        bad += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree)
                if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    assert not bad, "name the unused value instead of assigning to _ (core's translation function):\n" + "\n".join(bad)
