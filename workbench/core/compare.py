"""Short names for runs: what sets one run's settings apart from the others'.

``describe_runs`` labels curves in a legend ("LSTM · dropout 0" beside "LSTM · dropout 0.5");
``key_settings`` sums up one run's settings for the runs table ("lr 0.001 · dropout 0.5 · L2 0.0001").

A setting is only ever named for a run it affects: the momentum of an Adam run, the kernel sizes
of an LSTM or the learning rate of the lookup table change nothing, so they are left out. Pure
Python: no Qt, no Keras.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.core.config import PARAMS, SPECS, ExperimentConfig
from workbench.core.models import MODEL_INFO

SEPARATOR = " · "
KEY_SETTINGS = 3  # settings named by key_settings
MAX_DIFFERENCES = 4  # differing settings named per legend label before "…"

# The knobs people turn most, most telling first; the rest follow in declaration order.
_PRIORITY = (
    "learning_rate", "optimizer", "dropout", "l2", "l1", "hidden_units", "embedding_dim", "num_layers",
    "bidirectional", "num_heads", "kernel_sizes", "ngrams", "tokenizer", "lr_schedule", "batch_size",
    "class_imbalance", "weight_decay", "momentum", "epochs", "early_stopping", "patience",
)
_ORDER = {name: i for i, name in enumerate(_PRIORITY + tuple(p.name for p in PARAMS if p.name not in _PRIORITY))}
_SHORT_LABELS = {"learning_rate": "lr"}


def applies(config: ExperimentConfig, name: str) -> bool:
    """Whether the setting `name` changes anything for this config's model and other settings."""
    return name == "model" or SPECS[name].applies(config)


def setting_text(name: str, value: Any) -> str:
    """One setting as a legend shows it: "dropout 0.5", "L2 0.001", "lr 0.001", "bidirectional on"."""
    spec = SPECS[name]
    label = _SHORT_LABELS.get(name) or (spec.label if spec.label.isupper() else spec.label.lower()) or name
    if name == "init_from" and not value:  # a run id, and 0 is none
        return "from scratch"
    if name == "embeddings":  # a path: its file name tells the runs apart
        return f"{label} {Path(value).name}" if value else "no word vectors"
    if isinstance(value, bool):
        return f"{label} {'on' if value else 'off'}"
    if isinstance(value, int):
        return f"{label} {value}"  # not :g, which writes 1000000 as 1e+06
    if isinstance(value, float):
        return f"{label} {value:g}"
    return f"{label} {value}"


def model_title(config: ExperimentConfig) -> str:
    info = MODEL_INFO.get(config.model)
    return info.title if info is not None else config.model


def key_settings(config: ExperimentConfig, limit: int = KEY_SETTINGS) -> str:
    """The run's most telling settings, e.g. "lr 0.001 · dropout 0.5 · L2 0.0001".

    The learning rate always comes first (for models trained by an optimizer), then the
    settings changed from their defaults, most telling first, up to `limit` in all.
    """
    return SEPARATOR.join(setting_text(name, getattr(config, name)) for name in _key_names(config, limit))


def non_default_settings(config: ExperimentConfig) -> list[str]:
    """Every setting changed from its default that affects this model, most telling first."""
    return [setting_text(name, getattr(config, name)) for name in _key_names(config, None)
            if not (name == "learning_rate" and config.learning_rate == SPECS[name].default)]


def describe_runs(configs: Sequence[ExperimentConfig], shared_model: bool = True) -> list[str]:
    """One short label per run, naming the model and the settings that differ among the runs.

    Settings are compared among the runs they affect: three runs (LSTM bidirectional, LSTM
    not, CNN) give "LSTM · bidirectional on", "LSTM · bidirectional off", "CNN". One run, or
    runs whose settings all agree, get the model and their key settings instead. With
    ``shared_model=False`` a model all the runs share is left out when settings tell them apart
    ("dropout 0.5" rather than "LSTM · dropout 0.5"): shorter legends.
    """
    configs = list(configs)
    differing = [
        p.name for p in PARAMS if p.name != "model"
        and len({getattr(c, p.name) for c in configs if applies(c, p.name)}) > 1
    ]
    differing.sort(key=_ORDER.__getitem__)
    name_model = shared_model or not differing or len({c.model for c in configs}) > 1
    labels = []
    for config in configs:
        parts = [model_title(config)] if name_model else []
        if differing:
            names = [name for name in differing if applies(config, name)]
            parts += [setting_text(name, getattr(config, name)) for name in names[:MAX_DIFFERENCES]]
            if len(names) > MAX_DIFFERENCES:
                parts.append("…")
        else:
            settings = key_settings(config)
            if settings:
                parts.append(settings)
        labels.append(SEPARATOR.join(parts))
    return labels


def _key_names(config: ExperimentConfig, limit: int | None) -> list[str]:
    names = [p.name for p in PARAMS if p.name != "model" and applies(config, p.name)
             and getattr(config, p.name) != p.default]
    names.sort(key=_ORDER.__getitem__)
    if "learning_rate" not in names and applies(config, "learning_rate"):
        names.insert(0, "learning_rate")
    return names if limit is None else names[:limit]
