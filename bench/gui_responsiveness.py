"""Does the window stay smooth while the engine trains, and train as fast as the CLI?

    python bench/gui_responsiveness.py [FILE.csv] [--rows 3000] [--model lstm] [--epochs 4] [--speed-pairs 5]
        [--speed-epochs 6] [--why]

Everything is measured in one invocation, the ratios side by side:
1. launch: fresh `workbench gui FILE` processes (--launches of them), each from its start to the window's
   first paint, through the command line's own code (cli.main), which the `workbench` command runs;
2. a whole session in this process, as an impatient user would have it: open FILE, click Train at once (the
   engine is still loading TensorFlow), train a second run, overlay both. A 5 ms timer samples the event
   loop throughout, and the GUI process's CPU time is read during the second run;
3. training speed: mean epoch time (epochs 2 and later) of the window's runs against `workbench train`
   with the same settings: the session's two runs against CLI runs before and after it (for the record),
   then --speed-pairs more pairs with the 5 ms timer stopped, each a CLI run and the same run in the
   window (--speed-epochs: more epochs, less noise; otherwise the first run's settings) with their epochs
   taken in turn (bench/interleaved_epochs.py: one side trains while the other
   is paused, so both see the machine at the same minute; the CLI is launched first in odd pairs, the
   window in even ones). The ratio is the median of those pairs: the machine's own speed drifts by a
   fifth within a minute, which swamps two runs made one after the other, and the timer is the bench's,
   not the window's;
4. close during training: a fresh app process is closed while it trains; how soon the window is gone and
   the process has exited, and the run's status;
5. kill -9 of the engine during a run: the longest event-loop gap in the 3 s after it, the run's status,
   and whether the next run completes.

Offscreen unless DISPLAY is set. Waits use QEventLoop + QTimer (QTest.qWait would hold the GIL).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import psutil  # noqa: E402
from interleaved_epochs import CliSide, Side, interleave  # bench/, beside this file
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets" / "chnsenticorp_htl.csv"
SAMPLE = ROOT / "sample_data" / "restaurant_reviews_zh.csv"

FIRST_PAINT = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) and not hasattr(self, "done"):
            self.done = True
            print("painted", time.time(), flush=True)
            QTimer.singleShot(300, obj.close)
        return False
watch = Watch()
app.installEventFilter(watch)
from workbench.cli import main
sys.exit(main(["gui", sys.argv[1]]))
"""

CLOSE_WHILE_TRAINING = """
import sys, time
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from workbench.core.store import RunStore
from workbench.gui import MainWindow
app = QApplication(sys.argv)
window = MainWindow(store=RunStore(sys.argv[2]), settings=QSettings(sys.argv[3], QSettings.Format.IniFormat))
window.show()
loaded = QEventLoop()
window.dataset_opened.connect(loaded.quit)
window.open_dataset(sys.argv[1])
loaded.exec()
window.config_form.set_config(window.config_form.config().replace(model=sys.argv[4], epochs=100))
class Watch(QObject):
    def eventFilter(self, obj, event):
        if obj is window and event.type() == QEvent.Type.Hide:
            print("hidden", time.time(), flush=True)
        return False
watch = Watch()
window.installEventFilter(watch)
def close(_event):
    window.engine.epoch_end.disconnect(close)  # once: the stopped run's last epoch must not close it again
    print("close", time.time(), flush=True)
    window.close()
window.engine.epoch_end.connect(close)
QTimer.singleShot(0, window.start_training)
app.exec()
"""


def wait_for(signal_, timeout_s: float = 600.0) -> list:
    """Run the event loop until ``signal_`` fires; its arguments."""
    loop, got = QEventLoop(), []

    def done(*args):
        got.append(args)
        loop.quit()

    signal_.connect(done)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal_.disconnect(done)
    if not got:
        raise TimeoutError(f"no {signal_} within {timeout_s} s")
    return list(got[0])


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class GapSampler:
    """A 5 ms timer on the GUI thread; a gap is how long the loop could not react."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.ticks: list[tuple[float, float]] = []  # (time ms, gap ms)
        self._last = 0.0
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def now(self) -> float:
        return self.clock.nsecsElapsed() / 1e6

    def _tick(self) -> None:
        now = self.now()
        self.ticks.append((now, now - self._last))
        self._last = now

    def gaps(self, start: float = 0.0, end: float = float("inf")) -> np.ndarray:
        return np.array([gap for t, gap in self.ticks if start <= t <= end])


class StallWitness:
    """With --why: a thread that looks at the Python stacks of this process's threads while the 5 ms timer
    is late, so that each long gap can be told apart by what was running in it. A GUI thread inside
    Qt's own code shows the Python line that entered it (e.g. the event loop's exec); a C call that
    holds the GIL leaves no sample at all."""

    def __init__(self, sampler: GapSampler, late_ms: float = 20.0) -> None:
        self.sampler, self.late_ms = sampler, late_ms
        self.gui = threading.get_ident()
        self.seen: list[tuple[float, str]] = []  # (time ms, innermost frames of each thread)
        self.paints: list[tuple[float, str, int]] = []
        self._painted = self._painted_filter()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self.thread.start()
        QApplication.instance().installEventFilter(self._painted)

    def _painted_filter(self):
        """An event filter noting each widget paint: (time ms, what, area in pixels)."""
        from PySide6.QtCore import QEvent, QObject

        witness = self

        class Painted(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    rect = event.rect()
                    witness.paints.append((witness.sampler.now(), f"{type(watched).__name__}"
                                           f"{'#' + watched.objectName() if watched.objectName() else ''}",
                                           rect.width() * rect.height()))
                return False

        return Painted()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.003):
            now = self.sampler.now()
            if now - self.sampler._last < self.late_ms:
                continue
            frames = sys._current_frames()
            if self.gui not in frames:
                continue
            seen = []
            for ident, frame in frames.items():  # the GUI thread first; another may hold the GIL it waits for
                if ident == threading.get_ident():
                    continue
                stack = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame)]
                seen.append(("GUI: " if ident == self.gui else "other: ") + " < ".join(reversed(stack[-5:])))
            seen.sort(key=lambda text: not text.startswith("GUI"))
            self.seen.append((self.sampler.now(), " | ".join(seen)))

    def report(self, over_ms: float = 50.0) -> None:
        for end, gap in ((t, g) for t, g in self.sampler.ticks if g > over_ms):
            stacks = [stack for t, stack in self.seen if end - gap <= t <= end]
            common = max(set(stacks), key=stacks.count) if stacks else "(no sample: C code held the GIL)"
            print(f"- gap of {gap:.0f} ms ending at {end / 1000:.1f} s: {len(stacks)} samples; most: {common}")
            inside = [(t, what, area) for t, what, area in self.paints if end - gap <= t <= end]
            if inside:  # each paint lasts until the next one starts, or the gap ends
                times = [t for t, _, _ in inside] + [end]
                listed = ", ".join(f"{what} {area // 1000}k px {b - a:.0f} ms"
                                   for (a, what, area), b in zip(inside, times[1:]))
                print(f"  paints: {len(inside)}: {listed[:700]}")


def cli_epoch_seconds(subset: Path, work: Path, model: str, epochs: int, tag: str, *extra: str) -> list[float]:
    return CliSide(f"cli-{tag}", subset, work, model, epochs, *extra).run_alone()


def window_epoch_seconds(window, run) -> list[float]:
    """A window run's epoch times, all of them."""
    return [h["seconds"] for h in window.store.history(run.run_id)]


def trained_in_window(window, me: psutil.Process):
    """Click Train and wait for the run's end: (the run, this process's CPU meanwhile as a share of one core)."""
    cpu, wall = sum(me.cpu_times()[:2]), time.perf_counter()
    window.train_button.click()
    run = wait_for(window.engine.run_finished)[0]
    return run, (sum(me.cpu_times()[:2]) - cpu) / (time.perf_counter() - wall)


class WindowSide(Side):
    """The window's Train button as one side of interleaved_epochs.interleave. This process's CPU is
    counted apart while its engine trains and while it is paused (then the CLI trains: the window
    should be idle)."""

    name = "window"

    def __init__(self, window, me: psutil.Process) -> None:
        super().__init__()
        self.window, self.me = window, me
        self.run = None
        self.cpu_s = {"training": 0.0, "paused": 0.0}
        self.wall_s = {"training": 0.0, "paused": 0.0}
        self._since: tuple[str, float, float] | None = None  # (phase, CPU seconds, wall seconds) at its start

    def launch(self) -> None:
        super().launch()
        self.window.engine.epoch_end.connect(self._on_epoch)
        self.window.engine.run_finished.connect(self._on_finished)
        self._count("training")
        self.window.train_button.click()

    def _on_epoch(self, event) -> None:
        self.post(event.epoch)

    def _on_finished(self, run) -> None:
        self.window.engine.epoch_end.disconnect(self._on_epoch)
        self.window.engine.run_finished.disconnect(self._on_finished)
        self.run = run
        self._count(None)
        self.post(None)

    def pid(self) -> int:
        return self.window.engine.process.pid

    def pause(self) -> None:
        super().pause()
        self._count("paused")

    def resume(self) -> None:
        if self._paused_at is not None:
            self._count("training")
        super().resume()

    def _count(self, phase: str | None) -> None:
        """End the phase being counted and start ``phase`` (None: count no more)."""
        cpu, wall = sum(self.me.cpu_times()[:2]), time.perf_counter()
        if self._since is not None:
            before, cpu_then, wall_then = self._since
            self.cpu_s[before] += cpu - cpu_then
            self.wall_s[before] += wall - wall_then
        self._since = None if phase is None else (phase, cpu, wall)

    def cpu_share(self, phase: str = "training") -> float:
        """This process's CPU in ``phase``, as a share of one core."""
        return self.cpu_s[phase] / max(self.wall_s[phase], 1e-9)

    def raw_epoch_seconds(self) -> list[float]:
        return window_epoch_seconds(self.window, self.run)


def first_paint(subset: Path, work: Path) -> float:
    """Seconds from a `workbench gui FILE` process's start to its window's first paint. (This script's
    QApplication and paint watcher come before the command's code, which finds the application made.)"""
    env = {**os.environ, "WORKBENCH_HOME": str(work / "paint-home")}
    started = time.time()
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(subset)], env=env, capture_output=True, text=True,
                         timeout=300)
    painted = [float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("painted")]
    if not painted:
        raise RuntimeError(out.stderr[-2000:])
    return painted[0] - started


def close_while_training(subset: Path, work: Path, model: str) -> tuple[float, float, str]:
    home = work / "close-home"
    process = subprocess.Popen([sys.executable, "-c", CLOSE_WHILE_TRAINING, str(subset), str(home),
                                str(work / "close.ini"), model], stdout=subprocess.PIPE, text=True)
    stamps = {}
    for line in process.stdout:
        what, stamp = line.split()
        stamps.setdefault(what, float(stamp))
    process.wait(timeout=120)
    exited = time.time()
    from workbench.core.store import RunStore

    with RunStore(home) as store:
        status = store.list_runs()[0].status
    return stamps["hidden"] - stamps["close"], exited - stamps["close"], status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(SHARED if SHARED.exists() else SAMPLE))
    parser.add_argument("--model", default="lstm")
    parser.add_argument("--rows", type=int, default=3000, help="rows drawn at random (seeded) from FILE")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--launches", type=int, default=5, help="fresh processes timed to the first paint")
    parser.add_argument("--why", action="store_true", help="name what ran and what was painted in each long gap")
    parser.add_argument("--speed-epochs", type=int, default=6, help="epochs of each run of the speed pairs")
    parser.add_argument("--speed-pairs", type=int, default=5,
                        help="CLI and window runs of the first run's settings, in turn, for the speed ratio")
    args = parser.parse_args()

    import pandas as pd

    work = Path(tempfile.mkdtemp())
    subset = work / "subset.csv"
    table = pd.read_csv(args.file)
    table.sample(n=min(args.rows, len(table)), random_state=0).to_csv(subset, index=False)  # files may be sorted by label
    print(f"{Path(args.file).name}, {args.rows} random rows, {args.model}, {args.epochs} epochs "
          f"({args.speed_epochs} in the speed pairs); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)

    cli_before = cli_epoch_seconds(subset, work, args.model, args.epochs, "before")
    launch_s = [first_paint(subset, work) for _ in range(args.launches)]

    from workbench.core.store import RunStore
    from workbench.gui import MainWindow

    app = QApplication(sys.argv)
    app.setApplicationName("workbench bench")
    sampler = GapSampler()
    window = MainWindow(store=RunStore(work / "home"), settings=QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    sampler.start()
    witness = StallWitness(sampler) if args.why else None
    if witness:
        witness.start()
    session_start = sampler.now()
    phases = [("open the file", session_start)]
    window.open_dataset(subset)  # read off the GUI thread
    wait_for(window.dataset_opened)
    phases.append(("run 1, clicked while TensorFlow loads", sampler.now()))
    window.config_form.set_config(window.config_form.config().replace(model=args.model, epochs=args.epochs))
    window.train_button.click()  # as soon as it can be: the engine is still loading TensorFlow
    first = wait_for(window.engine.run_finished)[0]
    window.config_form.set_config(window.config_form.config().replace(dropout=0.5))
    me = psutil.Process()
    phases.append(("run 2", sampler.now()))
    second, gui_cpu = trained_in_window(window, me)
    phases.append(("overlay both", sampler.now()))
    window.runs_panel.select_runs([first.run_id, second.run_id])
    spin(1.0)
    session_end = sampler.now()
    session = sampler.gaps(session_start, session_end)

    window.config_form.set_config(window.config_form.config().replace(epochs=100))
    window.train_button.click()
    wait_for(window.engine.epoch_end)
    killed_at = sampler.now()
    os.kill(window.engine.process.pid, signal.SIGKILL)
    killed = wait_for(window.engine.run_finished)[0]
    spin(3.0 - (sampler.now() - killed_at) / 1000)
    after_kill = sampler.gaps(killed_at, killed_at + 3000)
    window.config_form.set_config(window.config_form.config().replace(epochs=1))
    window.train_button.click()
    next_run = wait_for(window.engine.run_finished)[0]
    window_epochs = [window_epoch_seconds(window, run)[1:] for run in (first, second)]
    sampler.timer.stop()  # the gaps are measured; the speed is the window's own
    pairs = []  # (CLI, window epoch times, the window's CPU) of the first run's settings, epochs taken in turn
    window.config_form.set_config(window.config_form.config().replace(epochs=args.speed_epochs, dropout=0.0))
    for number in range(args.speed_pairs):  # the CLI launched first, then the window first, and so on
        cli = CliSide(f"pair-{number}", subset, work, args.model, args.speed_epochs)
        in_window = WindowSide(window, me)
        interleave(*((cli, in_window) if number % 2 == 0 else (in_window, cli)), args.speed_epochs, idle=spin)
        pairs.append((cli.epoch_seconds()[1:], in_window.epoch_seconds()[1:],
                      (in_window.cpu_share("training"), in_window.cpu_share("paused"))))
    window.close()

    # The second run has dropout 0.5, which costs a recurrent model time of its own: the CLI trains the same.
    cli_after = cli_epoch_seconds(subset, work, args.model, args.epochs, "after", "--dropout", "0.5")
    hidden_s, exit_s, close_status = close_while_training(subset, work, args.model)

    pairs = [(cli_before[1:], window_epochs[0], None), (cli_after[1:], window_epochs[1], None), *pairs]
    speeds = [np.mean(cli) / np.mean(win) for cli, win, _ in pairs]
    speed = float(np.median(speeds[2:] or speeds))
    print("| measure | target | value |")
    print("|---|---|---|")
    print(f"| window painted after the process starts ({len(launch_s)} launches): median / slowest | ≤ 1.0 s | "
          f"{np.median(launch_s):.2f} / {max(launch_s):.2f} s |")
    print(f"| session event-loop gaps (5 ms timer, {len(session)} ticks): median / p99 / longest | "
          f"p99 ≤ 16 ms, longest ≤ 50 ms | {np.median(session):.1f} / {np.percentile(session, 99):.1f} / "
          f"{session.max():.1f} ms |")
    print(f"| session gaps over 50 ms | 0 | {(session > 50).sum()} |")
    print(f"| GUI process CPU during the second run (share of one core) | ≤ 15% | {gui_cpu:.1%} |")
    for number, ((cli, win, cpu), ratio) in enumerate(zip(pairs, speeds), start=1):
        first_side = "CLI" if number % 2 else "window"  # pair 1 (number 3): the CLI first
        which = (("session run 1", "session run 2")[number - 1] if number <= 2
                 else f"pair {number - 2}, {first_side} first, epochs in turn, no timer")
        print(f"| {which}: mean epoch time, epochs 2+, window / CLI | | {np.mean(win):.2f} / {np.mean(cli):.2f} s"
              f" ({ratio:.2f}×{'' if cpu is None else f', GUI CPU {cpu[0]:.1%} while its engine trained, '}"
              f"{'' if cpu is None else f'{cpu[1]:.1%} while the CLI trained'}) |")
    print(f"| training speed, window against CLI (median of the {len(speeds[2:]) or len(speeds)} pairs "
          f"{'without' if speeds[2:] else 'with'} the timer) | ≥ 0.95× | {speed:.2f}× |")
    print(f"| close during training: window gone / process exited | ≤ 0.5 s / ≤ 3 s | {hidden_s:.2f} / {exit_s:.2f} s |")
    print(f"| close during training: the run's status | stopped | {close_status} |")
    print(f"| kill -9 of the engine: longest gap in the next 3 s | ≤ 200 ms | {after_kill.max():.1f} ms |")
    print(f"| kill -9 of the engine: the run's status / the next run | interrupted / completed | "
          f"{killed.status} / {next_run.status} |")
    for name, start in phases:  # where the long gaps were, to know what to fix
        ends = [t for _, t in phases if t > start] + [session_end]
        long = sorted(gap for t, gap in sampler.ticks if start <= t <= min(ends) and gap > 50)
        print(f"- {name}: gaps over 50 ms: {', '.join(f'{g:.0f}' for g in long) or 'none'}")
    print(f"(runs 1 and 2: {first.status}, {second.status}; load average at the end "
          f"{os.getloadavg()[0]:.1f})")
    if witness:
        witness.stop()
        witness.report()


if __name__ == "__main__":
    main()
