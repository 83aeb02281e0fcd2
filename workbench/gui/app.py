"""Starting the Qt application."""

from __future__ import annotations

import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from workbench.core.samples import default_sample
from workbench.gui.main_window import MainWindow


def run(path: str | None = None, verbose: bool = False) -> int:
    """Open the window on ``path``, or on the default bundled sample; ``verbose`` shows the engine's log."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Text Classification Workbench")
    app.setOrganizationName("workbench")
    window = MainWindow(verbose=verbose)
    window.show()
    # Ctrl+C in the terminal closes the window like File > Quit. Python only sees the signal
    # when it runs, so a timer wakes it a few times a second.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    wake = QTimer(window, interval=250)
    wake.timeout.connect(lambda: None)
    wake.start()
    start = path or window.last_dataset() or default_sample()
    if start:
        window.open_dataset(start)
    return app.exec()
