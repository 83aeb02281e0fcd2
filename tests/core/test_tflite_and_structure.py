"""TensorFlow Lite variants measured on a run's test rows, what converts, and the model's structure."""

import numpy as np
import pytest

from tests.trained_runs import data_file, train_stored_run
from workbench.core.config import ExperimentConfig
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore


def test_variants_are_written_and_measured_side_by_side(tmp_path):
    from workbench.core.events import StepFinished
    from workbench.core.predict import predict
    from workbench.core.tflite import evaluate, export_tflite

    path = data_file(tmp_path)
    with RunStore(tmp_path / "home") as store:
        run_id = train_stored_run(store, path, embedding_dim=32, epochs=3)
        events = []
        report = export_tflite(store, run_id, tmp_path / "out", ("none", "int8"), listener=events.append)
        keras_accuracy = store.get_run(run_id).results["test"]["accuracy"]
        texts = ["The soup was wonderful", "My parcel never arrived"]
        expected = predict(store, run_id, texts).probabilities
        with pytest.raises(WorkbenchError, match="already exists and is not empty; .* --force"):
            export_tflite(store, run_id, tmp_path / "out", ("none",))
    table = {row["name"]: row for row in report.table()}
    assert list(table) == ["keras", "none", "int8"] and report.failed == {}
    assert [e.label for e in events if isinstance(e, StepFinished)] == ["none", "int8"]
    assert table["keras"]["test_accuracy"] == keras_accuracy
    assert table["none"]["test_accuracy"] == keras_accuracy and table["none"]["max_probability_change"] < 1e-5
    assert table["int8"]["size_bytes"] < 0.35 * table["none"]["size_bytes"]
    assert table["int8"]["size_vs_float32"] == pytest.approx(table["int8"]["size_bytes"] / table["none"]["size_bytes"])
    assert all(row["latency_ms"] > 0 for row in table.values())
    for name in ("none", "int8"):
        assert (tmp_path / "out" / table[name]["file"]).stat().st_size == table[name]["size_bytes"]
    assert (tmp_path / "out" / "predict.py").is_file()  # the bundle that makes the token ids comes along

    from workbench.core.training import load_predictor

    encoder = load_predictor(store_model(tmp_path, run_id)).encoder
    float32, _, _ = evaluate((tmp_path / "out" / "model_none.tflite").read_bytes(), encoder.transform(texts))
    np.testing.assert_allclose(float32, expected, atol=1e-5)


def store_model(tmp_path, run_id):
    with RunStore(tmp_path / "home") as store:
        return store.get_run(run_id).model_path


@pytest.mark.parametrize("settings", [
    {"model": "mlp", "hidden_units": 8},  # multi-hot: a DenseBincount, which TFLite lacks
    {"model": "gru", "hidden_units": 4, "num_layers": 2},  # a loop over a TensorList
    {"model": "lstm", "hidden_units": 4, "bidirectional": True},
], ids=["mlp", "stacked gru", "bidirectional lstm"])
def test_models_that_need_a_rewrite_convert_to_builtin_ops_with_the_same_numbers(settings):
    from workbench.core.models import build_model
    from workbench.core.tflite import convert, evaluate, tflite_ready

    config = ExperimentConfig(embedding_dim=8, **settings)
    model = build_model(config, 50, 6, 3)
    ids = np.random.default_rng(0).integers(1, 50, size=(5, 6)).astype(np.int32)  # 0 is only ever padding:
    ids[0, 3:] = 0  # a short text, padded at its end
    ready = tflite_ready(model)
    np.testing.assert_allclose(ready.predict(ids, verbose=0), model.predict(ids, verbose=0), atol=1e-6)
    probabilities, latency, _ = evaluate(convert(ready, "none"), ids)
    np.testing.assert_allclose(probabilities, model.predict(ids, verbose=0), atol=1e-5)
    assert latency > 0


def test_a_stacked_bidirectional_rnn_is_refused_in_one_sentence():
    from workbench.core.models import build_model
    from workbench.core.tflite import tflite_ready

    model = build_model(ExperimentConfig(model="gru", embedding_dim=8, hidden_units=4, bidirectional=True,
                                         num_layers=2), 50, 6, 3)
    with pytest.raises(WorkbenchError, match="stacked bidirectional GRU cannot be converted") as caught:
        tflite_ready(model)
    assert "\n" not in str(caught.value)


def test_a_model_that_cannot_convert_gets_one_sentence(tmp_path, monkeypatch):
    from workbench.core import tflite

    path = data_file(tmp_path)
    with RunStore(tmp_path / "home") as store:
        run_id = train_stored_run(store, path)
        monkeypatch.setattr(tflite, "tflite_ready", lambda model: model.layers[1])  # a layer: not a model
        with pytest.raises(WorkbenchError, match=r"cannot be converted to TensorFlow Lite \(.+\); use its .keras"):
            tflite.export_tflite(store, run_id, tmp_path / "out", ("none",))


def test_structure_lists_layers_their_inputs_shapes_and_regularization():
    from workbench.core.diagnostics import weight_stats
    from workbench.core.models import build_model
    from workbench.core.structure import model_structure

    model = build_model(ExperimentConfig(model="cnn", kernel_sizes="2,3", hidden_units=4, dropout=0.5, l2=1e-3,
                                         embedding_dim=8), 40, 10, 3)
    structure = model_structure(model, run_id=5)
    layers = {layer.name: layer for layer in structure.layers}
    assert [layer.name for layer in structure.layers][:2] == ["token_ids", "embedding"]
    assert layers["concatenate"].inbound == ["max_pool_1", "max_pool_2"]
    assert layers["conv_2"].inbound == ["embedding"] and layers["output"].inbound == ["dropout"]
    assert layers["conv_1"].output_shape == [None, 10, 4] and layers["output"].output_shape == [None, 3]
    assert layers["dropout"].dropout == 0.5 and layers["dropout"].regularization_text() == "dropout 0.5"
    assert layers["conv_1"].regularizers == {"kernel": {"l2": 1e-3}}
    assert layers["conv_1"].regularization_text() == "L2 0.001 on kernel"
    assert layers["embedding"].regularizers == {}  # regularize_embedding is off
    assert sum(layer.params for layer in structure.layers) == structure.total_params == model.count_params()
    assert {w for layer in structure.layers for w in layer.weights} == set(weight_stats(model))
    out = structure.to_dict()
    assert out["run_id"] == 5 and out["layers"][1]["type"] == "Embedding"
    assert {layer["name"]: layer["regularization"] for layer in out["layers"]}["conv_1"] == "L2 0.001 on kernel"
