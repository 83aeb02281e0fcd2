"""`workbench lesson` as a user runs it: the command line's own entry point (in this process, see
tests.helpers.cli), the bundled lesson data, real training."""

import json

from tests.helpers import cli
from workbench.core.lessons import LESSONS


def test_list_names_every_lesson_with_its_title():
    out = cli("lesson", "--list")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [line.split(maxsplit=1) for line in lines[::2]] == [[name, lesson.title] for name, lesson in LESSONS.items()]
    assert lines[1].strip() == "No regularization, Dropout and L2; 3 seeds; data in en, zh"


def test_a_lesson_narrates_prints_a_verdict_and_writes_runs_and_verdict(tmp_path):
    out = cli("lesson", "class_imbalance", "--language", "zh", "--seeds", "1", "--epochs", "6",
              "--json", tmp_path / "lesson.json")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "lesson: A rare class, and class weights"
    assert "runs (1 seed each): No class weights (class imbalance none); Class weights (class imbalance class_weights)" \
        in out.stdout
    assert lines.index("run 1/2: No class weights, seed 42") < lines.index("run 2/2: Class weights, seed 42")
    assert sum(line.startswith("run 1/2 completed: 6 epochs, best val_accuracy") for line in lines) == 1
    assert any(line.startswith("» About one message in thirty is an emergency.") for line in lines)
    table = lines[lines.index("") + 1:]
    assert table[0].split()[:3] == ["run", "rare_class", "rare_recall"]
    assert table[1].startswith("No class weights") and "紧急" in table[1]
    verdict = out.stdout[out.stdout.index("verdict: "):]
    assert "Only 3% of the training texts are “紧急”." in verdict.replace("\n  ", " ")

    data = json.loads((tmp_path / "lesson.json").read_text(encoding="utf-8"))
    assert [(r["lesson_run"], r["seed"], r["config"]["class_imbalance"], len(r["history"])) for r in data["runs"]] \
        == [("no_weights", 42, "none", 6), ("class_weights", 42, "class_weights", 6)]
    assert set(data["verdict"]) == {"no_weights", "class_weights"}
    assert data["verdict"]["class_weights"]["rare_class"] == "紧急"
    assert data["verdict_text"].startswith("Only 3% of the training texts are “紧急”.")
    group = data["group_id"]
    assert f"(stored as group {group})" in out.stdout
    listed = cli("runs", "list").stdout
    assert all(f"{r['run_id']}  completed" in listed for r in data["runs"])


def test_bad_input_exits_2_with_one_line(tmp_path):
    for args, message in (
        (("overfit",), "error: There is no lesson called 'overfit'; choose one of overfitting, "),
        ((), "error: Name a lesson, e.g. `workbench lesson overfitting`;"),
        (("overfitting", "--seeds", "0"), "error: --seeds must be between 1 and 20, not 0."),
        (("overfitting", "--epochs", "0"), "error: epochs must be between 1 and 1000, not 0."),
    ):
        out = cli("lesson", *args, "--json", tmp_path / "r.json")
        assert out.returncode == 2 and out.stderr.startswith(message), out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
        assert out.stdout == "" and not (tmp_path / "r.json").exists()
