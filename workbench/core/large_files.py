"""Files too large to load whole: how large that is, and their first rows.

Light on purpose: the window asks ``is_large_file`` on its own thread whenever a file opens, so this
module imports neither pandas nor the training code (core.streaming, which trains such files, does).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import DatasetError, LoadCancelled

if TYPE_CHECKING:
    from workbench.core.data import RawTable

LARGE_FILE_BYTES = 500 * 1024**2  # above this, the window offers to stream the file
SAMPLE_BYTES = 8 * 1024**2  # the head read to learn a large file's format, and shown of it


def is_large_file(path: str | Path, threshold: int = LARGE_FILE_BYTES) -> bool:
    """Whether a file is big enough that it should be streamed rather than loaded (the window asks)."""
    try:
        return Path(path).stat().st_size > threshold
    except OSError:
        return False


def read_head_table(path: str | Path, sample_bytes: int = SAMPLE_BYTES,
                    cancel: threading.Event | None = None) -> RawTable:
    """The whole rows in the first ``sample_bytes`` of a large file, read as any file is, with the whole
    file's fingerprint: what the window previews and summarizes of a file it offers to stream."""
    from workbench.core.data import (
        read_table,  # pandas: only when a large file is opened
    )

    with as_file(file_head(path, sample_bytes), path) as sample_path:
        table = read_table(sample_path, cancel=cancel)
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(16 * 1024**2):
            if cancel is not None and cancel.is_set():
                raise LoadCancelled()
            digest.update(chunk)
    return dataclasses.replace(table, fingerprint=digest.hexdigest())


def file_head(path: str | Path, sample_bytes: int) -> bytes:
    """The file's first ``sample_bytes``, never a row cut in half."""
    try:
        with open(path, "rb") as f:
            head = f.read(sample_bytes + 1)
    except OSError as exc:
        raise DatasetError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if len(head) > sample_bytes:
        head = head[:head.rfind(b"\n") + 1] or head
    return head


@contextlib.contextmanager
def as_file(content: bytes, like: str | Path) -> Iterator[Path]:
    """``content`` in a temporary file named as ``like`` (its suffix says CSV or TSV)."""
    with tempfile.TemporaryDirectory(prefix="workbench-sample-") as folder:
        path = Path(folder) / Path(like).name
        path.write_bytes(content)
        yield path
