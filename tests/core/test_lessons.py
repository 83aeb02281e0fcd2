"""Lessons: their definitions, their narration's translatability, and (on reduced settings) that
each shows what it says it shows, with real training on the bundled data."""

import ast
import math
import shutil
import string
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import workbench.core.lessons as lessons_module
from workbench.core.config import SPECS
from workbench.core.data import load_dataset
from workbench.core.errors import WorkbenchError
from workbench.core.events import EpochEnd, LessonRunStarted, LessonStep, RunFinished
from workbench.core.lessons import (
    LANGUAGES,
    LESSONS,
    MOMENTS,
    get_lesson,
    run_lesson,
    val_loss_rise,
)
from workbench.core.store import RunStore

# The values each moment fills a step's placeholders with (beyond an epoch's metrics).
EPOCH_METRICS = {"loss", "accuracy", "val_loss", "val_accuracy", "data_loss", "regularization", "learning_rate",
                 "sparsity", "mean_abs_weight", "loss_zigzag", "seconds"}
MOMENT_VALUES = {"start": set(), "end": set(), "run": set(), "epoch": {"epoch"} | EPOCH_METRICS,
                 "val_loss_rises": {"epoch", "since_epoch", "epochs_rising", "best_val_loss", "val_loss"}}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- definitions --------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS.values(), ids=list(LESSONS))
def test_lesson_data_exists_in_both_languages_with_the_same_classes(lesson):
    assert set(lesson.data) == set(LANGUAGES) == {"en", "zh"}
    class_counts = []
    for language, files in lesson.data.items():
        paths = files.paths()
        assert paths and all(p.is_file() and p.parent.name == "lessons" for p in paths), paths
        summaries = [load_dataset(p, min_rows=1).summary for p in paths]
        assert all(s.language == language and s.dropped_rows == 0 for s in summaries)
        assert all(set(s.classes) == set(summaries[0].classes) for s in summaries)
        class_counts.append(len(summaries[0].classes))
        assert lesson.probes[language] and all(p.strip() for p in lesson.probes[language])
    assert class_counts[0] == class_counts[1] >= 2


@pytest.mark.parametrize("lesson", LESSONS.values(), ids=list(LESSONS))
def test_lesson_runs_validate_and_differ_only_in_the_knob(lesson):
    assert lesson.seeds >= 1 and len(lesson.runs) >= 2
    assert len({run.name for run in lesson.runs}) == len(lesson.runs)
    assert all(name in SPECS for name in lesson.knob)
    configs = [lesson.config(run).validate() for run in lesson.runs]
    changed = set()
    for config in configs[1:]:
        differences = set(configs[0].differences(config))
        assert differences and differences <= set(lesson.knob), differences
        changed |= differences
    assert changed == set(lesson.knob)
    assert lesson.to_dict()["runs"][0]["name"] == lesson.runs[0].name


@pytest.mark.parametrize("lesson", LESSONS.values(), ids=list(LESSONS))
def test_lesson_narration_covers_the_start_and_its_placeholders_can_be_filled(lesson):
    assert lesson.title and lesson.summary and all(run.label for run in lesson.runs)
    assert lesson.steps[0].moment == "start"
    run_names = {run.name for run in lesson.runs}
    for step in lesson.steps:
        assert step.moment in MOMENTS and step.moment != "verdict"
        assert step.run is None or step.run in run_names
        assert (step.epoch is not None) == (step.moment == "epoch")
        if step.epoch is not None:
            assert 1 <= step.epoch <= lesson.config(next(r for r in lesson.runs if r.name == step.run)).epochs
        assert placeholders(step.text) <= MOMENT_VALUES[step.moment], step.text


def test_an_unknown_lesson_or_language_is_refused_in_one_sentence():
    with pytest.raises(WorkbenchError, match="no lesson called 'overfit'; choose one of overfitting"):
        get_lesson("overfit")
    with pytest.raises(WorkbenchError, match="no data in 'fr'"):
        run_lesson("overfitting", "fr")
    with pytest.raises(WorkbenchError, match="between 1 and 20"):
        run_lesson("overfitting", seeds=0)


def marked_texts() -> set[str]:
    """Every string marked with QT_TRANSLATE_NOOP("Lesson", ...) in lessons.py, read with Python's own parser."""
    tree = ast.parse(Path(lessons_module.__file__).read_text(encoding="utf-8"))
    texts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QT_TRANSLATE_NOOP":
            context, text = (ast.literal_eval(arg) for arg in node.args)
            assert context == "Lesson"
            texts.add(text)
    return texts


def test_pyside6_lupdate_extracts_every_marked_text(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    assert lupdate, "pyside6-lupdate comes with PySide6-Essentials"
    ts = tmp_path / "lessons_zh_CN.ts"
    out = subprocess.run([lupdate, lessons_module.__file__, "-ts", str(ts)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    contexts = ElementTree.parse(ts).getroot().findall("context")
    extracted = {m.findtext("source") for c in contexts if c.findtext("name") == "Lesson" for m in c.iter("message")}
    marked = marked_texts()
    assert extracted == marked
    shown = {text for lesson in LESSONS.values()
             for text in (lesson.title, lesson.summary, *(r.label for r in lesson.runs), *(s.text for s in lesson.steps))}
    assert shown <= marked


# --- measures -------------------------------------------------------------------------------


def test_val_loss_rise_on_plain_histories():
    history = [{"val_loss": v} for v in (1.0, 0.5, 0.6, 0.75)]
    assert val_loss_rise(history) == pytest.approx(0.5)
    assert val_loss_rise(history + [{"val_loss": math.nan}]) == pytest.approx(0.5)
    assert math.isnan(val_loss_rise([]))


# --- running lessons (reduced settings: one seed, fewer epochs) -------------------------------


def test_overfitting_lesson_narrates_stores_a_group_and_regularization_wins(tmp_path):
    events = []
    with RunStore(tmp_path) as store:
        result = run_lesson("overfitting", "zh", seeds=1, listener=events.append, store=store, changes={"epochs": 8})
        group = store.group(result.group_id)
        runs = [store.get_run(run_id) for run_id in group["run_ids"]]
    values = result.verdict.values
    assert values["unregularized"]["val_loss_rise"] > max(0.15, values["regularized"]["val_loss_rise"])
    assert values["regularized"]["best_val_accuracy"] > values["unregularized"]["best_val_accuracy"]
    assert result.verdict.text in marked_texts() and "points higher" in result.verdict.message()

    steps = [e for e in events if isinstance(e, LessonStep)]
    assert steps[0].moment == "start" and steps[-1].moment == "verdict"
    assert steps[-1].values == result.verdict.fields
    told = [(s.moment, s.run) for s in steps]
    assert len(set(told)) == len(told)  # every step once
    assert ("val_loss_rises", "unregularized") in told and ("epoch", "unregularized") in told
    assert ("epoch", "regularized") not in told  # its epoch (12) is beyond these 8
    for step in steps:
        assert step.text.format(**step.values)
    started = [e for e in events if isinstance(e, LessonRunStarted)]
    assert [(e.run, e.seed, e.index, e.total) for e in started] == [("unregularized", 42, 1, 2), ("regularized", 42, 2, 2)]
    assert sum(isinstance(e, EpochEnd) for e in events) == 16 and sum(isinstance(e, RunFinished) for e in events) == 2

    assert group["kind"] == "lesson" and group["info"]["lesson"] == "overfitting"
    assert group["info"]["verdict"] == values and group["info"]["files"]["train"] == "noticeboard_noisy_train_zh.csv"
    assert [r.config["dropout"] for r in runs] == [0.0, 0.6] and all(r.status == "completed" for r in runs)
    assert runs[1].name == "Overfitting, and how dropout and L2 fix it · Dropout and L2 · seed 42"
    data = result.to_dict()
    assert [r["lesson_run"] for r in data["runs"]] == ["unregularized", "regularized"]
    assert data["verdict"] == values and data["verdict_text"] == result.verdict.message()


def test_too_high_a_learning_rate_diverges_and_a_good_one_beats_a_tiny_one():
    result = run_lesson("learning_rate", "en", seeds=1, changes={"epochs": 5})
    values = result.verdict.values
    assert values["too_high"]["diverged"] and not values["right"]["diverged"] and not values["too_low"]["diverged"]
    assert values["right"]["best_val_accuracy"] > values["too_low"]["best_val_accuracy"] + 0.2
    assert [r.status for _, _, r in result.runs] == ["completed", "completed", "diverged"]


def test_l1_zeroes_weights_where_l2_only_shrinks_them():
    values = run_lesson("l1_vs_l2", "en", seeds=1, changes={"epochs": 4}).verdict.values
    assert values["l1"]["sparsity"] > 2 * max(values["l2"]["sparsity"], values["no_penalty"]["sparsity"])
    assert values["l2"]["mean_abs_weight"] < values["no_penalty"]["mean_abs_weight"]


def test_small_batches_zigzag_more_and_make_more_updates_per_epoch():
    result = run_lesson("batch_size", "zh", seeds=1, changes={"epochs": 3})
    values = result.verdict.values
    assert values["small"]["relative_zigzag"] > values["medium"]["relative_zigzag"] > 3 * values["large"]["relative_zigzag"]
    assert values["small"]["updates_per_epoch"] == 50 and values["large"]["updates_per_epoch"] == 1
    # Seconds are measured and quoted, never compared here: which is faster depends on the machine's load.
    assert all(0 < values[name]["seconds_per_epoch"] < 60 for name in ("small", "medium", "large"))
    assert f"{values['small']['seconds_per_epoch']:.2f} s per epoch" in result.verdict.message()
    large = next(r for run, _, r in result.runs if run.name == "large").history
    assert math.isnan(large[0]["loss_zigzag"]) and all(math.isfinite(h["loss_zigzag"]) for h in large[2:])


def test_class_weights_find_more_of_the_rare_class():
    values = run_lesson("class_imbalance", "en", seeds=1, changes={"epochs": 6}).verdict.values
    assert values["no_weights"]["rare_class"] == "emergency"
    assert values["class_weights"]["rare_recall"] > values["no_weights"]["rare_recall"] + 0.1


def test_stop_ends_the_lesson_without_a_verdict(tmp_path):
    stop = threading.Event()

    def stop_after_first_run(event):
        if isinstance(event, RunFinished):
            stop.set()

    with RunStore(tmp_path) as store:
        result = run_lesson("class_imbalance", "en", seeds=1, listener=stop_after_first_run, stop=stop, store=store,
                            changes={"epochs": 1})
        info = store.group(result.group_id)["info"]
    assert result.status == "stopped" and result.verdict is None and len(result.runs) == 1
    assert info["status"] == "stopped" and info["verdict"] is None
