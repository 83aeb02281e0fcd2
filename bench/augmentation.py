"""Does text data augmentation help on small data? Test accuracy with and without it, over seeds.

    python bench/augmentation.py [FILE.csv ...] [--train-size 500] [--seeds 3] [--set name=value ...]

Default files: ag_news_test.csv (English) and chnsenticorp_htl.csv (Chinese) in ../shared/datasets
if present, else sample_data/*.csv. For each file and seed (42, 43, ...), one stratified sample:
``--train-size`` training texts, 500 validation texts and up to 2,000 test texts, drawn from
split_dataset(seed) with nested_subset, so that every variant of a seed trains and is scored on
the same rows. Each variant trains the default model with settings that suit 500 texts (single
tokens, learning rate 0.01: the default word pairs and 0.001 score near chance on 500 AG News texts)
for up to 40 epochs with early stopping on validation loss (patience 4, best weights restored), so
that the extra steps of a larger augmented set do not decide the comparison. ``--set`` overrides.

Variants: no augmentation; each training text 5 times over with no edit (the control: as many
rows and steps per epoch as the augmented sets, so it tells the edits' effect from that of the
extra steps); 4 copies with the token edits at their defaults (deletion, swap and insertion 0.1
each); 4 copies with milder edits (0.05, as Wei & Zou recommend for 500 texts). For Chinese, tokens
are characters with the default tokenizer, so these are character edits.

Prints one markdown table: test accuracy mean ± sd and its 95% interval over the seeds, and the
paired verdicts (core.significance, as the sweeps use it) of each variant against no augmentation
and against the duplicates.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

import pandas as pd

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from workbench.core.config import ExperimentConfig, parse_value  # noqa: E402
from workbench.core.data import Split, load_dataset, split_dataset  # noqa: E402
from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench.core.learning_curve import nested_subset  # noqa: E402
from workbench.core.repeats import repeat_seeds  # noqa: E402
from workbench.core.significance import compare, mean_interval, spread  # noqa: E402
from workbench.core.training import train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
DEFAULT_FILES = ("ag_news_test.csv", "chnsenticorp_htl.csv")
VALIDATION_SIZE, TEST_SIZE = 500, 2000
DUPLICATES = "5 × the same rows (control)"
VARIANTS = {
    "none": {},
    DUPLICATES: {},
    "4 copies, edits 0.1": {"augment_copies": 4},
    "4 copies, edits 0.05": {"augment_copies": 4, "augment_delete": 0.05, "augment_swap": 0.05,
                             "augment_insert": 0.05},
}


def default_files() -> list[Path]:
    found = [SHARED / name for name in DEFAULT_FILES if (SHARED / name).is_file()]
    return found or sorted((ROOT / "sample_data").glob("*.csv"))


def small_split(dataset, train_size: int, seed: int) -> Split:
    split = split_dataset(dataset, 0.2, 0.3, seed)

    def take(part, n):
        return nested_subset(part, min(1.0, n / len(part)), seed)

    return Split(take(split.train, train_size), take(split.validation, VALIDATION_SIZE),
                 take(split.test, TEST_SIZE), split.class_names, split.notes)


def _duplicated(split: Split) -> Split:
    return dataclasses.replace(split, train=pd.concat([split.train] * 5, ignore_index=True))


def _verdict(scores: dict, variant: str, against: str, resolution: float) -> str:
    if variant == against or against not in scores:
        return "-"
    outcome = compare(scores[variant]["accuracy"], scores[against]["accuracy"], paired=True, resolution=resolution)
    sign = "+" if outcome.difference >= 0 else "−"
    return f"{sign}{abs(outcome.difference):.3f}: {outcome.outcome.replace('_', ' ')}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--train-size", type=int, default=500)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    if args.seeds < 2:
        parser.error("--seeds must be at least 2: an interval needs two runs")
    changes = {name.strip(): parse_value(name.strip(), value)
               for name, _, value in (item.partition("=") for item in args.set)}
    base = ExperimentConfig(ngrams=1, learning_rate=0.01, epochs=40, early_stopping=True, patience=4)
    base = base.replace(**changes).validate()
    changed = ", ".join(f"{name}={ours}" for name, (ours, _) in base.differences(ExperimentConfig()).items())
    print(f"{args.train_size} training texts per run, {args.seeds} seeds; changed from the defaults: {changed}")
    print()
    print("| file | variant | training rows | test acc mean ± sd | 95% interval | macro-F1 | s per run | vs none | "
          "vs control |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in args.files or default_files():
        dataset = load_dataset(path)
        seeds = repeat_seeds(base.seed, args.seeds)
        splits = {seed: small_split(dataset, args.train_size, seed) for seed in seeds}
        scores: dict[str, dict[str, list[float]]] = {}
        for variant, settings in VARIANTS.items():
            runs = [train(base.replace(seed=seed, **settings), _duplicated(splits[seed]) if variant == DUPLICATES
                          else splits[seed]) for seed in seeds]
            failed = [r.message for r in runs if r.status != "completed"]
            if failed:
                raise WorkbenchError(f"{path.name}, {variant}: {failed[0]}")
            scores[variant] = {"accuracy": [r.test["accuracy"] for r in runs],
                               "macro_f1": [r.test["macro_f1"] for r in runs],
                               "seconds": [r.timing["total_s"] for r in runs],
                               "rows": [len(r.split.train) for r in runs]}
            accuracy, f1 = spread(scores[variant]["accuracy"]), spread(scores[variant]["macro_f1"])
            low, high = mean_interval(scores[variant]["accuracy"])
            verdicts = [_verdict(scores, variant, against, 1 / len(splits[seeds[0]].test))
                        for against in ("none", DUPLICATES)]
            print(f"| {path.name} ({dataset.summary.language}) | {variant} | {scores[variant]['rows'][0]:,} | "
                  f"{accuracy.mean:.3f} ± {accuracy.std:.3f} | {low:.3f}–{high:.3f} | {f1.mean:.3f} | "
                  f"{spread(scores[variant]['seconds']).mean:.1f} | {' | '.join(verdicts)} |", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
