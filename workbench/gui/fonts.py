"""The bundled CJK font, registered as the fallback for every widget and plot.

A fresh Linux machine often has no CJK font, and Qt then draws every Chinese character as a box.
The project ships "Workbench Sans SC" (a subset of Noto Sans CJK SC, see resources/fonts/README.md)
and registers it once per process, as the last family of the application font (what widgets and
pyqtgraph items use) and as a substitute for every installed family (what a font asked for by name
uses), so it is tried for any character the chosen font lacks. A CJK font the system already has
still comes first.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from workbench.bundled import resource

FONT_FILE = "fonts/WorkbenchSansSC-Regular.otf"
_GENERIC_FAMILIES = ("Sans Serif", "sans-serif", "Serif", "serif", "Monospace", "monospace", "Helvetica", "Arial")
_family: str | None = None


def install_cjk_font() -> str | None:
    """Register the bundled font (idempotent; needs a QGuiApplication); its family, None if unreadable."""
    global _family
    if _family is not None:
        return _family
    font_id = QFontDatabase.addApplicationFont(str(resource(FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    _family = families[0]
    for family in {*QFontDatabase.families(), *_GENERIC_FAMILIES} - {_family}:
        QFont.insertSubstitution(family, _family)
    app_font = QFont(QGuiApplication.font())
    app_font.setFamilies([*app_font.families(), _family])
    QGuiApplication.setFont(app_font)
    return _family
