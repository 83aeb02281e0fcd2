"""`workbench train` and `workbench runs` as a user runs them: real files, and the command line's own entry
point, mostly in this process (see tests.helpers.cli). Real processes: one whole training from `python -m
workbench` to its exit status, Ctrl-C, and a process killed mid-run."""

import json
import subprocess
import sys

from tests.helpers import cli, labelled_rows, write_csv
from workbench.core.store import default_home


def test_train_prints_epochs_and_writes_the_promised_json(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = subprocess.run([sys.executable, "-m", "workbench", "train", data, "--model", "gru", "--epochs", "2",
                          "--batch-size", "8", "--dropout", "0.2", "--l2", "1e-4", "--bidirectional",
                          "--json", tmp_path / "r.json"],  # the real entry point, from start to exit status
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    # TensorFlow's C++ start-up lines ("failed call to cuInit" among them) are in cli.log, not the terminal
    assert out.stderr == ""
    assert (default_home() / "cli.log").is_file()
    assert [line.split()[1] for line in out.stdout.splitlines() if line.startswith("epoch ")] == ["1/2", "2/2"]
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["status"] == "completed" and isinstance(result["run_id"], int)
    assert result["config"]["model"] == "gru" and result["config"]["bidirectional"] is True
    assert result["config"]["l2"] == 1e-4 and result["config"]["dropout"] == 0.2
    assert len(result["history"]) == 2
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(result["history"][0])
    assert {"accuracy", "macro_f1", "per_class", "confusion_matrix", "labels"} <= set(result["test"])
    assert result["test"]["labels"] == ["negative", "positive"]
    assert {"total_s", "train_s"} <= set(result["timing"])

    listed = cli("runs", "list")
    assert listed.returncode == 0 and f"{result['run_id']}  completed" in listed.stdout
    assert cli("runs").stdout == listed.stdout  # the action a user means without one
    shown = json.loads(cli("runs", "show", result["run_id"]).stdout)
    assert len(shown["history"]) == 2 and shown["config"]["model"] == "gru"
    assert cli("runs", "delete", result["run_id"]).returncode == 0
    assert "no runs yet" in cli("runs", "list").stdout


def test_config_file_with_flag_overrides_and_a_separate_test_file(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    test = write_csv(tmp_path / "t.csv", labelled_rows(10))
    (tmp_path / "c.json").write_text(json.dumps({"model": "lookup", "seed": 3}))
    out = cli("train", data, "--config", tmp_path / "c.json", "--test-data", test, "--seed", "5",
              "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["config"]["model"] == "lookup" and result["config"]["seed"] == 5
    assert sum(result["test"]["per_class"][c]["support"] for c in result["test"]["labels"]) == 10


def test_bad_data_and_bad_settings_exit_2_with_one_line(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_text("")
    for args, message in (((empty,), "is empty"),
                          ((write_csv(tmp_path / "d.csv", labelled_rows(30)), "--dropout", "3"),
                           "dropout must be between 0 and 0.95")):
        out = cli("train", *args)
        assert out.returncode == 2 and message in out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert cli("runs", "show", "999").stderr == "error: No run with id 999.\n"


def test_ctrl_c_stops_gracefully_and_keeps_the_run(tmp_path):
    import signal

    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    process = subprocess.Popen([sys.executable, "-m", "workbench", "train", data, "--epochs", "500",
                                "--batch-size", "4", "--json", tmp_path / "r.json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:  # wait for the first finished epoch
        if line.startswith("epoch 1/500"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in err
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["status"] == "stopped" and 1 <= len(result["history"]) < 500
    assert f"{result['run_id']}  stopped" in cli("runs", "list").stdout


def test_a_killed_training_process_leaves_its_finished_epochs(tmp_path):
    import os
    import signal
    import sqlite3

    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    process = subprocess.Popen([sys.executable, "-m", "workbench", "train", data, "--epochs", "500",
                                "--batch-size", "4"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        if line.startswith("epoch 2/500"):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    home = os.environ["WORKBENCH_HOME"]
    with sqlite3.connect(f"{home}/runs.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        status, epochs = db.execute(
            "SELECT status, (SELECT COUNT(*) FROM epochs WHERE run_id = runs.id) FROM runs").fetchone()
    assert status == "running" and epochs >= 2  # every finished epoch was committed
    from workbench.core.store import RunStore

    with RunStore() as store:  # opening the store notices that the trainer is gone
        assert store.list_runs()[0].status == "interrupted"


def test_probe_sentences_are_printed_each_epoch_and_written_to_the_json(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("train", data, "--epochs", "2", "--batch-size", "8", "--probe", "The soup was wonderful",
              "--probe", "never arrived", "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr
    probe_lines = [line.strip() for line in out.stdout.splitlines() if line.strip().startswith("probe ")]
    assert len(probe_lines) == 4 and probe_lines[0].startswith("probe 'The soup was wonderful':")
    assert "lookup-table baseline" in out.stdout
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["probes"]["texts"] == ["The soup was wonderful", "never arrived"]
    assert len(result["probes"]["probabilities"]) == 2 and 0 <= result["baseline"]["val_accuracy"] <= 1
    too_many = cli("train", data, *[arg for i in range(9) for arg in ("--probe", f"s{i}")])
    assert too_many.returncode == 2 and "at most 8 probe sentences" in too_many.stderr
