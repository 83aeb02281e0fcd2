"""The run store: round trips, cascades, crash safety, schema versions and threads, on real SQLite files."""

from __future__ import annotations

import math
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbench.core import store as store_module
from workbench.core.config import ExperimentConfig
from workbench.core.errors import WorkbenchError
from workbench.core.store import (
    DB_NAME,
    INTERRUPTED_MESSAGE,
    SCHEMA_VERSION,
    RunRecord,
    RunStore,
    default_home,
)

REPO = Path(__file__).resolve().parents[2]
DATASET = {"fingerprint": "ab12", "path": "/data/reviews.csv", "columns": ["text", "label"], "rows": 120}


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path) as s:
        yield s


def lstm_config() -> str:
    return ExperimentConfig(model="lstm", epochs=3).to_json()


def test_round_trip_create_epochs_finish_list_get_history_rename(store, tmp_path):
    run_id = store.create_run(lstm_config(), DATASET)
    run = store.get_run(run_id)
    assert (run.name, run.status, run.model) == (f"Run {run_id} · lstm", "running", "lstm")
    assert run.dataset == DATASET and run.config["model"] == "lstm"
    assert run.experiment_config() == ExperimentConfig(model="lstm", epochs=3)
    assert run.finished_at is None and run.results is None and run.best_val_accuracy is None

    for epoch in range(3):
        store.add_epoch(run_id, epoch, {"loss": 1.0 / (epoch + 1), "accuracy": 0.5 + epoch / 10,
                                        "val_loss": 1.2, "val_accuracy": 0.6 + epoch / 10})
    model_path = str(store.model_dir(run_id) / "model.keras")
    store.finish_run(run_id, "completed", {"test_accuracy": 0.81}, message="done", model_path=model_path,
                     duration_s=12.5)
    other = store.create_run(ExperimentConfig(model="cnn").to_json(), DATASET, name="My CNN")

    assert [r.id for r in store.list_runs()] == [other, run_id]  # newest first
    run = store.get_run(run_id)
    assert (run.status, run.message, run.duration_s, run.model_path) == ("completed", "done", 12.5, model_path)
    assert run.results == {"test_accuracy": 0.81} and run.finished_at
    assert math.isclose(run.best_val_accuracy, 0.8)
    history = store.history(run_id)
    assert [h["epoch"] for h in history] == [0, 1, 2]
    assert history[1] == {"epoch": 1, "loss": 0.5, "accuracy": 0.6, "val_loss": 1.2, "val_accuracy": 0.7}
    assert store.get_run(other).name == "My CNN" and store.history(other) == []

    store.rename(run_id, "  Baseline LSTM ")
    assert store.get_run(run_id).name == "Baseline LSTM"
    assert store.get_run(run_id).to_dict()["config"]["model"] == "lstm"

    with RunStore(tmp_path) as reopened:  # everything was committed
        assert reopened.get_run(run_id) == store.get_run(run_id)
        assert reopened.history(run_id) == history


def test_default_duration_nan_and_numpy_like_values(store):
    class Scalar:  # stands in for numpy.float32 without importing NumPy
        def __init__(self, value):
            self.value = value

        def item(self):
            return self.value

    run_id = store.create_run(lstm_config(), {**DATASET, "path": Path("/data/x.csv")})
    store.add_epoch(run_id, 0, {"loss": float("nan"), "val_accuracy": Scalar(0.25)})
    store.finish_run(run_id, "diverged", None, message="loss became NaN")
    run = store.get_run(run_id)
    assert run.status == "diverged" and run.duration_s >= 0 and run.dataset["path"] == "/data/x.csv"
    assert math.isnan(store.history(run_id)[0]["loss"]) and run.best_val_accuracy == 0.25


def test_delete_cascades_epochs_and_removes_model_folder(store, tmp_path):
    run_id = store.create_run(lstm_config(), DATASET)
    keep = store.create_run(lstm_config(), DATASET)
    store.add_epoch(run_id, 0, {"loss": 1.0})
    store.add_epoch(keep, 0, {"loss": 2.0})
    folder = store.model_dir(run_id)
    assert folder == tmp_path / "models" / str(run_id) and folder.is_dir()
    (folder / "model.keras").write_bytes(b"weights")

    store.delete(run_id)
    assert not folder.exists()
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        assert raw.execute("SELECT run_id FROM epochs").fetchall() == [(keep,)]
    assert [r.id for r in store.list_runs()] == [keep]
    assert store.create_run(lstm_config(), DATASET) > keep  # ids are never reused


@pytest.mark.parametrize("call", [
    lambda s: s.get_run(99), lambda s: s.history(99), lambda s: s.rename(99, "x"), lambda s: s.delete(99),
    lambda s: s.model_dir(99), lambda s: s.add_epoch(99, 0, {"loss": 1.0}),
    lambda s: s.finish_run(99, "completed", None),
])
def test_unknown_id_is_explained(store, call):
    with pytest.raises(WorkbenchError, match=r"^No run with id 99\.$"):
        call(store)


def test_finish_run_refuses_a_non_final_status(store):
    run_id = store.create_run(lstm_config(), DATASET)
    with pytest.raises(ValueError, match="status"):
        store.finish_run(run_id, "running", None)


def test_best_val_accuracy_tracks_the_maximum(store):
    run_id = store.create_run(lstm_config(), DATASET)
    store.add_epoch(run_id, 0, {"loss": 1.0})
    assert store.get_run(run_id).best_val_accuracy is None
    for epoch, value in enumerate([0.5, 0.7, 0.6, float("nan")], start=1):
        store.add_epoch(run_id, epoch, {"val_accuracy": value})
    assert store.get_run(run_id).best_val_accuracy == 0.7
    store.add_epoch(run_id, 2, {"val_accuracy": 0.55})  # a rewritten epoch replaces the old value
    assert store.get_run(run_id).best_val_accuracy == 0.6
    assert [h.get("val_accuracy") for h in store.history(run_id)][:3] == [None, 0.5, 0.55]


CRASHING_TRAINER = """
import os, signal, sqlite3, sys
from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
store = RunStore()
run_id = store.create_run(ExperimentConfig(model="gru").to_json(), {"rows": 10})
for epoch in range(3):
    store.add_epoch(run_id, epoch, {"loss": 1.0 - epoch / 10, "val_accuracy": 0.5 + epoch / 10})
# The epoch in flight: written but not committed when the process dies.
raw = sqlite3.connect(store.path, isolation_level=None)
raw.execute("BEGIN IMMEDIATE")
raw.execute("INSERT INTO epochs (run_id, epoch, metrics_json) VALUES (?, 3, '{\\"loss\\": 0.1}')", (run_id,))
print(run_id, flush=True)
if hasattr(signal, "SIGKILL"):
    os.kill(os.getpid(), signal.SIGKILL)
os._exit(3)
"""


def test_killed_trainer_leaves_its_epochs_readable_and_the_file_intact(tmp_path):
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", CRASHING_TRAINER], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode in (-getattr(signal, "SIGKILL", 9), 3), proc.stderr
    run_id = int(proc.stdout.strip())

    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:  # as the dead process left it
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone() == ("running",)
    with RunStore(tmp_path) as store:  # opening the store notices the owner is gone
        assert [h["epoch"] for h in store.history(run_id)] == [0, 1, 2]
        run = store.get_run(run_id)
        assert (run.status, run.message) == ("interrupted", INTERRUPTED_MESSAGE) and run.finished_at
        assert math.isclose(run.best_val_accuracy, 0.7)
        assert store.mark_interrupted() == [] and store.mark_orphaned_runs() == []
        store.delete(run_id)  # an interrupted run can be deleted
        assert store.list_runs() == []


LIVE_TRAINER = """
import sys, time
from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
store = RunStore()
print(store.create_run(ExperimentConfig().to_json(), {"rows": 10}), flush=True)
sys.stdin.readline()  # alive until the test says so
"""


def test_a_run_of_a_live_process_stays_running_and_is_interrupted_when_it_dies(tmp_path):
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    trainer = subprocess.Popen([sys.executable, "-c", LIVE_TRAINER], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        run_id = int(trainer.stdout.readline())
        with RunStore(tmp_path) as store:
            assert store.get_run(run_id).status == "running"  # another live process trains it
            assert store.mark_orphaned_runs() == []
    finally:
        trainer.kill()
        trainer.wait(timeout=30)
    with RunStore(tmp_path) as store:
        assert store.get_run(run_id).status == "interrupted"


def test_runs_record_kind_parent_and_group(store):
    parent = store.create_run(lstm_config(), DATASET)
    group = store.create_group("repeats", "dropout 0.5 × 3 seeds", {"seeds": [1, 2, 3]})
    child = store.create_run(lstm_config(), DATASET, kind="pretrain", parent_id=parent, group_id=group)
    record = store.get_run(child)
    assert (record.kind, record.parent_id, record.group_id) == ("pretrain", parent, group)
    assert record.to_dict()["parent"] == parent and "parent_id" not in record.to_dict()
    assert store.group(group)["run_ids"] == [child] and store.group(group)["info"] == {"seeds": [1, 2, 3]}
    assert [g["id"] for g in store.list_groups("repeats")] == [group] and store.list_groups("cv") == []
    store.delete(parent)  # the child stays, without a parent
    assert store.get_run(child).parent_id is None
    with pytest.raises(WorkbenchError, match="No run with id 999"):
        store.create_run(lstm_config(), DATASET, parent_id=999)
    with pytest.raises(WorkbenchError, match="No group with id 999"):
        store.create_run(lstm_config(), DATASET, group_id=999)


def test_mark_interrupted_leaves_finished_runs_alone(store):
    done = store.create_run(lstm_config(), DATASET)
    store.finish_run(done, "completed", {"test_accuracy": 0.9})
    store.create_run(lstm_config(), DATASET)  # RunStore() itself never marks anything
    assert [r.status for r in RunStore(store.home).list_runs()] == ["running", "completed"]
    store.mark_interrupted()
    assert [r.status for r in store.list_runs()] == ["interrupted", "completed"]


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    RunStore(tmp_path).close()
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(WorkbenchError, match="newer workbench.*Update the workbench"):
        RunStore(tmp_path)
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1  # left untouched


def test_a_new_database_is_versioned_in_wal_mode(store):
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migration_hook_upgrades_an_older_database(tmp_path, monkeypatch):
    with RunStore(tmp_path) as old:
        run_id = old.create_run(lstm_config(), DATASET)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION + 1,
                        "ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '';\n"
                        "CREATE INDEX runs_name ON runs(name);")
    with RunStore(tmp_path) as upgraded:
        assert upgraded.get_run(run_id).model == "lstm"
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert raw.execute("SELECT tags FROM runs").fetchall() == [("",)]


def test_a_version_1_file_from_the_first_release_opens_with_its_runs_and_gains_probes(tmp_path):
    with sqlite3.connect(tmp_path / "runs.sqlite3", isolation_level=None) as raw:  # as release 1 wrote it
        for statement in store_module._split_statements(store_module.MIGRATIONS[1]):
            raw.execute(statement)
        raw.execute("PRAGMA user_version = 1")
        raw.execute("INSERT INTO runs (name, status, model, config_json, dataset_json, created_at) "
                    "VALUES ('old', 'completed', 'lstm', ?, '{}', '2026-01-01T00:00:00+00:00')", (lstm_config(),))
        raw.execute("INSERT INTO epochs (run_id, epoch, metrics_json) VALUES (1, 1, '{\"loss\": 0.5}')")
    with RunStore(tmp_path) as store:
        old = store.get_run(1)
        assert (old.name, old.probes) == ("old", [])
        assert store.history(1) == [{"epoch": 1, "loss": 0.5}] and store.probe_history(1) == []
        new = store.create_run(lstm_config(), DATASET, probes=["great food", "难吃"])
        store.add_epoch(new, 1, {"loss": 0.9}, [[0.6, 0.4], [0.3, 0.7]])
        store.add_epoch(new, 2, {"loss": 0.7}, [[0.8, 0.2], [0.1, 0.9]])
        assert store.get_run(new).probes == ["great food", "难吃"]
        assert store.probe_history(new) == [[[0.6, 0.4], [0.3, 0.7]], [[0.8, 0.2], [0.1, 0.9]]]
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_a_version_2_file_keeps_every_epoch_when_the_runs_table_is_rebuilt(tmp_path):
    with sqlite3.connect(tmp_path / "runs.sqlite3", isolation_level=None) as raw:  # as release 2 wrote it
        raw.execute("PRAGMA foreign_keys = ON")
        for version in (1, 2):
            for statement in store_module._split_statements(store_module.MIGRATIONS[version]):
                raw.execute(statement)
        raw.execute("PRAGMA user_version = 2")
        for run_id, status in ((1, "completed"), (2, "running")):
            raw.execute("INSERT INTO runs (id, name, status, model, config_json, dataset_json, created_at, "
                        "probes_json) VALUES (?, 'old', ?, 'lstm', ?, '{}', '2026-01-01T00:00:00+00:00', '[\"hi\"]')",
                        (run_id, status, lstm_config()))
            for epoch in (1, 2):
                raw.execute("INSERT INTO epochs (run_id, epoch, metrics_json, probes_json) VALUES (?, ?, ?, '[[1]]')",
                            (run_id, epoch, f'{{"loss": {epoch / 10}}}'))
    with RunStore(tmp_path) as store:
        assert [r.status for r in store.list_runs()] == ["interrupted", "completed"]  # no owner recorded
        for run_id in (1, 2):
            assert [h["loss"] for h in store.history(run_id)] == [0.1, 0.2]
            assert store.get_run(run_id).probes == ["hi"] and store.get_run(run_id).kind == "train"
        store.delete(1)  # the cascade still works after the rebuild
        with sqlite3.connect(store.path) as raw:
            assert raw.execute("SELECT COUNT(*) FROM epochs").fetchone()[0] == 2
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_failed_migration_changes_nothing(tmp_path, monkeypatch):
    RunStore(tmp_path).close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION + 1,
                        "ALTER TABLE runs ADD COLUMN tags TEXT;\nALTER TABLE no_such_table ADD COLUMN x TEXT;")
    with pytest.raises(sqlite3.OperationalError):
        RunStore(tmp_path)
    with sqlite3.connect(tmp_path / "runs.sqlite3") as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "tags" not in [row[1] for row in raw.execute("PRAGMA table_info(runs)")]


def test_a_file_that_is_not_a_database_is_explained(tmp_path):
    (tmp_path / "runs.sqlite3").write_bytes(b"this is not SQLite " * 100)
    with pytest.raises(WorkbenchError, match="not a readable run history"):
        RunStore(tmp_path)


def test_a_worker_thread_writes_while_the_main_thread_reads(store):
    run_id = store.create_run(lstm_config(), DATASET)
    written, read, errors = threading.Semaphore(0), threading.Semaphore(0), []

    def train() -> None:
        try:
            for epoch in range(5):
                store.add_epoch(run_id, epoch, {"loss": 1.0 / (epoch + 1), "val_accuracy": epoch / 10})
                written.release()
                read.acquire(timeout=5)
            store.finish_run(run_id, "completed", {"test_accuracy": 0.5})
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)
            written.release()

    worker = threading.Thread(target=train)
    worker.start()
    seen = []
    for _ in range(5):
        assert written.acquire(timeout=5)
        assert not errors, errors
        seen.append(len(store.history(run_id)))
        read.release()
    worker.join(timeout=5)
    assert not errors, errors
    assert seen == [1, 2, 3, 4, 5]
    assert store.get_run(run_id).status == "completed"


def test_default_home_honours_workbench_home(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "wb"))
    assert default_home() == tmp_path / "wb"
    with RunStore() as store:
        assert store.path == tmp_path / "wb" / "runs.sqlite3" and store.path.exists()
    monkeypatch.delenv("WORKBENCH_HOME")
    assert default_home().name.lower() == "workbench"


def test_run_record_to_dict_is_plain():
    record = RunRecord(1, "r", "completed", "mlp", {"model": "mlp"}, {"rows": 3}, "2024-01-01T00:00:00+00:00",
                       None, 1.0, "", None, None, None)
    assert record.to_dict()["config"] == {"model": "mlp"} and record.to_dict()["results"] is None


def test_importing_the_store_is_light():
    code = ("import sys, workbench.core.store; "
            "print(sorted({'tensorflow', 'keras', 'pandas', 'PySide6'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr



CONCURRENT_WRITER = """
import sys
from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
store = RunStore()
for _ in range(3):
    run_id = store.create_run(ExperimentConfig().to_json(), {"rows": 1}, name=sys.argv[1])
    for epoch in range(1, 41):
        store.add_epoch(run_id, epoch, {"loss": 1.0 / epoch, "val_accuracy": epoch / 100})
    store.finish_run(run_id, "completed", {"test": {"accuracy": 0.5}})
print("done", flush=True)
"""


def test_two_processes_write_one_store_at_the_same_time(tmp_path):
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, name], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for name in ("left", "right")]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert all(w.returncode == 0 and out.strip() == "done" for w, (out, _err) in zip(writers, outputs)), outputs
    with RunStore(tmp_path) as store:
        runs = store.list_runs()
        assert sorted(r.name for r in runs) == ["left"] * 3 + ["right"] * 3
        assert all(r.status == "completed" and math.isclose(r.best_val_accuracy, 0.4) for r in runs)
        assert all([h["epoch"] for h in store.history(r.id)] == list(range(1, 41)) for r in runs)
        with sqlite3.connect(store.path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_opening_a_new_store_waits_while_another_process_writes_it(tmp_path):
    """Switching to WAL gets 'database is locked' at once (SQLite skips the busy handler for it):
    two windows or CLI runs opening a brand-new store together failed on CI this way."""
    other = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with RunStore(tmp_path) as store:
            assert store.list_runs() == []
            with sqlite3.connect(store.path) as raw:
                assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        release.join()
        other.close()
