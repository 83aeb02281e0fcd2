"""Command line: `workbench` opens the window; `workbench inspect FILE` works headless.

User mistakes (bad files, bad options) end with exit status 2 and one
``error: ...`` line on stderr; a bug ends with status 1 and one line too, unless
WORKBENCH_DEBUG is set, which shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from workbench.core.data import DatasetSummary, load_dataset
from workbench.core.errors import WorkbenchError

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Text Classification Workbench. Without a command, opens the window.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    inspect = commands.add_parser("inspect", help="summarize a CSV/TSV file of labelled texts")
    inspect.add_argument("file", help="CSV or TSV file")
    _add_column_options(inspect)
    inspect.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    inspect.set_defaults(handler=cmd_inspect)

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", help="CSV or TSV file to open (default: a bundled sample)")
    gui.set_defaults(handler=cmd_gui)
    return parser


def _add_column_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", metavar="C", help="name (or 1-based number) of the text column")
    parser.add_argument("--label-column", metavar="C", help="name (or 1-based number) of the label column")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args)
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


def cmd_inspect(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.file, args.text_column, args.label_column)
    if args.json:
        json.dump(dataset.summary.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_summary(dataset.summary))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from workbench.gui.app import run

    return run(getattr(args, "file", None))


def format_summary(s: DatasetSummary) -> str:
    """The summary as aligned lines a person reads in a terminal."""
    total = sum(s.classes.values())
    classes = ", ".join(f"{name} {n} ({n / total:.1%})" for name, n in s.classes.items())
    dropped = (f"{s.dropped_rows} dropped ({s.dropped_empty_text} empty text, "
               f"{s.dropped_empty_label} empty label, {s.malformed_rows} malformed)")
    if s.malformed_lines:
        dropped += f"; malformed rows at line {', '.join(map(str, s.malformed_lines))}"
    tokens_are = "characters" if s.is_cjk else "words"
    lines = [
        ("File", s.path),
        ("Format", f"{s.encoding}, {s.delimiter}-separated, {'with' if s.has_header else 'no'} header"),
        ("Columns", f"text = {s.text_column!r}, label = {s.label_column!r} (all: {', '.join(s.columns)})"),
        ("Rows", f"{s.rows} usable, {dropped}"),
        ("Language", f"{s.language} (tokens are {tokens_are})"),
        ("Classes", f"{len(s.classes)}: {classes}"),
        ("Characters", f"median {s.chars.median:g}, mean {s.chars.mean:g}, 95% {s.chars.p95:g}, max {s.chars.max}"),
        ("Tokens", f"median {s.tokens.median:g}, mean {s.tokens.mean:g}, 95% {s.tokens.p95:g}, max {s.tokens.max}"
                   + (f" (in a sample of {s.tokens_counted_in:,} rows)" if s.tokens_counted_in < s.rows else "")),
        ("Duplicates", f"{s.duplicate_texts} repeated texts, {s.conflicting_texts} texts with conflicting labels"),
    ]
    if s.conflicting_examples:
        lines.append(("", "e.g. " + " | ".join(s.conflicting_examples[:3])))
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


if __name__ == "__main__":
    raise SystemExit(main())
