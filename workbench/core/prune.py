"""Magnitude pruning of a stored run: zero its smallest weights, optionally fine-tune, store the result.

What is pruned: every weight matrix that *Inside the model* shows (``diagnostics.weight_matrices``):
the kernels of dense, convolution, recurrent and attention layers, recurrent kernels, and the
embedding tables. Biases and normalization scales are left alone (few, and each one matters).
The embedding is pruned on purpose: in these text models it holds most of the weights (20,000
tokens x 64 numbers against a few thousand in the layers above it), so pruning only the
kernels would leave the model almost as large as before.

Each matrix is pruned to the same sparsity, its own smallest magnitudes first (layer-wise, as
the TensorFlow Model Optimization toolkit does): one global threshold would empty small
layers whose weights happen to be on a smaller scale. Fine-tuning trains on the parent's
training rows with the pruned weights put back to zero after every batch.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.diagnostics import weight_matrices
from workbench.core.errors import ConfigError
from workbench.core.events import (
    EpochEnd,
    LayerInfo,
    Listener,
    RunFinished,
    RunStarted,
    StepFinished,
)
from workbench.core.metrics import classification_scores
from workbench.core.reopen import run_split
from workbench.core.store import RunStore
from workbench.core.trained_run import (
    TrainedRun,
    open_trained_run,
    uncompiled_copy,
    usable_run,
    zipped_size,
)

MAX_SPARSITY = 0.99
CURVE_SPARSITIES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass
class PruneResult:
    status: str  # completed or stopped (during fine-tuning)
    message: str
    run_id: int | None  # the new run (kind "prune")
    parent_id: int
    target_sparsity: float
    sparsity: float  # achieved, over the pruned matrices
    fine_tune_epochs: int
    test: dict[str, Any]  # classification_scores of the pruned (and fine-tuned) model on the parent's test rows
    test_accuracy_before_fine_tuning: float
    parent_test_accuracy: float
    size_bytes: int  # zipped_size of the pruned model
    parent_size_bytes: int
    layers: dict[str, float] = field(default_factory=dict)  # weight path -> its sparsity
    history: list[dict[str, float]] = field(default_factory=list)  # fine-tuning epochs
    model_path: str | None = None

    @property
    def test_accuracy(self) -> float:
        return float(self.test["accuracy"])

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench prune --json`."""
        return {
            "status": self.status, "message": self.message, "run_id": self.run_id, "parent": self.parent_id,
            "target_sparsity": self.target_sparsity, "sparsity": self.sparsity,
            "fine_tune_epochs": self.fine_tune_epochs, "test_accuracy": self.test_accuracy,
            "test_accuracy_before_fine_tuning": self.test_accuracy_before_fine_tuning,
            "parent_test_accuracy": self.parent_test_accuracy, "size_bytes": self.size_bytes,
            "parent_size_bytes": self.parent_size_bytes, "layers": self.layers, "history": self.history,
            "test": self.test, "model_path": self.model_path,
        }


@dataclass(frozen=True)
class CurvePoint:
    target_sparsity: float
    sparsity: float
    test_accuracy: float
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"target_sparsity": self.target_sparsity, "sparsity": self.sparsity,
                "test_accuracy": self.test_accuracy, "size_bytes": self.size_bytes}


@dataclass
class SparsityCurve:
    run_id: int
    fine_tune_epochs: int
    points: list[CurvePoint]
    stopped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench prune --curve --json`."""
        return {"run_id": self.run_id, "fine_tune_epochs": self.fine_tune_epochs, "stopped": self.stopped,
                "points": [p.to_dict() for p in self.points]}


def check_sparsity(sparsity: float) -> float:
    if not (isinstance(sparsity, (int, float)) and 0.0 <= sparsity <= MAX_SPARSITY):
        raise ConfigError(f"The sparsity must be between 0 and {MAX_SPARSITY} (0.8 zeroes 80% of the weights), "
                          f"not {sparsity}.")
    return float(sparsity)


def prune_model(model: Any, sparsity: float) -> dict[str, np.ndarray]:
    """Zero the smallest-magnitude share ``sparsity`` of each prunable matrix, in place; return the masks."""
    masks = {}
    for path, variable in weight_matrices(model).items():
        values = variable.numpy()
        flat = np.abs(values).ravel()
        k = int(round(sparsity * flat.size))
        mask = np.ones(flat.size, dtype=bool)
        if k > 0:
            mask[np.argpartition(flat, k - 1)[:k]] = False
        mask = mask.reshape(values.shape)
        variable.assign(np.where(mask, values, 0).astype(values.dtype))
        masks[path] = mask
    return masks


def measured_sparsity(model: Any) -> tuple[float, dict[str, float]]:
    """Share of exact zeros over all prunable matrices, and per matrix."""
    per_layer, zeros, total = {}, 0, 0
    for path, variable in weight_matrices(model).items():
        values = variable.numpy()
        n_zero = int(values.size - np.count_nonzero(values))
        per_layer[path] = n_zero / values.size if values.size else 0.0
        zeros, total = zeros + n_zero, total + values.size
    return (zeros / total if total else 0.0), per_layer


def prune(store: RunStore, run_id: int, sparsity: float, fine_tune_epochs: int = 0,
          listener: Listener | None = None, stop: threading.Event | None = None) -> PruneResult:
    """Prune run ``run_id`` to ``sparsity``, fine-tune it, and store it as a new run of kind "prune"."""
    sparsity = check_sparsity(sparsity)
    fine_tune_epochs = _check_epochs(fine_tune_epochs)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    started = time.perf_counter()
    split = run_split(usable_run(store, run_id, "prune"))  # refusals before anything loads or is stored
    run = open_trained_run(store, run_id, "prune")
    parent_size = zipped_size(run.model)
    x_test, y_test = run.ids(split.test.text.tolist()), split.encode(split.test)
    parent_accuracy = _accuracy(run.model, x_test, y_test)
    masks = prune_model(run.model, sparsity)
    before = _accuracy(run.model, x_test, y_test)

    config = run.config
    new_id = store.create_run(config.to_json(), run.record.dataset, kind="prune", parent_id=run_id)
    store.rename(new_id, f"Run {new_id} · {config.model} · run {run_id} pruned to {sparsity:.0%}")
    history: list[dict[str, float]] = []
    status, message = "completed", f"Pruned run {run_id} to {sparsity:.0%} sparsity."
    try:
        if fine_tune_epochs:
            note = f"Fine-tuning run {run_id} pruned to {sparsity:.0%} sparsity; the pruned weights stay at zero."
            stopped = _fine_tune(run, split, masks, fine_tune_epochs, new_id, store, listener, stop, history, note)
            if stopped:
                status = "stopped"
                message = f"Pruned run {run_id}; fine-tuning stopped by request after {len(history)} epoch(s)."
            else:
                message = f"Pruned run {run_id} to {sparsity:.0%} sparsity, fine-tuned for {len(history)} epoch(s)."
        probabilities = np.asarray(run.model.predict(x_test, batch_size=256, verbose=0))
        test = classification_scores(y_test, probabilities, split.class_names)
        achieved, per_layer = measured_sparsity(run.model)
        model_path = _save(run, store.model_dir(new_id))
        size = zipped_size(run.model)
    except BaseException as exc:
        store.finish_run(new_id, "failed", None, message=f"{type(exc).__name__}: {exc}")
        raise
    result = PruneResult(status, message, new_id, run_id, sparsity, achieved, fine_tune_epochs, test, before,
                         parent_accuracy, size, parent_size, per_layer, history, model_path)
    elapsed = round(time.perf_counter() - started, 3)
    store.finish_run(new_id, status, {"test": test, "timing": {"total_s": elapsed}, "prune": {
        key: value for key, value in result.to_dict().items() if key not in ("test", "history", "model_path")}},
        message=message, model_path=model_path, duration_s=elapsed)
    listener(RunFinished(status, message, new_id))
    return result


def sparsity_curve(store: RunStore, run_id: int, sparsities: tuple[float, ...] = CURVE_SPARSITIES,
                   fine_tune_epochs: int = 0, listener: Listener | None = None,
                   stop: threading.Event | None = None) -> SparsityCurve:
    """Test accuracy of run ``run_id`` pruned to each sparsity (nothing is stored).

    Each point starts again from the run's own weights. Without fine-tuning a point costs one
    pass over the test rows; with it, ``fine_tune_epochs`` epochs of training. A StepFinished
    event carries each point as it is done, so a plot can grow point by point.
    """
    sparsities = tuple(check_sparsity(s) for s in sparsities)
    fine_tune_epochs = _check_epochs(fine_tune_epochs)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    split = run_split(usable_run(store, run_id, "prune"))
    run = open_trained_run(store, run_id, "prune")
    x_test, y_test = run.ids(split.test.text.tolist()), split.encode(split.test)
    original = run.model.get_weights()
    curve = SparsityCurve(run_id, fine_tune_epochs, [])
    for step, target in enumerate(sparsities, start=1):
        if stop.is_set():
            curve.stopped = True
            break
        run.model.set_weights(original)
        masks = prune_model(run.model, target)
        if fine_tune_epochs and target > 0:
            curve.stopped = _fine_tune(run, split, masks, fine_tune_epochs, None, None, lambda event: None, stop, [],
                                       "")
        achieved, _ = measured_sparsity(run.model)
        point = CurvePoint(target, achieved, _accuracy(run.model, x_test, y_test), zipped_size(run.model))
        curve.points.append(point)
        listener(StepFinished(step, len(sparsities), f"sparsity {target:g}", point.to_dict()))
    run.model.set_weights(original)
    return curve


# --- fine-tuning ----------------------------------------------------------------------------


def _fine_tune(run: TrainedRun, split, masks: dict[str, np.ndarray], epochs: int, new_id: int | None, store,
               listener: Listener, stop: threading.Event, history: list, note: str) -> bool:
    """Train the pruned model on the parent's training rows, pruned weights held at zero; True if stopped."""
    import math

    import keras

    from workbench.core.models import regularization_penalty
    from workbench.core.training import _balance, _bridge_class, _optimizer
    from workbench.core.vectorize import make_tf_dataset

    config = run.config
    keras.utils.set_random_seed(config.seed)
    x_train, y_train = run.ids(split.train.text.tolist()), split.encode(split.train)
    x_val, y_val = run.ids(split.validation.text.tolist()), split.encode(split.validation)
    x_train, y_train, class_weight = _balance(config, x_train, y_train, len(split.class_names))
    steps = math.ceil(len(x_train) / config.batch_size)
    # The run's optimizer at its starting learning rate, held constant: a schedule that ended near
    # zero (cosine) would leave nothing to fine-tune with.
    optimizer = _optimizer(config.replace(lr_schedule="constant"), steps)
    run.model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model = run.model
    listener(RunStarted(new_id, config.to_dict(), split.class_names, split.sizes(), epochs, steps,
                        [LayerInfo(layer.name, type(layer).__name__, int(layer.count_params()))
                         for layer in model.layers], int(model.count_params()), [note]))

    def record_epoch(epoch, metrics, weights=None, probes=None):
        history.append(metrics)
        if store is not None:
            store.add_epoch(new_id, epoch, metrics)
        listener(EpochEnd(epoch, dict(metrics), weights or {}, []))

    bridge = _bridge_class()(listener, stop, steps, record_epoch, regularization_penalty)
    model.fit(make_tf_dataset(x_train, y_train, config.batch_size, shuffle=True, seed=config.seed),
              validation_data=make_tf_dataset(x_val, y_val, config.batch_size), epochs=epochs,
              class_weight=class_weight, callbacks=[_mask_callback_class()(model, masks), bridge],
              shuffle=False, verbose=0)
    return stop.is_set()


@lru_cache(maxsize=1)
def _mask_callback_class():
    """Defined on first use so that importing this module does not import Keras."""
    import keras

    class HoldPrunedAtZero(keras.callbacks.Callback):
        """After every batch, multiply each pruned matrix by its 0/1 mask: the optimizer's step is undone there."""

        def __init__(self, model, masks: dict[str, np.ndarray]):
            super().__init__()
            variables = weight_matrices(model)
            self.pairs = [(variables[path], keras.ops.convert_to_tensor(mask, dtype=variables[path].dtype))
                          for path, mask in masks.items()]

        def on_train_batch_end(self, batch, logs=None):
            for variable, mask in self.pairs:
                variable.assign(variable * mask)

    return HoldPrunedAtZero


# --- helpers --------------------------------------------------------------------------------


def _check_epochs(epochs: int) -> int:
    if not isinstance(epochs, int) or isinstance(epochs, bool) or not 0 <= epochs <= 1000:
        raise ConfigError(f"The fine-tuning epochs must be a whole number from 0 to 1000, not {epochs!r}.")
    return epochs


def _accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    probabilities = np.asarray(model.predict(x, batch_size=256, verbose=0))
    return float((probabilities.argmax(axis=1) == y).mean()) if len(y) else float("nan")


def _save(run: TrainedRun, folder: Path) -> str:
    """The pruned model and the parent's encoder beside it, in the layout load_predictor reads."""
    import shutil

    path = folder / "model.keras"
    uncompiled_copy(run.model).save(path)  # the fine-tuning optimizer is not kept
    shutil.copyfile(run.model_folder / "encoder.json", folder / "encoder.json")
    return str(path)
