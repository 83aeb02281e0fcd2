"""Repeats, cross-validation, learning curves and augmentation as a user runs them: the command line's own
entry point (in this process, see tests.helpers.cli), real files, real training."""

import json
import subprocess
import sys

import pytest

from tests.helpers import cli, labelled_rows, write_csv

TINY = ("--epochs", "1", "--batch-size", "8", "--embedding-dim", "8", "--max-tokens", "200")
LOOKUP = ("--model", "lookup")  # trained in no time: the core tests train Keras models for these


@pytest.fixture
def data(tmp_path):
    return write_csv(tmp_path / "d.csv", labelled_rows(60))


def test_cross_validation_as_a_real_process_prints_no_tensorflow_warning(data):
    """Each fold builds the model's functions anew, and TensorFlow's own logger then warns about
    "retracing" on stderr: nothing a user can act on (`workbench --verbose cv` shows it)."""
    out = subprocess.run([sys.executable, "-m", "workbench", "cv", data, "--folds", "3", *TINY],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "3-fold cross-validation" in out.stdout
    assert out.stderr == ""


def test_train_repeats_writes_runs_with_seeds_and_one_group_and_augments(data, tmp_path):
    out = cli("train", data, "--repeats", "2", "--seed", "7", "--augment-copies", "1", *TINY,
              "--json", tmp_path / "r.json")
    assert out.returncode == 0, out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith("run ") and ": " in line
            and "stored" not in line] == ["run 1/2: seed 7", "run 2/2: seed 8"]
    written = json.loads((tmp_path / "r.json").read_text())
    runs, (group,) = written["runs"], written["groups"]
    assert [r["seed"] for r in runs] == [7, 8] and [r["config"]["seed"] for r in runs] == [7, 8]
    train_rows = 44  # per class 30, less round(4.5) = 4 for test and 4 for validation
    assert all(r["augmentation"] == {"added_rows": train_rows} for r in runs)
    assert group["run_ids"] == [r["run_id"] for r in runs] and group["seeds"] == [7, 8]
    assert group["group_id"] == runs[0]["group_id"] == runs[1]["group_id"] is not None
    tests = [r["test"]["accuracy"] for r in runs]
    assert group["mean"]["test_accuracy"] == pytest.approx(sum(tests) / 2)
    assert group["std"]["test_accuracy"] == pytest.approx(abs(tests[0] - tests[1]) / 2 ** 0.5)
    summary = out.stdout.rstrip().splitlines()[-1]  # the setting's row: mean ± sd over the seeds
    assert f"{group['mean']['best_val_accuracy']:.3f} ± {group['std']['best_val_accuracy']:.3f}" in summary
    assert summary.rstrip().endswith(f"{group['mean']['test_accuracy']:.3f} ± {group['std']['test_accuracy']:.3f}")


def test_sweep_repeats_give_groups_with_mean_sd_and_a_verdict_against_the_best(data, tmp_path):
    out = cli("sweep", data, "--vary", "learning-rate=0.00001,0.05", "--repeats", "2", *TINY,
              "--json", tmp_path / "s.json")
    assert out.returncode == 0, out.stderr
    written = json.loads((tmp_path / "s.json").read_text())
    assert [(r["varied"]["learning_rate"], r["seed"]) for r in written["runs"]] == [
        (0.00001, 42), (0.00001, 43), (0.05, 42), (0.05, 43)]
    groups = written["groups"]
    assert [g["varied"] for g in groups] == [{"learning_rate": 0.00001}, {"learning_rate": 0.05}]
    assert all(g["n"] == 2 and g["std"]["best_val_accuracy"] is not None for g in groups)
    (best,) = [g for g in groups if g["reference"]]
    (other,) = [g for g in groups if not g["reference"]]
    assert best["verdict"] is None and best["mean"]["best_val_accuracy"] >= other["mean"]["best_val_accuracy"]
    verdict = other["verdict"]
    assert verdict["test"] == "paired_t" and verdict["n_pairs"] == 2 and verdict["method"].startswith("Paired")
    lines = out.stdout.splitlines()
    assert lines[-1] == f"- {verdict['sentence']}"
    header = next(i for i, line in enumerate(lines) if line.startswith("setting"))
    assert lines[header].split()[-3:] == ["against", "the", "best"]
    assert "±" in lines[header + 1] and lines[header + 1 + groups.index(best)].rstrip().endswith("best")


def test_cv_prints_each_fold_and_mean_sd_and_writes_the_promised_json(data, tmp_path):
    out = cli("cv", data, "--folds", "3", *LOOKUP, "--json", tmp_path / "cv.json")
    assert out.returncode == 0, out.stderr
    written = json.loads((tmp_path / "cv.json").read_text())
    assert [set(f) >= {"accuracy", "macro_f1", "run_id"} for f in written["folds"]] == [True] * 3
    assert sum(f["sizes"]["test"] for f in written["folds"]) == 60
    accuracies = [f["accuracy"] for f in written["folds"]]
    assert written["mean"]["accuracy"] == pytest.approx(sum(accuracies) / 3)
    assert set(written["std"]) == {"accuracy", "macro_f1"}
    assert out.stdout.rstrip().splitlines()[-1] == (
        f"3-fold cross-validation (group {written['group_id']}): accuracy {written['mean']['accuracy']:.3f} ± "
        f"{written['std']['accuracy']:.3f}, macro-F1 {written['mean']['macro_f1']:.3f} ± "
        f"{written['std']['macro_f1']:.3f}")
    listed = cli("runs", "list").stdout
    assert all(f"{f['run_id']}  completed" in listed for f in written["folds"])


def test_learning_curve_prints_a_table_and_a_reading_and_writes_json(data, tmp_path):
    out = cli("learning-curve", data, "--sizes", "0.5,1", "--repeats", "2", *LOOKUP, "--json", tmp_path / "lc.json")
    assert out.returncode == 0, out.stderr
    written = json.loads((tmp_path / "lc.json").read_text())
    points = written["points"]
    assert [p["train_size"] for p in points] == [22, 44] and [p["n"] for p in points] == [2, 2]
    assert all(p["val_accuracy_std"] is not None and 0 <= p["train_accuracy"] <= 1 for p in points)
    assert out.stdout.rstrip().splitlines()[-1] == written["reading"]
    assert written["reading"].startswith("Validation accuracy")


@pytest.mark.parametrize("args,message", [
    (("cv", "{data}", "--folds", "1"), "error: The number of folds must be between 2 and 20, not 1."),
    (("cv", "{data}", "--test-data", "{data}"), "error: Cross-validation holds out parts of the file itself"),
    (("learning-curve", "{data}", "--sizes", "0,0.5"), "error: Sizes must be shares of the training texts"),
    (("train", "{data}", "--repeats", "0"), "error: repeats must be between 1 and 100, not 0."),
    (("sweep", "{data}", "--vary", "dropout=0,0.5", "--repeats", "0"), "error: repeats must be between 1 and 100"),
    (("train", "{data}", "--augment-copies", "1", "--synonym-file", "{missing}"),
     "error: Cannot read the synonym file"),
    (("train", "{data}", "--augment-copies", "1", "--augment-delete", "0", "--augment-swap", "0",
      "--augment-insert", "0"), "error: With every augmentation chance at 0"),
])
def test_bad_input_exits_2_with_one_line(data, tmp_path, args, message):
    args = [a.format(data=data, missing=tmp_path / "missing.txt") for a in args]
    out = cli(*args, "--json", tmp_path / "out.json")
    assert out.returncode == 2 and out.stderr.startswith(message), out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert not (tmp_path / "out.json").exists()
