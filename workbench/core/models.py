"""The Keras models the workbench can train, built from an ExperimentConfig.

Every builder takes the same input, int token ids of shape (sequence_length,)
where 0 is padding and 1 is unknown (see ``vectorize.py``), and ends in a softmax
over the classes. Models are returned uncompiled: the trainer owns the optimizer,
the loss and the metrics.

Keras is imported inside the functions, never at module level, so that the window
and the CLI can list the models (``MODEL_INFO``) without paying for TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from workbench.core.config import MODELS, SEQUENCE_MODELS, ExperimentConfig

if TYPE_CHECKING:  # only for annotations: importing this module must not load Keras
    import keras

PADDING_ID = 0  # TextVectorization pads with 0; see vectorize.OOV_INDEX for the unknown id
SERIALIZATION_PACKAGE = "workbench"


@dataclass(frozen=True)
class ModelInfo:
    """What the window shows about a model before anything is built."""

    name: str  # one of config.MODELS
    title: str
    description: str  # plain language, for someone who does not program
    uses_sequences: bool  # True: reads the tokens in order; False: a bag of tokens


_INFO = (
    ModelInfo("lookup", "Lookup table",
              "Memorizer: predicts the label of an exact-match training text, else the most common class; a "
              "teaching baseline that shows perfect training accuracy and poor generalization.", False),
    ModelInfo("bag_of_embeddings", "Bag of embeddings",
              "Gives every token a learned vector and averages the vectors of a text, ignoring word order "
              "(the fastText idea). Fast and surprisingly strong: a good first model; turn on n-grams to "
              "catch short phrases.", False),
    ModelInfo("mlp", "Bag-of-words network",
              "Marks which vocabulary tokens occur in a text and passes that checklist through one hidden "
              "layer of neurons. A classic quick baseline for when word order matters little.", False),
    ModelInfo("cnn", "CNN",
              "Slides small windows of a few tokens along the text to spot telling phrases wherever they "
              "occur. Good for short texts where a key phrase decides the label.", True),
    ModelInfo("rnn", "Simple RNN",
              "Reads the text one token at a time while keeping a running memory. Simple and instructive, "
              "but it forgets the start of long texts; LSTM or GRU usually do better.", True),
    ModelInfo("lstm", "LSTM",
              "A recurrent network whose gates decide what to remember and what to forget, so it follows "
              "word order and context across longer texts. Slower to train; use it when order matters.", True),
    ModelInfo("gru", "GRU",
              "A lighter cousin of the LSTM with fewer gates: often just as accurate and a little faster "
              "to train.", True),
    ModelInfo("transformer", "Transformer",
              "Lets every token look at every other token (attention) to read it in context; the design "
              "behind modern language models. Needs more data and training time than the others to shine.",
              True),
)
MODEL_INFO: dict[str, ModelInfo] = {info.name: info for info in _INFO}
assert tuple(MODEL_INFO) == MODELS, "MODEL_INFO must describe config.MODELS, in order"
assert all(info.uses_sequences == (info.name in SEQUENCE_MODELS) for info in _INFO)


def build_model(
    config: ExperimentConfig, vocab_size: int, sequence_length: int, num_classes: int
) -> keras.Model:
    """An uncompiled model: int32 ids (sequence_length,) -> softmax over num_classes.

    The seed is set first so that the same config gives the same initial weights,
    which is what makes two runs comparable.
    """
    import keras

    if config.model == "lookup":
        raise ValueError("the lookup table is not a Keras model")
    if config.model not in _BUILDERS:
        raise ValueError(f"unknown model {config.model!r}; expected one of {', '.join(MODELS)}")
    if vocab_size < 2 or sequence_length < 1 or num_classes < 1:
        raise ValueError(f"need vocab_size >= 2, sequence_length >= 1 and num_classes >= 1, got "
                         f"{vocab_size}, {sequence_length}, {num_classes}")
    _custom_layers()  # registered before any model exists, so saved models load again
    keras.utils.set_random_seed(config.seed)
    ids = keras.Input(shape=(sequence_length,), dtype="int32", name="token_ids")
    parts = _Parts(keras, config, vocab_size, sequence_length)
    features = _BUILDERS[config.model](parts, ids)
    features = keras.layers.Dropout(config.dropout, name="dropout")(features)
    outputs = parts.dense(num_classes, "softmax", "output")(features)
    return keras.Model(ids, outputs, name=config.model)


def build_encoder(config: ExperimentConfig, vocab_size: int, sequence_length: int) -> keras.Model:
    """The model's embedding and encoder without pooling, dropout or output: one feature vector per
    token position, shape (sequence_length, features). Its layers have the names (and weights)
    of ``build_model``'s, so what is learnt here (pretraining) carries over to a classifier."""
    import keras

    if config.model not in _BUILDERS or config.model == "mlp":
        raise ValueError(f"the {config.model} model has no embedding and encoder to build")
    _custom_layers()
    keras.utils.set_random_seed(config.seed)
    ids = keras.Input(shape=(sequence_length,), dtype="int32", name="token_ids")
    parts = _Parts(keras, config, vocab_size, sequence_length, per_token=True)
    return keras.Model(ids, _BUILDERS[config.model](parts, ids), name=f"{config.model}_encoder")


def regularization_penalty(model: keras.Model) -> float:
    """The L1/L2 penalty at the current weights, so the trainer can show it beside the data loss."""
    losses = model.losses
    if not losses:
        return 0.0
    import keras

    return float(sum(float(keras.ops.convert_to_numpy(loss)) for loss in losses))


def load_model(path: str) -> keras.Model:
    """Load a model saved with ``model.save(path)`` in a fresh process (registers the custom layers first)."""
    import keras

    _custom_layers()
    return keras.models.load_model(path)


def custom_objects() -> dict[str, type]:
    """The workbench's own layers, for ``keras.models.load_model(..., custom_objects=...)``."""
    return {cls.__name__: cls for cls in _custom_layers()}


# --- building blocks ------------------------------------------------------------------


class _Parts:
    """Layer factories that apply the config's regularization to every weight matrix."""

    def __init__(self, keras_module: Any, config: ExperimentConfig, vocab_size: int, sequence_length: int,
                 per_token: bool = False):
        self.keras, self.config = keras_module, config
        self.vocab_size, self.sequence_length = vocab_size, sequence_length
        self.per_token = per_token  # builders stop before pooling: one vector per token (build_encoder)

    def regularizer(self) -> Any:
        """A fresh L1L2 per layer (None when both are 0, so model.losses stays empty)."""
        c = self.config
        return self.keras.regularizers.L1L2(l1=c.l1, l2=c.l2) if c.l1 > 0 or c.l2 > 0 else None

    def embedding_regularizer(self) -> Any:
        return self.regularizer() if self.config.regularize_embedding else None

    def embedding(self, mask_zero: bool) -> Any:
        return self.keras.layers.Embedding(
            self.vocab_size, self.config.embedding_dim, mask_zero=mask_zero,
            embeddings_regularizer=self.embedding_regularizer(), name="embedding")

    def dense(self, units: int, activation: str, name: str) -> Any:
        return self.keras.layers.Dense(units, activation=activation, kernel_regularizer=self.regularizer(),
                                       name=name)

    def dropout(self, name: str) -> Any:
        return self.keras.layers.Dropout(self.config.dropout, name=name)


def _bag_of_embeddings(p: _Parts, ids: Any) -> Any:
    """fastText-style: the masked mean of the token vectors (n-grams come from the vectorizer)."""
    layers = custom_objects()
    x = p.embedding(mask_zero=True)(ids)
    return x if p.per_token else layers["MaskedAverage"](name="average")(x)


def _mlp(p: _Parts, ids: Any) -> Any:
    """Multi-hot bag of words -> one hidden layer; no embedding, so embedding_dim is unused."""
    layers = custom_objects()
    x = p.keras.layers.CategoryEncoding(num_tokens=p.vocab_size, output_mode="multi_hot", name="multi_hot")(ids)
    x = layers["IgnorePadding"](name="ignore_padding")(x)
    x = p.dense(p.config.hidden_units, "relu", "dense_1")(x)
    return p.dropout("dropout_1")(x)


def _cnn(p: _Parts, ids: Any) -> Any:
    """Kim (2014): parallel convolutions of several widths, each max-pooled over the text.

    ``padding="same"`` keeps a window wider than the text from failing; the
    padding positions keep their own (learned) embedding, as in the original.
    """
    keras = p.keras
    x = p.embedding(mask_zero=False)(ids)
    pooled = []
    for i, width in enumerate(p.config.kernel_widths, start=1):
        conv = keras.layers.Conv1D(p.config.hidden_units, width, activation="relu", padding="same",
                                   kernel_regularizer=p.regularizer(), name=f"conv_{i}")(x)
        pooled.append(conv if p.per_token else keras.layers.GlobalMaxPooling1D(name=f"max_pool_{i}")(conv))
    return pooled[0] if len(pooled) == 1 else keras.layers.Concatenate(name="concatenate")(pooled)


def _recurrent(cell_name: str):
    """Stacked SimpleRNN / LSTM / GRU layers over a masked embedding."""

    def build(p: _Parts, ids: Any) -> Any:
        keras, c = p.keras, p.config
        layer_class = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell_name]
        x = p.embedding(mask_zero=True)(ids)
        for i in range(1, c.num_layers + 1):
            name = f"{cell_name}_{i}"
            layer = layer_class(c.hidden_units, return_sequences=i < c.num_layers or p.per_token,
                                kernel_regularizer=p.regularizer(), recurrent_regularizer=p.regularizer(),
                                name=name)
            if c.bidirectional:
                layer = keras.layers.Bidirectional(layer, name=f"bidirectional_{i}")
            x = layer(x)
            if i < c.num_layers:
                x = p.dropout(f"dropout_{i}")(x)
        return x

    return build


def _transformer(p: _Parts, ids: Any) -> Any:
    """Encoder blocks (post-norm, as in Vaswani et al.) over token + learned position embeddings."""
    keras, c = p.keras, p.config
    layers = custom_objects()
    x = p.embedding(mask_zero=True)(ids)
    x = layers["PositionEmbedding"](p.sequence_length, embeddings_regularizer=p.embedding_regularizer(),
                                    name="position_embedding")(x)
    for i in range(1, c.num_layers + 1):
        block = f"block_{i}"
        attention = keras.layers.MultiHeadAttention(
            c.num_heads, key_dim=max(1, c.embedding_dim // c.num_heads), kernel_regularizer=p.regularizer(),
            name=f"{block}_attention")(x, x)
        attention = p.dropout(f"{block}_dropout_1")(attention)
        x = keras.layers.LayerNormalization(name=f"{block}_norm_1")(keras.layers.Add(name=f"{block}_add_1")(
            [x, attention]))
        ffn = p.dense(c.hidden_units, "relu", f"{block}_ffn_1")(x)
        ffn = p.dense(c.embedding_dim, None, f"{block}_ffn_2")(ffn)
        ffn = p.dropout(f"{block}_dropout_2")(ffn)
        x = keras.layers.LayerNormalization(name=f"{block}_norm_2")(keras.layers.Add(name=f"{block}_add_2")(
            [x, ffn]))
    return x if p.per_token else layers["MaskedAverage"](name="average")(x)


_BUILDERS = {
    "bag_of_embeddings": _bag_of_embeddings,
    "mlp": _mlp,
    "cnn": _cnn,
    "rnn": _recurrent("rnn"),
    "lstm": _recurrent("lstm"),
    "gru": _recurrent("gru"),
    "transformer": _transformer,
}


# --- custom layers --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _custom_layers() -> tuple[type, ...]:
    """Define (once) and register the workbench's layers; deferred so this module loads without Keras."""
    import keras
    from keras import ops

    register = keras.saving.register_keras_serializable(package=SERIALIZATION_PACKAGE)

    @register
    class MaskedAverage(keras.layers.Layer):
        """Mean over the real tokens; unlike GlobalAveragePooling1D it gives 0, not NaN, for an empty text."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True

        def call(self, inputs, mask=None):
            if mask is None:
                return ops.mean(inputs, axis=1)
            weights = ops.expand_dims(ops.cast(mask, inputs.dtype), -1)
            total = ops.sum(inputs * weights, axis=1)
            return total / ops.maximum(ops.sum(weights, axis=1), 1.0)

        def compute_mask(self, inputs, mask=None):
            return None

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[2])

    @register
    class IgnorePadding(keras.layers.Layer):
        """Zeroes column 0 of a multi-hot vector: the padding id says nothing about the text."""

        def call(self, inputs):
            return ops.concatenate([ops.zeros_like(inputs[:, :PADDING_ID + 1]), inputs[:, PADDING_ID + 1:]],
                                   axis=-1)

        def compute_output_shape(self, input_shape):
            return input_shape

    @register
    class PositionEmbedding(keras.layers.Layer):
        """Adds a learned vector per position, so attention can tell word order; keeps the padding mask."""

        def __init__(self, sequence_length: int, embeddings_regularizer=None, **kwargs):
            super().__init__(**kwargs)
            self.sequence_length = int(sequence_length)
            self.embeddings_regularizer = keras.regularizers.get(embeddings_regularizer)
            self.supports_masking = True

        def build(self, input_shape):
            self.position_embeddings = self.add_weight(
                shape=(self.sequence_length, int(input_shape[-1])), initializer="uniform",
                regularizer=self.embeddings_regularizer, name="position_embeddings")

        def call(self, inputs):
            length = ops.shape(inputs)[1]
            return inputs + ops.expand_dims(self.position_embeddings[:length], 0)

        def compute_output_shape(self, input_shape):
            return input_shape

        def get_config(self):
            return {**super().get_config(), "sequence_length": self.sequence_length,
                    "embeddings_regularizer": keras.regularizers.serialize(self.embeddings_regularizer)
                    if self.embeddings_regularizer is not None else None}

    return MaskedAverage, IgnorePadding, PositionEmbedding
