"""Command line: `workbench` opens the window; the sub-commands work headless.

User mistakes (bad files, bad options) end with exit status 2 and one
``error: ...`` line on stderr; a bug ends with status 1 and one line too, unless
WORKBENCH_DEBUG is set, which shows the traceback.

Each module of this package holds a few related commands and a ``register(commands)``
that adds their parsers; ``COMMAND_MODULES`` lists them in the order `--help` shows them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence

from workbench.core.errors import WorkbenchError

EXIT_USER_ERROR = 2
COMMAND_MODULES = ("data", "training", "transfer", "evaluation", "tuning", "lessons", "runs", "deploy", "gui")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Text Classification Workbench. Without a command, opens the window.",
    )
    from workbench.cli.gui import add_verbose_option

    add_verbose_option(parser)  # `workbench --verbose`: the window, with the engine's log shown
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"workbench.cli.{name}").register(commands)
    return parser


def entry() -> int:
    """The `workbench` command and `python -m workbench`: ``main``, with what native libraries print
    (TensorFlow's start-up lines) in cli.log instead of the terminal, unless --verbose."""
    return main(log_native_output=True)


def main(argv: Sequence[str] | None = None, log_native_output: bool = False) -> int:
    from workbench.cli.gui import cmd_gui

    args = build_parser().parse_args(argv)
    if getattr(args, "handler", None) is None:
        args.handler = cmd_gui
    logged = quiet = contextlib.nullcontext()
    if args.handler is not cmd_gui and not args.verbose:  # the window has engine.log
        quiet = _quiet_tensorflow_logger()
        if log_native_output:
            from workbench.cli.native_output import LOG_NAME, native_output_logged
            from workbench.core.store import default_home

            logged = native_output_logged(default_home() / LOG_NAME)
    with logged, quiet:
        return _run(args)


@contextlib.contextmanager
def _quiet_tensorflow_logger() -> Iterator[None]:
    """TensorFlow's Python logger warns about tf.function retracing (every cross-validation does) and about
    deprecations, which say nothing to a user: errors only while a command runs, then as it was (``main``
    is also called from Python, which keeps its logging). ``--verbose`` shows them."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, never a wall of traceback
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set WORKBENCH_DEBUG=1 for details)", file=sys.stderr)
        return 1
