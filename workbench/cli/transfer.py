"""`workbench pretrain`, and the starting settings of `train --init-from` and `train --embeddings`."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.cli.common import EpochPrinter, add_config_flags, config_from_args, stop_on_ctrl_c
from workbench.core.errors import WorkbenchError


def register(commands) -> None:
    pretrain = commands.add_parser(
        "pretrain", help="pretrain a model's embedding and encoder on unlabelled text",
        description="Teach a model's embedding and encoder to predict the tokens of unlabelled texts (the next "
                    "token for one-directional recurrent models, a masked token for the others), and store it as a "
                    "run of kind 'pretrain'. Start a classifier from it with `workbench train FILE --init-from "
                    "RUN_ID`. Labels, if the file has any, are ignored.")
    pretrain.add_argument("file", help="a CSV/TSV file (its text column is used) or a text file, one text per line")
    pretrain.add_argument("--text-column", metavar="C", help="name (or 1-based number) of the text column")
    pretrain.add_argument("--config", metavar="FILE.json", help="settings saved as JSON (e.g. from `runs show`)")
    pretrain.add_argument("--json", metavar="OUT.json", help="write the result as JSON to this file")
    pretrain.add_argument("--export-vectors", metavar="OUT.vec",
                          help="also write the learnt embedding in the word2vec text format")
    add_config_flags(pretrain)
    pretrain.set_defaults(handler=cmd_pretrain)


def cmd_pretrain(args: argparse.Namespace) -> int:
    from workbench.core.data import load_texts
    from workbench.core.pretrain import check_config, pretrain
    from workbench.core.store import RunStore
    from workbench.core.vectors import write_vectors

    config = config_from_args(args)
    check_config(config)
    corpus = load_texts(args.file, args.text_column)
    print(f"{corpus.rows:,} texts from column {corpus.text_column!r} ({corpus.language})", flush=True)
    with stop_on_ctrl_c("stopping after this batch (Ctrl-C again to abort)...") as stop, RunStore() as store:
        result = pretrain(config, corpus, listener=EpochPrinter(), stop=stop, store=store)
    out = {**result.to_dict(), "data": corpus.to_dict()}
    if args.export_vectors and result.model is not None and result.status != "failed":
        vocabulary, matrix = result.embedding()
        count = write_vectors(args.export_vectors, vocabulary, matrix)
        out["vectors"] = {"path": args.export_vectors, "count": count, "dimension": int(matrix.shape[1])}
        print(f"wrote {count:,} word vectors ({matrix.shape[1]} dimensions) to {args.export_vectors}")
    if args.json:
        try:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(out, f, ensure_ascii=False, indent=2)
        except OSError as exc:
            raise WorkbenchError(f"Cannot write {args.json}: {exc.strerror}.") from None
    print(f"run {result.run_id}: {result.status} ({result.timing['total_s']:.1f} s)"
          + (f"; start a classifier from it with --init-from {result.run_id}" if result.model_path else ""))
    if result.status in ("diverged", "failed"):
        print(f"error: {result.message}", file=sys.stderr)
        return 1
    return 130 if result.status == "stopped" else 0


def starting_config(args: argparse.Namespace, class_names: list[str]):
    """The settings `train` begins from before its flags apply, or None for the defaults.

    With --init-from (and no --config): the parent's settings, with the learning rate advised
    for fine-tuning it on data of ``class_names`` (``transfer.fine_tune_config``). With
    --embeddings and no --embedding-dim: the vectors' dimension as the embedding size.
    """
    from workbench.core.config import ExperimentConfig, parse_value

    if getattr(args, "config", None):
        return None
    run_id = parse_value("init_from", args.init_from) if args.init_from is not None else 0
    if run_id:
        from workbench.core.store import RunStore
        from workbench.core.transfer import fine_tune_config

        with RunStore() as store:
            return fine_tune_config(store, run_id, class_names)
    if args.embeddings and args.embedding_dim is None:
        from workbench.core.vectors import check_vectors

        return ExperimentConfig(embedding_dim=check_vectors(args.embeddings))
    return None
