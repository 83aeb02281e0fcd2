"""Reopening a stored run: its model, and the very split it was trained and tested on.

A stored run records its dataset's path, columns and fingerprint, and its config holds the
split's fractions and seed, so the split can be made again exactly. If the file has changed
or gone, that is said in one sentence rather than scoring the model on other rows.
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.data import Dataset, Split, load_dataset, split_dataset
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunRecord


def run_dataset(record: RunRecord) -> Dataset:
    """The run's data file, read again; WorkbenchError if it is gone or no longer the same file."""
    info = record.dataset
    path = info.get("path")
    if info.get("streamed"):  # reading it whole is what streaming avoided
        raise WorkbenchError(f"Run {record.id} streamed its file from disk, so its rows are not kept for a second "
                             "look; train on a smaller file to see its mistakes.")
    if not path:
        raise WorkbenchError(f"Run {record.id} does not record which file it was trained on.")
    if not Path(path).exists():
        raise WorkbenchError(f"Run {record.id} was trained on {path}, which is no longer there; put the file "
                             "back to use its test rows.")
    dataset = load_dataset(path, info.get("text_column"), info.get("label_column"))
    if info.get("fingerprint") and dataset.summary.fingerprint != info["fingerprint"]:
        raise WorkbenchError(f"{Path(path).name} has changed since run {record.id} was trained on it, so its "
                             "test rows cannot be found again.")
    return dataset


def run_split(record: RunRecord, dataset: Dataset | None = None) -> Split:
    """The run's train/validation/test split, made again with its fractions and seed (or its fold,
    or its share of the training rows)."""
    config = record.experiment_config()
    settings = {"validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction,
                "seed": config.seed, **(record.dataset.get("split") or {})}  # runs that share a split say so
    made = split_from_settings(dataset or run_dataset(record), settings)
    if made.sizes() != record.dataset.get("sizes", made.sizes()):  # e.g. its test rows came from another file
        raise WorkbenchError(f"Run {record.id}'s split cannot be made again from {Path(record.dataset['path']).name} "
                             "alone (it used separate validation or test files); train it again from one file.")
    return made


def split_from_settings(dataset: Dataset, settings: dict) -> Split:
    """The split that a ``Split.settings`` describes, made again from its file's rows."""
    from workbench.core.crossval import fold_split
    from workbench.core.learning_curve import subset_split

    if "fold" in settings:  # a cross-validation fold
        return fold_split(dataset, settings["folds"], settings["fold"], settings["seed"],
                          settings["validation_fraction"])
    made = split_dataset(dataset, settings["validation_fraction"], settings["test_fraction"], settings["seed"])
    if "train_share" in settings:  # a learning-curve run
        made = subset_split(made, settings["train_share"], settings["train_seed"])
    return made
