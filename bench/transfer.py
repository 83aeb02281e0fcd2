"""Transfer in the low-label regime: from scratch, from pretraining, and from a related stored run.

    python bench/transfer.py [FILE.csv ...] [--labelled 300] [--seeds 3] [--model bag_of_embeddings]
                             [--pretrain-epochs 5] [--set name=value ...]

Default files: ag_news_test.csv, sms_spam.csv, chnsenticorp_htl.csv and thucnews_titles.csv
from ../shared/datasets (relative to the repo root) when present, else sample_data/*.csv.

For each file:
* ``--test`` texts (default 1,000, at most a third of the file) are held out once, as the test set; their labels are
  used only for scoring and their texts are never seen, not even in pretraining.
* The rest of the file is the pool of unlabelled text (labels ignored): one ``pretrain()``
  run on it, with the same model settings, is stored and then fine-tuned from.
* Per seed, ``--labelled`` texts (default 300) are drawn from the pool with their labels:
  85% train, 15% validation. Three runs on exactly that data, with the same settings:
  - **scratch**: random weights;
  - **pretrained**: ``init_from`` the pretraining run;
  - **related**: ``init_from`` a run trained on a related labelled dataset: another given
    file in the same language (all its rows), else another ``--labelled`` texts of this
    file. Its vocabulary is extended with the new data's frequent tokens (``max_tokens``
    doubled to make room), at the learning rate ``suggest_learning_rate`` advises (the same
    with other classes, a tenth with the same ones).
* The seed picks the labelled texts and seeds the training.

Prints one markdown table: test accuracy (mean ± standard deviation over the seeds),
the pretrained and related starts' gain over scratch in points, and the mean seconds
per run (pretraining and the related run's own training are one-off costs, shown apart).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from workbench.core.config import ExperimentConfig, parse_value  # noqa: E402
from workbench.core.data import Dataset, Split, load_dataset  # noqa: E402
from workbench.core.errors import ConfigError  # noqa: E402
from workbench.core.pretrain import pretrain  # noqa: E402
from workbench.core.store import RunStore  # noqa: E402
from workbench.core.training import train  # noqa: E402
from workbench.core.transfer import load_parent, suggest_learning_rate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
DEFAULT_FILES = ("ag_news_test.csv", "sms_spam.csv", "chnsenticorp_htl.csv", "thucnews_titles.csv")
# The low-label regime: 8 steps an epoch, so a larger learning rate (at 1e-3 the bag of embeddings from
# scratch hardly leaves the majority class on sms_spam), more epochs, and early stopping on validation.
BASE = dict(learning_rate=1e-2, epochs=40, early_stopping=True, patience=5, restore_best_weights=True)
STARTS = ("scratch", "pretrained", "related")


def default_files() -> list[Path]:
    found = [SHARED / name for name in DEFAULT_FILES if (SHARED / name).is_file()]
    return found or sorted((ROOT / "sample_data").glob("*.csv"))


def build_config(model: str, settings: list[str]) -> ExperimentConfig:
    changes = {"model": model, **BASE}
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep:
            raise ConfigError(f"--set takes name=value, not {item!r}.")
        changes[name.strip()] = parse_value(name.strip(), value)
    return ExperimentConfig().replace(**changes).validate()


def held_out(dataset: Dataset, test_size: int) -> tuple[np.ndarray, np.ndarray]:
    """(pool rows, test rows): the test rows (at most a third of the file) are drawn once, with seed 0."""
    rows = np.random.default_rng(0).permutation(len(dataset.frame))
    test_size = min(test_size, len(rows) // 3)
    return rows[test_size:], rows[:test_size]


def labelled_split(dataset: Dataset, rows: np.ndarray, test_rows: np.ndarray, seed: int) -> Split:
    frame = dataset.frame
    picked = frame.iloc[rows].reset_index(drop=True)
    n_val = max(len(dataset.class_names), round(0.15 * len(picked)))
    return Split(picked.iloc[n_val:].reset_index(drop=True), picked.iloc[:n_val].reset_index(drop=True),
                 frame.iloc[test_rows].reset_index(drop=True), dataset.class_names)


def related_run(path: Path, dataset: Dataset, files: dict[Path, Dataset], pool: np.ndarray, config, store,
                labelled: int) -> tuple[int, str, float]:
    """(run id, what it was trained on, seconds) of the related run to fine-tune from."""
    others = [p for p, d in files.items() if p != path and d.summary.language == dataset.summary.language]
    if others:
        source = files[others[0]]
        result = train(config, source, store=store)
        what = f"{others[0].name} ({source.summary.rows:,} rows)"
    else:
        rows = pool[-labelled:]  # per-seed draws come from the front of a permutation: rarely these
        split = labelled_split(dataset, rows, pool[:0], 0)
        split = Split(split.train, split.validation, split.validation, split.class_names)
        result = train(config, split, store=store)
        what = f"another {labelled} texts of this file"
    if result.status not in ("completed", "stopped"):
        raise RuntimeError(f"the related run {result.status}: {result.message}")
    return result.run_id, what, result.timing["total_s"]


def bench_file(path: Path, files: dict[Path, Dataset], config: ExperimentConfig, args, store) -> list[str]:
    dataset = files[path]
    pool, test_rows = held_out(dataset, args.test)
    unlabelled = dataset.frame["text"].iloc[pool].tolist()
    t = time.perf_counter()
    pretrained = pretrain(config.replace(epochs=args.pretrain_epochs), unlabelled, store=store)
    pretrain_s = time.perf_counter() - t
    if pretrained.status != "completed":
        raise RuntimeError(f"pretraining {pretrained.status}: {pretrained.message}")
    related_id, related_what, related_s = related_run(path, dataset, files, pool, config, store, args.labelled)
    advice = suggest_learning_rate(load_parent(store, related_id), dataset.class_names)
    starts = {"scratch": config, "pretrained": config.replace(init_from=pretrained.run_id),
              "related": config.replace(init_from=related_id, extend_vocabulary=True, max_tokens=2 * config.max_tokens,
                                        learning_rate=advice.learning_rate)}
    accuracy: dict[str, list[float]] = {name: [] for name in STARTS}
    seconds: dict[str, list[float]] = {name: [] for name in STARTS}
    for seed in range(args.seeds):
        rows = np.random.default_rng(1000 + seed).permutation(pool)[:args.labelled]
        split = labelled_split(dataset, rows, test_rows, seed)
        for name, start in starts.items():
            result = train(start.replace(seed=seed), split, store=store)
            if result.test is None:
                raise RuntimeError(f"{name}, seed {seed}: {result.status}: {result.message}")
            accuracy[name].append(result.test["accuracy"])
            seconds[name].append(result.timing["total_s"])
        print(f"  {path.name} seed {seed}: " + ", ".join(f"{n} {accuracy[n][-1]:.3f}" for n in STARTS),
              file=sys.stderr, flush=True)

    def cell(name: str) -> str:
        values = accuracy[name]
        return f"{statistics.mean(values):.3f} ± {statistics.stdev(values) if len(values) > 1 else 0:.3f}"

    def gain(name: str) -> str:
        return f"{100 * (statistics.mean(accuracy[name]) - statistics.mean(accuracy['scratch'])):+.1f}"

    return [path.name, dataset.summary.language, f"{len(pool):,}", cell("scratch"), cell("pretrained"),
            gain("pretrained"), cell("related"), gain("related"), related_what,
            " / ".join(f"{statistics.mean(seconds[n]):.1f}" for n in STARTS), f"{pretrain_s:.0f}", f"{related_s:.0f}"]


COLUMNS = ("file", "lang", "unlabelled texts", "scratch acc", "pretrained acc", "pretrained gain (pts)",
           "related acc", "related gain (pts)", "related run trained on", "s per run (scratch / pre / rel)",
           "pretrain s", "related run s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="CSV files (default: four datasets of ../shared/datasets)")
    parser.add_argument("--labelled", type=int, default=300, help="labelled texts per run (default 300)")
    parser.add_argument("--test", type=int, default=1000, help="held-out test texts (default 1000)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per start (default 3)")
    parser.add_argument("--model", default="bag_of_embeddings", help="the model of every run")
    parser.add_argument("--pretrain-epochs", type=int, default=5, help="epochs of pretraining (default 5)")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override one ExperimentConfig field of every run; repeatable")
    args = parser.parse_args(argv)
    try:
        config = build_config(args.model, args.settings)
    except (ConfigError, TypeError) as exc:
        parser.error(str(exc))
    paths = [Path(f) for f in args.files] or default_files()
    files = {path: load_dataset(path) for path in paths}

    import keras  # noqa: F401  (imported once up front so the first run's time excludes it)

    diffs = ExperimentConfig().differences(config)
    print(f"Settings of every run (differences from the defaults): "
          f"{', '.join(f'{k}={v!r}' for k, (_, v) in diffs.items())}; {args.labelled} labelled texts "
          f"(85% train, 15% validation), {args.test} test texts, {args.seeds} seeds, "
          f"{args.pretrain_epochs} pretraining epochs")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    with tempfile.TemporaryDirectory() as home, RunStore(Path(home)) as store:
        for path in paths:
            try:
                cells = bench_file(path, files, config, args, store)
            except Exception as exc:  # one bad file should not hide the others
                cells = [path.name] + ["-"] * (len(COLUMNS) - 2) + [f"error: {type(exc).__name__}: {exc}"[:120]]
            print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
