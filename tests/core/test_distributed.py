"""One model trained by two tf.distribute worker processes on 127.0.0.1 ports, as `train --workers 2` does."""

import json
import math

import numpy as np
import psutil

from tests.helpers import cli, cli_stopped_by_ctrl_c, labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.distributed import train_distributed
from workbench.core.reopen import run_split
from workbench.core.store import RunStore
from workbench.core.training import load_predictor, train

TINY = ("--batch-size", "8", "--embedding-dim", "8", "--max-tokens", "200", "--seed", "3")


def test_two_workers_take_the_same_steps_as_one_process_and_ctrl_c_stops_them_all(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(101))
    lines = cli_stopped_by_ctrl_c(["train", data, "--workers", "2", "--epochs", "40", *TINY,
                                   "--json", tmp_path / "r.json"], at="epoch 2/40")
    assert lines[0] == ("2 worker processes (tf.distribute, data parallel): global batch 8 (4 per worker per step), "
                        "learning rate 0.001, as set")
    epochs = [line.split()[1] for line in lines if line.startswith("epoch ")]  # the chief's lines only
    assert epochs[:2] == ["1/40", "2/40"] and len(epochs) < 40
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["status"] == "stopped" and len(result["history"]) == len(epochs)

    # The same settings in one process: the global batch is split, not changed, so the steps are the same.
    local = train(ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=200, seed=3),
                  load_dataset(data))
    for epoch, tolerance in ((0, 1e-5), (1, 1e-3)):  # summing gradients across workers reorders floats
        for key in ("loss", "val_loss"):
            a, b = result["history"][epoch][key], local.history[epoch][key]
            assert math.isclose(a, b, rel_tol=tolerance), (epoch, key, a, b)

    with RunStore() as store:
        record = store.get_run(result["run_id"])
        assert record.status == "stopped" and len(store.history(record.id)) == len(epochs)
        assert record.dataset["path"] == str(data)
        split = run_split(record)
    predicted = load_predictor(result["model_path"]).predict(split.test.text.tolist()).argmax(axis=1)
    assert math.isclose(result["test"]["accuracy"], float(np.mean(predicted == split.encode(split.test))))


def test_a_worker_that_dies_ends_the_run_as_failed_with_its_epochs_kept(tmp_path):
    dataset = load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(101)))
    killed, run_ids, stored_when_sent = [], [], []

    def listener(event):
        if type(event).__name__ == "RunStarted":
            run_ids.append(event.run_id)
        if type(event).__name__ == "EpochEnd":  # already in the store, as another connection reads it
            with RunStore() as reader:
                stored_when_sent.append(len(reader.history(run_ids[0])) == event.epoch)
        if type(event).__name__ == "EpochEnd" and not killed:
            for process in psutil.Process().children():
                if "workbench.core.distributed" in " ".join(process.cmdline()) and \
                        '"index": 1' in process.environ().get("TF_CONFIG", ""):
                    killed.append(process.pid)
                    process.kill()

    with RunStore() as store:
        result = train_distributed(ExperimentConfig(epochs=40, batch_size=8, embedding_dim=8, max_tokens=200),
                                   dataset, workers=2, listener=listener, store=store)
        record = store.get_run(result.run_id)
        kept = store.history(result.run_id)
    assert killed and result.status == "failed" and "worker 1 was ended by signal 9" in result.message
    assert record.status == "failed" and 1 <= len(kept) < 40 and len(result.history) == len(kept)
    assert run_ids == [result.run_id] and stored_when_sent and all(stored_when_sent)


def test_refusals_are_one_line(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(40))
    for args, message in (((data, "--workers", "2", "--model", "lookup"), "error: The lookup table is not trained"),
                          ((data, "--workers", "0"), "error: --workers must be between 1 and 16.")):
        out = cli("train", *args)
        assert out.returncode == 2 and out.stderr.startswith(message) and out.stderr.count("\n") == 1, out.stderr
