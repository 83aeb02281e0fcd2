"""The learning-rate range test: train a fresh model for a few batches while the rate rises from 1e-6 to 1.

Leslie Smith's test ("Cyclical learning rates", 2015), as fastai made it popular. At each
batch the rate is multiplied by the same factor, and the batch's loss is recorded. The loss
hardly moves while the rate is too small, falls fastest where it is right, and explodes once
it is too large: one curve shows all three, which is why it doubles as a teaching picture.

Nothing is stored. The model is thrown away (its last batches, at rates near 1, wreck it),
a curve of single batches is not a run with epochs, and keeping it among the runs would put
a nonsense "run" into every comparison. The result is plain data; ``--json`` keeps it.
"""

from __future__ import annotations

import gc
import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench.core.config import ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import Listener, LrFinderStep

MIN_LR = 1e-6
MAX_LR = 1.0
STEPS = 100  # batches: enough for a smooth curve, a few seconds for the default model
SMOOTHING = 0.9  # the live running average of the batch losses (about the last 10 batches)
WINDOW = 9  # batches in the centred windows that smooth the finished curve
EXPLODED = 4.0  # the test stops once the smoothed loss is this many times its lowest value
SKIP = 3  # first points left out of the reading: the smoothing windows are half empty there
MIN_POINTS = 12  # fewer batches than this cannot be read
NO_FALL = 0.05  # a fall of less than 5% of the starting loss is noise, not learning
MARGIN = 10 ** 0.5  # the steepest point must lie half a decade below the minimum to be suggested


@dataclass
class LrFinderResult:
    status: str  # completed (the loss exploded, or the rate reached its maximum) or stopped
    message: str  # how the test ended, and why no rate is suggested if none is
    points: list[dict[str, float]] = field(default_factory=list)  # learning_rate, loss, smoothed_loss
    suggested: float | None = None
    rule: str = ""  # "steepest" or "minimum/10": how ``suggested`` was read from the curve (see analyse)
    reason: str = ""  # why, as the end of a sentence
    readings: dict[str, float] = field(default_factory=dict)  # both classic readings: steepest, minimum/10
    # Rates as [from, to], or None when the curve does not show that part:
    # too_low: the loss hardly moves; right: it falls fastest; too_high: it explodes.
    regions: dict[str, list[float] | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench lr-find --json`."""
        return {"points": self.points, "suggested": self.suggested, "rule": self.rule, "reason": self.reason,
                "readings": self.readings, "regions": self.regions, "status": self.status, "message": self.message}


def find_learning_rate(
    config: ExperimentConfig,
    data: Dataset | Split,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    steps: int = STEPS,
    min_lr: float = MIN_LR,
    max_lr: float = MAX_LR,
) -> LrFinderResult:
    """Run the range test with ``config``'s model, optimizer, batch size and training rows.

    ``steps`` batches, part of an epoch on large data; on small data the training rows are
    used again, so the curve always has ``steps`` points to read. The rate ends at ``max_lr``
    unless the loss explodes first. ``listener`` gets an LrFinderStep per batch; ``stop`` is
    checked before each one.
    """
    config.validate()
    if config.model == "lookup":
        raise ConfigError("The lookup table memorizes the training texts and has no learning rate; "
                          "choose another --model.")
    if not (0 < min_lr < max_lr) or steps < 2:
        raise ConfigError("The range test needs 0 < min_lr < max_lr and at least 2 steps.")
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    split = data if isinstance(data, Split) else split_dataset(
        data, config.validation_fraction, config.test_fraction, config.seed)
    model, batches, class_weight = _fresh_model(config, split)

    rates = min_lr * (max_lr / min_lr) ** (np.arange(steps) / (steps - 1))
    losses: list[float] = []
    average, lowest, exploded_at = 0.0, math.inf, None
    status, message = "completed", f"The rate reached {max_lr:g} without the loss exploding."
    for step, (x, y) in enumerate(batches.take(steps).as_numpy_iterator(), start=1):
        if stop.is_set():
            status, message = "stopped", f"Stopped by request after {step - 1} batches."
            break
        rate = float(rates[step - 1])
        model.optimizer.learning_rate = rate
        loss = float(model.train_on_batch(x, y, class_weight=class_weight, return_dict=True)["loss"])
        if not math.isfinite(loss):
            exploded_at, message = rate, f"The loss became infinite or not a number at a rate of {rate:.2g}."
            break
        losses.append(loss)
        average = SMOOTHING * average + (1 - SMOOTHING) * loss
        smoothed = average / (1 - SMOOTHING ** step)  # without the bias towards the starting 0
        listener(LrFinderStep(step, steps, rate, loss, smoothed))
        lowest = min(lowest, smoothed)
        if step > SKIP and smoothed > EXPLODED * lowest:
            exploded_at = rate
            message = f"The loss exploded at a rate of {rate:.2g}: it reached {EXPLODED:g} times its lowest value."
            break
    result = analyse(rates[:len(losses)].tolist(), losses)
    result.status, result.message = status, " ".join(filter(None, (message, result.message)))
    if exploded_at is not None and result.regions.get("right") and result.regions["too_high"] is None:
        result.regions["too_high"] = [exploded_at, exploded_at]  # too sudden for the smoothed curve to show
    return result


def analyse(rates: list[float], losses: list[float]) -> LrFinderResult:
    """Read the suggestion and the three regions from a recorded curve (rising rates, their losses).

    The suggestion is the steepest descent of the smoothed loss: the rate at which a batch
    improves the model most. It exists whether or not the loss exploded within the range, where
    "a tenth of the rate at the minimum" means nothing when the minimum is simply the last rate
    tried. But when the steepest point lies within half a decade of the minimum, the loss is still
    falling fast where it turns and explodes: there is no margin, and a tenth of the minimum's
    rate is suggested instead.
    """
    smoothed = smooth(losses)
    points = [{"learning_rate": r, "loss": l, "smoothed_loss": float(s)} for r, l, s in zip(rates, losses, smoothed)]
    result = LrFinderResult("completed", "", points)
    if len(losses) < MIN_POINTS:
        result.message = (f"Only {len(losses)} batches were recorded, too few to read a rate from; use a larger "
                          f"batch of training rows or a smaller --batch-size.")
        return result
    lowest = int(np.argmin(smoothed))
    start, bottom = float(smoothed[SKIP]), float(smoothed[lowest])
    fall = start - bottom
    if lowest <= SKIP or fall <= NO_FALL * start:
        result.message = ("The loss never fell: the model learns nothing at any rate tried; check the labels, "
                          "or try another optimizer.")
        result.regions = {"too_low": [rates[0], rates[-1]], "right": None, "too_high": None}
        return result
    slope = np.gradient(smoothed, np.log10(rates))  # loss change per tenfold rise of the rate
    steepest = SKIP + int(np.argmin(slope[SKIP:lowest + 1]))
    result.readings = {"steepest": rates[steepest], "minimum/10": rates[lowest] / 10}
    if rates[lowest] / rates[steepest] > MARGIN:
        result.suggested, result.rule = rates[steepest], "steepest"
        result.reason = "the smoothed loss falls fastest there"
    else:
        result.suggested, result.rule = rates[lowest] / 10, "minimum/10"
        result.reason = (f"the loss falls fastest right where it turns ({rates[lowest]:.2g}) and explodes, so a "
                         f"tenth of that rate leaves a margin")
    left = right = steepest  # the stretch around it that falls at least half as fast
    while left > SKIP and slope[left - 1] <= 0.5 * slope[steepest]:
        left -= 1
    while right < lowest and slope[right + 1] <= 0.5 * slope[steepest]:
        right += 1
    moved = next(i for i in range(SKIP, len(rates)) if smoothed[i] <= start - 0.1 * fall)  # a tenth of the fall
    too_low_end = max(0, min(moved, left) - 1)
    explode = next((i for i in range(lowest + 1, len(rates)) if smoothed[i] >= bottom + 0.5 * fall), None)
    result.regions = {"too_low": [rates[0], rates[too_low_end]], "right": [rates[left], rates[right]],
                      "too_high": None if explode is None else [rates[explode], rates[-1]]}
    return result


def smooth(losses: list[float]) -> np.ndarray:
    """A centred rolling median, then a centred rolling mean, over WINDOW batches each.

    Centred, so the curve does not lag behind the rates (a running average trails them by half
    a decade with 100 steps, and would move the steepest point that far right); the median first,
    so the few huge losses at the explosion do not leak into the points before it.
    """
    import pandas as pd

    series = pd.Series(losses, dtype=float)
    return (series.rolling(WINDOW, center=True, min_periods=1).median()
            .rolling(WINDOW, center=True, min_periods=1).mean().to_numpy())


def _fresh_model(config: ExperimentConfig, split: Split):
    """A compiled, untrained model as train() would build it, with its training batches repeated."""
    import keras

    from workbench.core.models import build_model
    from workbench.core.training import _balance, _optimizer, encoder_settings
    from workbench.core.vectorize import TextEncoder, make_tf_dataset

    keras.backend.clear_session(free_memory=gc.isenabled())
    keras.utils.set_random_seed(config.seed)
    encoder = TextEncoder(encoder_settings(config))
    prepared = encoder.prepare(split.train.text.tolist())
    encoder.fit_prepared(prepared)
    x, y, class_weight = _balance(config, encoder.transform_prepared(prepared), split.encode(split.train),
                                  len(split.class_names))
    model = build_model(config, len(encoder.vocabulary), encoder.sequence_length, len(split.class_names))
    # A constant rate that the test sets itself before each batch; every other optimizer setting as configured.
    model.compile(optimizer=_optimizer(config.replace(lr_schedule="constant"), 1),
                  loss="sparse_categorical_crossentropy")
    batches = make_tf_dataset(x, y, config.batch_size, shuffle=True, seed=config.seed).repeat()
    return model, batches, class_weight
