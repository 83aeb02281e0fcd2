"""The engine's side: read requests, run them one at a time, send events and replies.

A reader thread takes lines from stdin. ``stop`` and ``shutdown`` act at once (a run in
flight ends after its batch); every other request waits in a queue for the main thread,
which does the work. A stop names the train request it stops, so a Stop that arrives before
its run has begun still counts, and never stops the run after it. An exception in a request becomes an error reply and the loop goes
on: a failed prediction never silences the engine. When stdin closes (the window is gone),
the run in flight is stopped and kept, and the engine exits.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

from workbench.core.errors import WorkbenchError
from workbench.engine import protocol

KEPT_PREDICTORS = 4  # models kept loaded for Try-it and token importance, the newest first


class Engine:
    def __init__(self, output: BinaryIO):
        self._output = output
        self._write_lock = threading.Lock()
        self.closing = threading.Event()  # set when the window is gone or asked us to exit
        self._stops: dict[Any, threading.Event] = {}  # train request id -> its stop flag
        self._stops_lock = threading.Lock()
        self.requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._predictors: dict[int, Any] = {}  # run id -> Predictor
        self._splits: dict[int, Any] = {}  # run id -> the Split it was trained on (this session's runs)
        self._dataset: tuple[protocol.DataRef, Any] | None = None  # the last dataset read, and its ref
        self._store = None

    # --- the loop ---------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
        try:
            with self._write_lock:
                self._output.write(protocol.encode(message))
                self._output.flush()
        except (BrokenPipeError, ValueError, OSError):
            self.close()  # nobody is listening any more: stop what runs, keep it, and exit

    def stop_for(self, request_id: Any) -> threading.Event:
        with self._stops_lock:
            return self._stops.setdefault(request_id, threading.Event())

    def close(self) -> None:
        """Stop every run and take no new request."""
        self.closing.set()
        with self._stops_lock:
            for stop in self._stops.values():
                stop.set()

    def read_requests(self, source: BinaryIO) -> None:
        """The reader thread: queue requests; act on stop and shutdown at once."""
        try:
            for line in source:
                if not line.strip():
                    continue
                try:
                    message = protocol.decode(line)
                except protocol.ProtocolError as exc:
                    self.send(protocol.reply(None, error=str(exc)))
                    continue
                if message["type"] == "stop":
                    self.stop_for(message.get("request")).set()
                elif message["type"] == "shutdown":
                    break
                else:
                    self.requests.put(message)
        finally:  # shutdown, or stdin closed: stop what runs and let the main loop end
            self.close()
            self.requests.put(None)

    def serve(self) -> None:
        while (message := self.requests.get()) is not None:
            kind, request_id = message["type"], message.get("id")
            handler = getattr(self, f"do_{kind}", None)
            try:
                if self.closing.is_set():
                    raise WorkbenchError("The engine is shutting down.")
                if handler is None:
                    raise WorkbenchError(f"The engine does not know the request {kind!r}; update the workbench.")
                self.send(protocol.reply(request_id, handler(message)))
            except WorkbenchError as exc:
                self.send(protocol.reply(request_id, error=str(exc)))
            except Exception as exc:  # a bug: reported, and the loop goes on
                traceback.print_exc()
                self.send(protocol.reply(request_id, error=f"{type(exc).__name__}: {exc}"))

    # --- requests ---------------------------------------------------------------------

    def do_warm_up(self, message: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        import keras  # noqa: F401

        import workbench.core.training  # noqa: F401

        return {"seconds": time.perf_counter() - started}

    def do_prepare_data(self, message: dict[str, Any]) -> dict[str, Any]:
        return {"rows": self._load(protocol.DataRef.from_dict(message["data"])).summary.rows}

    def do_train(self, message: dict[str, Any]) -> dict[str, Any]:
        from workbench.core.config import ExperimentConfig
        from workbench.core.data import split_dataset
        from workbench.core.training import train

        config = ExperimentConfig.from_dict(message["config"])
        dataset = self._load(protocol.DataRef.from_dict(message["data"]))
        split_settings = message.get("split") or {
            "validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction,
            "seed": config.seed}
        split = split_dataset(dataset, split_settings["validation_fraction"], split_settings["test_fraction"],
                              split_settings["seed"])
        request_id = message.get("id")
        try:
            result = train(config, split, listener=lambda event: self.send(protocol.event_message(request_id, event)),
                           stop=self.stop_for(request_id), store=self.store(), probes=message.get("probes") or [])
        finally:
            with self._stops_lock:
                self._stops.pop(request_id, None)
        if result.run_id is not None and result.predictor is not None:
            self._keep(result.run_id, result.predictor, split)
        return protocol.RunOutcome(result.run_id, result.status, result.message, result.test)

    def do_predict(self, message: dict[str, Any]) -> dict[str, Any]:
        run_id = int(message["run_id"])
        predictor = self._predictor(run_id)
        texts = [str(text) for text in message["texts"]]
        return {"run_id": run_id, "texts": texts, "class_names": list(predictor.class_names),
                "probabilities": predictor.predict(texts).tolist()}

    def do_importance(self, message: dict[str, Any]) -> dict[str, Any]:
        from workbench.core.diagnostics import token_importance

        run_id, text = int(message["run_id"]), str(message["text"])
        predictor = self._predictor(run_id)
        probabilities = predictor.predict([text])[0]
        return {"run_id": run_id, "text": text, "tokens": [list(pair) for pair in token_importance(predictor, text)],
                "predicted": predictor.class_names[int(probabilities.argmax())]}

    def do_misclassified(self, message: dict[str, Any]) -> dict[str, Any]:
        from workbench.core.diagnostics import misclassified
        from workbench.core.reopen import run_split

        run_id = int(message["run_id"])
        predictor = self._predictor(run_id)
        split = self._splits.get(run_id) or run_split(self.store().get_run(run_id))
        texts = split.test.text.tolist()
        rows = misclassified(texts, split.encode(split.test), predictor.predict(texts), predictor.class_names)
        return {"run_id": run_id, "rows": rows, "total": len(texts)}

    # --- helpers ----------------------------------------------------------------------

    def store(self):
        if self._store is None:
            from workbench.core.store import RunStore

            self._store = RunStore()  # WORKBENCH_HOME: the window's home, passed in the environment
        return self._store

    def _load(self, ref: protocol.DataRef):
        """The dataset ``ref`` names, read once per file and columns."""
        from workbench.core.data import load_dataset

        if self._dataset is not None and self._dataset[0] == ref:
            return self._dataset[1]
        dataset = load_dataset(ref.path, ref.text_column, ref.label_column)
        if dataset.summary.fingerprint != ref.fingerprint:
            raise WorkbenchError(f"{os.path.basename(ref.path)} has changed on disk since it was opened; open "
                                 "it again before training.")
        self._dataset = (ref, dataset)
        return dataset

    def _predictor(self, run_id: int):
        """The run's model: kept from this session, else loaded from the store."""
        from workbench.core.training import load_predictor

        predictor = self._predictors.get(run_id)
        if predictor is None:
            record = self.store().get_run(run_id)
            if not record.model_path:
                raise WorkbenchError(f"Run {run_id} has no saved model (it failed, or is a lookup table); "
                                     "train it again to use it.")
            predictor = load_predictor(record.model_path)
            self._keep(run_id, predictor, None)
        return predictor

    def _keep(self, run_id: int, predictor: Any, split: Any) -> None:
        self._predictors = {run_id: predictor, **{k: v for k, v in self._predictors.items() if k != run_id}}
        for old in list(self._predictors)[KEPT_PREDICTORS:]:
            del self._predictors[old]
        if split is not None:
            self._splits[run_id] = split
        self._splits = {k: v for k, v in self._splits.items() if k in self._predictors}


def main() -> int:
    """Run the engine on this process's stdin and stdout (see protocol)."""
    # The protocol gets stdout to itself: whatever else prints (a library, a stray print) goes to stderr.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the window decides when the engine ends
    output = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    engine = Engine(output)
    engine.send({"type": "hello", "protocol": protocol.PROTOCOL_VERSION, "pid": os.getpid()})
    reader = threading.Thread(target=engine.read_requests, args=(sys.stdin.buffer,), name="engine-requests",
                              daemon=True)
    reader.start()
    engine.serve()
    if engine._store is not None:
        engine._store.close()  # every write is committed already
    output.close()
    # Interpreter shutdown with TensorFlow loaded takes seconds (its thread pools and atexit hooks);
    # everything worth keeping is in the store, so leave at once.
    os._exit(0)
