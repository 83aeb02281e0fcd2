import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True, scope="session")
def private_qt_settings(tmp_path_factory):
    """QSettings() (the window's default) reads and writes a throw-away folder, never the user's settings."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, folder)
        QSettings.setPath(settings_format, QSettings.Scope.SystemScope, folder)
    QCoreApplication.setOrganizationName("workbench-tests")
