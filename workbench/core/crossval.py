"""k-fold stratified cross-validation: every row is held out once, so the score uses the whole file.

The rows of each class are shuffled with the seed and dealt round the folds in turn, each class
starting where the previous one stopped: every fold gets its share of every class, and fold
sizes differ by at most one row. Each fold's model trains on the other folds, minus a stratified
validation part (``validation_fraction`` of them) that draws its curves and drives early
stopping, and is then scored on the fold. ``test_fraction`` plays no part: the fold is the test.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from workbench.core.config import ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import Listener
from workbench.core.repeats import epoch_bands
from workbench.core.significance import spread
from workbench.core.training import RunResult, train

MAX_FOLDS = 20
SCORES = ("accuracy", "macro_f1")
CURVES = ("loss", "accuracy", "val_loss", "val_accuracy")


def check_folds(folds: int) -> None:
    if not 2 <= folds <= MAX_FOLDS:
        raise ConfigError(f"The number of folds must be between 2 and {MAX_FOLDS}, not {folds}.")


def stratified_folds(labels: Sequence[str], folds: int, seed: int) -> list[np.ndarray]:
    """The row numbers held out in each fold (sorted); together they are every row, once."""
    labels = np.asarray(labels)
    check_folds(folds)
    if folds > len(labels):
        raise ConfigError(f"{folds} folds need at least {folds} rows; the file has {len(labels)}.")
    rng = np.random.default_rng(seed)
    parts: list[list[int]] = [[] for _ in range(folds)]
    start = 0
    for label in sorted(set(labels.tolist())):
        rows = rng.permutation(np.flatnonzero(labels == label))
        for i, row in enumerate(rows):
            parts[(start + i) % folds].append(int(row))
        start = (start + len(rows)) % folds
    return [np.sort(np.array(part, dtype=int)) for part in parts]


@dataclass(frozen=True)
class FoldResult:
    fold: int  # 1-based
    status: str
    run_id: int | None
    accuracy: float | None  # on the fold
    macro_f1: float | None
    sizes: dict[str, int]  # train / validation / test (the fold) rows


@dataclass
class CrossValidation:
    folds: list[FoldResult]
    group_id: int | None = None
    notes: list[str] = field(default_factory=list)
    results: list[RunResult] = field(default_factory=list)  # with histories and models; not in to_dict

    def add(self, result: RunResult) -> None:
        """A fold's run (its split says which fold)."""
        test = result.test if result.status == "completed" else None
        self.results.append(result)
        self.folds.append(FoldResult(result.split.settings["fold"], result.status, result.run_id,
                                     test and test["accuracy"], test and test["macro_f1"], result.split.sizes()))

    def mean_std(self) -> tuple[dict[str, float | None], dict[str, float | None]]:
        """Mean and sample sd of each score over the completed folds."""
        done = [f for f in self.folds if f.status == "completed"]
        spreads = {key: spread([getattr(f, key) for f in done]) for key in SCORES}
        return {k: s.mean for k, s in spreads.items()}, {k: s.std for k, s in spreads.items()}

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench cv --json`; "bands" are the mean curves over the folds."""
        mean, std = self.mean_std()
        return {
            "folds": [{"fold": f.fold, "accuracy": f.accuracy, "macro_f1": f.macro_f1, "run_id": f.run_id,
                       "status": f.status, "sizes": f.sizes} for f in self.folds],
            "mean": mean, "std": std, "group_id": self.group_id, "notes": self.notes,
            "bands": {metric: epoch_bands([r.history for r in self.results], metric) for metric in CURVES},
        }


def cross_validate(
    config: ExperimentConfig,
    dataset: Dataset,
    folds: int = 5,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    on_run_start: Callable[[int, int, ExperimentConfig], None] | None = None,
    on_run_done: Callable[[int, int, RunResult], None] | None = None,
    cluster: str | None = None,
    retries: int = 1,
) -> CrossValidation:
    """Train one model per fold and score it on the fold; the folds are one store group of kind "cv".

    Setting ``stop`` stops the current fold and skips the rest. The callbacks get (fold, folds, ...).
    With ``cluster`` (a Ray address) the folds are trials on that cluster, several at once
    (``cluster.run_trials_on_cluster``, with ``retries``); events arrive as TrialEvents.
    """
    config.validate()
    if not isinstance(dataset, Dataset):
        raise ConfigError("Cross-validation holds out parts of the file itself; leave out the separate validation "
                          "and test files.")
    stratified_folds(dataset.labels, folds, config.seed)  # a bad K before any group is made
    stop = stop or threading.Event()
    outcome = CrossValidation([], notes=_small_class_notes(dataset, folds))
    if store is not None:
        outcome.group_id = store.create_group("cv", f"{folds}-fold cross-validation", {
            "folds": folds, "seed": config.seed, "path": dataset.summary.path, "config": config.to_dict()})

    def split(fold: int) -> Split:
        return fold_split(dataset, folds, fold, config.seed, config.validation_fraction)

    if cluster is not None:
        from workbench.core.cluster import Trial, run_trials_on_cluster

        trials = [Trial(config, split(fold), tuple(probes), outcome.group_id) for fold in range(1, folds + 1)]
        for result in run_trials_on_cluster(trials, cluster, listener, stop, store, on_run_start, on_run_done,
                                            retries):
            outcome.add(result)
    else:
        for fold in range(1, folds + 1):
            if stop.is_set():
                break
            if on_run_start is not None:
                on_run_start(fold, folds, config)
            result = train(config, split(fold), listener=listener, stop=stop, store=store, probes=probes,
                           group_id=outcome.group_id)
            outcome.add(result)
            if on_run_done is not None:
                on_run_done(fold, folds, result)
    if store is not None:
        mean, std = outcome.mean_std()
        info = store.group(outcome.group_id)["info"]
        store.update_group(outcome.group_id, {**info, "mean": mean, "std": std,
                                              "fold_scores": [asdict(f) for f in outcome.folds]})
    return outcome


def fold_split(dataset: Dataset, folds: int, fold: int, seed: int, validation_fraction: float) -> Split:
    """Fold ``fold`` (from 1) of ``folds``: train on the other folds minus a stratified validation part,
    test on the fold. Its settings say how to make it again (core/reopen.py)."""
    frame = dataset.frame
    held_out = stratified_folds(dataset.labels, folds, seed)[fold - 1]
    rest = np.setdiff1d(np.arange(len(frame)), held_out)
    # split_dataset reads only the rows and the class list of these: the file's own summary serves,
    # and it is the split's source, so the stored run names the file.
    training = Dataset(frame.iloc[rest].reset_index(drop=True), dataset.summary)
    part = Dataset(frame.iloc[held_out].reset_index(drop=True), dataset.summary)
    split = split_dataset(training, validation_fraction, 0.0, seed, test=part)
    return dataclasses.replace(split, settings={"folds": folds, "fold": fold, "seed": seed,
                                                "validation_fraction": validation_fraction})


def _small_class_notes(dataset: Dataset, folds: int) -> list[str]:
    return [f"Class {label!r} has only {count} rows, fewer than the {folds} folds: {folds - count} fold(s) "
            f"hold none of it out." for label, count in dataset.summary.classes.items() if count < folds]
