"""With a window open, Python's garbage is collected on the GUI thread only, never on the training thread."""

import gc
import threading

from PySide6.QtCore import QSettings

from workbench.core.store import RunStore
from workbench.gui import MainWindow


class _Cycle:
    """An object in a reference cycle: only the cyclic collector frees it, on the thread that runs it."""

    freed_on: list[bool] = []

    def __init__(self):
        self.me = self

    def __del__(self):
        _Cycle.freed_on.append(threading.current_thread() is threading.main_thread())


def test_garbage_made_on_another_thread_is_freed_on_the_gui_thread(qtbot, tmp_path):
    window = MainWindow(store=RunStore(tmp_path / "home"),
                        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert not gc.isenabled()  # automatic collection, which runs on whatever thread allocates, is off
    _Cycle.freed_on.clear()

    def make_garbage():  # far more allocations than it takes to trigger an automatic collection
        for _ in range(5000):
            _Cycle()

    other = threading.Thread(target=make_garbage)
    other.start()
    other.join()
    assert _Cycle.freed_on == []  # nothing was collected on the other thread
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) == 5000, timeout=10_000)  # the GUI timer collects
    assert all(_Cycle.freed_on)
    window.close()
