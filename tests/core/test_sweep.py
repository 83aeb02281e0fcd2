"""Sweeps: parsing --vary, the product of configs, and real training on one shared split."""

import threading

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core import repeats
from workbench.core.config import ExperimentConfig
from workbench.core.data import Split, load_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import BatchProgress
from workbench.core.store import RunStore
from workbench.core.sweep import parse_vary, results_table, run_sweep, sweep_configs

TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, hidden_units=8, max_tokens=200)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(60)))


@pytest.mark.parametrize("text,expected", [
    ("dropout=0,0.2,0.5", ("dropout", [0.0, 0.2, 0.5])),
    ("l2 = 0, 1e-4", ("l2", [0.0, 1e-4])),
    ("learning-rate=0.01", ("learning_rate", [0.01])),
    ("hidden_units=8,16", ("hidden_units", [8, 16])),
    ("bidirectional=true,no", ("bidirectional", [True, False])),
    ("model=lstm,gru", ("model", ["lstm", "gru"])),
    ("kernel_sizes=3,4,5;2,3", ("kernel_sizes", ["3,4,5", "2,3"])),
])
def test_parse_vary_reads_typed_values(text, expected):
    name, values = parse_vary(text)
    assert (name, values) == expected
    assert [type(v) for v in values] == [type(v) for v in expected[1]]


@pytest.mark.parametrize("text,message", [
    ("dropuot=0,0.5", "There is no setting called 'dropuot'; did you mean dropout?"),
    ("colour=red", "There is no setting called 'colour'"),
    ("dropout", "must look like NAME=VALUE1,VALUE2"),
    ("dropout=", "Give at least one value to try for dropout"),
    ("dropout= , ", "Give at least one value to try for dropout"),
    ("dropout=0,,0.5", "has an empty value"),
    ("dropout=0,0.5,0.0", "dropout lists the value 0 twice; give each value once."),
    ("dropout=0,3", "dropout must be between 0 and 0.95, not 3.0."),
    ("l2=1e-4,abc", "l2 must be a float, not 'abc'."),
    ("model=lstm,svm", "model must be one of lookup"),
    ("seed=1,2", "seed cannot be varied: every run of a sweep shares one split"),
    ("test_fraction=0.1,0.2", "test_fraction cannot be varied"),
])
def test_parse_vary_refuses_bad_input_with_one_sentence(text, message):
    with pytest.raises(ConfigError) as error:
        parse_vary(text)
    assert message in str(error.value)
    assert str(error.value).replace("e.g. ", "").count(". ") == 0 and str(error.value).endswith((".", "?"))


def test_parse_vary_checks_values_against_the_base_settings():
    transformer = ExperimentConfig(model="transformer", embedding_dim=12, num_heads=2)
    assert parse_vary("num_heads=2,3,4", base=transformer)[1] == [2, 3, 4]
    with pytest.raises(ConfigError, match=r"embedding_dim \(12\) must be divisible by num_heads \(5\)"):
        parse_vary("num_heads=2,5", base=transformer)


def test_sweep_configs_is_the_product_with_everything_else_from_the_base():
    base = TINY.replace(seed=7, learning_rate=0.01)
    configs = sweep_configs(base, [("dropout", [0.0, 0.5]), ("l2", [0.0, 1e-4, 1e-3])])
    assert [(c.dropout, c.l2) for c in configs] == [
        (0.0, 0.0), (0.0, 1e-4), (0.0, 1e-3), (0.5, 0.0), (0.5, 1e-4), (0.5, 1e-3)]
    for config in configs:
        assert set(config.differences(base)) <= {"dropout", "l2"} and config.seed == 7
    mlp = base.replace(model="mlp")
    assert [c.hidden_units for c in sweep_configs(mlp, [parse_vary("hidden_units=4,8,16")])] == [4, 8, 16]


@pytest.mark.parametrize("vary,message", [
    ([], "Give at least one setting to vary"),
    ([("dropout", [0.0]), ("l2", [0.0]), ("l1", [0.0])], "Vary at most two settings at once."),
    ([("dropout", [0.0, 0.2]), ("dropout", [0.5])], "dropout is varied twice; give all its values in one --vary"),
    ([("dropout", [])], "Give at least one value to try for dropout"),
    ([("dropout", [0.2, 0.2])], "dropout lists the value 0.2 twice"),
    ([("dropout", [0.2, 2.0])], "dropout must be between 0 and 0.95"),
    ([("nope", [1])], "There is no setting called 'nope'"),
    ([("momentum", [0.5, 0.9])], "momentum only matters when optimizer is sgd, so every run"),
])
def test_sweep_configs_refuses_bad_sweeps(vary, message):
    with pytest.raises(ConfigError) as error:
        sweep_configs(TINY, vary)
    assert message in str(error.value)


def test_knobs_are_checked_together_and_against_the_model():
    with pytest.raises(ConfigError, match="dropout has no effect on the lookup model"):
        sweep_configs(ExperimentConfig(model="lookup"), [("dropout", [0.0, 0.5])])
    # a knob that matters for some of the runs is fine
    assert len(sweep_configs(TINY, [("optimizer", ["adam", "sgd"]), ("momentum", [0.0, 0.9])])) == 4
    with pytest.raises(ConfigError, match=r"embedding_dim \(10\) must be divisible by num_heads \(4\)"):
        sweep_configs(ExperimentConfig(model="transformer"), [("embedding_dim", [8, 10]), ("num_heads", [2, 4])])


def test_a_2x2_sweep_trains_four_runs_on_one_shared_split(dataset, tmp_path, monkeypatch):
    seen = []  # (config, data) of every train() call
    real_train = repeats.train

    def recording_train(config, data, **kwargs):
        seen.append((config, data))
        return real_train(config, data, **kwargs)

    splits_made = []
    real_split = repeats.split_dataset
    monkeypatch.setattr(repeats, "train", recording_train)
    monkeypatch.setattr(repeats, "split_dataset", lambda *a, **k: splits_made.append(1) or real_split(*a, **k))
    done = []
    base = TINY.replace(epochs=1)
    vary = [parse_vary("dropout=0,0.5"), parse_vary("l2=0,1e-3")]
    with RunStore(tmp_path) as store:
        results = run_sweep(base, vary, dataset, store=store,
                            on_run_done=lambda i, n, r: done.append((i, n, r.status)))
        records = {r.id: r for r in store.list_runs()}

    assert done == [(1, 4, "completed"), (2, 4, "completed"), (3, 4, "completed"), (4, 4, "completed")]
    assert len(splits_made) == 1
    split = seen[0][1]
    assert isinstance(split, Split) and all(data is split for _, data in seen)

    assert [(r.config.dropout, r.config.l2) for r in results] == [(0.0, 0.0), (0.0, 1e-3), (0.5, 0.0), (0.5, 1e-3)]
    for result in results:
        assert set(result.config.differences(base)) <= {"dropout", "l2"}
        assert result.status == "completed" and len(result.history) == 1
    assert sorted(records) == sorted(r.run_id for r in results)
    for result in results:
        record = records[result.run_id]
        assert record.status == "completed"
        assert ExperimentConfig.from_dict(record.config) == result.config
        assert record.dataset["sizes"] == split.sizes()  # the same rows in every run
        assert record.dataset["fingerprint"] == dataset.summary.fingerprint  # and the file is recorded

    table = results_table(results, ["dropout", "l2"]).splitlines()
    assert len(table) == 5
    assert table[0].split()[:4] == ["run", "dropout", "l2", "status"]
    assert table[0].split()[-3:] == ["acc", "macro-F1", "seconds"]
    assert table[2].split()[:4] == [str(results[1].run_id), "0", "0.001", "completed"]
    assert f"{results[3].test['accuracy']:.3f}" in table[4]
    assert len({len(line) for line in table[1:]}) == 1  # aligned


def test_stop_during_the_first_run_skips_the_rest(dataset, tmp_path):
    stop = threading.Event()

    def listener(event):
        if isinstance(event, BatchProgress):
            stop.set()

    with RunStore(tmp_path) as store:
        results = run_sweep(TINY.replace(epochs=50, batch_size=4), [("dropout", [0.0, 0.2, 0.5])], dataset,
                            listener=listener, stop=stop, store=store)
        stored = store.list_runs()
    assert [r.status for r in results] == ["stopped"]
    assert len(results[0].history) == 1
    assert [(r.id, r.status) for r in stored] == [(results[0].run_id, "stopped")]


def test_a_ready_split_is_used_as_it_is(dataset):
    from workbench.core.data import split_dataset

    split = split_dataset(dataset, 0.3, 0.2, seed=1)
    results = run_sweep(ExperimentConfig(model="lookup"), [("tokenizer", ["word", "char"])], split)
    assert [r.status for r in results] == ["completed", "completed"]
    assert [r.config.tokenizer for r in results] == ["word", "char"]
    assert all(sum(r.test["per_class"][c]["support"] for c in r.test["labels"]) == len(split.test)
               for r in results)


def test_results_table_shows_dashes_for_what_a_run_did_not_reach():
    from workbench.core.training import RunResult

    failed = RunResult("failed", "boom", TINY.replace(dropout=0.2), ["a", "b"], timing={"total_s": 0.5})
    history = [{"loss": 0.6, "accuracy": 0.7, "val_loss": 0.5, "val_accuracy": 0.6},
               {"loss": 0.4, "accuracy": 0.9, "val_loss": 0.55, "val_accuracy": 0.65}]
    done = RunResult("completed", "", TINY.replace(dropout=0.5), ["a", "b"], history=history,
                     test={"accuracy": 0.625, "macro_f1": 0.6}, timing={"total_s": 2.26}, run_id=12)
    lines = results_table([failed, done], ["dropout"]).splitlines()
    assert lines[1].split() == ["-", "0.2", "failed", "-", "-", "-", "-", "-", "0.5"]
    assert lines[2].split() == ["12", "0.5", "completed", "0.650", "+0.250", "1", "0.625", "0.600", "2.3"]
