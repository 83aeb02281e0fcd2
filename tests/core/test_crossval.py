"""k-fold cross-validation: folds disjoint, stratified and covering the file; real training per fold."""

import json
from collections import Counter

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.crossval import cross_validate, fold_split, stratified_folds
from workbench.core.data import load_dataset, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.reopen import run_split
from workbench.core.store import RunStore

TINY = ExperimentConfig(epochs=1, batch_size=8, embedding_dim=8, max_tokens=200)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    rows = labelled_rows(45, labels=("good", "bad"))
    rows += [(f"An odd remark number {i}, neither here nor there.", "other") for i in range(13)]
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", rows))


@pytest.mark.parametrize("folds", [2, 3, 5, 7])
def test_folds_are_disjoint_stratified_and_cover_the_file(dataset, folds):
    labels = dataset.labels
    held_out = stratified_folds(labels, folds, seed=3)
    assert len(held_out) == folds
    everything = np.concatenate(held_out)
    assert sorted(everything.tolist()) == list(range(len(labels)))  # every row once: disjoint and covering
    sizes = [len(part) for part in held_out]
    assert max(sizes) - min(sizes) <= 1
    for label, total in Counter(labels).items():
        per_fold = [sum(labels[i] == label for i in part) for part in held_out]
        assert sum(per_fold) == total and max(per_fold) - min(per_fold) <= 1  # each class spread evenly


def test_folds_depend_on_the_seed_only(dataset):
    a, b = stratified_folds(dataset.labels, 4, 1), stratified_folds(dataset.labels, 4, 1)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, stratified_folds(dataset.labels, 4, 2)))


def test_bad_fold_counts_are_refused():
    for folds, message in ((1, "between 2 and 20, not 1"), (21, "between 2 and 20, not 21"),
                           (5, "5 folds need at least 5 rows; the file has 3")):
        with pytest.raises(ConfigError, match=message):
            stratified_folds(["a", "b", "a"], folds, 0)


def test_a_fold_trains_on_the_rest_minus_a_validation_part_and_tests_on_the_fold(dataset):
    held_out = stratified_folds(dataset.labels, 4, 0)[1]
    split = fold_split(dataset, 4, 2, 0, 0.15)
    assert split.test["text"].tolist() == dataset.frame["text"].iloc[held_out].tolist()
    parts = [set(part["text"]) for part in (split.train, split.validation, split.test)]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert set.union(*parts) == set(dataset.texts)
    rest = len(split.train) + len(split.validation)
    assert abs(len(split.validation) - 0.15 * rest) <= 1.5  # validation_fraction of the rest, class by class
    assert set(split.validation["label"]) == set(dataset.labels)  # stratified: every class validated


def test_cross_validation_stores_one_group_and_scores_each_fold_on_its_rows(dataset, tmp_path):
    done = []
    with RunStore(tmp_path) as store:
        outcome = cross_validate(TINY, dataset, 3, store=store, on_run_done=lambda f, n, r: done.append((f, n)))
        group = store.group(outcome.group_id)
        records = {r.id: r for r in store.list_runs()}
    assert done == [(1, 3), (2, 3), (3, 3)] and [f.status for f in outcome.folds] == ["completed"] * 3
    assert group["kind"] == "cv" and group["run_ids"] == [f.run_id for f in outcome.folds]
    assert all(records[f.run_id].dataset["path"] == dataset.summary.path for f in outcome.folds)
    assert sum(f.sizes["test"] for f in outcome.folds) == len(dataset.texts)
    for fold, result in zip(outcome.folds, outcome.results):
        assert fold.accuracy == result.test["accuracy"] and fold.sizes == result.split.sizes()
        reopened = run_split(records[fold.run_id], dataset)  # the Mistakes view finds the fold's rows again
        assert reopened.test.equals(result.split.test) and reopened.train.equals(result.split.train)
    mean, std = outcome.mean_std()
    accuracies = [f.accuracy for f in outcome.folds]
    assert mean["accuracy"] == pytest.approx(np.mean(accuracies))
    assert std["accuracy"] == pytest.approx(np.std(accuracies, ddof=1))
    assert group["info"]["mean"] == mean and group["info"]["folds"] == 3
    written = json.loads(json.dumps(outcome.to_dict(), allow_nan=False))
    assert set(written) >= {"folds", "mean", "std"} and set(written["mean"]) == {"accuracy", "macro_f1"}
    assert [set(f) >= {"accuracy", "macro_f1", "run_id"} for f in written["folds"]] == [True] * 3
    assert [b["n"] for b in written["bands"]["val_accuracy"]] == [3]  # one epoch, three folds


def test_cross_validation_needs_the_file_itself(dataset):
    with pytest.raises(ConfigError, match="leave out the separate validation and test files"):
        cross_validate(TINY, split_dataset(dataset), 3)


def test_classes_smaller_than_the_fold_count_get_a_note(dataset):
    outcome = cross_validate(ExperimentConfig(model="lookup"), dataset, 15)
    assert outcome.notes == ["Class 'other' has only 13 rows, fewer than the 15 folds: 2 fold(s) hold none of it out."]
    assert len(outcome.folds) == 15
