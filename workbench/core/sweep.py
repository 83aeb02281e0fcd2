"""Sweeps: train the same experiment once per value of one knob (or per pair of values of two).

Every run of a sweep trains on one shared Split, made once from the base settings'
fractions and seed, so the varied knobs are the only thing that differs between runs.
That is also why the split's own settings (seed, validation and test fractions) cannot
be varied. Repeated over seeds (core/repeats.py), runs with the same seed share a split.
Pure Python at import time: no Qt, no TensorFlow.
"""

from __future__ import annotations

import difflib
import itertools
import math
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from workbench.core.config import PARAMS, SPECS, ExperimentConfig, parse_value
from workbench.core.errors import ConfigError
from workbench.core.events import Listener

if TYPE_CHECKING:  # the window formats sweeps without importing pandas at start-up
    from workbench.core.data import Dataset, Split
    from workbench.core.training import RunResult

MAX_KNOBS = 2
# Settings that decide the split, which every run of a sweep shares.
SPLIT_SETTINGS = ("seed", "validation_fraction", "test_fraction")

Vary = tuple[str, list]


def parse_vary(text: str, base: ExperimentConfig | None = None) -> Vary:
    """``"dropout=0,0.2,0.5"`` -> ``("dropout", [0.0, 0.2, 0.5])``; ConfigError on anything unusable.

    Values are separated by commas, or by semicolons when a value itself holds commas
    (``"kernel_sizes=3,4,5;2,3"``). Each value is checked on ``base`` (default settings
    if None), so an out-of-range value is refused before any training starts.
    """
    name, sep, values_text = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or not name:
        raise ConfigError(f"--vary {text!r} must look like NAME=VALUE1,VALUE2, e.g. dropout=0,0.2,0.5.")
    _check_name(name)
    separator = ";" if ";" in values_text else ","
    items = [item.strip() for item in values_text.split(separator)]
    if not any(items):
        raise ConfigError(f"Give at least one value to try for {name}, e.g. {name}=VALUE1,VALUE2.")
    if not all(items):
        raise ConfigError(f"--vary {text!r} has an empty value; separate the values with single commas.")
    values = [parse_value(name, item) for item in items]
    _check_values(name, values, base or ExperimentConfig())
    return name, values


def sweep_configs(base: ExperimentConfig, vary: Sequence[Vary]) -> list[ExperimentConfig]:
    """One config per combination of the varied values (first knob outermost); all else as in ``base``."""
    base.validate()
    vary = [(name, list(values)) for name, values in vary]
    if not vary:
        raise ConfigError("Give at least one setting to vary, e.g. --vary dropout=0,0.2,0.5.")
    if len(vary) > MAX_KNOBS:
        raise ConfigError("Vary at most two settings at once.")
    names = [name for name, _ in vary]
    for name in names:
        _check_name(name)
        if names.count(name) > 1:
            raise ConfigError(f"{name} is varied twice; give all its values in one --vary {name}=VALUE1,VALUE2.")
    for name, values in vary:
        if not values:
            raise ConfigError(f"Give at least one value to try for {name}, e.g. {name}=VALUE1,VALUE2.")
        _check_values(name, values, base)
    configs = [base.replace(**dict(zip(names, combination))).validate()
               for combination in itertools.product(*(values for _, values in vary))]
    _refuse_knobs_without_effect(names, configs)
    return configs


def varied_values(config: ExperimentConfig, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(config, name) for name in names}


def run_sweep(
    base: ExperimentConfig,
    vary: Sequence[Vary],
    dataset: Dataset | Split,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    on_run_done: Callable[[int, int, RunResult], None] | None = None,
    on_run_start: Callable[[int, int, ExperimentConfig], None] | None = None,
    probes: Sequence[str] = (),
    repeats: int = 1,
    split_per_seed: bool = False,
    cluster: str | None = None,
    retries: int = 1,
) -> list[RunResult]:
    """Train every config of the sweep on one shared split; one RunResult per run that was started.

    ``dataset`` is split once with the base fractions and seed (or is a ready Split).
    With ``repeats`` each config is trained once per seed of ``repeat_seeds(base.seed, repeats)``,
    one setting after the other, each setting's runs stored as one "repeats" group; with
    ``split_per_seed`` each seed has its own split, shared by every setting (see core/repeats.py).
    Setting ``stop`` stops the current run (its result has status "stopped") and skips
    the runs after it. ``on_run_start(index, total, config)`` and ``on_run_done(index,
    total, result)`` are called around each run, index counting from 1. With a ``store``
    every run is saved, as by ``train``; ``probes`` are followed in every run, as by ``train``.
    With ``cluster`` (a Ray address) the runs are trials on that cluster, several at once, on the
    same splits (``cluster.run_trials_on_cluster``, with ``retries``); events arrive as TrialEvents.
    """
    from workbench.core.repeats import (
        close_repeats_group,
        open_repeats_group,
        repeat_seeds,
        run_repeats,
        seed_splits,
    )

    configs = sweep_configs(base, vary)
    names = [name for name, _ in vary]
    stop = stop or threading.Event()
    seeds = repeat_seeds(base.seed, repeats)
    splits = seed_splits(dataset, base, seeds, split_per_seed)
    total = len(configs) * len(seeds)
    if cluster is not None:  # every run at once, as the cluster has room
        from workbench.core.cluster import Trial, run_trials_on_cluster

        trials, groups = [], []
        for config in configs:
            groups.append(open_repeats_group(store, seeds, split_per_seed, describe_varied(config, names),
                                             {"varied": varied_values(config, names)}))
            trials += [Trial(config.replace(seed=seed), splits[seed], tuple(probes), groups[-1]) for seed in seeds]
        results = run_trials_on_cluster(trials, cluster, listener, stop, store, on_run_start, on_run_done, retries)
        for group_id in groups:
            close_repeats_group(store, group_id, [r for r in results if r.group_id == group_id])
        return results
    results: list[RunResult] = []
    for number, config in enumerate(configs):
        if stop.is_set():
            break
        offset = number * len(seeds)
        results += run_repeats(
            config, dataset, repeats, split_per_seed=split_per_seed, splits=splits, listener=listener, stop=stop,
            store=store, probes=probes, name=describe_varied(config, names),
            info={"varied": varied_values(config, names)},
            on_run_start=on_run_start and (lambda i, n, c: on_run_start(offset + i, total, c)),
            on_run_done=on_run_done and (lambda i, n, r: on_run_done(offset + i, total, r)))
    return results


def results_table(results: Sequence[RunResult], vary_names: Sequence[str]) -> str:
    """Plain-text, aligned: one row per run with its varied values (and seed, when they differ) and how it did."""
    from workbench.core.repeats import best_val_accuracy

    seeds = len({r.config.seed for r in results}) > 1
    vary_names = [*vary_names, "seed"] if seeds else list(vary_names)
    headers = ["run", *vary_names, "status", "best val_acc", "train-val gap", "best val_loss epoch",
               "test acc", "macro-F1", "seconds"]
    numeric = [True] * len(headers)
    numeric[len(vary_names) + 1] = False  # status
    for i, name in enumerate(vary_names, start=1):
        numeric[i] = SPECS[name].type in (int, float) if name in SPECS else False
    rows = [headers]
    for result in results:
        history = result.history
        val_loss = [h.get("val_loss") for h in history]
        finite_loss = [(v, epoch) for epoch, v in enumerate(val_loss, start=1) if _finite(v)]
        gap = None
        if history and _finite(history[-1].get("accuracy")) and _finite(history[-1].get("val_accuracy")):
            gap = history[-1]["accuracy"] - history[-1]["val_accuracy"]
        test = result.test or {}
        rows.append([
            "-" if result.run_id is None else str(result.run_id),
            *(format_value(getattr(result.config, name)) for name in vary_names),
            result.status,
            _number(best_val_accuracy(history)),
            _number(gap, signed=True),
            str(min(finite_loss)[1]) if finite_loss else "-",
            _number(test.get("accuracy")),
            _number(test.get("macro_f1")),
            _number(result.timing.get("total_s"), digits=1),
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    return "\n".join(
        "  ".join(cell.rjust(width) if right else cell.ljust(width)
                  for cell, width, right in zip(row, widths, numeric)).rstrip()
        for row in rows)


def format_value(value: Any) -> str:
    """A varied value as it would be typed after --vary NAME=: 0.2, 0.0001, 64, true, lstm."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return str(value)


def describe_varied(config: ExperimentConfig, names: Sequence[str]) -> str:
    """``"dropout=0.2 l2=0.0001"``"""
    return " ".join(f"{name}={format_value(getattr(config, name))}" for name in names)


# --- checks ---------------------------------------------------------------------------------


def check_known(name: str) -> None:
    """Refuse a setting name that is not declared, naming the closest one that is."""
    if name not in SPECS:
        close = difflib.get_close_matches(name, [p.name for p in PARAMS], n=1)
        hint = f"; did you mean {close[0]}?" if close else "."
        raise ConfigError(f"There is no setting called {name!r}{hint}")


def _check_name(name: str) -> None:
    check_known(name)
    if name in SPLIT_SETTINGS:
        raise ConfigError(f"{name} cannot be varied: every run of a sweep shares one split, made with the "
                          f"base seed and fractions.")


def _check_values(name: str, values: list, base: ExperimentConfig) -> None:
    seen: list = []
    for value in values:
        if value in seen:
            raise ConfigError(f"{name} lists the value {format_value(value)} twice; give each value once.")
        seen.append(value)
        base.replace(**{name: value}).validate()


def _refuse_knobs_without_effect(names: Sequence[str], configs: Sequence[ExperimentConfig]) -> None:
    """A knob that changes nothing for any run would only train the same model several times."""
    from workbench.core.compare import applies

    for name in names:
        if any(applies(config, name) for config in configs):
            continue
        raise ConfigError(f"{name} {SPECS[name].why_not(configs[0])}, so every run of this sweep would be the same.")


# --- helpers --------------------------------------------------------------------------------


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _number(value: Any, digits: int = 3, signed: bool = False) -> str:
    if not _finite(value):
        return "-"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
