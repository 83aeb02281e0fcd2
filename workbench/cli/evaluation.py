"""`workbench cv` and `workbench learning-curve`: scores that use the whole file, and whether more data would help."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.cluster import TrialPrinter, add_cluster_option, check_cluster_options
from workbench.cli.common import (
    EpochPrinter,
    add_repeat_options,
    add_training_options,
    config_from_args,
    stop_on_ctrl_c,
    training_data,
    write_json,
)
from workbench.core.errors import ConfigError
from workbench.core.probes import clean_probes
from workbench.core.significance import mean_sd_text

STOPPING = "stopping after this batch; the remaining runs are skipped (Ctrl-C again to abort)..."


def register(commands) -> None:
    cv = commands.add_parser(
        "cv", help="k-fold stratified cross-validation: every row is held out once",
        description="Deal the rows into K folds with every class in each, train one model per fold on the other "
                    "folds (minus a validation part, validation_fraction of them, for the curves) and score it on "
                    "the fold. Prints each fold, then the mean ± sd of accuracy and macro-F1. The folds are "
                    "stored as one group.")
    cv.add_argument("--folds", metavar="K", type=int, default=5, help="number of folds, 2 to 20; default 5")
    add_training_options(cv, json_help='write {"folds": [{"accuracy", "macro_f1", "run_id", ...}, ...], '
                                       '"mean": {...}, "std": {...}} to this file')
    add_cluster_option(cv, "train the folds as trials, several at once,")
    cv.set_defaults(handler=cmd_cv)

    curve = commands.add_parser(
        "learning-curve", help="accuracy against the number of training texts: would more data help?",
        description="Train on growing shares of the training texts, each share over several seeds, all scored on "
                    "one fixed validation part, and say in a sentence what the curve means. The runs are stored "
                    "as one group.")
    curve.add_argument("--sizes", default="0.1,0.25,0.5,1",
                       help="shares of the training texts to train on, comma-separated; default 0.1,0.25,0.5,1")
    add_repeat_options(curve, default=3, split_option=False)
    add_training_options(curve, json_help='write {"points": [{"train_size", "train_accuracy", "val_accuracy", '
                                          '"train_accuracy_std", "val_accuracy_std", ...}, ...], "reading": "..."} '
                                          'to this file')
    curve.set_defaults(handler=cmd_learning_curve)


def cmd_cv(args: argparse.Namespace) -> int:
    from workbench.core.crossval import check_folds, cross_validate
    from workbench.core.store import RunStore

    config = config_from_args(args)
    probes = clean_probes(args.probe)
    if args.test_data or args.validation_data:
        raise ConfigError("Cross-validation holds out parts of the file itself; leave out --test-data and "
                          "--validation-data.")
    check_folds(args.folds)  # before the data is read
    check_cluster_options(args)
    dataset = training_data(args, config)
    if args.json:
        write_json(args.json, {"folds": []})  # an unwritable --json fails now, not after the last fold

    def fold_starts(fold, folds, _config) -> None:
        print(f"fold {fold}/{folds}", flush=True)

    def fold_done(fold, folds, result) -> None:
        sizes = result.split.sizes()
        scores = (f"accuracy {result.test['accuracy']:.3f}, macro-F1 {result.test['macro_f1']:.3f}"
                  if result.status == "completed" else result.status)
        print(f"fold {fold}/{folds}: {scores} (run {result.run_id}; trained on {sizes['train']}, validated on "
              f"{sizes['validation']}, scored on {sizes['test']} texts; {result.timing['total_s']:.1f} s)", flush=True)

    with stop_on_ctrl_c(STOPPING) as stop, RunStore() as store:
        outcome = cross_validate(config, dataset, args.folds, listener=TrialPrinter() if args.cluster else
                                 EpochPrinter(), stop=stop, store=store, probes=probes, on_run_start=fold_starts,
                                 on_run_done=fold_done, cluster=args.cluster, retries=args.retries)
    for note in outcome.notes:
        print(f"note: {note}")
    mean, std = outcome.mean_std()
    done = sum(f.status == "completed" for f in outcome.folds)
    counted = "" if done == args.folds else f", over the {done} completed folds"
    print(f"\n{args.folds}-fold cross-validation (group {outcome.group_id}{counted}): "
          f"accuracy {mean_sd_text(mean['accuracy'], std['accuracy'])}, "
          f"macro-F1 {mean_sd_text(mean['macro_f1'], std['macro_f1'])}")
    if args.json:
        write_json(args.json, outcome.to_dict())
    if stop.is_set() or len(outcome.folds) < args.folds:
        print(f"cross-validation stopped: {len(outcome.folds)} of {args.folds} folds trained", file=sys.stderr)
        return 130
    return 1 if any(f.status == "failed" for f in outcome.folds) else 0


def cmd_learning_curve(args: argparse.Namespace) -> int:
    from workbench.core.learning_curve import learning_curve, parse_sizes
    from workbench.core.repeats import repeat_seeds
    from workbench.core.store import RunStore

    config = config_from_args(args)
    probes = clean_probes(args.probe)
    sizes = parse_sizes(args.sizes)
    seeds = repeat_seeds(config.seed, args.repeats)
    total = len(sizes) * len(seeds)
    data = training_data(args, config)
    if args.json:
        write_json(args.json, {"points": []})  # an unwritable --json fails now, not after the last run

    def run_starts(index, total, run_config) -> None:
        print(f"run {index}/{total}: {sizes[(index - 1) // len(seeds)]:.0%} of the training texts, "
              f"seed {run_config.seed}", flush=True)

    def run_done(index, total, result) -> None:
        print(f"run {index}/{total} {result.status} (stored as run {result.run_id}; "
              f"{result.timing['total_s']:.1f} s)", flush=True)

    with stop_on_ctrl_c(STOPPING) as stop, RunStore() as store:
        curve = learning_curve(config, data, sizes, args.repeats, listener=EpochPrinter(), stop=stop, store=store,
                               probes=probes, on_run_start=run_starts, on_run_done=run_done)
    rows = [["training texts", "share", "train accuracy", "val accuracy", "seeds"]]
    rows += [[f"{p.train_size:,}", f"{p.fraction:.0%}", mean_sd_text(p.train_accuracy, p.train_accuracy_std),
              mean_sd_text(p.val_accuracy, p.val_accuracy_std), str(p.n)] for p in curve.points]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\nlearning curve (group {curve.group_id}; {curve.validation_size} validation texts):")
    print("\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows))
    print(curve.reading)
    if args.json:
        write_json(args.json, curve.to_dict())
    trained = len(curve.results)
    if stop.is_set() or trained < total:
        print(f"learning curve stopped: {trained} of {total} runs trained", file=sys.stderr)
        return 130
    return 1 if any(r.status == "failed" for r in curve.results) else 0
