"""Starting the Qt application."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from workbench.core.samples import default_sample
from workbench.gui.main_window import MainWindow


def run(path: str | None = None) -> int:
    """Open the window on ``path``, or on the default bundled sample."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Text Classification Workbench")
    app.setOrganizationName("workbench")
    window = MainWindow()
    window.show()
    start = path or default_sample()
    if start:
        window.open_dataset(start)
    return app.exec()
