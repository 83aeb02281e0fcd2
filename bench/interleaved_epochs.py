"""Two training runs of the same settings with their epochs taken in turn: a speed ratio that a drifting
machine does not swamp.

    python bench/interleaved_epochs.py [FILE.csv] [--rows 3000] [--model lstm] [--epochs 6] [--rounds 3]

On a shared machine an epoch's time drifts by a fifth within a minute (bench/README), so two runs made one
after the other can differ by 30% with nothing changed. Here only one side trains at a time: when a side
ends an epoch it trains HOLD_S more (into its next epoch), is paused (SIGSTOP) and the other side goes on
(SIGCONT, or its launch). Each epoch's time, as its run measured it, less the one pause inside it, is then
taken within seconds of the other side's epoch. A side that has ended its last epoch runs to its end
unpaused. POSIX only.

Run as a script, it checks the method on two `workbench train` processes of the same settings (a null
comparison: the true ratio is 1): the spread of its ratios, against the same two runs one after the other.
bench/gui_responsiveness.py uses it for the window against the CLI.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HOLD_S = 0.5  # how long a side trains into its next epoch before it is paused: the pause is then inside it

Events = queue.Queue  # (side, the epoch it ended, or None when its run is over)


class Side:
    """One of the two runs: launched, paused and resumed by ``interleave``, which calls ``post`` through
    ``events`` as each of its epochs ends and when its run is over."""

    name = "side"

    def __init__(self) -> None:
        self.events: Events | None = None
        self.ended = 0  # epochs ended so far
        self.finished = False
        self.launched = False
        self.pauses: dict[int, float] = {}  # epoch -> seconds it spent paused
        self._paused_at: float | None = None

    def post(self, epoch: int | None) -> None:
        self.events.put((self, epoch))

    def launch(self) -> None:
        self.launched = True

    def pid(self) -> int:
        raise NotImplementedError

    def pause(self) -> None:
        os.kill(self.pid(), signal.SIGSTOP)
        self._paused_at = time.perf_counter()

    def resume(self) -> None:
        if self._paused_at is None:
            return
        epoch = self.ended + 1
        self.pauses[epoch] = self.pauses.get(epoch, 0.0) + time.perf_counter() - self._paused_at
        self._paused_at = None
        os.kill(self.pid(), signal.SIGCONT)

    def raw_epoch_seconds(self) -> list[float]:
        """Each epoch's time as the run measured it (pauses included)."""
        raise NotImplementedError

    def epoch_seconds(self) -> list[float]:
        """Each epoch's time with the pause inside it taken out."""
        seconds = [raw - self.pauses.get(epoch, 0.0) for epoch, raw in enumerate(self.raw_epoch_seconds(), 1)]
        if any(s < HOLD_S for s in seconds):  # each trained HOLD_S before its pause: a pause fell outside
            raise RuntimeError(f"{self.name}: a pause fell outside its epoch ({seconds})")
        return seconds


class CliSide(Side):
    """`workbench train FILE --model M --epochs N [extra]`, its epochs read from its output."""

    def __init__(self, name: str, file: Path, work: Path, model: str, epochs: int, *extra: str) -> None:
        super().__init__()
        self.name = name
        self.out = work / f"{name}.json"
        self.command = [sys.executable, "-m", "workbench", "train", str(file), "--model", model, "--epochs",
                        str(epochs), "--json", str(self.out), *extra]
        self.env = {**os.environ, "WORKBENCH_HOME": str(work / f"{name}-home"), "PYTHONUNBUFFERED": "1"}
        self.process: subprocess.Popen | None = None

    def launch(self) -> None:
        super().launch()
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if found := re.match(r"epoch (\d+)/", line):
                self.post(int(found[1]))
        self.process.wait()
        self.post(None)

    def run_alone(self, timeout_s: float = 1800.0) -> list[float]:
        """Train to the end with no other side; each epoch's time."""
        self.events = queue.Queue()
        self.launch()
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.raw_epoch_seconds()

    def pid(self) -> int:
        return self.process.pid

    def raw_epoch_seconds(self) -> list[float]:
        if self.process.returncode:
            raise RuntimeError(f"{' '.join(self.command)} failed ({self.process.returncode})")
        return [h["seconds"] for h in json.loads(self.out.read_text())["history"]]


def interleave(first: Side, second: Side, epochs: int, idle: Callable[[float], None] = time.sleep,
               timeout_s: float = 1800.0) -> None:
    """Train both sides, one epoch at a time each, ``first`` launched first. ``idle(seconds)`` lets time
    pass (the window's bench runs its event loop there)."""
    events: Events = queue.Queue()
    first.events = second.events = events
    running, waiting = first, second
    deadline = time.monotonic() + timeout_s
    try:
        first.launch()
        while not (first.finished and second.finished):
            while events.empty():
                if time.monotonic() > deadline:
                    raise TimeoutError("the interleaved runs did not end")
                idle(0.1)
            side, epoch = events.get()
            if epoch is None:
                side.finished = True
            else:
                side.ended = epoch
            if side is not running or (not side.finished and (epoch >= epochs or waiting.finished)):
                continue  # a side on its last epoch, or alone, trains on
            if not side.finished:
                idle(HOLD_S)
                side.pause()
            if not waiting.launched:
                waiting.launch()
            else:
                waiting.resume()
            running, waiting = waiting, side
    finally:  # never leave a process stopped
        first.resume()
        second.resume()


def main() -> None:
    parser = argparse.ArgumentParser()
    root = Path(__file__).resolve().parents[1]
    shared = root.parent / "shared" / "datasets" / "chnsenticorp_htl.csv"
    parser.add_argument("file", nargs="?", default=str(shared if shared.exists() else
                                                       root / "sample_data" / "restaurant_reviews_zh.csv"))
    parser.add_argument("--rows", type=int, default=3000, help="rows drawn at random (seeded) from FILE")
    parser.add_argument("--model", default="lstm")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each design")
    args = parser.parse_args()

    import numpy as np
    import pandas as pd

    work = Path(tempfile.mkdtemp())
    subset = work / "subset.csv"
    table = pd.read_csv(args.file)
    table.sample(n=min(args.rows, len(table)), random_state=0).to_csv(subset, index=False)
    print(f"{Path(args.file).name}, {args.rows} random rows, {args.model}, {args.epochs} epochs, two "
          f"`workbench train` runs of the same settings per round; load average {os.getloadavg()[0]:.1f}")
    rows = []
    for number in range(args.rounds):
        for design in ("one after the other", "epochs interleaved"):
            a, b = (CliSide(f"{design[0]}{number}{side}", subset, work, args.model, args.epochs)
                    for side in "ab")
            started = time.perf_counter()
            if design.startswith("one"):
                a.run_alone()
                b.run_alone()
            else:
                interleave(a, b, args.epochs) if number % 2 == 0 else interleave(b, a, args.epochs)
            mean_a, mean_b = (np.mean(side.epoch_seconds()[1:]) for side in (a, b))
            rows.append((design, mean_a / mean_b))
            print(f"| round {number + 1}, {design} | {time.perf_counter() - started:.0f} s | "
                  f"{mean_a:.2f} / {mean_b:.2f} s | {mean_a / mean_b:.3f} |", flush=True)
    print("| design | rounds | ratio a/b (true 1): median, smallest-largest | mean distance from 1 |")
    print("|---|---|---|---|")
    for design in ("one after the other", "epochs interleaved"):
        ratios = np.array([r for d, r in rows if d == design])
        print(f"| {design} | {len(ratios)} | {np.median(ratios):.3f}, {ratios.min():.3f}–{ratios.max():.3f} | "
              f"{np.mean(np.abs(ratios - 1)):.3f} |")


if __name__ == "__main__":
    main()
