"""Starting the Qt application."""

from __future__ import annotations

import signal
import sys

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

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
        # Reading a file (and importing pandas for it) competes with the first paint for the processor
        # and the GIL: the window comes first, the file a moment later.
        _AfterFirstPaint(window, lambda: window.open_dataset(start))
    return app.exec()


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, in the event-loop turn after ``widget`` first paints."""

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False
