"""Repeats over seeds: one setting trained K times, so that its spread shows how much is noise.

Seeds: repeat i (counting from 0) uses seed base + i, so the first repeat is exactly the run
``train`` makes with the base seed, and a setting's seeds are easy to retrace.

Split: by default every repeat trains on the one split made with the base seed, and the seed
changes only the initial weights, dropout, batch order and augmentation. Two settings' runs
with the same seed then differ only by the setting, and a paired comparison measures the
setting rather than the luck of the split. With ``split_per_seed`` each seed also draws its own
split: the spread then includes the luck of the split too, and runs of two settings that share a
seed still share a split, so they stay paired.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.compare import describe_runs
from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import Listener
from workbench.core.significance import Spread, Verdict, compare_by_seed, mean_sd_text, spread
from workbench.core.training import RunResult, train

MAX_REPEATS = 100
BEST_VAL = "best validation accuracy"


def repeat_seeds(base: int, repeats: int) -> list[int]:
    """base, base + 1, ..., base + repeats - 1 (wrapping round past the largest seed)."""
    if not 1 <= repeats <= MAX_REPEATS:
        raise ConfigError(f"repeats must be between 1 and {MAX_REPEATS}, not {repeats}.")
    top = int(SPECS["seed"].maximum) + 1
    return [(base + i) % top for i in range(repeats)]


def seed_splits(data: Dataset | Split, config: ExperimentConfig, seeds: Sequence[int],
                split_per_seed: bool) -> dict[int, Split]:
    """The split each seed trains on, made once: the base seed's for all, or each seed's own."""
    if isinstance(data, Split):
        if split_per_seed:
            raise ConfigError("The split cannot change with the seed when separate validation or test files are "
                              "given; leave out the split-per-seed option.")
        return {seed: data for seed in seeds}
    if not split_per_seed:
        split = split_dataset(data, config.validation_fraction, config.test_fraction, config.seed)
        return {seed: split for seed in seeds}
    return {seed: split_dataset(data, config.validation_fraction, config.test_fraction, seed) for seed in seeds}


def run_repeats(
    config: ExperimentConfig,
    data: Dataset | Split,
    repeats: int,
    *,
    split_per_seed: bool = False,
    splits: Mapping[int, Split] | None = None,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    name: str = "",
    info: Mapping[str, Any] | None = None,
    on_run_start: Callable[[int, int, ExperimentConfig], None] | None = None,
    on_run_done: Callable[[int, int, RunResult], None] | None = None,
    cluster: str | None = None,
    retries: int = 1,
) -> list[RunResult]:
    """Train ``config`` once per seed of ``repeat_seeds(config.seed, repeats)``; one RunResult per started run.

    ``splits`` are ``seed_splits``' result when already made (a sweep makes them once for all its
    settings). With a ``store`` and more than one repeat, the runs form one group of kind "repeats"
    (``name``, with ``info`` added to its info), whose info gets the seeds' summary when they are done.
    Setting ``stop`` stops the current run and skips the rest. The callbacks get (index, total, ...)
    with index counting from 1, as in ``run_sweep``. With ``cluster`` (a Ray address) the runs are
    trials on that cluster, several at once (``cluster.run_trials_on_cluster``, with ``retries``).
    """
    config.validate()
    seeds = repeat_seeds(config.seed, repeats)
    splits = splits or seed_splits(data, config, seeds, split_per_seed)
    stop = stop or threading.Event()
    group_id = open_repeats_group(store, seeds, split_per_seed, name, info)
    if cluster is not None:
        from workbench.core.cluster import Trial, run_trials_on_cluster

        trials = [Trial(config.replace(seed=seed), splits[seed], tuple(probes), group_id) for seed in seeds]
        results = run_trials_on_cluster(trials, cluster, listener, stop, store, on_run_start, on_run_done, retries)
        close_repeats_group(store, group_id, results)
        return results
    results: list[RunResult] = []
    for index, seed in enumerate(seeds, start=1):
        if stop.is_set():
            break
        run_config = config.replace(seed=seed)
        if on_run_start is not None:
            on_run_start(index, len(seeds), run_config)
        result = train(run_config, splits[seed], listener=listener, stop=stop, store=store, probes=probes,
                       group_id=group_id)
        results.append(result)
        if on_run_done is not None:
            on_run_done(index, len(seeds), result)
    close_repeats_group(store, group_id, results)
    return results


def open_repeats_group(store, seeds: Sequence[int], split_per_seed: bool, name: str = "",
                       info: Mapping[str, Any] | None = None) -> int | None:
    """The store group of one setting's runs over ``seeds``; None without a store or with one seed."""
    if store is None or len(seeds) < 2:
        return None
    return store.create_group("repeats", name or f"{len(seeds)} seeds",
                              {"seeds": list(seeds), "split_per_seed": split_per_seed, **(info or {})})


def close_repeats_group(store, group_id: int | None, results: Sequence[RunResult]) -> None:
    """Put the seeds' summary (mean and spread of each score) into the group's info."""
    if group_id is not None:
        summary = {key: value.to_dict() for key, value in _spreads(results).items()}
        store.update_group(group_id, {**store.group(group_id)["info"], "summary": summary})


# --- summaries ----------------------------------------------------------------------------


def best_val_accuracy(history: Sequence[Mapping[str, float]]) -> float | None:
    """The highest finite validation accuracy of any epoch (None without one)."""
    values = [h.get("val_accuracy") for h in history]
    finite = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    return max(finite) if finite else None


def epoch_bands(histories: Sequence[Sequence[Mapping[str, float]]], metric: str) -> list[dict[str, Any]]:
    """Mean and band of ``metric`` at each epoch over several runs' histories, for curves with bands.

    One entry per epoch that any run reached: {"epoch", "n", "mean", "std", "min", "max"}, over the
    runs that reached it with a finite value (n of them; std is None below 2).
    """
    longest = max((len(h) for h in histories), default=0)
    bands = []
    for epoch in range(1, longest + 1):
        values = [h[epoch - 1].get(metric) for h in histories if len(h) >= epoch]
        s = spread([v for v in values if isinstance(v, (int, float))])
        if s.n:
            bands.append({"epoch": epoch, **s.to_dict()})
    return bands


@dataclass(frozen=True)
class SettingSummary:
    """One setting's runs over seeds: mean and spread, and how it compares with the reference setting."""

    label: str
    varied: dict[str, Any]
    seeds: list[int]
    run_ids: list[int | None]
    group_id: int | None
    best_val_accuracy: Spread
    test_accuracy: Spread
    reference: bool  # the setting the others are compared with
    verdict: Verdict | None  # against the reference; None for the reference itself

    def to_dict(self) -> dict[str, Any]:
        metrics = {"best_val_accuracy": self.best_val_accuracy, "test_accuracy": self.test_accuracy}
        return {
            "label": self.label, "varied": self.varied, "seeds": self.seeds, "run_ids": self.run_ids,
            "group_id": self.group_id, "n": self.best_val_accuracy.n,
            "mean": {key: s.mean for key, s in metrics.items()},
            "std": {key: s.std for key, s in metrics.items()},
            "reference": self.reference, "verdict": self.verdict.to_dict() if self.verdict else None,
        }


def summarize_settings(results: Sequence[RunResult], names: Sequence[str] = (),
                       paired: bool = True) -> list[SettingSummary]:
    """Runs grouped by setting (all settings equal but the seed), in order of first appearance.

    Each is labelled by what sets it apart (as curve legends are) and, for ``names``, its values.
    Only completed runs count. The reference is the setting with the highest mean best validation
    accuracy, and every other setting is compared with it on that number, paired by seed when
    ``paired`` (every setting ran on the same seeds, and the same seed meant the same split).
    """
    groups: dict[ExperimentConfig, list[RunResult]] = {}
    for result in results:
        groups.setdefault(result.config.setting(), []).append(result)
    values = {key: _by_seed(runs) for key, runs in groups.items()}
    means = {key: spread(list(v.values())).mean for key, v in values.items()}
    scored = [key for key in groups if means[key] is not None]
    reference = max(scored, key=lambda key: means[key]) if scored else None
    labels = dict(zip(groups, describe_runs(list(groups), shared_model=False)))
    summaries = []
    for key, runs in groups.items():
        verdict = None
        if reference is not None and key != reference:
            verdict = compare_by_seed(values[reference], values[key], same_split=paired, name_a=labels[reference],
                                      name_b=labels[key], metric=BEST_VAL, resolution=_resolution(runs))
        spreads = _spreads(runs)
        summaries.append(SettingSummary(
            label=labels[key], varied={name: getattr(runs[0].config, name) for name in names},
            seeds=[r.config.seed for r in runs], run_ids=[r.run_id for r in runs], group_id=runs[0].group_id,
            best_val_accuracy=spreads["best_val_accuracy"], test_accuracy=spreads["test_accuracy"],
            reference=key == reference, verdict=verdict))
    return summaries


def settings_table(summaries: Sequence[SettingSummary]) -> str:
    """Plain text, one row per setting: mean ± sd over seeds and (for several) the verdict against the best."""
    several = len(summaries) > 1
    rows = [["setting", "seeds", "best val_acc", "test acc"] + (["against the best"] if several else [])]
    for s in summaries:
        verdict = "best" if s.reference else s.verdict.outcome.replace("_", " ") if s.verdict else "-"
        val, test = s.best_val_accuracy, s.test_accuracy
        rows.append([s.label, str(val.n), mean_sd_text(val.mean, val.std), mean_sd_text(test.mean, test.std)]
                    + ([verdict] if several else []))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def _completed(runs: Sequence[RunResult]) -> list[RunResult]:
    return [r for r in runs if r.status == "completed"]


def _by_seed(runs: Sequence[RunResult]) -> dict[int, float]:
    """Best validation accuracy per seed, of the completed runs."""
    out = {}
    for r in _completed(runs):
        value = best_val_accuracy(r.history)
        if value is not None:
            out[r.config.seed] = value
    return out


def _spreads(runs: Sequence[RunResult]) -> dict[str, Spread]:
    done = _completed(runs)
    return {"best_val_accuracy": spread([best_val_accuracy(r.history) for r in done]),
            "test_accuracy": spread([r.test["accuracy"] for r in done if r.test])}


def _resolution(runs: Sequence[RunResult]) -> float:
    """One validation text's worth of accuracy (the step of the compared number)."""
    sizes = [len(r.split.validation) for r in runs if r.split is not None and len(r.split.validation)]
    return 1.0 / max(sizes) if sizes else 0.0
