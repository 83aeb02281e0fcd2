"""Reading a user's CSV/TSV file into texts and labels, and splitting it.

Real files come from Excel on Chinese Windows (GBK), European locales
(semicolons), with byte-order marks, quoted multi-line fields, empty cells and
extra columns. Everything here either copes or raises ``DatasetError`` with one
sentence that tells the user what to do.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.errors import DatasetError
from workbench.core.text import clean_text, detect_language, tokenize

DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MIN_ROWS = 20  # below this a train/validation/test split says nothing
TOKEN_STATS_SAMPLE = 10_000
ID_LIKE_RATIO = 0.9  # distinct labels per row above which a "label" column is an ID or free text
_TEXT_NAMES = {"text", "texts", "sentence", "review", "content", "message", "body", "comment",
               "document", "title", "tweet", "utterance", "question", "文本", "内容", "评论", "句子", "标题"}
_LABEL_NAMES = {"label", "labels", "class", "category", "sentiment", "target", "tag", "topic",
                "intent", "y", "标签", "类别", "分类", "情感"}
_NUMBER_RE = r"[-+]?\d+(?:[.,]\d+)?%?"

# Single-byte code pages that charset-normalizer may name for Western European text.
_WESTERN_ENCODINGS = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "iso8859_2", "mac_roman",
                      "mac_latin2", "cp850", "cp437", "cp858", "iso8859_9", "cp1254", "iso8859_3", "iso8859_4",
                      "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1257"}

# File signatures of things people mistake for CSV files.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"SQLite format 3", "an SQLite database"),
]


@dataclass(frozen=True)
class LengthStats:
    min: int
    median: float
    mean: float
    p95: float
    max: int

    @classmethod
    def of(cls, lengths: np.ndarray) -> LengthStats:
        return cls(int(lengths.min()), float(np.median(lengths)), round(float(lengths.mean()), 1),
                   float(np.percentile(lengths, 95)), int(lengths.max()))


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
    delimiter: str  # "comma", "semicolon", "tab" or "pipe"
    has_header: bool
    columns: list[str]
    text_column: str
    label_column: str
    classes: dict[str, int]  # label -> rows, most frequent first
    language: str  # "zh", "ja", "ko", "en" or "other"
    is_cjk: bool
    chars: LengthStats
    tokens: LengthStats  # of the texts in a sample of tokens_counted_in rows (all rows up to 10,000)
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


# --- reading ------------------------------------------------------------------------


def read_table(path: str | Path, header_like: list[str] | None = None) -> RawTable:
    """Read a delimited text file of unknown encoding, delimiter and header.

    With ``header_like``, the first row is a header only if it repeats those names
    (a test file written like the training file); otherwise the header is guessed.
    """
    path = Path(path)
    text, encoding, fingerprint = _read_text(path, "a header and rows of text and labels")
    delimiter = sniff_delimiter(text, prefer_tab=path.suffix.lower() in (".tsv", ".tab"))
    frame, malformed = _parse(text, delimiter, path.name)
    frame, has_header = _apply_header(frame, header_like)
    if frame.empty:
        raise DatasetError(f"{path.name} has a header but no rows; add rows of text and labels.")
    return RawTable(frame, encoding, DELIMITERS[delimiter], has_header, malformed, fingerprint)


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


def _read_text(path: Path, wanted: str) -> tuple[str, str, str]:
    """The file decoded: (text, encoding, sha256 of the bytes); ``wanted`` says what an empty file lacks."""
    with reading(path):
        raw = path.read_bytes()
    if not raw.strip():
        raise DatasetError(f"{path.name} is empty; choose a file with {wanted}.")
    _refuse_binary(raw, path.name)
    text, encoding = decode_bytes(raw)
    if not text.strip():
        raise DatasetError(f"{path.name} is empty; choose a file with {wanted}.")
    return text, encoding, hashlib.sha256(raw).hexdigest()


def _refuse_binary(raw: bytes, name: str) -> None:
    head = raw[:16]
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            hint = " Save it from Excel as 'CSV UTF-8' and open that." if "xls" in what else ""
            raise DatasetError(f"{name} is {what}, not a text file; choose a CSV or TSV file.{hint}")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # UTF-16 text is full of NUL bytes
    sample = raw[:65536]
    controls = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    if b"\x00" in sample or controls > 0.01 * len(sample):
        raise DatasetError(f"{name} is a binary file, not text; choose a CSV or TSV file.")


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode with the detected encoding; return the text and the encoding's name."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect_legacy_encoding(raw)
    return raw.decode(encoding, errors="replace"), encoding


def _detect_legacy_encoding(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is None:
        raise DatasetError("Cannot tell which text encoding this file uses; save it as UTF-8 and try again.")
    name = best.encoding.lower()
    if name in ("gb2312", "gbk", "gb18030", "hz"):
        return "gb18030"  # a superset of GB2312 and GBK: decodes all three
    if name in ("big5", "big5hkscs", "cp950"):
        return "big5hkscs"
    if name in _WESTERN_ENCODINGS:
        # A short Western file fits many single-byte code pages; the likely one is Windows-1252,
        # and Latin-1 decodes whatever Windows-1252 cannot.
        try:
            raw.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return name


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


def _parse(text: str, delimiter: str, name: str) -> tuple[pd.DataFrame, list[int]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                na_filter=False, on_bad_lines="warn", skip_blank_lines=True, engine="c",
            )
        except pd.errors.EmptyDataError:
            raise DatasetError(f"{name} has no rows; choose a file with rows of text and labels.") from None
        except pd.errors.ParserError as exc:
            line = re.search(r"line (\d+)", str(exc))
            where = f" near line {line.group(1)}" if line else ""
            raise DatasetError(
                f"{name} cannot be read as a table{where}: a quoted field is probably never closed; "
                "fix that line and try again."
            ) from None
    malformed: list[int] = []
    for warning in caught:
        malformed += [int(n) for n in re.findall(r"Skipping line (\d+)", str(warning.message))]
    return frame.fillna(""), malformed


def _apply_header(frame: pd.DataFrame, header_like: list[str] | None) -> tuple[pd.DataFrame, bool]:
    """Decide whether the first row names the columns, and use it if so."""
    first = [str(v).strip() for v in frame.iloc[0]]
    rest = frame.iloc[1:]
    if header_like is not None:
        is_header = [v.casefold() for v in first] == [str(v).casefold() for v in header_like]
    else:
        known_name = bool({v.casefold() for v in first} & (_TEXT_NAMES | _LABEL_NAMES))
        looks_like_data = (
            any(v == "" for v in first)
            or len(set(first)) < len(first)
            or any(len(v) > 60 for v in first)
            or any(re.fullmatch(_NUMBER_RE, v) for v in first)
            or any((rest[c].str.strip() == v).any() for c, v in zip(frame.columns, first))
        )
        is_header = known_name or not looks_like_data
    if is_header:
        frame = rest.reset_index(drop=True)
        frame.columns = first
        return frame, True
    frame = frame.copy()
    frame.columns = [f"column {i + 1}" for i in range(frame.shape[1])]
    return frame, False


# --- column roles -------------------------------------------------------------------


def guess_text_column(frame: pd.DataFrame) -> str:
    """The column of free text: long, varied values with letters in them."""
    scores = {c: _text_score(frame[c]) for c in frame.columns}
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
    values = column[column.str.strip() != ""]
    if values.empty:
        return 0.0
    if values.str.fullmatch(_NUMBER_RE).mean() > 0.5 or values.str.contains(r"[^\W\d_]").mean() < 0.5:
        return 0.0
    lengths = values.str.len()
    if lengths.mean() < 2:
        return 0.0
    return float(lengths.mean()) * (0.5 + values.nunique() / len(values))


def guess_label_column(frame: pd.DataFrame, text_column: str) -> str:
    """The label column: a name that says so, else the fewest distinct values (at least 2)."""
    others = [c for c in frame.columns if c != text_column]
    if not others:
        raise DatasetError("The file has only a text column; add a column with the label of each text.")
    named = [c for c in others if str(c).casefold() in _LABEL_NAMES]
    if named:
        return named[0]
    distinct = {c: frame[c][frame[c].str.strip() != ""].nunique() for c in others}
    usable = [c for c in others if distinct[c] >= 2]
    if not usable:
        return others[-1]  # the class check then says "fewer than 2 classes"
    return min(usable, key=lambda c: (distinct[c], -others.index(c)))


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


def load_dataset(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    min_rows: int = MIN_ROWS,
) -> Dataset:
    """Read, validate and summarize a file of labelled texts."""
    return build_dataset(read_table(path), path, text_column, label_column, min_rows)


def build_dataset(
    table: RawTable,
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    min_rows: int | None = MIN_ROWS,
) -> Dataset:
    """Give columns their roles in an already-read table (the window re-uses it when columns change).

    ``min_rows=None`` marks a companion (validation or test) file: any rows and classes will do.
    """
    path = Path(path)
    frame = table.frame
    text_col = _resolve_column(frame, text_column, "text") if text_column else guess_text_column(frame)
    if label_column:
        label_col = _resolve_column(frame, label_column, "labels")
    else:
        label_col = guess_label_column(frame, text_col)
    if label_col == text_col:
        raise DatasetError(f"The text and the label column are both {text_col!r}; choose two different columns.")

    texts = frame[text_col].str.strip()
    labels = frame[label_col].str.strip()
    empty_text = texts == ""
    empty_label = (labels == "") & ~empty_text
    keep = ~(empty_text | empty_label)
    data = pd.DataFrame({"text": texts[keep], "label": labels[keep]}).reset_index(drop=True)

    _validate(data, path.name, label_col, min_rows)
    classes = data["label"].value_counts()
    report = detect_language(data["text"].tolist())
    # Counted as the default preprocessing sees them (CJK characters count one each), on an
    # evenly spaced sample: tokenizing every row of a 100,000-row file would cost seconds.
    step = max(1, len(data) // TOKEN_STATS_SAMPLE)
    sampled = data["text"].iloc[::step]
    token_counts = np.fromiter((len(tokenize(clean_text(t))) for t in sampled), dtype=np.int64, count=len(sampled))
    label_sets = data.groupby("text", sort=False)["label"].nunique()
    conflicting = label_sets[label_sets > 1]
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
        delimiter=table.delimiter,
        has_header=table.has_header,
        columns=[str(c) for c in frame.columns],
        text_column=str(text_col),
        label_column=str(label_col),
        classes={str(k): int(v) for k, v in classes.items()},
        language=report.language,
        is_cjk=report.is_cjk,
        chars=LengthStats.of(data["text"].str.len().to_numpy()),
        tokens=LengthStats.of(token_counts),
        tokens_counted_in=len(sampled),
        duplicate_texts=int(data["text"].duplicated().sum()),
        conflicting_texts=len(conflicting),
        conflicting_examples=[t[:80] for t in conflicting.index[:5]],
    )
    return Dataset(data, summary)


def _validate(data: pd.DataFrame, name: str, label_col: str, min_rows: int | None) -> None:
    if data.empty:
        raise DatasetError(f"{name} has no row with both a text and a label; check the chosen columns.")
    if min_rows is None:
        return
    distinct = data["label"].nunique()
    if distinct < 2:
        only = data["label"].iloc[0]
        raise DatasetError(
            f"Every row has the label {only!r}; a classifier needs at least 2 classes, "
            "so check the label column or add texts of another class."
        )
    if len(data) >= 10 and distinct >= ID_LIKE_RATIO * len(data):
        raise DatasetError(
            f"The label column {str(label_col)!r} has a different value in nearly every row "
            f"({distinct} values in {len(data)} rows), so it is probably an ID or a text column; "
            "choose the column that holds the classes."
        )
    if len(data) < min_rows:
        raise DatasetError(
            f"{name} has only {len(data)} usable rows; at least {min_rows} are needed to train and evaluate a model."
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


def load_texts(path: str | Path, text_column: str | None = None, min_rows: int = MIN_ROWS) -> TextCorpus:
    """Read texts whose labels, if any, are ignored.

    A table (CSV/TSV, any encoding, delimiter and header, as ``read_table`` reads them)
    gives its text column, named or guessed. A file with one column, and any ``.txt``
    file, is one text per line, with a header only if its first line names a text column.
    """
    path = Path(path)
    text, encoding, fingerprint = _read_text(path, "one text per line, or a column of texts")
    suffix = path.suffix.lower()
    delimiter = None if suffix == ".txt" else _best_delimiter(text, prefer_tab=suffix in (".tsv", ".tab"))
    if delimiter is None:
        if suffix == ".txt":
            cells = text.splitlines()
        else:  # a one-column CSV: quoted cells may hold line breaks
            cells = [row[0] if row else "" for row in csv.reader(io.StringIO(text), delimiter="\x1f")]
        frame = pd.DataFrame({"text": cells})
        has_header = bool(cells) and cells[0].strip().casefold() in _TEXT_NAMES
        column = cells[0].strip() if has_header else "column 1"
        frame.columns = [column]
        frame = frame.iloc[int(has_header):]
        delimiter_name = "none"
    else:
        frame, _malformed = _parse(text, delimiter, path.name)
        frame, has_header = _apply_header(frame, None)
        delimiter_name = DELIMITERS[delimiter]
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
