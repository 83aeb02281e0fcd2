"""Python's cyclic garbage collection, moved onto the GUI thread.

Automatic collection runs on whichever thread happens to allocate, which is mostly the training
thread. When it frees the window's discarded plot items there, Qt objects are deleted off the GUI
thread while that thread paints. The sweep test crashed this way, with a segfault or with
half-deleted pyqtgraph items, in about 1 run in 12. So automatic collection is switched off, and
a timer on the GUI thread collects instead. train() then leaves collection alone too (see
training._train_keras).

pyqtgraph's GarbageCollector does the same on a one-second timer, but it runs a full collection
whenever the third generation's count is over its threshold, regardless of how many long-lived
objects are waiting (CPython checks that ratio). With TensorFlow loaded, that meant a 200 ms
stall every few seconds of training. Here the timer is short (small young collections, as the
automatic collector makes them). A full collection runs when a run has ended (`collect_all`) and
at most once a minute otherwise.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 20
FULL_AT_MOST_EVERY_S = 60.0


class GuiThreadCollector(QObject):
    """Create it on the GUI thread; it switches automatic collection off for the whole process."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._last_full = time.monotonic()
        gc.disable()
        self._timer = QTimer(self, interval=CHECK_EVERY_MS)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        """The young generations as CPython would collect them; the old one rarely (see collect_all)."""
        young, middle, old = gc.get_count()
        first, second, third = self._thresholds
        if young <= first:
            return
        if middle < second:
            gc.collect(0)
        elif old < third or time.monotonic() - self._last_full < FULL_AT_MOST_EVERY_S:
            gc.collect(1)
        else:
            self.collect_all()

    def collect_all(self) -> None:
        """A full collection: what a finished run left behind (its model and traced functions)."""
        gc.collect()
        self._last_full = time.monotonic()

    def freeze_what_lives_now(self) -> None:
        """Keep the objects alive now (after TensorFlow's import: a few hundred thousand) out of every
        later collection, so that a full collection takes milliseconds instead of a few hundred."""
        self.collect_all()
        gc.freeze()
