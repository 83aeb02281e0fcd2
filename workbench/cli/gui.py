"""`workbench` and `workbench gui`: the window."""

from __future__ import annotations

import argparse


def register(commands) -> None:
    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", help="CSV or TSV file to open (default: a bundled sample)")
    add_verbose_option(gui)
    gui.set_defaults(handler=cmd_gui)


def add_verbose_option(parser) -> None:
    parser.add_argument("--verbose", action="store_true",
                        help="show the training engine's log (TensorFlow's messages) in this terminal")


def cmd_gui(args: argparse.Namespace) -> int:
    from workbench.gui.app import run

    return run(getattr(args, "file", None), verbose=getattr(args, "verbose", False))
