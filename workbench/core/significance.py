"""Is the difference between two settings larger than the seed-to-seed noise?

Runs of the same setting with other seeds (other initial weights, dropout masks and batch
order) score differently; a difference between two settings means something only when it is
larger than that. Two methods, both answering in plain words:

* paired (both settings ran on the same seeds and the same split, seed by seed): a paired
  t-test on the per-seed differences, read through the 95% confidence interval of their mean;
* not paired: each setting's 95% confidence interval of its mean, and only intervals that do
  not overlap count (a cautious rule).

With 3 seeds no test is powerful (the t quantile is 4.3), so only large, steady differences can
show, and the wording says so. An exact sign-flip permutation test was not used: with 3 seeds its
smallest possible p-value is 2/8 = 0.25, so it could never say "larger than the noise".

Accuracy counts whole texts, so identical per-seed differences are common and would make the
t-test certain by accident; with a ``resolution`` (1 / validation rows) the spread is never taken
as smaller than that one step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

CONFIDENCE = 0.95
FEW_SEEDS = 5  # below this many seeds, the wording warns that only large, steady differences can show

LARGER = "larger_than_noise"
NOT_DISTINGUISHABLE = "not_distinguishable"
CANNOT_TELL = "cannot_tell"


@dataclass(frozen=True)
class Spread:
    """Mean and sample standard deviation of one number over seeds (or folds); None where undefined."""

    n: int
    mean: float | None
    std: float | None  # ddof=1; None with fewer than 2 values
    min: float | None
    max: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def mean_sd_text(mean: float | None, std: float | None) -> str:
    """"0.812 ± 0.010", "0.812" without a spread, "-" without a mean."""
    if mean is None:
        return "-"
    return f"{mean:.3f}" if std is None else f"{mean:.3f} ± {std:.3f}"


def spread(values: Sequence[float]) -> Spread:
    values = np.asarray([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    if not len(values):
        return Spread(0, None, None, None, None)
    std = float(values.std(ddof=1)) if len(values) > 1 else None
    return Spread(len(values), float(values.mean()), std, float(values.min()), float(values.max()))


@dataclass(frozen=True)
class Verdict:
    """The answer as plain data: a sentence for people, the method for a tooltip, and the numbers."""

    outcome: str  # LARGER, NOT_DISTINGUISHABLE or CANNOT_TELL
    sentence: str
    method: str  # one sentence
    test: str  # "paired_t", "interval_overlap" or "none"
    metric: str
    name_a: str
    name_b: str
    n_a: int
    n_b: int
    n_pairs: int  # seeds compared pair by pair (0 when not paired)
    mean_a: float | None
    mean_b: float | None
    difference: float | None  # mean_a - mean_b
    interval: list[float] | None  # paired: 95% interval of the mean difference a - b
    interval_a: list[float] | None  # not paired: 95% interval of each mean
    interval_b: list[float] | None
    p_value: float | None  # paired t-test, two-sided

    @property
    def larger_than_noise(self) -> bool:
        return self.outcome == LARGER

    def to_dict(self) -> dict:
        return asdict(self)


def compare(
    a: Sequence[float],
    b: Sequence[float],
    *,
    paired: bool,
    name_a: str = "A",
    name_b: str = "B",
    metric: str = "accuracy",
    resolution: float = 0.0,
) -> Verdict:
    """Compare two settings' per-seed results; ``paired`` when a[i] and b[i] share seed and split."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if paired and len(a) != len(b):
        raise ValueError("paired results need the same number of values on both sides")
    base = dict(metric=metric, name_a=name_a, name_b=name_b, n_a=len(a), n_b=len(b),
                mean_a=_mean(a), mean_b=_mean(b),
                difference=_mean(a) - _mean(b) if len(a) and len(b) else None,
                interval=None, interval_a=None, interval_b=None, p_value=None)
    if min(len(a), len(b)) < 2:
        runs = "one run" if min(len(a), len(b)) == 1 else "no finished run"
        sentence = (f"{name_a} and {name_b} cannot be compared yet: with {runs} of a setting there is no "
                    f"measure of the noise; repeat each setting over at least 3 seeds.")
        return Verdict(CANNOT_TELL, sentence, "Needs at least 2 runs of each setting, with different seeds.",
                       "none", n_pairs=0, **base)
    if paired:
        return _paired(a, b, resolution, base)
    return _overlap(a, b, resolution, base)


def compare_by_seed(
    a: Mapping[int, float],
    b: Mapping[int, float],
    *,
    same_split: bool = True,
    name_a: str = "A",
    name_b: str = "B",
    metric: str = "accuracy",
    resolution: float = 0.0,
) -> Verdict:
    """Compare results keyed by seed: paired over the shared seeds (at least 2, and ``same_split``:
    the same seed means the same split for both), else by interval overlap of all values."""
    shared = sorted(set(a) & set(b))
    if same_split and len(shared) >= 2:
        return compare([a[s] for s in shared], [b[s] for s in shared], paired=True, name_a=name_a,
                       name_b=name_b, metric=metric, resolution=resolution)
    return compare(list(a.values()), list(b.values()), paired=False, name_a=name_a, name_b=name_b,
                   metric=metric, resolution=resolution)


def _paired(a: np.ndarray, b: np.ndarray, resolution: float, base: dict) -> Verdict:
    n = len(a)
    d = a - b
    mean = float(d.mean())
    sd = max(float(d.std(ddof=1)), resolution)
    if sd == 0.0:  # every seed moved by exactly the same amount (no resolution given)
        low = high = mean
        p = 1.0 if mean == 0 else 0.0
    else:
        half = float(_t().ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
        p = float(2 * _t().sf(abs(mean) / (sd / math.sqrt(n)), n - 1))
    larger = low > 0 or high < 0
    floor = " (the noise taken as at least one validation text)" if resolution else ""
    method = (f"Paired t-test over the {n} seeds both settings ran on, with the same split: the difference "
              f"counts as larger than the noise when the {CONFIDENCE:.0%} confidence interval of the mean "
              f"per-seed difference leaves out zero{floor}.")
    numbers = f"{CONFIDENCE:.0%} interval {low:+.3f} to {high:+.3f}, paired over {n} seeds"
    sentence = _sentence(larger, mean, numbers, n, base)
    return Verdict(LARGER if larger else NOT_DISTINGUISHABLE, sentence, method, "paired_t", n_pairs=n,
                   **{**base, "interval": [low, high], "p_value": p})


def _overlap(a: np.ndarray, b: np.ndarray, resolution: float, base: dict) -> Verdict:
    interval_a, interval_b = mean_interval(a, resolution), mean_interval(b, resolution)
    larger = interval_a[0] > interval_b[1] or interval_b[0] > interval_a[1]
    method = (f"The runs are not paired seed by seed, so each setting gets a {CONFIDENCE:.0%} confidence "
              f"interval of its mean (t-distribution over its seeds), and only intervals that do not overlap "
              f"count as a difference larger than the noise, a cautious rule.")
    numbers = (f"{base['name_a']} {interval_a[0]:.3f} to {interval_a[1]:.3f}, {base['name_b']} "
               f"{interval_b[0]:.3f} to {interval_b[1]:.3f}, {len(a)} and {len(b)} seeds")
    sentence = _sentence(larger, base["difference"], numbers, min(len(a), len(b)), base)
    return Verdict(LARGER if larger else NOT_DISTINGUISHABLE, sentence, method, "interval_overlap", n_pairs=0,
                   **{**base, "interval_a": interval_a, "interval_b": interval_b})


def mean_interval(values: Sequence[float], resolution: float = 0.0) -> list[float]:
    """The 95% confidence interval of the mean (t-distribution; at least 2 values)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    sd = max(float(values.std(ddof=1)), resolution)
    half = float(_t().ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
    return [float(values.mean()) - half, float(values.mean()) + half]


def _sentence(larger: bool, difference: float, numbers: str, seeds: int, base: dict) -> str:
    a, b, metric = base["name_a"], base["name_b"], base["metric"]
    if larger:
        ahead, behind = (a, b) if difference > 0 else (b, a)
        text = (f"{ahead} is ahead of {behind} by {abs(difference):.3f} in {metric} ({numbers}): "
                f"larger than the noise.")
        if seeds < FEW_SEEDS:
            text += f" With only {seeds} seeds, only a large and steady difference like this one can show."
        return text
    text = (f"{a} and {b} differ by {abs(difference):.3f} in {metric} ({numbers}): "
            f"not distinguishable from the noise.")
    if seeds < FEW_SEEDS:
        text += (f" With only {seeds} seeds a test catches only large, steady differences, so a small real one "
                 f"may be hiding; more seeds would tell.")
    return text


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def _t():
    """Student's t distribution; scipy.stats takes about a second to import, so the window pays it only
    when a verdict is computed, not at start-up."""
    from scipy import stats

    return stats.t
