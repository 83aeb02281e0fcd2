"""Which reading of the learning-rate range test trains the better model: steepest descent or a tenth of the minimum.

    python bench/lr_finder.py [FILE.csv ...] [--models bag_of_embeddings,cnn]

Files: as bench/accuracy.py finds them. For each file and model, ``find_learning_rate`` runs on
the default settings' split, then the default settings are trained three times, changing only
the learning rate: the default, the steepest-descent reading and a tenth of the minimum's rate.
Prints the validation accuracy of the last epoch (the model one gets) and the test accuracy,
and which reading ``suggested`` picked (see ``core.lr_finder.analyse``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from accuracy import default_files  # noqa: E402  (bench/ is the script's folder)

from workbench.core.config import ExperimentConfig  # noqa: E402
from workbench.core.data import load_dataset, split_dataset  # noqa: E402
from workbench.core.lr_finder import find_learning_rate  # noqa: E402
from workbench.core.training import train  # noqa: E402


def scores(config: ExperimentConfig, split) -> str:
    result = train(config, split)
    if not result.history or result.test is None:
        return f"{result.status} | -"
    return f"{result.history[-1]['val_accuracy']:.3f} | {result.test['accuracy']:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="CSV files (default: ../shared/datasets/*.csv or sample_data)")
    parser.add_argument("--models", default="bag_of_embeddings,cnn", help="models, comma-separated")
    args = parser.parse_args(argv)
    files = [Path(f) for f in args.files] or default_files()

    import keras  # noqa: F401  (imported once up front, outside every timing)

    print("| model | file | default: val | test | steepest | val | test | minimum/10 | val | test | suggested |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for model in args.models.split(","):
        for path in files:
            config = ExperimentConfig(model=model)
            split = split_dataset(load_dataset(path), config.validation_fraction, config.test_fraction, config.seed)
            found = find_learning_rate(config, split)
            if not found.readings:
                print(f"| {model} | {path.name} | {scores(config, split)} | - | - | - | - | - | - | {found.message} |")
                continue
            steep, tenth = found.readings["steepest"], found.readings["minimum/10"]
            print(f"| {model} | {path.name} | {scores(config, split)} | {steep:.2g} | "
                  f"{scores(config.replace(learning_rate=steep), split)} | {tenth:.2g} | "
                  f"{scores(config.replace(learning_rate=tenth), split)} | {found.rule} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
