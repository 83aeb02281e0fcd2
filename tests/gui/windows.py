"""Driving the window in tests as a user would, waiting on its signals (never on a clock)."""

from __future__ import annotations

from pathlib import Path

LOAD_TIMEOUT = 60_000


def open_data(qtbot, window, path: str | Path) -> bool:
    """Open a file in the window and wait until it is loaded (True) or refused (False)."""
    with qtbot.waitSignal(window.dataset_opened, timeout=LOAD_TIMEOUT) as opened:
        window.open_dataset(path)
    return opened.args[0]
