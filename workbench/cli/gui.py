"""`workbench` and `workbench gui`: the window."""

from __future__ import annotations

import argparse
import gc


def register(commands) -> None:
    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", help="CSV or TSV file to open (default: a bundled sample)")
    add_verbose_option(gui)
    gui.set_defaults(handler=cmd_gui)


def add_verbose_option(parser) -> None:
    parser.add_argument("--verbose", action="store_true",
                        help="show the training engine's log (TensorFlow's messages) in this terminal")


def cmd_gui(args: argparse.Namespace) -> int:
    # Python's garbage collector is paused until the window's first paint (MainWindow.eventFilter turns it
    # back on): start-up's imports and widgets make objects that live as long as the window and no garbage,
    # and collections walked them all, 45-50 ms of the half second before the window shows.
    gc.disable()
    from workbench.gui.app import run

    return run(getattr(args, "file", None), verbose=getattr(args, "verbose", False))
