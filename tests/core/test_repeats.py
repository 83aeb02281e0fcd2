"""Repeats over seeds: the seeds, the shared or per-seed split, the store group, bands and summaries."""

import json

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.repeats import (
    best_val_accuracy,
    epoch_bands,
    repeat_seeds,
    run_repeats,
    seed_splits,
    settings_table,
    summarize_settings,
)
from workbench.core.store import RunStore
from workbench.core.sweep import run_sweep
from workbench.core.training import RunResult, train

TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=200)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(60)))


def test_seeds_count_up_from_the_base_seed():
    assert repeat_seeds(42, 3) == [42, 43, 44]
    assert repeat_seeds(42, 1) == [42]
    assert repeat_seeds(2**31 - 2, 3) == [2**31 - 2, 2**31 - 1, 0]
    for bad in (0, -1, 101):
        with pytest.raises(ConfigError, match="repeats must be between 1 and 100"):
            repeat_seeds(42, bad)


def test_the_split_is_shared_or_drawn_per_seed(dataset):
    config = TINY.replace(seed=5)
    shared = seed_splits(dataset, config, [5, 6, 7], split_per_seed=False)
    assert shared[5] is shared[6] is shared[7]
    assert shared[5].test.equals(split_dataset(dataset, 0.15, 0.15, 5).test)
    own = seed_splits(dataset, config, [5, 6], split_per_seed=True)
    assert own[5].test.equals(shared[5].test) and not own[6].test.equals(own[5].test)
    assert own[6].test.equals(split_dataset(dataset, 0.15, 0.15, 6).test)
    ready = split_dataset(dataset, 0.2, 0.2, 1)
    assert seed_splits(ready, config, [5, 6], split_per_seed=False) == {5: ready, 6: ready}
    with pytest.raises(ConfigError, match="cannot change with the seed when separate validation or test files"):
        seed_splits(ready, config, [5, 6], split_per_seed=True)


def test_repeats_train_one_group_whose_first_run_is_the_plain_run(dataset, tmp_path):
    with RunStore(tmp_path) as store:
        results = run_repeats(TINY.replace(epochs=1), dataset, 3, store=store, name="three seeds")
        groups = store.list_groups("repeats")
        records = {r.id: r for r in store.list_runs()}
    assert [r.config.seed for r in results] == [42, 43, 44] and all(r.status == "completed" for r in results)
    assert len(groups) == 1
    group = groups[0]
    assert group["name"] == "three seeds" and group["run_ids"] == [r.run_id for r in results]
    assert group["info"]["seeds"] == [42, 43, 44] and group["info"]["split_per_seed"] is False
    tests = [r.test["accuracy"] for r in results]
    assert group["info"]["summary"]["test_accuracy"]["mean"] == pytest.approx(np.mean(tests))
    assert group["info"]["summary"]["test_accuracy"]["std"] == pytest.approx(np.std(tests, ddof=1))
    assert all(records[r.run_id].group_id == group["id"] == r.group_id for r in results)
    assert all(records[r.run_id].dataset["fingerprint"] == dataset.summary.fingerprint for r in results)
    assert all(r.split.test.equals(results[0].split.test) for r in results)  # one split for every seed
    plain = train(TINY.replace(epochs=1), dataset)
    assert np.allclose([h["val_loss"] for h in plain.history], [h["val_loss"] for h in results[0].history])


def test_a_single_repeat_makes_no_group(dataset, tmp_path):
    with RunStore(tmp_path) as store:
        results = run_repeats(TINY.replace(model="lookup"), dataset, 1, store=store)
        assert store.list_groups() == [] and results[0].group_id is None


def test_a_sweep_over_seeds_groups_each_setting_and_pairs_seeds_by_split(dataset, tmp_path):
    started = []
    with RunStore(tmp_path) as store:
        results = run_sweep(TINY.replace(epochs=1), [("dropout", [0.0, 0.5])], dataset, store=store, repeats=2,
                            split_per_seed=True, on_run_start=lambda i, n, c: started.append((i, n, c.dropout, c.seed)))
        groups = {g["id"]: g for g in store.list_groups("repeats")}
    assert started == [(1, 4, 0.0, 42), (2, 4, 0.0, 43), (3, 4, 0.5, 42), (4, 4, 0.5, 43)]
    assert len(groups) == 2 and [g["info"]["varied"] for g in groups.values()] == [{"dropout": 0.5}, {"dropout": 0.0}]
    assert groups[results[0].group_id]["run_ids"] == [results[0].run_id, results[1].run_id]
    assert results[0].split is results[2].split and results[1].split is results[3].split  # paired by seed
    assert not results[0].split.test.equals(results[1].split.test)


def _result(dropout: float, seed: int, val: list[float], test: float, status: str = "completed") -> RunResult:
    history = [{"val_accuracy": v, "accuracy": 0.9} for v in val]
    return RunResult(status, "", ExperimentConfig(dropout=dropout, seed=seed), ["a", "b"], history=history,
                     test={"accuracy": test}, run_id=seed * 10 + int(dropout * 10), group_id=int(dropout * 10))


def test_summaries_give_mean_sd_and_the_verdict_against_the_best():
    results = [_result(0.0, s, [0.5, v], t) for s, v, t in ((1, 0.60, 0.6), (2, 0.61, 0.62), (3, 0.62, 0.61))]
    results += [_result(0.5, s, [v, 0.7], t) for s, v, t in ((1, 0.80, 0.8), (2, 0.81, 0.79), (3, 0.82, 0.81))]
    results += [_result(0.2, s, [v], 0.8) for s, v in ((1, 0.81), (2, 0.80), (3, 0.82))]
    results.append(_result(0.2, 4, [0.99], 0.99, status="stopped"))  # not counted
    summaries = summarize_settings(results, ["dropout"])
    assert [s.varied for s in summaries] == [{"dropout": 0.0}, {"dropout": 0.5}, {"dropout": 0.2}]
    assert [s.label for s in summaries] == ["dropout 0", "dropout 0.5", "dropout 0.2"]
    low, best, close = summaries
    assert best.reference and best.verdict is None and not low.reference
    assert best.best_val_accuracy.mean == pytest.approx(0.81) and best.best_val_accuracy.std == pytest.approx(0.01)
    assert low.verdict.outcome == "larger_than_noise" and low.verdict.test == "paired_t"
    assert close.verdict.outcome == "not_distinguishable" and close.seeds == [1, 2, 3, 4]
    entry = json.loads(json.dumps(low.to_dict(), allow_nan=False))
    assert entry["mean"]["test_accuracy"] == pytest.approx(0.61) and entry["n"] == 3
    assert set(entry["std"]) == {"best_val_accuracy", "test_accuracy"} and entry["group_id"] == 0
    table = settings_table(summaries).splitlines()
    assert table[0].split() == ["setting", "seeds", "best", "val_acc", "test", "acc", "against", "the", "best"]
    assert "0.810 ± 0.010" in table[2] and table[2].rstrip().endswith("best")
    assert table[1].rstrip().endswith("larger than noise") and table[3].rstrip().endswith("not distinguishable")


def test_a_single_setting_has_no_verdict_column():
    summaries = summarize_settings([_result(0.0, s, [0.7], 0.7) for s in (1, 2)])
    assert len(summaries) == 1 and summaries[0].reference and "against" not in settings_table(summaries)


def test_epoch_bands_follow_the_runs_that_reached_each_epoch():
    histories = [[{"val_loss": 1.0}, {"val_loss": 0.8}, {"val_loss": 0.7}],
                 [{"val_loss": 1.2}, {"val_loss": 0.6}],
                 [{"val_loss": float("nan")}, {"val_loss": 0.7}]]
    bands = epoch_bands(histories, "val_loss")
    assert [b["epoch"] for b in bands] == [1, 2, 3] and [b["n"] for b in bands] == [2, 3, 1]
    assert bands[0]["mean"] == pytest.approx(1.1) and bands[0]["std"] == pytest.approx(np.std([1.0, 1.2], ddof=1))
    assert (bands[1]["min"], bands[1]["max"]) == (0.6, 0.8) and bands[2]["std"] is None
    assert epoch_bands([], "val_loss") == []


def test_best_val_accuracy_skips_missing_values():
    assert best_val_accuracy([{"val_accuracy": 0.5}, {"val_accuracy": float("nan")}, {"val_accuracy": 0.7}]) == 0.7
    assert best_val_accuracy([{"loss": 1.0}]) is None
