"""The window's connection to the engine process: requests out, Qt signals in.

A QThread reads the engine's messages (blocking on its stdout, so the GUI thread never waits)
and hands them to this object on the GUI thread, which turns events into typed signals and
replies into the callbacks given with each request. Requests are written from the GUI thread.

One long task (a run, or anything that trains) is in flight at a time: ``running`` says so and
Stop ends it. When the engine ends unexpectedly (killed, out of memory, a crash), the runs in
flight are kept as ``interrupted`` with their finished epochs, ``engine_ended`` says what happened
in one sentence, and the next request starts a fresh engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from workbench.core.config import ExperimentConfig
from workbench.core.events import BatchProgress, EpochEnd, RunStarted, TrialEvent
from workbench.core.store import RunStore
from workbench.engine import protocol
from workbench.engine.client import EngineGone, EngineProcess
from workbench.engine.protocol import DataRef, RunOutcome

STOP_GRACE_MS = 5_000  # after Stop, how long the engine has to end the run before the window offers to end it

Reply = Callable[[dict[str, Any]], None]
Failure = Callable[[str], None]


class _Reader(QThread):
    """Reads one engine process's messages until it ends; events arrive already decoded."""

    received = Signal(object, object)  # the EngineProcess, the message (an event dataclass or a dict)

    def __init__(self, process: EngineProcess):
        super().__init__()
        self.setObjectName("engineReader")
        self.process = process

    def run(self) -> None:
        for message in self.process.messages():
            if message["type"] == "event":
                try:
                    message = protocol.event_from_message(message)
                except (protocol.ProtocolError, TypeError, KeyError):
                    continue
            self.received.emit(self.process, message)
        self.process.wait()  # reap it: no zombie


@dataclass
class _Pending:
    kind: str
    on_reply: Reply | None
    on_error: Failure | None
    long: bool


class EngineLink(QObject):
    run_started = Signal(object)  # RunStarted
    batch_progress = Signal(object)  # BatchProgress
    epoch_end = Signal(object)  # EpochEnd
    event = Signal(object)  # any other core.events event (a trial ended, a point of a curve...)
    run_finished = Signal(object)  # RunOutcome of a "train" request
    task_finished = Signal(str, object, str)  # any long task: its kind, its result (None if it failed), the error
    predicted = Signal(object, str, dict)  # run id, text, {class name: probability}
    request_failed = Signal(str)  # a request without its own error callback failed: why, in one sentence
    errors_ready = Signal(object, list, int)  # run id, misclassified test rows, test rows in all
    importance_ready = Signal(object, str, list, str)  # run id, text, [(token, importance)], predicted class
    tensorflow_ready = Signal(float)  # seconds the engine took to load TensorFlow
    stop_overdue = Signal(object)  # run id: Stop was pressed stop_grace_ms ago and the run goes on
    engine_ended = Signal(str)  # the engine ended by surprise: what happened, in one sentence

    def __init__(self, store: RunStore, parent: QObject | None = None, verbose: bool = False):
        super().__init__(parent)
        self.store = store
        self.verbose = verbose
        self.current_run: int | None = None  # the stored run the engine is training
        self.process: EngineProcess | None = None
        self._reader: _Reader | None = None
        self._pending: dict[int, _Pending] = {}  # request id -> what to do with its reply
        self._long_request: int | None = None  # the long task in flight
        self._closing = False
        self.stop_grace_ms = STOP_GRACE_MS
        self._stop_timer = QTimer(self, singleShot=True)
        self._stop_timer.timeout.connect(self._check_stopped)

    @property
    def running(self) -> bool:
        """A long task (a run, anything that trains) is in flight."""
        return self._long_request is not None

    # --- the process ----------------------------------------------------------------------

    def start_engine(self) -> None:
        """Start the engine and have it load TensorFlow in the background (at launch, and on demand)."""
        if self.process is not None and self.process.alive:
            return
        self.process = EngineProcess(self.store.home, verbose=self.verbose)
        self.process.start()
        self._reader = _Reader(self.process)
        self._reader.received.connect(self._on_message)
        self._reader.finished.connect(self._on_reader_finished)
        self._reader.start()
        self.request("warm_up", lambda result: self.tensorflow_ready.emit(float(result["seconds"])))

    def shutdown(self, timeout_s: float = 3.0) -> bool:
        """Stop any run (kept as stopped), let the engine exit, and wait; it is killed after ``timeout_s``."""
        self._closing = True
        self._stop_timer.stop()
        if self.process is None:
            return True
        if not self.running:  # nothing to keep: do not wait for a TensorFlow import to finish
            self.process.kill()
            ended = True
        else:
            ended = self.process.shutdown(timeout_s)
        if self._reader is not None:
            self._reader.wait(5_000)
        return ended

    def end_engine(self) -> None:
        """Kill the engine (the window offers this when Stop goes unanswered); its run is kept as interrupted."""
        if self.process is not None:
            self.process.kill()

    # --- requests ---------------------------------------------------------------------------

    def request(self, kind: str, on_reply: Reply | None = None, on_error: Failure | None = None, long: bool = False,
                **fields: Any) -> int | None:
        """Ask the engine for task ``kind`` (see engine/tasks.py); ``on_reply(result)`` gets the answer on the
        GUI thread. A long task is refused (None) while another is in flight. Errors go to ``on_error``, or
        to request_failed."""
        if long and self.running:
            return None
        if self.process is not None and not self.process.alive:
            self._engine_died(self.process)  # before its reader has told us
        if self.process is None:
            self.start_engine()  # after a crash, the next request brings a fresh engine
        try:
            request_id = self.process.send(kind, **fields)
        except EngineGone:
            return None  # the reader is about to report the end
        self._pending[request_id] = _Pending(kind, on_reply, on_error, long)
        if long:
            self._long_request = request_id
            self.current_run = None
        return request_id

    def start(self, config: ExperimentConfig, data: DataRef, probes: list[str] | None = None,
              split: dict[str, Any] | None = None, stream: bool = False) -> bool:
        """Train a run; refused (False) while a long task is in flight. ``split`` (fractions and seed) is shared
        by the runs of a sweep; None makes it from the config. ``stream``: the file streams from disk."""
        return self.request("train", self._on_trained, self._on_train_failed, long=True, config=config.to_dict(),
                            data=asdict(data), split=split, probes=list(probes or []), stream=stream) is not None

    def stop(self) -> None:
        """End the long task after the batch in flight; if it goes on, stop_overdue fires after stop_grace_ms."""
        if self._long_request is None or self.process is None:
            return
        try:
            self.process.send("stop", request=self._long_request)
        except EngineGone:
            return
        self._stop_timer.start(self.stop_grace_ms)

    def prepare(self, data: DataRef) -> None:
        """Let the engine read a dataset now, while the user looks at it, rather than at Train."""
        self.request("prepare_data", on_error=lambda _message: None, data=asdict(data))  # Train will say why

    def predict(self, run_id: int, text: str) -> None:
        self.request("predict", lambda r: self.predicted.emit(
            r["run_id"], r["texts"][0], dict(zip(r["class_names"], map(float, r["probabilities"][0])))),
            run_id=run_id, texts=[text])

    def explain(self, run_id: int, text: str) -> None:
        self.request("importance", lambda r: self.importance_ready.emit(
            r["run_id"], r["text"], [tuple(t) for t in r["tokens"]], r["predicted"]), run_id=run_id, text=text)

    def misclassified(self, run_id: int) -> None:
        self.request("misclassified", lambda r: self.errors_ready.emit(r["run_id"], r["rows"], int(r["total"])),
                     run_id=run_id)

    # --- what comes back ----------------------------------------------------------------------

    def _on_message(self, process: EngineProcess, message: Any) -> None:
        if process is not self.process:
            return  # a late message from an engine that has since been replaced
        if isinstance(message, RunStarted):
            self.current_run = message.run_id
            self.run_started.emit(message)
        elif isinstance(message, BatchProgress):
            self.batch_progress.emit(message)
        elif isinstance(message, EpochEnd):
            self.epoch_end.emit(message)
        elif isinstance(message, dict):
            if message.get("type") == "reply":
                self._on_reply(message)
        else:
            self.event.emit(message)
            if isinstance(message, TrialEvent) and message.event == "RunFinished":  # names its run: a run's end
                self.event.emit(protocol.event_from_message({"event": message.event, "data": message.data}))

    def _on_reply(self, message: dict[str, Any]) -> None:
        pending = self._pending.pop(message.get("request"), None)
        if pending is None:
            return
        if pending.long:
            self._long_request = None
            self._stop_timer.stop()
        if message["ok"]:
            if pending.on_reply is not None:
                pending.on_reply(message.get("result"))
        elif pending.on_error is not None:
            pending.on_error(message.get("error", ""))
        else:
            self.request_failed.emit(message.get("error", ""))
        if pending.long:
            self.task_finished.emit(pending.kind, message.get("result") if message["ok"] else None,
                                    "" if message["ok"] else message.get("error", ""))

    def _on_trained(self, result: dict[str, Any]) -> None:
        self.run_finished.emit(RunOutcome(**result))

    def _on_train_failed(self, error: str) -> None:
        self.run_finished.emit(RunOutcome(self.current_run, "failed", error))

    def _check_stopped(self) -> None:
        if self.running:
            self.stop_overdue.emit(self.current_run)

    def _on_reader_finished(self) -> None:
        self._engine_died(self.sender().process)

    def _engine_died(self, process: EngineProcess) -> None:
        """Keep the runs in flight as interrupted, fail what was asked, and say what happened (once)."""
        if process is not self.process or self._closing:
            return
        process.wait(5)
        what = self.tr("The training engine {exit}").format(exit=process.describe_exit())
        interrupted = self.store.mark_orphaned_runs()
        pending, self._pending = self._pending, {}
        long_task = pending.get(self._long_request) if self._long_request is not None else None
        self._long_request = None
        self._stop_timer.stop()
        self.process = None
        run_id = self.current_run
        if long_task is not None and run_id is not None:
            epochs = len(self.store.history(run_id)) if run_id in interrupted else 0
            sentence = self.tr("{what}; run {run_id} is kept as interrupted with its {epochs} finished epoch(s). "
                               "Train again to start a fresh engine.").format(what=what, run_id=run_id, epochs=epochs)
        elif long_task is not None:
            sentence = self.tr("{what} before the run began. Train again to start a fresh engine.").format(what=what)
        else:
            sentence = self.tr("{what}. A fresh one starts with the next request.").format(what=what)
        if long_task is not None and long_task.kind == "train":
            self.run_finished.emit(RunOutcome(run_id, "interrupted", sentence))
        for request in pending.values():
            if request is long_task:
                self.task_finished.emit(request.kind, None, sentence)
            elif request.kind != "warm_up" and request.on_error is not None:
                request.on_error(sentence)
        if any(r.kind != "warm_up" and r.on_error is None and r is not long_task for r in pending.values()):
            self.request_failed.emit(sentence)
        self.engine_ended.emit(sentence)
