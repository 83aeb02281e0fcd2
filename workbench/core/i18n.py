"""Marking English text for the window's translation, without importing Qt.

The window translates with Qt: ``QCoreApplication.translate(context, text)``. Qt's
``pyside6-lupdate`` finds the texts to translate by reading Python source for calls named
``QT_TRANSLATE_NOOP("Context", "text")`` whose arguments are string literals (adjacent
literals are joined; f-strings and variables are not read). Core must not import Qt, so
this marker does nothing at run time: the engine passes the English text on, and the
window translates that same text in the same context. Numbers are ``{placeholders}``,
filled with ``str.format`` after translation.
"""

from __future__ import annotations

# Languages of the bundled texts (samples, lessons), each named in its own language: never translated.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Return ``text`` unchanged; the call marks it for translation in ``context``."""
    return text
