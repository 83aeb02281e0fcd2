"""`workbench predict`, `prune`, `export` and `structure`: from a stored run to a model that ships."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.common import EpochPrinter, stop_on_ctrl_c, write_json
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.text import shorten

FORMATS = ("bundle", "tflite", "tensorboard")


def register(commands) -> None:
    predict = commands.add_parser(
        "predict", help="classify texts with a stored run's model",
        description="Print each text's class and probability, prepared exactly as the window prepares it.")
    predict.add_argument("run_id", type=int)
    predict.add_argument("texts", nargs="*", metavar="TEXT", help="texts to classify")
    predict.add_argument("--csv", metavar="FILE", help="also classify every row of this CSV/TSV file")
    predict.add_argument("--text-column", metavar="C", help="the file's text column (default: guessed)")
    _json_option(predict, '{"run_id", "class_names", "predictions": [{"text", "label", "probabilities"}]}')
    predict.set_defaults(handler=cmd_predict)

    prune = commands.add_parser(
        "prune", help="zero a stored run's smallest weights, optionally fine-tune, store the result as a new run",
        description="Magnitude pruning: each weight matrix (kernels and embedding tables, not biases) loses its "
                    "smallest weights, then fine-tuning (optional) trains the rest with the pruned ones held at "
                    "zero. The result is a new run of kind prune, tested on the parent's own test rows.")
    prune.add_argument("run_id", type=int)
    prune.add_argument("--sparsity", type=float, metavar="S", help="share of weights to zero, 0 to 0.99 (e.g. 0.8)")
    prune.add_argument("--fine-tune-epochs", type=int, default=0, metavar="N",
                       help="epochs of training after pruning, pruned weights held at zero (default 0)")
    prune.add_argument("--curve", action="store_true",
                       help="instead, measure test accuracy at sparsity 0, 0.5, 0.7, 0.8, 0.9 and 0.95 (nothing "
                            "is stored)")
    _json_option(prune, "the new run: sparsity, test_accuracy, size_bytes and more (with --curve, the points)")
    prune.set_defaults(handler=cmd_prune)

    export = commands.add_parser(
        "export", help="a stored run as a folder that works without the workbench, TFLite files or TensorBoard logs",
        description="bundle (default): model.keras, vocabulary, settings, fingerprint, metrics, predict.py and "
                    "train.py. tflite: the bundle plus TensorFlow Lite files, each measured on the run's test rows. "
                    "tensorboard: the runs' curves, weight histograms and hyperparameters as event files.")
    export.add_argument("run_ids", type=int, nargs="+", metavar="RUN_ID",
                        help="the run to export (several for --format tensorboard)")
    export.add_argument("--out", required=True, metavar="DIR", help="the folder to write")
    export.add_argument("--format", choices=FORMATS, default="bundle")
    export.add_argument("--quantize", metavar="MODE", default="none,float16,dynamic,int8",
                        help="tflite only: none, float16, dynamic and/or int8, comma-separated (default: all four)")
    export.add_argument("--force", action="store_true", help="write into an existing, non-empty folder")
    _json_option(export, "what was written (with tflite, the table of variants)")
    export.set_defaults(handler=cmd_export)

    structure = commands.add_parser("structure", help="a stored run's layers: shapes, parameters, regularization")
    structure.add_argument("run_id", type=int)
    _json_option(structure, '{"run_id", "model", "total_params", "layers": [...]}')
    structure.set_defaults(handler=cmd_structure)


def cmd_predict(args: argparse.Namespace) -> int:
    from workbench.core.predict import predict, texts_from_file
    from workbench.core.store import RunStore

    texts = list(args.texts) + (texts_from_file(args.csv, args.text_column) if args.csv else [])
    with RunStore() as store:
        result = predict(store, args.run_id, texts)
    for text, label, row in zip(result.texts, result.labels, result.probabilities):
        print(f"{label}\t{row.max():.3f}\t{shorten(' '.join(text.split()), 80)}")  # one line per text
    write_json(args.json, result.to_dict())
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from workbench.core.prune import check_sparsity, prune, sparsity_curve
    from workbench.core.store import RunStore

    if not args.curve and args.sparsity is None:
        raise ConfigError("Give --sparsity S (e.g. 0.8 zeroes 80% of the weights), or --curve.")
    if args.sparsity is not None:
        check_sparsity(args.sparsity)
    with stop_on_ctrl_c("stopping after this batch (Ctrl-C again to abort)...") as stop, RunStore() as store:
        if args.curve:
            curve = sparsity_curve(store, args.run_id, fine_tune_epochs=args.fine_tune_epochs,
                                   listener=_print_curve_point, stop=stop)
            write_json(args.json, curve.to_dict())
            return 130 if curve.stopped else 0
        result = prune(store, args.run_id, args.sparsity, args.fine_tune_epochs, listener=EpochPrinter(), stop=stop)
    print(f"run {result.run_id}: run {result.parent_id} pruned to {result.sparsity:.1%} sparsity; {result.status}")
    before = (f", {result.test_accuracy_before_fine_tuning:.3f} before fine-tuning"
              if result.fine_tune_epochs else "")
    print(f"test accuracy {result.test_accuracy:.3f}{before} (run {result.parent_id}: "
          f"{result.parent_test_accuracy:.3f})")
    print(f"zipped size {_megabytes(result.size_bytes)} (run {result.parent_id}: "
          f"{_megabytes(result.parent_size_bytes)}, {result.size_bytes / result.parent_size_bytes:.0%} of it)")
    write_json(args.json, result.to_dict())
    return 130 if result.status == "stopped" else 0


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore

    if args.format != "tensorboard" and len(args.run_ids) > 1:
        raise WorkbenchError(f"Export one run at a time as {args.format}; only --format tensorboard takes several.")
    run_id = args.run_ids[0]
    with stop_on_ctrl_c("stopping after this variant (Ctrl-C again to abort)...") as stop, RunStore() as store:
        if args.format == "bundle":
            from workbench.core.bundle import export_bundle

            result: Any = export_bundle(store, run_id, args.out, force=args.force)
            print(f"run {run_id} exported to {result.folder}: {', '.join(result.files)}")
        elif args.format == "tflite":
            from workbench.core.tflite import check_modes, export_tflite

            modes = check_modes([m.strip() for m in args.quantize.split(",") if m.strip()])
            result = export_tflite(store, run_id, args.out, modes, force=args.force,
                                   listener=_print_variant, stop=stop)
            print()
            print(_variant_table(result.table()))
            for mode, reason in result.failed.items():
                print(f"note: {mode} could not be made: {reason}")
        else:
            from workbench.core.tensorboard_export import export_tensorboard

            result = export_tensorboard(store, args.run_ids, args.out, force=args.force)
            for exported_id, name in result.runs.items():
                print(f"run {exported_id} -> {name}")
            print(f"open them with: tensorboard --logdir {args.out!r}")
    for note in getattr(result, "notes", []):
        print(f"note: {note}")
    write_json(args.json, result.to_dict())
    return 130 if getattr(result, "stopped", False) else 0


def cmd_structure(args: argparse.Namespace) -> int:
    from workbench.core.store import RunStore
    from workbench.core.structure import run_structure

    with RunStore() as store:
        structure = run_structure(store, args.run_id)
    rows = [("layer", "type", "output shape", "parameters", "reads from", "regularization")]
    rows += [(layer.name, layer.type, "(" + ", ".join("None" if d is None else str(d) for d in layer.output_shape)
              + ")", f"{layer.params:,}", ", ".join(layer.inbound) or "-", layer.regularization_text() or "-")
             for layer in structure.layers]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(f"{structure.model}: {structure.total_params:,} parameters")
    write_json(args.json, structure.to_dict())
    return 0


# --- output -------------------------------------------------------------------------------


def _json_option(parser: argparse.ArgumentParser, shape: str) -> None:
    parser.add_argument("--json", metavar="OUT.json", help=f"write {shape} to this file")


def _print_curve_point(event) -> None:
    point = event.result
    print(f"sparsity {point['sparsity']:.1%}: test accuracy {point['test_accuracy']:.3f}, zipped size "
          f"{_megabytes(point['size_bytes'])}", flush=True)


def _print_variant(event) -> None:
    if "error" in event.result:
        print(f"{event.label}: failed ({event.result['error']})", flush=True)
    else:
        print(f"{event.label}: {_megabytes(event.result['size_bytes'])}, test accuracy "
              f"{event.result['test_accuracy']:.3f}", flush=True)


def _variant_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| variant | file | size | vs float32 | test accuracy | ms per text | note |", "|---" * 7 + "|"]
    for row in rows:
        ratio = f"{row['size_vs_float32']:.0%}" if row["size_vs_float32"] is not None else "-"
        lines.append(f"| {row['name']} | {row['file']} | {_megabytes(row['size_bytes'])} | {ratio} | "
                     f"{row['test_accuracy']:.3f} | {row['latency_ms']:.3f} | {row['note']} |")
    return "\n".join(lines)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"
