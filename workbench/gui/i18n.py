"""The window's language: English, or Simplified Chinese through Qt's translation system.

The texts are written in English in the code (``self.tr``, ``QCoreApplication.translate``, and
``QT_TRANSLATE_NOOP`` in core) and translated by ``resources/translations/workbench_zh_CN.qm``,
compiled from the ``.ts`` source by ``scripts/update_translations.py``. Qt's own texts (OK, Cancel,
a line edit's context menu) come from the ``qtbase`` catalogue that PySide6 ships.

The language is chosen once, before the window builds its widgets: the ``language`` setting if the
user picked one in View > Language, else the system locale. Changing it takes effect at the next
start (every widget sets its texts when it is built; retranslating them live would touch them all).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from workbench.bundled import resource
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.run_messages import TEMPLATES

LANGUAGES = {"en": "English", "zh_CN": "中文"}  # each named in its own language, as menus of languages do
SETTING = "language"
_installed: list[QTranslator] = []


def system_language() -> str:
    """Simplified Chinese on a Chinese system that does not write traditional characters, else English."""
    locale = QLocale.system()
    chinese = locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalHanScript
    return "zh_CN" if chinese else "en"


def chosen_language(settings: QSettings) -> str:
    """The language picked in View > Language, or the system's when none was picked."""
    value = str(settings.value(SETTING, "") or "")
    return value if value in LANGUAGES else system_language()


def install_translations(language: str) -> bool:
    """Translate every text shown from now on into ``language`` (replacing an earlier choice).

    False when the catalogue cannot be read: the window then stays in English."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return True
    ours = QTranslator(app)
    if not ours.load(str(resource(f"translations/workbench_{language}.qm"))):
        return False
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _installed.append(qt)
    _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    return True


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate``, by a shorter name that lupdate reads too (for module functions)."""
    return QCoreApplication.translate(context, text)


def translator(context: str) -> Callable[[str], str]:
    """``translate(text)`` in ``context``, for the core's marked texts (QT_TRANSLATE_NOOP in core)."""
    return lambda text: QCoreApplication.translate(context, text)


def setting_text(text: str) -> str:
    """A setting's label, help, group or choice, as declared in core/config.py (and the models' names and
    descriptions in core/models.py); scripts/update_translations.py lists them all for lupdate."""
    return QCoreApplication.translate("Settings", text)


def add_language_menu(menu: QMenu, settings: QSettings, parent: QWidget) -> QMenu:
    """View > Language: English or 中文, remembered in ``settings``; it applies from the next start."""
    languages = menu.addMenu(QCoreApplication.translate("Language", "&Language"))
    languages.setObjectName("languageMenu")
    group = QActionGroup(languages)
    current = chosen_language(settings)
    for code, name in LANGUAGES.items():
        action = QAction(name, languages, checkable=True, checked=code == current)
        action.setObjectName(f"language_{code}")
        action.triggered.connect(lambda _=False, c=code: _choose(c, settings, parent))
        group.addAction(action)
        languages.addAction(action)
    return languages


def _choose(language: str, settings: QSettings, parent: QWidget) -> None:
    previous = chosen_language(settings)
    settings.setValue(SETTING, language)
    settings.sync()
    if language == previous:
        return
    # Said in the language chosen, which the person picking it reads best.
    text = {"en": "The window will be in English the next time the workbench starts.",
            "zh_CN": "下次启动工作台时，窗口将显示为中文。"}[language]
    box = QMessageBox(QMessageBox.Icon.Information, LANGUAGES[language], text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("languageChangedDialog")
    box.open()


STATUSES = {  # a run's status, as the store keeps it (English) and as the window shows it
    "completed": QT_TRANSLATE_NOOP("Status", "completed"),
    "stopped": QT_TRANSLATE_NOOP("Status", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("Status", "diverged"),
    "failed": QT_TRANSLATE_NOOP("Status", "failed"),
    "running": QT_TRANSLATE_NOOP("Status", "running"),
    "interrupted": QT_TRANSLATE_NOOP("Status", "interrupted"),
}


def status_text(status: str) -> str:
    return QCoreApplication.translate("Status", STATUSES.get(status, status))


def core_message(message: str) -> str:
    """A sentence from the core in the window's language: a fixed sentence the core marks with
    ``QT_TRANSLATE_NOOP("CoreMessages", ...)``, or a run's outcome filled in from a template of
    core/run_messages.py; any other sentence (most errors name a file or a value) stays in English."""
    for template, pattern in _TEMPLATE_PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return QCoreApplication.translate("CoreMessages", template).format(**found.groupdict())
    return QCoreApplication.translate("CoreMessages", message) if message else message


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)  # text, name, text, name, ..., text
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)),
                      re.DOTALL)


_TEMPLATE_PATTERNS = [(template, _pattern(template)) for template in TEMPLATES if "{" in template]
