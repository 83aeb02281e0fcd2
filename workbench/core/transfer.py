"""How a run starts: from scratch, from a stored run (fine-tuning, incremental training) or from
word vectors.

``starting_point`` checks the start before a run is recorded, so that a run that cannot
fit (another model, tokenizer or language, a lookup table, no saved model, an unknown id,
an unusable vectors file) is refused with one sentence. The ``Start`` it returns then
gives ``train()`` its vocabulary and initial weights, and runs the frozen epochs.

What carries over from a stored run, layer by layer, by name:
- the embedding and encoder, always (the run's model and text settings are kept);
- the output layer: all of it when the classes are the same, otherwise a new layer in
  which each class the two runs share keeps its column of the kernel and its bias;
- the vocabulary: the parent's, and with ``extend_vocabulary`` this data's frequent new
  tokens after it. A new token's row starts as the parent's unknown-word row (plus a
  little noise to tell the new rows apart): the parent read that token as unknown, so the
  child starts out predicting exactly what the parent did, then learns the new words.

Helpers for a window: ``fine_tune_config`` (the parent's settings with the learning rate
``suggest_learning_rate`` advises: a tenth of the parent's when the whole model carries
over, its own when the output layer is new; the run's notes say which) and ``lineage``
(the parents' curves to draw before the run's own).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.text import detect_language
from workbench.core.vectors import RESERVED, check_vectors, embedding_from_vectors

# Settings that decide the shape of the weights or what a token id means: a run started
# from another keeps them (each compared only where it applies to the model).
KEPT_SETTINGS = ("model", "embedding_dim", "hidden_units", "num_layers", "bidirectional", "kernel_sizes",
                 "num_heads", "tokenizer", "ngrams", "lowercase", "strip_punctuation", "strip_html", "replace_urls")
OUTPUT_LAYER = "output"
MIN_NEW_TOKEN_COUNT = 2  # extend_vocabulary: a token seen once cannot teach the model anything general
NEW_ROW_NOISE = 0.01  # new vocabulary rows: the unknown-word row plus this share of the rows' spread
FINE_TUNE_LR_FACTOR = 0.1  # continuing a trained run: a tenth of its learning rate
LANGUAGES = {"en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean"}


@dataclass(frozen=True)
class Parent:
    """A stored run that another can start from: its settings, vocabulary and saved model."""

    run_id: int
    kind: str  # "train" or "pretrain"
    config: ExperimentConfig
    vocabulary: list[str]
    sequence_length: int
    class_names: list[str]  # empty for a pretraining run
    model_path: str
    language: str | None  # of the texts it was trained on, when the store recorded it

    def load_model(self):
        from workbench.core.models import load_model

        return load_model(self.model_path)


def load_parent(store, run_id: int) -> Parent:
    """The stored run ``run_id`` as a starting point, or WorkbenchError saying why it cannot be one."""
    try:
        record = store.get_run(run_id)
    except WorkbenchError:
        raise WorkbenchError(f"No run with id {run_id} to start from; `workbench runs list` shows the stored "
                             "runs and their ids.") from None
    if record.model == "lookup":
        raise WorkbenchError(f"Run {run_id} is the lookup-table baseline, which memorizes texts and has no weights "
                             "to start from; choose a run of a trained model.")
    if record.status in ("failed", "diverged", "running", "interrupted"):
        why = {"failed": "failed", "diverged": "diverged (its weights are not numbers)",
               "running": "is still training", "interrupted": "was interrupted"}[record.status]
        raise WorkbenchError(f"Run {run_id} {why}, so it has no model to start from; choose a completed or "
                             "stopped run.")
    folder = Path(record.model_path).parent if record.model_path else None
    if folder is None or not Path(record.model_path).is_file() or not (folder / "encoder.json").is_file():
        raise WorkbenchError(f"Run {run_id} has no saved model (its files are missing); choose another run, or "
                             "train it again.")
    saved = json.loads((folder / "encoder.json").read_text(encoding="utf-8"))
    return Parent(run_id, record.kind, record.experiment_config(), saved["vocabulary"], int(saved["sequence_length"]),
                  list(saved["class_names"]), str(record.model_path), record.dataset.get("language"))


@dataclass(frozen=True)
class LearningRateAdvice:
    """The learning rate to fine-tune a run with, and why, in one sentence."""

    learning_rate: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"learning_rate": self.learning_rate, "reason": self.reason}


def suggest_learning_rate(parent: Parent, class_names: Sequence[str] | None = None) -> LearningRateAdvice:
    """The learning rate to start from ``parent`` with, on data of ``class_names`` if known.

    A new output layer (a pretraining run, or other classes) has everything to learn, so it
    gets the parent's own rate; a whole trained model carried over gets a tenth of it.
    """
    lr = parent.config.learning_rate
    if parent.kind == "pretrain" or (class_names is not None and list(class_names) != parent.class_names):
        return LearningRateAdvice(lr, f"Run {parent.run_id}'s own learning rate ({lr:g}): the output layer is new "
                                      "and has everything to learn.")
    return LearningRateAdvice(float(f"{lr * FINE_TUNE_LR_FACTOR:.3g}"),
                              f"A tenth of run {parent.run_id}'s learning rate ({lr:g}): its weights already fit "
                              "this task, and big steps would wipe out what it learnt.")


def fine_tune_config(store, run_id: int, class_names: Sequence[str] | None = None) -> ExperimentConfig:
    """The settings to start a run from ``run_id``: the parent's own, with the suggested learning rate.

    The window's form and the CLI's ``--init-from`` both begin here; any setting but the
    kept ones (``KEPT_SETTINGS``) can then be changed.
    """
    parent = load_parent(store, run_id)
    advice = suggest_learning_rate(parent, class_names)
    defaults = ExperimentConfig()
    return parent.config.replace(init_from=run_id, learning_rate=advice.learning_rate,
                                 extend_vocabulary=defaults.extend_vocabulary, freeze_epochs=defaults.freeze_epochs,
                                 embeddings="", freeze_embeddings=False)


def lineage(store, run_id: int) -> list[dict[str, Any]]:
    """The run and the runs it started from, oldest first, each with its per-epoch history.

    ``first_epoch`` is where a training run's epoch 1 sits when the curves are drawn one after
    the other (a child's curves continue after its parent's); a pretraining run learnt another
    objective, so its loss has no place on that axis and its ``first_epoch`` is None.
    """
    chain = [store.get_run(run_id)]
    while chain[-1].parent_id is not None and len(chain) < 100:
        chain.append(store.get_run(chain[-1].parent_id))
    entries, next_epoch = [], 1
    for record in reversed(chain):
        history = store.history(record.id)
        first = None if record.kind == "pretrain" else next_epoch
        if first is not None:
            next_epoch += len(history)
        entries.append({"run_id": record.id, "name": record.name, "kind": record.kind, "status": record.status,
                        "first_epoch": first, "history": history})
    return entries


def starting_point(config: ExperimentConfig, store, texts: Sequence[str]) -> Start:
    """Check how a run of ``config`` on ``texts`` (its training texts) starts; WorkbenchError if it cannot.

    Like any setting, ``init_from`` and ``embeddings`` are ignored by a model they do not apply
    to (the lookup table; the bag-of-words network has no embedding for word vectors).
    """
    if config.init_from and SPECS["init_from"].applies(config):
        if store is None:
            raise WorkbenchError(f"Starting from run {config.init_from} needs the run store it is kept in; pass "
                                 "store= to train().")
        parent = load_parent(store, config.init_from)
        _check_settings(parent, config)
        _check_language(parent, texts)
        return Start(config, parent=parent)
    if config.embeddings and SPECS["embeddings"].applies(config):
        check_vectors(config.embeddings, config.embedding_dim)
        return Start(config, vectors=config.embeddings)
    return Start(config)


def _check_settings(parent: Parent, config: ExperimentConfig) -> None:
    kept = KEPT_SETTINGS + (("sequence_length",) if parent.config.model == "transformer" else ())  # positions
    differing = [name for name in kept
                 if (name == "model" or SPECS[name].applies_to(parent.config.model))
                 and getattr(parent.config, name) != getattr(config, name)]
    if differing:
        shown = ", ".join(f"{SPECS[n].label.lower()} {getattr(parent.config, n)!r} (this run: {getattr(config, n)!r})"
                          for n in differing)
        raise ConfigError(f"Run {parent.run_id} was trained with {shown}; a run started from it keeps its model and "
                          "text settings, so set them back, or start from scratch.")
    if config.max_tokens < len(parent.vocabulary):
        raise ConfigError(f"Run {parent.run_id}'s vocabulary holds {len(parent.vocabulary):,} tokens, more than the "
                          f"vocabulary size of {config.max_tokens:,}; raise the vocabulary size (max_tokens) to at "
                          f"least {len(parent.vocabulary):,}.")


def _check_language(parent: Parent, texts: Sequence[str]) -> None:
    """Refuse text in another language (or script) than the parent's: none of its tokens would be known."""
    ours = detect_language(list(texts))
    theirs = parent.language
    if theirs is None or theirs == "other" or ours.language == "other":  # compare scripts: CJK or not
        vocabulary_cjk = detect_language(parent.vocabulary[RESERVED:RESERVED + 2000]).is_cjk
        if vocabulary_cjk == ours.is_cjk:
            return
        theirs, mine = ("CJK", "non-CJK") if vocabulary_cjk else ("non-CJK", "CJK")
    elif theirs == ours.language:
        return
    else:
        theirs, mine = LANGUAGES.get(theirs, theirs), LANGUAGES.get(ours.language, ours.language)
    raise WorkbenchError(f"Run {parent.run_id} was trained on {theirs} text but this data is {mine}, so its "
                         "vocabulary and weights do not fit; start from scratch or from a run on the same language.")


@dataclass
class Start:
    """The vocabulary, initial weights and frozen epochs of one run (see the module docstring)."""

    config: ExperimentConfig
    parent: Parent | None = None  # the stored run it starts from
    vectors: str = ""  # the word-vectors file it starts from
    notes: list[str] = field(default_factory=list)  # for RunStarted.notes
    report: dict[str, Any] = field(default_factory=dict)  # for the run's results and `train --json`

    def build(self, encoder, prepared_train: list[str], class_names: list[str], build_model: Callable):
        """Fit (or take over) the vocabulary, build the model and set its first weights: (encoder, model)."""
        if self.parent is None:
            encoder.fit_prepared(prepared_train)
        else:
            encoder = self._parent_encoder(encoder, prepared_train)
        model = build_model(self.config, len(encoder.vocabulary), encoder.sequence_length, len(class_names))
        if self.parent is not None:
            self._carry_over(model, encoder.vocabulary, class_names)
        elif self.vectors:
            self._load_vectors(model, encoder.vocabulary)
        return encoder, model

    def fit(self, model, compile_model: Callable[[], None], epochs: int, steps: int, **fit_kwargs) -> None:
        """``model.fit`` for ``epochs``; with frozen epochs, first those with only the output layer
        trainable, then (recompiled, since Keras reads ``trainable`` when compiling) the rest,
        numbered on from where the frozen ones ended. Early stopping watches each phase on its own."""
        frozen = min(self.config.freeze_epochs, epochs) if self.parent is not None else 0
        if not frozen:
            model.fit(epochs=epochs, **fit_kwargs)
            return
        trainable = {layer.name: layer.trainable for layer in model.layers}
        for layer in model.layers:
            layer.trainable = layer.name == OUTPUT_LAYER
        compile_model()
        history = model.fit(epochs=frozen, **fit_kwargs)
        for layer in model.layers:
            layer.trainable = trainable[layer.name]
        if model.stop_training or len(history.epoch) < frozen or frozen == epochs:
            return
        compile_model()
        model.optimizer.iterations.assign(frozen * steps)  # learning-rate schedules go on, not restart
        model.fit(initial_epoch=frozen, epochs=epochs, **fit_kwargs)

    # --- from a stored run --------------------------------------------------------------

    def _parent_encoder(self, encoder, prepared_train: list[str]):
        from workbench.core.vectorize import OOV_INDEX, TextEncoder

        parent = self.parent
        vocabulary = list(parent.vocabulary)
        added: list[str] = []
        if self.config.extend_vocabulary:
            added = _frequent_new_tokens(prepared_train, set(vocabulary), encoder.settings.ngrams,
                                         self.config.max_tokens - len(vocabulary))
            vocabulary += added
        # Only the Transformer's weights (its position embeddings) are cut to the parent's text length.
        length = parent.sequence_length if self.config.model == "transformer" else (
            encoder.sequence_length or encoder.automatic_length(prepared_train))
        encoder = TextEncoder.from_vocabulary(encoder.settings, vocabulary, length)
        ids = encoder.transform_prepared(prepared_train)
        used = ids[ids != 0]
        unknown = float((used == OOV_INDEX).mean()) if used.size else 0.0
        self.report["init_from"] = {"run_id": parent.run_id, "kind": parent.kind,
                                    "vocabulary": {"parent": len(parent.vocabulary), "added": len(added),
                                                   "unknown_share": round(unknown, 4)}}
        if not self.config.extend_vocabulary:
            vocabulary_note = "kept as it was"
        elif len(parent.vocabulary) >= self.config.max_tokens:
            vocabulary_note = (f"kept: it fills the vocabulary size, so raise the vocabulary size (max_tokens) above "
                               f"{self.config.max_tokens:,} to add new tokens")
        else:
            vocabulary_note = f"extended by {len(added):,} frequent new tokens"
        self.notes.append(f"Vocabulary of run {parent.run_id} ({len(parent.vocabulary):,} tokens) {vocabulary_note}; "
                          f"{unknown:.1%} of the training tokens are unknown.")
        return encoder

    def _carry_over(self, model, vocabulary: list[str], class_names: list[str]) -> None:
        parent = self.parent
        source = parent.load_model()
        kept = [name for name in class_names if name in parent.class_names]
        carried, rng = [], np.random.default_rng(self.config.seed)
        for layer in model.layers:
            if not layer.weights:
                continue
            try:
                old = source.get_layer(layer.name).get_weights()
            except ValueError:  # a layer the parent lacks: a pretraining run has no output layer
                continue
            new = layer.get_weights()
            if layer.name == OUTPUT_LAYER and parent.class_names != class_names:
                if not kept:
                    continue
                rows, cols = [parent.class_names.index(n) for n in kept], [class_names.index(n) for n in kept]
                new[0][:, cols], new[1][cols] = old[0][:, rows], old[1][rows]
            else:
                new = [_grow_rows(o, n, len(parent.vocabulary), len(vocabulary), rng) for o, n in zip(old, new)]
            layer.set_weights(new)
            carried.append(layer.name)
        same = parent.class_names == class_names
        classes = {"same": same, "kept": kept, "new": [n for n in class_names if n not in kept],
                   "dropped": [n for n in parent.class_names if n not in class_names]}
        self.report["init_from"].update(layers=carried, classes=classes,
                                        freeze_epochs=min(self.config.freeze_epochs, self.config.epochs))
        if not parent.class_names:
            output = "a new output layer"
        elif same:
            output = "the whole model, output layer included"
        else:
            output = (f"a new output layer in which {len(kept)} shared class(es) keep their weights; new: "
                      f"{', '.join(classes['new']) or 'none'}")
        self.notes.append(f"Started from run {parent.run_id} ({parent.kind}, {parent.config.model}): {output}.")
        advice = suggest_learning_rate(parent, class_names)
        lr = self.config.learning_rate
        self.notes.append(f"Learning rate {lr:g}: {advice.reason}" if math.isclose(lr, advice.learning_rate) else
                          f"Learning rate {lr:g}; {advice.learning_rate:g} is advised. {advice.reason}")
        frozen = min(self.config.freeze_epochs, self.config.epochs)
        if frozen:
            epochs = "Epoch 1" if frozen == 1 else f"Epochs 1–{frozen}"
            self.notes.append(f"{epochs}: the embedding and encoder stay frozen; only the output layer learns.")

    # --- from word vectors --------------------------------------------------------------

    def _load_vectors(self, model, vocabulary: list[str]) -> None:
        matrix, report = embedding_from_vectors(self.vectors, vocabulary, self.config.embedding_dim,
                                                lowercase=self.config.lowercase, seed=self.config.seed)
        layer = model.get_layer("embedding")
        layer.set_weights([matrix])
        if self.config.freeze_embeddings:
            layer.trainable = False
        self.report["embeddings"] = {**report.to_dict(), "frozen": self.config.freeze_embeddings}
        self.notes.append(report.note() + (" They stay frozen." if self.config.freeze_embeddings else ""))


def _grow_rows(old: np.ndarray, new: np.ndarray, old_vocabulary: int, new_vocabulary: int,
               rng: np.random.Generator) -> np.ndarray:
    """``old`` as is when the shapes agree; a vocabulary-indexed matrix (embedding, the bag-of-words
    network's first kernel) grown by rows that start as the unknown word's row."""
    if old.shape == new.shape:
        return old
    if old.shape[0] == old_vocabulary and new.shape[0] == new_vocabulary and old.shape[1:] == new.shape[1:]:
        spread = old.std(axis=0)
        extra = old[1] + NEW_ROW_NOISE * spread * rng.standard_normal((new_vocabulary - old_vocabulary, *old.shape[1:]))
        return np.concatenate([old, extra.astype(old.dtype)])
    raise WorkbenchError(f"A stored weight of shape {old.shape} does not fit this model's {new.shape}; start from "
                         "scratch.")


def _frequent_new_tokens(prepared: list[str], known: set[str], ngrams: int, room: int) -> list[str]:
    """Tokens (and n-grams, as the vectorizer joins them) of ``prepared`` not in ``known``, seen at
    least MIN_NEW_TOKEN_COUNT times, most frequent first, at most ``room`` of them."""
    if room <= 0:
        return []
    counts: Counter[str] = Counter()
    for text in prepared:
        tokens = text.split(" ") if text else []
        for n in range(1, ngrams + 1):
            counts.update(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    new = [token for token, count in counts.most_common() if count >= MIN_NEW_TOKEN_COUNT and token not in known]
    return new[:room]
