"""One run across several worker processes: tf.distribute.MultiWorkerMirroredStrategy, data parallel.

Every worker reads the same file, makes the same split and vocabulary (same code, same seed), builds
the same model and trains it on its share of each batch; at every step the gradients are summed
across workers (all-reduce), so all workers keep the same weights. ``core.training.train`` runs in
each of them with the strategy; Keras 3's ``fit`` cannot drive this strategy (keras-team/keras#20585),
so ``fit_distributed`` below is its loop, calling the same callbacks.

Batch size and learning rate mean what they mean for one process: ``batch_size`` is the global
batch, split evenly between the N workers (each computes batch_size / N texts per step), and the
gradient is that of the mean loss over the whole global batch. So N workers take the same steps as
one process with the same settings; nothing is rescaled behind the user's back. Keeping each
worker's share at B needs batch_size = N x B, and then usually a larger learning rate (the linear
scaling rule: x N, with a warm-up; Goyal et al., 2017).

Only the chief (worker 0) reports: its events and store writes reach this process as JSON lines on
its stdout and are replayed by a ``relay.RunRelay``. Stop travels down as a line on each worker's
stdin; the workers agree on it at each batch (``CollectiveStop``). TensorFlow's servers listen on the
given ports of every network interface (TensorFlow has no setting to bind them to one address); the
local workers use random free ports for the length of the run only. The same workers can run on a
Ray cluster's nodes instead (``cluster=``, core/cluster_workers.py); only ``Workers`` differs.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.data import Dataset, Split, load_dataset, split_dataset
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import Listener
from workbench.core.relay import ForwardingStore, RunRelay, forward_events
from workbench.core.training import RunResult

MAX_LOCAL_WORKERS = 16
SPLIT_KEYS = ("validation_fraction", "test_fraction", "seed")


# --- this process: start the workers, relay the chief ----------------------------------------------


def train_distributed(
    config: ExperimentConfig,
    data: Dataset | Split,
    workers: int = 2,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    probes: Sequence[str] = (),
    group_id: int | None = None,
    cluster: str | None = None,
) -> RunResult:
    """Train one model data-parallel on ``workers`` local processes (TF_CONFIG on 127.0.0.1 ports), or
    with ``cluster``, on as many Ray workers of the cluster at that address (core/cluster_workers.py).

    As ``train``: the run, its epochs as they end and its model are stored, ``listener`` gets the
    chief's events, ``stop`` ends it after the batch in flight (on every worker at the same step).
    """
    config.validate()
    if config.init_from and SPECS["init_from"].applies(config):  # its workers have no run store to start from
        raise ConfigError("A run started from a stored run trains in one process; leave out --workers or init_from.")
    job = _job(config, data, probes, group_id)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    split = data if isinstance(data, Split) else split_dataset(data, *(job["split"][k] for k in SPLIT_KEYS))
    if cluster is None:
        team: Workers = LocalWorkers(job, workers, stop)
    else:
        from workbench.core.cluster import check_runs_elsewhere
        from workbench.core.cluster_workers import RayWorkers

        check_runs_elsewhere(config)
        team = RayWorkers(job, workers, stop, cluster)
    relay = RunRelay(store, listener, job["data"]["path"])
    outcome: dict[str, Any] = {}
    with team:
        for line in team.chief_lines():
            kind, *payload = _decode(line)
            if kind == "result":
                outcome = payload[0]
            else:
                relay.handle((kind, *payload))
    if not outcome or (outcome["status"] == "failed" and team.lost):  # the chief's own error would only echo the loss
        detail = outcome.get("message") or team.chief_log_line
        message = f"The workers ended before the run did ({team.exits}){': ' + detail[:300] if detail else ''}."
        relay.fail(message)
        return RunResult("failed", message, config, split.class_names, history=relay.history,
                         timing={"total_s": relay.elapsed_s()}, run_id=relay.run_id, group_id=group_id, split=split,
                         probes=list(probes), probe_history=relay.probe_history)
    team.remove()
    return RunResult(outcome["status"], outcome["message"], config, split.class_names, history=outcome["history"],
                     test=outcome["test"], timing=outcome["timing"], run_id=relay.run_id, group_id=group_id,
                     model_path=relay.model_path, split=split, baseline=outcome["baseline"], probes=list(probes),
                     probe_history=outcome["probe_history"], augmentation=outcome["augmentation"])


class Workers:
    """The worker processes of one run, wherever they are: started on entering, all ended on leaving.

    ``chief_lines`` yields the chief's message lines until it ends (or until a worker dies: the
    others are ended then, as they would wait for it forever). After leaving, ``lost`` says whether
    another worker than the chief failed, ``exits`` how each ended and ``chief_log_line`` the last
    line the chief wrote to its log.
    """

    lost = False
    exits = ""
    chief_log_line = ""

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end()

    def chief_lines(self) -> Iterator[bytes]:
        raise NotImplementedError

    def end(self) -> None:
        raise NotImplementedError

    def remove(self) -> None:
        """Delete what the workers left on disk (kept after a failure, to read their logs)."""


class LocalWorkers(Workers):
    """Worker processes on this computer; their TF_CONFIG lists free ports of 127.0.0.1."""

    def __init__(self, job: dict, workers: int, stop: threading.Event):
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-workers-"))
        (self.folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
        self.tf_config = {"cluster": {"worker": [f"127.0.0.1:{_free_port()}" for _ in range(workers)]}}
        self.processes = [start_worker(self.folder, self.tf_config, index) for index in range(workers)]
        self.ended = threading.Event()
        threading.Thread(target=_watch, args=(self.processes, stop, self.ended), name="workbench-workers",
                         daemon=True).start()

    def chief_lines(self) -> Iterator[bytes]:
        yield from self.processes[0].stdout

    def end(self) -> None:
        self.ended.set()
        for process in self.processes:
            try:
                process.wait(timeout=10)  # the chief has finished: the others are leaving too
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.lost = any(process.returncode not in (0, None) for process in self.processes[1:])
        self.exits = "; ".join(f"worker {i} {describe_exit(p.returncode)}" for i, p in enumerate(self.processes))
        self.chief_log_line = last_log_line(self.folder / "worker-0.log")

    def remove(self) -> None:
        _remove(self.folder)


def describe_distribution(config: ExperimentConfig, workers: int, cluster: str | None = None) -> str:
    """The settings as the user set them, and what each worker does with them, in one line."""
    share = config.batch_size / workers
    each = f"{share:g}" if share >= 1 else "fewer than 1"
    where = f"Ray workers at {cluster}" if cluster else "worker processes"
    return (f"{workers} {where} (tf.distribute, data parallel): global batch {config.batch_size} "
            f"({each} per worker per step), learning rate {config.learning_rate:g}, as set")


def _job(config: ExperimentConfig, data: Dataset | Split, probes: Sequence[str], group_id: int | None) -> dict:
    """What every worker needs to make the same run: the file, its columns, the split's settings."""
    if config.model == "lookup":
        raise ConfigError("The lookup table is not trained step by step, so it cannot be spread over workers; "
                          "choose another model or drop --workers.")
    if isinstance(data, Split):
        if set(data.settings) != set(SPLIT_KEYS) or data.source is None:
            raise ConfigError("Separate validation or test files cannot be used with several workers yet; "
                              "give one file and let the workbench split it.")
        source, settings = data.source, dict(data.settings)
    else:
        source = data.summary
        settings = {"validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction,
                    "seed": config.seed}
    return {"config": config.to_dict(), "probes": list(probes), "group_id": group_id, "split": settings,
            "data": {"path": source.path, "text_column": source.text_column, "label_column": source.label_column,
                     "fingerprint": source.fingerprint}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_worker(folder: Path, tf_config: dict, index: int) -> subprocess.Popen:
    """Worker ``index`` of the cluster ``tf_config`` lists, on the job in ``folder``; the chief's messages on its stdout."""
    env = {**os.environ, "TF_CONFIG": json.dumps({**tf_config, "task": {"type": "worker", "index": index}})}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with open(folder / f"worker-{index}.log", "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "workbench.core.distributed", str(folder / "job.json")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE if index == 0 else subprocess.DEVNULL,
                                stderr=log, env=env)


def last_log_line(path: Path) -> str:
    lines = path.read_text(errors="replace").strip().splitlines() if path.exists() else []
    return lines[-1] if lines else ""


def _watch(processes: list[subprocess.Popen], stop: threading.Event, ended: threading.Event) -> None:
    """Pass Stop on to every worker; if one dies, end them all (the others would wait for it forever)."""
    told = False
    while not ended.wait(0.2):
        if stop.is_set() and not told:
            told = True
            for process in processes:
                try:
                    process.stdin.write(b"stop\n")
                    process.stdin.flush()
                except OSError:
                    pass
        if any(process.poll() not in (None, 0) for process in processes):
            for process in processes:
                if process.poll() is None:
                    process.kill()
            return


def describe_exit(code: int | None) -> str:
    if code is None:
        return "was still running"
    if code < 0:
        return f"was ended by signal {-code}"
    return f"exited with status {code}"


def _remove(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


# --- the messages between the chief and this process ---------------------------------------------


def _encode(message: tuple) -> bytes:
    from workbench.engine import protocol

    kind, *payload = message
    if kind == "event":
        payload = [protocol.event_message(None, payload[0])]
    elif kind == "finish_run":
        payload[-1] = {name: base64.b64encode(content).decode("ascii") for name, content in payload[-1].items()}
    return protocol.encode({"type": kind, "payload": payload})


def _decode(line: bytes) -> tuple:
    from workbench.engine import protocol

    message = protocol.decode(line)
    payload = message["payload"]
    if message["type"] == "event":
        payload = [protocol.event_from_message(payload[0])]
    elif message["type"] == "finish_run":
        payload[-1] = {name: base64.b64decode(text) for name, text in payload[-1].items()}
    return (message["type"], *payload)


# --- a worker ------------------------------------------------------------------------------------


class CollectiveStop:
    """The stop flag of a distributed run, the same on every worker.

    Each worker votes with its own flag (set by the Stop line on its stdin) inside every training
    step, in the all-reduce that already counts the batch; ``is_set`` is the outcome of the last
    step. A worker that stopped alone would leave the others waiting in the next step forever.
    """

    def __init__(self) -> None:
        self.local = threading.Event()
        self.agreed = False

    def set(self) -> None:
        self.local.set()

    def is_set(self) -> bool:
        return self.agreed


def fit_distributed(model, strategy, stop: CollectiveStop, x, validation_data, epochs: int, callbacks: list,
                    class_weight: dict[int, float] | None = None, **_ignored: Any) -> None:
    """``model.fit`` for MultiWorkerMirroredStrategy: the same logs and callbacks, each batch split between workers.

    The loss is the mean over the global batch plus the regularization penalty, as Keras computes it;
    accuracy is weighted by the class weights, as Keras weights its metrics.
    """
    import keras
    import tensorflow as tf

    options = tf.data.Options()  # in-memory arrays: every worker reads all, keeps its share of each batch
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    train_data = strategy.experimental_distribute_dataset(x.with_options(options))
    val_data = strategy.experimental_distribute_dataset(validation_data.with_options(options))
    classes = int(model.outputs[0].shape[-1])
    weights = tf.constant([float((class_weight or {}).get(c, 1.0)) for c in range(classes)])
    per_example = keras.losses.SparseCategoricalCrossentropy(reduction=None)

    def sums(y, probabilities, w):
        """This replica's [weighted loss sum, weighted correct, weight sum, count]."""
        correct = tf.cast(tf.equal(tf.argmax(probabilities, -1, output_type=tf.int32), tf.cast(y, tf.int32)),
                          tf.float32)
        return tf.stack([tf.reduce_sum(per_example(y, probabilities) * w), tf.reduce_sum(correct * w),
                         tf.reduce_sum(w), tf.cast(tf.shape(y)[0], tf.float32)])

    def penalty():
        return tf.add_n(model.losses) if model.losses else tf.constant(0.0)

    def train_replica(x_batch, y_batch, vote):
        context = tf.distribute.get_replica_context()
        w = tf.gather(weights, tf.cast(y_batch, tf.int32))
        count, votes = tf.unstack(context.all_reduce(  # the global batch's size, and who wants to stop
            tf.distribute.ReduceOp.SUM, tf.stack([tf.cast(tf.shape(y_batch)[0], tf.float32), vote])))
        with tf.GradientTape() as tape:
            probabilities = model(x_batch, training=True)
            loss = (tf.reduce_sum(per_example(y_batch, probabilities) * w) / count
                    + penalty() / context.num_replicas_in_sync)
        gradients = tape.gradient(loss, model.trainable_variables)
        model.optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        totals = sums(y_batch, probabilities, w) + tf.stack(
            [penalty() * tf.cast(tf.shape(y_batch)[0], tf.float32), 0.0, 0.0, 0.0])
        return totals, votes

    def val_replica(x_batch, y_batch):
        probabilities = model(x_batch, training=False)
        ones = tf.ones_like(tf.cast(y_batch, tf.float32))
        return sums(y_batch, probabilities, ones) + tf.stack(
            [penalty() * tf.cast(tf.shape(y_batch)[0], tf.float32), 0.0, 0.0, 0.0])

    @tf.function
    def train_step(batch, vote):
        totals, votes = strategy.run(train_replica, args=(*batch, vote))
        return (strategy.reduce(tf.distribute.ReduceOp.SUM, totals, axis=None),
                strategy.experimental_local_results(votes)[0])

    @tf.function
    def val_step(batch):
        return strategy.reduce(tf.distribute.ReduceOp.SUM, strategy.run(val_replica, args=batch), axis=None)

    def logs(totals: np.ndarray, prefix: str = "") -> dict[str, float]:
        loss_sum, correct, weight, count = totals
        return {f"{prefix}loss": loss_sum / max(count, 1.0), f"{prefix}accuracy": correct / max(weight, 1e-12)}

    callback_list = keras.callbacks.CallbackList(callbacks, model=model, epochs=epochs)
    model.stop_training = False
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        totals = np.zeros(4)
        for step, batch in enumerate(train_data):
            step_totals, votes = train_step(batch, tf.constant(1.0 if stop.local.is_set() else 0.0))
            totals += step_totals.numpy()
            stop.agreed = stop.agreed or float(votes) > 0
            callback_list.on_train_batch_end(step, logs(totals))
            if model.stop_training:
                break
        val_totals = np.zeros(4)
        for batch in val_data:
            val_totals += val_step(batch).numpy()
        callback_list.on_epoch_end(epoch, {**logs(totals), **logs(val_totals, "val_")})
        if model.stop_training:
            break
    callback_list.on_train_end()


def _worker_main(job_path: str) -> int:
    """One worker process: TF_CONFIG says which; the chief writes the run's messages to stdout."""
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    output = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything printed goes to the log, not the messages
    sys.stdout = sys.stderr
    import tensorflow as tf

    strategy = tf.distribute.MultiWorkerMirroredStrategy()  # before any other TensorFlow op
    chief = json.loads(os.environ["TF_CONFIG"])["task"]["index"] == 0
    stop = CollectiveStop()

    def read_stop() -> None:
        for line in sys.stdin.buffer:
            if line.strip() == b"stop":
                stop.set()
        os._exit(3)  # stdin closed: the process that started this run is gone, and nobody would record it

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in the terminal is for the driver, which says Stop

    threading.Thread(target=read_stop, name="workbench-stop", daemon=True).start()
    lock = threading.Lock()

    def send(message: tuple) -> None:
        if chief:
            with lock:
                output.write(_encode(message))
                output.flush()

    from workbench.core.training import train

    data = job["data"]
    dataset = load_dataset(data["path"], data["text_column"], data["label_column"])
    if dataset.summary.fingerprint != data["fingerprint"]:
        raise WorkbenchError(f"{Path(data['path']).name} has changed on disk since the run was started.")
    split = split_dataset(dataset, **job["split"])
    result = train(ExperimentConfig.from_dict(job["config"]), split, listener=forward_events(send),
                   stop=stop, store=ForwardingStore(send) if chief else None,
                   probes=job["probes"], group_id=job["group_id"], strategy=strategy)
    send(("result", {"status": result.status, "message": result.message, "history": result.history,
                     "test": result.test, "timing": result.timing, "baseline": result.baseline,
                     "probe_history": result.probe_history, "augmentation": result.augmentation}))
    output.close()
    # TensorFlow's collective threads can hold up a normal exit; everything is sent.
    os._exit(0)


if __name__ == "__main__":
    _worker_main(sys.argv[1])
