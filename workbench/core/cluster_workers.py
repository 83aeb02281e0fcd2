"""One run across several workers of a Ray cluster: ``train_distributed(..., cluster=ADDRESS)``.

The workers are those of ``core.distributed`` (the same job, worker loop and messages); only where
they run differs. Each is a Ray actor holding one CPU, on different nodes where the cluster has
them (a placement group with the SPREAD strategy). Each actor picks a free port on its own node and
says where it is; from those addresses this process makes TF_CONFIG, and each actor starts its
worker as a process of its own (TensorFlow must start afresh in it, which a reused Ray worker
cannot promise). The data file travels once, by content hash, as for trials (``cluster.Shipper``).

The chief's actor reads its worker's message lines and puts them, a few at a time, on the bus
that trials use; this process drains the bus and replays the lines as a local run does. Stop
goes to the bus, and every actor passes it to its worker's stdin, where ``CollectiveStop`` makes
all agree on the step. A worker that fails or whose node is lost ends every actor; its processes
see their stdin close and leave. TensorFlow listens on each chosen port on every interface of
its node, for the length of the run.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from functools import lru_cache
from pathlib import Path

from workbench.core.cluster import POLL_SECONDS, Shipper, connected, remote_functions, worker_file
from workbench.core.distributed import Workers, describe_exit, last_log_line, start_worker
from workbench.core.errors import WorkbenchError

ROOM_TIMEOUT_S = 120  # how long to wait for the cluster to have a CPU free for every worker at once
START_TIMEOUT_S = 180  # how long the actors may take to start (a new Ray worker process imports the workbench)
END_TIMEOUT_S = 10  # how long the other workers may take to leave once the chief has finished


class RayWorkers(Workers):
    """The workers of one run as Ray actors on the cluster at ``address``."""

    def __init__(self, job: dict, workers: int, stop: threading.Event, address: str):
        self.job, self.count, self.stop, self.address = job, workers, stop, address
        self.ended: dict[int, tuple[bool, str, str]] = {}  # worker -> (ended well, how, its log's last line)
        self._stack = ExitStack()

    def __enter__(self) -> RayWorkers:
        try:
            self._start(self._stack.enter_context(connected(self.address)))
        except BaseException:
            self._stack.close()
            raise
        return self

    def _start(self, ray) -> None:
        from ray.util.placement_group import placement_group, remove_placement_group
        from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

        self.ray = ray
        cpus = ray.cluster_resources().get("CPU", 0)
        if cpus < self.count:
            raise WorkbenchError(f"The cluster has {cpus:g} CPUs and each worker needs one; ask for at most "
                                 f"{int(cpus)} workers.")
        group = placement_group([{"CPU": 1}] * self.count, strategy="SPREAD")
        self._stack.callback(remove_placement_group, group)  # which ends the actors placed in it
        deadline, ready = time.monotonic() + ROOM_TIMEOUT_S, group.ready()
        while not ray.wait([ready], timeout=POLL_SECONDS)[0]:
            if self.stop.is_set():
                raise WorkbenchError("Stopped before the cluster had a CPU free for every worker; nothing was "
                                     "trained.")
            if time.monotonic() > deadline:
                raise WorkbenchError(f"The cluster had no {self.count} CPUs free at once within {ROOM_TIMEOUT_S} s; "
                                     "try again when its other work has finished, or ask for fewer workers.")
        host = _host_actor(ray)
        self.hosts = [host.options(num_cpus=1, scheduling_strategy=PlacementGroupSchedulingStrategy(group, index))
                      .remote() for index in range(self.count)]
        try:
            self.where = ray.get([actor.address.remote() for actor in self.hosts], timeout=START_TIMEOUT_S)
        except ray.exceptions.GetTimeoutError:
            raise WorkbenchError(f"The cluster's workers did not start within {START_TIMEOUT_S} s.") from None
        tf_config = {"cluster": {"worker": [f"{ip}:{port}" for ip, port in self.where]}}
        data = self.job["data"]
        shipped = Shipper(ray).data(data["path"], data["fingerprint"], data["text_column"], data["label_column"])
        self.bus = remote_functions(ray)["bus"].remote()
        self.runs = [actor.run.remote(index, tf_config, self.job, shipped, self.bus)
                     for index, actor in enumerate(self.hosts)]

    def chief_lines(self) -> Iterator[bytes]:
        """The chief's lines as they come; until the chief ends, or until any worker fails."""
        ray, told = self.ray, False
        while True:
            if self.stop.is_set() and not told:
                ray.get(self.bus.stop.remote())
                told = True
            running = [ref for index, ref in enumerate(self.runs) if index not in self.ended]
            ready, _ = ray.wait(running, num_returns=len(running), timeout=POLL_SECONDS)
            for lines in ray.get(self.bus.drain.remote()):  # after the wait: all a finished chief sent
                yield from lines
            for ref in ready:
                self.ended[self.runs.index(ref)] = self._outcome(ref)
            if 0 in self.ended or not all(well for well, _how, _log in self.ended.values()):
                return

    def _outcome(self, ref) -> tuple[bool, str, str]:
        ray = self.ray
        try:
            code, log = ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            return False, f"failed ({str(exc).strip().splitlines()[-1][:200]})", ""
        except ray.exceptions.RayError as exc:  # its actor or its node died
            return False, f"was lost with its Ray worker ({type(exc).__name__})", ""
        return code == 0, describe_exit(code), log

    def end(self) -> None:
        waiting = [ref for index, ref in enumerate(self.runs) if index not in self.ended]
        if waiting and all(well for well, _how, _log in self.ended.values()):
            ready, _ = self.ray.wait(waiting, num_returns=len(waiting), timeout=END_TIMEOUT_S)
            for ref in ready:
                self.ended[self.runs.index(ref)] = self._outcome(ref)
        self.lost = any(not self.ended.get(index, (False,))[0] for index in range(1, self.count))
        self.exits = "; ".join(
            f"worker {index} on {self.where[index][0]} {self.ended.get(index, (False, 'was ended', ''))[1]}"
            for index in range(self.count))
        self.chief_log_line = self.ended.get(0, (False, "", ""))[2]
        self._stack.close()  # ends every actor (their workers see stdin close and leave) and frees the CPUs


@lru_cache(maxsize=1)
def _host_actor(ray):
    """The actor class, made on first use so that importing this module never needs Ray."""

    @ray.remote
    class Host:
        """Where one worker runs: a node's address and a free port on it, then the worker itself."""

        def address(self) -> tuple[str, int]:
            node = ray.util.get_node_ip_address()
            with socket.socket() as s:
                s.bind((node, 0))
                return node, s.getsockname()[1]

        def run(self, index: int, tf_config: dict, job: dict, data: dict, bus) -> tuple[int, str]:
            return _run_worker(index, tf_config, job, data, bus)

    return Host


def _run_worker(index: int, tf_config: dict, job: dict, data: dict, bus) -> tuple[int, str]:
    """In an actor: run worker ``index`` to its end, pass Stop on, and (the chief) send its lines to the bus.

    Returns the worker's exit status and its log's last line.
    """
    import ray

    folder = Path(tempfile.mkdtemp(prefix="workbench-workers-"))
    job = {**job, "data": {**job["data"], "path": str(worker_file(data))}}
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    process = start_worker(folder, tf_config, index)
    lines: list[bytes] = []
    lock = threading.Lock()

    def read() -> None:
        for line in process.stdout:
            with lock:
                lines.append(line)

    reader = threading.Thread(target=read, name="workbench-chief", daemon=True)
    if index == 0:
        reader.start()
    told = False
    try:
        while True:
            finished = process.poll() is not None and not reader.is_alive()
            with lock:
                batch = lines[:]
                lines.clear()
            # Awaited, so that the lines arrive in order and all have arrived when this returns.
            stopped = ray.get(bus.put.remote(batch) if batch else bus.is_stopped.remote())
            if stopped and not told:
                told = True
                try:
                    process.stdin.write(b"stop\n")
                    process.stdin.flush()
                except OSError:
                    pass
            if finished:
                return process.returncode, last_log_line(folder / f"worker-{index}.log")
            time.sleep(POLL_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)
