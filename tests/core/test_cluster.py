"""Sweeps on a real Ray cluster on 127.0.0.1, started here: one for the whole module (Ray starts slowly)."""

import json
import math
import os
import signal
import threading

import psutil
import pytest

from tests.helpers import cli, cli_stopped_by_ctrl_c, labelled_rows, write_csv
from workbench.core.cluster import Trial, connected, ray_installed, run_trials_on_cluster
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.distributed import train_distributed
from workbench.core.events import TrialEvent
from workbench.core.local_ray import LocalRayCluster
from workbench.core.store import RunStore
from workbench.core.sweep import run_sweep
from workbench.core.training import load_predictor, train

pytestmark = pytest.mark.skipif(not ray_installed(), reason='needs Ray: pip install -e ".[cluster]" (the test extra '
                                                           'installs it, so CI runs these tests)')

TINY = {"batch_size": 8, "embedding_dim": 8, "max_tokens": 200, "seed": 3}
RAY_SETTINGS = ("RAY_AUTH_TOKEN", "RAY_AUTH_MODE", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")  # as LocalRayCluster sets them


@pytest.fixture(scope="module")
def ray_cluster():
    """The cluster, and this process joined to it for the whole module, so that its workers stay warm."""
    ray_environ = {name: os.environ.get(name) for name in RAY_SETTINGS}
    cluster = LocalRayCluster(cpus=2).start()
    members = cluster.processes()
    try:
        with connected(cluster.address):
            yield cluster
    finally:
        cluster.stop()
    assert not [p for p in members if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert {name: os.environ.get(name) for name in RAY_SETTINGS} == ray_environ  # gone with the cluster


@pytest.fixture(autouse=True)
def leaves_nothing_behind(ray_cluster):
    """The suite's check (tests/conftest.py), except for this module's cluster, which outlives each test."""
    yield
    cluster = {p.pid for p in ray_cluster.processes()}
    children = [p for p in psutil.Process().children(recursive=True) if p.pid not in cluster]
    _gone, alive = psutil.wait_procs(children, timeout=10)
    for process in alive:
        process.kill()
    assert not alive, f"the test left processes running: {[p.cmdline()[-3:] for p in alive]}"


@pytest.fixture
def dataset(tmp_path):
    return load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(60)))


@pytest.fixture
def puts(monkeypatch):
    """The type of each object this process puts into Ray's object store."""
    import ray

    types = []
    real_put = ray.put
    monkeypatch.setattr(ray, "put", lambda value, **kw: types.append(type(value).__name__) or real_put(value, **kw))
    return types


def test_a_sweep_on_the_cluster_equals_the_local_sweep_and_is_stored_as_it_trains(ray_cluster, dataset, puts):
    base = ExperimentConfig(epochs=2, **TINY)
    events: list[TrialEvent] = []
    stored_when_sent = []

    def listener(event):
        events.append(event)
        if event.event == "EpochEnd":  # already in the store, read by another connection
            with RunStore() as reader:
                stored_when_sent.append(len(reader.history(event.run_id)) >= event.data["epoch"])

    with RunStore() as store:
        remote = run_sweep(base, [("dropout", [0.0, 0.5])], dataset, listener=listener, store=store,
                           cluster=ray_cluster.address)
        local = run_sweep(base, [("dropout", [0.0, 0.5])], dataset)
        records = {record.id: record for record in store.list_runs()}

    assert puts == ["bytes"]  # the file, once, for both trials
    assert [r.status for r in remote] == ["completed", "completed"]
    for mine, theirs in zip(remote, local):
        assert mine.config == theirs.config and len(mine.history) == 2
        for a, b in zip(mine.history, theirs.history):
            for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
                assert math.isclose(a[key], b[key], rel_tol=1e-5, abs_tol=1e-6), (key, a[key], b[key])
        assert math.isclose(mine.test["accuracy"], theirs.test["accuracy"], abs_tol=1e-9)

    assert stored_when_sent == [True] * 4
    for result in remote:
        record = records[result.run_id]
        assert record.status == "completed" and record.dataset["path"] == dataset.summary.path
        assert record.dataset["fingerprint"] == dataset.summary.fingerprint
        assert [h["val_loss"] for h in RunStore().history(result.run_id)] == [h["val_loss"] for h in result.history]
        probabilities = load_predictor(result.model_path).predict(["The soup was wonderful, visit 1."])
        assert probabilities.shape == (1, 2)
    for trial in (1, 2):
        kinds = [e.event for e in events if e.trial == trial and e.event != "BatchProgress"]
        assert kinds == ["RunStarted", "EpochEnd", "EpochEnd", "RunFinished"]
        ids = {e.run_id for e in events if e.trial == trial} | {e.data.get("run_id") for e in events
                                                                if e.trial == trial and "run_id" in e.data}
        assert ids == {remote[trial - 1].run_id}
        assert all(e.total == 2 and "pid" in e.worker for e in events if e.trial == trial)


def test_killed_workers_keep_their_epochs_a_trial_starts_again_or_fails_and_the_others_finish(ray_cluster,
                                                                                               dataset):
    split = split_dataset(dataset, 0.15, 0.15, 3)
    long = ExperimentConfig(epochs=20, **TINY)
    trials = [Trial(long, split), Trial(long.replace(dropout=0.5), split), Trial(long.replace(epochs=2), split)]
    kills = {1: 1, 2: 2}  # trial -> how many of its attempts to kill: trial 2 dies more often than retried
    killed: dict[int, list[int]] = {1: [], 2: []}  # trial -> the runs whose worker was killed

    def listener(event):
        if event.event == "EpochEnd" and len(killed.get(event.trial, [1, 1])) < kills.get(event.trial, 0) \
                and event.run_id not in killed[event.trial]:
            killed[event.trial].append(event.run_id)
            os.kill(int(event.worker.rsplit(" ", 1)[-1]), signal.SIGKILL)

    with RunStore() as store:
        results = run_trials_on_cluster(trials, ray_cluster.address, listener=listener, store=store, retries=1)
        records = {record.id: record for record in store.list_runs()}
        kept = {run_id: len(store.history(run_id)) for run_id in records}

    assert [r.status for r in results] == ["completed", "failed", "completed"]
    retried, failed, other = results
    assert len(retried.history) == 20 and retried.run_id not in killed[1] and len(other.history) == 2
    (first,) = killed[1]
    assert records[first].status == "interrupted" and "worker training it died" in records[first].message
    assert kept[first] >= 1
    assert killed[2][-1] == failed.run_id and records[failed.run_id].status == "failed"
    assert "died after epoch" in failed.message and "tried 2 times" in failed.message
    assert kept[failed.run_id] == len(failed.history) >= 1
    assert records[killed[2][0]].status == "interrupted" and kept[killed[2][0]] >= 1
    assert len(records) == 5  # 3 trials, 2 of them started twice


def test_stop_ends_the_trials_in_flight_as_stopped_and_skips_the_rest(ray_cluster, dataset):
    split = split_dataset(dataset, 0.15, 0.15, 3)
    # Batches of one: 30 epochs take seconds, longer than the Stop takes to reach a worker (it asks every
    # STOP_POLL_SECONDS), also on a busy machine; with batches of 8 a trial once finished first.
    slow = {**TINY, "batch_size": 1}
    trials = [Trial(ExperimentConfig(epochs=30, dropout=d, **slow), split) for d in (0.0, 0.1, 0.2, 0.3)]
    stop = threading.Event()
    started = []

    def listener(event):
        if event.event == "EpochEnd":
            stop.set()

    with RunStore() as store:
        results = run_trials_on_cluster(trials, ray_cluster.address, listener=listener, stop=stop, store=store,
                                        on_trial_start=lambda index, total, config: started.append(index))
        statuses = {record.id: record.status for record in store.list_runs()}

    assert results and all(r.status == "stopped" and len(r.history) < 30 for r in results)
    assert len(results) < len(trials)  # the trials not yet begun were skipped
    assert sorted(statuses.values()) == ["stopped"] * len(results)


def test_cli_sweep_on_the_cluster_prints_each_trial_and_the_table(ray_cluster, tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("sweep", data, "--vary", "dropout=0,0.5", "--epochs", "1", "--batch-size", "8", "--embedding-dim", "8",
              "--max-tokens", "200", "--cluster", ray_cluster.address, "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert sorted(line for line in lines if line.startswith("run ") and ": dropout" in line) == [
        "run 1/2: dropout=0", "run 2/2: dropout=0.5"]
    assert sorted(line.split()[0] for line in lines if " epoch 1/1 " in line) == ["[1/2]", "[2/2]"]
    runs = json.loads((tmp_path / "r.json").read_text())["runs"]
    assert sorted(r["varied"]["dropout"] for r in runs) == [0.0, 0.5]
    assert all(r["status"] == "completed" and len(r["history"]) == 1 for r in runs)
    assert lines[-3].split()[:3] == ["run", "dropout", "status"]


def test_folds_on_the_cluster_score_as_local_folds_in_one_group_from_one_put_of_the_file(ray_cluster, dataset, puts):
    from workbench.core.crossval import cross_validate

    config = ExperimentConfig(epochs=1, **TINY)
    trials = []
    with RunStore() as store:
        remote = cross_validate(config, dataset, 3, store=store, cluster=ray_cluster.address,
                                listener=lambda e: trials.append(e.trial))
        group = store.group(remote.group_id)
    local = cross_validate(config, dataset, 3)

    assert puts == ["bytes"] and set(trials) == {1, 2, 3}  # the file, not a split per fold
    assert [f.fold for f in remote.folds] == [1, 2, 3] and [f.status for f in remote.folds] == ["completed"] * 3
    for mine, theirs in zip(remote.folds, local.folds):
        assert mine.sizes == theirs.sizes and math.isclose(mine.accuracy, theirs.accuracy, abs_tol=1e-9)
    assert group["run_ids"] == sorted(f.run_id for f in remote.folds)
    assert [s["fold"] for s in group["info"]["fold_scores"]] == [1, 2, 3]
    assert math.isclose(group["info"]["mean"]["accuracy"], remote.mean_std()[0]["accuracy"])


def test_a_sweep_over_seeds_on_the_cluster_keeps_each_setting_s_runs_in_its_repeats_group(ray_cluster, dataset):
    base = ExperimentConfig(epochs=1, **TINY)
    with RunStore() as store:
        remote = run_sweep(base, [("dropout", [0.0, 0.5])], dataset, store=store, repeats=2,
                           cluster=ray_cluster.address)
        groups = {r.group_id: store.group(r.group_id) for r in remote}
    local = run_sweep(base, [("dropout", [0.0, 0.5])], dataset, repeats=2)

    assert [(r.config.dropout, r.config.seed) for r in remote] == [(0.0, 3), (0.0, 4), (0.5, 3), (0.5, 4)]
    for mine, theirs in zip(remote, local):
        assert mine.config == theirs.config
        assert math.isclose(mine.history[0]["val_loss"], theirs.history[0]["val_loss"], rel_tol=1e-5)
    assert len(groups) == 2 and all(g["kind"] == "repeats" and g["info"]["seeds"] == [3, 4] for g in groups.values())
    assert sorted(len(g["run_ids"]) for g in groups.values()) == [2, 2]
    assert sorted(g["info"]["varied"]["dropout"] for g in groups.values()) == [0.0, 0.5]
    assert all(g["info"]["summary"][key]["n"] == 2 for g in groups.values() for key in g["info"]["summary"])


def tf_workers(cluster: LocalRayCluster) -> dict[int, psutil.Process]:
    """The tf.distribute worker processes that the cluster's actors run, by their index in TF_CONFIG."""
    found = {}
    for process in cluster.processes():
        try:
            if "workbench.core.distributed" in " ".join(process.cmdline()):
                found[json.loads(process.environ()["TF_CONFIG"])["task"]["index"]] = process
        except psutil.NoSuchProcess:
            continue
    return found


def test_one_run_across_two_ray_workers_takes_the_steps_of_one_process_and_is_stored_as_it_trains(ray_cluster,
                                                                                                   dataset, puts):
    config = ExperimentConfig(epochs=2, **TINY)
    events, stored_when_sent, workers = [], [], []

    def listener(event):
        events.append(event)
        if type(event).__name__ == "EpochEnd":  # already in the store, read by another connection
            with RunStore() as reader:
                stored_when_sent.append(len(reader.history(events[0].run_id)) == event.epoch)
            if not workers:  # the worker processes the cluster's actors started, and their places in TF_CONFIG
                workers.extend(sorted(tf_workers(ray_cluster)))

    with RunStore() as store:
        result = train_distributed(config, dataset, workers=2, cluster=ray_cluster.address, listener=listener,
                                   store=store)
        record = store.get_run(result.run_id)
        kept = store.history(result.run_id)
    local_events = []
    local = train(config, dataset, listener=local_events.append)

    assert puts == ["bytes"]  # the file, once, for both workers
    assert workers == [0, 1]
    assert result.status == "completed" and record.status == "completed", result.message
    assert [h["val_loss"] for h in kept] == [h["val_loss"] for h in result.history] and len(kept) == 2
    assert record.dataset["path"] == dataset.summary.path and stored_when_sent == [True, True]
    kinds = [type(e).__name__ for e in events if type(e).__name__ != "BatchProgress"]
    assert kinds == ["RunStarted", "EpochEnd", "EpochEnd", "RunFinished"]  # from the chief alone
    assert events[0].run_id == result.run_id

    def steps(found):  # each epoch's last progress: the optimizer steps it took
        return [max((e.step, e.steps) for e in found if type(e).__name__ == "BatchProgress" and e.epoch == epoch)
                for epoch in (1, 2)]

    assert steps(events) == steps(local_events) and steps(events)[0][0] == steps(events)[0][1] > 1
    for epoch, tolerance in ((0, 1e-5), (1, 1e-3)):  # summing gradients across workers reorders floats
        for key in ("loss", "val_loss"):
            a, b = result.history[epoch][key], local.history[epoch][key]
            assert math.isclose(a, b, rel_tol=tolerance), (epoch, key, a, b)
    assert load_predictor(result.model_path).predict(["The soup was wonderful, visit 1."]).shape == (1, 2)


def test_cli_train_across_two_ray_workers_says_how_the_batch_is_split_and_ctrl_c_stops_them_all(ray_cluster,
                                                                                                  tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    lines = cli_stopped_by_ctrl_c(["train", data, "--workers", "2", "--cluster", ray_cluster.address, "--epochs", "40",
                                   "--batch-size", "8", "--embedding-dim", "8", "--max-tokens", "200",
                                   "--json", tmp_path / "r.json"], at="epoch 2/40", timeout=300)
    assert lines[0] == (f"2 Ray workers at {ray_cluster.address} (tf.distribute, data parallel): global batch 8 "
                        "(4 per worker per step), learning rate 0.001, as set")
    epochs = [line.split()[1] for line in lines if line.startswith("epoch ")]  # the chief's lines only
    assert epochs[:2] == ["1/40", "2/40"] and len(epochs) < 40
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["status"] == "stopped" and len(result["history"]) == len(epochs)
    with RunStore() as store:
        assert store.get_run(result["run_id"]).status == "stopped"
        assert len(store.history(result["run_id"])) == len(epochs)


def test_a_ray_worker_that_dies_ends_the_run_as_failed_with_its_epochs_kept(ray_cluster, dataset):
    killed = []

    def listener(event):
        if type(event).__name__ == "EpochEnd" and not killed:  # worker 1's actor: as if its node were lost
            actor = tf_workers(ray_cluster)[1].parent()
            killed.append(actor.pid)
            actor.kill()

    with RunStore() as store:
        result = train_distributed(ExperimentConfig(epochs=40, **TINY), dataset, workers=2,
                                   cluster=ray_cluster.address, listener=listener, store=store)
        record = store.get_run(result.run_id)
        kept = store.history(result.run_id)
    assert killed and result.status == "failed" and record.status == "failed"
    assert "worker 1 on 127.0.0.1 was lost with its Ray worker" in result.message
    assert 1 <= len(kept) < 40 and len(result.history) == len(kept)
    _gone, alive = psutil.wait_procs(list(tf_workers(ray_cluster).values()), timeout=10)
    assert not alive  # worker 0 left too: its actor was ended, which closed its stdin
    from ray.util import placement_group_table

    assert {group["state"] for group in placement_group_table().values()} == {"REMOVED"}  # the CPUs are free
