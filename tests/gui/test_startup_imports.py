"""The window paints before the heavy libraries load: they cost a second of start-up (bench/gui_responsiveness.py)."""

import subprocess
import sys

HEAVY = ("pandas", "scipy", "optuna", "tensorflow", "keras")


def test_the_window_module_imports_none_of_the_heavy_libraries():
    code = ("import sys, workbench.gui.main_window, workbench.gui.app; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []
