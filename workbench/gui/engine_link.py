"""The window's connection to the engine process: requests out, Qt signals in.

A QThread reads the engine's messages (blocking on its stdout, so the GUI thread never waits)
and hands them to this object on the GUI thread, which turns them into typed signals. Requests
are written from the GUI thread. When the engine ends unexpectedly (killed, out of memory, a
crash), the run in flight is kept as ``interrupted`` with its finished epochs, ``engine_ended``
says what happened in one sentence, and the next request starts a fresh engine.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from workbench.core.config import ExperimentConfig
from workbench.core.events import BatchProgress, EpochEnd, RunStarted
from workbench.core.store import RunStore
from workbench.engine import protocol
from workbench.engine.client import EngineGone, EngineProcess
from workbench.engine.protocol import DataRef, RunOutcome

STOP_GRACE_MS = 5_000  # after Stop, how long the engine has to end the run before the window offers to end it


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


class EngineLink(QObject):
    run_started = Signal(object)  # RunStarted
    batch_progress = Signal(object)  # BatchProgress
    epoch_end = Signal(object)  # EpochEnd
    run_finished = Signal(object)  # RunOutcome
    predicted = Signal(object, str, dict)  # run id, text, {class name: probability}
    request_failed = Signal(str)  # a prediction, explanation or error list that could not be made
    errors_ready = Signal(object, list, int)  # run id, misclassified test rows, test rows in all
    importance_ready = Signal(object, str, list, str)  # run id, text, [(token, importance)], predicted class
    tensorflow_ready = Signal(float)  # seconds the engine took to load TensorFlow
    stop_overdue = Signal(object)  # run id: Stop was pressed stop_grace_ms ago and the run goes on
    engine_ended = Signal(str)  # the engine ended by surprise: what happened, in one sentence

    def __init__(self, store: RunStore, parent: QObject | None = None, verbose: bool = False):
        super().__init__(parent)
        self.store = store
        self.verbose = verbose
        self.running = False  # a train request is out
        self.current_run: int | None = None  # the stored run the engine is training
        self.process: EngineProcess | None = None
        self._reader: _Reader | None = None
        self._pending: dict[int, tuple[str, Any]] = {}  # request id -> (kind, context)
        self._train_request: int | None = None
        self._closing = False
        self.stop_grace_ms = STOP_GRACE_MS
        self._stop_timer = QTimer(self, singleShot=True)
        self._stop_timer.timeout.connect(self._check_stopped)

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
        self._send("warm_up")

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

    def start(self, config: ExperimentConfig, data: DataRef, probes: list[str] | None = None,
              split: dict[str, Any] | None = None) -> bool:
        """Train a run; refused (False) while one is running, so runs never mix. ``split`` (fractions
        and seed) is shared by the runs of a sweep; None makes it from the config."""
        if self.running:
            return False
        self._train_request = self._send("train", config=config.to_dict(), data=asdict(data), split=split,
                                         probes=list(probes or []))
        self.running = True
        self.current_run = None
        return True

    def stop(self) -> None:
        """Ends the run after the batch in flight; if it goes on, stop_overdue fires after stop_grace_ms."""
        if not self.running or self._train_request is None:
            return
        self._send("stop", request=self._train_request)
        self._stop_timer.start(self.stop_grace_ms)

    def prepare(self, data: DataRef) -> None:
        """Let the engine read a dataset now, while the user looks at it, rather than at Train."""
        self._send("prepare_data", data=asdict(data))

    def predict(self, run_id: int, text: str) -> None:
        self._send("predict", run_id=run_id, texts=[text])

    def explain(self, run_id: int, text: str) -> None:
        self._send("importance", run_id=run_id, text=text)

    def misclassified(self, run_id: int) -> None:
        self._send("misclassified", run_id=run_id)

    def _send(self, kind: str, **fields: Any) -> int | None:
        if self.process is not None and not self.process.alive:
            self._engine_died(self.process)  # before its reader has told us
        if self.process is None:
            self.start_engine()  # after a crash, the next request brings a fresh engine
        try:
            request_id = self.process.send(kind, **fields)
        except EngineGone:
            return None  # the reader is about to report the end
        if kind != "stop":
            self._pending[request_id] = (kind, fields)
        return request_id

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
        elif isinstance(message, dict) and message.get("type") == "reply":
            self._on_reply(message)

    def _on_reply(self, message: dict[str, Any]) -> None:
        kind, fields = self._pending.pop(message.get("request"), (None, None))
        if kind is None:
            return
        ok, result, error = message["ok"], message.get("result") or {}, message.get("error", "")
        if kind == "train":
            outcome = RunOutcome(**result) if ok else RunOutcome(self.current_run, "failed", error)
            self._end_run(outcome)
        elif not ok:
            self.request_failed.emit(error)
        elif kind == "warm_up":
            self.tensorflow_ready.emit(float(result["seconds"]))
        elif kind == "predict":
            self.predicted.emit(result["run_id"], result["texts"][0],
                                dict(zip(result["class_names"], map(float, result["probabilities"][0]))))
        elif kind == "importance":
            self.importance_ready.emit(result["run_id"], result["text"], [tuple(t) for t in result["tokens"]],
                                       result["predicted"])
        elif kind == "misclassified":
            self.errors_ready.emit(result["run_id"], result["rows"], int(result["total"]))

    def _end_run(self, outcome: RunOutcome) -> None:
        self.running = False
        self._train_request = None
        self._stop_timer.stop()
        self.run_finished.emit(outcome)

    def _check_stopped(self) -> None:
        if self.running:
            self.stop_overdue.emit(self.current_run)

    def _on_reader_finished(self) -> None:
        self._engine_died(self.sender().process)

    def _engine_died(self, process: EngineProcess) -> None:
        """Keep the run in flight as interrupted, fail what was asked, and say what happened (once)."""
        if process is not self.process or self._closing:
            return
        process.wait(5)
        what = f"The training engine {process.describe_exit()}"
        interrupted = self.store.mark_orphaned_runs()
        pending, self._pending = self._pending, {}
        if self.running:
            run_id = self.current_run
            epochs = len(self.store.history(run_id)) if run_id in interrupted else 0
            sentence = (f"{what}; run {run_id} is kept as interrupted with its {epochs} finished epoch(s). "
                        "Train again to start a fresh engine." if run_id is not None
                        else f"{what} before the run began. Train again to start a fresh engine.")
            self._end_run(RunOutcome(run_id, "interrupted", sentence))
        else:
            sentence = f"{what}. A fresh one starts with the next request."
            if any(kind != "warm_up" for kind, _ in pending.values()):
                self.request_failed.emit(sentence)
        self.process = None
        self.engine_ended.emit(sentence)
