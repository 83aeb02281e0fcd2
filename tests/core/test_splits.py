"""Stratified, seeded splits and separate validation/test files."""

import pandas as pd
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.data import Dataset, load_companion, load_dataset, split_dataset
from workbench.core.errors import DatasetError


@pytest.fixture
def dataset(tmp_path) -> Dataset:
    rows = labelled_rows(100) + [(f"A neutral remark about the weather, number {i}.", "neutral") for i in range(20)]
    return load_dataset(write_csv(tmp_path / "d.csv", rows))


def test_split_is_stratified_disjoint_and_complete(dataset):
    split = split_dataset(dataset, validation_fraction=0.2, test_fraction=0.1, seed=1)
    assert split.sizes() == {"train": 84, "validation": 24, "test": 12}
    all_texts = split.train.text.tolist() + split.validation.text.tolist() + split.test.text.tolist()
    assert sorted(all_texts) == sorted(dataset.texts)
    assert split.validation.label.value_counts().to_dict() == {"positive": 10, "negative": 10, "neutral": 4}
    assert split.test.label.value_counts().to_dict() == {"positive": 5, "negative": 5, "neutral": 2}
    assert split.class_names == ["negative", "neutral", "positive"]
    assert set(split.encode(split.test)) == {0, 1, 2}


def test_same_seed_same_split_other_seed_other_split(dataset):
    a, b, c = (split_dataset(dataset, seed=s) for s in (7, 7, 8))
    pd.testing.assert_frame_equal(a.train, b.train)
    pd.testing.assert_frame_equal(a.test, b.test)
    assert a.test.text.tolist() != c.test.text.tolist()


def test_training_rows_are_not_in_file_order(dataset):
    split = split_dataset(dataset, seed=3)
    labels = split.train.label.tolist()
    assert labels != sorted(labels)


def test_class_too_small_to_stratify_goes_to_training_with_a_note(tmp_path):
    rows = labelled_rows(40) + [("A rare complaint about parking.", "rare"), ("Parking again, rare.", "rare")]
    split = split_dataset(load_dataset(write_csv(tmp_path / "r.csv", rows)))
    assert (split.train.label == "rare").sum() == 2
    assert "rare" not in set(split.test.label) and "rare" in split.class_names
    assert any("'rare' has only 2 rows" in note for note in split.notes)


def test_separate_test_file_replaces_the_test_fraction(dataset, tmp_path):
    test_rows = [(f"Fresh unseen sentence {i} about the soup.", "positive" if i % 2 else "negative")
                 for i in range(6)]
    test = load_companion(write_csv(tmp_path / "test.csv", test_rows), like=dataset)
    split = split_dataset(dataset, validation_fraction=0.2, test=test)
    assert split.test.text.tolist() == [t for t, _ in test_rows]
    assert len(split.train) + len(split.validation) == 120


def test_companion_without_header_is_matched_by_position(dataset, tmp_path):
    test = load_companion(write_csv(tmp_path / "t.csv", [("Some text here", "neutral")], header=None), like=dataset)
    assert test.texts == ["Some text here"] and test.labels == ["neutral"]


def test_test_file_with_unknown_labels_is_refused(dataset, tmp_path):
    test = load_companion(write_csv(tmp_path / "t.csv", [("Some text", "sarcastic")]), like=dataset)
    with pytest.raises(DatasetError, match="labels that the training data never uses .'sarcastic'."):
        split_dataset(dataset, test=test)


@pytest.mark.parametrize("val,test", [(0.5, 0.5), (-0.1, 0.2), (1.0, 0.0)])
def test_impossible_fractions_are_refused(dataset, val, test):
    with pytest.raises(DatasetError, match="fractions"):
        split_dataset(dataset, validation_fraction=val, test_fraction=test)
