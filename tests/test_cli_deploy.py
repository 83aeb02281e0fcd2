"""`workbench predict / prune / export / structure`, and the exported scripts, as a user runs them: the
command line's own entry point (in this process, see tests.helpers.cli), the exported predict.py and
train.py in processes of their own, as the standalone programs they are."""

import json
import subprocess
import sys

import pytest

from tests.helpers import cli, labelled_rows, write_csv
from tests.trained_runs import TRICKY_TEXTS

TIMEOUT = 300


def train(data, *options):
    out = cli("train", data, "--epochs", "3", "--batch-size", "16", "--embedding-dim", "16", *options)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip().splitlines()[-1].split()[1].rstrip(":"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A run trained by the CLI, in a home that this module's tests share."""
    import os

    folder = tmp_path_factory.mktemp("cli_deploy")
    home = folder / "home"
    previous = os.environ.get("WORKBENCH_HOME")
    os.environ["WORKBENCH_HOME"] = str(home)
    try:
        data = write_csv(folder / "reviews.csv", labelled_rows(160))
        yield folder, data, train(data)
    finally:
        os.environ.pop("WORKBENCH_HOME")
        if previous is not None:
            os.environ["WORKBENCH_HOME"] = previous


@pytest.fixture
def home(trained, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(trained[0] / "home"))
    return trained


@pytest.fixture(scope="module")
def bundle(trained):
    """The run exported by `workbench export`, once for the module."""
    import os

    folder, data, run_id = trained
    previous = os.environ.get("WORKBENCH_HOME")
    os.environ["WORKBENCH_HOME"] = str(folder / "home")
    try:
        exported = cli("export", run_id, "--out", folder / "bundle")
    finally:
        os.environ.pop("WORKBENCH_HOME")
        if previous is not None:
            os.environ["WORKBENCH_HOME"] = previous
    assert exported.returncode == 0, exported.stderr
    return folder / "bundle"


def test_predict_py_agrees_with_workbench_predict_on_tricky_texts(home, bundle, tmp_path):
    folder, data, run_id = home
    texts_csv = write_csv(tmp_path / "texts.csv", [(text,) for text in TRICKY_TEXTS], header=("text",))
    ours = cli("predict", run_id, "--csv", texts_csv, "--text-column", "text", "--json", tmp_path / "ours.json")
    assert ours.returncode == 0, ours.stderr
    assert len(ours.stdout.splitlines()) == len(TRICKY_TEXTS)
    theirs = subprocess.run([sys.executable, "predict.py", "--csv", texts_csv, "--json", tmp_path / "theirs.json"],
                            capture_output=True, text=True, timeout=TIMEOUT, cwd=bundle)
    assert theirs.returncode == 0, theirs.stderr
    assert theirs.stderr == ""  # none of TensorFlow's start-up lines (cuInit on a machine without a GPU)
    ours, theirs = (json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))["predictions"]
                    for name in ("ours", "theirs"))
    assert [p["text"] for p in theirs] == [p["text"] for p in ours] == [t.strip() for t in TRICKY_TEXTS]
    for a, b in zip(ours, theirs):
        assert a["label"] == b["label"]
        assert b["probabilities"] == pytest.approx(a["probabilities"], abs=1e-5)

    # Refused before TensorFlow loads: one line, none of its start-up log, which only a new process would show
    again = subprocess.run([sys.executable, "-m", "workbench", "export", str(run_id), "--out", bundle],
                           capture_output=True, text=True, timeout=TIMEOUT)
    assert again.returncode == 2 and "add --force" in again.stderr and again.stderr.count("\n") == 1


def test_train_py_repeats_the_run(home, bundle):
    folder, data, run_id = home
    retrained = subprocess.run([sys.executable, "train.py"], capture_output=True, text=True, timeout=TIMEOUT,
                               cwd=bundle)
    assert retrained.returncode == 0, retrained.stderr[-3000:]
    accuracy = float(retrained.stdout.strip().splitlines()[-1].split()[2])
    shown = json.loads(cli("runs", "show", run_id).stdout)
    assert abs(accuracy - shown["results"]["test"]["accuracy"]) <= 0.02
    assert f"rows: train {shown['dataset']['sizes']['train']}," in retrained.stdout


def test_prune_stores_a_child_run_and_writes_the_promised_json(home, tmp_path):
    folder, data, run_id = home
    out = cli("prune", run_id, "--sparsity", "0.8", "--fine-tune-epochs", "1", "--json", tmp_path / "p.json")
    assert out.returncode == 0, out.stderr
    assert "epoch 1/1" in out.stdout and "pruned to 80.0% sparsity" in out.stdout
    result = json.loads((tmp_path / "p.json").read_text())
    assert result["sparsity"] == pytest.approx(0.8, abs=1e-3) and result["parent"] == run_id
    assert 0 <= result["test_accuracy"] <= 1 and 0 < result["size_bytes"] < result["parent_size_bytes"]
    child = json.loads(cli("runs", "show", result["run_id"]).stdout)
    assert child["kind"] == "prune" and child["parent"] == run_id and len(child["history"]) == 1

    curve = cli("prune", run_id, "--curve", "--json", tmp_path / "c.json")
    assert curve.returncode == 0, curve.stderr
    points = json.loads((tmp_path / "c.json").read_text())["points"]
    assert [p["target_sparsity"] for p in points] == [0.0, 0.5, 0.7, 0.8, 0.9, 0.95]
    assert len([line for line in curve.stdout.splitlines() if line.startswith("sparsity ")]) == 6

    structure = cli("structure", result["run_id"])
    assert structure.returncode == 0 and "embedding" in structure.stdout and "parameters" in structure.stdout


def test_bad_requests_get_one_line_that_says_what_to_do(home, tmp_path):
    folder, data, run_id = home
    lookup = train(data, "--model", "lookup")
    cases = [
        (("prune", lookup, "--sparsity", "0.5"), "lookup-table baseline"),
        (("export", lookup, "--out", tmp_path / "x"), "lookup-table baseline"),
        (("predict", lookup, "some text"), "lookup-table baseline"),
        (("prune", run_id, "--sparsity", "1.2"), "between 0 and 0.99"),
        (("prune", run_id), "Give --sparsity"),
        (("prune", 4242, "--sparsity", "0.5"), "No run with id 4242; `workbench runs list`"),
        (("export", 4242, "--out", tmp_path / "y", "--format", "tflite"), "No run with id 4242"),
        (("export", run_id, lookup, "--out", tmp_path / "z"), "only --format tensorboard takes several"),
        (("export", run_id, "--out", tmp_path / "w", "--format", "tflite", "--quantize", "int4"),
         "Choose the quantization from none, float16, dynamic, int8"),
        (("structure", lookup), "has no layers"),
    ]
    for args, words in cases:
        out = cli(*args)
        assert out.returncode == 2 and "error: " in out.stderr and words in out.stderr, (args, out.stderr)
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_tflite_and_tensorboard_exports_from_the_command_line(home, tmp_path):
    folder, data, run_id = home
    out = cli("export", run_id, "--format", "tflite", "--quantize", "none", "--out", tmp_path / "lite",
              "--json", tmp_path / "lite.json")
    assert out.returncode == 0, out.stderr
    table = {row["name"]: row for row in json.loads((tmp_path / "lite.json").read_text())["variants"]}
    assert list(table) == ["keras", "none"] and "| none | model_none.tflite |" in out.stdout
    lite = subprocess.run([sys.executable, "predict.py", "--model", "model_none.tflite", "--json", "t.json",
                           "The soup was wonderful"], capture_output=True, text=True, timeout=TIMEOUT,
                          cwd=tmp_path / "lite")
    assert lite.returncode == 0, lite.stderr
    assert lite.stderr == ""
    keras_side = cli("predict", run_id, "The soup was wonderful", "--json", tmp_path / "k.json")
    assert keras_side.returncode == 0
    expected = json.loads((tmp_path / "k.json").read_text())["predictions"][0]["probabilities"]
    got = json.loads((tmp_path / "lite" / "t.json").read_text())["predictions"][0]["probabilities"]
    assert got == pytest.approx(expected, abs=1e-5)

    logs = cli("export", run_id, "--format", "tensorboard", "--out", tmp_path / "tb")
    assert logs.returncode == 0, logs.stderr
    assert f"run {run_id} -> run {run_id} · " in logs.stdout and (tmp_path / "tb").is_dir()
