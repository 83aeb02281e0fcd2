"""Stored runs trained for real on small files, for the tests of predicting, pruning and exporting."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import labelled_rows, write_csv

# Texts that trip up a re-implementation of the text preparation: markup and entities, links,
# full-width forms, Chinese and Japanese, emoji, apostrophes, accents, odd spaces, nothing at all.
TRICKY_TEXTS = [
    "<p>The soup was <b>wonderful</b> &amp; cheap&nbsp;!</p>",
    "See https://example.com/a?b=1&c=2 and www.example.org/x, then call",
    "ＦＵＬＬ－ＷＩＤＴＨ ｔｅｘｔ　１２３！ My parcel never arrived",
    "这家餐厅的菜很好吃，服务也不错。The waiter was wonderful",
    "ラーメンが大好きです and the film deserves five stars",
    "Love it 😍🔥👍🏽 — deserves five stars!!!",
    "don't won’t C'est déjà l’été naïve café",
    "snake_case_word  tabs\tand\nnew lines\u00a0nbsp\u200bzero-width",
    "",
    "   ",
    "The soup " * 80,
]


def data_file(folder: Path, rows: int = 120) -> Path:
    return write_csv(folder / "reviews.csv", labelled_rows(rows))


def train_stored_run(store, path: Path, **settings) -> int:
    """Train a small model on ``path`` with ``store`` and return its run id."""
    from workbench.core.config import ExperimentConfig
    from workbench.core.data import load_dataset
    from workbench.core.training import train

    config = ExperimentConfig(**{"epochs": 2, "batch_size": 16, "embedding_dim": 8, "hidden_units": 8,
                                 **settings})
    result = train(config, load_dataset(path), store=store)
    assert result.status == "completed", result.message
    return result.run_id
