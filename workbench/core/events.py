"""What training tells its listeners: plain, immutable data (no Keras, no Qt objects).

A listener is any callable taking one event. The GUI worker re-emits events as Qt
signals; the CLI prints them; the store is written by the trainer itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LayerInfo:
    name: str
    kind: str  # the Keras class name, e.g. "LSTM"
    params: int


@dataclass(frozen=True)
class RunStarted:
    run_id: int | None
    config: dict[str, Any]
    class_names: list[str]
    sizes: dict[str, int]  # rows in train / validation / test
    epochs: int
    steps_per_epoch: int
    layers: list[LayerInfo] = field(default_factory=list)
    total_params: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. split fallbacks, vocabulary report
    # The lookup-table memorizer on the same split: {"val_accuracy", "val_loss"}; None for the table itself.
    baseline: dict[str, float] | None = None
    probes: list[str] = field(default_factory=list)  # sentences whose probabilities each EpochEnd carries
    # "train", or "pretrain": then class_names is empty, and loss and accuracy are about predicting tokens
    kind: str = "train"


@dataclass(frozen=True)
class BatchProgress:
    """Throttled to about 20 per second: enough for a smooth bar, cheap for training."""

    epoch: int  # 1-based
    step: int  # 1-based, within the epoch
    steps: int
    loss: float
    accuracy: float


@dataclass(frozen=True)
class EpochEnd:
    epoch: int  # 1-based
    metrics: dict[str, float]  # loss, accuracy, val_loss, val_accuracy, data_loss, regularization, ...
    # weight path (e.g. "dense_1/kernel") -> diagnostics.LayerWeights as a plain dict; empty for the lookup table
    weights: dict[str, dict[str, Any]] = field(default_factory=dict)
    # one list of class probabilities per probe sentence (RunStarted.probes), in class_names order
    probes: list[list[float]] = field(default_factory=list)


@dataclass(frozen=True)
class RunFinished:
    status: str  # completed, stopped, diverged or failed
    message: str
    run_id: int | None


Event = RunStarted | BatchProgress | EpochEnd | RunFinished
Listener = Callable[[Event], None]
