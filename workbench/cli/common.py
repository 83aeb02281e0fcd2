"""What several commands share: column and probe options, one flag per setting, the data to
train on, Ctrl-C handling and the per-epoch printer."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.text import shorten


def add_column_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", metavar="C", help="name (or 1-based number) of the text column")
    parser.add_argument("--label-column", metavar="C", help="name (or 1-based number) of the label column")


def add_probe_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--probe", metavar="TEXT", action="append", default=[],
                        help="a sentence to follow: its class probabilities are printed after every epoch "
                             "(and kept with the run); give it up to 8 times")


def add_training_options(parser: argparse.ArgumentParser, json_help: str, probes: bool = True) -> None:
    """The data file, its companions and columns, --config, --json, --probe (unless ``probes`` is False)
    and one flag per setting."""
    parser.add_argument("file", help="CSV or TSV file of labelled texts")
    parser.add_argument("--test-data", metavar="FILE", help="separate test file (instead of a test fraction)")
    parser.add_argument("--validation-data", metavar="FILE", help="separate validation file")
    add_column_options(parser)
    parser.add_argument("--config", metavar="FILE.json", help="settings saved as JSON (e.g. from `runs show`)")
    parser.add_argument("--json", metavar="OUT.json", help=json_help)
    if probes:
        add_probe_option(parser)
    add_config_flags(parser)


def add_repeat_options(parser: argparse.ArgumentParser, default: int = 1, split_option: bool = True) -> None:
    """--repeats K (seeds --seed, --seed + 1, ...) and, with ``split_option``, --split-per-seed."""
    parser.add_argument("--repeats", metavar="K", type=int, default=default,
                        help=f"train each setting K times, with seeds SEED, SEED+1, ..., SEED+K-1 (SEED from "
                             f"--seed), to see how much of a result is noise; default {default}")
    if split_option:
        parser.add_argument("--split-per-seed", action="store_true",
                            help="with --repeats: each seed also draws its own train/validation/test split "
                                 "(default: every seed trains on the split made with --seed)")


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


def config_from_args(args: argparse.Namespace, base=None):
    """The defaults (or ``base``), then --config, then the flags given."""
    from workbench.core.config import PARAMS, ExperimentConfig, parse_value

    config = base or ExperimentConfig()
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


def training_data(args: argparse.Namespace, config, dataset=None):
    """The file (or ``dataset``, already read from it) as a Dataset, or a Split when separate test or
    validation files are given."""
    from workbench.core.data import load_companion, load_dataset, split_dataset

    dataset = dataset or load_dataset(args.file, args.text_column, args.label_column)
    test = load_companion(args.test_data, like=dataset) if args.test_data else None
    validation = load_companion(args.validation_data, like=dataset) if args.validation_data else None
    if test is None and validation is None:
        return dataset
    return split_dataset(dataset, config.validation_fraction, config.test_fraction, config.seed,
                         validation=validation, test=test)


def write_json(path: str | None, data) -> None:
    """Write ``data`` as JSON to ``path`` (nothing without one); a path that cannot be written is the user's to fix."""
    if not path:
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
    except OSError as exc:
        raise WorkbenchError(f"Cannot write {path}: {exc.strerror}; choose another file.") from None


@contextmanager
def stop_on_ctrl_c(message: str) -> Iterator[threading.Event]:
    """An Event set by the first Ctrl-C (with ``message`` on stderr); a second Ctrl-C aborts as usual."""
    stop = threading.Event()

    def first_interrupt(signum, frame):
        print(message, file=sys.stderr, flush=True)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first_interrupt)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def test_scores_text(test: dict | None) -> str:
    """", test accuracy 0.812, macro-F1 0.790" for a run's test scores ("" without any)."""
    if not test:
        return ""
    return f", test accuracy {test['accuracy']:.3f}, macro-F1 {test['macro_f1']:.3f}"


class EpochPrinter:
    """The CLI's listener: one line per epoch on stdout, and one per probe sentence, each after ``prefix``."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    def __call__(self, event) -> None:
        from workbench.core.events import EpochEnd, RunStarted

        if isinstance(event, RunStarted):
            self.epochs, self.probes, self.class_names = event.epochs, event.probes, event.class_names
            if event.baseline:
                print(f"{self.prefix}lookup-table baseline (memorizes the training texts): val_accuracy "
                      f"{event.baseline['val_accuracy']:.4f}", flush=True)
            sizes = ", ".join(f"{k} {v}" for k, v in event.sizes.items())
            print(f"{self.prefix}{event.config['model']}: {event.total_params:,} parameters; rows: {sizes}", flush=True)
            for note in event.notes:
                print(f"{self.prefix}note: {note}", flush=True)
        elif isinstance(event, EpochEnd):
            m = event.metrics
            print(f"{self.prefix}epoch {event.epoch}/{self.epochs}  loss {m['loss']:.4f}  "
                  f"accuracy {m['accuracy']:.4f}  val_loss {m['val_loss']:.4f}  val_accuracy {m['val_accuracy']:.4f}  "
                  f"penalty {m['regularization']:.4f}  lr {m['learning_rate']:.2g}  {m['seconds']:.1f}s",
                  flush=True)
            for text, probabilities in zip(self.probes, event.probes):
                ranked = sorted(zip(self.class_names, probabilities), key=lambda pair: -pair[1])
                shown = "  ".join(f"{name} {p:.3f}" for name, p in ranked[:3])
                print(f"{self.prefix}    probe {shorten(text, 40)!r}: {shown}", flush=True)
