import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from workbench.core.store import RunStore


@pytest.fixture(autouse=True, scope="session")
def private_qt_settings(tmp_path_factory):
    """QSettings() (the window's default) reads and writes a throw-away folder, never the user's settings."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, folder)
        QSettings.setPath(settings_format, QSettings.Scope.SystemScope, folder)
    QCoreApplication.setOrganizationName("workbench-tests")


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Windows with a private store and settings file; fails the test if a window's engine outlives it."""
    windows = []

    from workbench.gui import MainWindow
    from workbench.gui.i18n import install_translations

    def make(language: str = "en"):
        """``language``: as picked in View > Language ("en" unless a test asks; never the machine's locale)."""
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("language", language)
        window = MainWindow(store=RunStore(tmp_path / "home"), settings=settings)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.engine.process is None or not window.engine.process.alive, "the engine outlived its window"
    install_translations("en")  # the translators are the process's: later tests build their widgets in English
