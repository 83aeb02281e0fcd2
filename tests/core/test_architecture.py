"""The engine is usable without Qt, and loading data never pays for TensorFlow."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import workbench.core as core, workbench.engine as engine
for package in (core, engine):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name != "workbench.engine.__main__":
            importlib.import_module(module.name)
loaded = {name.split(".")[0] for name in sys.modules}
print(sorted(loaded & {"PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6"}))
"""


def test_core_and_engine_import_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout
    assert "workbench.core.vectorize" in subprocess.run(
        [sys.executable, "-c", "import pkgutil, workbench.core as c; "
         "print([m.name for m in pkgutil.walk_packages(c.__path__, 'workbench.core.')])"],
        capture_output=True, text=True, check=True, timeout=120).stdout


def test_loading_a_dataset_does_not_import_tensorflow(tmp_path):
    code = ("import sys; from workbench.cli import main; "
            "from workbench.core.data import load_dataset; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False False"
