"""Learning curve: accuracy against the number of training texts, to answer "would more data help?".

One split is made with the seed and kept, so the validation texts are the same at every size.
For each seed of the repeats (base, base + 1, ..., as in core/repeats.py) the training rows of
each class are shuffled once and the first share of them is taken: every smaller training set
is part of the larger ones, with the classes in the same proportions. Training and validation
accuracy are those of the final model, measured after training (no dropout), on the training
texts it had (before any augmentation) and on the validation texts.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.config import ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import Listener
from workbench.core.metrics import classification_scores
from workbench.core.repeats import repeat_seeds
from workbench.core.significance import spread
from workbench.core.training import RunResult, train

DEFAULT_SIZES = (0.1, 0.25, 0.5, 1.0)
RISE = 0.01  # a step smaller than one point of accuracy counts as flat, however steady
GAP = 0.10  # training accuracy above validation accuracy by more than this: the model memorizes


def parse_sizes(text: str) -> list[float]:
    """"0.1,0.25,0.5,1" -> [0.1, 0.25, 0.5, 1.0]: shares of the training texts, smallest first."""
    try:
        sizes = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"{_SIZES_HELP}; not {text!r}.") from None
    return check_sizes(sizes)


def check_sizes(sizes: Sequence[float]) -> list[float]:
    """The sizes sorted, or ConfigError when one is not a share above 0 and at most 1, or repeats."""
    shown = ",".join(f"{size:g}" for size in sizes)
    if not sizes or any(not 0 < size <= 1 for size in sizes):
        raise ConfigError(f"{_SIZES_HELP}; not {shown!r}.")
    if len(set(sizes)) < len(sizes):
        raise ConfigError(f"The sizes {shown} list a share twice; give each share once.")
    return sorted(sizes)


_SIZES_HELP = ("Sizes must be shares of the training texts above 0 and at most 1, separated by commas, "
               "e.g. 0.1,0.25,0.5,1")


def nested_subset(train: pd.DataFrame, fraction: float, seed: int) -> pd.DataFrame:
    """The first ``fraction`` of each class's rows (at least one) in an order shuffled with ``seed``."""
    rng = np.random.default_rng(seed)
    rows = [rng.permutation(index)[:max(1, round(fraction * len(index)))]
            for _, index in sorted(train.groupby("label", sort=True).indices.items())]
    return train.iloc[np.sort(np.concatenate(rows))].reset_index(drop=True)


def subset_split(split: Split, fraction: float, seed: int) -> Split:
    """The split with its training part cut to ``nested_subset``; its settings say how (core/reopen.py)."""
    settings = {**split.settings, "train_share": fraction, "train_seed": seed} if split.settings else {}
    return dataclasses.replace(split, train=nested_subset(split.train, fraction, seed), settings=settings)


@dataclass(frozen=True)
class CurvePoint:
    fraction: float
    train_size: int  # training texts (before augmentation)
    train_accuracy: float | None  # mean over the seeds' completed runs
    val_accuracy: float | None
    train_accuracy_std: float | None  # None with fewer than 2 runs
    val_accuracy_std: float | None
    n: int  # completed runs
    run_ids: list[int | None]


@dataclass
class LearningCurve:
    points: list[CurvePoint]
    reading: str
    validation_size: int
    seeds: list[int]
    group_id: int | None = None
    results: list[RunResult] = field(default_factory=list)  # not in to_dict

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench learning-curve --json`."""
        return {"points": [asdict(p) for p in self.points], "reading": self.reading,
                "validation_size": self.validation_size, "seeds": self.seeds, "group_id": self.group_id}


def learning_curve(
    config: ExperimentConfig,
    data: Dataset | Split,
    sizes: Sequence[float] = DEFAULT_SIZES,
    repeats: int = 3,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    on_run_start: Callable[[int, int, ExperimentConfig], None] | None = None,
    on_run_done: Callable[[int, int, RunResult], None] | None = None,
) -> LearningCurve:
    """Train at each size (smallest first) once per seed; the runs are one store group, "learning_curve".

    Setting ``stop`` stops the current run and skips the rest; the curve then has the points reached.
    The callbacks get (index, total, ...) with index counting from 1, sizes outermost.
    """
    config.validate()
    sizes = check_sizes(sizes)
    seeds = repeat_seeds(config.seed, repeats)
    split = data if isinstance(data, Split) else split_dataset(
        data, config.validation_fraction, config.test_fraction, config.seed)
    stop = stop or threading.Event()
    curve = LearningCurve([], "", len(split.validation), seeds)
    if store is not None:
        curve.group_id = store.create_group("learning_curve", "learning curve", {
            "sizes": sizes, "seeds": seeds, "config": config.to_dict()})
    total, index = len(sizes) * len(seeds), 0
    for fraction in sizes:
        runs: list[tuple[RunResult, float, float]] = []
        for seed in seeds:
            if stop.is_set():
                break
            index += 1
            run_config = config.replace(seed=seed)
            if on_run_start is not None:
                on_run_start(index, total, run_config)
            subset = subset_split(split, fraction, seed)
            result = train(run_config, subset, listener=listener, stop=stop, store=store, probes=probes,
                           group_id=curve.group_id)
            curve.results.append(result)
            if result.status == "completed":
                runs.append((result, _accuracy(result, subset.train, split),
                             _accuracy(result, split.validation, split)))
            if on_run_done is not None:
                on_run_done(index, total, result)
        if runs:  # every seed's subset has the same size
            curve.points.append(_point(fraction, len(subset.train), runs))
    curve.reading = read_curve(curve.points)
    if store is not None:
        info = store.group(curve.group_id)["info"]
        store.update_group(curve.group_id, {**info, **curve.to_dict()})
    return curve


def read_curve(points: Sequence[CurvePoint]) -> str:
    """One sentence on the last step of the curve, and one more when the model memorizes.

    The rule: the gain is the mean validation accuracy at the largest size minus that at the size
    before; its noise is its standard error from the seeds, sqrt(sd1²/n1 + sd2²/n2) (0 with one
    seed). The curve is still rising when the gain is above max(RISE, 2 × noise), falling when it is
    below minus that, and levelled off otherwise. When training accuracy at the largest size is above
    validation accuracy by more than GAP, a second sentence says the model memorizes.
    """
    points = sorted((p for p in points if p.val_accuracy is not None), key=lambda p: p.train_size)
    if len(points) < 2:
        return "A curve needs at least two training-set sizes; give more sizes."
    before, last = points[-2], points[-1]
    gain = last.val_accuracy - before.val_accuracy
    noise = math.sqrt(sum((p.val_accuracy_std or 0.0) ** 2 / p.n for p in (before, last)))
    threshold = max(RISE, 2 * noise)
    step = (f"({before.val_accuracy:.3f} → {last.val_accuracy:.3f} from {before.train_size:,} to "
            f"{last.train_size:,} training texts)")
    where = "at full size" if last.fraction == 1 else "at the largest size tried"
    if gain > threshold:
        text = f"Validation accuracy is still rising {where} {step}: more data would likely help."
    elif gain < -threshold:
        text = (f"Validation accuracy fell {where} {step}: more texts of this kind did not help here; check the "
                f"settings (such as the number of epochs) first.")
    else:
        text = (f"Validation accuracy has levelled off {where} {step}: more texts of the same kind are unlikely "
                f"to help much; a different model or settings might.")
    if last.train_accuracy is not None and last.train_accuracy - last.val_accuracy > GAP:
        text += (f" Training accuracy ({last.train_accuracy:.3f}) is far above validation accuracy "
                 f"({last.val_accuracy:.3f}): the model memorizes its training texts; regularization "
                 f"(dropout, L2) may help.")
    return text


def _accuracy(result: RunResult, part: pd.DataFrame, split: Split) -> float:
    probabilities = result.predict(part["text"].tolist())
    return classification_scores(split.encode(part), probabilities, split.class_names)["accuracy"]


def _point(fraction: float, train_size: int, runs: list[tuple[RunResult, float, float]]) -> CurvePoint:
    train_acc, val_acc = spread([r[1] for r in runs]), spread([r[2] for r in runs])
    return CurvePoint(fraction, train_size, train_acc.mean, val_acc.mean, train_acc.std, val_acc.std,
                      len(runs), [r[0].run_id for r in runs])
