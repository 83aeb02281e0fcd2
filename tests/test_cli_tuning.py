"""`workbench lr-find` and `workbench tune` as a user runs them: the command line's own entry point (in this
process, see tests.helpers.cli; a real process for Ctrl-C), real files, real training."""

import json
import subprocess
import sys

import pytest

from tests.helpers import cli, labelled_rows, write_csv

TINY = ("--batch-size", "8", "--embedding-dim", "8", "--max-tokens", "200")


def test_lr_find_prints_the_regions_and_a_rate_writes_the_promised_json_and_stores_nothing(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    out = cli("lr-find", data, *TINY, "--json", tmp_path / "lr.json")
    assert out.returncode == 0, out.stderr
    result = json.loads((tmp_path / "lr.json").read_text())
    assert {"points", "suggested"} <= set(result) and len(result["points"]) > 12
    assert set(result["points"][0]) >= {"learning_rate", "loss"} and result["points"][0]["learning_rate"] == 1e-6
    assert f"suggested learning rate: {result['suggested']:.2g}" in out.stdout
    assert f"--learning-rate {result['suggested']:.2g}" in out.stdout
    assert "too low:" in out.stdout and "right:" in out.stdout and "too high:" in out.stdout
    assert "no runs yet" in cli("runs", "list").stdout


def test_a_region_of_one_rate_is_printed_as_that_rate():
    from workbench.cli.tuning import span_text

    assert span_text([0.0131, 0.04]) == "0.013 to 0.04"
    assert span_text([1.0, 1.0]) == "at 1"  # the loss exploded at the last rate: not "1 to 1"
    assert span_text(None) == "not reached"


def test_tune_reports_each_trial_and_ctrl_c_ends_the_study_keeping_its_trials_and_best(tmp_path):
    import signal

    data = write_csv(tmp_path / "d.csv", labelled_rows(80))
    (tmp_path / "space.json").write_text('{"learning_rate": [0.001, 0.1], "dropout": [0, 0.5]}')
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "tune", data, "--budget-minutes", "30", "--space", tmp_path / "space.json",
         "--epochs", "2", "--learning-rate", "0.05", *TINY, "--json", tmp_path / "t.json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("trial 2 completed"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    stdout = "".join(lines) + out
    assert process.returncode == 130 and "Traceback" not in err, err
    assert "trial 1 (the starting settings): learning_rate=0.05 dropout=0" in stdout
    result = json.loads((tmp_path / "t.json").read_text())
    trials = result["trials"]
    assert trials[0]["params"] == {"learning_rate": 0.05, "dropout": 0.0} and result["status"] == "stopped"
    assert [t["state"] for t in trials[:2]] == ["completed", "completed"] and len(trials) in (2, 3)
    best = result["best"]
    assert {"run_id", "config", "val_accuracy"} <= set(best) and best["config"]["epochs"] == 2
    assert best["val_accuracy"] == max(t["val_accuracy"] for t in trials if t["state"] == "completed")
    assert f"best: trial {best['trial']} (run {best['run_id']})" in stdout
    listed = cli("runs", "list").stdout
    assert all(f"{t['run_id']}  " in listed for t in trials)


@pytest.mark.parametrize("args, message", [
    (("--budget-minutes", "0"), "The budget must be more than 0 minutes"),
    (("--budget-minutes", "ten"), "--budget-minutes must be a number of minutes"),
    (("--budget-minutes", "1", "--metric", "recall:neutral"),
     "The metric recall:neutral names no class of this data; its classes are negative, positive."),
    (("--budget-minutes", "1", "--space", "SPACE:{\"dropuot\": [0, 0.5]}"), "did you mean dropout?"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, args, message):
    data = write_csv(tmp_path / "d.csv", labelled_rows(40))
    args = list(args)
    for i, arg in enumerate(args):
        if arg.startswith("SPACE:"):
            (tmp_path / "space.json").write_text(arg[len("SPACE:"):])
            args[i] = tmp_path / "space.json"
    out = cli("tune", data, *args)
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
