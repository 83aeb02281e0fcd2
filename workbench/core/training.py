"""train(): one run from config and data to scores, talking to the outside only through events.

The Keras callback here forwards plain data to a listener, checks a stop flag
after every batch, and ends a run whose loss is no longer a number. Everything
else (window, CLI, notebook) stays outside.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.augment import augment_split
from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.diagnostics import overall_weight_metrics, weight_stats
from workbench.core.events import (
    BatchProgress,
    EpochEnd,
    LayerInfo,
    Listener,
    RunFinished,
    RunStarted,
)
from workbench.core.lookup import LookupTable, baseline_scores, memorizer_scores
from workbench.core.metrics import classification_scores
from workbench.core.probes import clean_probes
from workbench.core.run_messages import DIVERGED, MEMORIZED, STOPPED, STOPPED_UNSAVED, TRAINED
from workbench.core.text import CleaningOptions, detect_language
from workbench.core.transfer import Start, starting_point
from workbench.core.vectorize import TextEncoder, VectorizerSettings, make_tf_dataset

# Enough for a moving bar and a batch-loss line; each event wakes the window, which takes a core's
# time from training (see bench/README.md, the window's CPU while it trains).
BATCH_EVENTS_PER_SECOND = 5  # the window redraws its curves 5 times a second at most


@dataclass
class RunResult:
    status: str  # completed, stopped, diverged or failed
    message: str
    config: ExperimentConfig
    class_names: list[str]
    history: list[dict[str, float]] = field(default_factory=list)  # one entry per finished epoch
    test: dict[str, Any] | None = None  # classification_scores on the test part
    timing: dict[str, float] = field(default_factory=dict)  # total_s, train_s
    run_id: int | None = None
    group_id: int | None = None  # the store group it belongs to (repeats, folds, a learning curve)
    model_path: str | None = None
    model: Any = None  # the trained Keras model or LookupTable
    encoder: TextEncoder | None = None
    split: Split | None = None  # the rows it was trained and tested on (for error analysis)
    baseline: dict[str, float] | None = None  # the lookup table's validation scores on the same split
    probes: list[str] = field(default_factory=list)  # sentences followed through training
    probe_history: list[list[list[float]]] = field(default_factory=list)  # epoch -> sentence -> probabilities
    start: dict[str, Any] = field(default_factory=dict)  # "init_from" and/or "embeddings": see core.transfer
    augmentation: dict[str, int] = field(default_factory=lambda: {"added_rows": 0})  # copies added to training

    @property
    def predictor(self) -> Predictor | None:
        if self.model is None or self.encoder is None:
            return None
        return Predictor(self.model, self.encoder, self.class_names)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities for new texts, shape (len(texts), len(class_names))."""
        if self.predictor is None:
            raise RuntimeError("this run has no trained model")
        return self.predictor.predict(texts)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench train --json`."""
        out = {
            "status": self.status, "message": self.message, "run_id": self.run_id,
            "config": self.config.to_dict(), "history": self.history, "test": self.test,
            "timing": self.timing, "model_path": self.model_path, "baseline": self.baseline,
            "group_id": self.group_id, "augmentation": self.augmentation,
        }
        if self.probes:
            out["probes"] = {"texts": self.probes, "class_names": self.class_names,
                             "probabilities": self.probe_history}
        out.update(self.start)
        return out


def encoder_settings(config: ExperimentConfig) -> VectorizerSettings:
    cleaning = CleaningOptions(strip_html=config.strip_html, replace_urls=config.replace_urls,
                               lowercase=config.lowercase, strip_punctuation=config.strip_punctuation)
    ngrams = config.ngrams if SPECS["ngrams"].applies_to(config.model) else 1
    return VectorizerSettings(tokenizer=config.tokenizer, ngrams=ngrams, max_tokens=config.max_tokens,
                              sequence_length=config.sequence_length or None, cleaning=cleaning)


def train(
    config: ExperimentConfig,
    data: Dataset | Split,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    group_id: int | None = None,
    strategy: Any = None,
) -> RunResult:
    """Train one model; never raises for a diverged or stopped run (see ``status``).

    ``data`` is a Dataset (split here with the config's fractions and seed) or a
    ready Split (for sweeps that must share one). With a ``store`` (RunStore) the
    run, each epoch as it ends, and the final scores and model are saved, in the
    store's group ``group_id`` if given (repeats, folds, a study).
    ``probes`` are sentences whose class probabilities are computed after every epoch
    (EpochEnd.probes), so one can watch the model change its mind.
    ``strategy`` is a tf.distribute.MultiWorkerMirroredStrategy when this process is one worker of a
    data-parallel run (core/distributed.py starts them); ``stop`` must then be a distributed.CollectiveStop.
    """
    config.validate()
    probes = clean_probes(probes)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    started = time.perf_counter()
    split = data if isinstance(data, Split) else split_dataset(
        data, config.validation_fraction, config.test_fraction, config.seed)
    start = starting_point(config, store, split.train.text.tolist())  # the texts as written, not their copies
    augmented, added_rows = augment_split(split, config)  # training rows only; 0 with augmentation off
    run_id = None
    if store is not None:  # the split as made, so that it can be made again; the copies are counted apart
        info = {**_dataset_info(split), "augmented_rows": added_rows}
        run_id = store.create_run(config.to_json(), info, probes=probes, group_id=group_id,
                                  parent_id=start.parent.run_id if start.parent else None)
    split = augmented
    result = RunResult("running", "", config, split.class_names, run_id=run_id, group_id=group_id, split=split,
                       probes=probes, augmentation={"added_rows": added_rows})
    record_epoch = epoch_recorder(result, store, listener)

    def keep_stop() -> None:
        """Put the stop on record before the test pass and the model's save: if the process is ended
        meanwhile (the window closing gives it 3 s), the run stays stopped, not interrupted."""
        if store is not None:
            store.finish_run(run_id, "stopped", None, message=STOPPED_UNSAVED.format(epochs=len(result.history)))

    try:
        if config.model == "lookup":
            _train_lookup(config, split, result, listener, record_epoch)
        else:
            _train_keras(config, split, result, listener, stop, record_epoch, start, keep_stop, strategy)
    except Exception as exc:  # report, store and return; the caller decides how loud to be
        result.status, result.message = "failed", f"{type(exc).__name__}: {exc}"
    result.timing["total_s"] = round(time.perf_counter() - started, 3)
    if store is not None:
        if result.model is not None and result.status != "failed":
            result.model_path = _save_model(result, store.model_dir(run_id))
        store.finish_run(run_id, result.status,
                         {"test": result.test, "timing": result.timing, "baseline": result.baseline, **result.start},
                         message=result.message, model_path=result.model_path,
                         duration_s=result.timing["total_s"])
    listener(RunFinished(result.status, result.message, run_id))
    return result


def epoch_recorder(result: RunResult, store, listener: Listener):
    """What to do as an epoch ends: keep it in the result, write it to the store, tell the listener."""

    def record_epoch(epoch: int, metrics: dict[str, float], weights: dict | None = None,
                     probe_probabilities: list[list[float]] | None = None) -> None:
        result.history.append(metrics)
        if probe_probabilities is not None:
            result.probe_history.append(probe_probabilities)
        if store is not None:
            store.add_epoch(result.run_id, epoch, metrics, probe_probabilities)
        listener(EpochEnd(epoch, dict(metrics), weights or {}, probe_probabilities or []))

    return record_epoch


def _dataset_info(split: Split) -> dict[str, Any]:
    """What the store keeps about a run's data: enough to find the file and make the split again."""
    info: dict[str, Any] = {"sizes": split.sizes(), "class_names": split.class_names,
                            "language": detect_language(split.train.text.tolist()).language}
    if split.source is not None:
        s = split.source
        info.update(path=s.path, fingerprint=s.fingerprint, rows=s.rows, text_column=s.text_column,
                    label_column=s.label_column)
    if split.settings:
        info["split"] = dict(split.settings)
    return info


def _parts(split: Split, encoder: TextEncoder) -> tuple[dict[str, list[str]], dict[str, np.ndarray]]:
    """Each part's texts cleaned and tokenized once (for the vocabulary, the ids and the baseline)."""
    parts = {"train": split.train, "validation": split.validation, "test": split.test}
    return ({name: encoder.prepare(part.text.tolist()) for name, part in parts.items()},
            {name: split.encode(part) for name, part in parts.items()})


def _train_lookup(config, split: Split, result: RunResult, listener, record_epoch) -> None:
    encoder = TextEncoder(encoder_settings(config))
    keys, y = _parts(split, encoder)
    listener(RunStarted(result.run_id, config.to_dict(), split.class_names, split.sizes(), 1, 1,
                        [LayerInfo("table", "LookupTable", 0)], 0, list(split.notes), probes=result.probes))
    t = time.perf_counter()
    table = LookupTable(len(split.class_names)).fit(keys["train"], y["train"])
    metrics = {}
    for prefix, part in (("", "train"), ("val_", "validation")):
        metrics.update({prefix + k: v for k, v in memorizer_scores(table, keys[part], y[part]).items()})
    metrics.update(data_loss=metrics["loss"], regularization=0.0, learning_rate=0.0,
                   seconds=time.perf_counter() - t)
    probes = table.predict_proba(encoder.prepare(result.probes)).tolist() if result.probes else None
    record_epoch(1, metrics, None, probes)
    result.timing["train_s"] = round(time.perf_counter() - t, 3)
    result.test = classification_scores(y["test"], table.predict_proba(keys["test"]), split.class_names)
    result.model, result.encoder = table, encoder
    result.status, result.message = "completed", MEMORIZED


def _train_keras(config, split: Split, result: RunResult, listener, stop, record_epoch, start: Start,
                 keep_stop: Callable[[], None], strategy=None) -> None:
    import keras

    from workbench.core.models import build_model, regularization_penalty

    keras.backend.clear_session()  # run 20 as fast as run 2, memory flat (bench/repeat_runs.py)
    keras.utils.set_random_seed(config.seed)
    encoder = TextEncoder(encoder_settings(config))
    prepared, y = _parts(split, encoder)
    scope = strategy.scope if strategy is not None else contextlib.nullcontext  # the model's variables, mirrored
    with scope():
        encoder, model = start.build(encoder, prepared["train"], split.class_names, build_model)
    result.start = start.report
    x_train, x_val, x_test = (encoder.transform_prepared(prepared[name]) for name in ("train", "validation", "test"))
    y_train, y_val, y_test = y["train"], y["validation"], y["test"]
    result.baseline = baseline_scores(prepared["train"], y_train, prepared["validation"], y_val,
                                      len(split.class_names))
    x_train, y_train, class_weight = _balance(config, x_train, y_train, len(split.class_names))

    steps = math.ceil(len(x_train) / config.batch_size)

    def compile_model() -> None:
        model.compile(optimizer=_optimizer(config, steps), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])

    with scope():
        compile_model()
    report = encoder.report_prepared(prepared["validation"])
    notes = list(split.notes) + [
        f"Vocabulary {report.vocabulary_size:,} tokens; {report.oov_rate:.1%} of validation tokens unknown; "
        f"{report.truncated_share:.1%} of validation texts cut at {report.sequence_length} tokens."] + start.notes
    layers = [LayerInfo(layer.name, type(layer).__name__, int(layer.count_params())) for layer in model.layers]
    listener(RunStarted(result.run_id, config.to_dict(), split.class_names, split.sizes(), config.epochs, steps,
                        layers, int(model.count_params()), notes, result.baseline, result.probes))

    probe_ids = encoder.transform(result.probes) if result.probes else None
    bridge = _bridge_class()(listener, stop, steps, record_epoch, regularization_penalty, probe_ids)
    callbacks: list = [bridge]
    if config.early_stopping:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=config.patience, restore_best_weights=config.restore_best_weights))
    if config.lr_schedule == "plateau":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2))
    t = time.perf_counter()
    fit = partial(start.fit, model, compile_model, config.epochs, steps)
    if strategy is not None:  # Keras 3's own fit cannot run MultiWorkerMirroredStrategy (keras#20585)
        from workbench.core.distributed import fit_distributed

        fit = partial(fit_distributed, model, strategy, stop, epochs=config.epochs)
    fit(x=make_tf_dataset(x_train, y_train, config.batch_size, shuffle=True, seed=config.seed),
        validation_data=make_tf_dataset(x_val, y_val, config.batch_size),
        class_weight=class_weight, callbacks=callbacks, shuffle=False, verbose=0)
    result.timing["train_s"] = round(time.perf_counter() - t, 3)
    result.model, result.encoder = model, encoder
    if bridge.diverged_at is not None:
        epoch, step = bridge.diverged_at
        result.status = "diverged"
        result.message = DIVERGED.format(epoch=epoch, step=step, learning_rate=f"{config.learning_rate:g}",
                                         suggestion=f"{config.learning_rate / 10:g}")
        return
    if stop.is_set():
        keep_stop()
    probabilities = np.asarray(model.predict(x_test, batch_size=256, verbose=0))
    result.test = classification_scores(y_test, probabilities, split.class_names)
    if stop.is_set():
        result.status, result.message = "stopped", STOPPED.format(epochs=len(result.history))
    else:
        result.status, result.message = "completed", TRAINED.format(epochs=len(result.history))


@lru_cache(maxsize=1)
def _bridge_class():
    """Defined on first use so that importing this module does not import Keras."""
    import keras

    class Bridge(keras.callbacks.Callback):
        """Forwards progress as plain data, honours the stop flag, catches divergence."""

        def __init__(self, listener, stop, steps, record_epoch, penalty, probe_ids=None):
            super().__init__()
            self.listener, self.stop, self.steps = listener, stop, steps
            self.record_epoch, self.penalty = record_epoch, penalty
            self.probe_ids = probe_ids  # encoded probe sentences, or None
            self.diverged_at: tuple[int, int] | None = None
            self._epoch = 0
            self._last_event = 0.0
            self._epoch_started = 0.0
            self._batch_losses: list[float] = []  # the last two batches' own losses, across epochs
            self._zigzags: list[float] = []  # this epoch's, see loss_zigzag in on_epoch_end

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch + 1
            self._epoch_started = time.perf_counter()
            self._running_mean, self._zigzags = 0.0, []

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            loss = float(logs.get("loss", 0.0))  # Keras gives the mean over the epoch's batches so far
            if not math.isfinite(loss):
                self.diverged_at = (self._epoch, batch + 1)
                self.model.stop_training = True
                return
            batch_loss = (batch + 1) * loss - batch * self._running_mean  # this batch's own loss
            self._running_mean = loss
            if len(self._batch_losses) == 2:
                before, last = self._batch_losses
                self._zigzags.append(abs(last - (before + batch_loss) / 2))
            self._batch_losses = [*self._batch_losses[-1:], batch_loss]
            if self.stop.is_set():
                self.model.stop_training = True
            now = time.perf_counter()
            if now - self._last_event >= 1.0 / BATCH_EVENTS_PER_SECOND or batch + 1 == self.steps:
                self._last_event = now
                self.listener(BatchProgress(self._epoch, batch + 1, self.steps, loss,
                                            float(logs.get("accuracy", 0.0))))

        def on_epoch_end(self, epoch, logs=None):
            if self.diverged_at is not None:
                return
            logs = {k: float(v) for k, v in (logs or {}).items()}
            if not all(math.isfinite(logs.get(k, 0.0)) for k in ("loss", "val_loss")):
                self.diverged_at = (epoch + 1, self.steps)
                self.model.stop_training = True
                return
            penalty = self.penalty(self.model)
            weights = weight_stats(self.model)
            metrics = {
                "loss": logs.get("loss", float("nan")), "accuracy": logs.get("accuracy", float("nan")),
                "val_loss": logs.get("val_loss", float("nan")),
                "val_accuracy": logs.get("val_accuracy", float("nan")),
                "regularization": penalty, "data_loss": logs.get("loss", float("nan")) - penalty,
                "learning_rate": _current_lr(self.model.optimizer),
                **overall_weight_metrics(weights),
                # How far each batch's own loss lies from the midpoint of its neighbours': the zig-zag of
                # the path the weights take, large for small batches (NaN before 3 batches were seen).
                "loss_zigzag": float(np.mean(self._zigzags)) if self._zigzags else math.nan,
                "seconds": round(time.perf_counter() - self._epoch_started, 3),
            }
            probes = None
            if self.probe_ids is not None:  # one forward pass on a few sentences: milliseconds
                probes = keras.ops.convert_to_numpy(self.model(self.probe_ids, training=False)).tolist()
            self.record_epoch(epoch + 1, metrics, {path: asdict(stats) for path, stats in weights.items()}, probes)
            if self.stop.is_set():  # set by a listener of this epoch (a pruner, a Stop): no batch of the next
                self.model.stop_training = True

    return Bridge


def _current_lr(optimizer) -> float:
    import keras

    return float(keras.ops.convert_to_numpy(optimizer.learning_rate))


def _optimizer(config: ExperimentConfig, steps_per_epoch: int):
    import keras

    lr: Any = config.learning_rate
    if config.lr_schedule == "exponential":  # x0.9 per epoch
        lr = keras.optimizers.schedules.ExponentialDecay(lr, decay_steps=steps_per_epoch, decay_rate=0.9)
    elif config.lr_schedule == "cosine":  # to zero over the whole run
        lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=max(1, steps_per_epoch * config.epochs))
    clip = {"clipnorm": config.gradient_clip} if config.gradient_clip > 0 else {}
    if config.optimizer == "adamw":
        return keras.optimizers.AdamW(lr, weight_decay=config.weight_decay, **clip)
    if config.optimizer == "sgd":
        return keras.optimizers.SGD(lr, momentum=config.momentum, **clip)
    if config.optimizer == "rmsprop":
        return keras.optimizers.RMSprop(lr, **clip)
    return keras.optimizers.Adam(lr, **clip)


def _balance(config: ExperimentConfig, x: np.ndarray, y: np.ndarray, k: int):
    """Apply the class-imbalance setting; returns (x, y, class_weight)."""
    counts = np.bincount(y, minlength=k)
    if config.class_imbalance == "class_weights":
        present = counts > 0
        weights = np.zeros(k)
        weights[present] = len(y) / (present.sum() * counts[present])
        return x, y, {i: float(w) for i, w in enumerate(weights)}
    if config.class_imbalance in ("oversample", "undersample"):
        rng = np.random.default_rng(config.seed)
        target = counts[counts > 0].max() if config.class_imbalance == "oversample" else counts[counts > 0].min()
        rows = np.concatenate([
            rng.choice(np.flatnonzero(y == c), size=target, replace=counts[c] < target)
            for c in range(k) if counts[c] > 0])
        rows = rng.permutation(rows)
        return x[rows], y[rows], None
    return x, y, None


@dataclass(frozen=True)
class Predictor:
    """A trained model with the encoder it was trained with: texts in, class probabilities out."""

    model: Any
    encoder: TextEncoder
    class_names: list[str]

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(self.model, LookupTable):
            return self.model.predict_proba(self.encoder.prepare(texts))
        return np.asarray(self.model.predict(self.encoder.transform(texts), verbose=0))


def load_predictor(model_path: str | Path) -> Predictor:
    """Reopen a stored run's model (saved by train() with a store) for predictions."""
    from workbench.core.models import load_model

    model_path = Path(model_path)
    saved = json.loads((model_path.parent / "encoder.json").read_text(encoding="utf-8"))
    config = ExperimentConfig.from_dict(saved["settings"])
    encoder = TextEncoder.from_vocabulary(encoder_settings(config), saved["vocabulary"], saved["sequence_length"])
    return Predictor(load_model(str(model_path)), encoder, saved["class_names"])


def _save_model(result: RunResult, folder) -> str | None:
    """Save the Keras model (.keras) and the encoder's settings and vocabulary beside it."""
    if isinstance(result.model, LookupTable):
        return None
    path = folder / "model.keras"
    result.model.save(path)
    encoder = result.encoder
    (folder / "encoder.json").write_text(json.dumps({
        "settings": result.config.to_dict(), "sequence_length": encoder.sequence_length,
        "vocabulary": encoder.vocabulary, "class_names": result.class_names,
    }, ensure_ascii=False))
    return str(path)
