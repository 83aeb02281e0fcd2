"""Small, varied labelled texts for tests: real sentences, not random bytes."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
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
