"""Starting, talking to and ending the engine process, with no Qt (the window wraps this in a QThread).

The child is ``python -m workbench.engine`` with pipes for stdin and stdout; its stderr (TensorFlow's
start-up noise, tracebacks) goes to ``engine.log`` in the workbench folder, or to the terminal with
``verbose``. It runs in its own session, so a Ctrl-C in the terminal reaches the window, which then
ends the engine properly. Its death is noticed at once: its stdout closes.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.engine import protocol

LOG_NAME = "engine.log"


class EngineGone(RuntimeError):
    """The engine process has ended; start another one."""


class EngineProcess:
    def __init__(self, home: Path, verbose: bool = False):
        self.home = Path(home)
        self.verbose = verbose
        self.log_path = self.home / LOG_NAME
        self._process: subprocess.Popen | None = None
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # --- life -------------------------------------------------------------------------

    def start(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])  # where `workbench` is importable from
        env = {**os.environ, "WORKBENCH_HOME": str(self.home),
               "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        if not self.verbose:
            env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        self.home.mkdir(parents=True, exist_ok=True)
        log = None if self.verbose else open(self.log_path, "wb")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "workbench.engine"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=log, env=env, start_new_session=os.name == "posix",
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        finally:
            if log is not None:
                log.close()  # the child has its own copy

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def wait(self, timeout: float | None = None) -> int | None:
        """The exit status once the process has ended (None after ``timeout`` seconds)."""
        if self._process is None:
            return None
        try:
            return self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def shutdown(self, timeout: float = 3.0) -> bool:
        """Ask the engine to stop its run (kept as stopped) and exit; kill it after ``timeout`` seconds.
        True if it ended by itself."""
        if self._process is None:
            return True
        try:
            self.send("shutdown")
        except EngineGone:
            pass
        self._close_stdin()
        if self.wait(timeout) is not None:
            return True
        self.kill()
        return False

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._close_stdin()

    def _close_stdin(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            try:
                self._process.stdin.close()
            except OSError:
                pass

    # --- messages ---------------------------------------------------------------------

    def send(self, kind: str, **fields: Any) -> int:
        """Send a request; returns its id. Safe from any thread."""
        if self._process is None or self._process.stdin is None:
            raise EngineGone("the engine is not running")
        with self._lock:
            request_id = next(self._ids)
            try:
                self._process.stdin.write(protocol.encode(protocol.request(request_id, kind, **fields)))
                self._process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                raise EngineGone("the engine has ended") from None
        return request_id

    def messages(self) -> Iterator[dict[str, Any]]:
        """Messages as they arrive, until the process ends (blocking: call it from a thread)."""
        if self._process is None or self._process.stdout is None:
            return
        for line in self._process.stdout:
            try:
                yield protocol.decode(line)
            except protocol.ProtocolError as exc:  # never seen in practice: say so, keep reading
                print(f"workbench: {exc}", file=sys.stderr)

    # --- when it ends -----------------------------------------------------------------

    def describe_exit(self) -> str:
        """How the process ended, in words: "was killed (SIGKILL, perhaps out of memory)"."""
        code = self.returncode
        if code is None:
            return "is still running"
        if code == 0:
            return "exited"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if name == "SIGKILL":
                return "was killed (SIGKILL; the system does this when memory runs out)"
            if name == "SIGSEGV":
                return "crashed (segmentation fault)"
            return f"was ended by {name}"
        return f"exited with status {code}"

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the engine wrote to its log (empty in verbose mode)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])
