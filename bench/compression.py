"""Compression of the default model: int8 TensorFlow Lite and 80% magnitude pruning, against the Keras model.

    python bench/compression.py [FILE.csv ...] [--set name=value ...] [--fine-tune-epochs N]

Default files: the two bundled samples, and ag_news_test.csv and chnsenticorp_htl.csv from
../shared/datasets when that folder exists. For each file one run is trained with the
default settings (``--set`` overrides them) and stored in a temporary run store; then, all on
that run's own test rows:

* ``export_tflite`` writes the float32 and int8 TFLite files and measures each with the TFLite
  interpreter (one text per call, one thread; median milliseconds per text);
* ``prune`` zeroes 80% of each weight matrix and fine-tunes for N epochs (default 2).

Targets: int8 file size <= 30% of float32; int8 test accuracy within 1 point of the Keras
model's; pruned (80%, fine-tuned) test accuracy within 2 points of the Keras model's.
Prints one markdown table; sizes are file bytes (the pruned one ZIP-deflated, beside the
unpruned model deflated the same way).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from accuracy import SHARED, build_config  # noqa: E402  (bench/ is on the path when run as a script)

from workbench.core.config import ExperimentConfig  # noqa: E402
from workbench.core.data import load_dataset  # noqa: E402
from workbench.core.errors import ConfigError  # noqa: E402
from workbench.core.prune import prune  # noqa: E402
from workbench.core.samples import sample_files  # noqa: E402
from workbench.core.store import RunStore  # noqa: E402
from workbench.core.tflite import export_tflite  # noqa: E402
from workbench.core.training import train  # noqa: E402

PUBLIC = ("ag_news_test.csv", "chnsenticorp_htl.csv")
COLUMNS = ("file", "test rows", "keras acc", "int8 acc", "int8 Δ", "int8 size / float32", "int8 ms / float32 ms",
           "pruned 80% acc", "pruned Δ", "pruned size / unpruned", "verdict", "seconds")


def default_files() -> list[Path]:
    return sample_files() + [SHARED / name for name in PUBLIC if (SHARED / name).is_file()]


def row(path: Path, config: ExperimentConfig, fine_tune_epochs: int, home: Path) -> list[str]:
    started = time.perf_counter()
    with RunStore(home) as store:
        run = train(config, load_dataset(path), store=store)
        if run.status != "completed":
            return [path.name] + ["-"] * (len(COLUMNS) - 3) + [f"{run.status}: {run.message[:60]}", "-"]
        report = export_tflite(store, run.run_id, home / f"export_{run.run_id}", ("none", "int8"))
        pruned = prune(store, run.run_id, 0.8, fine_tune_epochs)
    variants = {v["name"]: v for v in report.table()}
    keras_acc = variants["keras"]["test_accuracy"]
    int8, float32 = variants.get("int8"), variants["none"]
    int8_delta = int8["test_accuracy"] - keras_acc if int8 else float("nan")
    size_ratio = int8["size_bytes"] / float32["size_bytes"] if int8 else float("nan")
    pruned_delta = pruned.test_accuracy - keras_acc
    met = [size_ratio <= 0.30, abs(int8_delta) <= 0.01, abs(pruned_delta) <= 0.02]
    verdict = "all met" if all(met) else "missed: " + ", ".join(
        name for name, ok in zip(("int8 size", "int8 accuracy", "pruned accuracy"), met) if not ok)
    return [path.name, str(report.test_rows), f"{keras_acc:.3f}",
            f"{int8['test_accuracy']:.3f}" if int8 else report.failed.get("int8", "-"), f"{int8_delta * 100:+.1f} pt",
            f"{size_ratio:.1%}", f"{int8['latency_ms'] / float32['latency_ms']:.2f}" if int8 else "-",
            f"{pruned.test_accuracy:.3f}", f"{pruned_delta * 100:+.1f} pt",
            f"{pruned.size_bytes / pruned.parent_size_bytes:.1%}", verdict, f"{time.perf_counter() - started:.0f}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="CSV files (default: the bundled samples and two public sets)")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override one ExperimentConfig field; repeatable")
    parser.add_argument("--fine-tune-epochs", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        config = build_config(args.settings)
    except (ConfigError, TypeError) as exc:
        parser.error(str(exc))
    files = [Path(f) for f in args.files] or default_files()
    diffs = ExperimentConfig().differences(config)
    changed = ", ".join(f"{name}={new!r}" for name, (_, new) in diffs.items()) if diffs else "none (all defaults)"
    print(f"Config differences from default: {changed}; pruning fine-tuned for {args.fine_tune_epochs} epoch(s)")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    with tempfile.TemporaryDirectory() as home:
        for path in files:
            try:
                cells = row(path, config, args.fine_tune_epochs, Path(home))
            except Exception as exc:  # one bad file should not hide the others
                cells = [path.name] + ["-"] * (len(COLUMNS) - 3) + [f"error: {type(exc).__name__}: {exc}"[:120], "-"]
            print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
