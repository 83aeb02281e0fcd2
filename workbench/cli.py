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
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.probes import clean_probes
from workbench.core.text import shorten

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

    train = commands.add_parser("train", help="train one model headless, one line per epoch",
                                description="Train one model. Every setting has a flag; --config FILE.json "
                                            "gives a starting point that flags override.")
    train.add_argument("file", help="CSV or TSV file of labelled texts")
    train.add_argument("--test-data", metavar="FILE", help="separate test file (instead of a test fraction)")
    train.add_argument("--validation-data", metavar="FILE", help="separate validation file")
    _add_column_options(train)
    train.add_argument("--config", metavar="FILE.json", help="settings saved as JSON (e.g. from `runs show`)")
    train.add_argument("--json", metavar="OUT.json", help="write the result as JSON to this file")
    _add_probe_option(train)
    add_config_flags(train)
    train.set_defaults(handler=cmd_train)

    sweep = commands.add_parser(
        "sweep", help="train once per value of one or two settings, on one shared split",
        description="Train the same experiment once per value of one setting (or per pair of values of two), "
                    "all on one split made with the base seed and fractions, and compare them in a table. "
                    "Every train option applies to all runs; --vary names what differs.")
    sweep.add_argument("file", help="CSV or TSV file of labelled texts")
    sweep.add_argument("--vary", metavar="NAME=V1,V2", action="append", default=[],
                       help="a setting and the values to try, e.g. dropout=0,0.2,0.5; give it at most twice "
                            "(every combination is trained); separate values with ; when they hold commas, "
                            "e.g. kernel_sizes='3,4,5;2,3'")
    sweep.add_argument("--test-data", metavar="FILE", help="separate test file (instead of a test fraction)")
    sweep.add_argument("--validation-data", metavar="FILE", help="separate validation file")
    _add_column_options(sweep)
    sweep.add_argument("--config", metavar="FILE.json", help="settings saved as JSON (e.g. from `runs show`)")
    sweep.add_argument("--json", metavar="OUT.json",
                       help='write {"runs": [...]} to this file: each run as `train --json` writes it, plus '
                            '"varied"')
    _add_probe_option(sweep)
    add_config_flags(sweep)
    sweep.set_defaults(handler=cmd_sweep)

    runs = commands.add_parser("runs", help="list, show or delete stored runs")
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    runs_commands.add_parser("list", help="one line per run, newest first").set_defaults(handler=cmd_runs_list)
    for action, handler, text in (("show", cmd_runs_show, "a run's settings, history and scores as JSON"),
                                  ("delete", cmd_runs_delete, "delete a run and its saved model")):
        sub = runs_commands.add_parser(action, help=text)
        sub.add_argument("run_id", type=int)
        sub.set_defaults(handler=handler)

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", help="CSV or TSV file to open (default: a bundled sample)")
    gui.set_defaults(handler=cmd_gui)
    return parser


def _add_column_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", metavar="C", help="name (or 1-based number) of the text column")
    parser.add_argument("--label-column", metavar="C", help="name (or 1-based number) of the label column")


def _add_probe_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--probe", metavar="TEXT", action="append", default=[],
                        help="a sentence to follow: its class probabilities are printed after every epoch "
                             "(and kept with the run); give it up to 8 times")


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per declared hyperparameter; values not given stay None (= keep the config's)."""
    from workbench.core.config import PARAMS

    groups: dict[str, argparse._ArgumentGroup] = {}
    for spec in PARAMS:
        group = groups.setdefault(spec.group, parser.add_argument_group(f"{spec.group} settings"))
        flag = "--" + spec.name.replace("_", "-")
        extra = f" One of: {', '.join(spec.choices)}." if spec.choices else (
            f" Range {spec.minimum:g} to {spec.maximum:g}." if spec.minimum is not None else "")
        help_text = f"{spec.help}{extra} Default: {spec.default}."
        if spec.type is bool:
            group.add_argument(flag, dest=spec.name, action=argparse.BooleanOptionalAction, default=None,
                               help=help_text)
        else:
            group.add_argument(flag, dest=spec.name, metavar=spec.type.__name__.upper(), default=None,
                               help=help_text)


def config_from_args(args: argparse.Namespace):
    from workbench.core.config import PARAMS, ExperimentConfig, parse_value

    config = ExperimentConfig()
    if getattr(args, "config", None):
        try:
            text = open(args.config, encoding="utf-8").read()
        except OSError as exc:
            raise ConfigError(f"Cannot read the settings file {args.config}: {exc.strerror}.") from None
        config = ExperimentConfig.from_json(text)
    changes = {}
    for spec in PARAMS:
        value = getattr(args, spec.name, None)
        if value is not None:
            changes[spec.name] = value if spec.type is bool else parse_value(spec.name, value)
    return config.replace(**changes).validate()


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


def training_data(args: argparse.Namespace, config):
    """The file as a Dataset, or a Split when separate test or validation files are given."""
    from workbench.core.data import load_companion, split_dataset

    dataset = load_dataset(args.file, args.text_column, args.label_column)
    test = load_companion(args.test_data, like=dataset) if args.test_data else None
    validation = load_companion(args.validation_data, like=dataset) if args.validation_data else None
    if test is None and validation is None:
        return dataset
    return split_dataset(dataset, config.validation_fraction, config.test_fraction, config.seed,
                         validation=validation, test=test)


def cmd_train(args: argparse.Namespace) -> int:
    import signal
    import threading

    from workbench.core.store import RunStore
    from workbench.core.training import train

    config = config_from_args(args)
    args.probe = clean_probes(args.probe)
    data = training_data(args, config)
    stop = threading.Event()

    def first_interrupt(signum, frame):  # a second Ctrl-C falls back to the default (abort)
        print("stopping after this batch (Ctrl-C again to abort)...", file=sys.stderr, flush=True)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first_interrupt)
    try:
        with RunStore() as store:
            result = train(config, data, listener=EpochPrinter(), stop=stop, store=store, probes=args.probe)
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result.to_dict(), f, ensure_ascii=False, indent=2)
    test_line = ""
    if result.test:
        test_line = f", test accuracy {result.test['accuracy']:.3f}, macro-F1 {result.test['macro_f1']:.3f}"
    print(f"run {result.run_id}: {result.status}{test_line} ({result.timing['total_s']:.1f} s)")
    if result.status in ("diverged", "failed"):
        print(f"error: {result.message}", file=sys.stderr)
        return 1
    return 130 if result.status == "stopped" else 0


def cmd_sweep(args: argparse.Namespace) -> int:
    import signal
    import threading

    from workbench.core.store import RunStore
    from workbench.core.sweep import describe_varied, parse_vary, results_table, run_sweep, sweep_configs

    config = config_from_args(args)
    args.probe = clean_probes(args.probe)
    vary = [parse_vary(text, base=config) for text in args.vary]
    names = [name for name, _ in vary]
    total = len(sweep_configs(config, vary))  # refuse a bad sweep before reading the data
    data = training_data(args, config)
    finished: list = []

    def write_json() -> None:  # after every run, so a sweep cut short keeps what it finished
        if not args.json:
            return
        runs = [{**r.to_dict(), "varied": {name: getattr(r.config, name) for name in names}} for r in finished]
        try:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"runs": runs}, f, ensure_ascii=False, indent=2)
        except OSError as exc:
            raise WorkbenchError(f"Cannot write {args.json}: {exc.strerror}.") from None

    def run_starts(index, total, run_config) -> None:
        print(f"run {index}/{total}: {describe_varied(run_config, names)}", flush=True)

    def run_done(index, total, result) -> None:
        finished.append(result)
        write_json()
        test_line = ""
        if result.test:
            test_line = f", test accuracy {result.test['accuracy']:.3f}, macro-F1 {result.test['macro_f1']:.3f}"
        print(f"run {index}/{total} {result.status} (stored as run {result.run_id}){test_line} "
              f"({result.timing['total_s']:.1f} s)", flush=True)
        if result.status in ("diverged", "failed"):
            print(f"{'error' if result.status == 'failed' else 'note'}: run {index}/{total}: {result.message}",
                  file=sys.stderr if result.status == "failed" else sys.stdout, flush=True)

    write_json()  # an unwritable --json fails now, not after the last run
    stop = threading.Event()

    def first_interrupt(signum, frame):  # a second Ctrl-C falls back to the default (abort)
        print("stopping after this batch; the remaining runs are skipped (Ctrl-C again to abort)...",
              file=sys.stderr, flush=True)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first_interrupt)
    try:
        with RunStore() as store:
            results = run_sweep(config, vary, data, listener=EpochPrinter(), stop=stop, store=store,
                                on_run_done=run_done, on_run_start=run_starts, probes=args.probe)
    finally:
        signal.signal(signal.SIGINT, previous)
    print()
    print(results_table(results, names))
    if stop.is_set() or len(results) < total:
        print(f"sweep stopped: {len(results)} of {total} runs trained", file=sys.stderr)
        return 130
    return 1 if any(r.status == "failed" for r in results) else 0


class EpochPrinter:
    """The CLI's listener: one line per epoch on stdout, and one per probe sentence."""

    def __call__(self, event) -> None:
        from workbench.core.events import EpochEnd, RunStarted

        if isinstance(event, RunStarted):
            self.epochs, self.probes, self.class_names = event.epochs, event.probes, event.class_names
            if event.baseline:
                print(f"lookup-table baseline (memorizes the training texts): val_accuracy "
                      f"{event.baseline['val_accuracy']:.4f}", flush=True)
            sizes = ", ".join(f"{k} {v}" for k, v in event.sizes.items())
            print(f"{event.config['model']}: {event.total_params:,} parameters; rows: {sizes}", flush=True)
            for note in event.notes:
                print(f"note: {note}", flush=True)
        elif isinstance(event, EpochEnd):
            m = event.metrics
            print(f"epoch {event.epoch}/{self.epochs}  loss {m['loss']:.4f}  accuracy {m['accuracy']:.4f}  "
                  f"val_loss {m['val_loss']:.4f}  val_accuracy {m['val_accuracy']:.4f}  "
                  f"penalty {m['regularization']:.4f}  lr {m['learning_rate']:.2g}  {m['seconds']:.1f}s",
                  flush=True)
            for text, probabilities in zip(self.probes, event.probes):
                ranked = sorted(zip(self.class_names, probabilities), key=lambda pair: -pair[1])
                shown = "  ".join(f"{name} {p:.3f}" for name, p in ranked[:3])
                print(f"    probe {shorten(text, 40)!r}: {shown}", flush=True)


def cmd_runs_list(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore

    with RunStore() as store:
        runs = store.list_runs()
    if not runs:
        print("no runs yet: train one with `workbench train FILE`")
    for r in runs:
        best = f"{r.best_val_accuracy:.3f}" if r.best_val_accuracy is not None else "-"
        seconds = f"{r.duration_s:.1f}s" if r.duration_s is not None else "-"
        print(f"{r.id:>5}  {r.status:<9}  {r.model:<18}  best val_acc {best:<6}  {seconds:>8}  {r.name}")
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
