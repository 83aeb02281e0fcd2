"""Accuracy of the workbench's default run against a TF-IDF + logistic-regression baseline.

    python bench/accuracy.py [FILE.csv ...] [--set name=value ...]

Default files: every *.csv in ../shared/datasets (relative to the repo root) if that
folder exists, else sample_data/*.csv. For each file both sides use one split, made
with the config's fractions and seed exactly as train() would make it:

* workbench: ``train(config, split)``, with ``ExperimentConfig()`` unless ``--set``
  overrides fields (values parsed by ``config.parse_value``); no store.
* baseline: scikit-learn ``TfidfVectorizer`` + ``LogisticRegression(max_iter=1000)``
  fitted on the training rows (English: word 1-2-grams, sublinear tf; CJK: character
  1-3-grams), scored on the test rows.

Prints one markdown table; the line above it names the settings that differ from the
default. Times: workbench = ``RunResult.timing['total_s']`` (vectorize, fit, predict;
Keras import excluded), baseline = wall time of fit + predict. The verdict compares
test accuracy: "at/above" when the workbench's is >= the baseline's.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from workbench.core.config import ExperimentConfig, parse_value  # noqa: E402
from workbench.core.data import load_dataset, split_dataset  # noqa: E402
from workbench.core.errors import ConfigError  # noqa: E402
from workbench.core.training import train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"

COLUMNS = ("file", "rows", "classes", "workbench acc", "baseline acc", "workbench macro-F1", "baseline macro-F1",
           "workbench s", "baseline s", "verdict")


def default_files() -> list[Path]:
    if SHARED.is_dir():
        found = sorted(SHARED.glob("*.csv"))
        if found:
            return found
    return sorted((ROOT / "sample_data").glob("*.csv"))


def build_config(settings: list[str]) -> ExperimentConfig:
    changes = {}
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep:
            raise ConfigError(f"--set takes name=value, not {item!r}.")
        name = name.strip()
        changes[name] = parse_value(name, value)
    return ExperimentConfig().replace(**changes).validate()


def baseline(split, is_cjk: bool) -> tuple[float, float, float]:
    """(accuracy, macro-F1, seconds) of TF-IDF + LogisticRegression on the split."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    if is_cjk:
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    else:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    started = time.perf_counter()
    x_train = vectorizer.fit_transform(split.train["text"])
    classifier = LogisticRegression(max_iter=1000).fit(x_train, split.train["label"])
    predicted = classifier.predict(vectorizer.transform(split.test["text"]))
    seconds = time.perf_counter() - started
    truth = split.test["label"]
    return float(accuracy_score(truth, predicted)), float(f1_score(truth, predicted, average="macro")), seconds


def measure(path: Path, config: ExperimentConfig) -> dict:
    """Both sides on one split of the file: the workbench's RunResult and the baseline's scores."""
    dataset = load_dataset(path)
    split = split_dataset(dataset, config.validation_fraction, config.test_fraction, config.seed)
    result = train(config, split)
    b_acc, b_f1, b_s = baseline(split, dataset.summary.is_cjk)
    return {"dataset": dataset, "result": result, "baseline": {"accuracy": b_acc, "macro_f1": b_f1, "seconds": b_s}}


def row(path: Path, config: ExperimentConfig) -> list[str]:
    measured = measure(path, config)
    dataset, result, base = measured["dataset"], measured["result"], measured["baseline"]
    b_acc, b_f1, b_s = base["accuracy"], base["macro_f1"], base["seconds"]
    cells = [path.name, f"{dataset.summary.rows:,}", str(len(dataset.class_names))]
    if result.test is None:  # diverged or failed: no scores to compare
        w_acc = w_f1 = f"{result.status}"
        verdict = f"below ({result.status}: {result.message[:60]})"
    else:
        acc, f1 = result.test["accuracy"], result.test["macro_f1"]
        w_acc, w_f1 = f"{acc:.3f}", f"{f1:.3f}"
        verdict = "at/above" if acc >= b_acc else "below"
    w_s = result.timing.get("total_s", float("nan"))
    return cells + [w_acc, f"{b_acc:.3f}", w_f1, f"{b_f1:.3f}", f"{w_s:.1f}", f"{b_s:.1f}", verdict]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="CSV files (default: ../shared/datasets/*.csv or sample_data)")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override one ExperimentConfig field; repeatable")
    args = parser.parse_args(argv)
    try:
        config = build_config(args.settings)
    except (ConfigError, TypeError) as exc:
        parser.error(str(exc))
    files = [Path(f) for f in args.files] or default_files()
    if not files:
        parser.error("no CSV files given or found")

    import keras  # noqa: F401  (imported once up front so the first run's time excludes it)

    diffs = ExperimentConfig().differences(config)
    changed = ", ".join(f"{name}={new!r}" for name, (_, new) in diffs.items()) if diffs else "none (all defaults)"
    print(f"Workbench config differences from default: {changed}")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    for path in files:
        try:
            cells = row(path, config)
        except Exception as exc:  # one bad file should not hide the others
            cells = [path.name] + ["-"] * (len(COLUMNS) - 2) + [f"error: {type(exc).__name__}: {exc}"[:120]]
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
