"""Importing a large module on a thread of its own, while the window goes on painting and answering.

Imported on the GUI thread when the first file opened, pandas (0.2-0.3 s) froze the window that showed
the file's progress. On a thread, the import gives up the GIL every few milliseconds, so the window's
event loop keeps turning. Code that needs the module meanwhile simply imports it: Python's import lock
makes it wait for the thread's import, as it would have waited for its own.

Only for modules that make no Qt classes: pyqtgraph imported this way, while the window painted,
crashed the process in 2 of 80 launches (PySide6 makes its classes as they are first used, and
pyqtgraph's import makes them all); the window imports it on the GUI thread, with its own modules.
"""

from __future__ import annotations

import importlib
import sys
import threading


def import_in_background(name: str) -> None:
    """Start importing module ``name`` on a thread, unless it is imported already."""
    if name not in sys.modules:
        threading.Thread(target=_import_unless_closing, args=(name,), name=f"workbench-import-{name}").start()


def _import_unless_closing(name: str) -> None:
    """A window closed within a second of opening leaves Python shutting down mid-import, and the import
    may then fail (pandas: no new atexit hooks). Nothing is lost, so no traceback. Any other failure is
    printed, and the code that needs the module reports it when its own import fails the same way."""
    try:
        importlib.import_module(name)
    except Exception:
        if threading.main_thread().is_alive():
            raise
