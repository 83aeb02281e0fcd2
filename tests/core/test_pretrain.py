"""Pretraining on unlabelled text, and reading unlabelled text: real files, real Keras, real SQLite."""

import threading

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, load_texts
from workbench.core.errors import ConfigError, DatasetError
from workbench.core.events import BatchProgress, EpochEnd, RunFinished, RunStarted
from workbench.core.pretrain import _Masker, objective, pretrain
from workbench.core.store import RunStore
from workbench.core.training import train
from workbench.core.transfer import lineage
from workbench.core.vectors import write_vectors

TINY = dict(epochs=2, batch_size=8, embedding_dim=8, hidden_units=8, max_tokens=300)


def plain_lines(path, n=60):
    path.write_text("".join(f"{text}\n\n" for text, _ in labelled_rows(n)), encoding="utf-8")
    return path


# --- reading ---------------------------------------------------------------------------


def test_a_text_file_is_one_text_per_line(tmp_path):
    corpus = load_texts(plain_lines(tmp_path / "notes.txt"))
    assert corpus.rows == 60 and corpus.dropped_empty == 60 and corpus.delimiter == "none"
    assert corpus.texts[0] == labelled_rows(1)[0][0] and corpus.language == "en" and not corpus.has_header


def test_a_one_column_csv_with_a_header_and_quoted_line_breaks(tmp_path):
    rows = [(f'"Line one, with a comma\nand a second line" {i}',) for i in range(25)]
    path = write_csv(tmp_path / "one.csv", rows, header=("review",))
    corpus = load_texts(path)
    assert corpus.rows == 25 and corpus.has_header and corpus.text_column == "review"
    assert "\n" in corpus.texts[0] and corpus.texts[0].startswith('"Line one, with a comma')


def test_a_labelled_table_gives_its_text_column_and_the_labels_are_ignored(tmp_path):
    path = write_csv(tmp_path / "d.csv", [(i, text, label) for i, (text, label) in enumerate(labelled_rows(30))],
                     header=("id", "comment", "label"), delimiter=";", encoding="gbk")
    corpus = load_texts(path)
    assert corpus.text_column == "comment" and corpus.rows == 30 and corpus.delimiter == "semicolon"
    assert load_texts(path, text_column="2").texts == corpus.texts
    with pytest.raises(DatasetError, match="No column named 'body'"):
        load_texts(path, text_column="body")
    with pytest.raises(DatasetError, match="only 5 non-empty texts; at least 20"):
        load_texts(plain_lines(tmp_path / "few.txt", 5))


# --- the objectives ----------------------------------------------------------------------


def test_each_model_family_gets_the_objective_its_encoder_can_use():
    assert objective(ExperimentConfig(model="lstm")) == "next_token"
    assert objective(ExperimentConfig(model="gru", bidirectional=True)) == "masked_token"
    assert {objective(ExperimentConfig(model=m)) for m in ("cnn", "transformer", "bag_of_embeddings")} == {
        "masked_token"}


def test_masked_tokens_are_hidden_and_are_the_targets():
    ids = np.array([[5, 6, 7, 8, 9, 10, 11, 0], [4, 3, 0, 0, 0, 0, 0, 0]])
    masker = _Masker("masked_token", mask_id=1, targets=100, slots=2, chance=np.ones(100))
    (inputs, positions), labels, weights = masker(ids, np.random.default_rng(0))
    assert weights.tolist() == [[1, 1], [2, 0]]  # 15% of 7 tokens rounds up to 2; each text weighs 2 in all
    for row in range(2):
        for slot in range(2):
            if weights[row, slot]:
                assert labels[row, slot] == ids[row, positions[row, slot]] and inputs[row, positions[row, slot]] == 1
    assert (inputs == 1).sum() == 3 and (inputs[ids == 0] == 0).all()


def test_next_token_targets_are_the_following_token_and_the_input_is_untouched():
    ids = np.array([list(range(5, 19)) + [0, 0]])  # 14 tokens: 13 have a next one, 15% of 13 rounds up to 2
    masker = _Masker("next_token", mask_id=1, targets=100, slots=2, chance=np.ones(100))
    (inputs, positions), labels, weights = masker(ids, np.random.default_rng(1))
    assert np.array_equal(inputs, ids) and weights[0].tolist() == [1, 1]
    assert labels[0].tolist() == [ids[0, p + 1] for p in positions[0]] and positions.max() < 13


def test_frequent_tokens_are_seldom_targets():
    ids = np.array([[2] * 20 + [3 + i for i in range(20)]] * 50)  # token 2 is half of all tokens
    chance = np.ones(100)
    chance[2] = 0.0
    masker = _Masker("masked_token", mask_id=1, targets=100, slots=6, chance=chance)
    _, labels, weights = masker(ids, np.random.default_rng(2))
    assert (labels[weights > 0] != 2).all()


# --- pretraining ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["bag_of_embeddings", "lstm"])
def test_pretraining_a_text_file_is_stored_and_a_classifier_starts_from_it(tmp_path, model):
    corpus = load_texts(plain_lines(tmp_path / "notes.txt", 80))
    store = RunStore(tmp_path / "home")
    events = []
    result = pretrain(ExperimentConfig(model=model, **TINY), corpus, listener=events.append, store=store)
    assert result.status == "completed", result.message
    record = store.get_run(result.run_id)
    assert record.kind == "pretrain" and record.to_dict()["kind"] == "pretrain" and record.model_path
    assert [h["epoch"] for h in store.history(result.run_id)] == [1, 2]
    assert all(np.isfinite(h["loss"]) and np.isfinite(h["val_loss"]) for h in result.history)
    started = next(e for e in events if isinstance(e, RunStarted))
    assert started.kind == "pretrain" and started.class_names == [] and started.sizes["validation"] == 12
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2] and isinstance(events[-1], RunFinished)
    assert {"status", "run_id", "history", "objective"} <= set(result.to_dict())

    data = load_dataset(write_csv(tmp_path / "labelled.csv", labelled_rows(60)))
    child = train(ExperimentConfig(model=model, **TINY, init_from=result.run_id), data, store=store)
    assert child.status == "completed", child.message
    assert store.get_run(child.run_id).parent_id == result.run_id
    start = child.start["init_from"]
    assert start["kind"] == "pretrain" and "embedding" in start["layers"] and "output" not in start["layers"]
    assert start["classes"]["new"] == ["negative", "positive"]
    # drawn one after the other, the classifier's curves start at its epoch 1: token prediction is another scale
    assert [(e["run_id"], e["kind"], e["first_epoch"]) for e in lineage(store, child.run_id)] == [
        (result.run_id, "pretrain", None), (child.run_id, "train", 1)]
    if model == "lstm":
        assert "lstm_1" in start["layers"]


def test_pretrained_vectors_round_trip_with_full_coverage(tmp_path):
    corpus = load_texts(plain_lines(tmp_path / "notes.txt", 80))
    # bag of embeddings with word pairs (n-grams are composed again), a vocabulary that holds every token
    config = ExperimentConfig(**{**TINY, "max_tokens": 5000})
    result = pretrain(config, corpus)
    vocabulary, matrix = result.embedding()
    count = write_vectors(tmp_path / "out.vec", vocabulary, matrix)
    assert count == sum(" " not in token for token in vocabulary[2:])
    data = load_dataset(write_csv(tmp_path / "labelled.csv", labelled_rows(80)))
    trained = train(config.replace(embeddings=str(tmp_path / "out.vec"), freeze_embeddings=True), data)
    report = trained.to_dict()["embeddings"]
    assert report["coverage"] == 1.0 and report["dimension"] == 8 and report["composed"] > 0
    word = trained.encoder.vocabulary[5]
    assert np.allclose(trained.model.get_layer("embedding").get_weights()[0][5], matrix[vocabulary.index(word)],
                       atol=1e-5)


def test_pretraining_stops_within_a_batch_and_refuses_what_it_cannot_pretrain(tmp_path):
    corpus = load_texts(plain_lines(tmp_path / "notes.txt", 80))
    stop = threading.Event()

    def listener(event):
        if isinstance(event, BatchProgress):
            stop.set()

    result = pretrain(ExperimentConfig(**{**TINY, "epochs": 50, "batch_size": 4}), corpus, listener=listener,
                      stop=stop)
    assert result.status == "stopped" and len(result.history) == 1
    for changes, message in (({"model": "mlp"}, "The mlp model has no embedding and encoder to pretrain"),
                             ({"model": "lookup"}, "The lookup model"),
                             ({"init_from": 3}, "Pretraining starts from random weights")):
        with pytest.raises(ConfigError, match=message):
            pretrain(ExperimentConfig(**TINY).replace(**changes), corpus)
