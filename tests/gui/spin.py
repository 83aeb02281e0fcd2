"""Let the Qt event loop run for a while, as app.exec() would (QTest.qWait would keep the GIL)."""

from PySide6.QtCore import QEventLoop, QTimer


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
