"""Options and output for runs beyond this computer's one process: --cluster, --workers, --stream.

`sweep --cluster ADDRESS` trains the sweep's runs as trials on a Ray cluster, several at once;
`train --workers N` trains one model data-parallel on N local processes, or with --cluster on N Ray workers.
The commands themselves stay in ``training.py``; this module adds their options and printers.
"""

from __future__ import annotations

import argparse
import sys
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
                       help="with --cluster: start a run again up to N times if its worker dies (default 1); a run "
                            "spread over --workers is not started again")


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
    """`train`'s ways beyond one process and beyond memory."""
    group = parser.add_argument_group("beyond one process")
    group.add_argument("--workers", type=int, metavar="N",
                       help="train one model on N local worker processes at once (tf.distribute, data parallel), "
                            "or with --cluster on N Ray workers of the cluster, one CPU each; --batch-size stays "
                            "the global batch, split between them, and --learning-rate is used as given")
    group.add_argument("--stream", action="store_true",
                       help="stream the file from disk instead of loading it (for files larger than memory; UTF-8, "
                            "one row per line); FILE may be a glob pattern of files, e.g. 'parts/*.csv'")
    group.add_argument("--vocabulary", choices=("sample", "full"), default="sample",
                       help="with --stream: build the vocabulary from the file's first megabytes (sample, the "
                            "default) or from a first pass over all training rows (full)")


def training_function(args: argparse.Namespace) -> Callable:
    """What `train` calls, with core.training.train's signature: one process, several workers, or a stream."""
    workers = getattr(args, "workers", None)
    if args.repeats != 1 and (args.stream or workers is not None):
        raise ConfigError("--repeats trains each run in one process; leave out --stream and --workers.")
    if args.cluster is not None and args.stream:
        raise ConfigError("--stream reads the file from this computer's disk; leave out --cluster, or --stream "
                          "to send the file to the cluster.")
    if args.stream:
        if workers is not None:
            raise ConfigError("Choose --stream or --workers, not both.")
        if args.test_data or args.validation_data:
            raise ConfigError("A streamed file is split by itself; drop --test-data and --validation-data.")
        from workbench.core.streaming import train_streaming

        def stream(config, path, **options):
            return train_streaming(config, path, args.text_column, args.label_column, vocabulary=args.vocabulary,
                                   **options)

        return stream
    if workers is None:
        from workbench.core.training import train

        return train
    from workbench.core.distributed import MAX_LOCAL_WORKERS, describe_distribution, train_distributed

    if args.cluster is None and not 1 <= workers <= MAX_LOCAL_WORKERS:
        raise ConfigError(f"--workers must be between 1 and {MAX_LOCAL_WORKERS}.")
    if workers < 1:
        raise ConfigError("--workers must be 1 or more.")

    def run(config, data, **options):
        print(describe_distribution(config, workers, args.cluster), flush=True)
        return train_distributed(config, data, workers=workers, cluster=args.cluster, **options)

    return run


def note_large_file(path: str) -> None:
    """Before a file is read whole: say when it should rather stream."""
    from workbench.core.large_files import is_large_file

    if is_large_file(path):
        print(f"note: {path} is large; if it does not fit in memory, add --stream to train on it from disk",
              file=sys.stderr, flush=True)


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
