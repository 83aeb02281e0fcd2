"""A run trained in another process (a Ray worker, a tf.distribute worker), stored here as it goes.

The remote side calls ``core.training.train`` as a local run does, with a ``ForwardingStore`` as its
store and a listener that forwards events. Both turn every call into a plain message; the local side
feeds the messages to a ``RunRelay``, which makes the same calls on the local ``RunStore`` and passes
the events on. So the run is written epoch by epoch as it trains, exactly as a local run is, and the
window's curves grow live. Messages are tuples of plain data (JSON-ready) plus, at the end of a run,
the model's files as bytes.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.events import Listener, RunFinished, RunStarted

Message = tuple  # (kind, *payload): see ForwardingStore and forward_events
Send = Callable[[Message], None]


class ForwardingStore:
    """What ``train`` sees as its store on a remote worker: each write becomes a message for a RunRelay.

    ``create_run`` cannot wait for the real id, so it returns 0; the relay knows which run is meant.
    The model is saved into a private folder and sent, files as bytes, with ``finish_run``.
    """

    def __init__(self, send: Send):
        self._send = send
        self._folder = Path(tempfile.mkdtemp(prefix="workbench-model-"))

    def create_run(self, config_json: str, dataset: dict[str, Any], **options: Any) -> int:
        self._send(("create_run", config_json, dataset, options))
        return 0

    def add_epoch(self, run_id: int, epoch: int, metrics: dict[str, Any],
                  probes: list[list[float]] | None = None) -> None:
        self._send(("add_epoch", epoch, metrics, probes))

    def model_dir(self, run_id: int) -> Path:
        self._folder.mkdir(exist_ok=True)  # again after a finish_run that put a stop on record
        return self._folder

    def finish_run(self, run_id: int, status: str, results: dict[str, Any] | None, message: str = "",
                   model_path: str | None = None, duration_s: float | None = None) -> None:
        files = {path.name: path.read_bytes() for path in sorted(self._folder.glob("*")) if path.is_file()}
        model_name = Path(model_path).name if model_path else None
        self._send(("finish_run", status, results, message, model_name, duration_s, files))
        shutil.rmtree(self._folder, ignore_errors=True)


def forward_events(send: Send) -> Listener:
    """The remote side's listener: each event as a message."""
    return lambda event: send(("event", event))


class RunRelay:
    """The local side of one remote run: replays its messages on ``store`` and passes events to ``listener``.

    A second ``create_run`` means the run started again (its worker died and the task was retried):
    the first attempt is kept with the epochs it finished, marked interrupted, and a new run begins.
    """

    def __init__(self, store=None, listener: Listener | None = None,
                 dataset_path: str | None = None):
        self.store = store
        self.listener = listener or (lambda event: None)
        self.dataset_path = dataset_path  # the file as this computer knows it (workers read a copy)
        self.run_id: int | None = None
        self.finished, self.status = False, "running"
        self.history: list[dict[str, float]] = []
        self.probe_history: list[list[list[float]]] = []
        self.model_path: str | None = None
        self.attempts = 0
        self._created = time.perf_counter()  # of the latest attempt

    def elapsed_s(self) -> float:
        """Seconds since the latest attempt began (for a run that ended without reporting its timing)."""
        return round(time.perf_counter() - self._created, 3)

    def handle(self, message: Message) -> None:
        kind, *payload = message
        getattr(self, f"_{kind}")(*payload)

    def _create_run(self, config_json: str, dataset: dict[str, Any], options: dict[str, Any]) -> None:
        self.attempts += 1
        self._created = time.perf_counter()
        if self.store is None:
            return
        if self.run_id is not None and not self.finished:
            self.store.finish_run(self.run_id, "interrupted", None, message=(
                f"interrupted: the worker training it died after epoch {len(self.history)}; the run was "
                "started again as a new run"))
        if self.dataset_path and "path" in dataset:
            dataset = {**dataset, "path": self.dataset_path}
        self.run_id = self.store.create_run(config_json, dataset, **options)
        self.finished, self.status = False, "running"
        self.history, self.probe_history = [], []

    def _add_epoch(self, epoch: int, metrics: dict[str, Any], probes: list[list[float]] | None) -> None:
        self.history.append(metrics)
        if probes is not None:
            self.probe_history.append(probes)
        if self.store is not None and self.run_id is not None:
            self.store.add_epoch(self.run_id, epoch, metrics, probes)

    def _finish_run(self, status: str, results: dict[str, Any] | None, message: str, model_name: str | None,
                    duration_s: float | None, files: dict[str, bytes]) -> None:
        if self.store is None or self.run_id is None:
            return
        if files:
            folder = self.store.model_dir(self.run_id)
            for name, content in files.items():
                (folder / Path(name).name).write_bytes(content)
            self.model_path = str(folder / model_name) if model_name else None
        self.store.finish_run(self.run_id, status, results, message=message, model_path=self.model_path,
                              duration_s=duration_s)
        self.finished, self.status = True, status

    def _event(self, event: Any) -> None:
        if isinstance(event, (RunStarted, RunFinished)):
            event = dataclasses.replace(event, run_id=self.run_id)
        self.listener(event)

    def fail(self, message: str) -> None:
        """The remote side ended without finishing the run (or failed for that reason): keep its epochs, say why."""
        if self.store is not None and self.run_id is not None and (not self.finished or self.status == "failed"):
            self.store.finish_run(self.run_id, "failed", None, message=message)
            self.finished, self.status = True, "failed"
