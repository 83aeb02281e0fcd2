"""ExperimentConfig: every hyperparameter of a run, each declared once.

Each field carries its declaration (type, range, choices, plain-language help,
group) in its metadata. The window's form, the CLI flags, validation and the
tooltips are all derived from these declarations, so a new knob is added here
and nowhere else.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.errors import ConfigError
from workbench.core.i18n import QT_TRANSLATE_NOOP

CONFIG_VERSION = 1

MODELS = ("lookup", "bag_of_embeddings", "mlp", "cnn", "rnn", "lstm", "gru", "transformer")
OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop")
SCHEDULES = ("constant", "exponential", "cosine", "plateau")
IMBALANCE = ("none", "class_weights", "oversample", "undersample")
TOKENIZERS = ("word", "char", "jieba")
AUGMENT_UNITS = ("token", "character")
SEQUENCE_MODELS = ("cnn", "rnn", "lstm", "gru", "transformer")
BAG_MODELS = ("bag_of_embeddings", "mlp")
RECURRENT_MODELS = ("rnn", "lstm", "gru")
TRAINED_MODELS = MODELS[1:]  # every model but the lookup table, which memorizes instead of training
EMBEDDING_MODELS = tuple(m for m in TRAINED_MODELS if m != "mlp")  # the bag-of-words network has no embedding


@dataclass(frozen=True)
class Condition:
    """A ``when=`` requirement that a tuple of allowed values cannot state, e.g. "at least 1".

    ``text`` ends the sentence "only matters when <setting> is ...".
    """

    test: Callable[[Any], bool]
    text: str

    def __contains__(self, value: Any) -> bool:
        return bool(self.test(value))


def given(unset: Any) -> Condition:
    """Met by any value but ``unset``: ``when={"init_from": given(0)}`` reads "only matters when
    start from run is set" (a run id or a file name has no list of values)."""
    return Condition(lambda value: value != unset, "set")


AUGMENTING = {"augment_copies": Condition(lambda copies: copies > 0, "at least 1")}


def param(
    default: Any,
    help: str,
    *,
    group: str,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] | None = None,
    log_scale: bool = False,
    models: tuple[str, ...] | None = None,
    when: dict[str, tuple[Any, ...] | Condition] | None = None,
    label: str | None = None,
    search: tuple[Any, ...] | None = None,
):
    """Declare one hyperparameter: a dataclass field whose metadata says how to check and show it.

    ``models`` lists the models it affects (None: all); ``when`` the values other settings must
    have for it to matter, e.g. ``when={"optimizer": ("adamw",)}``. Together they are the one
    statement of "does this setting change anything here" that the form, the legends and the
    sweeps read (``ParamSpec.applies``). ``log_scale``: the value matters by its ratio, not its
    difference (a learning rate, a size). ``search`` makes it part of `workbench tune`'s default
    search space: ``(low, high)`` for a number, the values to try for a choice; the declared range
    is what is allowed, this is where good values usually lie.
    """
    return field(default=default, metadata={
        "help": help, "group": group, "minimum": minimum, "maximum": maximum, "choices": choices,
        "log_scale": log_scale, "models": models, "when": when or {}, "label": label, "search": search,
    })


@dataclass(frozen=True)
class ExperimentConfig:
    # --- model ------------------------------------------------------------------------
    model: str = param("bag_of_embeddings", "Which kind of model to train.", group="model", choices=MODELS)
    embedding_dim: int = param(64, "Length of the vector that stands for each token.", group="model",
                               minimum=2, maximum=1024, models=TRAINED_MODELS, label="Embedding size",
                               log_scale=True, search=(16, 256))
    hidden_units: int = param(64, "Size of the hidden layer (neurons, filters or recurrent units).",
                              group="model", minimum=1, maximum=4096, models=MODELS[2:], log_scale=True,
                              search=(16, 256))
    num_layers: int = param(1, "How many recurrent or Transformer blocks to stack.", group="model",
                            minimum=1, maximum=4, models=(*RECURRENT_MODELS, "transformer"), search=(1, 2))
    bidirectional: bool = param(False, "Read the text both forwards and backwards.", group="model",
                                models=RECURRENT_MODELS, search=(False, True))
    kernel_sizes: str = param("3,4,5", "Widths of the CNN's convolution windows, in tokens, comma-separated.",
                              group="model", models=("cnn",))
    num_heads: int = param(2, "Attention heads in each Transformer block.", group="model", minimum=1,
                           maximum=16, models=("transformer",))
    # --- text -------------------------------------------------------------------------
    tokenizer: str = param("word", "How texts are split into tokens; Chinese is split into characters either "
                           "way, jieba splits it into words.", group="text", choices=TOKENIZERS)
    ngrams: int = param(2, "Also use pairs (2) or triples (3) of neighbouring tokens as tokens (bag models "
                        "only; sequence models see the order themselves).", group="text", minimum=1, maximum=3,
                        models=BAG_MODELS, label="N-grams", search=(1, 3))
    max_tokens: int = param(20_000, "Vocabulary size: rarer tokens become 'unknown'.", group="text",
                            minimum=10, maximum=1_000_000, label="Vocabulary size", models=TRAINED_MODELS,
                            log_scale=True, search=(5_000, 100_000))
    sequence_length: int = param(0, "Tokens kept per text; longer texts are cut (0 = automatic, the 95th "
                                 "percentile).", group="text", minimum=0, maximum=5000, models=TRAINED_MODELS)
    lowercase: bool = param(True, "Treat upper- and lower-case letters alike.", group="text")
    strip_punctuation: bool = param(True, "Remove punctuation and symbols (emoji are kept).", group="text")
    strip_html: bool = param(True, "Remove HTML tags and decode entities such as &amp;.", group="text", label="Strip HTML")
    replace_urls: bool = param(True, "Replace each link by the token 'url'.", group="text", label="Replace URLs")
    # --- training ---------------------------------------------------------------------
    learning_rate: float = param(1e-3, "How big a step the optimizer takes; too big diverges, too small "
                                 "learns slowly.", group="training", minimum=1e-6, maximum=10.0, log_scale=True,
                                 models=TRAINED_MODELS, search=(1e-4, 3e-2))
    optimizer: str = param("adam", "The rule that updates the weights.", group="training", choices=OPTIMIZERS,
                           models=TRAINED_MODELS)
    weight_decay: float = param(1e-4, "AdamW only: shrinks all weights a little at every step.",
                                group="training", minimum=0.0, maximum=1.0, log_scale=True,
                                models=TRAINED_MODELS, when={"optimizer": ("adamw",)})
    momentum: float = param(0.9, "SGD only: how much of the previous step carries into the next.",
                            group="training", minimum=0.0, maximum=0.999,
                            models=TRAINED_MODELS, when={"optimizer": ("sgd",)})
    lr_schedule: str = param("constant", "How the learning rate changes during training.", group="training",
                             choices=SCHEDULES, label="LR schedule", models=TRAINED_MODELS,
                             search=SCHEDULES)
    batch_size: int = param(32, "Texts per weight update.", group="training", minimum=1, maximum=4096,
                            models=TRAINED_MODELS, log_scale=True, search=(16, 128))
    epochs: int = param(10, "Passes over the training texts.", group="training", minimum=1, maximum=1000,
                        models=TRAINED_MODELS)
    early_stopping: bool = param(False, "Stop when validation loss has not improved for 'patience' epochs.",
                                 group="training", models=TRAINED_MODELS)
    patience: int = param(3, "Epochs without improvement before early stopping.", group="training",
                          minimum=1, maximum=100, models=TRAINED_MODELS, when={"early_stopping": (True,)})
    restore_best_weights: bool = param(True, "With early stopping, keep the weights of the best epoch.",
                                       group="training", models=TRAINED_MODELS, when={"early_stopping": (True,)})
    class_imbalance: str = param("none", "How to treat classes of very different sizes.", group="training",
                                 choices=IMBALANCE, models=TRAINED_MODELS)
    gradient_clip: float = param(0.0, "Cap on the gradient norm (0 = no cap); calms unstable training.",
                                 group="training", minimum=0.0, maximum=100.0, models=TRAINED_MODELS)
    # --- regularization -----------------------------------------------------------------
    dropout: float = param(0.0, "Share of neurons switched off at random during training.",
                           group="regularization", minimum=0.0, maximum=0.95, models=TRAINED_MODELS,
                           search=(0.0, 0.6))
    l1: float = param(0.0, "Penalty on the absolute size of weights; pushes many to exactly zero.",
                      group="regularization", minimum=0.0, maximum=1.0, log_scale=True, models=TRAINED_MODELS,
                      label="L1")
    l2: float = param(0.0, "Penalty on the squared size of weights; keeps all of them small.",
                      group="regularization", minimum=0.0, maximum=1.0, log_scale=True, models=TRAINED_MODELS,
                      label="L2", search=(1e-7, 1e-3))
    regularize_embedding: bool = param(False, "Apply L1/L2 to the embedding table too.",
                                       group="regularization", models=TRAINED_MODELS)
    # --- augmentation (core/augment.py; training texts only) ------------------------------
    augment_copies: int = param(0, "Edited copies of each training text to add (0 = off); validation and test "
                                "texts are never copied.", group="augmentation", minimum=0, maximum=20,
                                label="Augmented copies")
    augment_unit: str = param("token", "What the deletions, swaps and insertions act on: tokens, or single "
                              "characters (Chinese characters even with the jieba tokenizer; typos elsewhere).",
                              group="augmentation", choices=AUGMENT_UNITS, when=AUGMENTING,
                              label="Edit unit")
    augment_delete: float = param(0.1, "Chance that each token (or character) is left out of a copy.",
                                  group="augmentation", minimum=0.0, maximum=0.5, when=AUGMENTING,
                                  label="Deletion")
    augment_swap: float = param(0.1, "Chance that each token (or character) trades places with another one of "
                                "the same text.", group="augmentation", minimum=0.0, maximum=0.5,
                                when=AUGMENTING, label="Swap")
    augment_insert: float = param(0.1, "Chance that a token (or character) seen in the training texts is "
                                  "inserted after each one.", group="augmentation", minimum=0.0, maximum=0.5,
                                  when=AUGMENTING, label="Insertion")
    synonym_file: str = param("", "UTF-8 text file of synonyms: one group per line, separated by commas (, ， or "
                              "、; a synonym may then hold spaces) or, on a line without commas, by spaces; "
                              "lines starting with # are skipped. Empty: no synonyms.", group="augmentation",
                              when=AUGMENTING, label="Synonym file")
    augment_synonyms: float = param(0.3, "Chance that each word listed in the synonym file is replaced by "
                                    "another of its group.", group="augmentation", minimum=0.0, maximum=1.0,
                                    when={**AUGMENTING, "synonym_file": Condition(bool, "set")},
                                    label="Synonym replacement")
    # --- data -------------------------------------------------------------------------
    validation_fraction: float = param(0.15, "Share of rows held out to watch for overfitting.", group="data",
                                       minimum=0.01, maximum=0.5)
    test_fraction: float = param(0.15, "Share of rows held out for the final score.", group="data",
                                 minimum=0.01, maximum=0.5)
    seed: int = param(42, "Random seed: the same seed gives the same split, weights and results.",
                      group="data", minimum=0, maximum=2**31 - 1)
    # --- start: from scratch, from a stored run (fine-tuning), or from word vectors -----------
    init_from: int = param(0, "Start from the weights of this stored run, by its id, and go on training them on "
                           "this data (0 = start from scratch). The run's model and text settings are kept.",
                           group="start", minimum=0, maximum=2**31 - 1, models=TRAINED_MODELS,
                           label="Start from run")
    extend_vocabulary: bool = param(False, "Add this data's frequent tokens that the starting run does not know; "
                                    "otherwise they count as unknown words.", group="start",
                                    models=TRAINED_MODELS, when={"init_from": given(0)})
    freeze_epochs: int = param(0, "For this many epochs at the start, keep the starting run's embedding and "
                               "encoder fixed so that only the output layer learns (0 = train everything).",
                               group="start", minimum=0, maximum=1000, models=TRAINED_MODELS,
                               when={"init_from": given(0)})
    embeddings: str = param("", "A word-vectors file (word2vec text format, .vec or .txt) to start the embedding "
                            "from; empty = random start.", group="start", models=EMBEDDING_MODELS,
                            when={"init_from": (0,)}, label="Word vectors file")
    freeze_embeddings: bool = param(False, "Keep the word vectors from the file fixed during training.",
                                    group="start", models=EMBEDDING_MODELS,
                                    when={"init_from": (0,), "embeddings": given("")})

    # --- behaviour ----------------------------------------------------------------------

    def validate(self) -> ExperimentConfig:
        """Raise ConfigError naming the first bad value; return self so calls can chain."""
        for spec in PARAMS:
            _check(spec, getattr(self, spec.name))
        try:
            widths = self.kernel_widths
        except ValueError:
            raise ConfigError(f"kernel_sizes must be whole numbers separated by commas, not {self.kernel_sizes!r}.")
        if not widths or any(w < 1 or w > 50 for w in widths):
            raise ConfigError(QT_TRANSLATE_NOOP("CoreMessages", "kernel_sizes must list between 1 and 50 tokens per "
                                                                "window, e.g. 3,4,5."))
        if self.model == "transformer" and self.embedding_dim % self.num_heads:
            raise ConfigError(f"For the Transformer, embedding_dim ({self.embedding_dim}) must be divisible by "
                              f"num_heads ({self.num_heads}).")
        if self.validation_fraction + self.test_fraction > 0.8:
            raise ConfigError(QT_TRANSLATE_NOOP("CoreMessages", "validation_fraction + test_fraction must leave at "
                                                                "least 20% of rows for training."))
        if self.augment_copies and not (self.augment_delete or self.augment_swap or self.augment_insert
                                        or (self.synonym_file and self.augment_synonyms)):
            raise ConfigError(QT_TRANSLATE_NOOP("CoreMessages", "With every augmentation chance at 0 the augmented "
                                                "copies would be exact duplicates; set a deletion, swap, insertion "
                                                "or synonym chance above 0."))
        return self

    @property
    def kernel_widths(self) -> list[int]:
        return [int(part) for part in self.kernel_sizes.replace(" ", "").split(",") if part]

    def replace(self, **changes: Any) -> ExperimentConfig:
        return dataclasses.replace(self, **changes)

    def setting(self) -> ExperimentConfig:
        """These settings with the seed at its default: runs that differ only by seed (repeats) share it."""
        return self.replace(seed=SPECS["seed"].default)

    def to_dict(self) -> dict[str, Any]:
        return {"version": CONFIG_VERSION, **dataclasses.asdict(self)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExperimentConfig:
        """Build from saved settings; unknown keys are refused, missing ones take defaults."""
        data = dict(data)
        version = data.pop("version", CONFIG_VERSION)
        if version > CONFIG_VERSION:
            raise ConfigError(f"These settings come from a newer workbench (version {version}); update it.")
        unknown = sorted(set(data) - {p.name for p in PARAMS})
        if unknown:
            raise ConfigError(f"Unknown setting(s): {', '.join(unknown)}.")
        coerced = {name: _coerce(SPECS[name], value) for name, value in data.items()}
        return cls(**coerced).validate()

    @classmethod
    def from_json(cls, text: str) -> ExperimentConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"The settings file is not valid JSON (line {exc.lineno}).") from None
        if not isinstance(data, dict):
            raise ConfigError("The settings file must hold one JSON object of name: value pairs.")
        return cls.from_dict(data)

    def differences(self, other: ExperimentConfig) -> dict[str, tuple[Any, Any]]:
        """Settings whose values differ: name -> (self's, other's)."""
        return {p.name: (getattr(self, p.name), getattr(other, p.name)) for p in PARAMS
                if getattr(self, p.name) != getattr(other, p.name)}


@dataclass(frozen=True)
class ParamSpec:
    """A hyperparameter's declaration, read from the field metadata."""

    name: str
    type: type
    default: Any
    help: str
    group: str
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...] | None
    log_scale: bool
    models: tuple[str, ...] | None  # None: applies to every model
    when: dict[str, tuple[Any, ...] | Condition]  # other settings' values it needs to matter (empty: always)
    label: str
    search: tuple[Any, ...] | None = None  # default search range (low, high) or values; None: not searched

    def applies_to(self, model: str) -> bool:
        """Whether this setting is part of the model's kind at all (the form greys it out otherwise)."""
        return self.models is None or model in self.models

    def applies(self, config: ExperimentConfig) -> bool:
        """Whether changing this setting changes anything for ``config`` (its model and other settings)."""
        return self.applies_to(config.model) and all(getattr(config, name) in values
                                                     for name, values in self.when.items())

    def why_not(self, config: ExperimentConfig) -> str:
        """Why it changes nothing for ``config``, as the end of a sentence; "" when it applies."""
        if not self.applies_to(config.model):
            return f"has no effect on the {config.model} model"
        for name, values in self.when.items():
            if getattr(config, name) not in values:
                wanted = values.text if isinstance(values, Condition) else " or ".join(
                    _value_text(SPECS[name], v) for v in values)
                return f"only matters when {SPECS[name].label.lower()} is {wanted}"
        return ""


_TYPES = {"int": int, "float": float, "bool": bool, "str": str}
PARAMS: tuple[ParamSpec, ...] = tuple(
    ParamSpec(
        name=f.name, type=_TYPES[f.type] if isinstance(f.type, str) else f.type, default=f.default,
        help=f.metadata["help"], group=f.metadata["group"], minimum=f.metadata["minimum"],
        maximum=f.metadata["maximum"], choices=f.metadata["choices"], log_scale=f.metadata["log_scale"],
        models=f.metadata["models"], when=f.metadata["when"],
        label=f.metadata["label"] or f.name.replace("_", " ").capitalize(), search=f.metadata["search"],
    )
    for f in dataclasses.fields(ExperimentConfig)
)
SPECS: dict[str, ParamSpec] = {p.name: p for p in PARAMS}


def _value_text(spec: ParamSpec, value: Any) -> str:
    if spec.type is bool:
        return "on" if value else "off"
    return str(value)


def _check(spec: ParamSpec, value: Any) -> None:
    if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
        raise ConfigError(f"{spec.name} must be a {spec.type.__name__}, not {value!r}.")
    if spec.type is float and not math.isfinite(value):
        raise ConfigError(f"{spec.name} must be a finite number, not {value!r}.")
    if spec.choices is not None and value not in spec.choices:
        raise ConfigError(f"{spec.name} must be one of {', '.join(spec.choices)}, not {value!r}.")
    if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and value > spec.maximum:
        raise ConfigError(f"{spec.name} must be between {spec.minimum:g} and {spec.maximum:g}, not {value!r}.")


def _coerce(spec: ParamSpec, value: Any) -> Any:
    """Turn a value typed by a person (CLI, JSON written by hand) into the declared type."""
    try:
        if spec.type is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in ("1", "true", "yes", "on"):
                    return True
                if lowered in ("0", "false", "no", "off"):
                    return False
                raise ValueError
            return bool(value)
        if spec.type is int:
            number = float(value)
            if not number.is_integer():
                raise ValueError
            return int(number)
        if spec.type is float:
            return float(value)
        return str(value).strip()
    except (TypeError, ValueError):
        raise ConfigError(f"{spec.name} must be a {spec.type.__name__}, not {value!r}.") from None


def parse_value(name: str, text: str) -> Any:
    """Parse one setting typed as text (a CLI flag, a sweep value)."""
    if name not in SPECS:
        raise ConfigError(f"Unknown setting {name!r}.")
    return _coerce(SPECS[name], text)
