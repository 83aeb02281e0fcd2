"""Data larger than memory: a generated CSV of several GB trains through `workbench train --stream`
with flat memory. Target: a 5 GB file with peak memory under 2 GB.

    python bench/streaming.py [--gb 5] [--epochs 1] [--keep FILE.csv]

The file is written here from templates (subjects, verbs, objects, a label per sentiment), in a
temporary folder unless --keep names it, and deleted afterwards. Training runs as a real CLI process;
its peak resident memory is the kernel's own count (getrusage of the child). A second line trains
the same settings on the first 1% of the file, to show that memory does not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["The soup", "My parcel", "This kettle", "The waiter", "Our room", "The film", "That phone", "The bus",
            "Her novel", "The concert", "His bicycle", "The garden", "The app", "The hotel", "Their support team"]
GOOD = ["was wonderful", "arrived early", "works perfectly", "made our evening", "exceeded every expectation",
        "is a delight", "deserves five stars", "felt like home", "was worth every penny", "never let us down"]
BAD = ["was cold and bland", "never arrived", "broke after a day", "ruined our evening", "was a waste of money",
       "is painfully slow", "deserves no stars", "felt like a prison", "cost far too much", "let us down again"]
TAILS = ["honestly", "as always", "this time", "once more", "on Tuesday", "for the third time", "sadly",
         "to my surprise", "in the end", "without a doubt"]


def generate(path: Path, size_bytes: int, seed: int = 0) -> int:
    """Write labelled sentences until the file holds size_bytes; returns the rows written."""
    rng = random.Random(seed)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("text,label\n")
        written = 11
        while written < size_bytes:
            lines = []
            for _ in range(10_000):
                good = rng.random() < 0.5
                text = (f"{rng.choice(SUBJECTS)} {rng.choice(GOOD if good else BAD)} {rng.choice(TAILS)}, "
                        f"order {rng.randrange(10**6)}")
                lines.append(f"\"{text}\",{'positive' if good else 'negative'}\n")
            chunk = "".join(lines)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            rows += len(lines)
    return rows


def train(path: Path, home: Path, epochs: int) -> dict:
    """One `workbench train --stream` process; its seconds, peak memory and result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out_json = home / "result.json"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "train", str(path), "--stream", "--epochs", str(epochs),
         "--batch-size", "1024", "--embedding-dim", "16", "--max-tokens", "5000", "--sequence-length", "24",
         "--json", str(out_json)],
        capture_output=True, text=True, timeout=4 * 3600, env={**os.environ, "WORKBENCH_HOME": str(home)})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"training failed: {done.stderr[-2000:]}")
    result = json.loads(out_json.read_text())
    return {"seconds": seconds, "peak_mb": max(peak, before) / 1024, "new_peak": peak > before, "result": result}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=5.0)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--keep", metavar="FILE.csv", help="write the generated file here and keep it")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="workbench-stream-bench-"))
    try:
        big = Path(args.keep) if args.keep else folder / "generated.csv"
        free = shutil.disk_usage(big.parent).free
        if free < args.gb * 1e9 * 1.2:
            raise SystemExit(f"only {free / 1e9:.1f} GB free next to {big}; pass a smaller --gb")
        t = time.perf_counter()
        rows = generate(big, int(args.gb * 1e9))
        print(f"generated {big.stat().st_size / 1e9:.2f} GB, {rows:,} rows in {time.perf_counter() - t:.0f} s",
              flush=True)
        small = folder / "first_percent.csv"
        with open(big, "rb") as src, open(small, "wb") as dst:
            head = src.read(int(big.stat().st_size / 100))
            dst.write(head[:head.rfind(b"\n") + 1])
        print("| file | size | rows/s | seconds | peak memory | test accuracy |")
        print("|---|---|---|---|---|---|")
        for name, path in (("first 1%", small), ("whole file", big)):
            measured = train(path, folder, args.epochs)
            rate = rows * path.stat().st_size / big.stat().st_size * args.epochs / measured["seconds"]
            # The kernel keeps one peak for all children: a run that does not raise it stayed at or below it.
            peak = f"{'' if measured['new_peak'] else '≤ '}{measured['peak_mb']:,.0f} MB"
            print(f"| {name} | {path.stat().st_size / 1e9:.2f} GB | {rate:,.0f} | {measured['seconds']:.0f} | "
                  f"{peak} | {measured['result']['test']['accuracy']:.3f} |", flush=True)
        print(f"target: peak memory under 2,048 MB for the whole file ({args.epochs} epoch(s), batch 1024)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
