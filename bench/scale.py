"""Beyond one process, measured side by side in one run:

1. a sweep's throughput (trials per minute) on a local Ray cluster of 1 and of 2 workers, next to
   the same sweep trained one run after another in this process;
2. one model trained by 2 tf.distribute workers (local processes, then Ray actors of a local
   cluster), by 1 worker through the same machinery, and by one plain process.

    python bench/scale.py [FILE.csv] [--trials 4] [--epochs 3]

The Ray clusters listen on 127.0.0.1 only (core/local_ray.py). Their start-up is shown apart: it
is paid once per cluster, not per sweep.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from workbench.core.cluster import Trial, run_trials_on_cluster
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.distributed import train_distributed
from workbench.core.local_ray import LocalRayCluster
from workbench.core.training import train

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets" / "sms_spam.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(SHARED if SHARED.exists() else
                                                       ROOT / "sample_data" / "support_tickets_en.csv"))
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    dataset = load_dataset(args.file)
    base = ExperimentConfig(epochs=args.epochs)
    split = split_dataset(dataset, base.validation_fraction, base.test_fraction, base.seed)
    trials = [Trial(base.replace(dropout=round(0.1 * i, 1)), split) for i in range(args.trials)]
    print(f"{Path(args.file).name}: {split.sizes()['train']:,} training rows, bag_of_embeddings, "
          f"{args.epochs} epochs per run; load before: {os.getloadavg()[0]:.1f}")

    print("\n| sweep of %d runs | start-up s | sweep s | trials per minute |" % args.trials)
    print("|---|---|---|---|")
    t = time.perf_counter()
    for trial in trials:
        train(trial.config, trial.split)
    seconds = time.perf_counter() - t
    print(f"| this process, one after another | - | {seconds:.0f} | {60 * args.trials / seconds:.1f} |", flush=True)
    for workers in (1, 2):
        t = time.perf_counter()
        with LocalRayCluster(cpus=workers) as cluster:
            startup = time.perf_counter() - t
            t = time.perf_counter()
            results = run_trials_on_cluster(trials, cluster.address)
            seconds = time.perf_counter() - t
        assert all(r.status == "completed" for r in results), [r.message for r in results]
        print(f"| Ray, {workers} worker{'s' if workers > 1 else ''} | {startup:.0f} | {seconds:.0f} | "
              f"{60 * args.trials / seconds:.1f} |", flush=True)

    print("\n| one run | total s | training s | texts per second (training) | final val_loss |")
    print("|---|---|---|---|---|")
    rows = split.sizes()["train"] * args.epochs
    speeds = {}
    for name, run in (("one process", lambda: timed(train, base, split)),
                      ("tf.distribute, 1 worker", lambda: timed(train_distributed, base, dataset, workers=1)),
                      ("tf.distribute, 2 workers", lambda: timed(train_distributed, base, dataset, workers=2)),
                      ("tf.distribute, 2 Ray workers", lambda: on_local_cluster(base, dataset, workers=2))):
        result, total = run()
        assert result.status == "completed", result.message
        speeds[name] = 1 / result.timing["train_s"]
        print(f"| {name} | {total:.0f} | {result.timing['train_s']:.1f} | {rows / result.timing['train_s']:,.0f} | "
              f"{result.history[-1]['val_loss']:.4f} |", flush=True)
    ratios = ", ".join(f"{name} {speed / speeds['one process']:.2f}" for name, speed in speeds.items()
                       if name != "one process")
    print(f"\nspeed against one process (training seconds): {ratios}; load after: {os.getloadavg()[0]:.1f}")


def timed(function, *args, **options):
    t = time.perf_counter()
    result = function(*args, **options)
    return result, time.perf_counter() - t


def on_local_cluster(base: ExperimentConfig, dataset, workers: int):
    """One run across the workers of a local Ray cluster; the cluster's start-up is not counted."""
    with LocalRayCluster(cpus=workers) as cluster:
        return timed(train_distributed, base, dataset, workers=workers, cluster=cluster.address)


if __name__ == "__main__":
    main()
