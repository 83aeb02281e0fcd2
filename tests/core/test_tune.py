"""The budgeted search with real Optuna, real (tiny) training and a real run store."""

import threading

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import EpochEnd, RunStarted, StudyStarted, TrialFinished
from workbench.core.metrics import classification_scores
from workbench.core.search_space import parse_space
from workbench.core.store import RunStore
from workbench.core.training import load_predictor
from workbench.core.tune import tune

TINY = ExperimentConfig(epochs=4, batch_size=8, embedding_dim=8, max_tokens=200, learning_rate=0.05)


@pytest.fixture
def dataset(tmp_path):
    return load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(80)))


def test_every_trial_is_a_stored_run_of_one_study_and_the_best_is_the_best_completed(dataset, tmp_path):
    events = []
    stop = threading.Event()

    def listener(event):
        events.append(event)
        if isinstance(event, TrialFinished) and event.number == 3:
            stop.set()

    space = parse_space('{"learning_rate": [0.001, 0.1], "dropout": [0, 0.5]}', TINY)
    with RunStore(tmp_path / "home") as store:
        result = tune(TINY, dataset, budget_s=600, space=space, listener=listener, stop=stop, store=store)
        group = store.group(result.group_id)
        runs = {run_id: store.get_run(run_id) for run_id in group["run_ids"]}

    assert result.status == "stopped" and len(result.trials) == 3
    assert group["kind"] == "study" and group["info"]["trials"] == result.trials
    assert sorted(runs) == [t["run_id"] for t in result.trials]
    assert all(run.group_id == result.group_id and run.status == "completed" for run in runs.values())
    first = result.trials[0]  # the starting settings, as they were
    assert first["params"] == {"learning_rate": 0.05, "dropout": 0.0}
    for trial in result.trials:
        assert runs[trial["run_id"]].config["learning_rate"] == trial["params"]["learning_rate"]
    completed = [t for t in result.trials if t["state"] == "completed"]
    best = max(completed, key=lambda t: t["value"])
    assert result.best["trial"] == best["number"] and result.best["value"] == best["value"]
    assert result.best["config"]["dropout"] == best["params"]["dropout"]

    assert isinstance(events[0], StudyStarted) and events[0].space["learning_rate"]["log"] is True
    finished = [e for e in events if isinstance(e, TrialFinished)]
    assert [e.number for e in finished] == [1, 2, 3]
    assert sum(isinstance(e, RunStarted) for e in events) == 3
    assert finished[-1].best["number"] == best["number"] and finished[-1].params == result.trials[2]["params"]
    assert [e.best["value"] for e in finished] == sorted(e.best["value"] for e in finished)  # never worse


def test_stop_ends_the_study_and_keeps_the_trial_in_flight_as_stopped(dataset, tmp_path):
    stop = threading.Event()

    def listener(event):
        if isinstance(event, EpochEnd) and event.epoch == 2:
            stop.set()

    with RunStore(tmp_path / "home") as store:
        result = tune(TINY, dataset, budget_s=600, space=parse_space('{"dropout": [0, 0.5]}', TINY),
                      listener=listener, stop=stop, store=store)
        run = store.get_run(result.trials[0]["run_id"])
        info = store.group(result.group_id)["info"]
    assert result.status == "stopped" and [t["state"] for t in result.trials] == ["stopped"]
    assert result.best is None and run.status == "stopped" and run.message == "Stopped with the study."
    assert result.trials[0]["epochs"] == 2  # a stop during an epoch's end starts no other epoch
    assert info["status"] == "stopped" and info["trials"] == result.trials


def test_a_spent_budget_stops_the_trial_in_flight_and_still_reports_the_best_so_far(dataset):
    # The lookup table trains in milliseconds: the trials before the cut all finish. One text per step makes
    # a bag of embeddings take about 0.12 s an epoch, so none of its 500-1000 fits in the budget (at 8 a step,
    # 866 epochs finished in 17 s, and the study could end on a lookup trial that the deadline cannot stop).
    memorizer = TINY.replace(model="lookup", batch_size=1)
    space = parse_space('{"model": ["lookup", "bag_of_embeddings"], "epochs": [500, 1000]}', memorizer)
    result = tune(memorizer, dataset, budget_s=20, space=space)
    *finished, cut = result.trials
    assert finished and all(t["state"] == "completed" for t in finished) and result.status == "completed"
    assert cut["state"] == "stopped" and "budget" in cut["message"] and cut["params"]["model"] == "bag_of_embeddings"
    assert 0 < cut["epochs"] < cut["params"]["epochs"]  # cut short by the budget, however fast the machine
    best_value = max(t["value"] for t in finished)
    assert result.best["value"] == best_value
    assert result.best["run_id"] in {t["run_id"] for t in finished if t["value"] == best_value}
    assert 20 <= result.elapsed_s < 20 + 15


def test_hopeless_trials_are_pruned_after_their_early_epochs(dataset, tmp_path):
    stop = threading.Event()

    def listener(event):
        if isinstance(event, TrialFinished) and (event.state == "pruned" or event.number == 12):
            stop.set()

    config = TINY.replace(epochs=5)
    with RunStore(tmp_path / "home") as store:
        result = tune(config, dataset, budget_s=600, space=parse_space('{"learning_rate": [1e-6, 0.1]}', config),
                      listener=listener, stop=stop, store=store)
        pruned = [t for t in result.trials if t["state"] == "pruned"]
        assert pruned, [(t["state"], t["params"], t["value"]) for t in result.trials]
        run = store.get_run(pruned[0]["run_id"])
    assert run.status == "stopped" and run.message.startswith("Pruned after epoch 3")
    assert pruned[0]["epochs"] == 3 and pruned[0]["value"] is None
    assert sum(t["state"] == "completed" for t in result.trials[:-1]) >= 3  # the pruner waits for 3


def test_recall_of_a_class_is_measured_on_the_validation_rows_of_the_trained_model(dataset, tmp_path):
    stop = threading.Event()
    with RunStore(tmp_path / "home") as store:
        result = tune(TINY.replace(epochs=2, learning_rate=0.01), dataset, budget_s=600, metric="recall:negative",
                      space=parse_space('{"dropout": [0, 0.5]}', TINY), store=store, stop=stop,
                      listener=lambda e: stop.set() if isinstance(e, TrialFinished) else None)
        model_path = store.get_run(result.best["run_id"]).model_path
    split = split_dataset(dataset, TINY.validation_fraction, TINY.test_fraction, TINY.seed)
    predictor = load_predictor(model_path)
    scores = classification_scores(split.encode(split.validation), predictor.predict(split.validation.text.tolist()),
                                   predictor.class_names)
    assert result.metric == "recall:negative"
    assert result.best["value"] == pytest.approx(scores["per_class"]["negative"]["recall"])
    assert result.best["val_accuracy"] == pytest.approx(scores["accuracy"])


@pytest.mark.parametrize("options, message", [
    ({"budget_s": 0}, "budget must be more than 0 minutes"),
    ({"budget_s": float("nan")}, "budget must be more than 0 minutes"),
    ({"metric": "recall:neutral"}, "recall:neutral names no class of this data; its classes are negative, positive"),
    ({"metric": "precision"}, "must be val_accuracy, macro_f1 or recall:CLASS"),
    ({"space": {}}, "search space is empty"),
])
def test_bad_input_is_refused_before_any_trial(dataset, tmp_path, options, message):
    with RunStore(tmp_path / "home") as store:
        with pytest.raises(ConfigError, match=message):
            tune(TINY, dataset, **{"budget_s": 60, **options}, store=store)
        assert store.list_runs() == [] and store.list_groups() == []


def test_a_space_whose_draws_never_fit_together_ends_the_study_with_a_reason(dataset):
    config = TINY.replace(model="transformer")  # 2 heads: the embedding size must be even
    result = tune(config, dataset, budget_s=60, space=parse_space('{"embedding_dim": [3, 3]}', config))
    assert [t["state"] for t in result.trials] == ["completed"] + ["invalid"] * 10  # trial 1: the settings given
    assert result.best["trial"] == 1 and "must be divisible by num_heads" in result.trials[1]["message"]
    assert "narrow the search space" in result.message
