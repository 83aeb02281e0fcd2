"""Options and output for runs beyond this computer's one process: --cluster, --workers, --stream.

`sweep --cluster ADDRESS` trains the sweep's runs as trials on a Ray cluster, several at once;
`train --workers N` (local processes) or `train --cluster ADDRESS` trains one model data-parallel.
The commands themselves stay in ``training.py``; this module adds their options and printers.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from workbench.cli.common import EpochPrinter
from workbench.core.errors import ConfigError, WorkbenchError


def add_cluster_option(parser: argparse.ArgumentParser, what: str) -> None:
    group = parser.add_argument_group("beyond this computer")
    group.add_argument("--cluster", metavar="ADDRESS",
                       help=f"{what} on the Ray cluster whose head is at ADDRESS (HOST:PORT, as `ray start --head` "
                            "prints it, or ray://HOST:10001); it receives the data file and the settings only. "
                            "Needs pip install -e \".[cluster]\"")
    group.add_argument("--retries", type=int, default=1, metavar="N",
                       help="with --cluster: start a run again up to N times if its worker dies (default 1)")


def check_cluster_options(args: argparse.Namespace) -> None:
    """Refuse an unusable --cluster before any data is read."""
    if getattr(args, "retries", 0) < 0:
        raise ConfigError("--retries must be 0 or more.")
    if getattr(args, "cluster", None) is not None:
        from workbench.core.cluster import cluster_address_problem

        problem = cluster_address_problem(args.cluster)
        if problem:
            raise WorkbenchError(problem)


def add_train_options(parser: argparse.ArgumentParser) -> None:
    """`train`'s ways beyond one process."""
    group = parser.add_argument_group("beyond one process")
    group.add_argument("--workers", type=int, metavar="N",
                       help="train one model on N local worker processes at once (tf.distribute, data parallel); "
                            "--batch-size stays the global batch, split between them, and --learning-rate is "
                            "used as given")


def training_function(args: argparse.Namespace) -> Callable:
    """What `train` calls, with core.training.train's signature: one process, or several workers."""
    workers = getattr(args, "workers", None)
    if workers is None:
        from workbench.core.training import train

        return train
    from workbench.core.distributed import MAX_LOCAL_WORKERS, describe_distribution, train_distributed

    if not 1 <= workers <= MAX_LOCAL_WORKERS:
        raise ConfigError(f"--workers must be between 1 and {MAX_LOCAL_WORKERS}.")

    def run(config, data, **options):
        print(describe_distribution(config, workers), flush=True)
        return train_distributed(config, data, workers=workers, **options)

    return run


class TrialPrinter:
    """The CLI's listener for runs that train at once: each line starts with the run's place, e.g. [2/6]."""

    def __init__(self) -> None:
        self._printers: dict[int, EpochPrinter] = {}
        self._plain = EpochPrinter()

    def __call__(self, event) -> None:
        from workbench.core.events import TrialEvent
        from workbench.engine.protocol import event_from_message

        if not isinstance(event, TrialEvent):
            self._plain(event)
            return
        printer = self._printers.setdefault(event.trial, EpochPrinter(f"[{event.trial}/{event.total}] "))
        printer(event_from_message({"event": event.event, "data": event.data}))
