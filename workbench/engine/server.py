"""The engine's side: read requests, run them one at a time, send events and replies.

A reader thread takes lines from stdin. ``stop`` and ``shutdown`` act at once (a run in
flight ends after its batch); every other request waits in a queue for the main thread,
which runs them (``tasks.TASKS``). A stop names the request it stops, so a Stop that arrives
before its run has begun still counts, and never stops the run after it. An exception in a
request becomes an error reply and the loop goes on: a failed prediction never silences the
engine. When stdin closes (the window is gone),
the run in flight is stopped and kept, and the engine exits.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import traceback
from typing import Any, BinaryIO

import psutil

from workbench.core.errors import WorkbenchError
from workbench.engine import protocol
from workbench.engine.tasks import TASKS, Context, Session

ENGINE_NICENESS = 5  # POSIX: below the window's 0, far from the idle 19


class Engine:
    def __init__(self, output: BinaryIO):
        self._output = output
        self._write_lock = threading.Lock()
        self.closing = threading.Event()  # set when the window is gone or asked us to exit
        self._stops: dict[Any, threading.Event] = {}  # request id -> its stop flag
        self._stops_lock = threading.Lock()
        self.requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.session = Session()

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
            request_id = message.get("id")
            fields = {k: v for k, v in message.items() if k not in ("type", "id")}
            try:
                if self.closing.is_set():
                    raise WorkbenchError("The engine is shutting down.")
                task = TASKS.get(message["type"])
                if task is None:
                    raise WorkbenchError(f"The engine does not know the request {message['type']!r}; update the "
                                         "workbench.")
                context = Context(self.session, lambda event: self.send(protocol.event_message(request_id, event)),
                                  self.stop_for(request_id))
                self.send(protocol.reply(request_id, task.run(context, **fields)))
            except WorkbenchError as exc:
                self.send(protocol.reply(request_id, error=str(exc)))
            except Exception as exc:  # a bug: reported, and the loop goes on
                traceback.print_exc()
                self.send(protocol.reply(request_id, error=f"{type(exc).__name__}: {exc}"))
            finally:
                with self._stops_lock:
                    self._stops.pop(request_id, None)


def _yield_to_the_window() -> None:
    """Run below normal priority: when training and painting want the same cores, the operating system
    lets the window paint first. Alone, training runs as fast as ever (the window takes about 3% of a core)."""
    me = psutil.Process()
    try:
        me.nice(psutil.BELOW_NORMAL_PRIORITY_CLASS if sys.platform == "win32" else ENGINE_NICENESS)
    except (psutil.Error, OSError):  # not allowed here: run at normal priority
        pass


def main() -> int:
    """Run the engine on this process's stdin and stdout (see protocol)."""
    # The protocol gets stdout to itself: whatever else prints (a library, a stray print) goes to stderr.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the window decides when the engine ends
    _yield_to_the_window()
    output = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    engine = Engine(output)
    engine.send({"type": "hello", "protocol": protocol.PROTOCOL_VERSION, "pid": os.getpid()})
    reader = threading.Thread(target=engine.read_requests, args=(sys.stdin.buffer,), name="engine-requests",
                              daemon=True)
    reader.start()
    engine.serve()
    engine.session.close()  # every write is committed already
    output.close()
    # Interpreter shutdown with TensorFlow loaded takes seconds (its thread pools and atexit hooks);
    # everything worth keeping is in the store, so leave at once.
    os._exit(0)
