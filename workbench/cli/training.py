"""`workbench train` and `workbench sweep`: one run, or one run per value of one or two settings."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.cli.common import (
    EpochPrinter,
    add_training_options,
    config_from_args,
    stop_on_ctrl_c,
    test_scores_text,
    training_data,
)
from workbench.core.errors import WorkbenchError
from workbench.core.probes import clean_probes


def register(commands) -> None:
    train = commands.add_parser("train", help="train one model headless, one line per epoch",
                                description="Train one model. Every setting has a flag; --config FILE.json "
                                            "gives a starting point that flags override.")
    add_training_options(train, json_help="write the result as JSON to this file")
    train.set_defaults(handler=cmd_train)

    sweep = commands.add_parser(
        "sweep", help="train once per value of one or two settings, on one shared split",
        description="Train the same experiment once per value of one setting (or per pair of values of two), "
                    "all on one split made with the base seed and fractions, and compare them in a table. "
                    "Every train option applies to all runs; --vary names what differs.")
    sweep.add_argument("--vary", metavar="NAME=V1,V2", action="append", default=[],
                       help="a setting and the values to try, e.g. dropout=0,0.2,0.5; give it at most twice "
                            "(every combination is trained); separate values with ; when they hold commas, "
                            "e.g. kernel_sizes='3,4,5;2,3'")
    add_training_options(sweep, json_help='write {"runs": [...]} to this file: each run as `train --json` '
                                          'writes it, plus "varied"')
    sweep.set_defaults(handler=cmd_sweep)


def cmd_train(args: argparse.Namespace) -> int:
    from workbench.cli.transfer import starting_config
    from workbench.core.data import load_dataset
    from workbench.core.store import RunStore
    from workbench.core.training import train

    dataset = load_dataset(args.file, args.text_column, args.label_column)
    config = config_from_args(args, base=starting_config(args, dataset.class_names))
    args.probe = clean_probes(args.probe)
    data = training_data(args, config, dataset)
    with stop_on_ctrl_c("stopping after this batch (Ctrl-C again to abort)...") as stop, RunStore() as store:
        result = train(config, data, listener=EpochPrinter(), stop=stop, store=store, probes=args.probe)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result.to_dict(), f, ensure_ascii=False, indent=2)
    print(f"run {result.run_id}: {result.status}{test_scores_text(result.test)} ({result.timing['total_s']:.1f} s)")
    if result.status in ("diverged", "failed"):
        print(f"error: {result.message}", file=sys.stderr)
        return 1
    return 130 if result.status == "stopped" else 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore
    from workbench.core.sweep import describe_varied, parse_vary, results_table, run_sweep, sweep_configs

    config = config_from_args(args)
    args.probe = clean_probes(args.probe)
    vary = [parse_vary(text, base=config) for text in args.vary]
    names = [name for name, _ in vary]
    total = len(sweep_configs(config, vary))  # refuse a bad sweep before reading the data
    data = training_data(args, config)
    finished: list = []

    def write_json() -> None:  # after every run, so a sweep cut short keeps what it finished
        if not args.json:
            return
        runs = [{**r.to_dict(), "varied": {name: getattr(r.config, name) for name in names}} for r in finished]
        try:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"runs": runs}, f, ensure_ascii=False, indent=2)
        except OSError as exc:
            raise WorkbenchError(f"Cannot write {args.json}: {exc.strerror}.") from None

    def run_starts(index, total, run_config) -> None:
        print(f"run {index}/{total}: {describe_varied(run_config, names)}", flush=True)

    def run_done(index, total, result) -> None:
        finished.append(result)
        write_json()
        print(f"run {index}/{total} {result.status} (stored as run {result.run_id}){test_scores_text(result.test)} "
              f"({result.timing['total_s']:.1f} s)", flush=True)
        if result.status in ("diverged", "failed"):
            print(f"{'error' if result.status == 'failed' else 'note'}: run {index}/{total}: {result.message}",
                  file=sys.stderr if result.status == "failed" else sys.stdout, flush=True)

    write_json()  # an unwritable --json fails now, not after the last run
    with stop_on_ctrl_c("stopping after this batch; the remaining runs are skipped (Ctrl-C again to abort)...") \
            as stop, RunStore() as store:
        results = run_sweep(config, vary, data, listener=EpochPrinter(), stop=stop, store=store,
                            on_run_done=run_done, on_run_start=run_starts, probes=args.probe)
    print()
    print(results_table(results, names))
    if stop.is_set() or len(results) < total:
        print(f"sweep stopped: {len(results)} of {total} runs trained", file=sys.stderr)
        return 130
    return 1 if any(r.status == "failed" for r in results) else 0
