"""The run store: every run, its settings, its per-epoch metrics and its results, in one SQLite file.

Runs live in ``<home>/runs.sqlite3`` and trained models under ``<home>/models/<run_id>/``,
where ``home`` is ``$WORKBENCH_HOME`` or the platform's per-user data folder.

Every write commits at once, so a crash (or a kill) mid-training loses at most the epoch
in flight; the rest of the history stays readable. Only the standard library and
platformdirs are imported here, so opening the store never pays for TensorFlow or Qt.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.core.config import ExperimentConfig

DB_NAME = "runs.sqlite3"
BUSY_TIMEOUT_S = 10.0  # how long a write waits for another process's write to finish
MODELS_DIR = "models"
STATUSES = ("running", "completed", "stopped", "diverged", "failed", "interrupted")
FINAL_STATUSES = STATUSES[1:]
INTERRUPTED_MESSAGE = "interrupted: the process that trained it ended before the run did"
# What a run is: a training run (from scratch or from a parent), or one of the derived kinds.
KINDS = ("train", "pretrain", "prune")
GROUP_KINDS = ("sweep", "repeats", "cv", "learning_curve", "study", "lesson")

SCHEMA_VERSION = 3

# version -> SQL that upgrades a database from version-1 to version. A later release adds
# {2: "ALTER TABLE runs ADD COLUMN ...;"} and bumps SCHEMA_VERSION; opening an older file
# then runs the missing steps, each in its own transaction together with its user_version.
MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE runs (
            -- AUTOINCREMENT: ids are never reused after a delete, so "run 7" (and its model
            -- folder) always means the same run.
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'diverged', 'failed')),
            model TEXT NOT NULL,
            config_json TEXT NOT NULL,
            dataset_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            duration_s REAL,
            message TEXT NOT NULL DEFAULT '',
            results_json TEXT,
            model_path TEXT,
            best_val_accuracy REAL
        );
        CREATE TABLE epochs (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            metrics_json TEXT NOT NULL,
            PRIMARY KEY (run_id, epoch)
        );
        CREATE INDEX runs_status ON runs(status);
    """,
    2: """
        -- Probe sentences: the texts given at the start, their class probabilities at each epoch.
        ALTER TABLE runs ADD COLUMN probes_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE epochs ADD COLUMN probes_json TEXT;
    """,
    3: """
        -- Groups of runs made together (repeats over seeds, cross-validation folds, a study...).
        CREATE TABLE groups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            info_json TEXT NOT NULL DEFAULT '{}'
        );
        -- The runs table again, for what SQLite cannot ALTER: the 'interrupted' status in the CHECK.
        -- New: the run's kind and parent (lineage), its group, and the process that owns it while it
        -- runs (host, pid, the process's start time), so a run whose process died can be told apart
        -- from one still training in another process.
        CREATE TABLE runs_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'diverged', 'failed',
                                                   'interrupted')),
            model TEXT NOT NULL,
            config_json TEXT NOT NULL,
            dataset_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            duration_s REAL,
            message TEXT NOT NULL DEFAULT '',
            results_json TEXT,
            model_path TEXT,
            best_val_accuracy REAL,
            probes_json TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL DEFAULT 'train',
            parent_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
            owner_host TEXT,
            owner_pid INTEGER,
            owner_started REAL
        );
        INSERT INTO runs_v3 (id, name, status, model, config_json, dataset_json, created_at, finished_at,
                             duration_s, message, results_json, model_path, best_val_accuracy, probes_json)
            SELECT id, name, status, model, config_json, dataset_json, created_at, finished_at, duration_s,
                   message, results_json, model_path, best_val_accuracy, probes_json FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v3 RENAME TO runs;
        CREATE INDEX runs_status ON runs(status);
        CREATE INDEX runs_group ON runs(group_id);
    """,
}


def default_home() -> Path:
    """Where runs and models are kept: $WORKBENCH_HOME if set, else the per-user data folder."""
    env = os.environ.get("WORKBENCH_HOME", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here: only needed when no home is given

    return Path(platformdirs.user_data_dir("workbench"))


@dataclass(frozen=True)
class RunRecord:
    """One run as stored; config, dataset and results are already decoded from JSON."""

    id: int
    name: str
    status: str
    model: str
    config: dict[str, Any]
    dataset: dict[str, Any]
    created_at: str
    finished_at: str | None
    duration_s: float | None
    message: str
    results: dict[str, Any] | None
    model_path: str | None
    best_val_accuracy: float | None
    probes: list[str] = dataclasses.field(default_factory=list)  # probe sentences, see probe_history()
    kind: str = "train"  # see KINDS
    parent_id: int | None = None  # the run it started from (fine-tuning, pruning), if any
    group_id: int | None = None  # the group it was made in (repeats, folds, a study), if any

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready copy (for the CLI's --json output and exports); the parent as "parent"."""
        out = dataclasses.asdict(self)
        out["parent"] = out.pop("parent_id")
        return out

    def experiment_config(self) -> ExperimentConfig:
        """The run's settings as an ExperimentConfig, e.g. to train it again."""
        from workbench.core.config import ExperimentConfig

        return ExperimentConfig.from_dict(self.config)

    @classmethod
    def _from_row(cls, row: sqlite3.Row) -> RunRecord:
        return cls(
            id=row["id"], name=row["name"], status=row["status"], model=row["model"],
            config=json.loads(row["config_json"]), dataset=json.loads(row["dataset_json"]),
            created_at=row["created_at"], finished_at=row["finished_at"], duration_s=row["duration_s"],
            message=row["message"] or "",
            results=json.loads(row["results_json"]) if row["results_json"] is not None else None,
            model_path=row["model_path"], best_val_accuracy=row["best_val_accuracy"],
            probes=json.loads(row["probes_json"]), kind=row["kind"], parent_id=row["parent_id"],
            group_id=row["group_id"],
        )


class RunStore:
    """Runs and their epochs in ``<home>/runs.sqlite3``.

    Threads: one connection opened with ``check_same_thread=False`` and guarded by a lock.
    The GUI trains on a fresh QThread per run and reads from the GUI thread; per-thread
    connections would pile up (one per finished training thread) and could not be closed
    from ``close()`` on another thread. Each call is a few small statements, so
    serialising them behind a lock costs nothing noticeable. Other *processes* (a CLI run
    next to the window) are handled by SQLite itself: WAL lets them read while one writes,
    and the busy timeout makes a writer wait instead of failing.
    """

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self.path = self.home / DB_NAME
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkbenchError(f"Cannot create the workbench folder {self.home} ({exc.strerror}); "
                                 "set WORKBENCH_HOME to a folder you can write to.") from None
        self._lock = threading.RLock()
        try:
            # isolation_level=None: no hidden transactions; single statements commit at once,
            # multi-statement writes use _transaction().
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise WorkbenchError(f"Cannot open the run history {self.path} ({exc}).") from None
        try:
            self._conn.row_factory = sqlite3.Row
            self._open()
        except BaseException:
            self._conn.close()
            raise
        self.mark_orphaned_runs()

    # --- opening and migrating ----------------------------------------------------------

    def _open(self) -> None:
        conn = self._conn
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise WorkbenchError(f"{self.path} is not a readable run history ({exc}); move it away or set "
                                 "WORKBENCH_HOME to another folder.") from None
        self._refuse_newer(version)
        # Off while migrating: a migration that rebuilds the runs table drops the old one, and with
        # foreign keys on that drop would delete every run's epochs by cascade.
        conn.execute("PRAGMA foreign_keys = OFF")
        self._use_wal()
        conn.execute("PRAGMA synchronous = FULL")  # a committed epoch survives even a power cut
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                # Re-read inside the write lock: another process may have migrated meanwhile.
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                self._refuse_newer(current)
                if current >= target:
                    continue
                for statement in _split_statements(MIGRATIONS[target]):
                    conn.execute(statement)
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise WorkbenchError(f"Upgrading {self.path} to format {target} broke a reference "
                                         "between runs; the file is left as it was.")
                conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("PRAGMA foreign_keys = ON")  # per connection; needed for ON DELETE CASCADE

    def _use_wal(self) -> None:
        """WAL lets readers and a writer work at once. The switch is kept in the file, but a process
        that opens a brand-new store while another is switching or migrating it gets "database is
        locked" at once: SQLite does not call the busy handler for this pragma. So wait here, as
        the busy timeout does for every other statement."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise WorkbenchError(
                f"The run history {self.path} was written by a newer workbench (format {version}; this one "
                f"reads up to {SCHEMA_VERSION}). Update the workbench, or set WORKBENCH_HOME to another folder.")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT under the lock: the statements land together or not at all."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:  # SQLite may already have rolled back by itself
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _require(self, run_id: int) -> None:
        if not self._query("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            raise WorkbenchError(f"No run with id {run_id}.")

    # --- writing --------------------------------------------------------------------------

    def create_run(self, config_json: str, dataset: dict[str, Any], name: str | None = None,
                   probes: list[str] | tuple[str, ...] = (), kind: str = "train", parent_id: int | None = None,
                   group_id: int | None = None) -> int:
        """Record a run that is starting (status 'running', owned by this process) and return its id."""
        config = json.loads(config_json)
        if not isinstance(config, dict):
            raise ValueError("config_json must hold a JSON object (ExperimentConfig.to_json()).")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")
        model = str(config.get("model", "unknown"))
        host, pid, started = _this_process()
        with self._transaction() as conn:
            for table, key in (("runs", parent_id), ("groups", group_id)):
                if key is not None and conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone() is None:
                    raise WorkbenchError(f"No {'run' if table == 'runs' else 'group'} with id {key}.")
            cursor = conn.execute(
                "INSERT INTO runs (name, status, model, config_json, dataset_json, created_at, probes_json, kind, "
                "parent_id, group_id, owner_host, owner_pid, owner_started) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name or "", model, config_json, _dumps(dataset), _now(), _dumps(list(probes)), kind,
                 parent_id, group_id, host, pid, started))
            run_id = int(cursor.lastrowid)
            if not name:  # the default name needs the id, known only after the insert
                conn.execute("UPDATE runs SET name = ? WHERE id = ?", (f"Run {run_id} · {model}", run_id))
        return run_id

    def add_epoch(self, run_id: int, epoch: int, metrics: dict[str, Any],
                  probes: list[list[float]] | None = None) -> None:
        """Store one epoch's metrics and probe probabilities (replacing an earlier write of the epoch).

        best_val_accuracy is recomputed from all stored epochs, so replacing an epoch
        with a worse value cannot leave a stale maximum behind.
        """
        metrics = {key: value for key, value in metrics.items() if key != "epoch"}
        try:
            with self._transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO epochs (run_id, epoch, metrics_json, probes_json) "
                             "VALUES (?, ?, ?, ?)",
                             (run_id, int(epoch), _dumps(metrics), None if probes is None else _dumps(probes)))
                if "val_accuracy" in metrics:
                    best = None
                    for (text,) in conn.execute("SELECT metrics_json FROM epochs WHERE run_id = ?", (run_id,)):
                        value = _finite(json.loads(text).get("val_accuracy"))
                        if value is not None and (best is None or value > best):
                            best = value
                    conn.execute("UPDATE runs SET best_val_accuracy = ? WHERE id = ?", (best, run_id))
        except sqlite3.IntegrityError:  # the foreign key: the run is unknown or was deleted
            raise WorkbenchError(f"No run with id {run_id}.") from None

    def finish_run(self, run_id: int, status: str, results: dict[str, Any] | None, message: str = "",
                   model_path: str | None = None, duration_s: float | None = None) -> None:
        """Record how a run ended; without duration_s, the time since create_run is used."""
        if status not in FINAL_STATUSES:
            raise ValueError(f"status must be one of {', '.join(FINAL_STATUSES)}, not {status!r}.")
        with self._transaction() as conn:
            row = conn.execute("SELECT created_at FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise WorkbenchError(f"No run with id {run_id}.")
            finished = _now()
            if duration_s is None:
                duration_s = max(0.0, (datetime.fromisoformat(finished)
                                       - datetime.fromisoformat(row["created_at"])).total_seconds())
            conn.execute(
                "UPDATE runs SET status = ?, results_json = ?, message = ?, model_path = ?, duration_s = ?, "
                "finished_at = ? WHERE id = ?",
                (status, None if results is None else _dumps(results), message,
                 None if model_path is None else str(model_path), float(duration_s), finished, run_id))

    def rename(self, run_id: int, name: str) -> None:
        name = name.strip()
        if not name:
            raise WorkbenchError("A run's name cannot be empty.")
        with self._lock:
            if self._conn.execute("UPDATE runs SET name = ? WHERE id = ?", (name, run_id)).rowcount == 0:
                raise WorkbenchError(f"No run with id {run_id}.")

    def delete(self, run_id: int) -> None:
        """Delete the run, its epochs (by cascade) and its model folder."""
        with self._lock:
            if self._conn.execute("DELETE FROM runs WHERE id = ?", (run_id,)).rowcount == 0:
                raise WorkbenchError(f"No run with id {run_id}.")
        folder = self._model_folder(run_id)
        if folder.exists():
            try:
                shutil.rmtree(folder)
            except OSError as exc:
                raise WorkbenchError(f"Run {run_id} was deleted, but its model folder {folder} could not be "
                                     f"removed ({exc.strerror}); delete it by hand.") from None

    def mark_interrupted(self, run_ids: list[int] | None = None) -> list[int]:
        """Mark runs still 'running' (all of them, or those in ``run_ids``) as 'interrupted'; return their ids.

        Their finished epochs stay. For the runs of processes that died, ``mark_orphaned_runs``
        is the safe call: this one also ends runs that another live process is training.
        """
        with self._transaction() as conn:
            ids = [row["id"] for row in conn.execute("SELECT id FROM runs WHERE status = 'running'")
                   if run_ids is None or row["id"] in run_ids]
            conn.executemany("UPDATE runs SET status = 'interrupted', message = ?, finished_at = ? WHERE id = ?",
                             [(INTERRUPTED_MESSAGE, _now(), run_id) for run_id in ids])
        return ids

    def mark_orphaned_runs(self) -> list[int]:
        """Mark as 'interrupted' the runs left 'running' by a process of this computer that no longer
        exists (killed, crashed, out of memory); return their ids. Runs still trained by a live process,
        here or on another computer, are left alone. Called whenever a store is opened."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, owner_host, owner_pid, owner_started FROM runs WHERE status = 'running'").fetchall()
        if not rows:  # the usual case, and the window's start-up need not import psutil for it
            return []
        host = socket.gethostname()
        orphans = [row["id"] for row in rows if row["owner_pid"] is None
                   or (row["owner_host"] == host and not _process_alive(row["owner_pid"], row["owner_started"]))]
        return self.mark_interrupted(orphans) if orphans else []

    # --- groups ---------------------------------------------------------------------------

    def create_group(self, kind: str, name: str, info: dict[str, Any] | None = None) -> int:
        """A group of runs made together (repeats, folds, a study); pass its id to create_run."""
        if kind not in GROUP_KINDS:
            raise ValueError(f"kind must be one of {', '.join(GROUP_KINDS)}, not {kind!r}.")
        with self._transaction() as conn:
            cursor = conn.execute("INSERT INTO groups (kind, name, created_at, info_json) VALUES (?, ?, ?, ?)",
                                  (kind, name, _now(), _dumps(info or {})))
        return int(cursor.lastrowid)

    def group(self, group_id: int) -> dict[str, Any]:
        """{"id", "kind", "name", "created_at", "info", "run_ids"}; WorkbenchError for an unknown id."""
        rows = self._query("SELECT * FROM groups WHERE id = ?", (group_id,))
        if not rows:
            raise WorkbenchError(f"No group with id {group_id}.")
        row = rows[0]
        run_ids = [r["id"] for r in self._query("SELECT id FROM runs WHERE group_id = ? ORDER BY id", (group_id,))]
        return {"id": row["id"], "kind": row["kind"], "name": row["name"], "created_at": row["created_at"],
                "info": json.loads(row["info_json"]), "run_ids": run_ids}

    def update_group(self, group_id: int, info: dict[str, Any]) -> None:
        """Replace a group's info (e.g. a study's results so far)."""
        with self._lock:
            if self._conn.execute("UPDATE groups SET info_json = ? WHERE id = ?",
                                  (_dumps(info), group_id)).rowcount == 0:
                raise WorkbenchError(f"No group with id {group_id}.")

    def list_groups(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every group (of one kind), newest first, as ``group()`` gives them."""
        sql, params = "SELECT id FROM groups ORDER BY id DESC", ()
        if kind is not None:
            sql, params = "SELECT id FROM groups WHERE kind = ? ORDER BY id DESC", (kind,)
        return [self.group(row["id"]) for row in self._query(sql, params)]

    # --- reading --------------------------------------------------------------------------

    def list_runs(self) -> list[RunRecord]:
        """All runs, newest first (ids only grow, so id order is creation order)."""
        return [RunRecord._from_row(row) for row in self._query("SELECT * FROM runs ORDER BY id DESC")]

    def get_run(self, run_id: int) -> RunRecord:
        rows = self._query("SELECT * FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise WorkbenchError(f"No run with id {run_id}.")
        return RunRecord._from_row(rows[0])

    def history(self, run_id: int) -> list[dict[str, Any]]:
        """Per-epoch metrics in epoch order, each dict with its "epoch" first."""
        with self._lock:
            self._require(run_id)
            rows = self._query("SELECT epoch, metrics_json FROM epochs WHERE run_id = ? ORDER BY epoch", (run_id,))
        return [{"epoch": row["epoch"], **json.loads(row["metrics_json"])} for row in rows]

    def probe_history(self, run_id: int) -> list[list[list[float]]]:
        """Per epoch (in order), one list of class probabilities per probe sentence of the run."""
        with self._lock:
            self._require(run_id)
            rows = self._query("SELECT probes_json FROM epochs WHERE run_id = ? AND probes_json IS NOT NULL "
                               "ORDER BY epoch", (run_id,))
        return [json.loads(row["probes_json"]) for row in rows]

    def model_dir(self, run_id: int) -> Path:
        """The run's model folder, created on demand (only for a run that exists)."""
        self._require(run_id)
        folder = self._model_folder(run_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _model_folder(self, run_id: int) -> Path:
        return self.home / MODELS_DIR / str(int(run_id))

    # --- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; calling it twice is harmless."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --- helpers ------------------------------------------------------------------------------


def _this_process() -> tuple[str, int, float]:
    """(host name, pid, start time) of this process: the owner written into the runs it creates."""
    pid = os.getpid()
    return socket.gethostname(), pid, _start_time(pid) or 0.0


def _start_time(pid: int) -> float | None:
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None


def _process_alive(pid: int, started: float | None) -> bool:
    """Whether process ``pid`` still runs and is the one that started at ``started`` (pids are reused)."""
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        now_started = process.create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # someone else's process: it exists
        return True
    return started is None or abs(now_started - started) < 1.0


def _now() -> str:
    """Local time with its UTC offset: readable as it is, and unambiguous across DST changes."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    """Let Keras/NumPy scalars and arrays and paths through json.dumps without importing NumPy."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")


def _dumps(value: Any) -> str:
    # NaN/inf are kept (Python's JSON dialect) so a diverged loss reads back as it was written.
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _split_statements(script: str) -> list[str]:
    """Split a migration script into statements, so they can run inside one transaction.

    (executescript() would COMMIT first, so a failed migration could leave half a schema.)
    """
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip().strip(";").strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
