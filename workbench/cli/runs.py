"""`workbench runs list|show|delete`: the run store from the terminal."""

from __future__ import annotations

import argparse
import json
import sys


def register(commands) -> None:
    runs = commands.add_parser("runs", help="list, show or delete stored runs (alone: list them)")
    runs.set_defaults(handler=cmd_runs_list)  # `workbench runs` lists, as `runs list` does
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    runs_commands.add_parser("list", help="one line per run, newest first").set_defaults(handler=cmd_runs_list)
    for action, handler, text in (("show", cmd_runs_show, "a run's settings, history and scores as JSON"),
                                  ("delete", cmd_runs_delete, "delete a run and its saved model")):
        sub = runs_commands.add_parser(action, help=text)
        sub.add_argument("run_id", type=int)
        sub.set_defaults(handler=handler)


def cmd_runs_list(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore

    with RunStore() as store:
        runs = store.list_runs()
    if not runs:
        print("no runs yet: train one with `workbench train FILE`")
    for r in runs:
        best = f"{r.best_val_accuracy:.3f}" if r.best_val_accuracy is not None else "-"
        seconds = f"{r.duration_s:.1f}s" if r.duration_s is not None else "-"
        lineage = (" · pretraining" if r.kind == "pretrain" else "") + (
            f" · from run {r.parent_id}" if r.parent_id is not None else "")
        print(f"{r.id:>5}  {r.status:<9}  {r.model:<18}  best val_acc {best:<6}  {seconds:>8}  {r.name}{lineage}")
    return 0


def cmd_runs_show(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore

    with RunStore() as store:
        out = {**store.get_run(args.run_id).to_dict(), "history": store.history(args.run_id)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def cmd_runs_delete(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore

    with RunStore() as store:
        store.delete(args.run_id)  # an unknown id is a clear error
    print(f"deleted run {args.run_id}")
    return 0
