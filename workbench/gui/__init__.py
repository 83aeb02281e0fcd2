"""The Qt layer: a thin view over workbench.core. Nothing here runs TensorFlow on the GUI thread."""

from workbench.gui.main_window import MainWindow

__all__ = ["MainWindow"]
