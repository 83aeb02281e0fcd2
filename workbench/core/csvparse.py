"""Parsing a delimited file of any size into string cells, in pieces, on a few threads.

A file is read in pieces of a megabyte that end between rows, each parsed by pandas'
C parser on one of two threads while the next ones are read and hashed. That keeps the
memory of a million-row file near that of one ``pandas.read_csv`` call (the file's
bytes, its text and the table are never held at once), and lets progress advance and
a cancel take effect between pieces. Each piece is parsed as a parse of the whole file
would parse it; when that cannot be guaranteed (a quote that never closes, a first
row that does not fit), the whole file is parsed in one piece instead.
"""

from __future__ import annotations

import codecs
import concurrent.futures
import contextlib
import hashlib
import io
import os
import re
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd

from workbench.core.encodings import Transcoder, utf8_damage
from workbench.core.errors import DatasetError

# Parsed at a time: about 10,000 rows, some milliseconds, the step of progress and cancelling.
# Measured on a million short reviews, pieces of 1 MB cost 10-15% less CPU than pieces of 4 MB
# (the parser's table of the strings it made stays in the cache) and no more than 256 KB ones.
PIECE_BYTES = 1 << 20
MAX_THREADS = 2  # making the string objects holds the GIL, and that is most of a parse

# Reports the fraction done, unless it is lower than one reported before, and raises LoadCancelled
# once the load is cancelled: progress(0.0) only checks for a cancel.
Progress = Callable[[float], None]


@dataclass(frozen=True)
class ParsedCsv:
    frame: pd.DataFrame  # string cells, columns numbered from 0, the first row not yet taken as a header
    malformed_lines: list[int]  # rows skipped for having too many fields, as numbered by pandas
    replaced: int  # characters that could not be decoded and became U+FFFD
    damaged_non_ascii: int  # non-ASCII characters in the UTF-8 pieces that had replaced ones
    first_damage: int | None  # byte offset of the first piece with replaced characters (UTF-8 input)
    fingerprint: str  # sha256 of the file's bytes


def parse_csv(file: BinaryIO, size: int, encoding: str, delimiter: str, width: int | None, name: str,
              progress: Progress) -> ParsedCsv:
    """Parse ``file`` (``size`` bytes in ``encoding``) whose first row has ``width`` fields.

    With ``width=None`` the file is parsed in one piece, exactly as one ``read_csv`` call would.
    """
    with _parser_warnings_recorded():
        if width is not None and width >= 2:
            source = _Source(file, size, encoding, progress, PIECE_BYTES)
            pieces = _parse_pieces(source, delimiter, width, progress)
            if pieces is not None:
                return _joined(pieces, source)
        source = _Source(file, size, encoding, progress, None)
        [(offset, parts, _)] = source  # one piece: the whole file
        try:
            piece = _parse_piece(offset, parts, delimiter, None, True)
        except pd.errors.EmptyDataError:
            raise DatasetError(f"{name} has no rows; choose a file with rows of text and labels.") from None
        except pd.errors.ParserError as exc:
            line = _error_line(str(exc))
            where = f" near line {line}" if line else ""
            raise DatasetError(
                f"{name} cannot be read as a table{where}: a quoted field is probably never closed; "
                "fix that line and try again."
            ) from None
        return _joined([piece], source)


def _error_line(message: str) -> int | None:
    """The line that pandas' error names, numbered as it numbers skipped rows (from 1)."""
    if line := re.search(r"line (\d+)", message):
        return int(line.group(1))
    if row := re.search(r"starting at row (\d+)", message):  # an unclosed quote, counted from 0
        return int(row.group(1)) + 1
    return None


class _Source:
    """The file as UTF-8 pieces that end between rows, hashed and reported as it is read."""

    def __init__(self, file: BinaryIO, size: int, encoding: str, progress: Progress, piece_bytes: int | None):
        self.file, self.size, self.encoding, self.progress = file, size, encoding, progress
        self.piece_bytes = piece_bytes  # None: the whole file as one piece
        self.fingerprint = ""
        self.replaced = 0  # by decoding from another encoding; UTF-8 is checked as it is parsed

    def __iter__(self) -> Iterator[tuple[int, list[bytes], float]]:
        """(offset in the UTF-8 text, piece, share of the file read) triples; for UTF-8 files the
        offset is the file's. A piece comes as the parts it was read in, joined once by its parser.
        Reading is progress only when the file is one piece; pieces are progress once parsed."""
        self.file.seek(0)
        sha = hashlib.sha256()
        # UTF-8 goes to the parser as it is, which decodes it (and finds any stray bytes) anyway.
        transcode = None if self.encoding in ("utf-8", "utf-8-sig") else Transcoder(self.encoding)
        parts: list[bytes] = []  # of the piece being read
        quotes = offset = done = 0  # quote characters in parts; bytes yielded; bytes read
        while raw := self.file.read(self.piece_bytes or PIECE_BYTES):
            sha.update(raw)
            data = transcode(raw) if transcode else raw
            if not done and self.encoding == "utf-8-sig":
                data = data.removeprefix(codecs.BOM_UTF8)
            done += len(raw)
            self.progress(done / max(self.size, 1) if self.piece_bytes is None else 0.0)
            cut = 0 if self.piece_bytes is None else _row_end(data, quotes)
            if not cut:
                parts.append(data)
                quotes += data.count(b'"')
                continue
            piece = [*parts, memoryview(data)[:cut]]
            yield offset, piece, done / max(self.size, 1)
            offset += sum(map(len, piece))
            parts, quotes = [data[cut:]], data.count(b'"', cut)
        if transcode:
            parts.append(transcode(b"", final=True))
        self.fingerprint = sha.hexdigest()
        self.replaced = transcode.replaced if transcode else 0
        if self.piece_bytes is None or any(parts):
            yield offset, parts, 1.0


def _row_end(data: bytes, quotes_before: int) -> int:
    """Where a piece can end in ``data``: after its last line break outside quotes, or 0.

    A line break is outside quotes when an even number of quote characters precede it in the
    piece (``quotes_before`` of them before ``data``), which holds for every CSV writer: a
    quote inside a quoted field is doubled. A file that breaks that rule makes a piece end
    inside a quoted field, which its parse reports as an error.
    """
    if b'"' not in data and quotes_before % 2 == 0:
        return data.rfind(b"\n") + 1
    quotes, end = quotes_before + data.count(b'"'), len(data)
    while (line_break := data.rfind(b"\n", 0, end)) >= 0:
        quotes -= data.count(b'"', line_break + 1, end)  # now: the quotes before line_break
        if quotes % 2 == 0:
            return line_break + 1
        end = line_break
    return 0


@dataclass(frozen=True)
class _Piece:
    offset: int
    frame: pd.DataFrame
    malformed: list[int]  # line numbers in the piece, its own first line being 1
    lines: int | None  # lines in the piece as pandas counts them (None for a whole file)
    replaced: int
    non_ascii: int  # counted only when some were replaced


def _parse_pieces(source: _Source, delimiter: str, width: int, progress: Progress) -> list[_Piece] | None:
    """The pieces parsed on threads, in order; None if they cannot stand for a parse of the whole file."""
    workers = max(1, min(MAX_THREADS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else os.cpu_count() or 1))
    pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="workbench-parse")
    pieces: list[_Piece] = []
    pending: deque[tuple[concurrent.futures.Future, float]] = deque()
    try:
        for index, (offset, parts, done) in enumerate(source):
            pending.append((pool.submit(_parse_piece, offset, parts, delimiter, width, index == 0), done))
            while len(pending) > 2 * workers:  # a bounded number of pieces in memory
                pieces.append(_result(*pending.popleft(), progress))
        while pending:
            pieces.append(_result(*pending.popleft(), progress))
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if any(piece.frame.shape[1] != width for piece in pieces):
        return None
    return pieces


def _result(future: concurrent.futures.Future, done: float, progress: Progress) -> _Piece:
    while True:
        try:
            piece = future.result(timeout=0.05)
        except concurrent.futures.TimeoutError:
            progress(0.0)
        else:
            progress(done)
            return piece


def _parse_piece(offset: int, parts: list[bytes], delimiter: str, width: int | None, first: bool) -> _Piece:
    """Parse one piece: a whole file (``width=None``), or one of the pieces of a file whose first
    row has ``width`` fields.

    Such a piece is framed by two made-up rows. Unless it starts the file, a first row of
    ``width`` empty fields holds its rows to the file's first row, as in a parse of the whole
    file. A last row with one field too many is skipped as malformed, and its number tells how
    many lines pandas counted before it (blank lines count, line breaks inside quotes do not).
    """
    before = b"" if first or width is None else (delimiter * (width - 1) + "\n").encode()
    after = b"" if width is None else (delimiter * width + "\n").encode()
    last = next((bytes(part[-1:]) for part in reversed(parts) if len(part)), b"\n")
    if after and last not in (b"\n", b"\r"):
        after = b"\n" + after
    framed = b"".join([before, *parts, after])
    replaced = non_ascii = 0
    try:
        frame, malformed = _read_csv(framed, delimiter)
    except UnicodeDecodeError:  # stray bytes in UTF-8: parse the piece again with them replaced
        text, replaced, non_ascii = utf8_damage(framed[len(before): len(framed) - len(after)])
        frame, malformed = _read_csv(before + text.encode("utf-8") + after, delimiter)
    if width is None:
        return _Piece(offset, frame, malformed, None, replaced, non_ascii)
    if not malformed:  # the last row was not skipped: the first row does not have ``width`` fields
        raise pd.errors.ParserError("a piece does not fit the file's first row")
    *malformed, end = malformed
    if before:
        frame = frame.iloc[1:]
        malformed, end = [line - 1 for line in malformed], end - 1
    return _Piece(offset, frame, malformed, end - 1, replaced, non_ascii)


def _read_csv(data: bytes, delimiter: str) -> tuple[pd.DataFrame, list[int]]:
    """String cells (with na_filter off, missing fields are "" too) and the skipped lines."""
    _recorded.lines = malformed = []
    try:
        frame = pd.read_csv(
            io.BytesIO(data), sep=delimiter, header=None, dtype=object, keep_default_na=False,
            na_filter=False, on_bad_lines="warn", skip_blank_lines=True, engine="c", low_memory=False,
        )  # low_memory splits a parse into chunks, which a piece already is
    finally:
        _recorded.lines = None
    return frame, malformed


def _joined(pieces: list[_Piece], source: _Source) -> ParsedCsv:
    frame = pieces[0].frame if len(pieces) == 1 else pd.concat([p.frame for p in pieces], ignore_index=True)
    malformed: list[int] = []
    lines_before = 0
    for piece in pieces:
        malformed += [lines_before + line for line in piece.malformed]
        lines_before += piece.lines or 0
    damaged = [p.offset for p in pieces if p.replaced]
    return ParsedCsv(frame, malformed, source.replaced + sum(p.replaced for p in pieces),
                     sum(p.non_ascii for p in pieces), damaged[0] if damaged else None, source.fingerprint)


# --- the parser's warnings about skipped rows, per thread ---------------------------------------


_recorded = threading.local()  # .lines: where the parse on this thread records skipped rows


@contextlib.contextmanager
def _parser_warnings_recorded() -> Iterator[None]:
    """Route pandas' "Skipping line N" warnings to the thread whose parse emitted them.

    Warnings are process-wide: while a file is parsed, other threads' warnings go on to be
    shown as before, but two files parsed at once on two threads could restore each other's
    settings out of order (the window loads one file at a time).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("always", pd.errors.ParserWarning)
        show = warnings.showwarning

        def record(message, category, filename, lineno, file=None, line=None):
            lines = getattr(_recorded, "lines", None)
            if lines is not None and issubclass(category, pd.errors.ParserWarning):
                lines += [int(n) for n in re.findall(r"Skipping line (\d+)", str(message))]
            else:
                show(message, category, filename, lineno, file, line)

        warnings.showwarning = record
        yield
