"""A stored run reopened to be used: its model and encoder (its split: ``reopen.run_split``).

Predicting, pruning and exporting all start here, so they refuse the same runs with the
same sentence: an unknown id, the lookup-table baseline, a pretraining run, a run without
a saved model, a diverged run. A derived model (pruned, quantized) is evaluated on the
parent's own test rows, which ``reopen.run_split`` makes again (or refuses to, when the file
changed or is gone).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.config import ExperimentConfig
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunRecord, RunStore
from workbench.core.training import Predictor, load_predictor


@dataclass(frozen=True)
class TrainedRun:
    """A stored run whose Keras model can be used."""

    record: RunRecord
    predictor: Predictor

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def config(self) -> ExperimentConfig:
        return self.record.experiment_config()

    @property
    def model(self) -> Any:
        return self.predictor.model

    @property
    def class_names(self) -> list[str]:
        return self.predictor.class_names

    @property
    def model_folder(self) -> Path:
        return Path(self.record.model_path).parent

    def ids(self, texts: list[str]) -> np.ndarray:
        """Token ids exactly as the run's model saw them in training."""
        return self.predictor.encoder.transform(texts)


def find_run(store: RunStore, run_id: int) -> RunRecord:
    """The stored run, or one sentence that says how to find the right id."""
    try:
        return store.get_run(run_id)
    except WorkbenchError:
        raise WorkbenchError(f"No run with id {run_id}; `workbench runs list` shows the stored runs.") from None


def usable_run(store: RunStore, run_id: int, action: str) -> RunRecord:
    """The run, or one sentence on why ``action`` ("prune", "export"...) cannot use it (TensorFlow not loaded)."""
    record = find_run(store, run_id)
    if record.model == "lookup":
        raise WorkbenchError(f"Run {run_id} is the lookup-table baseline, which memorizes texts and has no weights "
                             f"to {action}; train a real model (e.g. --model bag_of_embeddings) and {action} that run.")
    if record.kind == "pretrain":
        raise WorkbenchError(f"Run {run_id} is a pretraining run, whose model does not classify texts; train a "
                             f"classifier from it first and {action} that run.")
    if record.status == "diverged":
        raise WorkbenchError(f"Run {run_id} diverged, so its weights are not numbers; train it again with a lower "
                             f"learning rate and {action} that run.")
    if not record.model_path or not Path(record.model_path).is_file():
        why = "it is still running" if record.status == "running" else f"it ended as {record.status}"
        raise WorkbenchError(f"Run {run_id} has no saved model ({why}); {action} a completed or stopped run.")
    return record


def open_trained_run(store: RunStore, run_id: int, action: str) -> TrainedRun:
    """The run with its model loaded; refused as ``usable_run`` refuses."""
    record = usable_run(store, run_id, action)
    return TrainedRun(record, load_predictor(record.model_path))


def uncompiled_copy(model: Any) -> Any:
    """The same layers and weights without the optimizer, whose state would double or triple a saved file.

    (keras.models.clone_model compiles its clone again when the model was compiled.)
    """
    copy = type(model).from_config(model.get_config())
    copy.set_weights(model.get_weights())
    return copy


def zipped_size(model: Any) -> int:
    """Bytes of the model saved as .keras without optimizer state, then ZIP-deflated.

    The deflate step is what shows pruning's gain: a zero weight takes as much room as any
    other in the file, but long runs of zeros compress to almost nothing.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.keras"
        uncompiled_copy(model).save(path)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, path.name)
    return len(buffer.getvalue())
