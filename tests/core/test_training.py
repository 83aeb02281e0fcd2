"""train() end to end: real Keras on tiny data, real SQLite."""

import math
import threading

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import MODELS, ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.events import BatchProgress, EpochEnd, RunFinished, RunStarted
from workbench.core.store import RunStore
from workbench.core.training import train

TINY = dict(epochs=2, batch_size=8, embedding_dim=8, hidden_units=8, num_heads=2, max_tokens=200)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(80)))


@pytest.mark.parametrize("model", MODELS)
def test_every_model_trains_and_scores(dataset, model):
    events = []
    result = train(ExperimentConfig(model=model, **TINY), dataset, listener=events.append)
    assert result.status == "completed", result.message
    expected_epochs = 1 if model == "lookup" else 2
    assert len(result.history) == expected_epochs
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "regularization", "data_loss", "learning_rate"):
        assert math.isfinite(result.history[-1][key])
    assert 0 <= result.test["accuracy"] <= 1 and len(result.test["confusion_matrix"]) == 2
    assert isinstance(events[0], RunStarted) and isinstance(events[-1], RunFinished)
    assert sum(isinstance(e, EpochEnd) for e in events) == expected_epochs
    probabilities = result.predict(["The soup was wonderful", "never arrived"])
    assert probabilities.shape == (2, 2) and np.allclose(probabilities.sum(1), 1, atol=1e-5)


def test_lookup_memorizes_training_but_not_validation(dataset):
    result = train(ExperimentConfig(model="lookup"), dataset)
    assert result.history[0]["accuracy"] == 1.0
    assert result.history[0]["val_accuracy"] <= 0.75


def test_same_seed_gives_the_same_metrics(dataset):
    config = ExperimentConfig(model="lstm", **TINY)
    a, b = train(config, dataset), train(config, dataset)

    def scores(result):
        return [[h[k] for k in ("loss", "accuracy", "val_loss", "val_accuracy")] for h in result.history]

    assert np.allclose(scores(a), scores(b), rtol=1e-5)
    assert a.test["confusion_matrix"] == b.test["confusion_matrix"]


def test_stop_takes_effect_after_the_batch_in_flight(dataset):
    stop = threading.Event()
    asked_at = []  # the optimizer step after which Stop was pressed

    def listener(event):
        if isinstance(event, BatchProgress) and not asked_at:
            asked_at.append((event.epoch - 1) * event.steps + event.step)
            stop.set()  # pressed while this batch's end is reported: the next batch is the one in flight

    result = train(ExperimentConfig(epochs=50, batch_size=4), dataset, listener=listener, stop=stop)
    assert result.status == "stopped"
    # The optimizer counts the batches that really ran: exactly one more than when Stop was pressed.
    assert int(result.model.optimizer.iterations.numpy()) == asked_at[0] + 1
    assert len(result.history) == 1 and result.test is not None  # the cut epoch is kept, and scored


def test_huge_learning_rate_diverges_with_advice(dataset):
    config = ExperimentConfig(model="mlp", optimizer="sgd", momentum=0.0, learning_rate=10.0, epochs=30,
                              hidden_units=64, batch_size=4)
    result = train(config.replace(l2=1.0), dataset)
    assert result.status == "diverged"
    assert "learning rate (10) is probably too high; try 1" in result.message


def test_l2_penalty_is_reported_beside_the_data_loss(dataset):
    h = train(ExperimentConfig(l2=1e-2, **TINY), dataset).history[-1]
    assert h["regularization"] > 0 and h["data_loss"] == pytest.approx(h["loss"] - h["regularization"])


def test_the_store_keeps_the_run_its_epochs_and_model(dataset, tmp_path):
    store = RunStore(tmp_path)
    result = train(ExperimentConfig(**TINY), dataset, store=store)
    record = store.get_run(result.run_id)
    assert record.status == "completed" and record.model == "bag_of_embeddings"
    assert [h["val_accuracy"] for h in store.history(result.run_id)] == [h["val_accuracy"] for h in result.history]
    assert record.results["test"]["accuracy"] == result.test["accuracy"]
    assert record.model_path and (tmp_path / "models" / str(result.run_id) / "encoder.json").exists()
    assert record.dataset["fingerprint"] == dataset.summary.fingerprint
    store.close()


def test_a_stored_model_predicts_the_same_after_reloading(dataset, tmp_path):
    from workbench.core.training import load_predictor

    store = RunStore(tmp_path)
    config = ExperimentConfig(model="transformer", ngrams=2, **TINY)
    result = train(config, dataset, store=store)
    texts = ["The soup was wonderful", "never arrived, a waste of money", "完全没见过的词"]
    reloaded = load_predictor(store.get_run(result.run_id).model_path)
    assert reloaded.class_names == result.class_names
    assert np.allclose(reloaded.predict(texts), result.predict(texts), atol=1e-5)
    store.close()


@pytest.mark.parametrize("changes, optimizer, expected", [
    ({"optimizer": "adamw", "weight_decay": 1e-3}, "AdamW", {"weight_decay": 1e-3}),
    ({"optimizer": "sgd", "momentum": 0.5}, "SGD", {"momentum": 0.5}),
    ({"optimizer": "rmsprop"}, "RMSprop", {}),
    ({"gradient_clip": 1.0}, "Adam", {"clipnorm": 1.0}),
])
def test_every_optimizer_setting_is_the_one_that_trains(dataset, changes, optimizer, expected):
    result = train(ExperimentConfig(**{**TINY, "epochs": 3}, learning_rate=0.01).replace(**changes), dataset)
    assert result.status == "completed", result.message
    used = result.model.optimizer
    assert type(used).__name__ == optimizer
    for name, value in expected.items():
        assert float(getattr(used, name)) == pytest.approx(value)
    losses = [h["loss"] for h in result.history]
    assert losses[-1] < losses[0], losses  # it learned


def test_learning_rate_schedules_lower_the_rate(dataset):
    for schedule in ("exponential", "cosine"):
        history = train(ExperimentConfig(**{**TINY, "epochs": 3}, lr_schedule=schedule), dataset).history
        rates = [h["learning_rate"] for h in history]
        assert rates[0] > rates[1] > rates[2], (schedule, rates)
    constant = train(ExperimentConfig(**TINY), dataset).history
    assert constant[0]["learning_rate"] == constant[1]["learning_rate"]


def test_plateau_schedule_halves_the_rate_when_validation_loss_stalls(tmp_path):
    rng = np.random.default_rng(0)  # labels unrelated to the texts: validation loss stops improving
    rows = [(text, rng.choice(["a", "b"])) for text, _ in labelled_rows(80)]
    noise = load_dataset(write_csv(tmp_path / "noise.csv", rows))
    history = train(ExperimentConfig(**{**TINY, "epochs": 12}, learning_rate=0.05, lr_schedule="plateau"),
                    noise).history
    rates = [h["learning_rate"] for h in history]
    assert rates[0] == pytest.approx(0.05) and rates[-1] < rates[0], rates
    for before, after in zip(rates, rates[1:]):  # kept, or halved
        assert after == pytest.approx(before) or after == pytest.approx(before / 2), rates


def test_early_stopping_ends_before_the_last_epoch(tmp_path):
    rng = np.random.default_rng(0)  # labels unrelated to the texts: validation loss can only get worse
    rows = [(text, rng.choice(["a", "b"])) for text, _ in labelled_rows(80)]
    noise = load_dataset(write_csv(tmp_path / "noise.csv", rows))
    config = ExperimentConfig(**{**TINY, "epochs": 60}, learning_rate=0.05, early_stopping=True, patience=2)
    result = train(config, noise)
    assert result.status == "completed" and len(result.history) < 60


@pytest.fixture(scope="module")
def imbalanced(tmp_path_factory):
    rows = labelled_rows(80) + [(f"A rare complaint about parking, number {i}.", "rare") for i in range(12)]
    return load_dataset(write_csv(tmp_path_factory.mktemp("imb") / "d.csv", rows))


def test_class_imbalance_modes_change_what_the_model_learns(imbalanced):
    started = {}

    def run(mode):
        events = []
        result = train(ExperimentConfig(**TINY, class_imbalance=mode), imbalanced, listener=events.append)
        assert result.status == "completed" and len(result.test["labels"]) == 3
        started[mode] = next(e for e in events if isinstance(e, RunStarted))
        rare = result.class_names.index("rare")
        return float(result.predict(result.split.train.text.tolist())[:, rare].mean())

    p_rare = {mode: run(mode) for mode in ("none", "class_weights", "oversample", "undersample")}
    train_rows = started["none"].sizes["train"]
    steps = {mode: event.steps_per_epoch for mode, event in started.items()}
    # Resampling changes how many texts an epoch holds; class weights keep the texts and weigh the loss.
    assert steps["oversample"] > steps["none"] == steps["class_weights"] == math.ceil(train_rows / 8)
    assert steps["undersample"] < steps["none"]
    # Weighting the rare class makes the model give it more probability than plain training does.
    assert p_rare["class_weights"] > p_rare["none"], p_rare
    assert p_rare["oversample"] > p_rare["none"], p_rare


def test_balance_resamples_to_the_largest_or_smallest_class():
    from workbench.core.training import _balance

    x, y = np.arange(10).reshape(10, 1), np.array([0] * 7 + [1] * 3)
    for mode, size in (("oversample", 7), ("undersample", 3)):
        _, yb, weights = _balance(ExperimentConfig(class_imbalance=mode), x, y, 2)
        assert np.bincount(yb).tolist() == [size, size] and weights is None
    _, _, weights = _balance(ExperimentConfig(class_imbalance="class_weights"), x, y, 2)
    assert weights[1] > weights[0] and abs(weights[0] * 7 + weights[1] * 3 - 10) < 1e-9


def test_probe_probabilities_every_epoch_match_the_trained_model_and_are_stored(dataset, tmp_path):
    store = RunStore(tmp_path)
    probes = ["The soup was wonderful", "never arrived, a waste of money"]
    events = []
    result = train(ExperimentConfig(**{**TINY, "epochs": 3}), dataset, listener=events.append, store=store,
                   probes=["  ", *probes])  # blank lines are dropped
    assert result.probes == probes
    started = next(e for e in events if isinstance(e, RunStarted))
    assert started.probes == probes
    per_epoch = [e.probes for e in events if isinstance(e, EpochEnd)]
    assert len(per_epoch) == 3 and all(np.array(p).shape == (2, 2) for p in per_epoch)
    assert np.allclose(np.array(per_epoch).sum(axis=2), 1, atol=1e-5)
    assert not np.allclose(per_epoch[0], per_epoch[-1])  # the model changed its mind as it trained
    assert np.allclose(per_epoch[-1], result.predict(probes), atol=1e-5)  # the last epoch = the final model
    assert store.get_run(result.run_id).probes == probes
    assert np.allclose(store.probe_history(result.run_id), per_epoch)
    assert result.to_dict()["probes"]["probabilities"] == result.probe_history
    store.close()


def test_too_many_probes_are_refused_before_training(dataset):
    from workbench.core.errors import ConfigError

    with pytest.raises(ConfigError, match="at most 8"):
        train(ExperimentConfig(**TINY), dataset, probes=[f"sentence {i}" for i in range(9)])


def test_the_lookup_baseline_is_the_memorizer_on_the_same_split(dataset, tmp_path):
    store = RunStore(tmp_path)
    events = []
    result = train(ExperimentConfig(**TINY), dataset, listener=events.append, store=store)
    lookup = train(ExperimentConfig(model="lookup"), dataset)
    assert result.baseline["val_accuracy"] == lookup.history[0]["val_accuracy"]
    assert result.baseline["val_loss"] == pytest.approx(lookup.history[0]["val_loss"])
    assert next(e for e in events if isinstance(e, RunStarted)).baseline == result.baseline
    assert store.get_run(result.run_id).results["baseline"] == result.baseline
    assert lookup.baseline is None  # the table is its own baseline
    probed = train(ExperimentConfig(model="lookup"), dataset, probes=["The soup was wonderful"])
    assert np.allclose(probed.probe_history[0], probed.predict(["The soup was wonderful"]))
    store.close()


@pytest.mark.parametrize("restore", [True, False])
def test_early_stopping_keeps_the_best_epochs_weights_only_when_asked(tmp_path, restore):
    rng = np.random.default_rng(0)  # labels unrelated to the texts: validation loss soon gets worse
    rows = [(text, rng.choice(["a", "b"])) for text, _ in labelled_rows(80)]
    noise = load_dataset(write_csv(tmp_path / "noise.csv", rows))
    config = ExperimentConfig(**{**TINY, "epochs": 60}, learning_rate=0.05, early_stopping=True, patience=2,
                              restore_best_weights=restore)
    result = train(config, noise)
    val_losses = [h["val_loss"] for h in result.history]
    assert len(val_losses) < 60 and min(val_losses) < val_losses[-1]  # it stopped after getting worse
    validation = result.split.validation
    probabilities = result.predict(validation.text.tolist())
    y = result.split.encode(validation)
    loss = float(-np.mean(np.log(np.clip(probabilities[np.arange(len(y)), y], 1e-7, 1))))
    kept = min(val_losses) if restore else val_losses[-1]
    assert loss == pytest.approx(kept, rel=1e-3), (loss, val_losses)


def test_a_stop_is_on_record_before_the_test_pass_and_the_save(dataset, tmp_path, monkeypatch):
    """The window gives a stopping engine 3 s before it ends it: the run must already read 'stopped' by then."""
    import workbench.core.training as training

    seen = {}
    real_save = training._save_model

    def saving(result, folder):
        seen["status"] = store.get_run(result.run_id).status
        return real_save(result, folder)

    monkeypatch.setattr(training, "_save_model", saving)
    stop = threading.Event()
    with RunStore(tmp_path / "home") as store:
        result = train(ExperimentConfig(model="cnn", **{**TINY, "epochs": 3}), dataset, stop=stop, store=store,
                       listener=lambda event: stop.set() if isinstance(event, EpochEnd) else None)
        final = store.get_run(result.run_id)
    assert seen["status"] == "stopped"
    assert final.status == "stopped" and final.model_path and "not saved" not in final.message
