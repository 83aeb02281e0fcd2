"""Keras state between runs: run 20 should be as fast as run 2, and memory should stay flat.

    python bench/repeat_runs.py [FILE.csv] [--runs N] [--model NAME]

Trains the same small configuration N times in one process (as the window does when
someone clicks Train again and again) and prints the seconds and resident memory after
each run.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.training import train

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(ROOT / "sample_data" / "support_tickets_en.csv"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--model", default="lstm")
    args = parser.parse_args()
    config = ExperimentConfig(model=args.model, epochs=2, embedding_dim=32, hidden_units=32)
    split = split_dataset(load_dataset(args.file), config.validation_fraction, config.test_fraction, config.seed)
    print(f"{Path(args.file).name}, {args.model}, 2 epochs per run")
    print("| run | seconds | resident MB |")
    print("|---|---|---|")
    seconds, memory = [], []
    for i in range(1, args.runs + 1):
        t = time.perf_counter()
        train(config, split)
        seconds.append(time.perf_counter() - t)
        memory.append(rss_mb())
        if i in (1, 2, 5, 10, 15, args.runs):
            print(f"| {i} | {seconds[-1]:.2f} | {memory[-1]:.0f} |", flush=True)
    print(f"run {args.runs} / run 2 time: {seconds[-1] / seconds[1]:.2f}; "
          f"memory growth from run 2 to run {args.runs}: {memory[-1] - memory[1]:+.0f} MB")


if __name__ == "__main__":
    main()
