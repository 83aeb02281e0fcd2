"""Class probabilities of new texts under a stored run's model, as the window computes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.data import (
    _resolve_column,
    guess_text_column,
    one_text_per_row,
    read_table,
    read_text,
)
from workbench.core.errors import DatasetError, WorkbenchError
from workbench.core.store import RunStore
from workbench.core.trained_run import open_trained_run


@dataclass(frozen=True)
class Predictions:
    run_id: int
    class_names: list[str]
    texts: list[str]
    probabilities: np.ndarray = field(repr=False)  # (len(texts), len(class_names))

    @property
    def labels(self) -> list[str]:
        return [self.class_names[i] for i in self.probabilities.argmax(axis=1)] if len(self.texts) else []

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench predict --json`."""
        return {"run_id": self.run_id, "class_names": self.class_names, "predictions": [
            {"text": text, "label": label, "probabilities": dict(zip(self.class_names, map(float, row)))}
            for text, label, row in zip(self.texts, self.labels, self.probabilities)]}


def predict(store: RunStore, run_id: int, texts: Sequence[str]) -> Predictions:
    """Each text's class probabilities, with the run's own cleaning, tokenizer and vocabulary."""
    texts = [str(t) for t in texts]
    if not texts:
        raise WorkbenchError("Give at least one text to classify, or a CSV file with --csv.")
    run = open_trained_run(store, run_id, "predict with")
    probabilities = np.asarray(run.predictor.predict(texts), dtype=np.float64)
    return Predictions(run_id, run.class_names, texts, probabilities)


def texts_from_file(path: str | Path, text_column: str | None = None) -> list[str]:
    """Every row's text of a CSV/TSV file (read as the workbench reads training files), in file order.

    The text column is guessed when not given; empty texts are kept, so the output lines up
    with the file's rows. A file of texts alone (one column) is read too.
    """
    try:
        table = read_table(path)
    except DatasetError as exc:
        if "only one column" not in str(exc):
            raise
        return _single_column(Path(path), text_column)
    column = _resolve_column(table.frame, text_column, "text") if text_column else guess_text_column(table.frame)
    return table.frame[column].str.strip().tolist()


def _single_column(path: Path, text_column: str | None) -> list[str]:
    """The rows of a one-column file, without its header (the column's name, or a usual one such as "text")."""
    cells, _header = one_text_per_row(read_text(path, "one text per row")[0], lines=False, text_column=text_column)
    return [cell.strip() for cell in cells]
