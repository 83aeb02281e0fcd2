"""Options and output for runs beyond this computer's one process: --cluster, --workers, --stream.

`sweep --cluster ADDRESS` trains the sweep's runs as trials on a Ray cluster, several at once;
`train --workers N` (local processes) or `train --cluster ADDRESS` trains one model data-parallel.
The commands themselves stay in ``training.py``; this module adds their options and printers.
"""

from __future__ import annotations

import argparse

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
