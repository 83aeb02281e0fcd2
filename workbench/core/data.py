"""Reading a user's CSV/TSV file into texts and labels, and splitting it.

Real files come from Excel on Chinese Windows (GBK), European locales
(semicolons), with byte-order marks, quoted multi-line fields, empty cells and
extra columns. Everything here either copes or raises ``DatasetError`` with one
sentence that tells the user what to do.
"""

from __future__ import annotations

import concurrent.futures
import csv
import functools
import gc
import hashlib
import io
import itertools
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.csvparse import parse_csv
from workbench.core.encodings import (
    LEGACY_SAMPLE_BYTES,
    decode_head,
    detect_encoding,
    detect_legacy_encoding,
    is_mostly_utf8,
)
from workbench.core.errors import DatasetError, LoadCancelled
from workbench.core.text import clean_text, detect_language, tokenize

DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MIN_ROWS = 20  # below this a train/validation/test split says nothing
# Statistics that need per-row Python work (token counts, guessing the text column) look at
# evenly spaced rows, this many or a few more; smaller files are looked at whole.
SAMPLE_ROWS = 10_000
# Token counts (a tokenizer call per row) look at fewer: their median and 95th percentile from
# 2,000 evenly spaced rows are within 1-2% of the whole file's on the samples and the public sets
# we tried (AG News, SMS spam, THUCNews titles, ChnSentiCorp), and cost 25 ms instead of 120 ms on a million rows, a tenth of a load.
TOKEN_SAMPLE_ROWS = 2_000
ID_LIKE_RATIO = 0.9  # distinct labels per row above which a "label" column is an ID or free text
HEAD_BYTES = 1 << 20  # read first, to judge the encoding, the delimiter and the first row
PROGRESS_INTERVAL = 0.2  # seconds between two progress reports
READ_SHARE = 0.85  # of load_dataset's progress, the part spent reading (the rest: the summary)
_TEXT_NAMES = {"text", "texts", "sentence", "review", "content", "message", "body", "comment",
               "document", "title", "tweet", "utterance", "question", "文本", "内容", "评论", "句子", "标题"}
_LABEL_NAMES = {"label", "labels", "class", "category", "sentiment", "target", "tag", "topic",
                "intent", "y", "标签", "类别", "分类", "情感"}
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?%?")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class LengthStats:
    min: int
    median: float
    mean: float
    p95: float
    max: int

    @classmethod
    def of(cls, lengths: np.ndarray) -> LengthStats:
        """Of non-negative integers. Quantiles as numpy's (linear) from counts per length, which costs
        a tenth of sorting a million lengths."""
        at_most = np.cumsum(np.bincount(lengths))  # at_most[v]: how many lengths are <= v

        def quantile(q: float) -> float:
            position = (len(lengths) - 1) * q
            below = int(position)
            low, high = np.searchsorted(at_most, [below, min(below + 1, len(lengths) - 1)], side="right")
            return float(low + (high - low) * (position - below))

        return cls(int(np.searchsorted(at_most, 0, side="right")), quantile(0.5), round(float(lengths.mean()), 1),
                   quantile(0.95), len(at_most) - 1)


@dataclass(frozen=True)
class DatasetSummary:
    """Everything the user should know about a file before training on it."""

    path: str
    fingerprint: str  # sha256 of the file's bytes
    rows: int  # usable rows
    dropped_rows: int
    dropped_empty_text: int
    dropped_empty_label: int
    malformed_rows: int  # skipped because they had too many fields
    malformed_lines: list[int]  # the first few, as numbered by the parser
    encoding: str
    replaced_characters: int  # undecodable byte sequences, read as U+FFFD
    delimiter: str  # "comma", "semicolon", "tab" or "pipe"
    has_header: bool
    columns: list[str]
    text_column: str
    label_column: str
    classes: dict[str, int]  # label -> rows, most frequent first
    language: str  # "zh", "ja", "ko", "en" or "other"
    is_cjk: bool
    chars: LengthStats
    tokens: LengthStats  # of the texts in an evenly spaced sample of tokens_counted_in rows (all, up to 2,000)
    tokens_counted_in: int
    duplicate_texts: int  # rows whose text already appeared above
    conflicting_texts: int  # distinct texts that appear with more than one label
    conflicting_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Dataset:
    """Usable rows (columns ``text`` and ``label``, both strings) and their summary."""

    frame: pd.DataFrame
    summary: DatasetSummary

    @property
    def texts(self) -> list[str]:
        return self.frame["text"].tolist()

    @property
    def labels(self) -> list[str]:
        return self.frame["label"].tolist()

    @property
    def class_names(self) -> list[str]:
        return sorted(self.summary.classes)


@dataclass(frozen=True)
class RawTable:
    """A file parsed into string cells, before any column has a role."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    has_header: bool
    malformed_lines: list[int]
    fingerprint: str
    replaced_characters: int  # undecodable byte sequences, read as U+FFFD


# --- reading ------------------------------------------------------------------------


class _LoadProgress:
    """One load's progress reports (throttled, never going back, the last one 1.0) and cancel check."""

    def __init__(self, callback: Callable[[float], None] | None, cancel: threading.Event | None) -> None:
        self._callback, self._cancel = callback, cancel
        self._last, self._when = 0.0, time.monotonic()

    def part(self, start: float, end: float) -> Callable[[float], None]:
        """A reporter of the fraction done of the part [start, end] of the whole load."""
        return lambda fraction: self._at(start + (end - start) * min(max(fraction, 0.0), 1.0))

    def _at(self, value: float) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise LoadCancelled("Loading the file was cancelled; open it again to load it.")
        now = time.monotonic()
        if self._callback is not None and value > self._last and now - self._when >= PROGRESS_INTERVAL:
            self._last, self._when = value, now
            self._callback(value)

    def done(self) -> None:
        if self._callback is not None:
            self._callback(1.0)


def _without_automatic_collection(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``function`` with Python's automatic garbage collection paused (restored after, as it was).

    A load makes no reference cycles, but numpy arrays of a million cells are containers, and every
    automatic collection walks them: 141 collections, 50-75 ms of a 1.3 s load of a million rows.
    """
    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_automatic_collection
def read_table(
    path: str | Path,
    header_like: list[str] | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> RawTable:
    """Read a delimited text file of unknown encoding, delimiter and header.

    With ``header_like``, the first row is a header only if it repeats those names
    (a test file written like the training file); otherwise the header is guessed.
    ``progress`` receives the fraction done (0 to 1) a few times a second, from the
    calling thread; when ``cancel`` is set, ``LoadCancelled`` is raised within about 0.1 s.
    """
    steps = _LoadProgress(progress, cancel)
    table = _read_table(Path(path), header_like, steps.part(0.0, 1.0))
    steps.done()
    return table


def _read_table(path: Path, header_like: list[str] | None, progress: Callable[[float], None]) -> RawTable:
    with reading(path):
        file = open(path, "rb")
    empty = f"{path.name} is empty; choose a file with a header and rows of text and labels."
    with file:
        try:
            size = os.fstat(file.fileno()).st_size
            head = file.read(HEAD_BYTES)
            complete = len(head) < HEAD_BYTES
            if complete and not head.strip():
                raise DatasetError(empty)
            encoding = detect_encoding(head, path.name, complete)
            head_text = decode_head(head, encoding, complete)
            if complete and not head_text.strip():
                raise DatasetError(empty)
            whole_rows = head_text if complete else head_text[: head_text.rfind("\n") + 1]
            delimiter = sniff_delimiter(whole_rows, prefer_tab=path.suffix.lower() in (".tsv", ".tab"))

            def parsing(fraction: float) -> None:  # the rest is for the header and the first row
                progress(0.9 * fraction)

            parsed = parse_csv(file, size, encoding, delimiter, path.name, parsing)
            if encoding == "utf-8" and not is_mostly_utf8(parsed.replaced, parsed.damaged_non_ascii):
                # The start of the file looked like UTF-8 and the rest is not: judge the rest.
                file.seek(parsed.first_damage or 0)
                encoding = detect_legacy_encoding(file.read(LEGACY_SAMPLE_BYTES))
                parsed = parse_csv(file, size, encoding, delimiter, path.name, parsing)
        except OSError as exc:
            raise DatasetError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    frame, has_header = _apply_header(parsed.frame, header_like)
    if frame.empty:
        raise DatasetError(f"{path.name} has a header but no rows; add rows of text and labels.")
    progress(1.0)
    return RawTable(frame, encoding, DELIMITERS[delimiter], has_header, parsed.malformed_lines,
                    parsed.fingerprint, parsed.replaced)


@contextmanager
def reading(path: Path, kind: str = "a CSV or TSV file") -> Iterator[None]:
    """Turn the errors of reading ``path`` into a DatasetError that says what to do (``kind``: the file wanted)."""
    try:
        yield
    except FileNotFoundError:
        raise DatasetError(f"No file at {path}; check the path and try again.") from None
    except IsADirectoryError:
        raise DatasetError(f"{path} is a folder; choose {kind} inside it.") from None
    except OSError as exc:
        raise DatasetError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def read_text(path: Path, wanted: str) -> tuple[str, str, str]:
    """A whole (small) file decoded as ``read_table`` would: (text, encoding, sha256 of the bytes).

    ``wanted`` says what an empty file lacks. For files of texts that are not tables.
    """
    with reading(path):
        raw = path.read_bytes()
    empty = f"{path.name} is empty; choose a file with {wanted}."
    if not raw.strip():
        raise DatasetError(empty)
    encoding = detect_encoding(raw, path.name, complete=True)
    text = decode_head(raw, encoding, complete=True)
    if not text.strip():
        raise DatasetError(empty)
    return text, encoding, hashlib.sha256(raw).hexdigest()


def sniff_delimiter(text: str, prefer_tab: bool = False) -> str:
    """Pick the delimiter that splits the first rows into the most consistent columns.

    Rows are read with the csv module, so quoted fields with commas and line
    breaks count as one field.
    """
    delimiter = _best_delimiter(text, prefer_tab)
    if delimiter is None:
        raise DatasetError(
            "Found only one column; a dataset needs a text column and a label column "
            "separated by commas, semicolons, tabs or | characters."
        )
    return delimiter


def _best_delimiter(text: str, prefer_tab: bool) -> str | None:
    """``sniff_delimiter``'s choice, or None when no delimiter gives two or more columns."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # never judge a row cut in half
    candidates = ["\t", ",", ";", "|"] if prefer_tab else [",", ";", "\t", "|"]
    best: tuple[float, int, str] | None = None
    for rank, delimiter in enumerate(candidates):
        try:
            rows = [r for r in itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 200) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        width, count = Counter(len(r) for r in rows).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(rows), -rank, delimiter)
        if best is None or score > best:
            best = score
    return None if best is None else best[2]


def _apply_header(frame: pd.DataFrame, header_like: list[str] | None) -> tuple[pd.DataFrame, bool]:
    """Decide whether the first row names the columns, and use it if so."""
    first = [str(v).strip() for v in frame.iloc[0]]
    rest = frame.iloc[1:]
    if header_like is not None:
        is_header = [v.casefold() for v in first] == [str(v).casefold() for v in header_like]
    else:
        known_name = bool({v.casefold() for v in first} & (_TEXT_NAMES | _LABEL_NAMES))
        is_header = known_name or not (
            any(v == "" for v in first)
            or len(set(first)) < len(first)
            or any(len(v) > 60 for v in first)
            or any(_NUMBER.fullmatch(v) for v in first)
            or _appears_below(rest, first)
        )
    if is_header:
        return rest.reset_index(drop=True).set_axis(_unique_names(first), axis=1), True
    return frame.set_axis([f"column {i + 1}" for i in range(frame.shape[1])], axis=1), False


def _appears_below(rest: pd.DataFrame, first: list[str]) -> bool:
    """Whether a cell of the first row appears again in its column, white space aside: then the row is data.

    Cells equal as they are, found without stripping, settle most files (a label repeats): stripping a
    column costs about 60 ms per million rows. A cell equal as it is is equal stripped too.
    """
    pairs = list(zip(rest.columns, first))
    return (any((rest[c] == v).any() for c, v in pairs)
            or any((_stripped(rest[c]) == v).any() for c, v in pairs))


def _unique_names(names: list[str]) -> list[str]:
    """Header names that pick one column each: a blank one is numbered, a repeated one gets (2), (3)…"""
    unique: list[str] = []
    for i, name in enumerate(names):
        name = name or f"column {i + 1}"
        candidate, n = name, 1
        while candidate in unique:
            n += 1
            candidate = f"{name} ({n})"
        unique.append(candidate)
    return unique


# --- column roles -------------------------------------------------------------------


def guess_text_column(frame: pd.DataFrame) -> str:
    """The column of free text: long, varied values with letters in them (judged on a sample)."""
    sample = frame.iloc[_sample_rows(len(frame))]
    scores = {c: _text_score(sample[c]) for c in frame.columns}
    named = [c for c in frame.columns if str(c).casefold() in _TEXT_NAMES and scores[c] > 0]
    if named:
        return named[0]
    column, score = max(scores.items(), key=lambda item: item[1])
    if score <= 0:
        raise DatasetError(
            "No column looks like free text (they hold numbers or short codes); "
            "choose the text column by name."
        )
    return column


def _text_score(column: pd.Series) -> float:
    values = [v for v in column.to_numpy() if v.strip()]
    if not values:
        return 0.0
    numbers = sum(1 for v in values if _NUMBER.fullmatch(v))
    letters = sum(1 for v in values if _LETTER.search(v))
    if numbers > 0.5 * len(values) or letters < 0.5 * len(values):
        return 0.0
    mean_length = sum(map(len, values)) / len(values)
    if mean_length < 2:
        return 0.0
    return mean_length * (0.5 + len(set(values)) / len(values))


def guess_label_column(frame: pd.DataFrame, text_column: str) -> str:
    """The label column: a name that says so, else the fewest distinct values (at least 2)."""
    others = [c for c in frame.columns if c != text_column]
    if not others:
        raise DatasetError("The file has only a text column; add a column with the label of each text.")
    named = [c for c in others if str(c).casefold() in _LABEL_NAMES]
    if named:
        return named[0]
    # A sample has at most as many distinct values as the column: columns are counted whole in
    # the order of their sample's count, until no other column can have fewer.
    sample = frame.iloc[_sample_rows(len(frame))]
    at_least = {c: _distinct_filled(sample[c]) for c in others}
    best: tuple[int, int, str] | None = None  # (distinct values, -position, column)
    for c in sorted(others, key=at_least.__getitem__):
        if best is not None and at_least[c] > best[0]:
            break
        distinct = _distinct_filled(frame[c]) if len(sample) < len(frame) else at_least[c]
        if distinct >= 2 and (best is None or (distinct, -others.index(c)) < best[:2]):
            best = (distinct, -others.index(c), c)
    return best[2] if best else others[-1]  # with no usable column, the class check says "fewer than 2"


def _distinct_filled(column: pd.Series) -> int:
    """Distinct values among the cells that are not blank."""
    return sum(1 for value in pd.unique(column.to_numpy()) if value.strip())


def _sample_rows(rows: int, wanted: int = SAMPLE_ROWS) -> slice:
    """Evenly spaced rows, ``wanted`` or a few more; all of them when there are not more."""
    return slice(None, None, max(1, rows // wanted))


def _stripped(column: pd.Series) -> np.ndarray:
    """The cells without surrounding white space, as an array of str (Series.str costs 5x more)."""
    return _per_row(str.strip, column.to_numpy(dtype=object), dtype=object)


ROWS_PER_STEP = 100_000  # rows per step of a C loop over every row (about 10 ms), see _per_row


def _per_row(function: Callable[[Any], Any], items: np.ndarray, dtype: Any = np.int64) -> np.ndarray:
    """``function`` of every item, filled into one array by a C loop that offers the GIL between steps.

    A C loop over a million rows (numpy.fromiter over map) holds the GIL for 50-100 ms; the window
    reads files on a thread, so its event loop would stall that long. Between two steps of
    ROWS_PER_STEP rows, the generator below runs as Python and sleeps, which lets a waiting thread in.
    """
    def steps() -> Iterator[Iterator[Any]]:
        for start in range(0, len(items), ROWS_PER_STEP):
            if start:
                time.sleep(0)  # releases the GIL: a thread waiting for it (the window's) runs now
            yield map(function, items[start:start + ROWS_PER_STEP])

    return np.fromiter(itertools.chain.from_iterable(steps()), dtype=dtype, count=len(items))


BLOCK_ROWS = 10_000  # rows per block of _texts_hashes_lengths: about 1.5 MB of short texts, within the CPU's cache


def _texts_hashes_lengths(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells without surrounding white space, their hashes and their lengths, a block of rows at a time.

    Three passes over a whole column of a million strings each fetch every string from memory;
    done per block, the second and third find them in the cache (on a million short reviews, 5 fresh
    processes each: medians 147 ms against 177 ms for three whole passes). A GIL-holding C loop runs
    for about 1.5 ms per block, then the window's thread may run (see ``_per_row``).
    """
    cells = column.to_numpy(dtype=object)
    texts = np.empty(len(cells), dtype=object)
    hashes = np.empty(len(cells), dtype=np.int64)
    lengths = np.empty(len(cells), dtype=np.int64)
    for start in range(0, len(cells), BLOCK_ROWS):
        if start:
            time.sleep(0)  # releases the GIL: a thread waiting for it (the window's) runs now
        block = slice(start, start + BLOCK_ROWS)
        part = cells[block]
        stripped = np.fromiter(map(str.strip, part), dtype=object, count=len(part))
        texts[block] = stripped
        hashes[block] = np.fromiter(map(hash, stripped), dtype=np.int64, count=len(stripped))
        lengths[block] = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
    return texts, hashes, lengths


def _resolve_column(frame: pd.DataFrame, name: str, role: str) -> str:
    if name in frame.columns:
        return name
    folded = {str(c).casefold(): c for c in frame.columns}
    if name.casefold() in folded:
        return folded[name.casefold()]
    if name.isdigit() and 1 <= int(name) <= frame.shape[1]:
        return frame.columns[int(name) - 1]
    listing = ", ".join(repr(str(c)) for c in frame.columns)
    raise DatasetError(f"No column named {name!r} for the {role}; the columns are {listing}.")


# --- the dataset --------------------------------------------------------------------


@_without_automatic_collection
def load_dataset(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    min_rows: int = MIN_ROWS,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> Dataset:
    """Read, validate and summarize a file of labelled texts.

    ``progress`` and ``cancel`` work as for ``read_table``, over the whole load.
    """
    steps = _LoadProgress(progress, cancel)
    table = _read_table(Path(path), None, steps.part(0.0, READ_SHARE))
    dataset = _build_dataset(table, path, text_column, label_column, min_rows, steps.part(READ_SHARE, 1.0))
    steps.done()
    return dataset


@_without_automatic_collection
def build_dataset(
    table: RawTable,
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    min_rows: int | None = MIN_ROWS,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> Dataset:
    """Give columns their roles in an already-read table (the window re-uses it when columns change).

    ``min_rows=None`` marks a companion (validation or test) file: any rows and classes will do.
    ``progress`` and ``cancel`` work as for ``read_table``.
    """
    steps = _LoadProgress(progress, cancel)
    dataset = _build_dataset(table, path, text_column, label_column, min_rows, steps.part(0.0, 1.0))
    steps.done()
    return dataset


def _build_dataset(
    table: RawTable,
    path: str | Path,
    text_column: str | None,
    label_column: str | None,
    min_rows: int | None,
    progress: Callable[[float], None],
) -> Dataset:
    path = Path(path)
    frame = table.frame
    text_col = _resolve_column(frame, text_column, "text") if text_column else guess_text_column(frame)
    if label_column:
        label_col = _resolve_column(frame, label_column, "labels")
    else:
        label_col = guess_label_column(frame, text_col)
    if label_col == text_col:
        raise DatasetError(f"The text and the label column are both {text_col!r}; choose two different columns.")
    progress(0.1)  # each step takes at most a few tenths of a second on a million rows

    texts, hashes, lengths = _texts_hashes_lengths(frame[text_col])
    shared_hash = _rows_sharing_a_hash(hashes)  # on a thread, while the steps below run
    progress(0.25)
    codes, names = _label_codes(frame[label_col])
    progress(0.3)
    empty_text = lengths == 0
    empty_label = np.isin(codes, np.flatnonzero(names == "")) & ~empty_text
    keep = ~(empty_text | empty_label)
    if not keep.all():
        texts, codes, lengths = texts[keep], codes[keep], lengths[keep]
    data = pd.DataFrame({"text": texts, "label": names[codes]}, dtype=object, copy=False)
    progress(0.4)

    # As value_counts() orders them: by rows, ties in order of first appearance.
    first_seen = pd.unique(codes)
    classes = pd.Series(np.bincount(codes, minlength=len(names))[first_seen], index=names[first_seen])
    classes = classes.sort_values(ascending=False, kind="stable")
    _validate(path.name, label_col, min_rows, len(data), classes)
    report = detect_language(texts)
    progress(0.45)
    # Counted as the default preprocessing sees them (CJK characters count one each), on an
    # evenly spaced sample: tokenizing every row of a 100,000-row file would cost seconds.
    sampled = texts[_sample_rows(len(texts), TOKEN_SAMPLE_ROWS)]
    token_counts = np.fromiter((len(tokenize(clean_text(t))) for t in sampled), dtype=np.int64, count=len(sampled))
    progress(0.7)
    duplicates, conflicting = _repeats(data, shared_hash.result()[keep])
    progress(0.95)
    summary = DatasetSummary(
        path=str(path),
        fingerprint=table.fingerprint,
        rows=len(data),
        dropped_rows=int(empty_text.sum() + empty_label.sum()) + len(table.malformed_lines),
        dropped_empty_text=int(empty_text.sum()),
        dropped_empty_label=int(empty_label.sum()),
        malformed_rows=len(table.malformed_lines),
        malformed_lines=table.malformed_lines[:10],
        encoding=table.encoding,
        replaced_characters=table.replaced_characters,
        delimiter=table.delimiter,
        has_header=table.has_header,
        columns=[str(c) for c in frame.columns],
        text_column=str(text_col),
        label_column=str(label_col),
        classes={str(k): int(v) for k, v in classes.items()},
        language=report.language,
        is_cjk=report.is_cjk,
        chars=LengthStats.of(lengths),
        tokens=LengthStats.of(token_counts),
        tokens_counted_in=len(sampled),
        duplicate_texts=duplicates,
        conflicting_texts=len(conflicting),
        conflicting_examples=[t[:80] for t in conflicting[:5]],
    )
    return Dataset(data, summary)


def _label_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, names): the cells of a column of few distinct values as indices into their
    distinct values without surrounding white space (each one stripped once, not each cell).

    pandas' parser makes a cell that repeats within a chunk of rows once, so a label column holds
    few distinct string objects: the cells are told apart by the objects' addresses first (a table
    of integers: 5 ms on a million rows, against 30-50 ms for a table of strings), then those few
    objects by their text.
    """
    cells = np.ascontiguousarray(column.to_numpy(dtype=object))
    addresses = np.frombuffer(cells, dtype=np.intp)  # the array holds the objects: no two share one
    by_object, distinct = pd.factorize(addresses)
    first = np.empty(len(distinct), dtype=np.intp)
    first[by_object[::-1]] = np.arange(len(cells) - 1, -1, -1)  # the last write, the first row, wins
    merged, names = pd.factorize(_per_row(str.strip, cells[first], dtype=object))  # " a" and "a" are one label
    return merged[by_object], names.astype(object)


def _rows_sharing_a_hash(hashes: np.ndarray) -> concurrent.futures.Future[np.ndarray]:
    """Which rows' texts have a hash that another row's text has too (a mask), for ``_repeats``.

    The hashes are Python's (``_texts_hashes_lengths``). Finding those shared is pandas' table of
    integers, which mostly lets go of the GIL, so it runs on a thread beside the summary's next steps:
    about 60 ms on a million rows, most of it hidden behind them on two cores (counting the hashes per
    bucket of their low bits, then sorting the shared ones, took 130-160 ms in a fresh process).
    """
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="workbench-repeats")
    try:
        return pool.submit(lambda: pd.Series(hashes, copy=False).duplicated(keep=False).to_numpy())
    finally:
        pool.shutdown(wait=False)  # the thread ends once the task is done


def _repeats(data: pd.DataFrame, shared_hash: np.ndarray) -> tuple[int, list[str]]:
    """Rows whose text appeared above, and the texts that appear with more than one label.

    Exact, and fast on a million rows: a text whose hash is unique cannot repeat, so only the rows
    that share a hash with another (``shared_hash``, a mask) are compared as strings.
    """
    candidates = data.iloc[np.flatnonzero(shared_hash)]
    label_sets = candidates.groupby("text", sort=False)["label"].nunique()
    return int(candidates["text"].duplicated().sum()), label_sets.index[label_sets > 1].tolist()


def _validate(name: str, label_col: str, min_rows: int | None, rows: int, classes: pd.Series) -> None:
    if rows == 0:
        raise DatasetError(f"{name} has no row with both a text and a label; check the chosen columns.")
    if min_rows is None:
        return
    distinct = len(classes)
    if distinct < 2:
        only = classes.index[0]
        raise DatasetError(
            f"Every row has the label {only!r}; a classifier needs at least 2 classes, "
            "so check the label column or add texts of another class."
        )
    if rows >= 10 and distinct >= ID_LIKE_RATIO * rows:
        raise DatasetError(
            f"The label column {str(label_col)!r} has a different value in nearly every row "
            f"({distinct} values in {rows} rows), so it is probably an ID or a text column; "
            "choose the column that holds the classes."
        )
    if rows < min_rows:
        raise DatasetError(
            f"{name} has only {rows} usable rows; at least {min_rows} are needed to train and evaluate a model."
        )


# --- splits -------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """Train, validation and test rows, with the class list every model is built for."""

    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame
    class_names: list[str]
    notes: list[str] = field(default_factory=list)  # what the user should know, e.g. fallbacks taken
    source: DatasetSummary | None = None  # the file it was made from
    # How it was made ({"validation_fraction", "test_fraction", "seed"}), so that it can be made again.
    settings: dict = field(default_factory=dict)

    def encode(self, part: pd.DataFrame) -> np.ndarray:
        """Labels of ``part`` as class indices into ``class_names``."""
        index = {name: i for i, name in enumerate(self.class_names)}
        return part["label"].map(index).to_numpy(dtype=np.int32)

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "validation": len(self.validation), "test": len(self.test)}


def split_dataset(
    dataset: Dataset,
    validation_fraction: float = 0.15,
    test_fraction: float = 0.15,
    seed: int = 42,
    validation: Dataset | None = None,
    test: Dataset | None = None,
) -> Split:
    """Stratified, seeded split; a separate validation or test file replaces its fraction.

    A class with fewer than 3 rows cannot appear in all three parts: its rows all
    go to training, and a note says so (the model can still predict it, but the
    scores say nothing about it).
    """
    if validation is not None:
        validation_fraction = 0.0
    if test is not None:
        test_fraction = 0.0
    if not (0 <= validation_fraction < 1 and 0 <= test_fraction < 1 and validation_fraction + test_fraction <= 0.8):
        raise DatasetError(
            "The validation and test fractions must each be between 0 and 1 and leave at least 20% for training."
        )
    frame = dataset.frame
    rng = np.random.default_rng(seed)
    parts: dict[str, list[np.ndarray]] = {"train": [], "validation": [], "test": []}
    notes: list[str] = []
    for label, rows in frame.groupby("label", sort=True).indices.items():
        rows = rng.permutation(rows)
        wanted = int(validation_fraction > 0) + int(test_fraction > 0)
        if len(rows) < wanted + 1:
            notes.append(f"Class {label!r} has only {len(rows)} rows: all are used for training, none for evaluation.")
            parts["train"].append(rows)
            continue
        n_test = max(1, round(len(rows) * test_fraction)) if test_fraction > 0 else 0
        n_val = max(1, round(len(rows) * validation_fraction)) if validation_fraction > 0 else 0
        while len(rows) - n_test - n_val < 1:  # keep at least one training row
            if n_val >= n_test and n_val > 1:
                n_val -= 1
            else:
                n_test -= 1
        parts["test"].append(rows[:n_test])
        parts["validation"].append(rows[n_test:n_test + n_val])
        parts["train"].append(rows[n_test + n_val:])

    def take(name: str) -> pd.DataFrame:
        rows = np.sort(np.concatenate(parts[name])) if parts[name] else np.array([], dtype=int)
        return frame.iloc[rows].reset_index(drop=True)

    class_names = dataset.class_names
    result = {name: take(name) for name in parts}
    for name, other in (("validation", validation), ("test", test)):
        if other is not None:
            unknown = sorted(set(other.summary.classes) - set(class_names))
            if unknown:
                shown = ", ".join(repr(u) for u in unknown[:5])
                raise DatasetError(
                    f"The {name} file has labels that the training data never uses ({shown}); "
                    "check that both files use the same label names."
                )
            result[name] = other.frame.reset_index(drop=True)
    for name in ("validation", "test"):
        if result[name].empty:
            raise DatasetError(f"The {name} part is empty; use more rows or a larger {name} fraction.")
    # Shuffle training rows once, with the seed, so the order never follows the file's order.
    result["train"] = result["train"].sample(frac=1.0, random_state=seed).reset_index(drop=True)
    settings = {"validation_fraction": validation_fraction, "test_fraction": test_fraction, "seed": seed}
    if validation is not None or test is not None:  # rows from other files: cannot be made from the source alone
        settings = {}
    return Split(result["train"], result["validation"], result["test"], class_names, notes, dataset.summary,
                 settings)


def load_companion(path: str | Path, like: Dataset) -> Dataset:
    """Load a separate validation or test file with the main file's columns.

    Columns are matched by name, or by position when the companion has no header.
    """
    table = read_table(path, header_like=like.summary.columns if like.summary.has_header else [])
    text_col, label_col = like.summary.text_column, like.summary.label_column
    if text_col not in table.frame.columns or label_col not in table.frame.columns:
        position = {c: str(i + 1) for i, c in enumerate(like.summary.columns)}
        text_col, label_col = position[text_col], position[label_col]
    return build_dataset(table, path, text_col, label_col, min_rows=None)


# --- unlabelled texts ---------------------------------------------------------------


@dataclass(frozen=True)
class TextCorpus:
    """Texts without labels (for pretraining) and what the reader found in their file."""

    texts: list[str]
    path: str
    fingerprint: str  # sha256 of the file's bytes
    encoding: str
    delimiter: str  # "comma", "semicolon", "tab", "pipe", or "none": one text per line
    has_header: bool
    text_column: str
    dropped_empty: int  # empty texts skipped
    language: str  # as in DatasetSummary
    is_cjk: bool

    @property
    def rows(self) -> int:
        return len(self.texts)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "texts"} | {"rows": self.rows}


def one_text_per_row(text: str, lines: bool, text_column: str | None = None) -> tuple[list[str], str | None]:
    """The texts of a file with one text per row, and the header it began with (None without one).

    ``lines``: one text per line (a .txt file); otherwise a one-column CSV, whose quoted cells may
    hold line breaks. The first row is a header when it names ``text_column`` or a usual text
    column ("text", "review", ...).
    """
    cells = text.splitlines() if lines else [row[0] if row else ""
                                             for row in csv.reader(io.StringIO(text), delimiter="\x1f")]
    first = cells[0].strip() if cells else ""
    named = first.casefold() in _TEXT_NAMES or (text_column and first.casefold() == text_column.casefold())
    return (cells[1:], first) if first and named else (cells, None)


def load_texts(path: str | Path, text_column: str | None = None, min_rows: int = MIN_ROWS) -> TextCorpus:
    """Read texts whose labels, if any, are ignored.

    A table (CSV/TSV, any encoding, delimiter and header, as ``read_table`` reads them)
    gives its text column, named or guessed. A file with one column, and any ``.txt``
    file, is one text per line, with a header only if its first line names a text column.
    """
    path = Path(path)
    text, encoding, fingerprint = read_text(path, "one text per line, or a column of texts")
    suffix = path.suffix.lower()
    delimiter = None if suffix == ".txt" else _best_delimiter(text, prefer_tab=suffix in (".tsv", ".tab"))
    if delimiter is None:
        cells, header = one_text_per_row(text, lines=suffix == ".txt", text_column=text_column)
        frame, has_header, delimiter_name = pd.DataFrame({header or "column 1": cells}), header is not None, "none"
    else:
        table = read_table(path)  # a table: parsed as a training file is
        frame, has_header, delimiter_name = table.frame, table.has_header, table.delimiter
    if text_column:
        column = _resolve_column(frame, text_column, "text")
    else:
        column = frame.columns[0] if frame.shape[1] == 1 else guess_text_column(frame)
    values = frame[column].astype(str).str.strip()
    texts = values[values != ""].tolist()
    if len(texts) < min_rows:
        raise DatasetError(f"{path.name} has only {len(texts)} non-empty texts; at least {min_rows} are needed "
                           "to learn anything from them.")
    report = detect_language(texts)
    return TextCorpus(texts, str(path), fingerprint, encoding, delimiter_name, has_header, str(column),
                      int((values == "").sum()), report.language, report.is_cjk)
