"""Big files: `load_dataset` and `workbench inspect` against `pandas.read_csv` on the same CSV.

    python bench/big_file.py [FILE.csv] [--rows N] [--repeats N] [--keep]

Without FILE, writes a CSV of N (default 1,000,000) short Chinese reviews, made up here
from templates, into a temporary folder. Each side runs in a fresh Python process, so
its peak memory (the kernel's maxrss for that process, from os.wait4) is its own; the
sides alternate and each figure is the median of the repeats. "call s" is the read
call alone; "process s" is the whole process, start-up and imports included. Targets:
load_dataset at most 1.5x the time and 2x the peak memory of pandas.read_csv.

The line above the table says which strings pandas makes here. With pyarrow installed, pandas 3
keeps a text column's strings in Arrow memory instead of making a Python string per cell, and
read_csv was 5.5x faster on the million rows (0.18 s against 1.0 s, alternating, same pandas 3.1.1);
load_dataset reads Python strings either way, so the ratio is only comparable between runs that
say the same.

Then the window opens the same file (offscreen unless DISPLAY is set), and a 5 ms timer on its
GUI thread measures how long the event loop could not react while the file loads. Target: no
gap over 50 ms.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SUBJECTS = ["这家店", "这款手机", "酒店房间", "外卖", "快递", "这本书", "服务员", "前台", "耳机", "电影",
             "牛肉面", "咖啡", "空调", "这双鞋", "司机", "民宿", "蛋糕", "洗衣机", "课程", "演唱会"]
_GOOD = ["味道很好", "质量不错", "性价比很高", "服务热情周到", "环境干净整洁", "送货很快", "做工精细",
         "比想象中好", "值得推荐", "体验非常愉快", "音质清晰", "包装完好"]
_BAD = ["太让人失望了", "质量很差", "价格偏贵", "态度冷淡", "房间有异味", "送货太慢", "用了两天就坏了",
        "和描述不符", "不会再来了", "排队等了很久", "声音很吵", "包装破损"]
_OPENINGS = ["", "说实话", "老实讲", "总的来说"]
_TAILS = ["", "，下次还会再来", "，朋友也这么说", "，总体来说还行", "，希望改进", "，五星", "，一星都不想给",
          "，第二次买了", "，周末去的", "，给家里人买的"]


def write_reviews(path: Path, rows: int, seed: int = 0) -> None:
    """Short Chinese reviews with a 好评/差评 label, some repeated, as exports of real sites are."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("review,label\n")
        for i in range(rows):
            good = rng.random() < 0.55
            phrases = _GOOD if good else _BAD
            opinions = "，".join(rng.choice(phrases) for _ in range(3))
            text = (f"{rng.choice(_OPENINGS)}{rng.choice(_SUBJECTS)}{opinions}"
                    f"{rng.choice(_TAILS)}（第{rng.randrange(1, 400)}号订单）")
            f.write(f"{text},{'好评' if good else '差评'}\n")


_CHILD = """
import json, sys, time
side, path = sys.argv[1], sys.argv[2]
if side == "pandas":
    import pandas as pd
    wall, cpu = time.perf_counter(), time.process_time()
    rows = len(pd.read_csv(path))
else:
    from workbench.core.data import load_dataset
    wall, cpu = time.perf_counter(), time.process_time()
    rows = load_dataset(path).summary.rows
print(json.dumps({"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "rows": rows}))
"""


@dataclass
class Run:
    call: float | None  # seconds of the read call alone (None for inspect, which is timed whole)
    call_cpu: float | None  # CPU seconds of that call, all threads
    process: float  # seconds of the whole process
    process_cpu: float  # its CPU seconds, user and system
    peak_mb: float  # its peak resident memory


def run_measured(command: list[str], timeout: float = 900) -> Run:
    """Run a process to its end and measure it; its stdout may report the read call's times."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this one process
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{error}")
        out.seek(0)
        text = out.read()
    reported = json.loads(text) if text.startswith("{") else {}
    return Run(reported.get("seconds"), reported.get("cpu"), wall, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024)


_WINDOW_CHILD = """
import os, sys, tempfile
from pathlib import Path
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from gui_responsiveness import GapSampler, spin, wait_for
from workbench.core.store import RunStore
from workbench.gui import MainWindow
app = QApplication(sys.argv)
work = Path(tempfile.mkdtemp())
window = MainWindow(store=RunStore(work / "home"), settings=QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
window.show()
spin(3.0)  # the engine's start-up is not the file's
sampler = GapSampler()
sampler.start()
window.open_dataset(sys.argv[1])
ok = wait_for(window.dataset_opened, timeout_s=900)[0]
spin(0.5)
gaps = sorted(sampler.gaps())
print(ok, len(gaps), gaps[len(gaps) // 2], gaps[int(len(gaps) * 0.99)], gaps[-1], sum(g > 50 for g in gaps))
window.close()
"""


def window_load_gaps(path: Path) -> str:
    """The window's event-loop gaps while it opens ``path``, as a table row."""
    out = subprocess.run([sys.executable, "-c", _WINDOW_CHILD, str(path), str(Path(__file__).parent)],
                         check=False, capture_output=True, text=True, timeout=1800)
    fields = out.stdout.split()
    if len(fields) != 6:
        return f"(the window's measurement failed: {out.stderr.strip()[-300:]})"
    ok, ticks, median, p99, longest, over = fields
    return (f"| window opens the file ({ticks} ticks; loaded: {ok}) | {float(median):.1f} / {float(p99):.1f} / "
            f"{float(longest):.1f} ms | {over} |")


def pandas_strings() -> str:
    """Where pandas' default string columns keep their text here: pandas 3 uses Arrow if pyarrow is installed."""
    return "Arrow memory (pyarrow is installed)" if importlib.util.find_spec("pyarrow") else "Python objects"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", help="any CSV; without it, a generated file of Chinese reviews")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated file")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated file and print its path")
    args = parser.parse_args()

    path = Path(args.file) if args.file else Path(tempfile.mkdtemp(prefix="workbench-bench-")) / "reviews_zh.csv"
    if not args.file:
        write_reviews(path, args.rows)
    sides = {
        "pandas.read_csv": [sys.executable, "-c", _CHILD, "pandas", str(path)],
        "load_dataset": [sys.executable, "-c", _CHILD, "workbench", str(path)],
        "workbench inspect": [sys.executable, "-m", "workbench", "inspect", str(path)],
    }
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    load = os.getloadavg()
    for _ in range(args.repeats):
        for name, command in sides.items():
            runs[name].append(run_measured(command))
    load = tuple(max(a, b) for a, b in zip(load, os.getloadavg()))

    def median(name: str, field: str) -> float | None:
        values = [getattr(run, field) for run in runs[name] if getattr(run, field) is not None]
        return statistics.median(values) if values else None

    print(f"{path.name}: {path.stat().st_size / 1e6:,.0f} MB, median of {args.repeats}, "
          f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min, highest seen)")
    print(f"pandas {importlib.metadata.version('pandas')}, its strings in {pandas_strings()} (see the module's docstring)")
    print("| side | call s | call CPU s | process s | process CPU s | peak RSS MB | time ratio | CPU ratio "
          "| memory ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    base = "pandas.read_csv"
    for name in sides:
        m = {field: median(name, field) for field in ("call", "call_cpu", "process", "process_cpu", "peak_mb")}
        whole = m["call"] is None  # inspect: its whole process against pandas' whole process
        time_ratio = m["process"] / median(base, "process") if whole else m["call"] / median(base, "call")
        cpu_ratio = (m["process_cpu"] / median(base, "process_cpu") if whole
                     else m["call_cpu"] / median(base, "call_cpu"))
        shown = {k: "" if v is None else f"{v:.2f}" for k, v in m.items()}
        memory_ratio = m["peak_mb"] / median(base, "peak_mb")
        print(f"| {name} | {shown['call']} | {shown['call_cpu']} | {shown['process']} | {shown['process_cpu']} "
              f"| {m['peak_mb']:,.0f} | {time_ratio:.2f} | {cpu_ratio:.2f} | {memory_ratio:.2f} |")
    print("Ratios: the read call against pandas' call; for inspect, its whole process against pandas' whole "
          "process. Targets for load_dataset: time <= 1.5, memory <= 2.0.")
    print()
    print("| while loading | event-loop gap median / p99 / longest | gaps over 50 ms (target 0) |")
    print("|---|---|---|")
    print(window_load_gaps(path))
    if args.keep:
        print(f"file kept at {path}")
    elif not args.file:
        path.unlink()
        path.parent.rmdir()


if __name__ == "__main__":
    main()
