"""The engine process: TensorFlow runs here, never in the window's process.

The window starts ``python -m workbench.engine`` as a child process and talks to it with
plain-data messages (``protocol``): requests go in on the child's stdin, events and replies
come back on its stdout. ``client.EngineProcess`` starts, watches and ends the child; the
window wraps it in a QThread (``gui/engine_link.py``); ``server`` is the child's side.

Why a process: TensorFlow's import and its training hold Python's GIL for long stretches,
which froze the window and halved training speed while it painted, and a crash in the
engine (out of memory, a segfault) must not take the window down with it. Like the other
engine modules, nothing here imports Qt.
"""
