"""`workbench train` and `workbench sweep`: one run, or one run per value of one or two settings,
each optionally repeated over seeds."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.cluster import (
    TrialPrinter,
    add_cluster_option,
    add_train_options,
    check_cluster_options,
    training_function,
    note_large_file,
)
from workbench.cli.common import (
    EpochPrinter,
    add_repeat_options,
    add_training_options,
    config_from_args,
    stop_on_ctrl_c,
    test_scores_text,
    training_data,
    write_json,
)
from workbench.core.probes import clean_probes


def register(commands) -> None:
    train = commands.add_parser("train", help="train one model headless, one line per epoch",
                                description="Train one model. Every setting has a flag; --config FILE.json "
                                            "gives a starting point that flags override.")
    add_training_options(train, json_help='write the result as JSON to this file; with --repeats, '
                                          '{"runs": [...], "groups": [...]} as sweep writes it')
    add_repeat_options(train)
    add_train_options(train)
    add_cluster_option(train, "train the run (or with --repeats, its runs) as trials")
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
    add_training_options(sweep, json_help='write {"runs": [...], "groups": [...]} to this file: each run as '
                                          '`train --json` writes it, plus "varied" and "seed"; each setting '
                                          'with the mean and std over its seeds and its verdict against the best')
    add_repeat_options(sweep)
    add_cluster_option(sweep, "train the runs as trials, several at once,")
    sweep.set_defaults(handler=cmd_sweep)


def cmd_train(args: argparse.Namespace) -> int:
    from workbench.cli.transfer import starting_config
    from workbench.core.data import load_dataset
    from workbench.core.store import RunStore

    train = training_function(args)  # a bad combination of options is refused before the data is read
    check_cluster_options(args)  # and before the cluster is reached
    several = args.repeats != 1 or (args.cluster is not None and args.workers is None)  # runs as trials
    if several:
        from workbench.core.repeats import repeat_seeds, run_repeats

        total = len(repeat_seeds(0, args.repeats))  # a bad count is refused before the data is read
    if args.stream:
        config, data = config_from_args(args), args.file
    else:
        note_large_file(args.file)
        dataset = load_dataset(args.file, args.text_column, args.label_column)
        config = config_from_args(args, base=starting_config(args, dataset.class_names))
        data = training_data(args, config, dataset)
    args.probe = clean_probes(args.probe)
    if several:
        return train_several(args, [], total, "repeats", lambda **hooks: run_repeats(
            config, data, args.repeats, split_per_seed=args.split_per_seed, probes=args.probe,
            cluster=args.cluster, retries=args.retries, **hooks))
    with stop_on_ctrl_c("stopping after this batch (Ctrl-C again to abort)...") as stop, RunStore() as store:
        result = train(config, data, listener=EpochPrinter(), stop=stop, store=store, probes=args.probe)
    write_json(args.json, result.to_dict())
    print(f"run {result.run_id}: {result.status}{test_scores_text(result.test)} ({result.timing['total_s']:.1f} s)")
    if result.status in ("diverged", "failed"):
        print(f"error: {result.message}", file=sys.stderr)
        return 1
    return 130 if result.status == "stopped" else 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from workbench.core.repeats import repeat_seeds
    from workbench.core.sweep import parse_vary, run_sweep, sweep_configs

    config = config_from_args(args)
    args.probe = clean_probes(args.probe)
    vary = [parse_vary(text, base=config) for text in args.vary]
    # A bad sweep is refused before the data is read.
    total = len(sweep_configs(config, vary)) * len(repeat_seeds(config.seed, args.repeats))
    check_cluster_options(args)
    data = training_data(args, config)
    return train_several(args, [name for name, _ in vary], total, "sweep", lambda **hooks: run_sweep(
        config, vary, data, probes=args.probe, repeats=args.repeats, split_per_seed=args.split_per_seed,
        cluster=args.cluster, retries=args.retries, **hooks))


def train_several(args: argparse.Namespace, names: list[str], total: int, what: str, run) -> int:
    """Run a sweep or repeats (``run(**hooks)``): a header and a line per run, --json rewritten after
    each run (so a sweep cut short keeps what it finished), then the runs table and, over seeds, the
    settings' mean ± sd and verdicts."""
    from workbench.core.repeats import settings_table, summarize_settings
    from workbench.core.store import RunStore
    from workbench.core.sweep import describe_varied, results_table

    finished: list = []

    def save() -> None:
        if args.json:
            runs = [{**r.to_dict(), "varied": {name: getattr(r.config, name) for name in names},
                     "seed": r.config.seed} for r in finished]
            write_json(args.json, {"runs": runs, "groups": [s.to_dict() for s in summarize_settings(finished, names)]})

    def run_starts(index, total, run_config) -> None:
        seed = f"seed {run_config.seed}" if args.repeats > 1 else ""
        print(f"run {index}/{total}: {' '.join(filter(None, [describe_varied(run_config, names), seed]))}",
              flush=True)

    def run_done(index, total, result) -> None:
        finished.append(result)
        save()
        print(f"run {index}/{total} {result.status} (stored as run {result.run_id}){test_scores_text(result.test)} "
              f"({result.timing['total_s']:.1f} s)", flush=True)
        if result.status in ("diverged", "failed"):
            print(f"{'error' if result.status == 'failed' else 'note'}: run {index}/{total}: {result.message}",
                  file=sys.stderr if result.status == "failed" else sys.stdout, flush=True)

    save()  # an unwritable --json fails now, not after the last run
    with stop_on_ctrl_c("stopping after this batch; the remaining runs are skipped (Ctrl-C again to abort)...") \
            as stop, RunStore() as store:
        results = run(listener=TrialPrinter() if args.cluster else EpochPrinter(), stop=stop, store=store,
                      on_run_done=run_done, on_run_start=run_starts)
    print()
    print(results_table(results, names))
    if args.repeats > 1:
        summaries = summarize_settings(results, names)
        print()
        print(settings_table(summaries))
        for summary in summaries:
            if summary.verdict is not None:
                print(f"- {summary.verdict.sentence}")
    if stop.is_set() or len(results) < total:
        print(f"{what} stopped: {len(results)} of {total} runs trained", file=sys.stderr)
        return 130
    return 1 if any(r.status == "failed" for r in results) else 0
