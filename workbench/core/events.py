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
    """Throttled to about 5 per second (training.BATCH_EVENTS_PER_SECOND): enough for a moving bar,
    cheap for training."""

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


@dataclass(frozen=True)
class TrialEvent:
    """An event of one trial among several that train at once (a sweep on a Ray cluster).

    ``event`` names the core.events type and ``data`` holds its fields, as the engine protocol
    sends events: ``protocol.event_from_message({"event": event, "data": data})`` rebuilds it.
    """

    trial: int  # 1-based, in the order the trials were given
    total: int
    run_id: int | None  # the run in the local store (None before it is created)
    event: str
    data: dict[str, Any]
    worker: str = ""  # where it trains, e.g. "10.0.0.7 pid 4121"


@dataclass(frozen=True)
class LessonRunStarted:
    """A lesson is about to train one of its runs; that run's own RunStarted follows."""

    lesson: str  # lessons.Lesson.name
    run: str  # the run's name within the lesson, e.g. "regularized"
    label: str  # English; translated in the "Lesson" context
    seed: int
    index: int  # 1-based, over all the runs of the lesson
    total: int


@dataclass(frozen=True)
class LessonStep:
    """Narration: a moment of a lesson has come (see lessons.MOMENTS).

    ``text`` is English with {placeholders}: translate it in the "Lesson" context first,
    then fill it with ``values`` (``text.format(**values)``).
    """

    lesson: str
    moment: str
    text: str
    values: dict[str, Any] = field(default_factory=dict)
    run: str | None = None  # the run whose curves the moment was seen in, if any
    seed: int | None = None


@dataclass(frozen=True)
class LrFinderStep:
    """One batch of the learning-rate range test (core.lr_finder): a point of its curve."""

    step: int  # 1-based
    steps: int  # the most it will take; fewer when the loss explodes
    learning_rate: float
    loss: float  # this batch's loss
    smoothed_loss: float  # the running average the suggestion is read from


@dataclass(frozen=True)
class StudyStarted:
    """A budgeted search (core.tune) begins; the train events of each trial follow, then its TrialFinished."""

    group_id: int | None  # the study's group in the run store
    metric: str  # val_accuracy, macro_f1 or recall:CLASS
    budget_s: float
    space: dict[str, dict[str, Any]]  # setting -> {"low", "high", "log"} or {"choices"}: the axes to draw
    base_config: dict[str, Any]  # the settings every trial starts from; trial 1 tries them as they are


@dataclass(frozen=True)
class TrialFinished:
    number: int  # 1-based
    run_id: int | None
    state: str  # completed, pruned, diverged, failed, stopped (by Stop or the budget) or invalid
    params: dict[str, Any]  # the searched settings' values in this trial
    value: float | None  # the metric on the validation rows; None unless completed
    val_accuracy: float | None  # the last epoch's
    epochs: int  # epochs trained
    seconds: float
    elapsed_s: float  # since the study started
    message: str
    best: dict[str, Any] | None  # the best completed trial so far: {"number", "run_id", "value", "params"}
    importances: dict[str, float]  # setting -> share of the metric's variation it explains; {} until enough trials


@dataclass(frozen=True)
class StepFinished:
    """One step of a job made of a few long steps is done: a point of the pruning curve, a TFLite variant."""

    step: int  # 1-based
    steps: int
    label: str  # what the step was, e.g. "sparsity 0.8" or "int8"
    result: dict[str, Any]  # its outcome, as the job's to_dict() gives it


Event = (RunStarted | BatchProgress | EpochEnd | RunFinished | LrFinderStep | StudyStarted | TrialFinished
         | StepFinished | LessonRunStarted | LessonStep | TrialEvent)
Listener = Callable[[Event], None]
