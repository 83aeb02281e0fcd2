"""The bridge between the window and the engine: a QObject living on its own QThread.

The worker runs one long slot, ``serve``, for the thread's whole life, taking
requests (warm up, train, predict) from a queue. One slot per request would not
do: PySide gives each slot call a fresh Python thread state, and TensorFlow keeps
per-thread state that then dangles (importing Keras in one slot call and building
a TextVectorization in the next one crashes). The worker answers with signals
that carry plain data only. Stop bypasses the queue: ``request_stop`` sets a
``threading.Event`` that the training callback checks after every batch.
"""

from __future__ import annotations

import queue
import threading
import traceback
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from workbench.core.config import ExperimentConfig
from workbench.core.events import BatchProgress, EpochEnd, RunStarted
from workbench.core.store import RunStore
from workbench.gui.garbage import GuiThreadCollector


class TrainingWorker(QObject):
    run_started = Signal(object)  # RunStarted
    batch_progress = Signal(object)  # BatchProgress
    epoch_end = Signal(object)  # EpochEnd
    run_finished = Signal(object)  # RunOutcome
    predicted = Signal(object, str, dict)  # run id, text, {class name: probability}
    predict_failed = Signal(str)
    errors_ready = Signal(object, list, int)  # run id, misclassified test rows, test rows in all
    importance_ready = Signal(object, str, list, str)  # run id, text, [(token, importance)], predicted class
    tensorflow_ready = Signal(float)  # seconds the import took

    def __init__(self, store: RunStore):
        super().__init__()
        self.store = store
        self._stop = threading.Event()
        self.requests: queue.Queue = queue.Queue()
        self._predictors: dict[int | None, Any] = {}  # run id -> Predictor, the newest few

    def request_stop(self) -> None:
        """Called from the GUI thread directly: takes effect after the batch in flight."""
        self._stop.set()

    def clear_stop(self) -> None:
        self._stop.clear()

    @Slot()
    def serve(self) -> None:
        """Handle requests until the ``None`` sentinel arrives."""
        while (request := self.requests.get()) is not None:
            kind, *args = request
            getattr(self, kind)(*args)

    def warm_up(self) -> None:
        """Import TensorFlow here, off the GUI thread, while the user looks at the data."""
        import time

        started = time.perf_counter()
        import keras  # noqa: F401

        import workbench.core.training  # noqa: F401

        self.tensorflow_ready.emit(time.perf_counter() - started)

    def train(self, config: ExperimentConfig, data: Any, probes: list[str]) -> None:
        from workbench.core.training import train

        try:
            result = train(config, data, listener=self._forward, stop=self._stop, store=self.store, probes=probes)
        except Exception as exc:  # train() reports failures itself; this is a bug in the engine
            traceback.print_exc()
            self.run_finished.emit(RunOutcome(None, "failed", f"{type(exc).__name__}: {exc}", None))
            return
        if result.predictor is not None:
            self._predictors = {result.run_id: result.predictor}
        self.run_finished.emit(RunOutcome(result.run_id, result.status, result.message, result.test))
        if result.predictor is not None and result.split is not None and result.status != "diverged":
            self._send_errors(result)

    def _send_errors(self, result: Any) -> None:
        from workbench.core.diagnostics import misclassified

        test = result.split.test
        texts = test.text.tolist()
        rows = misclassified(texts, result.split.encode(test), result.predictor.predict(texts), result.class_names)
        self.errors_ready.emit(result.run_id, rows, len(texts))

    def importance(self, run_id: int, text: str) -> None:
        """Which tokens of ``text`` push the run's prediction, by occlusion."""
        from workbench.core.diagnostics import token_importance

        predictor = self._predictors.get(run_id)
        if predictor is None:
            self.predict_failed.emit("Token importance needs a model trained in this session.")
            return
        probabilities = np.asarray(predictor.predict([text]))[0]
        tokens = token_importance(predictor, text)
        self.importance_ready.emit(run_id, text, tokens, predictor.class_names[int(probabilities.argmax())])

    def _forward(self, event: Any) -> None:
        if isinstance(event, BatchProgress):
            self.batch_progress.emit(event)
        elif isinstance(event, EpochEnd):
            self.epoch_end.emit(event)
        elif isinstance(event, RunStarted):
            self.run_started.emit(event)

    def predict(self, run_id: int, text: str) -> None:
        """Class probabilities of one text under a run's model (loaded from the store if needed)."""
        from workbench.core.training import load_predictor

        try:
            predictor = self._predictors.get(run_id)
            if predictor is None:
                record = self.store.get_run(run_id)
                if not record.model_path:
                    raise ValueError("this run has no saved model (it failed, or is a lookup table)")
                predictor = load_predictor(record.model_path)
                self._predictors = {run_id: predictor}
            probabilities = np.asarray(predictor.predict([text]))[0]
        except Exception as exc:
            self.predict_failed.emit(f"Cannot predict with run {run_id}: {exc}")
            return
        self.predicted.emit(run_id, text, dict(zip(predictor.class_names, map(float, probabilities))))


class RunOutcome:
    """What the window needs when a run ends (plain data: the model stays on the worker)."""

    def __init__(self, run_id: int | None, status: str, message: str, test: dict | None):
        self.run_id, self.status, self.message, self.test = run_id, status, message, test


_collector: GuiThreadCollector | None = None  # one per process: it switches automatic collection off


def _gui_thread_collector() -> GuiThreadCollector:
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector()
    return _collector


class TrainingThread(QObject):
    """Owns the worker and its thread; the window talks to this object only."""

    def __init__(self, store: RunStore, parent: QObject | None = None):
        super().__init__(parent)
        self.collector = _gui_thread_collector()  # before the thread exists: never collect on it
        self.qthread = QThread()
        self.qthread.setObjectName("trainingThread")
        self.worker = TrainingWorker(store)
        self.worker.moveToThread(self.qthread)
        self.qthread.started.connect(self.worker.serve)
        self.worker.run_finished.connect(self._on_finished)
        self.worker.tensorflow_ready.connect(self._on_tensorflow_ready)
        self.qthread.finished.connect(self.worker.deleteLater)
        self.running = False
        self.qthread.start()

    def warm_up(self) -> None:
        self.worker.requests.put(("warm_up",))

    def start(self, config: ExperimentConfig, data: Any, probes: list[str] | None = None) -> bool:
        """Queue a run; refused (False) while one is running, so runs never mix."""
        if self.running:
            return False
        self.running = True
        self.worker.clear_stop()  # here, not on the worker: a Stop pressed before the run begins counts
        self.worker.requests.put(("train", config, data, list(probes or [])))
        return True

    def stop(self) -> None:
        self.worker.request_stop()

    def predict(self, run_id: int, text: str) -> None:
        self.worker.requests.put(("predict", run_id, text))

    def explain(self, run_id: int, text: str) -> None:
        self.worker.requests.put(("importance", run_id, text))

    def _on_tensorflow_ready(self, _seconds: float) -> None:
        self.collector.freeze_what_lives_now()

    def _on_finished(self, outcome: RunOutcome) -> None:
        self.running = False
        QTimer.singleShot(0, self.collector.collect_all)  # after the window has shown the outcome

    def shutdown(self, timeout_ms: int = 60_000) -> bool:
        """Stop any run, let the worker finish its loop, and wait; never terminate()."""
        self.worker.request_stop()
        self.worker.requests.put(None)
        self.qthread.quit()
        return self.qthread.wait(timeout_ms)
