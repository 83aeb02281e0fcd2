"""Stored runs as TensorBoard logs, for people who already read their experiments there.

One folder per run, named as the legend names it (``compare.describe_runs``), laid out as
Keras' own TensorBoard callback lays it out: ``train/`` and ``validation/`` hold the per-epoch
``epoch_loss`` and ``epoch_accuracy`` (so TensorBoard overlays them), ``train/`` also the
other per-epoch numbers (penalty, learning rate, sparsity...), and the run's folder its test
scores, its weight histograms and its hyperparameters.

Weight histograms: the store keeps each epoch's metrics but not each epoch's weights, so the
histograms are of the final (saved) weights, at the last epoch's step.
HParams: TensorBoard's HParams dashboard reads protocol buffers defined by the tensorboard
package, which TensorFlow no longer installs; without it the hyperparameters are written as a
text summary only (install ``workbench[tensorboard]`` for the dashboard).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.bundle import prepare_folder
from workbench.core.compare import applies, describe_runs
from workbench.core.config import PARAMS
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunRecord, RunStore
from workbench.core.trained_run import find_run

_OVERLAID = {"loss": "epoch_loss", "accuracy": "epoch_accuracy"}  # the tags Keras' callback uses
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass
class TensorBoardExport:
    folder: str
    runs: dict[int, str] = field(default_factory=dict)  # run id -> its folder's name
    hparams: bool = False  # written in the HParams format (the tensorboard package was there)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench export --format tensorboard --json`."""
        return {"folder": self.folder, "runs": {str(k): v for k, v in self.runs.items()}, "hparams": self.hparams,
                "notes": self.notes}


def export_tensorboard(store: RunStore, run_ids: list[int], folder: str | Path, force: bool = False
                       ) -> TensorBoardExport:
    """Write the runs' event files under ``folder``; an existing, non-empty folder needs ``force``."""
    if not run_ids:
        raise WorkbenchError("Give at least one run id to export.")
    records = [find_run(store, run_id) for run_id in dict.fromkeys(run_ids)]
    names = folder_names(records)
    # Forced, the runs' old folders go: old event files would show as a second copy of each curve.
    folder = prepare_folder(folder, force, lambda folder: [folder / name for name in names])
    import tensorflow as tf

    hp = _hparams_api()
    export = TensorBoardExport(str(folder), hparams=hp is not None)
    for record, name in zip(records, names):
        root = folder / name
        history = store.history(record.id)
        last = history[-1]["epoch"] if history else 0
        for part in ("train", "validation"):
            with tf.summary.create_file_writer(str(root / part)).as_default():
                for metrics in history:
                    for key, value in _part_metrics(metrics, part).items():
                        tf.summary.scalar(key, value, step=metrics["epoch"])
        with tf.summary.create_file_writer(str(root)).as_default():
            test = (record.results or {}).get("test") or {}
            for key in ("accuracy", "macro_f1"):
                if key in test:
                    tf.summary.scalar(f"test_{key}", float(test[key]), step=last)
            for path, values in _final_weights(record).items():
                tf.summary.histogram(path, values, step=last)
            settings = _hyperparameters(record)
            tf.summary.text("hyperparameters", "\n".join(["| setting | value |", "|---|---|"] + [
                f"| {key} | {value} |" for key, value in settings.items()]), step=0)
            if hp is not None:
                hp.hparams(settings, trial_id=name)
        export.runs[record.id] = name
    if hp is not None:
        with tf.summary.create_file_writer(str(folder)).as_default():
            hp.hparams_config(hparams=[hp.HParam(key) for key in dict.fromkeys(
                key for record in records for key in _hyperparameters(record))],
                metrics=[hp.Metric("epoch_accuracy", group="validation", display_name="val accuracy"),
                         hp.Metric("epoch_loss", group="validation", display_name="val loss"),
                         hp.Metric("test_accuracy", display_name="test accuracy")])
    else:
        export.notes.append("The hyperparameters are written as text only: the HParams dashboard needs the "
                            "tensorboard package (pip install 'workbench[tensorboard]').")
    export.notes.append("Weight histograms are of each run's final weights: the run store keeps every epoch's "
                        "metrics, not every epoch's weights.")
    return export


def folder_names(records: list[RunRecord]) -> list[str]:
    """"run 7 · LSTM · dropout 0.5": the legend's label after the run id that keeps it unique (and the
    run's kind when it is not a training run, e.g. "· prune")."""
    labels = describe_runs([record.experiment_config() for record in records])
    return [_UNSAFE.sub("-", " · ".join([f"run {record.id}", label] + ([record.kind] if record.kind != "train"
                                                                          else []))).strip(". ")
            for record, label in zip(records, labels)]


def _part_metrics(metrics: dict[str, Any], part: str) -> dict[str, float]:
    out = {}
    for key, value in metrics.items():
        if key == "epoch" or not isinstance(value, (int, float)):
            continue
        is_validation = key.startswith("val_")
        if part == "validation" and is_validation:
            out[_OVERLAID.get(key[4:], key[4:])] = float(value)
        elif part == "train" and not is_validation:
            out[_OVERLAID.get(key, key)] = float(value)
    return out


def _hyperparameters(record: RunRecord) -> dict[str, Any]:
    """The settings that matter for this run (a lookup table has no learning rate), plus its kind."""
    config = record.experiment_config()
    out: dict[str, Any] = {"model": config.model}
    out.update({p.name: getattr(config, p.name) for p in PARAMS if p.name != "model" and applies(config, p.name)})
    if record.kind != "train":
        out["kind"] = record.kind
    return out


def _final_weights(record: RunRecord) -> dict[str, Any]:
    """Weight path -> values of each matrix of the saved model (none for the lookup table)."""
    if record.model == "lookup" or not record.model_path or not Path(record.model_path).is_file():
        return {}
    from workbench.core.diagnostics import weight_matrices
    from workbench.core.models import load_model

    model = load_model(record.model_path)
    return {path: variable.numpy() for path, variable in weight_matrices(model).items()}


def _hparams_api():
    try:
        from tensorboard.plugins.hparams import api
    except ImportError:
        return None
    return api
