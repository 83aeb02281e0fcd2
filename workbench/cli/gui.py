"""`workbench` and `workbench gui`: the window."""

from __future__ import annotations

import argparse


def register(commands) -> None:
    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", help="CSV or TSV file to open (default: a bundled sample)")
    gui.set_defaults(handler=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    from workbench.gui.app import run

    return run(getattr(args, "file", None))
