"""Predicting with, rebuilding the split of, and pruning a stored run: real training, real store."""

import shutil
import threading

import numpy as np
import pytest

from tests.trained_runs import data_file, train_stored_run
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prune")
    path = data_file(folder)
    store = RunStore(folder / "home")
    run_id = train_stored_run(store, path, epochs=3, ngrams=1)
    yield store, run_id, path
    store.close()


def test_predict_gives_what_the_window_predictor_gives(stored):
    from workbench.core.predict import predict
    from workbench.core.training import load_predictor

    store, run_id, _ = stored
    texts = ["The soup was wonderful", "My parcel never arrived", ""]
    result = predict(store, run_id, texts)
    expected = load_predictor(store.get_run(run_id).model_path).predict(texts)
    np.testing.assert_allclose(result.probabilities, expected, atol=1e-6)
    out = result.to_dict()
    assert out["class_names"] == ["negative", "positive"]
    assert [p["label"] for p in out["predictions"]] == [out["class_names"][i] for i in expected.argmax(axis=1)]
    assert out["predictions"][0]["probabilities"]["positive"] == pytest.approx(float(expected[0, 1]))


def test_runs_that_cannot_be_used_are_refused_in_one_sentence(stored, tmp_path):
    from workbench.core.config import ExperimentConfig
    from workbench.core.prune import check_sparsity
    from workbench.core.trained_run import open_trained_run

    store, run_id, path = stored
    lookup = train_stored_run(store, path, model="lookup")
    pretrain = store.create_run(ExperimentConfig().to_json(), {}, kind="pretrain")
    store.finish_run(pretrain, "completed", {}, model_path=store.get_run(run_id).model_path)
    failed = store.create_run(ExperimentConfig().to_json(), {})
    store.finish_run(failed, "failed", None, message="boom")
    cases = {lookup: "lookup-table baseline", pretrain: "pretraining run", failed: "has no saved model",
             99999: "No run with id 99999; `workbench runs list`"}
    for bad_id, words in cases.items():
        with pytest.raises(WorkbenchError, match=words) as caught:
            open_trained_run(store, bad_id, "prune")
        assert "\n" not in str(caught.value)
    for sparsity in (-0.1, 0.995, 1.0):
        with pytest.raises(WorkbenchError, match="between 0 and 0.99"):
            check_sparsity(sparsity)
    assert check_sparsity(0.99) == 0.99


def test_the_split_is_rebuilt_exactly_and_refused_when_the_file_changed(stored, tmp_path):
    from workbench.core.config import ExperimentConfig
    from workbench.core.data import load_companion, load_dataset, split_dataset
    from workbench.core.reopen import run_split
    from workbench.core.training import train

    store, run_id, path = stored
    rebuilt = run_split(store.get_run(run_id))
    original = split_dataset(load_dataset(path), 0.15, 0.15, 42)
    assert rebuilt.test.equals(original.test) and rebuilt.train.equals(original.train)

    copy = shutil.copy(path, tmp_path / "copy.csv")
    other = train(ExperimentConfig(epochs=1, embedding_dim=4, seed=7), load_dataset(copy), store=store).run_id
    assert run_split(store.get_run(other)).test.equals(split_dataset(load_dataset(copy), 0.15, 0.15, 7).test)
    with_test_file = train(ExperimentConfig(epochs=1, embedding_dim=4), split_dataset(
        load_dataset(copy), 0.15, 0.15, 42, test=load_companion(path, like=load_dataset(copy))), store=store).run_id
    with pytest.raises(WorkbenchError, match="cannot be made again from copy.csv alone"):
        run_split(store.get_run(with_test_file))
    with open(copy, "a", encoding="utf-8") as f:
        f.write("One more wonderful soup,positive\n")
    with pytest.raises(WorkbenchError, match="has changed since run .* was trained on it"):
        run_split(store.get_run(other))
    (tmp_path / "copy.csv").unlink()
    with pytest.raises(WorkbenchError, match="is no longer there; put the file back"):
        run_split(store.get_run(other))


def test_pruning_zeroes_the_share_asked_keeps_it_through_fine_tuning_and_stores_a_child_run(stored):
    from workbench.core.diagnostics import weight_matrices
    from workbench.core.events import EpochEnd, RunFinished, RunStarted
    from workbench.core.models import load_model
    from workbench.core.prune import prune

    store, run_id, _ = stored
    events = []
    result = prune(store, run_id, 0.8, fine_tune_epochs=2, listener=events.append)
    assert result.status == "completed" and result.parent_id == run_id
    assert result.sparsity == pytest.approx(0.8, abs=1e-3)
    assert set(result.layers) == {"embedding/embeddings", "output/kernel"}
    assert all(share == pytest.approx(0.8, abs=0.02) for share in result.layers.values())
    assert result.size_bytes < 0.6 * result.parent_size_bytes  # zeros compress
    assert len(result.history) == 2 and 0.0 <= result.test_accuracy <= 1.0
    assert [type(e) for e in events if not type(e).__name__ == "BatchProgress"] == [
        RunStarted, EpochEnd, EpochEnd, RunFinished]

    record = store.get_run(result.run_id)
    assert record.kind == "prune" and record.parent_id == run_id and record.status == "completed"
    assert record.results["prune"]["sparsity"] == result.sparsity and len(store.history(result.run_id)) == 2
    saved = load_model(record.model_path)  # the fine-tuned weights: still zero where pruned
    for path, variable in weight_matrices(saved).items():
        values = variable.numpy()
        assert (values == 0).mean() == pytest.approx(result.layers[path])
    out = result.to_dict()
    assert {"sparsity", "test_accuracy", "size_bytes", "parent", "run_id"} <= set(out)


def test_the_curve_starts_each_point_from_the_run_and_can_be_stopped(stored):
    from workbench.core.events import StepFinished
    from workbench.core.prune import sparsity_curve

    store, run_id, _ = stored
    events = []
    curve = sparsity_curve(store, run_id, (0.0, 0.5, 0.95), listener=events.append)
    points = [p.to_dict() for p in curve.points]
    assert [round(p["sparsity"], 2) for p in points] == [0.0, 0.5, 0.95]
    assert points[0]["test_accuracy"] == store.get_run(run_id).results["test"]["accuracy"]
    assert points[0]["size_bytes"] > points[1]["size_bytes"] > points[2]["size_bytes"]
    assert [e.result for e in events if isinstance(e, StepFinished)] == points

    stop = threading.Event()
    stop.set()
    stopped = sparsity_curve(store, run_id, stop=stop)
    assert stopped.stopped and stopped.points == []
