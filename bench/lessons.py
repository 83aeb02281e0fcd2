"""Does every lesson show what it says, in both languages, over 3 seeds, and how long does it take?

    python bench/lessons.py [NAME ...] [--language en zh] [--seeds 3]

Runs each lesson exactly as `workbench lesson NAME --seeds 3` does (no store). For each lesson and
language it prints the verdict's numbers per run (means over the seeds), the same numbers for each
seed alone, and the verdict sentence. A last table gives, per lesson and language, the wall time of
the whole lesson, the CPU time this process used (all threads: on a shared machine wall time
depends on what else runs, CPU time much less) and the load average before and after. Only the
lessons' own data is used.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from workbench.cli.lessons import verdict_table  # noqa: E402
from workbench.core.lessons import LESSONS, run_lesson  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="lessons to run (default: all)")
    parser.add_argument("--language", nargs="+", default=["en", "zh"], choices=("en", "zh"))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores; {args.seeds} seeds per run\n")
    timings = []
    for name in args.names or list(LESSONS):
        for language in args.language:
            load = os.getloadavg()[0]
            wall, cpu = time.perf_counter(), cpu_seconds()
            result = run_lesson(name, language, seeds=args.seeds)
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
            timings.append((name, language, len(result.runs), wall, cpu, load, os.getloadavg()[0]))
            lesson, results = result.lesson, result.results()
            labels = {run.name: run.label for run in lesson.runs}
            print(f"### {name} ({language})\n")
            print("```")
            print(verdict_table(result.verdict.values, labels))
            print("```\n")
            # The same measures for each seed alone: the effect should not hang on one of them.
            per_seed, seed_labels = {}, {}
            for i, seed in enumerate(result.seeds):
                for run_name, measures in lesson.verdict({n: [runs[i]] for n, runs in results.items()}).values.items():
                    per_seed[f"{run_name}@{seed}"] = measures
                    seed_labels[f"{run_name}@{seed}"] = f"{labels[run_name]}, seed {seed}"
            print("```")
            print(verdict_table(per_seed, seed_labels))
            print("```\n")
            print(f"{result.verdict.message()}\n", flush=True)
    print("| lesson | language | runs | wall s | CPU s | load before | load after |")
    print("|---|---|---|---|---|---|---|")
    for name, language, runs, wall, cpu, before, after in timings:
        print(f"| {name} | {language} | {runs} | {wall:.1f} | {cpu:.1f} | {before:.1f} | {after:.1f} |")


if __name__ == "__main__":
    main()
