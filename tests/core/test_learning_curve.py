"""Learning curves: sizes, nested stratified subsets, the reading rule on crafted points, a real curve."""

import json
from collections import Counter

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.learning_curve import CurvePoint, learning_curve, nested_subset, parse_sizes, read_curve
from workbench.core.reopen import run_split
from workbench.core.store import RunStore


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(80)))


def test_sizes_are_shares_smallest_first():
    assert parse_sizes("0.5, 0.1,1") == [0.1, 0.5, 1.0]
    for text, message in (("0,0.5", "above 0 and at most 1"), ("0.5,2", "above 0 and at most 1"),
                          ("half", "not 'half'"), ("", "above 0 and at most 1"),
                          ("0.5,0.5", "list a share twice")):
        with pytest.raises(ConfigError, match=message):
            parse_sizes(text)


def test_subsets_are_nested_and_keep_the_class_proportions(dataset):
    train = split_dataset(dataset, 0.15, 0.15, 1).train
    small, large = nested_subset(train, 0.25, 7), nested_subset(train, 0.5, 7)
    assert set(small["text"]) < set(large["text"]) < set(train["text"])
    counts, small_counts = Counter(train["label"]), Counter(small["label"])
    assert all(small_counts[c] == max(1, round(0.25 * n)) for c, n in counts.items())
    assert set(nested_subset(train, 0.25, 8)["text"]) != set(small["text"])
    assert nested_subset(train, 1.0, 7).sort_values("text").equals(train.sort_values("text"))
    assert len(nested_subset(train, 0.001, 7)) == len(counts)  # at least one row per class


def point(size: int, val: float, val_std: float | None = None, train: float = 0.9, n: int = 3) -> CurvePoint:
    return CurvePoint(size / 400, size, train, val, 0.0 if n > 1 else None, val_std, n, [])


@pytest.mark.parametrize("points,start", [
    ([point(40, 0.60), point(100, 0.70), point(200, 0.78), point(400, 0.85)],
     "Validation accuracy is still rising at full size (0.780 → 0.850 from 200 to 400 training texts): "
     "more data would likely help."),
    ([point(40, 0.60), point(200, 0.840), point(400, 0.845)], "Validation accuracy has levelled off at full size"),
    ([point(200, 0.85), point(400, 0.80)], "Validation accuracy fell at full size"),
    # a gain of 0.05 inside the seeds' noise (sd 0.05 over 3 seeds each: 2 x SE = 0.082) is not a rise
    ([point(200, 0.80, 0.05), point(400, 0.85, 0.05)], "Validation accuracy has levelled off"),
    # the same gain with steady seeds is one
    ([point(200, 0.80, 0.005), point(400, 0.85, 0.005)], "Validation accuracy is still rising"),
    # a single seed has no noise estimate: only the 0.01 floor applies
    ([point(200, 0.80, None, n=1), point(400, 0.805, None, n=1)], "Validation accuracy has levelled off"),
    ([point(200, 0.80, None, n=1), point(400, 0.82, None, n=1)], "Validation accuracy is still rising"),
])
def test_the_reading_follows_the_stated_rule(points, start):
    assert read_curve(points).startswith(start)


def test_the_reading_adds_memorizing_and_says_largest_size_when_not_full():
    text = read_curve([point(200, 0.70, train=0.99), point(400, 0.78, train=0.99)])
    assert text.endswith("Training accuracy (0.990) is far above validation accuracy (0.780): the model memorizes "
                         "its training texts; regularization (dropout, L2) may help.")
    assert "memorizes" not in read_curve([point(200, 0.70, train=0.8), point(400, 0.78, train=0.85)])
    partial = [CurvePoint(0.1, 40, 0.9, 0.6, None, None, 1, []), CurvePoint(0.5, 200, 0.9, 0.8, None, None, 1, [])]
    assert "still rising at the largest size tried" in read_curve(partial)
    assert read_curve([point(400, 0.8)]) == "A curve needs at least two training-set sizes; give more sizes."


def test_a_real_curve_on_one_validation_part(dataset, tmp_path):
    config = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=200, seed=3)
    started = []
    with RunStore(tmp_path) as store:
        curve = learning_curve(config, dataset, [1.0, 0.5], repeats=2, store=store,
                               on_run_start=lambda i, n, c: started.append((i, n, c.seed)))
        group = store.group(curve.group_id)
        records = {r.id: r for r in store.list_runs()}
    assert started == [(1, 4, 3), (2, 4, 4), (3, 4, 3), (4, 4, 4)]
    assert [p.fraction for p in curve.points] == [0.5, 1.0] and [p.n for p in curve.points] == [2, 2]
    train_rows = len(split_dataset(dataset, 0.15, 0.15, 3).train)
    assert [p.train_size for p in curve.points] == [train_rows // 2, train_rows]
    assert all(r.split.validation.equals(curve.results[0].split.validation) for r in curve.results)
    assert curve.validation_size == len(curve.results[0].split.validation)
    assert [len(r.split.train) for r in curve.results] == [train_rows // 2] * 2 + [train_rows] * 2
    assert set(curve.results[0].split.train["text"]) != set(curve.results[1].split.train["text"])  # seed's own half
    assert all(0 <= p.val_accuracy <= 1 and p.val_accuracy_std is not None for p in curve.points)
    assert group["kind"] == "learning_curve" and group["run_ids"] == [r.run_id for r in curve.results]
    for result in curve.results:  # each run's rows can be found again from the store
        assert run_split(records[result.run_id], dataset).train.equals(result.split.train)
    assert group["info"]["points"][1]["run_ids"] == curve.points[1].run_ids
    written = json.loads(json.dumps(curve.to_dict(), allow_nan=False))
    assert written["reading"] == curve.reading == read_curve(curve.points)
    assert set(written["points"][0]) >= {"train_size", "train_accuracy", "val_accuracy", "train_accuracy_std",
                                         "val_accuracy_std"}
