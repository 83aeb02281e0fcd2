"""Regularization lab diagnostics: the overfitting detector on crafted histories, weight statistics
from real (tiny) Keras runs, and error analysis."""

import math
import random

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.diagnostics import (
    OverfitReport,
    best_epoch,
    detect_overfitting,
    generalization_gap,
    misclassified,
    token_importance,
    weight_stats,
)
from workbench.core.events import EpochEnd
from workbench.core.store import RunStore
from workbench.core.training import train

TINY = dict(epochs=3, batch_size=8, embedding_dim=8, hidden_units=8, max_tokens=200)


def history(val_loss, loss, accuracy=None, val_accuracy=None):
    n = len(val_loss)
    accuracy = accuracy or [0.5] * n
    val_accuracy = val_accuracy or [0.5] * n
    return [{"loss": l, "val_loss": v, "accuracy": a, "val_accuracy": va}
            for l, v, a, va in zip(loss, val_loss, accuracy, val_accuracy)]


# --- overfitting detector ------------------------------------------------------------------

MEMORIZING = history(val_loss=[1.0, 0.8, 0.6, 0.5, 0.55, 0.6, 0.7],
                     loss=[1.0, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1])


def test_detector_fires_exactly_when_validation_loss_has_risen_for_three_epochs():
    assert detect_overfitting(MEMORIZING[:6]) is None  # risen for two epochs only
    report = detect_overfitting(MEMORIZING)
    assert isinstance(report, OverfitReport)
    assert (report.since_epoch, report.epochs_rising) == (4, 3)
    assert (report.best_val_loss, report.current_val_loss) == (0.5, 0.7)
    assert "risen for 3 epochs since epoch 4" in report.message
    assert "stop at epoch 4" in report.message and "dropout or L2" in report.message
    assert detect_overfitting(MEMORIZING[:6], patience=2).since_epoch == 4


def test_detector_counts_every_epoch_since_the_best_one():
    h = MEMORIZING + history(val_loss=[0.65], loss=[0.05])  # down a little, still above the best
    report = detect_overfitting(h)
    assert (report.since_epoch, report.epochs_rising) == (4, 4)


def test_detector_stays_quiet_when_training_loss_rises_too():
    h = history(val_loss=[1.0, 0.8, 0.6, 0.5, 0.55, 0.6, 0.7], loss=[1.0, 0.7, 0.5, 0.4, 0.45, 0.5, 0.6])
    assert detect_overfitting(h) is None


def test_detector_stays_quiet_for_a_steadily_improving_run():
    h = history(val_loss=[1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.57], loss=[1.0, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1])
    assert detect_overfitting(h) is None
    assert detect_overfitting([]) is None and detect_overfitting(h[:2]) is None


def test_detector_ignores_a_dip_back_to_a_new_best():
    h = history(val_loss=[1.0, 0.5, 0.6, 0.7, 0.4, 0.45], loss=[1.0, 0.8, 0.6, 0.4, 0.3, 0.2])
    assert detect_overfitting(h) is None  # the best is epoch 5, only one epoch back


def test_best_epoch_and_generalization_gap():
    h = history(val_loss=[0.9, 0.4, 0.5, 0.4], loss=[1, 1, 1, 1], accuracy=[0.6, 0.8, 0.9, 0.97],
                val_accuracy=[0.55, 0.7, 0.72, 0.71])
    assert best_epoch(h) == 2  # the first of two equal minima
    assert generalization_gap(h) == pytest.approx(0.26)
    assert math.isnan(generalization_gap([]))
    with pytest.raises(ValueError):
        best_epoch([])


# --- weights, live ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(80)))


def test_l1_ends_with_more_weights_near_zero_than_no_penalty(dataset):
    config = ExperimentConfig(**TINY, regularize_embedding=True)
    plain = train(config, dataset).history[-1]
    l1 = train(config.replace(l1=1e-2), dataset).history[-1]
    assert l1["sparsity"] > plain["sparsity"] + 0.05, (l1["sparsity"], plain["sparsity"])
    assert l1["mean_abs_weight"] < plain["mean_abs_weight"]


def test_epoch_events_carry_weight_histograms_and_the_store_keeps_flat_numbers(dataset, tmp_path):
    events = []
    with RunStore(tmp_path) as store:
        result = train(ExperimentConfig(**{**TINY, "epochs": 2}), dataset, listener=events.append, store=store)
        stored = store.history(result.run_id)
    epochs = [e for e in events if isinstance(e, EpochEnd)]
    assert len(epochs) == 2
    vocabulary = len(result.encoder.vocabulary)
    for event in epochs:
        assert set(event.weights) == {"embedding/embeddings", "output/kernel"}  # no biases
        embedding, output = event.weights["embedding/embeddings"], event.weights["output/kernel"]
        assert (embedding["layer"], output["layer"]) == ("embedding", "output")
        assert embedding["count"] == sum(embedding["counts"]) == vocabulary * 8
        assert output["count"] == sum(output["counts"]) == 8 * 2
        for stats in (embedding, output):
            assert len(stats["counts"]) == 30 and len(stats["edges"]) == 31
            assert stats["edges"][0] == pytest.approx(-stats["edges"][-1])  # symmetric around 0
            assert 0 <= stats["sparsity"] <= 1 and stats["mean_abs"] > 0
        assert 0 <= event.metrics["sparsity"] <= 1 and event.metrics["mean_abs_weight"] > 0
    for h in result.history + stored:
        assert all(isinstance(v, (int, float)) for v in h.values())
    assert [h["sparsity"] for h in stored] == [h["sparsity"] for h in result.history]


def test_weight_stats_spike_at_zero_and_threshold():
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, name="dense_1")])
    kernel = np.zeros((4, 5), dtype="float32")
    kernel[0] = [-1.0, -0.5, 0.5, 1.0, 0.0005]
    model.get_layer("dense_1").kernel.assign(kernel)
    stats = weight_stats(model, bins=5)
    assert list(stats) == ["dense_1/kernel"]
    s = stats["dense_1/kernel"]
    assert s.edges == pytest.approx([-1.0, -0.6, -0.2, 0.2, 0.6, 1.0])
    assert s.counts == [1, 1, 16, 1, 1] and s.count == 20
    assert s.sparsity == pytest.approx(16 / 20) and s.mean_abs == pytest.approx(3.0005 / 20)


# --- errors ----------------------------------------------------------------------------------


def test_misclassified_lists_the_most_confident_mistakes_first():
    texts = ["a", "b", "c", "d"]
    p = np.array([[0.9, 0.1], [0.3, 0.7], [0.05, 0.95], [0.6, 0.4]])
    rows = misclassified(texts, [0, 0, 0, "neg"], p, ["pos", "neg"])
    assert [r["text"] for r in rows] == ["c", "b", "d"]
    assert rows[0] == {"index": 2, "text": "c", "true": "pos", "predicted": "neg", "confidence": 0.95}
    assert misclassified(texts, [0, 1, 1, 0], p, ["pos", "neg"]) == []


@pytest.fixture(scope="module")
def one_word_decides(tmp_path_factory):
    """English and Chinese texts of shared filler; only 'excellent'/'terrible' (好/差) tell the class."""
    rng = random.Random(0)
    filler = "the parcel came today with box paper and a note from shop staff about delivery".split()
    zh_filler = list("这个快递今天到了包装盒子里面有一张纸条")
    rows = []
    for i in range(160):
        good = i % 2 == 0
        words = rng.sample(filler, 6)
        words.insert(rng.randrange(7), "excellent" if good else "terrible")
        rows.append((" ".join(words), "good" if good else "bad"))
        chars = rng.sample(zh_filler, 6)
        chars.insert(rng.randrange(7), "好" if good else "差")
        rows.append(("".join(chars), "good" if good else "bad"))
    data = load_dataset(write_csv(tmp_path_factory.mktemp("w") / "w.csv", rows))
    config = ExperimentConfig(epochs=5, batch_size=16, embedding_dim=16, learning_rate=1e-2, ngrams=1)
    result = train(config, data)
    assert result.status == "completed" and result.history[-1]["val_accuracy"] >= 0.9, result.history[-1]
    return result.predictor


def test_removing_the_deciding_word_matters_most(one_word_decides):
    text = "The parcel came today, excellent box and a note."
    importance = token_importance(one_word_decides, text)
    assert [t for t, _ in importance] == ["the", "parcel", "came", "today", "excellent", "box", "and", "a", "note"]
    assert max(importance, key=lambda item: item[1])[0] == "excellent"
    good = one_word_decides.class_names.index("good")
    assert dict(token_importance(one_word_decides, text, target=1 - good))["excellent"] < 0


def test_token_importance_works_on_chinese_characters(one_word_decides):
    importance = token_importance(one_word_decides, "这个快递很差")
    assert [t for t, _ in importance] == list("这个快递很差")
    assert max(importance, key=lambda item: item[1])[0] == "差"
    assert token_importance(one_word_decides, "") == []
