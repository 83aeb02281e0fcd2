"""A Ray cluster on this computer alone: to try ``--cluster`` without a cluster, for the tests and the benchmark.

It is ``ray start --head`` with everything on 127.0.0.1: Ray binds its servers to the node's
address, and ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` keeps that address on the loopback interface
(it also refuses other machines as nodes, which is the point). Its processes form one process
group in a session of their own, so that ``stop`` ends all of them and nothing else. Ray's token
authentication is on, with a token made here and known to this process only.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbench.core.errors import WorkbenchError

STARTED_LINE = "Ray runtime started"
ENVIRON = ("RAY_AUTH_TOKEN", "RAY_AUTH_MODE", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")  # set while the cluster runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRayCluster:
    """``with LocalRayCluster(cpus=2) as cluster: run_trials_on_cluster(..., cluster.address)``"""

    def __init__(self, cpus: int = 1):
        self.cpus = cpus
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self._folder = Path(tempfile.mkdtemp(prefix="wb-ray-"))  # short: Ray's socket paths must stay short
        self._process: subprocess.Popen | None = None
        self._environ_before: dict[str, str | None] = {}

    def start(self, timeout: float = 180.0) -> LocalRayCluster:
        # This process (and its children) join with the same token and stay on loopback too: Ray reads
        # both from the environment, the second when it is imported. ``stop`` puts them back.
        self._environ_before = {name: os.environ.get(name) for name in ENVIRON}
        os.environ.setdefault("RAY_AUTH_TOKEN", secrets.token_hex(16))
        os.environ["RAY_AUTH_MODE"] = "token"
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        log_path = self._folder / "head.log"
        with open(log_path, "wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
                 "--node-ip-address", "127.0.0.1", "--port", str(self.port), "--num-cpus", str(self.cpus),
                 "--include-dashboard", "false", "--disable-usage-stats", "--temp-dir", str(self._folder)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while STARTED_LINE not in log_path.read_text(errors="replace"):
            if self._process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-500:]
                self.stop()
                raise WorkbenchError(f"The local Ray cluster did not start: {tail.strip()}")
            time.sleep(0.2)
        return self

    def processes(self) -> list:
        """Every process of the cluster: its process group and whatever those started (Ray's workers)."""
        import psutil

        if self._process is None:
            return []
        group = self._process.pid
        found: dict[int, psutil.Process] = {}
        for process in psutil.process_iter():
            try:
                if os.getpgid(process.pid) == group:
                    found[process.pid] = process
                    found.update((child.pid, child) for child in process.children(recursive=True))
            except (ProcessLookupError, psutil.Error):
                continue
        return list(found.values())

    def stop(self, timeout: float = 20.0) -> None:
        """End every process of the cluster, and only those."""
        import psutil

        if self._process is not None:
            members = self.processes()
            try:
                os.killpg(self._process.pid, signal.SIGKILL)  # SIGTERM would drain for 30 s first
            except ProcessLookupError:
                pass
            self._process.wait(timeout)
            psutil.wait_procs(members, timeout=timeout)
            self._process = None
        shutil.rmtree(self._folder, ignore_errors=True)
        for name, value in self._environ_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._environ_before = {}

    def __enter__(self) -> LocalRayCluster:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
