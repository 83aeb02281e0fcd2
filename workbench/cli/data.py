"""`workbench inspect`: what is in a file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import add_column_options

if TYPE_CHECKING:  # pandas is imported by a command that reads a file, not by every start (the window's)
    from workbench.core.data import DatasetSummary


def register(commands) -> None:
    inspect = commands.add_parser("inspect", help="summarize a CSV/TSV file of labelled texts")
    inspect.add_argument("file", help="CSV or TSV file")
    add_column_options(inspect)
    inspect.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    inspect.set_defaults(handler=cmd_inspect)


def cmd_inspect(args: argparse.Namespace) -> int:
    from workbench.core.data import load_dataset

    dataset = load_dataset(args.file, args.text_column, args.label_column)
    if args.json:
        json.dump(dataset.summary.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_summary(dataset.summary))
    return 0


def _plural(count: int, noun: str) -> str:
    """``noun`` as it reads after ``count`` (the terminal's texts are English; the window's go through Qt)."""
    return noun if count == 1 else noun + "s"


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
        ("Duplicates", f"{s.duplicate_texts} repeated {_plural(s.duplicate_texts, 'text')}, "
                       + f"{s.conflicting_texts} {_plural(s.conflicting_texts, 'text')} with conflicting labels"),
    ]
    if s.conflicting_examples:
        lines.append(("", "e.g. " + " | ".join(s.conflicting_examples[:3])))
    if s.replaced_characters:
        one = s.replaced_characters == 1
        lines.append(("Note", f"{s.replaced_characters:,} byte {_plural(s.replaced_characters, 'sequence')} "
                              f"{'is' if one else 'are'} not valid {s.encoding} and {'was' if one else 'were'} read as "
                              "\ufffd; if those texts matter, fix them in the source file or save it again as UTF-8"))
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)
