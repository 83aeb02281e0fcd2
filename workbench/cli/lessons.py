"""`workbench lesson`: a planned comparison on bundled data, narrated while it trains."""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from typing import Any

from workbench.cli.common import EpochPrinter, stop_on_ctrl_c
from workbench.core.errors import WorkbenchError


def register(commands) -> None:
    lesson = commands.add_parser(
        "lesson", help="run a lesson: a planned comparison on bundled data, with narration",
        description="Run a lesson: train its planned comparison on its bundled data, once per seed, print the "
                    "narration as training reaches each moment, and end with a verdict computed from the runs. "
                    "The runs are kept in the run store as one group.")
    lesson.add_argument("name", nargs="?", metavar="NAME", help="the lesson to run (see --list)")
    lesson.add_argument("--list", action="store_true", help="list the lessons and exit")
    lesson.add_argument("--language", choices=("en", "zh"), default="en", help="the language of the data (default en)")
    lesson.add_argument("--seeds", type=int, metavar="K", help="train each run with K seeds (default: the lesson's)")
    lesson.add_argument("--epochs", metavar="N", help="train each run for N epochs instead of the lesson's number "
                                                      "(a quicker, rougher try)")
    lesson.add_argument("--json", metavar="OUT.json",
                        help='write {"runs": [...], "verdict": {...}} to this file: each run as `train --json` '
                             'writes it plus "lesson_run", "label" and "seed"; the verdict\'s numbers are means '
                             "over the seeds")
    lesson.add_argument("--verbose", action="store_true", help="also print one line per epoch")
    lesson.set_defaults(handler=cmd_lesson)


def cmd_lesson(args: argparse.Namespace) -> int:
    from workbench.core.config import parse_value
    from workbench.core.lessons import LESSONS, get_lesson, run_lesson
    from workbench.core.store import RunStore

    if args.list:
        print(lesson_list(LESSONS.values()))
        return 0
    if not args.name:
        raise WorkbenchError(f"Name a lesson, e.g. `workbench lesson overfitting`; the lessons are "
                             f"{', '.join(LESSONS)}.")
    lesson = get_lesson(args.name)
    if args.seeds is not None and not 1 <= args.seeds <= 20:
        raise WorkbenchError(f"--seeds must be between 1 and 20, not {args.seeds}.")
    changes = {"epochs": parse_value("epochs", args.epochs)} if args.epochs is not None else {}
    for run in lesson.runs:
        lesson.config(run).replace(**changes).validate()
    print(introduction(lesson, args.language, args.seeds or lesson.seeds), flush=True)
    write_json(args.json, None)  # an unwritable --json fails now, not after the last run
    printer = LessonPrinter(args.verbose)
    with stop_on_ctrl_c("stopping after this batch; the remaining runs are skipped (Ctrl-C again to abort)...") \
            as stop, RunStore() as store:
        result = run_lesson(lesson, args.language, seeds=args.seeds, listener=printer, stop=stop, store=store,
                            changes=changes)
    write_json(args.json, result)
    print()
    if result.verdict is None:
        print(f"lesson stopped: {len(result.runs)} of {len(lesson.runs) * len(result.seeds)} runs trained; "
              "no verdict", file=sys.stderr)
        return 130
    print(verdict_table(result.verdict.values, {run.name: run.label for run in lesson.runs}))
    print()
    print(textwrap.fill(f"verdict: {result.verdict.message()}", width=100, subsequent_indent="  "))
    print(f"(stored as group {result.group_id})")
    return 1 if any(r.status == "failed" for _, _, r in result.runs) else 0


def lesson_list(lessons) -> str:
    width = max(len(lesson.name) for lesson in lessons)
    lines = []
    for lesson in lessons:
        runs = ", ".join(run.label for run in lesson.runs)
        lines.append(f"{lesson.name.ljust(width)}  {lesson.title}")
        lines.append(f"{''.ljust(width)}  {runs}; {lesson.seeds} seeds; data in {', '.join(lesson.data)}")
    return "\n".join(lines)


def introduction(lesson, language: str, seeds: int) -> str:
    from workbench.core.compare import describe_runs

    settings = describe_runs([lesson.config(run) for run in lesson.runs], shared_model=False)
    files = lesson.data.get(language)
    lines = [f"lesson: {lesson.title}", textwrap.fill(lesson.summary, width=100)]
    if files is not None:
        lines.append("data: " + ", ".join(str(path) for path in files.paths()))
    lines.append(f"runs ({seeds} seed{'s' if seeds != 1 else ''} each): "
                 + "; ".join(f"{run.label} ({text})" for run, text in zip(lesson.runs, settings)))
    return "\n".join(lines)


class LessonPrinter:
    """The lesson's listener: narration, one header and one result line per run, epochs with --verbose."""

    def __init__(self, verbose: bool) -> None:
        self.epochs = EpochPrinter() if verbose else None
        self.history: list[dict[str, float]] = []
        self.current = ""

    def __call__(self, event) -> None:
        from workbench.core.events import EpochEnd, LessonRunStarted, LessonStep, RunFinished, RunStarted

        if self.epochs is not None and isinstance(event, (RunStarted, EpochEnd)):
            self.epochs(event)
        if isinstance(event, LessonStep):
            if event.moment != "verdict":  # printed after the table, with the numbers
                print(textwrap.fill(f"» {event.text.format(**event.values)}", width=100, subsequent_indent="  "),
                      flush=True)
        elif isinstance(event, LessonRunStarted):
            self.current = f"run {event.index}/{event.total}"
            print(f"{self.current}: {event.label}, seed {event.seed}", flush=True)
        elif isinstance(event, RunStarted):
            self.history = []
        elif isinstance(event, EpochEnd):
            self.history.append(event.metrics)
        elif isinstance(event, RunFinished):
            print(f"{self.current} {event.status}: {run_summary(self.history)}", flush=True)
            if event.status in ("diverged", "failed"):
                print(f"{'error' if event.status == 'failed' else 'note'}: {self.current}: {event.message}",
                      file=sys.stderr if event.status == "failed" else sys.stdout, flush=True)


def run_summary(history: list[dict[str, float]]) -> str:
    from workbench.core.lessons import best_val_accuracy

    if not history:
        return "no epoch finished"
    losses = [h["val_loss"] for h in history]
    return (f"{len(history)} epochs, best val_accuracy {best_val_accuracy(history):.3f}, "
            f"val_loss lowest {min(losses):.3f} -> last {losses[-1]:.3f}, "
            f"{sum(h.get('seconds', 0.0) for h in history):.1f} s in epochs")


def verdict_table(values: dict[str, dict[str, Any]], labels: dict[str, str]) -> str:
    """A verdict's numbers: one row per run (named by ``labels``), one column per measure (nested ones flattened)."""
    rows = {name: dict(_flatten(measures)) for name, measures in values.items()}
    columns = list(dict.fromkeys(key for row in rows.values() for key in row))
    table = [["run", *columns]] + [[labels.get(name, name), *(_cell(row.get(c)) for c in columns)]
                                   for name, row in rows.items()]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(line, widths))).rstrip() for line in table)


def _flatten(values: dict[str, Any], prefix: str = ""):
    for key, value in values.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key} ")
        else:
            yield f"{prefix}{key}", value


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "-" if not math.isfinite(value) else f"{value:.3g}" if abs(value) >= 1000 else f"{value:.3f}"
    return "-" if value is None else str(value)


def write_json(path: str | None, result) -> None:
    if not path:
        return
    data = result.to_dict() if result is not None else {"runs": [], "verdict": None}
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
    except OSError as exc:
        raise WorkbenchError(f"Cannot write {path}: {exc.strerror}.") from None
