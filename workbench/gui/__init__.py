"""The Qt layer: a thin view over workbench.core. Nothing here runs TensorFlow on the GUI thread."""

__all__ = ["MainWindow"]


def __getattr__(name: str):
    # Lazy, so that importing one panel does not import the whole window.
    if name == "MainWindow":
        from workbench.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'workbench.gui' has no attribute {name!r}")
