"""Training on a file streamed from disk: the same tokens as the in-memory path, a hash split, real training."""

import json

import pytest

from tests.helpers import cli, labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.large_files import is_large_file
from workbench.core.store import RunStore
from workbench.core.streaming import (
    _parts,
    split_bucket,
    standardize,
    stream_source,
    train_streaming,
)
from workbench.core.text import prepare_texts
from workbench.core.training import load_predictor


def test_a_file_is_large_above_the_threshold(tmp_path):
    path = write_csv(tmp_path / "d.csv", labelled_rows(40))
    size = path.stat().st_size
    assert is_large_file(path, threshold=size - 1) and not is_large_file(path, threshold=size)
    assert not is_large_file(tmp_path / "missing.csv")


@pytest.mark.parametrize("config", [ExperimentConfig(), ExperimentConfig(lowercase=False, strip_punctuation=False),
                                    ExperimentConfig(tokenizer="char")])
def test_tensorflow_cleaning_gives_the_tokens_of_the_python_cleaning(config):
    from workbench.core.training import encoder_settings

    texts = [text for text, _ in labelled_rows(12)] + [
        "Great <b>food</b>, see https://example.com/a?b=1 NOW!! it's 5 stars 😀great_day",
        "Fish &amp; chips &lt;3, l'été au Café", "好吃的菜 服务很慢", "Tabs\tand  spaces\n"]
    # Not mirrored (documented): NFKC, which turns full-width "，" or "Ａ" into "," and "A".
    settings = encoder_settings(config)
    expected = prepare_texts(texts, settings.cleaning, settings.tokenizer)
    got = [t.decode("utf-8") for t in standardize(texts, config).numpy()]
    assert got == expected


def test_the_split_is_a_seeded_hash_of_the_text_so_a_duplicate_never_crosses_parts(tmp_path):
    rows = labelled_rows(400)
    path = write_csv(tmp_path / "d.csv", rows + rows[:100])  # 100 texts twice
    source = stream_source(str(path))
    config = ExperimentConfig(validation_fraction=0.2, test_fraction=0.2, seed=5)
    parts = {name: [t.decode() for t, _ in data.unbatch().as_numpy_iterator()]
             for name, data in _parts(source, config, lambda x: x).items() if name != "train_texts"}
    assert sum(map(len, parts.values())) == 500
    assert all(not set(parts[a]) & set(parts[b]) for a, b in (("train", "test"), ("train", "validation"),
                                                               ("validation", "test")))
    assert 60 <= len(parts["test"]) <= 140 and 60 <= len(parts["validation"]) <= 140
    other_seed = _parts(source, config.replace(seed=6), lambda x: x)["test"]
    assert sorted(t.decode() for t, _ in other_seed.unbatch().as_numpy_iterator()) != sorted(parts["test"])


def test_streaming_a_glob_of_files_with_a_full_vocabulary_pass_trains_and_stores_the_run(tmp_path):
    rows = labelled_rows(600)
    write_csv(tmp_path / "part-1.csv", rows[:300])
    write_csv(tmp_path / "part-2.csv", rows[300:])
    events = []
    with RunStore() as store:
        result = train_streaming(ExperimentConfig(epochs=2, batch_size=16), str(tmp_path / "part-*.csv"),
                                 listener=events.append, store=store, vocabulary="full", sample_bytes=4000)
        record = store.get_run(result.run_id)
        stored = store.history(result.run_id)
    assert result.status == "completed", result.message
    assert len(stored) == 2 and record.dataset["streamed"] and record.dataset["class_names"] == ["negative",
                                                                                                 "positive"]
    assert result.test["accuracy"] > 0.8  # the helper's texts are easy: "wonderful" against "never arrived"
    started = [e for e in events if type(e).__name__ == "RunStarted"][0]
    assert "vocabulary" in started.notes[0] and "from the full" in started.notes[0]
    assert 500 <= sum(started.sizes.values()) <= 700  # estimated from the sample's bytes per row
    predictor = load_predictor(result.model_path)
    assert predictor.predict(["The soup was wonderful, visit 2."]).argmax() == predictor.class_names.index(
        "positive")


def test_the_sample_vocabulary_comes_from_its_training_rows_only(tmp_path):
    """Words seen only in validation or test rows stay unknown, as they do when a file is read whole."""
    rows = [(f"{text} marker{i}x", label) for i, (text, label) in enumerate(labelled_rows(200))]
    path = write_csv(tmp_path / "d.csv", rows)
    config = ExperimentConfig(epochs=1, batch_size=16, validation_fraction=0.2, test_fraction=0.2)
    with RunStore() as store:
        result = train_streaming(config, str(path), store=store)
    assert result.status == "completed", result.message
    vocabulary = set(load_predictor(result.model_path).encoder.vocabulary)
    buckets = split_bucket([text for text, _ in rows], config).numpy()
    training = buckets >= int(0.4 * 10_000)
    markers = [f"marker{i}x" for i in range(len(rows))]
    assert 60 <= (~training).sum() <= 100
    assert not {m for m, kept in zip(markers, training) if not kept} & vocabulary
    assert {m for m, kept in zip(markers, training) if kept} <= vocabulary


def test_cli_train_stream(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(400))
    out = cli("train", data, "--stream", "--epochs", "1", "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "note: Streamed from disk: about" in out.stdout and "epoch 1/1" in out.stdout
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["status"] == "completed" and len(result["history"]) == 1
    refused = cli("train", data, "--stream", "--workers", "2")
    assert refused.returncode == 2 and refused.stderr == "error: Choose --stream or --workers, not both.\n"
