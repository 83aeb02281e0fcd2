"""Work done in steps, one per turn of the event loop, so that the window paints and answers between them.

Drawing a stored run's curves costs 10-15 ms of pyqtgraph items; overlaying several runs in one slot
froze the window for 60-120 ms. Split into turns, no single turn is long.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

# Between two steps. A 0 ms timer started in a slot fires in the same pass of the event loop as that
# slot, before the window can paint or answer: a first paint and the step after it made one 85 ms gap.
TURN_MS = 10


class InTurns(QObject):
    """Runs the steps given to ``start`` one per turn of the event loop; a new ``start`` replaces
    the steps left over from the last one (a newer selection makes an older one moot)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: deque[Callable[[], None]] = deque()
        self._timer = QTimer(self, singleShot=True, interval=TURN_MS)
        self._timer.timeout.connect(self._next)

    def start(self, steps: Iterable[Callable[[], None]]) -> None:
        self._steps = deque(steps)
        if self._steps:
            self._timer.start()

    def finish(self) -> None:
        """Run the steps left now (before something that needs their result)."""
        self._timer.stop()
        try:
            while self._steps:
                self._steps.popleft()()
        finally:  # after a step that raised, the rest go on in turns
            if self._steps:
                self._timer.start()

    def pending(self) -> bool:
        return bool(self._steps)

    def _next(self) -> None:
        try:
            if self._steps:
                self._steps.popleft()()
        finally:  # a step that raises is reported (as any slot's error is); the steps after it still run
            if self._steps:
                self._timer.start()
