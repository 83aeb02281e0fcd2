"""`workbench sweep` as a user runs it: the command line's own entry point (in this process, see
tests.helpers.cli; a real process for Ctrl-C), real files, real training."""

import json
import signal
import subprocess
import sys

from tests.helpers import cli, labelled_rows, write_csv

TINY = ("--epochs", "2", "--batch-size", "8", "--embedding-dim", "8", "--max-tokens", "200")


def test_sweep_prints_each_run_and_a_table_and_writes_train_json_plus_varied(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("sweep", data, "--vary", "dropout=0,0.2", "--vary", "l2=0,1e-4", *TINY, "--seed", "3",
              "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr
    headers = [line for line in out.stdout.splitlines() if line.startswith("run ") and ": " in line
               and "stored as" not in line]
    assert headers == ["run 1/4: dropout=0 l2=0", "run 2/4: dropout=0 l2=0.0001", "run 3/4: dropout=0.2 l2=0",
                       "run 4/4: dropout=0.2 l2=0.0001"]
    assert [line.split()[1] for line in out.stdout.splitlines() if line.startswith("epoch ")] == ["1/2", "2/2"] * 4

    written = json.loads((tmp_path / "r.json").read_text())
    runs = written["runs"]
    train_keys = {"status", "message", "run_id", "config", "history", "test", "timing", "model_path", "baseline",
                  "group_id", "augmentation"}
    assert [set(r) for r in runs] == [train_keys | {"varied", "seed"}] * 4
    assert [r["seed"] for r in runs] == [3] * 4 and [r["group_id"] for r in runs] == [None] * 4
    groups = written["groups"]  # one run per setting: a mean, no spread, no verdict yet
    assert [g["run_ids"] for g in groups] == [[r["run_id"]] for r in runs]
    assert all(g["std"] == {"best_val_accuracy": None, "test_accuracy": None} for g in groups)
    assert [g["mean"]["test_accuracy"] for g in groups] == [r["test"]["accuracy"] for r in runs]
    assert sorted(g["verdict"]["outcome"] for g in groups if not g["reference"]) == ["cannot_tell"] * 3
    assert [r["varied"] for r in runs] == [{"dropout": 0.0, "l2": 0.0}, {"dropout": 0.0, "l2": 1e-4},
                                           {"dropout": 0.2, "l2": 0.0}, {"dropout": 0.2, "l2": 1e-4}]
    for r in runs:
        assert r["status"] == "completed" and isinstance(r["run_id"], int) and len(r["history"]) == 2
        assert r["config"]["dropout"] == r["varied"]["dropout"] and r["config"]["l2"] == r["varied"]["l2"]
        assert r["config"]["seed"] == 3 and r["config"]["epochs"] == 2 and r["config"]["embedding_dim"] == 8
        assert {"accuracy", "macro_f1", "confusion_matrix"} <= set(r["test"]) and "total_s" in r["timing"]

    table = out.stdout.rstrip().splitlines()[-5:]
    assert table[0].split()[:4] == ["run", "dropout", "l2", "status"]
    assert [line.split()[0] for line in table[1:]] == [str(r["run_id"]) for r in runs]
    listed = cli("runs", "list").stdout
    assert all(f"{r['run_id']}  completed" in listed for r in runs)


def test_bad_vary_and_bad_data_exit_2_with_one_line(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(30))
    empty = tmp_path / "e.csv"
    empty.write_text("")
    for args, message in (
        ((data, "--vary", "dropout=0,3"), "error: dropout must be between 0 and 0.95, not 3.0."),
        ((data, "--vary", "dropuot=0,0.5"), "error: There is no setting called 'dropuot'; did you mean dropout?"),
        ((data, "--vary", "dropout=0,0.2", "--vary", "l1=0,1", "--vary", "l2=0,1"),
         "error: Vary at most two settings at once."),
        ((data,), "error: Give at least one setting to vary"),
        ((empty, "--vary", "dropout=0,0.5"), "error: e.csv is empty;"),
    ):
        out = cli("sweep", *args, "--json", tmp_path / "r.json")
        assert out.returncode == 2 and out.stderr.startswith(message), out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
        assert out.stdout == "" and not (tmp_path / "r.json").exists()


def test_ctrl_c_stops_the_current_run_and_skips_the_rest(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    process = subprocess.Popen([sys.executable, "-m", "workbench", "sweep", data, "--vary", "dropout=0,0.5",
                                "--epochs", "500", "--batch-size", "4", "--json", tmp_path / "r.json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:  # wait for the first finished epoch of the first run
        if line.startswith("epoch 1/500"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in err
    assert "run 2/2" not in out and "stopped" in out.splitlines()[-1]
    runs = json.loads((tmp_path / "r.json").read_text())["runs"]
    assert [(r["status"], r["varied"]) for r in runs] == [("stopped", {"dropout": 0.0})]
    assert 1 <= len(runs[0]["history"]) < 500
    assert f"{runs[0]['run_id']}  stopped" in cli("runs", "list").stdout
