"""Starting a run from a stored run or from word vectors: real Keras on tiny data, real SQLite."""

import hashlib
import shutil

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import BatchProgress, EpochEnd, RunStarted
from workbench.core.models import build_model
from workbench.core.store import RunStore
from workbench.core.training import encoder_settings, train
from workbench.core.transfer import (fine_tune_config, lineage, load_parent, starting_point,
                                     suggest_learning_rate)
from workbench.core.vectorize import TextEncoder

TINY = dict(model="cnn", kernel_sizes="2,3", epochs=2, batch_size=8, embedding_dim=8, hidden_units=8, max_tokens=300)
NEW_WORDS = ["The tram conductor was rude", "The tram conductor was kind"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One store with one trained parent (positive/negative), shared by the tests of this module."""
    folder = tmp_path_factory.mktemp("home")
    data = load_dataset(write_csv(folder / "parent.csv", labelled_rows(80)))
    with RunStore(folder) as store:
        parent = train(ExperimentConfig(**TINY), data, store=store)
        assert parent.status == "completed", parent.message
    return folder, parent.run_id


@pytest.fixture
def store(home):
    with RunStore(home[0]) as store:
        yield store


def dataset(tmp_path, labels=("positive", "negative"), extra=()):
    rows = labelled_rows(60, labels) + [(f"{text}, trip {i}.", labels[i % 2]) for i in range(6) for text in extra]
    return load_dataset(write_csv(tmp_path / "child.csv", rows))


def child(config, data, store):
    """The child's encoder and model exactly as train() starts them, before any training."""
    split_texts = data.frame["text"].tolist()
    start = starting_point(config, store, split_texts)
    encoder = TextEncoder(encoder_settings(config))
    encoder, model = start.build(encoder, encoder.prepare(split_texts), data.class_names, build_model)
    return start, encoder, model


def weights(model) -> dict[str, list[np.ndarray]]:
    return {layer.name: layer.get_weights() for layer in model.layers if layer.weights}


def parent_weights(store, run_id):
    return weights(load_parent(store, run_id).load_model())


def test_with_the_same_classes_the_whole_model_carries_over(home, store, tmp_path):
    _, parent_id = home
    start, encoder, model = child(ExperimentConfig(**TINY, init_from=parent_id), dataset(tmp_path), store)
    before = parent_weights(store, parent_id)
    assert set(weights(model)) == set(before) == {"embedding", "conv_1", "conv_2", "output"}
    for name, values in weights(model).items():
        assert all(np.array_equal(a, b) for a, b in zip(values, before[name])), name
    report = start.report["init_from"]
    assert report["classes"] == {"same": True, "kept": ["negative", "positive"], "new": [], "dropped": []}
    assert report["vocabulary"]["added"] == 0 and encoder.vocabulary == load_parent(store, parent_id).vocabulary


def test_with_other_classes_a_shared_class_keeps_its_output_weights(home, store, tmp_path):
    _, parent_id = home
    data = dataset(tmp_path, labels=("positive", "sarcastic"))
    start, _, model = child(ExperimentConfig(**TINY, init_from=parent_id), data, store)
    kernel, bias = model.get_layer("output").get_weights()
    old_kernel, old_bias = parent_weights(store, parent_id)["output"]
    # parent classes: negative, positive; child classes: positive, sarcastic
    assert np.array_equal(kernel[:, 0], old_kernel[:, 1]) and bias[0] == old_bias[1]
    assert not np.allclose(kernel[:, 1], old_kernel[:, 1])  # "sarcastic" is new: a column of its own
    assert np.array_equal(model.get_layer("conv_1").get_weights()[0], parent_weights(store, parent_id)["conv_1"][0])
    assert start.report["init_from"]["classes"] == {"same": False, "kept": ["positive"], "new": ["sarcastic"],
                                                    "dropped": ["negative"]}


def test_the_vocabulary_is_kept_or_extended_with_frequent_new_tokens(home, store, tmp_path):
    _, parent_id = home
    data = dataset(tmp_path, extra=NEW_WORDS + ["A lonely zeppelin"])
    kept_start, kept, _ = child(ExperimentConfig(**TINY, init_from=parent_id), data, store)
    start, grown, model = child(ExperimentConfig(**TINY, init_from=parent_id, extend_vocabulary=True), data, store)
    old = kept.vocabulary
    new = grown.vocabulary[len(old):]
    assert grown.vocabulary[:len(old)] == old
    assert {"tram", "conductor", "rude", "kind", "zeppelin", "lonely"} <= set(new) and "trip" in new
    assert "tram conductor" not in new  # a CNN reads single tokens: ngrams do not apply to it
    report, kept_report = start.report["init_from"]["vocabulary"], kept_start.report["init_from"]["vocabulary"]
    assert report["added"] == len(new) and kept_report["added"] == 0 and report["parent"] == len(old)
    assert report["unknown_share"] < kept_report["unknown_share"] / 2
    embedding = model.get_layer("embedding").get_weights()[0]
    old_embedding = parent_weights(store, parent_id)["embedding"][0]
    assert np.array_equal(embedding[:len(old)], old_embedding)
    # new rows start as the parent's unknown-word row: the parent read these tokens as unknown
    assert np.allclose(embedding[len(old):], old_embedding[1], atol=0.05 * old_embedding.std() + 1e-6)
    assert grown.transform(["tram"])[0][0] == len(old) + new.index("tram")
    rare = load_dataset(write_csv(tmp_path / "rare.csv", labelled_rows(60) + [("zeppelin once", "positive")]))
    _, rare_encoder, _ = child(ExperimentConfig(**TINY, init_from=parent_id, extend_vocabulary=True), rare, store)
    assert "zeppelin" not in rare_encoder.vocabulary  # seen once: not frequent enough to learn from
    full, full_encoder, _ = child(ExperimentConfig(**{**TINY, "max_tokens": len(old)}, init_from=parent_id,
                                                   extend_vocabulary=True), data, store)
    assert full_encoder.vocabulary == old and "raise the vocabulary size (max_tokens) above" in full.notes[0]


def test_frozen_epochs_leave_the_embedding_and_encoder_as_they_were(home, store, tmp_path):
    _, parent_id = home
    data = dataset(tmp_path)
    before = parent_weights(store, parent_id)
    events = []
    frozen = train(ExperimentConfig(**TINY, init_from=parent_id, freeze_epochs=2), data, store=store,
                   listener=events.append)
    assert frozen.status == "completed", frozen.message
    after = weights(frozen.model)
    for name in ("embedding", "conv_1", "conv_2"):
        assert all(np.array_equal(a, b) for a, b in zip(after[name], before[name])), name
    assert not np.array_equal(after["output"][0], before["output"][0])  # the output layer learnt
    started = next(e for e in events if isinstance(e, RunStarted))
    assert "Epochs 1–2: the embedding and encoder stay frozen; only the output layer learns." in started.notes
    assert any(note.startswith("Learning rate 0.001; 0.0001 is advised. A tenth of run") for note in started.notes)

    events.clear()
    thawed = train(ExperimentConfig(**{**TINY, "epochs": 3}, init_from=parent_id, freeze_epochs=1), data,
                   store=store, listener=events.append)
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2, 3]
    assert sorted({e.epoch for e in events if isinstance(e, BatchProgress)}) == [1, 2, 3]
    assert [h["epoch"] for h in store.history(thawed.run_id)] == [1, 2, 3]
    assert not np.array_equal(weights(thawed.model)["conv_1"][0], before["conv_1"][0])  # trained after epoch 1


def test_fine_tuning_makes_a_new_run_with_its_parent_and_leaves_the_parent_alone(home, store, tmp_path):
    folder, parent_id = home
    model_file = folder / "models" / str(parent_id) / "model.keras"
    fingerprint = hashlib.sha256(model_file.read_bytes()).hexdigest()
    parent_before = store.get_run(parent_id)
    result = train(ExperimentConfig(**TINY, init_from=parent_id), dataset(tmp_path), store=store)
    assert result.status == "completed" and result.run_id != parent_id
    record = store.get_run(result.run_id)
    assert record.parent_id == parent_id and record.to_dict()["parent"] == parent_id
    assert result.to_dict()["init_from"]["run_id"] == parent_id
    assert record.results["init_from"]["layers"] == ["embedding", "conv_1", "conv_2", "output"]
    assert store.get_run(parent_id) == parent_before
    assert hashlib.sha256(model_file.read_bytes()).hexdigest() == fingerprint

    chain = lineage(store, result.run_id)
    assert [(e["run_id"], e["first_epoch"], len(e["history"])) for e in chain] == [
        (parent_id, 1, 2), (result.run_id, 3, 2)]


def test_fine_tune_config_is_the_parents_settings_with_a_lower_learning_rate(home, store):
    _, parent_id = home
    config = fine_tune_config(store, parent_id)
    parent = store.get_run(parent_id).experiment_config()
    assert config.init_from == parent_id and config.learning_rate == pytest.approx(parent.learning_rate / 10)
    assert config.differences(parent) == {"init_from": (parent_id, 0),
                                          "learning_rate": (config.learning_rate, parent.learning_rate)}
    # other classes: the output layer is new, and learns at the parent's own rate
    assert fine_tune_config(store, parent_id, ["positive", "sarcastic"]).learning_rate == parent.learning_rate
    advice = suggest_learning_rate(load_parent(store, parent_id), ["negative", "positive"]).to_dict()
    assert advice["learning_rate"] == config.learning_rate and advice["reason"].startswith("A tenth of run")


def test_runs_that_cannot_be_started_from_are_refused_with_the_reason(home, store, tmp_path):
    _, parent_id = home
    data = dataset(tmp_path)
    texts = data.frame["text"].tolist()
    lookup = train(ExperimentConfig(model="lookup"), data, store=store).run_id
    failed = store.create_run(ExperimentConfig(**TINY).to_json(), {})
    store.finish_run(failed, "failed", None, message="boom")
    cases = [
        (ExperimentConfig(**TINY, init_from=9999), "No run with id 9999 to start from; `workbench runs list`"),
        (ExperimentConfig(**TINY, init_from=lookup), f"Run {lookup} is the lookup-table baseline"),
        (ExperimentConfig(**TINY, init_from=failed), f"Run {failed} failed, so it has no model to start from"),
        (ExperimentConfig(**TINY, init_from=parent_id, tokenizer="char"),
         f"Run {parent_id} was trained with tokenizer 'word' \\(this run: 'char'\\); a run started from it keeps"),
        (ExperimentConfig(**{**TINY, "model": "lstm"}, init_from=parent_id), "model 'cnn' \\(this run: 'lstm'\\)"),
        (ExperimentConfig(**{**TINY, "max_tokens": 10}, init_from=parent_id), "raise the vocabulary size"),
    ]
    for config, message in cases:
        with pytest.raises(WorkbenchError, match=message):
            starting_point(config, store, texts)
    with pytest.raises(WorkbenchError, match="needs the run store"):
        starting_point(ExperimentConfig(**TINY, init_from=parent_id), None, texts)
    chinese = ["这家餐厅的菜很好吃，服务也很周到", "房间太小了，而且很吵，不会再来"] * 20
    with pytest.raises(WorkbenchError, match="trained on English text but this data is Chinese"):
        starting_point(ExperimentConfig(**TINY, init_from=parent_id), store, chinese)


def test_a_run_whose_model_files_are_gone_is_refused(home, store, tmp_path):
    result = train(ExperimentConfig(**TINY), dataset(tmp_path), store=store)
    shutil.rmtree(store.model_dir(result.run_id))
    with pytest.raises(WorkbenchError, match=f"Run {result.run_id} has no saved model"):
        starting_point(ExperimentConfig(**TINY, init_from=result.run_id), store, ["a text"])


def test_a_refused_start_records_no_run(home, store, tmp_path):
    runs = len(store.list_runs())
    with pytest.raises(ConfigError, match="tokenizer"):
        train(ExperimentConfig(**TINY, init_from=home[1], tokenizer="char"), dataset(tmp_path), store=store)
    assert len(store.list_runs()) == runs


def test_word_vectors_start_the_embedding_and_can_stay_frozen(tmp_path):
    data = dataset(tmp_path)
    vectors = {"soup": [1, 0, 0, 0, 0, 0, 0, 0], "wonderful": [0, 1, 0, 0, 0, 0, 0, 0.5]}
    vec = tmp_path / "v.vec"
    vec.write_text("".join(f"{w} {' '.join(map(str, v))}\n" for w, v in vectors.items()) + "broken line\n")
    result = train(ExperimentConfig(**TINY, embeddings=str(vec), freeze_embeddings=True), data)
    assert result.status == "completed", result.message
    report = result.to_dict()["embeddings"]
    vocabulary = result.encoder.vocabulary
    assert report["dimension"] == 8 and report["found"] == 2 and report["skipped_lines"] == 1
    assert report["coverage"] == pytest.approx(2 / (len(vocabulary) - 2), abs=1e-4) and report["frozen"] is True
    embedding = result.model.get_layer("embedding").get_weights()[0]
    for word, vector in vectors.items():  # frozen: still the file's vectors after training
        assert np.allclose(embedding[vocabulary.index(word)], vector)
    trained = train(ExperimentConfig(**TINY, embeddings=str(vec)), data)
    moved = trained.model.get_layer("embedding").get_weights()[0][vocabulary.index("soup")]
    assert not np.allclose(moved, vectors["soup"])
    with pytest.raises(ConfigError, match="holds 8-dimensional vectors but the embedding size is 16"):
        train(ExperimentConfig(**{**TINY, "embedding_dim": 16}, embeddings=str(vec)), data)
