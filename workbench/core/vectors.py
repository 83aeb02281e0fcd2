"""Word vectors in the word2vec text format: reading them into an embedding, writing one out.

The format is one word per line followed by its numbers, separated by spaces, with an
optional first line "<count> <dimension>" (fastText's ``.vec`` files, GloVe's ``.txt``).
Real files are large (millions of lines) and sometimes damaged, so they are streamed,
only the vocabulary's words are parsed, and a bad line is skipped and counted rather
than fatal: a file is refused only when not one line is usable. No Keras here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from workbench.core.data import reading
from workbench.core.errors import ConfigError, DatasetError

RESERVED = 2  # vocabulary ids 0 (padding) and 1 (unknown word) have no word to look up or write
DIMENSION_SAMPLE = 100  # lines read to guess the dimension of a file without a header
UNKNOWN_ROW_NOISE = 0.1  # rows of words not in the file: the found rows' mean, plus this share of their spread


@dataclass(frozen=True)
class VectorsReport:
    """How well a vectors file covered a vocabulary."""

    path: str
    dimension: int
    coverage: float  # share of the vocabulary (padding and unknown aside) given a vector from the file
    found: int  # vocabulary entries whose word is in the file
    composed: int  # n-gram entries given the mean of their words' vectors
    vocabulary: int  # entries counted (padding and unknown aside)
    lines: int  # vector lines in the file
    skipped_lines: int  # lines with another number of values, or values that are not numbers

    def to_dict(self) -> dict:
        return asdict(self)

    def note(self) -> str:
        """One line for RunStarted.notes and the CLI."""
        skipped = f"; {self.skipped_lines:,} damaged line(s) skipped" if self.skipped_lines else ""
        composed = f" ({self.composed:,} n-grams from their words)" if self.composed else ""
        return (f"Word vectors: {self.coverage:.1%} of the vocabulary found in {Path(self.path).name}{composed}, "
                f"{self.dimension} dimensions{skipped}.")


def check_vectors(path: str | Path, dimension: int | None = None) -> int:
    """The dimension of a vectors file (its header's, else the most common among its first lines),
    once one line at least is usable; with ``dimension``, a file of another one is refused."""
    path = Path(path)
    counts: Counter[int] = Counter()
    found = None
    for header, fields in _lines(path):
        if header is not None:
            found = header
            break
        if len(fields) >= 2:
            counts[len(fields) - 1] += 1
        if counts.total() >= DIMENSION_SAMPLE:
            break
    if found is None and counts:
        found = counts.most_common(1)[0][0]
    if found is None:
        raise DatasetError(f"{path.name} holds no word vectors; the word2vec text format is one word and its "
                           "numbers per line, separated by spaces.")
    if dimension is not None and found != dimension:
        raise ConfigError(f"{path.name} holds {found}-dimensional vectors but the embedding size is {dimension}; "
                          f"set the embedding size (embedding_dim) to {found}.")
    skipped = 0
    for header, fields in _lines(path):
        if header is None and len(fields) == found + 1 and _numbers(fields[1:]) is not None:
            return found
        skipped += header is None
    raise DatasetError(f"No usable vector in {path.name}: all {skipped:,} lines were skipped; the word2vec text "
                       "format is one word and its numbers per line, separated by spaces.")


def embedding_from_vectors(path: str | Path, vocabulary: list[str], dimension: int, lowercase: bool = True,
                           seed: int = 0) -> tuple[np.ndarray, VectorsReport]:
    """An embedding matrix (len(vocabulary), dimension) started from a vectors file.

    Words found take their vector (an exact match first; a file word in other case when
    texts are lower-cased). N-grams not in the file take the mean of their words' vectors
    when all are found. Every other row starts at the found vectors' mean plus noise of a
    tenth of their spread: on the same scale as the real vectors (as Kim 2014 advises), and
    near the average word, so an unseen word neither dominates a text nor says much.
    Lines with another number of values are skipped and counted, and so are the lines of
    vocabulary words whose values are not finite numbers (other lines are not parsed).
    """
    path = Path(path)
    check_vectors(path, dimension)
    index = {token: i for i, token in enumerate(vocabulary) if i >= RESERVED}
    matrix = np.zeros((len(vocabulary), dimension), dtype=np.float32)
    known = np.zeros(len(vocabulary), dtype=bool)
    exact = np.zeros(len(vocabulary), dtype=bool)
    lines = skipped = 0
    for header, fields in _lines(path):
        if header is not None:
            continue
        if len(fields) != dimension + 1:
            skipped += 1
            continue
        word = fields[0]
        i = index.get(word)
        is_exact = i is not None
        if i is None and lowercase:
            i = index.get(word.lower())
        if i is not None and not exact[i] and (is_exact or not known[i]):
            vector = _numbers(fields[1:])
            if vector is None:
                skipped += 1
                continue
            matrix[i], known[i], exact[i] = vector, True, is_exact
        lines += 1
    found = int(known.sum())
    composed = compose_ngrams(matrix, vocabulary, known)
    rng = np.random.default_rng(seed)
    missing = ~known
    missing[:RESERVED] = False
    if found:
        mean, spread = matrix[known].mean(axis=0), matrix[known].std(axis=0)
    else:
        mean, spread = np.zeros(dimension, np.float32), np.full(dimension, 0.05, np.float32)
    matrix[missing] = mean + UNKNOWN_ROW_NOISE * spread * rng.standard_normal((int(missing.sum()), dimension))
    matrix[1] = mean  # the unknown word: an average word
    counted = max(1, len(vocabulary) - RESERVED)
    report = VectorsReport(str(path), dimension, round((found + composed) / counted, 4), found, composed,
                           len(vocabulary) - RESERVED, lines, skipped)
    return matrix, report


def _numbers(fields: list[str]) -> np.ndarray | None:
    """The fields as finite float32 numbers, or None."""
    try:
        vector = np.asarray(fields, dtype=np.float32)
    except ValueError:
        return None
    return vector if np.isfinite(vector).all() else None


def compose_ngrams(matrix: np.ndarray, vocabulary: list[str], known: np.ndarray) -> int:
    """Give each n-gram entry ("good food") not yet known the mean of its words' rows, when all its
    words are known; mark them known and return how many. The vectorizer joins n-grams with spaces."""
    index = {token: i for i, token in enumerate(vocabulary) if i >= RESERVED}
    composed = 0
    for i, token in enumerate(vocabulary):
        if i < RESERVED or known[i] or " " not in token:
            continue
        parts = [index.get(word) for word in token.split(" ")]
        if all(p is not None and known[p] and " " not in vocabulary[p] for p in parts):
            matrix[i] = matrix[parts].mean(axis=0)
            known[i] = True
            composed += 1
    return composed


def write_vectors(path: str | Path, vocabulary: list[str], matrix: np.ndarray) -> int:
    """Write the rows of single words in the word2vec text format, with a header; return how many.

    Padding, the unknown word and n-grams (which hold spaces, the format's separator) are left out.
    """
    rows = [i for i, token in enumerate(vocabulary) if i >= RESERVED and token and " " not in token]
    path = Path(path)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"{len(rows)} {matrix.shape[1]}\n")
            for i in rows:
                f.write(vocabulary[i] + " " + " ".join(f"{v:.6g}" for v in matrix[i].tolist()) + "\n")
    except OSError as exc:
        raise DatasetError(f"Cannot write {path}: {exc.strerror or exc}; choose a folder you can write to.") from None
    return len(rows)


def _lines(path: Path) -> Iterator[tuple[int | None, list[str]]]:
    """(header dimension, []) for a first line "<count> <dimension>", else (None, the line's fields)."""
    with reading(path, "a word-vectors file (.vec or .txt)"), open(path, "rb") as f:
        head = f.read(65536)
    if b"\x00" in head:
        raise DatasetError(f"{path.name} is a binary file; save the vectors in the word2vec text format (.vec) "
                           "and use that.")
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        for number, line in enumerate(f):
            fields = line.split()
            if not fields:
                continue
            if number == 0 and len(fields) == 2 and all(field.isdigit() for field in fields):
                yield int(fields[1]), []
                continue
            yield None, fields
