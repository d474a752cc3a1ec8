"""Core's sentences to the user, said in the window's language.

Core words its warnings in English for the command line and the project's
--json, and keeps the template and values of each (`workbench.core.errors.Message`);
the window looks the template up here. A template missing from this table is
shown in English, as the command line says it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Core's templates, word for word (workbench/core/data/datasets.py: DataBundle.warnings), for lupdate.
TEMPLATES = (
    QT_TRANSLATE_NOOP("CoreMessages", "class {name} has no training images ({val} in validation): the model "
                                      "cannot learn it"),
    QT_TRANSLATE_NOOP("CoreMessages", "class {name} has no validation images: its accuracy is not measured"),
    QT_TRANSLATE_NOOP("CoreMessages", "class {name} has only {count} images: too few to learn from or to measure "
                                      "(dozens per class are a start)"),
    QT_TRANSLATE_NOOP("CoreMessages", "class {name} has only {count} image: too few to learn from or to measure "
                                      "(dozens per class are a start)"),
    QT_TRANSLATE_NOOP("CoreMessages", "the validation set ({count} images) is smaller than one batch "
                                      "({batch_size}): its accuracy moves in big steps"),
)


def say(message: str) -> str:
    """``message`` in the window's language when core made it from a template, else as it is."""
    template = getattr(message, "template", None)
    if template is None:
        return message
    return QCoreApplication.translate("CoreMessages", template).format(**message.values)
