"""A model's layers as plain data: enough for a view to draw the graph without touching Keras.

Each layer lists the layers it reads from (``inbound``), so a drawing can follow the branches
of the CNN and the residual connections of the Transformer; ``weights`` names its matrices as
*Inside the model* keys their histograms, so selecting a layer can show them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.diagnostics import layer_matrices
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore
from workbench.core.trained_run import find_run


@dataclass(frozen=True)
class LayerNode:
    name: str
    type: str  # the Keras class, e.g. "Dense", "Bidirectional"
    output_shape: list[int | None]  # None for the batch (and any other free) dimension
    params: int
    inbound: list[str]  # names of the layers whose outputs it reads, in call order
    dropout: float | None = None  # the rate of a Dropout layer (or a recurrent layer's own dropout)
    regularizers: dict[str, dict[str, float]] = field(default_factory=dict)  # "kernel" -> {"l1": .., "l2": ..}
    weights: list[str] = field(default_factory=list)  # its matrices, as weight_stats keys them

    def regularization_text(self) -> str:
        """"dropout 0.5", "L2 0.0001 on kernel, recurrent_kernel" or ""."""
        parts = [f"dropout {self.dropout:g}"] if self.dropout else []
        by_penalty: dict[str, list[str]] = {}
        for weight, penalty in self.regularizers.items():
            text = " + ".join(f"{name.upper()} {value:g}" for name, value in penalty.items() if value)
            by_penalty.setdefault(text, []).append(weight)
        parts += [f"{text} on {', '.join(weights)}" for text, weights in by_penalty.items() if text]
        return "; ".join(parts)


@dataclass(frozen=True)
class ModelStructure:
    run_id: int | None
    model: str
    total_params: int
    layers: list[LayerNode]

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench structure --json` (each layer with its regularization as text, for views)."""
        return {"run_id": self.run_id, "model": self.model, "total_params": self.total_params,
                "layers": [{**asdict(layer), "regularization": layer.regularization_text()}
                           for layer in self.layers]}


def model_structure(model: Any, run_id: int | None = None) -> ModelStructure:
    """The layers of a Keras functional model, in the model's order (inputs first)."""
    names = {layer.name for layer in model.layers}
    layers = []
    for layer in model.layers:
        inbound: list[str] = []
        for node in layer._inbound_nodes:  # Keras' own graph walk (plot_model, summary) reads these too
            for parent in node.parent_nodes:
                name = parent.operation.name
                if name in names and name not in inbound:  # skips mask ops such as not_equal
                    inbound.append(name)
        config = layer.get_config()
        layers.append(LayerNode(
            name=layer.name, type=type(layer).__name__, output_shape=list(layer.output.shape),
            params=int(layer.count_params()), inbound=inbound, dropout=_dropout(config),
            regularizers=_regularizers(config),
            weights=list(layer_matrices(layer)),
        ))
    return ModelStructure(run_id, model.name, int(model.count_params()), layers)


def run_structure(store: RunStore, run_id: int) -> ModelStructure:
    """The structure of a stored run's model (any kind of run with a saved Keras model)."""
    return model_structure(stored_model(store, run_id), run_id)


def stored_model(store: RunStore, run_id: int) -> Any:
    """A stored run's Keras model (any kind of run that saved one), or one sentence on why there is none."""
    from workbench.core.models import load_model

    record = find_run(store, run_id)
    if record.model == "lookup":
        raise WorkbenchError(f"Run {run_id} is the lookup-table baseline, which has no layers; choose a run of a "
                             f"real model.")
    if not record.model_path or not Path(record.model_path).is_file():
        raise WorkbenchError(f"Run {run_id} has no saved model (it ended as {record.status}); choose a completed "
                             f"or stopped run.")
    return load_model(record.model_path)


def _dropout(config: dict[str, Any]) -> float | None:
    rate = config.get("rate") if "rate" in config and "noise_shape" in config else config.get("dropout")
    if rate is None and isinstance(config.get("layer"), dict):  # Bidirectional: the wrapped layer's
        return _dropout(config["layer"].get("config", {}))
    return float(rate) if isinstance(rate, (int, float)) and rate > 0 else None


def _regularizers(config: dict[str, Any]) -> dict[str, dict[str, float]]:
    """"kernel_regularizer": L1L2(...) and the like, from the layer's config and any layer it wraps."""
    out: dict[str, dict[str, float]] = {}
    for key, value in config.items():
        if key.endswith("_regularizer") and isinstance(value, dict):
            settings = value.get("config", {})
            out[key.removesuffix("_regularizer")] = {name: float(settings[name]) for name in ("l1", "l2")
                                                     if settings.get(name)}
        elif key == "layer" and isinstance(value, dict):
            out.update(_regularizers(value.get("config", {})))
    return out
