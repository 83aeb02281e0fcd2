"""Training on a CSV larger than memory: the file streams through tf.data and is never loaded whole.

- The format (encoding, delimiter, header, columns, the class names) comes from a sample of the
  file's first megabytes, read with the same code as any file (``load_dataset``).
- Reading: ``TextLineDataset`` over the file (or the files of a glob pattern, interleaved); parsing,
  cleaning and tokenizing are TensorFlow ops in parallel maps; batches are prefetched. Memory stays
  that of a few thousand rows, whatever the file's size.
- The split is a seeded hash of each text: the same text always lands in the same part, so no
  duplicate leaks from training into the test part. It is not stratified.
- The vocabulary comes from the sample (``vocabulary="sample"``) or from a first pass over the
  training rows (``"full"``); the sequence length from the sample.
- Validation after each epoch and the final test use the first ``max_eval_rows`` rows of their parts.
- Limits: UTF-8, one row per line (quoted fields may hold delimiters and quotes, not line breaks),
  the word and char tokenizers. Cleaning mirrors ``text.clean_text`` in TensorFlow ops, except that
  full-width characters are not normalized and only common HTML entities are decoded. Rows that
  cannot be parsed are skipped with their batch of lines, and so are rows whose label the sample
  did not contain.
"""

from __future__ import annotations

import glob
import math
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.config import ExperimentConfig
from workbench.core.data import Dataset, load_dataset
from workbench.core.errors import ConfigError, DatasetError
from workbench.core.events import LayerInfo, Listener, RunFinished, RunStarted
from workbench.core.large_files import SAMPLE_BYTES, as_file, file_head
from workbench.core.metrics import classification_scores
from workbench.core.probes import clean_probes
from workbench.core.training import RunResult, encoder_settings, epoch_recorder

MAX_EVAL_ROWS = 50_000
LINES_PER_BATCH = 2048  # lines parsed and cleaned together
SHUFFLE_BATCHES = 16  # of LINES_PER_BATCH lines
BUCKETS = 10_000
_NO_SPACE = r"\x{3040}-\x{30ff}\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}\x{20000}-\x{2ebef}"
_APOSTROPHES = (("'", "\ue000"), ("\u2019", "\ue001"))  # kept inside words, as text.tokenize does
_ENTITIES = (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&apos;", "'"),
             ("&amp;", "&"))


@dataclass(frozen=True)
class StreamSource:
    """A file (or several) to stream, as its sample describes it."""

    files: list[str]
    sample: Dataset  # the first rows, read as any file is
    text_index: int
    label_index: int
    delimiter: str
    has_header: bool
    size_bytes: int
    estimated_rows: int

    @property
    def class_names(self) -> list[str]:
        return self.sample.class_names


def stream_source(path: str, text_column: str | None = None, label_column: str | None = None,
                  sample_bytes: int = SAMPLE_BYTES) -> StreamSource:
    """Read the head of ``path`` (a file or a glob pattern of files with the same columns) to learn its format."""
    files = sorted(glob.glob(path)) if any(c in path for c in "*?[") else [path]
    if not files:
        raise DatasetError(f"No file matches {path}; check the pattern.")
    for file in files:
        if not Path(file).is_file():
            raise DatasetError(f"No file at {file}; check the path and try again.")
    head = file_head(files[0], sample_bytes)
    with as_file(head, files[0]) as sample_path:
        sample = load_dataset(sample_path, text_column, label_column)
    summary = sample.summary
    if summary.encoding not in ("utf-8", "utf-8-sig"):
        raise DatasetError(f"{Path(files[0]).name} is in {summary.encoding}; only UTF-8 files can be streamed, so "
                           "save it as UTF-8 first.")
    size = sum(Path(file).stat().st_size for file in files)
    rows_per_byte = (summary.rows + summary.dropped_rows) / max(1, len(head))
    return StreamSource(files, sample, summary.columns.index(summary.text_column),
                        summary.columns.index(summary.label_column),
                        {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}[summary.delimiter],
                        summary.has_header, size, int(size * rows_per_byte))


def standardize(texts, config: ExperimentConfig):
    """``text.clean_text`` and the word or char tokenizer, as TensorFlow string ops (tokens joined by spaces)."""
    import tensorflow as tf

    x = texts
    if config.strip_html:
        x = tf.strings.regex_replace(x, r"<[a-zA-Z/!][^<>]{0,1000}>", " ")
        for entity, text in _ENTITIES:
            x = tf.strings.regex_replace(x, entity, text, replace_global=True)
    if config.replace_urls:
        x = tf.strings.regex_replace(x, r"(?i)(?:https?://|www\.)\S+", " url ")
    if config.lowercase:
        x = tf.strings.lower(x, encoding="utf-8")
    if config.strip_punctuation:
        x = tf.strings.regex_replace(x, r"[\p{P}\p{Sm}\p{Sc}\p{Sk}]", " ")
    if config.tokenizer == "char":
        x = tf.strings.regex_replace(x, r"(\S)", r" \1 ")
    else:  # each CJK character and each other symbol a token of its own, apostrophes inside words kept
        letter = r"[\p{L}\p{N}\p{M}]"
        for apostrophe, keep in _APOSTROPHES:
            x = tf.strings.regex_replace(x, f"({letter}){apostrophe}({letter})", rf"\1{keep}\2")
        x = tf.strings.regex_replace(x, "_", " ")
        x = tf.strings.regex_replace(x, rf"([{_NO_SPACE}]|[^\p{{L}}\p{{N}}\p{{M}}\s\x{{e000}}\x{{e001}}])", r" \1 ")
        for apostrophe, keep in _APOSTROPHES:
            x = tf.strings.regex_replace(x, keep, apostrophe)
    return tf.strings.strip(tf.strings.regex_replace(x, r"\s+", " "))


def split_bucket(texts, config: ExperimentConfig):
    """Each (stripped) text's bucket, a seeded hash: buckets below the cuts are test, then validation,
    the rest training; a row's part depends on its text alone, never on its place in the file."""
    import tensorflow as tf

    return tf.strings.to_hash_bucket_fast(tf.constant(f"{config.seed}\x1f") + texts, BUCKETS)


def _cuts(config: ExperimentConfig) -> tuple[int, int]:
    """(test below this bucket, validation below that one)."""
    test_cut = int(config.test_fraction * BUCKETS)
    return test_cut, test_cut + int(config.validation_fraction * BUCKETS)


def _parts(source: StreamSource, config: ExperimentConfig, vectorize) -> dict[str, Any]:
    """Train, validation and test as streams of (ids, labels) batches of uneven size."""
    import tensorflow as tf

    classes = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        tf.constant(source.class_names), tf.range(len(source.class_names), dtype=tf.int64)), default_value=-1)
    columns = sorted({source.text_index, source.label_index})
    text_at, label_at = columns.index(source.text_index), columns.index(source.label_index)
    test_cut, val_cut = _cuts(config)

    files = tf.data.Dataset.from_tensor_slices(source.files)
    lines = files.interleave(lambda f: tf.data.TextLineDataset(f).skip(int(source.has_header)),
                             cycle_length=min(4, len(source.files)), block_length=LINES_PER_BATCH,
                             num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)

    def parse(batch):
        fields = tf.io.decode_csv(batch, [""] * len(columns), field_delim=source.delimiter, select_cols=columns)
        text, label = tf.strings.strip(fields[text_at]), classes.lookup(tf.strings.strip(fields[label_at]))
        return text, label, split_bucket(text, config)

    rows = lines.batch(LINES_PER_BATCH).map(parse, num_parallel_calls=tf.data.AUTOTUNE).ignore_errors()

    def part(low: int, high: int):
        """Batches of this part's (ids, labels), as many rows as the lines of a batch that belong to it."""
        def select(text, label, bucket):
            keep = (label >= 0) & (tf.strings.length(text) > 0) & (bucket >= low) & (bucket < high)
            return vectorize(standardize(tf.boolean_mask(text, keep), config)), tf.boolean_mask(label, keep)

        return rows.map(select, num_parallel_calls=tf.data.AUTOTUNE)

    return {"test": part(0, test_cut), "validation": part(test_cut, val_cut),
            "train": part(val_cut, BUCKETS), "train_texts": rows.map(
                lambda text, label, bucket: standardize(tf.boolean_mask(text, (label >= 0) & (bucket >= val_cut)),
                                                        config))}


def train_streaming(
    config: ExperimentConfig,
    path: str,
    text_column: str | None = None,
    label_column: str | None = None,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    group_id: int | None = None,
    vocabulary: str = "sample",
    sample_bytes: int = SAMPLE_BYTES,
    max_eval_rows: int = MAX_EVAL_ROWS,
) -> RunResult:
    """Train one model on a file streamed from disk; as ``train`` otherwise (events, stop, store, status)."""
    import keras

    from workbench.core.models import build_model, regularization_penalty
    from workbench.core.training import _bridge_class, _optimizer, _save_model
    from workbench.core.vectorize import TextEncoder

    config.validate()
    if config.model == "lookup":
        raise ConfigError("The lookup table keeps every training text in memory, so it cannot stream; choose "
                          "another model.")
    if config.tokenizer == "jieba":
        raise ConfigError("The jieba tokenizer runs in Python and cannot keep up with streaming; choose the word "
                          "or char tokenizer.")
    if vocabulary not in ("sample", "full"):
        raise ConfigError("vocabulary must be 'sample' or 'full'.")
    probes = clean_probes(probes)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    started = time.perf_counter()
    source = stream_source(path, text_column, label_column, sample_bytes)
    class_names = source.class_names
    summary = source.sample.summary
    fractions = {"validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction,
                 "seed": config.seed}
    run_id = None
    if store is not None:
        run_id = store.create_run(config.to_json(), {
            "path": path, "streamed": True, "size_bytes": source.size_bytes, "class_names": class_names,
            "text_column": summary.text_column, "label_column": summary.label_column,
            "split": {"by": "hash of the text", **fractions}}, probes=probes, group_id=group_id)
    result = RunResult("running", "", config, class_names, run_id=run_id, probes=probes)

    record_epoch = epoch_recorder(result, store, listener)
    try:
        import tensorflow as tf

        keras.backend.clear_session()
        keras.utils.set_random_seed(config.seed)
        encoder = TextEncoder(encoder_settings(config))
        # Only the sample's training rows: validation and test words must stay unknown, as in memory.
        texts = tf.constant(source.sample.texts)
        training = split_bucket(tf.strings.strip(texts), config) >= _cuts(config)[1]
        sample_texts = standardize(tf.boolean_mask(texts, training), config).numpy()
        if not len(sample_texts):
            raise DatasetError(f"The first {_size(sample_bytes)} of the file hold no training row; stream a larger "
                               "file or train it in memory.")
        encoder.fit_prepared([t.decode("utf-8") for t in sample_texts])
        if vocabulary == "full":  # one pass over the training rows, streamed, counting tokens
            encoder.layer.adapt(_parts(source, config, lambda x: x)["train_texts"])
            encoder = TextEncoder.from_vocabulary(encoder.settings, encoder.vocabulary, encoder.sequence_length)
        parts = _parts(source, config, encoder.layer)
        train_share = 1 - config.validation_fraction - config.test_fraction
        steps = max(1, math.ceil(source.estimated_rows * train_share / config.batch_size))
        # Shuffled a batch of lines at a time (rows within one stay in file order): per-row shuffling
        # of a stream costs more than the model's training step.
        train_data = parts["train"].shuffle(SHUFFLE_BATCHES, seed=config.seed).rebatch(config.batch_size).prefetch(
            tf.data.AUTOTUNE)
        val_data = parts["validation"].unbatch().take(max_eval_rows).batch(256).cache()
        model = build_model(config, len(encoder.vocabulary), encoder.sequence_length, len(class_names))
        model.compile(optimizer=_optimizer(config, steps), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        notes = [f"Streamed from disk: about {source.estimated_rows:,} rows in {_size(source.size_bytes)}; "
                 f"classes and sequence length from the first {_size(sample_bytes)}, vocabulary "
                 f"{len(encoder.vocabulary):,} tokens from the {vocabulary}; validation and test on at most "
                 f"{max_eval_rows:,} rows each."]
        sizes = {"train": int(source.estimated_rows * train_share),
                 "validation": int(source.estimated_rows * config.validation_fraction),
                 "test": int(source.estimated_rows * config.test_fraction)}
        layers = [LayerInfo(layer.name, type(layer).__name__, int(layer.count_params())) for layer in model.layers]
        listener(RunStarted(run_id, config.to_dict(), class_names, sizes, config.epochs, steps, layers,
                            int(model.count_params()), notes, None, probes))
        bridge = _bridge_class()(listener, stop, steps, record_epoch, regularization_penalty,
                                 encoder.transform(probes) if probes else None)
        callbacks: list = [bridge]
        if config.early_stopping:
            callbacks.append(keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=config.patience, restore_best_weights=config.restore_best_weights))
        t = time.perf_counter()
        with warnings.catch_warnings():  # a stream's length is unknown, and Keras says so every epoch
            warnings.filterwarnings("ignore", message="Your input ran out of data")
            model.fit(train_data, validation_data=val_data, epochs=config.epochs, callbacks=callbacks,
                      shuffle=False, verbose=0)
        result.timing["train_s"] = round(time.perf_counter() - t, 3)
        result.model, result.encoder = model, encoder
        if bridge.diverged_at is not None:
            result.status = "diverged"
            result.message = (f"The loss became infinite or not a number at epoch {bridge.diverged_at[0]}: the "
                              f"learning rate ({config.learning_rate:g}) is probably too high.")
        else:
            ids, labels = [], []
            for x, y in parts["test"].unbatch().take(max_eval_rows).batch(1024):
                ids.append(x.numpy())
                labels.append(y.numpy())
            probabilities = model.predict(np.concatenate(ids), batch_size=1024, verbose=0)
            result.test = classification_scores(np.concatenate(labels), probabilities, class_names)
            result.status = "stopped" if stop.is_set() else "completed"
            result.message = (f"Stopped by request after {len(result.history)} epoch(s)." if stop.is_set()
                              else f"Trained {len(result.history)} epoch(s) on the streamed file.")
    except Exception as exc:
        result.status, result.message = "failed", f"{type(exc).__name__}: {exc}"
    result.timing["total_s"] = round(time.perf_counter() - started, 3)
    if store is not None:
        if result.model is not None and result.status != "failed":
            result.model_path = _save_model(result, store.model_dir(run_id))
        store.finish_run(run_id, result.status, {"test": result.test, "timing": result.timing},
                         message=result.message, model_path=result.model_path, duration_s=result.timing["total_s"])
    listener(RunFinished(result.status, result.message, run_id))
    return result


def _size(size_bytes: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size_bytes >= scale:
            return f"{size_bytes / scale:.1f} {unit}"
    return f"{size_bytes:.0f} bytes"
