"""Reading a dataset off the GUI thread, with progress and Cancel.

A file of a million rows takes seconds to read and summarize; on the GUI thread that froze the
window. Here a QThread runs core.data's reading (which reports progress and honours a cancel flag)
and hands back the table and the dataset. One load at a time: a new one cancels the one in flight,
whose late result is dropped. The window keeps showing the previous dataset until the new one is
ready.

Loads asked for while the window is about to paint for the first time start right after that paint:
reading a file, and importing pandas for it, would compete with the first paint for the GIL. With no
file to read then, what reading needs is imported in the background (see ``_import_reading``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QWidget

from workbench.core.errors import LoadCancelled, WorkbenchError
from workbench.gui.background_import import import_in_background

HOLD_AT_MOST_MS = 2000  # a held load waits this long at most for its release
READING_MODULE = "workbench.core.data"  # and pandas with it


def _import_reading() -> None:
    """Import what reading a file needs while the window has nothing to show.

    Imported when the first file opened, pandas held the GIL for up to 25 ms at a time, unmarshalling
    its largest modules, while the window showed the load: gaps of 56-71 ms in its event loop
    (bench/big_file.py). The first file also opens that much sooner.
    """
    import_in_background(READING_MODULE)


class _Load(QThread):
    """One load. Its signals carry the load itself, so the loader can drop a superseded one's news."""

    progressed = Signal(object, float)
    loaded = Signal(object, object, object)  # the load, RawTable, Dataset
    failed = Signal(object, str)  # the load, one sentence

    def __init__(self, path: Path, table: Any = None, columns: tuple[str, str] | None = None,
                 read_large: Callable[[Path, threading.Event], Any] | None = None):
        super().__init__()
        self.path, self.table, self.columns = path, table, columns
        self.read_large = read_large
        self.cancel = threading.Event()

    def run(self) -> None:
        try:  # the import too: a broken pandas is said in one line, not a window left waiting
            from workbench.core.data import (  # pandas: on a thread, not at start-up (see _import_reading)
                build_dataset,
                read_table,
            )

            table = self.table
            if table is None and self.read_large is not None:
                table = self.read_large(self.path, self.cancel)
            if table is None:
                table = read_table(self.path, progress=lambda f: self.progressed.emit(self, 0.8 * f),
                                   cancel=self.cancel)
            text_column, label_column = self.columns or (None, None)
            dataset = build_dataset(table, self.path, text_column, label_column,
                                    progress=lambda f: self.progressed.emit(self, 0.8 + 0.2 * f), cancel=self.cancel)
        except LoadCancelled:  # only ever after the loader has ended this load (cancel, or a newer load)
            pass
        except WorkbenchError as exc:
            self.failed.emit(self, str(exc))
        except Exception as exc:  # a bug: said in one line, the window stays usable
            self.failed.emit(self, self.tr("Reading the file failed unexpectedly ({error}).").format(
                error=f"{type(exc).__name__}: {exc}"))
        else:
            self.loaded.emit(self, table, dataset)


class DatasetLoader(QObject):
    progressed = Signal(float)  # 0..1 of the load in flight
    loaded = Signal(object, object, object)  # path, RawTable, Dataset
    failed = Signal(object, str, bool)  # path, one sentence that says what to do, whether only columns changed
    cancelled = Signal(object)  # path
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # (path, cancel) -> a RawTable of part of a file too large to read whole, or None to read it all;
        # called on the loading thread (gui/streaming.py reads the head of a file it offers to stream).
        self.read_large: Callable[[Path, threading.Event], Any] | None = None
        self._load: _Load | None = None
        self._finished: list[_Load] = []  # cancelled loads still winding down (kept alive until they end)
        self._held_by: QWidget | None = None  # a window starting up: loads wait for its release()
        self._held: _Load | None = None

    def hold_for(self, window: QWidget) -> None:
        """Loads asked for while ``window`` is shown start when it calls ``release`` (once it has painted),
        or HOLD_AT_MOST_MS later (a window that never paints, minimized, holds nothing)."""
        self._held_by = window
        QTimer.singleShot(HOLD_AT_MOST_MS, self.release)

    def release(self) -> None:
        if self._held_by is None:  # released already (HOLD_AT_MOST_MS after a release is a no-op)
            return
        self._held_by = None
        held, self._held = self._held, None
        if held is not None:
            held.start()
        else:
            _import_reading()

    def busy(self) -> bool:
        return self._load is not None

    def load(self, path: Path) -> None:
        """Read ``path`` and give its columns roles (guessed)."""
        self._start(_Load(path, read_large=self.read_large))

    def assign_columns(self, table: Any, path: Path, text_column: str, label_column: str) -> None:
        """Give an already read table other column roles (the summary of a big file takes a while too)."""
        self._start(_Load(path, table, (text_column, label_column)))

    def cancel(self) -> None:
        """End the load in flight now: the window hears nothing more of it. Its thread stops within about
        0.1 s; a result it had already sent (the file was just done) is dropped like a superseded one's."""
        load = self._load
        if load is None:
            return
        load.cancel.set()
        self._forget_held()
        self._end(load)
        self.cancelled.emit(load.path)

    def wait(self, ms: int = 10_000) -> None:
        """Block until every load has ended (closing the window)."""
        for load in [self._load, *self._finished]:
            if load is not None:
                load.cancel.set()
                load.wait(ms)

    def _start(self, load: _Load) -> None:
        if self._load is not None:  # one at a time: the old one is cancelled and its result dropped
            self._load.cancel.set()
        self._load = load
        # Bound methods of this object (it lives on the GUI thread): the results are queued to that thread.
        load.progressed.connect(self._on_progress)
        load.loaded.connect(self._on_loaded)
        load.failed.connect(self._on_failed)
        load.finished.connect(self._on_thread_finished)
        self._forget_held()
        self._finished.append(load)
        self.busy_changed.emit(True)
        if self._held_by is not None and self._held_by.isVisible():
            self._held = load
        else:
            load.start()

    def _forget_held(self) -> None:
        """A held load cancelled or superseded before it began never runs."""
        if self._held is not None:
            self._finished.remove(self._held)
            self._held = None

    def _on_progress(self, load: _Load, fraction: float) -> None:
        if load is self._load:
            self.progressed.emit(fraction)

    def _on_loaded(self, load: _Load, table: Any, dataset: Any) -> None:
        if self._end(load):
            self.loaded.emit(load.path, table, dataset)

    def _on_failed(self, load: _Load, message: str) -> None:
        if self._end(load):
            self.failed.emit(load.path, message, load.table is not None)

    def _end(self, load: _Load) -> bool:
        """True if ``load`` is the current one (which is now over); a superseded load's news is dropped."""
        if load is not self._load:
            return False
        self._load = None
        self.busy_changed.emit(False)
        return True

    def _on_thread_finished(self) -> None:
        load = self.sender()
        if load in self._finished:
            self._finished.remove(load)
        load.deleteLater()
