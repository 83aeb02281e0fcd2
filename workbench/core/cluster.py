"""Many runs at once on a Ray cluster: each trial (a config and its split) is one Ray task.

Each task runs ``core.training.train``, the code of a local run. Its store writes and events come
back through a small Ray actor (the "bus") that this process drains, and a ``RunRelay`` replays them
on the local RunStore as they happen, so the window's curves grow live as for a local run.

Same results as a local sweep: the workers get the data file itself and make each trial's split with
the same function, fractions and seed (a digest checks that it is the same split), then train with
the same seed. The file travels once, by content hash, into Ray's object store, however many trials
use it; each worker process reads it once.

What the cluster can read: the data file (and a separate validation or test file, if given), each
trial's settings and probe sentences. It sends back metrics and the trained model. The cluster is
only contacted at the address the user gives. Ray is optional: ``pip install -e ".[cluster]"``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.data import Dataset, Split, load_dataset
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import BatchProgress, Listener, TrialEvent
from workbench.core.relay import ForwardingStore, RunRelay
from workbench.core.reopen import split_from_settings
from workbench.core.training import RunResult

INSTALL_HINT = ('Running on a cluster needs Ray, which is not installed: install it with '
                'pip install -e ".[cluster]" (or pip install "workbench[cluster]").')
DEFAULT_RETRIES = 1  # a trial whose worker dies starts once more on another worker
POLL_SECONDS = 0.2  # how often the bus is drained: the delay of live curves
STOP_POLL_SECONDS = 0.5  # how often a worker asks whether the user pressed Stop
BATCH_EVENTS_PER_SECOND = 1  # progress per trial sent over the network (epochs are always sent)
# Packages whose versions must match between this computer and the cluster for equal results.
MATCHED_PACKAGES = ("workbench", "tensorflow", "keras", "numpy", "pandas")


@dataclass(frozen=True)
class Trial:
    """One run to train: its settings and the rows it trains and is scored on."""

    config: ExperimentConfig
    split: Split
    probes: tuple[str, ...] = ()
    group_id: int | None = None


# --- the address --------------------------------------------------------------------------------


def ray_installed() -> bool:
    return importlib.util.find_spec("ray") is not None


def cluster_address_problem(address: str, reach: bool = True, timeout: float = 3.0) -> str | None:
    """What is wrong with a cluster address, in one sentence; None when it can be used.

    ``HOST:PORT`` is the head node's Ray port (``ray start --head`` prints it, 6379 by default);
    ``ray://HOST:PORT`` goes through the Ray Client server (port 10001). With ``reach``, this opens
    one TCP connection to that address, and to nothing else, to see whether anything answers.
    """
    if not ray_installed():
        return INSTALL_HINT
    text = address.strip()
    if not text:
        return "Give the cluster's address as HOST:PORT (its head node, e.g. 10.0.0.5:6379) or ray://HOST:10001."
    scheme, _, rest = text.rpartition("://")
    if scheme not in ("", "ray"):
        return f"{text!r} is not a Ray address; give HOST:PORT (e.g. 10.0.0.5:6379) or ray://HOST:10001."
    host, colon, port = rest.rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"{text!r} needs a host and a port, e.g. {rest or '10.0.0.5'}:6379."
    if reach:
        try:
            socket.create_connection((host, int(port)), timeout=timeout).close()
        except OSError:
            return (f"Nothing answers at {host}:{port}; start the cluster's head there with "
                    f"`ray start --head --port={port}`, or check the address.")
    return None


@contextmanager
def connected(address: str) -> Iterator[Any]:
    """This process joined to the cluster at ``address`` (and left again afterwards); yields the ray module."""
    problem = cluster_address_problem(address)
    if problem:
        raise WorkbenchError(problem)
    host = address.strip().rpartition("://")[2].rpartition(":")[0].strip("[]")
    local = {}
    if host in ("127.0.0.1", "localhost"):
        # A cluster on this computer's loopback (local_ray): join it there, and listen nowhere else.
        # Ray reads this when it is imported; without it, it swaps 127.0.0.1 for the machine's address.
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
        local = {"_node_ip_address": "127.0.0.1"}
    if "RAY_AUTH_MODE" not in os.environ and ray_token_available(os.environ, Path.home()):
        # Clusters started with `ray start` (Ray 2.59 and later) require their token; a client sends it
        # only in token mode, and otherwise fails with a bare "Failed to connect".
        os.environ["RAY_AUTH_MODE"] = "token"
    import ray

    joined_here = not ray.is_initialized()
    if joined_here:
        try:
            ray.init(address=address.strip(), log_to_driver=False, logging_level="ERROR",
                     namespace="workbench", **local)
        except Exception as exc:  # Ray says "version mismatch", "authentication failed"... in many types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise WorkbenchError(
                f"Cannot join the Ray cluster at {address} ({first[:200]}); check the address `ray start` printed, "
                f"that the cluster runs Ray {ray.__version__} with this computer's Python version, and that this "
                "computer has the cluster's token (`ray get-auth-token` on the head, then RAY_AUTH_TOKEN here)."
            ) from None
    try:
        _check_versions(ray)
        yield ray
    finally:
        if joined_here:
            ray.shutdown()


def ray_token_available(environ: Mapping[str, str], home: Path) -> bool:
    """Whether Ray would find an authentication token here: in the environment or in its default file."""
    return bool(environ.get("RAY_AUTH_TOKEN") or environ.get("RAY_AUTH_TOKEN_PATH")
                or (home / ".ray" / "auth_token").is_file())


def _check_versions(ray) -> None:
    try:
        theirs = ray.get(remote_functions(ray)["versions"].remote(), timeout=120)
    except Exception as exc:
        raise WorkbenchError(f"The cluster's workers cannot run the workbench ({type(exc).__name__}); install "
                             "the same workbench there (pip install \"workbench[cluster]\").") from None
    ours = _versions()
    for name in MATCHED_PACKAGES:
        if theirs.get(name) != ours.get(name):
            raise WorkbenchError(f"The cluster has {name} {theirs.get(name) or '(none)'} and this computer "
                                 f"{ours.get(name) or '(none)'}; install the same version on both so that "
                                 "their runs can be compared.")


def _versions() -> dict[str, str | None]:
    found = {}
    for name in MATCHED_PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def check_runs_elsewhere(config: ExperimentConfig) -> None:
    """Refuse what a worker on another computer (or process) cannot reach: a stored run or a vectors file here."""
    if config.init_from and SPECS["init_from"].applies(config):
        raise ConfigError("A run started from a stored run trains on this computer only; leave out init_from "
                          "(--init-from) to train it elsewhere.")
    if config.embeddings and SPECS["embeddings"].applies(config):
        raise ConfigError("Word vectors are read from a file on this computer; leave out embeddings "
                          "(--embeddings) to train on a cluster.")


# --- the driver ---------------------------------------------------------------------------------


def run_trials_on_cluster(
    trials: Sequence[Trial],
    address: str,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    on_trial_start: Callable[[int, int, ExperimentConfig], None] | None = None,
    on_trial_done: Callable[[int, int, RunResult], None] | None = None,
    retries: int = DEFAULT_RETRIES,
) -> list[RunResult]:
    """Train every trial as a task on the Ray cluster at ``address``; one RunResult per trial that ran.

    Trials run as the cluster has room, several at once. ``listener`` gets each trial's events as
    ``TrialEvent``s; ``on_trial_start(index, total, config)`` and ``on_trial_done(index, total, result)``
    are called as trials begin on a worker and end (index from 1). With a ``store`` every run is
    saved as it trains, as by ``train``. A trial whose worker dies is started again up to ``retries``
    times, each attempt a run of its own (the earlier ones kept, as interrupted), then counted failed.
    ``stop`` stops the trials in flight after their batch (saved as stopped) and skips those not begun.
    Results are in the order of ``trials``.
    """
    trials = list(trials)
    for trial in trials:
        check_runs_elsewhere(trial.config)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    with connected(address) as ray:
        remote = remote_functions(ray)
        bus = remote["bus"].remote()
        shipper = Shipper(ray)
        relays: dict[int, RunRelay] = {}
        workers: dict[int, str] = {}
        pending: dict[Any, int] = {}
        total = len(trials)
        for index, trial in enumerate(trials, start=1):
            job = {"config": trial.config.to_dict(), "probes": list(trial.probes), "group_id": trial.group_id,
                   **shipper.job(trial.split)}
            relays[index] = _TrialRelay(index, total, store, listener, workers, trial.split)
            ref = remote["trial"].options(max_retries=retries, retry_exceptions=False).remote(index, job, bus)
            pending[ref] = index
        results: dict[int, RunResult] = {}
        started: set[int] = set()
        stop_sent = False

        def drain() -> None:
            for index, where, message in ray.get(bus.drain.remote()):
                if message[0] == "start":
                    workers[index] = where
                    if index not in started:
                        started.add(index)
                        if on_trial_start is not None:
                            on_trial_start(index, total, trials[index - 1].config)
                elif message[0] != "flush":
                    relays[index].handle(message)

        while pending:
            if stop.is_set() and not stop_sent:
                ray.get(bus.stop.remote())
                stop_sent = True
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL_SECONDS)
            drain()
            for ref in ready:
                index = pending.pop(ref)
                result = _collect(ray, ref, trials[index - 1], relays[index], retries)
                if result is None:  # skipped after a stop
                    continue
                results[index] = result
                if on_trial_done is not None:
                    on_trial_done(index, total, result)
    return [results[index] for index in sorted(results)]


class _TrialRelay(RunRelay):
    """A RunRelay whose events reach the listener wrapped in a TrialEvent."""

    def __init__(self, index: int, total: int, store, listener: Listener, workers: dict[int, str], split: Split):
        def wrap(event: Any) -> None:
            listener(TrialEvent(index, total, self.run_id, type(event).__name__, dataclasses.asdict(event),
                                workers.get(index, "")))

        super().__init__(store, wrap, split.source.path if split.source is not None else None)


def _collect(ray, ref, trial: Trial, relay: RunRelay, retries: int) -> RunResult | None:
    """The trial's RunResult from its task's return value, or from its failure."""
    try:
        outcome = ray.get(ref)
    except Exception as exc:  # the worker died more often than retried, or the task itself broke
        tries = f" (tried {relay.attempts} times)" if relay.attempts > 1 else ""
        message = (f"The Ray worker training it died after epoch {len(relay.history)}{tries}; the epochs it "
                   f"finished are kept." if isinstance(exc, ray.exceptions.RayError)
                   and not isinstance(exc, ray.exceptions.RayTaskError)
                   else f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:300]}")
        relay.fail(message)
        return RunResult("failed", message, trial.config, trial.split.class_names, history=list(relay.history),
                         timing={"total_s": relay.elapsed_s()}, run_id=relay.run_id, group_id=trial.group_id,
                         split=trial.split, probes=list(trial.probes), probe_history=list(relay.probe_history))
    if outcome is None:
        return None
    return RunResult(outcome["status"], outcome["message"], trial.config, trial.split.class_names,
                     history=outcome["history"], test=outcome["test"], timing=outcome["timing"],
                     run_id=relay.run_id, group_id=trial.group_id, model_path=relay.model_path, split=trial.split,
                     baseline=outcome["baseline"], probes=list(trial.probes),
                     probe_history=outcome["probe_history"], augmentation=outcome["augmentation"])


class Shipper:
    """Puts each data file into the object store once, by content hash, and says how to remake each split."""

    def __init__(self, ray):
        self._ray = ray
        self._files: dict[str, Any] = {}
        self._objects: dict[int, Any] = {}

    def job(self, split: Split) -> dict[str, Any]:
        source = split.source
        if source is not None and split.settings:  # made from the file alone (core.reopen.split_from_settings)
            return {"data": self.data(source.path, source.fingerprint, source.text_column, source.label_column),
                    "split": {"settings": dict(split.settings), "digest": split_digest(split)}}
        # Rows that cannot be made again from one file (a separate validation or test file): the split
        # itself travels, once however many trials share it.
        if id(split) not in self._objects:
            self._objects[id(split)] = self._ray.put(split)
        return {"data": None, "split": {"object": [self._objects[id(split)]]}}

    def data(self, path: str, fingerprint: str, text_column: str, label_column: str) -> dict[str, Any]:
        """A data file as a worker finds it (``worker_file``): its content in the object store, put once."""
        return {"fingerprint": fingerprint, "ref": [self._file(path, fingerprint)], "suffix": Path(path).suffix,
                "text_column": text_column, "label_column": label_column}

    def _file(self, path: str, fingerprint: str):
        if fingerprint not in self._files:
            try:
                raw = Path(path).read_bytes()
            except OSError as exc:
                raise WorkbenchError(f"Cannot read {path} to send it to the cluster ({exc.strerror}).") from None
            if hashlib.sha256(raw).hexdigest() != fingerprint:
                raise WorkbenchError(f"{Path(path).name} has changed on disk since it was read; open it again "
                                     "before sending it to the cluster.")
            self._files[fingerprint] = self._ray.put(raw)
        return self._files[fingerprint]


def split_digest(split: Split) -> str:
    """A hash of a split's rows, part by part: equal digests, equal splits."""
    digest = hashlib.sha256()
    for part in (split.train, split.validation, split.test):
        for column in ("text", "label"):
            digest.update("\x1f".join(part[column].tolist()).encode("utf-8"))
            digest.update(b"\x1e")
    return digest.hexdigest()


# --- the workers --------------------------------------------------------------------------------

_DATASETS: dict[tuple[str, str, str], Dataset] = {}  # in each worker process: files read so far
_SPLITS: dict[tuple, Split] = {}


@lru_cache(maxsize=1)
def remote_functions(ray) -> dict[str, Any]:
    """The Ray task and actor, made on first use so that importing this module never needs Ray."""

    @ray.remote(num_cpus=0)
    class Bus:
        """Messages from the workers to the driver, and the driver's Stop to the workers."""

        def __init__(self):
            self.messages: list = []
            self.stopped = False

        def put(self, message) -> bool:
            self.messages.append(message)
            return self.stopped

        def drain(self) -> list:
            messages, self.messages = self.messages, []
            return messages

        def stop(self) -> None:
            self.stopped = True

        def is_stopped(self) -> bool:
            return self.stopped

    @ray.remote(num_cpus=1)
    def trial(index: int, job: dict[str, Any], bus) -> dict[str, Any] | None:
        return _run_trial(index, job, bus)

    @ray.remote(num_cpus=0)
    def versions() -> dict[str, str | None]:
        return _versions()

    return {"bus": Bus, "trial": trial, "versions": versions}


def _run_trial(index: int, job: dict[str, Any], bus) -> dict[str, Any] | None:
    """On a worker: train one trial and send its store writes and events to the bus as they happen."""
    import ray

    from workbench.core.training import train

    where = f"{ray.util.get_node_ip_address()} pid {os.getpid()}"

    def send(message: tuple) -> None:
        bus.put.remote((index, where, message))

    stop = threading.Event()
    if ray.get(bus.is_stopped.remote()):
        return None
    send(("start",))
    done = threading.Event()

    def watch_stop() -> None:
        while not done.wait(STOP_POLL_SECONDS):
            if ray.get(bus.is_stopped.remote()):
                stop.set()
                return

    watcher = threading.Thread(target=watch_stop, name="workbench-stop", daemon=True)
    watcher.start()
    last_progress = [0.0]

    def listener(event: Any) -> None:
        if isinstance(event, BatchProgress):
            now = time.monotonic()
            if now - last_progress[0] < 1.0 / BATCH_EVENTS_PER_SECOND and event.step != event.steps:
                return
            last_progress[0] = now
        send(("event", event))

    try:
        split = _worker_split(job)
        result = train(ExperimentConfig.from_dict(job["config"]), split, listener=listener, stop=stop,
                       store=ForwardingStore(send), probes=job["probes"], group_id=job["group_id"])
    finally:
        done.set()
    ray.get(bus.put.remote((index, where, ("flush",))))  # awaited: every message above has arrived
    return {"status": result.status, "message": result.message, "history": result.history, "test": result.test,
            "timing": result.timing, "baseline": result.baseline, "probe_history": result.probe_history,
            "augmentation": result.augmentation}


def _worker_split(job: dict[str, Any]) -> Split:
    import ray

    spec = job["split"]
    if "object" in spec:
        return ray.get(spec["object"][0])
    data = job["data"]
    key = (data["fingerprint"], data["text_column"], data["label_column"])
    if key not in _DATASETS:
        _DATASETS[key] = load_dataset(worker_file(data), data["text_column"], data["label_column"])
    split_key = (*key, tuple(sorted(spec["settings"].items())))
    if split_key not in _SPLITS:
        split = split_from_settings(_DATASETS[key], spec["settings"])
        if split_digest(split) != spec["digest"]:
            raise WorkbenchError("This worker made a different split from the same file and seed; install the "
                                 "same numpy and pandas versions on the cluster as on the computer that sends runs.")
        _SPLITS[split_key] = split
    return _SPLITS[split_key]


def worker_file(data: dict[str, Any]) -> Path:
    """On a worker: the data file (``Shipper.data``) on this node's disk, fetched once per node."""
    import ray

    folder = Path(tempfile.gettempdir()) / "workbench-cluster"
    folder.mkdir(exist_ok=True)
    path = folder / f"{data['fingerprint']}{data['suffix']}"
    if not path.exists():
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(ray.get(data["ref"][0]))
        part.replace(path)  # atomic: other workers on this node read a whole file or none
    return path
