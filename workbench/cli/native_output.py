"""What native libraries print to stderr during a command goes to a log file, not the terminal.

TensorFlow writes its C++ start-up lines before its log settings take effect (``TF_CPP_MIN_LOG_LEVEL``
does not reach them): on a machine without a GPU, every command that trained began with seven lines,
one of them an alarming but harmless ``E0000 ... failed call to cuInit: INTERNAL: CUDA error``. The
window's engine sends them to engine.log; a command sends them to cli.log in the workbench folder (the
last command's). Python's own messages, the ``error:`` line, warnings and tracebacks, still reach the
terminal, and so does Python's report of a crash in native code. ``workbench --verbose COMMAND`` leaves
the terminal as it was.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
from collections.abc import Iterator
from pathlib import Path

LOG_NAME = "cli.log"


@contextlib.contextmanager
def native_output_logged(log_path: Path) -> Iterator[None]:
    """Point file descriptor 2 at ``log_path`` for the duration, and ``sys.stderr`` at the terminal.

    For the command line's own process only: the terminal's descriptor is kept open until the process
    ends, since loggers made meanwhile (TensorFlow's) hold the stream that writes to it.
    """
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(log_path, "wb")  # noqa: SIM115  (its descriptor is copied onto 2 and closed at once)
    except OSError:  # an unwritable folder: the terminal gets everything, as before
        log = None
    if log is None:
        yield
        return
    sys.stderr.flush()
    terminal = os.dup(2)
    with log:
        os.dup2(log.fileno(), 2)
    original, reported_crashes = sys.stderr, faulthandler.is_enabled()
    if _descriptor(original) == 2:  # not when Python's stderr was pointed elsewhere (a file, a test's buffer)
        sys.stderr = open(terminal, "w", encoding=original.encoding, errors=original.errors,  # noqa: SIM115
                          buffering=1, closefd=False)
    faulthandler.enable(terminal)  # a crash in native code still says so, and where
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(terminal, 2)
        sys.stderr = original
        if reported_crashes and _descriptor(original) is not None:
            faulthandler.enable(original)
        else:
            faulthandler.disable()


def _descriptor(stream) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
