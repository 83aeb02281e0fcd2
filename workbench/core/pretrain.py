"""Self-supervised pretraining: teach a model's embedding and encoder on unlabelled text.

Each model family learns to predict tokens of the text from the others, with the
objective its encoder can use without seeing the answer:

- ``rnn``, ``lstm``, ``gru`` (one direction): **next token**. The state at a token has
  read only what came before, which is what a language model needs, and it is the state
  the classifier reads at the end of the text.
- bidirectional recurrent models, ``cnn``, ``transformer``: **masked token**. Their
  features at a token also see what follows (the backward pass, the centred convolution
  windows, attention), so the next token would be in plain view; instead 15% of the
  tokens are replaced by the unknown-word id and predicted from their context (BERT).
  Using the unknown-word id as the mask teaches the model, in passing, to read an
  unknown word from its context, which is what it meets in new texts.
- ``bag_of_embeddings``: **masked token from the bag** (the CBOW idea, fastText's own):
  15% of the tokens are taken out and predicted from the mean of the vectors of the
  rest, the very mean the classifier reads. Its n-grams are left out of pretraining
  (they would give the answer away) and start as the mean of their words' vectors.
  At the end the vectors' common part is removed (see ``_pretrain_keras``).
- ``mlp`` has no embedding to pretrain, and the lookup table nothing to learn.

Up to 15% of each text's positions are predicted, over the ``TARGET_TOKENS`` most
frequent tokens, with a fresh sample every epoch (dynamic masking, as in RoBERTa).
Frequent tokens are seldom chosen (word2vec's subsampling): a few hundred texts'
worth of "the" and "的" teach how common they are, not what the words mean. The loss
is the mean cross-entropy per predicted token, and ``accuracy`` the share of them
predicted right. ``pretrain()`` follows ``train()``: ``listener``, ``stop`` and
``store``; the stored run has kind ``pretrain`` and its saved model is the encoder,
which ``init_from`` starts a classifier from.

The learning rate matters more here than for a classifier: a softmax over thousands of
tokens learns little in a few epochs at Adam's 1e-3; 1e-2 is a good start for the bag of
embeddings (``bench/transfer.py``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from workbench.core.config import RECURRENT_MODELS, ExperimentConfig
from workbench.core.data import TextCorpus
from workbench.core.errors import ConfigError, DatasetError
from workbench.core.events import EpochEnd, LayerInfo, Listener, RunFinished, RunStarted
from workbench.core.text import detect_language
from workbench.core.vectorize import OOV_INDEX, TextEncoder
from workbench.core.vectors import RESERVED, compose_ngrams

PREDICTED_SHARE = 0.15  # tokens predicted per text (BERT's 15%)
TARGET_TOKENS = 10_000  # the most frequent tokens are the ones predicted; softmax cost grows with this
MIN_TEXTS = 20
SUBSAMPLE = 1e-3  # word2vec's rule: a token of frequency f is a target with chance sqrt(t/f) + t/f
PRETRAINABLE = ("bag_of_embeddings", "cnn", "rnn", "lstm", "gru", "transformer")


def objective(config: ExperimentConfig) -> str:
    """"next_token" or "masked_token": what ``config``'s model learns to predict (module docstring)."""
    if config.model in RECURRENT_MODELS and not config.bidirectional:
        return "next_token"
    return "masked_token"


def check_config(config: ExperimentConfig) -> None:
    """ConfigError if ``config`` cannot be pretrained (checked before any text is read)."""
    config.validate()
    if config.model not in PRETRAINABLE:
        raise ConfigError(f"The {config.model} model has no embedding and encoder to pretrain; choose one of "
                          f"{', '.join(PRETRAINABLE)}.")
    if config.init_from or config.embeddings:
        raise ConfigError("Pretraining starts from random weights; clear init_from and the word vectors file.")


@dataclass
class PretrainResult:
    status: str  # completed, stopped, diverged or failed
    message: str
    config: ExperimentConfig
    objective: str
    history: list[dict[str, float]] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    run_id: int | None = None
    model_path: str | None = None
    sizes: dict[str, int] = field(default_factory=dict)  # texts used to train and to validate
    model: Any = None  # the encoder (Keras), as init_from loads it
    encoder: TextEncoder | None = None
    class_names: list[str] = field(default_factory=list)  # none: for the saved encoder.json

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench pretrain --json`."""
        return {"status": self.status, "message": self.message, "run_id": self.run_id, "kind": "pretrain",
                "objective": self.objective, "config": self.config.to_dict(), "sizes": self.sizes,
                "history": self.history, "timing": self.timing, "model_path": self.model_path}

    def embedding(self) -> tuple[list[str], np.ndarray]:
        """The vocabulary and its embedding matrix, e.g. for ``vectors.write_vectors``."""
        if self.model is None or self.encoder is None:
            raise RuntimeError("this pretraining run has no trained model")
        return self.encoder.vocabulary, np.asarray(self.model.get_layer("embedding").get_weights()[0])


def pretrain(
    config: ExperimentConfig,
    texts: TextCorpus | Sequence[str],
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
) -> PretrainResult:
    """Pretrain ``config``'s embedding and encoder on ``texts`` (labels play no part).

    ``config.validation_fraction`` of the texts are held out to report ``val_loss``; the
    other settings are used as ``train()`` uses them (model shape, text, optimizer,
    epochs, batch size, seed). Events, stop and store as in ``train()``.
    """
    check_config(config)
    corpus = texts if isinstance(texts, TextCorpus) else None
    texts = list(corpus.texts if corpus else texts)
    if len(texts) < MIN_TEXTS:
        raise DatasetError(f"Pretraining needs at least {MIN_TEXTS} texts, not {len(texts)}; give it more text.")
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    started = time.perf_counter()
    rng = np.random.default_rng(config.seed)
    order = rng.permutation(len(texts))
    n_val = max(1, round(len(texts) * config.validation_fraction))
    parts = {"train": [texts[i] for i in order[n_val:]], "validation": [texts[i] for i in order[:n_val]]}
    result = PretrainResult("running", "", config, objective(config), sizes={k: len(v) for k, v in parts.items()})
    if store is not None:
        info = corpus.to_dict() if corpus else {"rows": len(texts), "language": detect_language(texts).language}
        result.run_id = store.create_run(config.to_json(), {**info, "sizes": result.sizes, "class_names": []},
                                         kind="pretrain")

    def record_epoch(epoch: int, metrics: dict[str, float], weights: dict | None = None, probes=None) -> None:
        result.history.append(metrics)
        if store is not None:
            store.add_epoch(result.run_id, epoch, metrics)
        listener(EpochEnd(epoch, dict(metrics), weights or {}))

    try:
        _pretrain_keras(config, parts, result, listener, stop, record_epoch)
    except Exception as exc:  # as train(): report, store and return
        result.status, result.message = "failed", f"{type(exc).__name__}: {exc}"
    result.timing["total_s"] = round(time.perf_counter() - started, 3)
    if store is not None:
        from workbench.core.training import _save_model

        if result.model is not None and result.status != "failed":
            result.model_path = _save_model(result, store.model_dir(result.run_id))
        store.finish_run(result.run_id, result.status, {"objective": result.objective, "timing": result.timing},
                         message=result.message, model_path=result.model_path, duration_s=result.timing["total_s"])
    listener(RunFinished(result.status, result.message, result.run_id))
    return result


def _pretrain_keras(config: ExperimentConfig, parts: dict[str, list[str]], result: PretrainResult, listener,
                    stop, record_epoch) -> None:
    import keras

    from workbench.core.models import build_encoder, regularization_penalty
    from workbench.core.training import _bridge_class, _optimizer, encoder_settings

    keras.backend.clear_session()  # as train(): run 20 as fast as run 2
    keras.utils.set_random_seed(config.seed)
    encoder = TextEncoder(encoder_settings(config))
    prepared = {name: encoder.prepare(texts) for name, texts in parts.items()}
    encoder.fit_prepared(prepared["train"] + prepared["validation"])  # no labels to leak: every text counts
    vocabulary = encoder.vocabulary
    words = np.array([i >= RESERVED and " " not in token for i, token in enumerate(vocabulary)])
    ids = {name: encoder.transform_prepared(texts) for name, texts in prepared.items()}
    if not words.all():  # n-grams would give the masked word away: pretrain on the words alone
        ids = {name: np.where(words[x] | (x < RESERVED), x, 0) for name, x in ids.items()}
    targets = min(len(vocabulary), TARGET_TOKENS)
    slots = max(1, math.ceil(PREDICTED_SHARE * encoder.sequence_length))
    masker = _Masker(result.objective, 0 if config.model == "bag_of_embeddings" else OOV_INDEX, targets, slots,
                     _target_chance(ids["train"], len(vocabulary)))
    ids = {name: x[masker.usable(x)] for name, x in ids.items()}
    if not len(ids["train"]) or not len(ids["validation"]):
        raise DatasetError("The texts have no frequent token to predict; pretrain on more, or longer, texts.")

    backbone = build_encoder(config, len(vocabulary), encoder.sequence_length)
    model, loss, accuracy = _with_head(keras, backbone, config, slots, targets)
    steps = math.ceil(len(ids["train"]) / config.batch_size)
    model.compile(optimizer=_optimizer(config, steps), loss=loss, weighted_metrics=[accuracy])
    validation = masker(ids["validation"], np.random.default_rng(config.seed + 1))
    report = encoder.report_prepared(prepared["validation"])
    notes = [f"Objective: {result.objective.replace('_', ' ')} prediction, {slots} token(s) per text over the "
             f"{targets:,} most frequent tokens.",
             f"Vocabulary {report.vocabulary_size:,} tokens; {report.oov_rate:.1%} of validation tokens unknown; "
             f"{report.truncated_share:.1%} of validation texts cut at {report.sequence_length} tokens."]
    if not words[RESERVED:].all():
        notes.append("N-grams are left out of pretraining; they start as the mean of their words' vectors.")
    layers = [LayerInfo(layer.name, type(layer).__name__, int(layer.count_params())) for layer in model.layers
              if layer.weights]
    listener(RunStarted(result.run_id, config.to_dict(), [], result.sizes, config.epochs, steps, layers,
                        int(model.count_params()), notes, kind="pretrain"))

    bridge = _bridge_class()(listener, stop, steps, record_epoch, regularization_penalty)
    rng = np.random.default_rng(config.seed)
    t = time.perf_counter()
    for epoch in range(config.epochs):
        inputs, labels, weights = masker(ids["train"], rng)  # a new sample of positions every epoch
        model.fit(inputs, labels, sample_weight=weights, batch_size=config.batch_size, initial_epoch=epoch,
                  epochs=epoch + 1, validation_data=validation, callbacks=[bridge], shuffle=True, verbose=0)
        if stop.is_set() or bridge.diverged_at is not None:
            break
    result.timing["train_s"] = round(time.perf_counter() - t, 3)
    if config.model == "bag_of_embeddings":
        # The words' vectors share a large common part (what predicts frequent tokens anywhere); a text's
        # mean is mostly that part. Removing it (Mu & Viswanath 2018) leaves what tells texts apart.
        layer = backbone.get_layer("embedding")
        matrix = np.asarray(layer.get_weights()[0])
        matrix[RESERVED:] -= matrix[RESERVED:][words[RESERVED:]].mean(axis=0)
        compose_ngrams(matrix, vocabulary, words.copy())
        layer.set_weights([matrix])
    result.model, result.encoder = backbone, encoder
    if bridge.diverged_at is not None:
        epoch, step = bridge.diverged_at
        result.status = "diverged"
        result.message = (f"The loss became infinite or not a number at epoch {epoch}, step {step}: the learning "
                          f"rate ({config.learning_rate:g}) is probably too high; try {config.learning_rate / 10:g}.")
    elif stop.is_set():
        result.status, result.message = "stopped", f"Stopped by request after {len(result.history)} epoch(s)."
    else:
        result.status, result.message = "completed", f"Pretrained {len(result.history)} epoch(s)."


def _target_chance(ids: np.ndarray, size: int) -> np.ndarray:
    """Per id, the chance it may be a target in a pass: frequent tokens ("the", "you", "的") rarely,
    so that the model learns what words mean rather than how common they are (word2vec's subsampling)."""
    counts = np.bincount(ids.ravel(), minlength=size).astype(float)
    frequency = np.maximum(counts / max(1.0, counts[RESERVED:].sum()), 1e-12)
    return np.minimum(1.0, np.sqrt(SUBSAMPLE / frequency) + SUBSAMPLE / frequency)


def _with_head(keras, backbone, config: ExperimentConfig, slots: int, targets: int):
    """The encoder with a softmax over the target tokens, and its loss and accuracy.

    Sequence models predict at ``slots`` chosen positions per text: output (slots, targets).
    The bag has one vector per text, so one softmax per text (not one per slot: a slot-fold
    saving) is scored against each of its targets by ``_one_for_all``.
    """
    from keras import ops

    ids = backbone.input
    positions = keras.Input(shape=(slots,), dtype="int32", name="positions")
    features = backbone.output
    head = keras.layers.Dense(targets, activation="softmax", name="pretrain_head")
    dropout = keras.layers.Dropout(config.dropout, name="pretrain_dropout")
    if config.model == "bag_of_embeddings":  # the mean of the tokens left in the text
        present = ops.expand_dims(ops.cast(ops.greater(ids, 0), features.dtype), -1)
        mean = ops.sum(features * present, axis=1) / ops.maximum(ops.sum(present, axis=1), 1.0)
        outputs = head(dropout(mean))
        loss, accuracy = _one_for_all()
    else:
        outputs = head(dropout(ops.take_along_axis(features, ops.expand_dims(positions, -1), axis=1)))
        loss, accuracy = "sparse_categorical_crossentropy", keras.metrics.SparseCategoricalAccuracy(name="accuracy")
    return keras.Model([ids, positions], outputs, name=f"{config.model}_pretraining"), loss, accuracy


def _one_for_all():
    """Loss and accuracy of one predicted distribution per text (batch, targets) against each of
    its target tokens (batch, slots): per slot, as if the distribution were repeated."""
    import keras
    from keras import ops

    def loss(labels, probabilities):
        picked = ops.take_along_axis(probabilities, ops.cast(labels, "int32"), axis=1)
        return -ops.log(ops.clip(picked, keras.config.epsilon(), 1.0))

    def hit(labels, probabilities):
        best = ops.expand_dims(ops.argmax(probabilities, axis=-1), 1)
        return ops.cast(ops.equal(ops.cast(labels, best.dtype), best), "float32")

    return loss, keras.metrics.MeanMetricWrapper(hit, name="accuracy")


@dataclass(frozen=True)
class _Masker:
    """Turns token ids into (inputs, targets, weights) for one pass of the objective."""

    objective: str  # "next_token" or "masked_token"
    mask_id: int  # what a masked token becomes: the unknown word, or padding for the bag
    targets: int  # ids below this can be predicted
    slots: int  # predictions per text
    chance: np.ndarray  # per id, the chance that it may be a target in a pass (_target_chance)

    def usable(self, ids: np.ndarray) -> np.ndarray:
        """The texts with a token to predict (the others teach nothing)."""
        return self._candidates(ids)[1].any(axis=1)

    def _candidates(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The token each position would predict, and whether it may be predicted."""
        if self.objective == "next_token":  # position t predicts the token at t + 1
            answer = np.concatenate([ids[:, 1:], np.zeros((len(ids), 1), ids.dtype)], axis=1)
        else:
            answer = ids
        return answer, (answer >= RESERVED) & (answer < self.targets)

    def __call__(self, ids: np.ndarray, rng: np.random.Generator):
        """(inputs, labels, weights) for the texts ``ids``, all of them ``usable``."""
        answer, candidates = self._candidates(ids)
        candidates &= rng.random(candidates.shape) < self.chance[answer]
        counts = candidates.sum(axis=1)
        chosen = np.minimum(np.ceil(PREDICTED_SHARE * counts).astype(int), self.slots)
        scores = np.where(candidates, rng.random(candidates.shape), 2.0)
        positions = np.argsort(scores, axis=1)[:, :self.slots].astype(np.int32)
        used = np.arange(self.slots)[None, :] < chosen[:, None]
        # Each text's predictions weigh 1 in all, so the loss is the mean cross-entropy per text.
        weights = (used * (self.slots / np.maximum(chosen, 1)[:, None])).astype(np.float32)
        labels = np.where(used, np.take_along_axis(answer, positions, axis=1), 0).astype(np.int32)
        inputs = ids.copy()
        if self.objective == "masked_token":
            rows = np.repeat(np.arange(len(ids)), self.slots).reshape(len(ids), self.slots)
            inputs[rows[used], positions[used]] = self.mask_id
        return [inputs, positions], labels, weights
