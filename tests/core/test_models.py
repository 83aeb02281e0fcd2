"""The Keras model registry: every model builds, trains, regularizes, seeds and saves as declared (real Keras)."""

import subprocess
import sys

import numpy as np
import pytest

from workbench.core.config import MODELS, SEQUENCE_MODELS, ExperimentConfig
from workbench.core.models import MODEL_INFO, build_model, regularization_penalty

VOCAB, LENGTH, CLASSES, ROWS = 50, 12, 3, 64
KERAS_MODELS = [name for name in MODEL_INFO if name != "lookup"]


def tiny(model: str, **changes) -> ExperimentConfig:
    """Small enough that building and one epoch take about a second."""
    return ExperimentConfig(model=model, embedding_dim=8, hidden_units=8, num_heads=2, **changes).validate()


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.integers(2, VOCAB, size=(ROWS, LENGTH)).astype(np.int32)
    lengths = rng.integers(1, LENGTH + 1, size=ROWS)
    x[np.arange(LENGTH) >= lengths[:, None]] = 0  # right-padded, as TextVectorization does
    x[0] = 0  # an empty text (all padding) must still give probabilities, not NaN
    return x, rng.integers(0, CLASSES, size=ROWS)


def fit_one_epoch(model, data):
    x, y = data
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    return model


def test_model_info_describes_every_configurable_model_in_order():
    assert tuple(MODEL_INFO) == MODELS
    for name, info in MODEL_INFO.items():
        assert info.name == name and info.title and info.description.endswith(".")
        assert info.uses_sequences == (name in SEQUENCE_MODELS)
    assert MODEL_INFO["lookup"].description.startswith("Memorizer: predicts the label of an exact-match")


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_every_model_trains_and_outputs_probabilities(name, data):
    model = build_model(tiny(name, dropout=0.1), VOCAB, LENGTH, CLASSES)
    assert model.inputs[0].shape == (None, LENGTH) and model.inputs[0].dtype == "int32"
    assert model.get_layer("output").activation.__name__ == "softmax"
    assert not model.compiled  # uncompiled: the trainer chooses the optimizer
    p = np.asarray(fit_one_epoch(model, data).predict(data[0], verbose=0))
    assert p.shape == (ROWS, CLASSES) and np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-5)


def test_lookup_is_not_a_keras_model():
    with pytest.raises(ValueError, match="not a Keras model"):
        build_model(tiny("lookup"), VOCAB, LENGTH, CLASSES)


@pytest.mark.parametrize("name", ["mlp", "transformer"])
def test_l2_adds_a_penalty_and_zero_adds_none(name):
    regularized = build_model(tiny(name, l2=0.01), VOCAB, LENGTH, CLASSES)
    assert regularized.losses and regularization_penalty(regularized) > 0
    plain = build_model(tiny(name), VOCAB, LENGTH, CLASSES)
    assert plain.losses == [] and regularization_penalty(plain) == 0.0


def test_l1_is_the_sum_of_absolute_weights():
    model = build_model(tiny("mlp", l1=0.01), VOCAB, LENGTH, CLASSES)
    kernels = [model.get_layer(n).kernel for n in ("dense_1", "output")]
    expected = 0.01 * sum(float(np.abs(np.asarray(k)).sum()) for k in kernels)
    assert regularization_penalty(model) == pytest.approx(expected, rel=1e-5)


def test_regularize_embedding_adds_the_embedding_penalty_only_when_on():
    off = build_model(tiny("bag_of_embeddings", l2=0.01), VOCAB, LENGTH, CLASSES)
    on = build_model(tiny("bag_of_embeddings", l2=0.01, regularize_embedding=True), VOCAB, LENGTH, CLASSES)
    assert off.get_layer("embedding").embeddings_regularizer is None
    table = np.asarray(on.get_layer("embedding").embeddings)
    assert len(on.losses) == len(off.losses) + 1
    assert regularization_penalty(on) - regularization_penalty(off) == pytest.approx(
        0.01 * float((table ** 2).sum()), rel=1e-4)
    embedding_only = build_model(tiny("bag_of_embeddings", regularize_embedding=True), VOCAB, LENGTH, CLASSES)
    assert regularization_penalty(embedding_only) == 0.0  # the switch alone adds nothing without L1/L2


def test_same_seed_same_initial_weights_other_seed_different():
    def weights(seed):
        return build_model(tiny("transformer", seed=seed), VOCAB, LENGTH, CLASSES).get_weights()

    first, again, other = weights(7), weights(7), weights(8)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))


def test_bidirectional_stacked_lstm_builds(data):
    model = build_model(tiny("lstm", num_layers=2, bidirectional=True, dropout=0.2), VOCAB, LENGTH, CLASSES)
    assert [type(model.get_layer(f"bidirectional_{i}")).__name__ for i in (1, 2)] == ["Bidirectional"] * 2
    assert model.get_layer("bidirectional_1").output.shape == (None, LENGTH, 16)  # sequences, both directions
    assert model.get_layer("bidirectional_2").output.shape == (None, 16)
    assert model.predict(data[0][:4], verbose=0).shape == (4, CLASSES)


def test_cnn_window_wider_than_the_text_works(data):
    model = build_model(tiny("cnn", kernel_sizes=f"2,{LENGTH + 5}"), VOCAB, LENGTH, CLASSES)
    assert model.get_layer("concatenate").output.shape == (None, 2 * 8)
    assert fit_one_epoch(model, data).predict(data[0][:4], verbose=0).shape == (4, CLASSES)


@pytest.mark.parametrize("name", ["bag_of_embeddings", "gru", "transformer"])
def test_padding_does_not_change_predictions(name, data):
    """Masked models ignore the padding positions: the padding row of the embedding table is never read."""
    model = build_model(tiny(name), VOCAB, LENGTH, CLASSES)
    before = model.predict(data[0][1:], verbose=0)
    table = model.get_layer("embedding").embeddings
    table.assign(np.concatenate([np.full((1, 8), 5.0, np.float32), np.asarray(table)[1:]]))
    np.testing.assert_allclose(model.predict(data[0][1:], verbose=0), before, atol=1e-5)


def test_mlp_multi_hot_ignores_padding():
    import keras

    model = build_model(tiny("mlp"), VOCAB, LENGTH, CLASSES)
    bag = keras.Model(model.inputs, model.get_layer("ignore_padding").output)
    vector = bag.predict(np.array([[5, 5, 7] + [0] * (LENGTH - 3)], np.int32), verbose=0)[0]
    assert vector.shape == (VOCAB,) and vector[0] == 0 and vector[5] == vector[7] == 1 and vector.sum() == 2


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # inside Keras' saving
def test_transformer_save_and_load_round_trip(tmp_path, data):
    import keras

    config = tiny("transformer", num_layers=2, l2=0.001, regularize_embedding=True, dropout=0.1)
    model = fit_one_epoch(build_model(config, VOCAB, LENGTH, CLASSES), data)
    expected = model.predict(data[0], verbose=0)
    path = tmp_path / "transformer.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(data[0], verbose=0), expected, atol=1e-6)
    assert regularization_penalty(loaded) == pytest.approx(regularization_penalty(model), rel=1e-6)

    # A later session (reopening a saved run) has built nothing yet: models.load_model registers the layers.
    np.save(tmp_path / "ids.npy", data[0])
    code = ("import sys, numpy as np; from workbench.core.models import load_model; "
            "d = sys.argv[1]; np.save(d + '/p.npy', load_model(d + '/transformer.keras')"
            ".predict(np.load(d + '/ids.npy'), verbose=0))")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True, timeout=120)
    np.testing.assert_allclose(np.load(tmp_path / "p.npy"), expected, atol=1e-6)


def test_importing_the_registry_does_not_import_tensorflow():
    code = ("import sys, workbench.core.models as m; assert len(m.MODEL_INFO) == 8; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False False"
