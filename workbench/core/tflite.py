"""TensorFlow Lite variants of a stored run's model, each measured on the run's own test rows.

Quantization modes:

* ``none``: float32, the model as it is.
* ``float16``: weights stored as 16-bit floats (half the size), computed in float32.
* ``dynamic``: weights stored as 8-bit integers, activations computed in floats.
* ``int8``: weights and activations in 8-bit integers, their ranges calibrated on a
  sample of the run's training texts. The input stays int32 token ids and the output
  float32 probabilities; an operation without an int8 kernel stays in floats.

The text preparation (cleaning, tokens, n-grams, vocabulary look-up) stays outside the
TFLite graph: TFLite has no string operations. A deployed model is given int32 token ids of
shape (1, sequence_length), made as the export bundle's ``predict.py`` makes them.

Two rewrites make every workbench model convert to built-in TFLite operations only (so
that the plain LiteRT runtime runs it, without the TensorFlow "flex" ops, which the pip
runtimes cannot run): recurrent layers are unrolled over the fixed sequence length (TFLite
has no loop over a TensorList), and the MLP's multi-hot encoding (a DenseBincount) becomes a
comparison of each token id with the vocabulary. Both give the same numbers as the original.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import Listener, StepFinished
from workbench.core.reopen import run_split
from workbench.core.store import RunStore
from workbench.core.trained_run import open_trained_run, usable_run

MODES = ("none", "float16", "dynamic", "int8")
REPRESENTATIVE_TEXTS = 200  # training texts that calibrate int8 ranges
KERAS = "keras"  # the reference row of the table


@dataclass(frozen=True)
class Variant:
    """One row of the comparison table."""

    name: str  # "keras" or a quantization mode
    file: str  # file name in the export folder
    size_bytes: int
    test_accuracy: float
    latency_ms: float  # median time to classify one text, over the test rows
    max_probability_change: float  # largest |p - p_keras| over the test rows and classes
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TFLiteReport:
    run_id: int
    folder: str
    test_rows: int
    variants: list[Variant] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # mode -> why it could not be converted or run
    stopped: bool = False

    def table(self) -> list[dict[str, Any]]:
        """The side-by-side table: one dict per variant, with its size relative to the float32 TFLite file."""
        reference = next((v.size_bytes for v in self.variants if v.name == "none"), None)
        return [{**v.to_dict(), "size_vs_float32": v.size_bytes / reference if reference else None}
                for v in self.variants]

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench export --format tflite --json`."""
        return {"run_id": self.run_id, "folder": self.folder, "test_rows": self.test_rows,
                "variants": self.table(), "failed": self.failed, "stopped": self.stopped}


def check_modes(modes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise ConfigError(f"Choose the quantization from {', '.join(MODES)}, not {', '.join(unknown) or 'nothing'}.")
    return tuple(dict.fromkeys(modes))


def export_tflite(store: RunStore, run_id: int, folder: str | Path, modes: tuple[str, ...] = MODES,
                  force: bool = False, listener: Listener | None = None,
                  stop: threading.Event | None = None) -> TFLiteReport:
    """Write the export bundle plus one .tflite file per mode, and measure each on the test rows."""
    from workbench.core.bundle import export_bundle

    modes = check_modes(modes)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    split = run_split(usable_run(store, run_id, "export"))
    bundle = export_bundle(store, run_id, folder, force=force)
    run = open_trained_run(store, run_id, "export")
    x_test, y_test = run.ids(split.test.text.tolist()), split.encode(split.test)
    sample = split.train.text.sample(min(REPRESENTATIVE_TEXTS, len(split.train)), random_state=run.config.seed)
    representative = run.ids(sample.tolist())
    report = TFLiteReport(run_id, str(bundle.folder), len(y_test))

    keras_probabilities, keras_latency = _keras_predictions(run.model, x_test)
    report.variants.append(Variant(KERAS, bundle.model_file.name, bundle.model_file.stat().st_size,
                                   _accuracy(keras_probabilities, y_test), keras_latency, 0.0))
    convertible = tflite_ready(run.model)
    for step, mode in enumerate(modes, start=1):
        if stop.is_set():
            report.stopped = True
            break
        try:
            content = convert(convertible, mode, representative)
            probabilities, latency, note = evaluate(content, x_test)
        except Exception as exc:  # a converter or runtime failure is a row of the report, not a crash
            report.failed[mode] = _reason(exc)
            listener(StepFinished(step, len(modes), mode, {"error": report.failed[mode]}))
            continue
        path = Path(bundle.folder) / f"model_{mode}.tflite"
        path.write_bytes(content)
        variant = Variant(mode, path.name, len(content), _accuracy(probabilities, y_test), latency,
                          float(np.abs(probabilities - keras_probabilities).max()) if len(y_test) else 0.0, note)
        report.variants.append(variant)
        listener(StepFinished(step, len(modes), mode, variant.to_dict()))
    if report.failed and len(report.failed) == len(modes):
        reason = next(iter(report.failed.values()))
        raise WorkbenchError(f"Run {run_id}'s {run.config.model} model cannot be converted to TensorFlow Lite "
                             f"({reason}); use its .keras model from `workbench export {run_id} --out DIR` instead.")
    return report


# --- conversion -----------------------------------------------------------------------------


def tflite_ready(model: Any) -> Any:
    """A copy of the model that TFLite's built-in operations can run (see the module docstring).

    Refused: a bidirectional layer that passes its whole sequence on (a stacked bidirectional
    RNN). Unrolled, Keras 3 zeroes the backward direction's outputs wrongly wherever a text is
    padded, so the TFLite model would not compute what was trained.
    """
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Bidirectional) and layer.return_sequences:
            raise WorkbenchError(f"A stacked bidirectional {type(layer.forward_layer).__name__} cannot be converted "
                                 f"to TensorFlow Lite faithfully; export it as a bundle (.keras) instead, or train "
                                 f"one bidirectional layer or a one-directional stack.")

    def clone(layer):
        if isinstance(layer, keras.layers.CategoryEncoding) and layer.output_mode == "multi_hot":
            return _multi_hot_class()(layer.num_tokens, name=layer.name)
        return layer.__class__.from_config(_unrolled(layer.get_config()))

    copy = keras.models.clone_model(model, clone_function=clone)
    copy.set_weights(model.get_weights())
    return copy


def convert(model: Any, mode: str, representative: np.ndarray | None = None) -> bytes:
    """The model (from ``tflite_ready``) as a .tflite flatbuffer, quantized as ``mode`` says."""
    import tensorflow as tf

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode != "none":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    if mode == "float16":
        converter.target_spec.supported_types = [tf.float16]
    elif mode == "int8":
        if representative is None or not len(representative):
            raise ValueError("int8 needs a representative sample of token ids")

        def sample():
            for row in representative:
                yield [row[None].astype(np.int32)]

        converter.representative_dataset = sample
    # The converter prints where it saved its temporary model, and warns that int32 ids have no range.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return converter.convert()


def evaluate(content: bytes, x: np.ndarray) -> tuple[np.ndarray, float, str]:
    """Probabilities for each row of ``x`` (one text per call), the median milliseconds per text, and a note.

    Runs on one thread. Some int8 recurrent models fail in the XNNPACK delegate that the
    runtime applies by default; they are then measured with TFLite's reference kernels.
    """
    try:
        return (*_run(content, x, delegates=True), "")
    except RuntimeError as exc:
        if "XNNPACK" not in str(exc):
            raise
        return (*_run(content, x, delegates=False), "measured without the XNNPACK delegate, which cannot run it")


def interpreter(content: bytes, delegates: bool = True) -> Any:
    """The LiteRT interpreter (ai-edge-litert) when installed, else TensorFlow's own tf.lite.Interpreter."""
    try:
        from ai_edge_litert.interpreter import Interpreter, OpResolverType
    except ImportError:
        import tensorflow as tf

        Interpreter, OpResolverType = tf.lite.Interpreter, tf.lite.experimental.OpResolverType
    resolver = OpResolverType.AUTO if delegates else OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
    with warnings.catch_warnings():  # tf.lite.Interpreter warns that LiteRT replaces it
        warnings.simplefilter("ignore")
        return Interpreter(model_content=content, num_threads=1, experimental_op_resolver_type=resolver)


def _run(content: bytes, x: np.ndarray, delegates: bool) -> tuple[np.ndarray, float]:
    runner = interpreter(content, delegates)
    source, target = runner.get_input_details()[0], runner.get_output_details()[0]
    runner.resize_tensor_input(source["index"], [1, x.shape[1]])
    runner.allocate_tensors()
    rows, seconds = [], []
    for ids in x:
        started = time.perf_counter()
        runner.set_tensor(source["index"], ids[None].astype(source["dtype"]))
        runner.invoke()
        rows.append(runner.get_tensor(target["index"])[0].astype(np.float64))
        seconds.append(time.perf_counter() - started)
    probabilities = np.array(rows) if rows else np.zeros((0, target["shape"][-1]))
    return probabilities, float(np.median(seconds) * 1000) if seconds else 0.0


def _keras_predictions(model: Any, x: np.ndarray) -> tuple[np.ndarray, float]:
    """The Keras model's probabilities, and its median milliseconds per text called one text at a time."""
    probabilities = np.asarray(model.predict(x, batch_size=256, verbose=0), dtype=np.float64)
    seconds = []
    for ids in x:
        started = time.perf_counter()
        model.predict_on_batch(ids[None])
        seconds.append(time.perf_counter() - started)
    return probabilities, float(np.median(seconds) * 1000) if seconds else 0.0


def _accuracy(probabilities: np.ndarray, y: np.ndarray) -> float:
    return float((probabilities.argmax(axis=1) == y).mean()) if len(y) else float("nan")


def _reason(exc: Exception) -> str:
    """The converter's first error line (its messages run to pages), or the exception's first line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    errors = [line.split("error:", 1)[1].strip() for line in lines if "error:" in line]
    text = errors[0] if errors else (lines[0] if lines else type(exc).__name__)
    return text if len(text) <= 200 else text[:199] + "…"


def _unrolled(config: Any) -> Any:
    """A layer config with every recurrent layer (also one wrapped in Bidirectional) set to unroll."""
    if isinstance(config, dict):
        return {key: True if key == "unroll" else _unrolled(value) for key, value in config.items()}
    if isinstance(config, list):
        return [_unrolled(value) for value in config]
    return config


@lru_cache(maxsize=1)
def _multi_hot_class():
    """Defined on first use so that importing this module does not import Keras."""
    import keras

    class MultiHot(keras.layers.Layer):
        """CategoryEncoding(output_mode="multi_hot") from comparisons, which TFLite runs (and int8 keeps exact)."""

        def __init__(self, num_tokens: int, **kwargs):
            super().__init__(**kwargs)
            self.num_tokens = int(num_tokens)

        def call(self, ids):
            vocabulary = keras.ops.arange(self.num_tokens, dtype="int32")
            present = keras.ops.equal(keras.ops.expand_dims(keras.ops.cast(ids, "int32"), -1), vocabulary)
            return keras.ops.cast(keras.ops.any(present, axis=1), "float32")

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.num_tokens)

    return MultiHot
