"""Small, varied labelled texts for tests (real sentences, not random bytes), and the command line run
in this process or in a real one."""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

_SUBJECTS = ["The soup", "My parcel", "This kettle", "The waiter", "Our room", "The film", "That phone",
             "The bus driver", "Her novel", "The concert", "His bicycle", "The garden"]
_GOOD = ["was wonderful", "arrived early and intact", "works perfectly", "made our evening",
         "exceeded every expectation", "is a delight to use", "deserves five stars"]
_BAD = ["was cold and bland", "never arrived", "broke after a day", "ruined our evening",
        "was a waste of money", "is painfully slow", "deserves no stars at all"]


def labelled_rows(n: int = 40, labels: tuple[str, str] = ("positive", "negative")) -> list[tuple[str, str]]:
    """n distinct (text, label) pairs, alternating labels, each text unique."""
    rows = []
    for i in range(n):
        good = i % 2 == 0
        phrases = _GOOD if good else _BAD
        text = f"{_SUBJECTS[i % len(_SUBJECTS)]} {phrases[(i // 2) % len(phrases)]}, visit {i}."
        rows.append((text, labels[0] if good else labels[1]))
    return rows


def write_csv(path: Path, rows, header=("text", "label"), delimiter=",", encoding="utf-8", newline="\n") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator=newline)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def cli_stopped_by_ctrl_c(args, at: str, timeout: float = 400) -> list[str]:
    """Run `workbench ARGS`, press Ctrl-C when a line starts with ``at``; its stdout lines (it must exit 130)."""
    process = subprocess.Popen([sys.executable, "-m", "workbench", *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith(at):
                process.send_signal(signal.SIGINT)  # to this process alone, as a terminal's would be
        assert process.wait(timeout=timeout) == 130, process.stderr.read()[-2000:]
    finally:
        process.kill()
        process.wait()
    return lines


def cli(*args: object, cwd: str | os.PathLike | None = None) -> subprocess.CompletedProcess:
    """`workbench ARGS` run in this process: its exit status, stdout and stderr, as ``subprocess.run`` gives them.

    A test worker already holds TensorFlow, so a command costs its own work instead of a new process's
    6 s import. What a terminal would show on stderr is kept: Python warnings (under Python's default
    filters, not pytest's) and anything written to file descriptor 2 (TensorFlow's C++ log), the latter
    ahead of the command's own lines. A command must leave this process as it found it: the Ctrl-C
    handler, the environment and the loggers. Ctrl-C, exit and clean-up, the start-up log and exported
    scripts are still tested in real processes.
    """
    import tensorflow  # noqa: F401  (its first import sets KMP_*, TF2_BEHAVIOR...: not the command's doing)

    from workbench.cli import main

    argv = [str(arg) for arg in args]
    before = _process_state()
    out, err = io.StringIO(), io.StringIO()
    with _native_stderr() as native, contextlib.chdir(cwd or "."), warnings.catch_warnings(), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.filterwarnings("ignore", category=category)  # as in a new interpreter
        warnings.showwarning = _show_warning
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's errors and --help
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:  # as the interpreter does with a message for a code
                print(exc.code, file=sys.stderr)
                code = 1
    after = _process_state()
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
                     and not (key.startswith("logger ") and key not in before)  # a logger made meanwhile is new
                     and key not in _SET_UP_BY_LIBRARIES)
    assert not changed, f"`workbench {' '.join(argv)}` left this process changed: {changed}"
    return subprocess.CompletedProcess(["workbench", *argv], code, out.getvalue(), native.getvalue() + err.getvalue())


_SET_UP_BY_LIBRARIES = {
    "logger absl",  # its level follows absl's --verbosity flag, set once, when TensorFlow first converts to TFLite
}


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """As Python shows a warning, to sys.stderr as it is now (the command's captured stderr)."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def _native_stderr() -> Iterator[io.StringIO]:
    """What this process writes to file descriptor 2 meanwhile (C and C++ code bypass sys.stderr), once done."""
    captured = io.StringIO()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as file:
        saved = os.dup(2)
        os.dup2(file.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            file.seek(0)
            captured.write(file.read().decode(errors="replace"))


def _process_state() -> dict[str, object]:
    """What a command run in this process could leave changed for the tests after it: the Ctrl-C handler,
    each environment variable (as $NAME) and each logger's level and handlers."""
    state: dict[str, object] = {"SIGINT handler": signal.getsignal(signal.SIGINT)}
    state.update((f"${name}", value) for name, value in os.environ.items())
    loggers = {"root": logging.root, **logging.root.manager.loggerDict}
    state.update((f"logger {name}", (logger.level, list(logger.handlers))) for name, logger in loggers.items()
                 if isinstance(logger, logging.Logger))
    return state
