"""The window paints before the heavy libraries load: they cost a second of start-up (bench/gui_responsiveness.py)."""

import os
import subprocess
import sys

from tests.helpers import labelled_rows, write_csv

HEAVY = ("pandas", "scipy", "optuna", "tensorflow", "keras")


def test_the_window_and_the_command_that_opens_it_import_none_of_the_heavy_libraries():
    """`workbench` builds its whole parser before it opens the window: pandas imported by a command's module
    took 0.25 s of the first paint."""
    code = ("import sys, workbench.cli, workbench.gui.main_window, workbench.gui.app; workbench.cli.build_parser(); "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []


LAUNCH = """
import gc, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from workbench.cli import main
from workbench.gui import MainWindow
app = QApplication(sys.argv)
from workbench.core import data
order = []
reading = data.read_table
def read_table(*args, **kwargs):  # observed, then done as always
    order.append("read")
    return reading(*args, **kwargs)
data.read_table = read_table
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow) and not order:
            order.append(f"painted, collector on: {gc.isenabled()}")
            obj.dataset_opened.connect(lambda ok: (order.append(f"opened {ok} {obj.data_panel.path.name}, "
                                                                f"collector on: {gc.isenabled()}"),
                                                   print(order, flush=True), obj.close()))
        return False
watch = Watch()
app.installEventFilter(watch)
QTimer.singleShot(60_000, app.quit)
sys.exit(main(["gui", sys.argv[1]]))
"""


def test_launching_on_a_file_paints_the_window_then_reads_the_file(tmp_path):
    """As `workbench gui FILE` does. Python's garbage collector is paused until the first paint (it walked
    start-up's objects, 45-50 ms), and on again after."""
    data_file = write_csv(tmp_path / "reviews.csv", labelled_rows(40))
    out = subprocess.run([sys.executable, "-c", LAUNCH, str(data_file)], capture_output=True, text=True, timeout=180,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == str(["painted, collector on: False", "read",
                                      f"opened True {data_file.name}, collector on: True"]), out.stdout + out.stderr[-2000:]


IDLE_LAUNCH = """
import gc, sys, threading
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from workbench.core.store import RunStore
from workbench.gui import MainWindow
app = QApplication(sys.argv)
at_first_paint = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow) and not at_first_paint:
            at_first_paint.append("pandas" in sys.modules)
        return False
watch = Watch()
app.installEventFilter(watch)
window = MainWindow(store=RunStore(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
def check():
    importing = any(t.name.startswith("workbench-import") for t in threading.enumerate())
    if at_first_paint and "pandas" in sys.modules and not importing:
        print(at_first_paint[0], "pandas" in sys.modules, "plots" in vars(window), window.data_panel.path,
              gc.get_freeze_count() > 10_000, flush=True)
        window.close()
        print(gc.get_freeze_count(), flush=True)
        app.quit()
poll = QTimer(interval=50)
poll.timeout.connect(check)
poll.start()
QTimer.singleShot(20_000, app.quit)  # pandas imports in well under a second
app.exec()
"""


def test_with_no_file_to_read_pandas_is_imported_after_the_first_paint_and_the_panels_built(tmp_path):
    """pandas is imported before a file is opened, so that the first file opens without the window stalling
    while it loads (bench/big_file.py). The objects made by then are out of the garbage collector's walks
    while the window is open, and back after."""
    out = subprocess.run([sys.executable, "-c", IDLE_LAUNCH, str(tmp_path / "home"), str(tmp_path / "s.ini")],
                         capture_output=True, text=True, timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True", "True", "None", "True", "0"], out.stdout + out.stderr[-2000:]


QUICK_CLOSE = """
import sys, threading
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from workbench.core.store import RunStore
from workbench.gui import MainWindow
app = QApplication(sys.argv)
window = MainWindow(store=RunStore(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
def close_once_importing():
    if any(t.name == "workbench-import-" + sys.argv[3] for t in threading.enumerate()):
        poll.stop()
        print("closing", flush=True)  # the import takes some tenths of a second: Python shuts down mid-import
        window.close()
        app.quit()
poll = QTimer(interval=1)
poll.timeout.connect(close_once_importing)
poll.start()
QTimer.singleShot(20_000, app.quit)
app.exec()
"""


def test_closing_the_window_while_pandas_imports_in_the_background_exits_quietly(tmp_path):
    out = subprocess.run([sys.executable, "-X", "faulthandler", "-c", QUICK_CLOSE, str(tmp_path / "home"), str(tmp_path / "s.ini"),
                          "workbench.core.data"],
                         capture_output=True, text=True, timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["closing"], out.stdout + out.stderr[-2000:]
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
