"""`workbench lr-find` and `workbench tune`: a learning rate read from one short test, and a budgeted search."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from workbench.cli.common import (
    add_training_options,
    config_from_args,
    stop_on_ctrl_c,
    training_data,
    write_json,
)
from workbench.core.errors import ConfigError

BAR = 30  # characters of the longest bar in lr-find's picture
PICTURE_ROWS = 2  # rows per tenfold increase of the rate
REGION_WORDS = {"too_low": "too low", "right": "right", "too_high": "too high"}


def register(commands) -> None:
    lr_find = commands.add_parser(
        "lr-find", help="find a learning rate: a short test with the rate rising from 1e-6 to 1",
        description="Train a fresh model for up to 100 batches while the learning rate rises from 1e-6 to 1, "
                    "and read a good rate from the loss: where it falls fastest. Every train option applies "
                    "(model, optimizer, batch size...); the learning rate itself is ignored. Nothing is stored.")
    add_training_options(lr_find, json_help='write {"points": [...], "suggested": RATE, "regions": {...}} '
                                            'to this file', probes=False)
    lr_find.set_defaults(handler=cmd_lr_find)

    tune = commands.add_parser(
        "tune", help="search for good settings within a time budget (Optuna)",
        description="Try settings for a given time, each trial a stored run of one study, and report the best. "
                    "Trial 1 uses the settings given (flags or --config); the next ones are drawn by Optuna's "
                    "TPE sampler, and trials that fall behind after their first epochs are pruned. Settings "
                    "given as flags stay fixed unless --space names them. Press Ctrl-C to end the study early: "
                    "the trials so far are kept.")
    tune.add_argument("--budget-minutes", metavar="M", required=True,
                      help="wall time for the whole study; the trial in flight when it runs out is stopped")
    tune.add_argument("--metric", default="val_accuracy", metavar="METRIC",
                      help="what to maximize on the validation rows: val_accuracy (default), macro_f1 or "
                           "recall:CLASS (the recall of one class, e.g. recall:spam)")
    tune.add_argument("--space", metavar="FILE.json",
                      help='the settings to search and their ranges, replacing the default space, e.g. '
                           '{"learning_rate": [0.0001, 0.01], "dropout": [0, 0.5], "model": ["cnn", "gru"]}; '
                           'without it, every setting with a default range that matters for the model is '
                           'searched, except those given as flags')
    add_training_options(tune, json_help='write {"best": {...}, "trials": [...], "importances": {...}} to this '
                                         'file', probes=False)
    tune.set_defaults(handler=cmd_tune)


def cmd_lr_find(args: argparse.Namespace) -> int:
    from workbench.core.events import LrFinderStep
    from workbench.core.lr_finder import MAX_LR, MIN_LR, STEPS, find_learning_rate

    config = config_from_args(args)
    data = training_data(args, config)
    _check_writable(args.json)
    print(f"learning-rate range test: {config.model}, {config.optimizer}, batch size {config.batch_size}, "
          f"up to {STEPS} batches at rates from {MIN_LR:g} to {MAX_LR:g}", flush=True)

    def progress(event) -> None:
        if isinstance(event, LrFinderStep) and event.step % 25 == 0:
            print(f"  batch {event.step}/{event.steps}  rate {event.learning_rate:.2g}  "
                  f"loss {event.smoothed_loss:.4f}", flush=True)

    with stop_on_ctrl_c("stopping after this batch (Ctrl-C again to abort)...") as stop:
        result = find_learning_rate(config, data, listener=progress, stop=stop)
    write_json(args.json, result.to_dict())
    print(f"{result.message}\n")
    if result.regions:
        print(_picture(result.points, result.regions))
        print()
        words = {"too_low": "the loss hardly moves", "right": "the loss falls fastest",
                 "too_high": "the loss explodes"}
        for key, text in words.items():
            print(f"{REGION_WORDS[key] + ':':<10} {span_text(result.regions.get(key)):<20} ({text})")
    if result.suggested is None:
        print("error: no learning rate could be read from this test.", file=sys.stderr)
        return 130 if result.status == "stopped" else 1
    print(f"\nsuggested learning rate: {result.suggested:.2g} ({result.rule}: {result.reason})")
    print(f"use it: workbench train {args.file} --learning-rate {result.suggested:.2g}")
    return 130 if result.status == "stopped" else 0


def span_text(span: list[float] | None) -> str:
    """A region of rates as printed: "0.013 to 0.04", "at 1" (a loss that exploded all at once, at one
    rate), or "not reached"."""
    if not span:
        return "not reached"
    start, end = f"{span[0]:.2g}", f"{span[1]:.2g}"
    return f"at {start}" if start == end else f"{start} to {end}"


def cmd_tune(args: argparse.Namespace) -> int:
    from workbench.core.config import PARAMS, ExperimentConfig
    from workbench.core.search_space import default_space, parse_space
    from workbench.core.store import RunStore
    from workbench.core.tune import Metric, tune

    config = config_from_args(args)
    try:
        budget_s = float(args.budget_minutes) * 60
    except ValueError:
        raise ConfigError(f"--budget-minutes must be a number of minutes, e.g. 10, not {args.budget_minutes!r}.") \
            from None
    Metric.parse(args.metric)  # refuse a misspelt metric before reading the data
    space = None
    if args.space:
        try:
            text = open(args.space, encoding="utf-8").read()
        except OSError as exc:
            raise ConfigError(f"Cannot read the search space {args.space}: {exc.strerror}.") from None
        space = parse_space(text, config)
    else:  # a setting given as a flag is fixed; the rest of the default space is searched
        fixed = {spec.name for spec in PARAMS if getattr(args, spec.name, None) is not None}
        space = {name: dimension for name, dimension in default_space(config).items() if name not in fixed}
    data = training_data(args, config)
    _check_writable(args.json)
    printer = _StudyPrinter()
    with stop_on_ctrl_c("stopping the study after this batch; finished trials are kept (Ctrl-C again to "
                        "abort)...") as stop, RunStore() as store:
        result = tune(config, data, budget_s, metric=args.metric, space=space, listener=printer, stop=stop,
                      store=store)
    write_json(args.json, result.to_dict())
    print(f"\n{result.message}")
    if result.best is None:
        print("error: no trial completed; give the study more time with --budget-minutes.", file=sys.stderr)
        return 130 if result.status == "stopped" else 1
    best = result.best
    test = f", test accuracy {best['test']['accuracy']:.3f}" if best["test"] else ""
    accuracy = "" if result.metric == "val_accuracy" else f", val_accuracy {best['val_accuracy']:.4f}"
    print(f"best: trial {best['trial']} (run {best['run_id']}), {result.metric} {best['value']:.4f}{accuracy}{test}")
    flags = _flags(best["config"], ExperimentConfig().to_dict())
    print(f"train it again: workbench train {args.file} {flags}".rstrip())
    if result.importances:
        print("importance: " + ", ".join(f"{name} {share:.2f}" for name, share in result.importances.items()))
    return 130 if result.status == "stopped" else 0


class _StudyPrinter:
    """The tune command's listener: a line when each trial starts and one when it ends."""

    def __call__(self, event) -> None:
        from workbench.core.events import RunStarted, StudyStarted, TrialFinished

        if isinstance(event, StudyStarted):
            self.space, self.number, self.metric = event.space, 1, event.metric
            ranges = ", ".join(f"{name} {_range_text(dimension)}" for name, dimension in event.space.items())
            where = f" (study {event.group_id})" if event.group_id is not None else ""
            print(f"study{where}: maximizing {event.metric} for {event.budget_s / 60:g} minute(s) over {ranges}",
                  flush=True)
        elif isinstance(event, RunStarted):
            settings = " ".join(f"{name}={_value_text(event.config[name])}" for name in self.space)
            first = " (the starting settings)" if self.number == 1 else ""
            print(f"trial {self.number}{first}: {settings}", flush=True)
        elif isinstance(event, TrialFinished):
            self.number = event.number + 1
            if event.state == "completed":
                outcome = f"completed: {self.metric} {event.value:.4f}"
            elif event.state == "pruned":
                outcome = f"pruned after epoch {event.epochs}: val_accuracy {event.val_accuracy:.4f}"
            else:
                outcome = f"{event.state}: {event.message}"
            best = f"; best {event.best['value']:.4f} (trial {event.best['number']})" if event.best else ""
            run = f"run {event.run_id}, " if event.run_id is not None else ""
            print(f"trial {event.number} {outcome} ({run}{event.epochs} epochs, {event.seconds:.1f} s){best}",
                  flush=True)


def _picture(points: list[dict[str, float]], regions: dict[str, Any]) -> str:
    """The smoothed loss against the rate as rows of bars, a few per tenfold, each named by its region."""
    import math

    top = max(p["smoothed_loss"] for p in points)
    first = math.log10(points[0]["learning_rate"])
    rows, next_mark = [], first
    for point in points:
        rate = point["learning_rate"]
        if math.log10(rate) + 1e-9 < next_mark and point is not points[-1]:
            continue
        next_mark = math.log10(rate) + 1 / PICTURE_ROWS
        region = next((REGION_WORDS[key] for key, span in regions.items()
                       if span and span[0] <= rate <= span[1]), "")
        bar = "#" * max(1, round(BAR * point["smoothed_loss"] / top))
        rows.append(f"  {rate:>8.2g}  {point['smoothed_loss']:>7.4f}  {bar:<{BAR}}  {region}")
    return "      rate     loss\n" + "\n".join(rows)


def _range_text(dimension: dict[str, Any]) -> str:
    if "choices" in dimension:
        return "{" + ", ".join(_value_text(value) for value in dimension["choices"]) + "}"
    log = " (log)" if dimension["log"] else ""
    return f"[{_value_text(dimension['low'])}, {_value_text(dimension['high'])}]{log}"


def _value_text(value: Any) -> str:
    from workbench.core.sweep import format_value

    return format_value(value)


def _flags(config: dict[str, Any], base: dict[str, Any]) -> str:
    """The command-line flags that turn ``base`` (the defaults) into ``config``."""
    flags = []
    for name, value in config.items():
        if name == "version" or base.get(name) == value:
            continue
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            flags.append(flag if value else "--no-" + flag[2:])
        else:
            flags.append(f"{flag} {_value_text(value)}")
    return " ".join(flags)


def _check_writable(path: str | None) -> None:
    """An unwritable --json fails now, not after the work."""
    write_json(path, {})


