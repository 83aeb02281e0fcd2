"""Lessons: planned comparisons that make one idea about training visible, with narration.

A lesson is plain data: its bundled files in English and in Chinese, the settings every run
shares, the runs to compare (each changing the same one knob), how many seeds, and narration
steps tied to moments of training. ``run_lesson`` trains every run once per seed, stores them
as one group, tells its listener when a step's moment has come, and ends with a verdict
computed from the results.

Every text a person reads is English, marked with ``QT_TRANSLATE_NOOP("Lesson", ...)`` so the
window can translate it with Qt; numbers are ``{placeholders}`` filled after translation.
Pure Python at import time: no Qt, no TensorFlow.
"""

from __future__ import annotations

import math
import statistics
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.bundled import sample_data_dir
from workbench.core.config import ExperimentConfig
from workbench.core.data import (
    Dataset,
    Split,
    load_companion,
    load_dataset,
    split_dataset,
)
from workbench.core.diagnostics import best_epoch, detect_overfitting
from workbench.core.errors import WorkbenchError
from workbench.core.events import EpochEnd, LessonRunStarted, LessonStep, Listener
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.training import RunResult, train

LESSON_DIR = sample_data_dir() / "lessons"
LANGUAGES = ("en", "zh")
CONTEXT = "Lesson"  # the Qt translation context of every text here
# When a step is told: before the first run; when a run starts; at an epoch of a run; when a
# run's validation loss has risen for 3 epochs (diagnostics.detect_overfitting); after the last
# run; and the verdict itself (told by run_lesson, never declared by a lesson).
MOMENTS = ("start", "run", "epoch", "val_loss_rises", "end", "verdict")


# --- what a lesson is -------------------------------------------------------------------


@dataclass(frozen=True)
class LessonData:
    """One language's files, in sample_data/lessons/. Without validation and test files the
    training file is split with the config's fractions and the run's seed."""

    train: str
    validation: str | None = None
    test: str | None = None

    def paths(self) -> list[Path]:
        return [LESSON_DIR / name for name in (self.train, self.validation, self.test) if name]


@dataclass(frozen=True)
class LessonRun:
    """One side of the comparison: a name for the verdict and the settings it changes."""

    name: str  # e.g. "regularized": the key of this run in the verdict
    label: str  # English, for legends and narration
    changes: dict[str, Any] = field(default_factory=dict)  # settings changed from Lesson.base


@dataclass(frozen=True)
class Step:
    """A piece of narration and the moment it belongs to (see MOMENTS)."""

    moment: str
    text: str  # English, with {placeholders} from the moment's values
    run: str | None = None  # the run it watches ("run", "epoch", "val_loss_rises"); None: any
    epoch: int | None = None  # for "epoch"


@dataclass(frozen=True)
class Verdict:
    """What a lesson showed: numbers per run (3-seed means by default), and a sentence about them."""

    values: dict[str, dict[str, Any]]  # run name -> measure -> value (the JSON "verdict")
    text: str  # English, with {placeholders}
    fields: dict[str, Any] = field(default_factory=dict)  # fills the placeholders

    def message(self, text: str | None = None) -> str:
        """The sentence with its numbers; pass ``text`` to fill a translation instead."""
        return (text or self.text).format(**self.fields)


Results = dict[str, list[RunResult]]  # run name -> one result per seed, in seed order


@dataclass(frozen=True)
class Lesson:
    name: str  # what `workbench lesson NAME` takes
    title: str
    summary: str  # what it shows and what to look at, in two or three sentences
    data: dict[str, LessonData]  # language -> its files
    base: ExperimentConfig  # the settings every run shares
    knob: tuple[str, ...]  # the setting(s) the runs differ in
    runs: tuple[LessonRun, ...]
    seeds: int  # each run is trained once per seed: base.seed, base.seed + 1, ...
    steps: tuple[Step, ...]
    probes: dict[str, tuple[str, ...]]  # language -> sentences whose probabilities are followed
    verdict: Callable[[Results], Verdict] = field(compare=False, repr=False)

    def config(self, run: LessonRun, seed: int | None = None) -> ExperimentConfig:
        config = self.base.replace(**run.changes)
        return config if seed is None else config.replace(seed=seed)

    def to_dict(self) -> dict[str, Any]:
        """Everything but the verdict's code, as plain data (for the window and `lesson --list`)."""
        return {
            "name": self.name, "title": self.title, "summary": self.summary,
            "data": {language: {"train": d.train, "validation": d.validation, "test": d.test}
                     for language, d in self.data.items()},
            "base": self.base.to_dict(), "knob": list(self.knob),
            "runs": [{"name": r.name, "label": r.label, "changes": dict(r.changes)} for r in self.runs],
            "seeds": self.seeds,
            "steps": [{"moment": s.moment, "text": s.text, "run": s.run, "epoch": s.epoch} for s in self.steps],
            "probes": {language: list(texts) for language, texts in self.probes.items()},
        }


# --- what a lesson gives back --------------------------------------------------------------


@dataclass
class LessonResult:
    lesson: Lesson
    language: str
    seeds: list[int]
    runs: list[tuple[LessonRun, int, RunResult]] = field(default_factory=list)  # in training order
    verdict: Verdict | None = None  # None when stopped before every run was trained
    group_id: int | None = None
    status: str = "completed"  # or "stopped"

    def results(self) -> Results:
        out: Results = {run.name: [] for run in self.lesson.runs}
        for run, _seed, result in self.runs:
            out[run.name].append(result)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench lesson --json`: each run as `train --json` writes it, plus its
        lesson run name, label and seed; the verdict's numbers and its sentence."""
        return {
            "lesson": self.lesson.name, "language": self.language, "status": self.status,
            "seeds": self.seeds, "group_id": self.group_id,
            "runs": [{**result.to_dict(), "lesson_run": run.name, "label": run.label, "seed": seed}
                     for run, seed, result in self.runs],
            "verdict": self.verdict.values if self.verdict else None,
            "verdict_text": self.verdict.message() if self.verdict else None,
        }


# --- running a lesson ----------------------------------------------------------------------


def get_lesson(name: str) -> Lesson:
    if name not in LESSONS:
        raise WorkbenchError(f"There is no lesson called {name!r}; choose one of {', '.join(LESSONS)} "
                             "(`workbench lesson --list` describes them).")
    return LESSONS[name]


def lesson_datasets(lesson: Lesson, language: str) -> tuple[Dataset, Dataset | None, Dataset | None]:
    """The lesson's training file in ``language``, and its validation and test files if it has them."""
    if language not in lesson.data:
        raise WorkbenchError(f"The lesson {lesson.name!r} has no data in {language!r}; choose one of "
                             f"{', '.join(lesson.data)}.")
    files = lesson.data[language]
    missing = [str(p) for p in files.paths() if not p.is_file()]
    if missing:
        raise WorkbenchError(f"The lesson's data file {missing[0]} is missing; lessons need the repository's "
                             "sample_data folder (install from a checkout with `pip install -e .`).")
    dataset = load_dataset(LESSON_DIR / files.train)
    validation = load_companion(LESSON_DIR / files.validation, like=dataset) if files.validation else None
    test = load_companion(LESSON_DIR / files.test, like=dataset) if files.test else None
    return dataset, validation, test


def lesson_split(lesson: Lesson, datasets: tuple[Dataset, Dataset | None, Dataset | None], seed: int) -> Split:
    """What the runs of ``seed`` train and are scored on: one split per seed, shared by all runs."""
    dataset, validation, test = datasets
    return split_dataset(dataset, lesson.base.validation_fraction, lesson.base.test_fraction, seed,
                         validation=validation, test=test)


def run_lesson(
    lesson: Lesson | str,
    language: str = "en",
    seeds: int | None = None,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
    changes: Mapping[str, Any] | None = None,
) -> LessonResult:
    """Train every run of the lesson once per seed, seed by seed, and compute the verdict.

    The listener gets each run's training events, a LessonRunStarted before each run, and a
    LessonStep whenever a narration step's moment comes (each step once), the verdict last.
    With a ``store`` the runs are kept as one group of kind "lesson" whose info holds the
    lesson, the language, the files and, at the end, the verdict. ``changes`` alter every run's
    settings (fewer epochs for a quick try); setting ``stop`` ends the run in flight and skips
    the rest, and the result then has no verdict.
    """
    lesson = get_lesson(lesson) if isinstance(lesson, str) else lesson
    count = lesson.seeds if seeds is None else seeds
    if not 1 <= count <= 20:
        raise WorkbenchError(f"The number of seeds must be between 1 and 20, not {count}.")
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()
    seed_list = [lesson.base.seed + i for i in range(count)]
    plan = [(run, seed) for seed in seed_list for run in lesson.runs]
    configs = {(run.name, seed): lesson.config(run, seed).replace(**(changes or {})).validate() for run, seed in plan}
    datasets = lesson_datasets(lesson, language)  # missing files fail before any training
    splits = {seed: lesson_split(lesson, datasets, seed) for seed in seed_list}
    outcome = LessonResult(lesson, language, seed_list)
    if store is not None:
        outcome.group_id = store.create_group("lesson", lesson.title, _group_info(lesson, language, seed_list))
    narrator = _Narrator(lesson, listener)
    narrator.tell("start")
    for index, (run, seed) in enumerate(plan, start=1):
        if stop.is_set():
            break
        listener(LessonRunStarted(lesson.name, run.name, run.label, seed, index, len(plan)))
        narrator.run_starts(run, seed)
        result = train(configs[run.name, seed], splits[seed], listener=narrator.forward, stop=stop, store=store,
                       probes=lesson.probes.get(language, ()), group_id=outcome.group_id)
        outcome.runs.append((run, seed, result))
        if store is not None and result.run_id is not None:
            store.rename(result.run_id, f"{lesson.title} · {run.label} · seed {seed}")
    if len(outcome.runs) < len(plan) or any(r.status == "stopped" for _, _, r in outcome.runs):
        outcome.status = "stopped"
    else:
        narrator.tell("end")
        outcome.verdict = lesson.verdict(outcome.results())
        listener(LessonStep(lesson.name, "verdict", outcome.verdict.text, dict(outcome.verdict.fields)))
    if store is not None:
        info = _group_info(lesson, language, seed_list)
        info.update(status=outcome.status, verdict=outcome.verdict.values if outcome.verdict else None,
                    verdict_text=outcome.verdict.message() if outcome.verdict else None)
        store.update_group(outcome.group_id, info)
    return outcome


def _group_info(lesson: Lesson, language: str, seeds: list[int]) -> dict[str, Any]:
    files = lesson.data[language]
    return {"lesson": lesson.name, "language": language, "seeds": seeds,
            "files": {"train": files.train, "validation": files.validation, "test": files.test}}


class _Narrator:
    """Passes training events on, and tells each narration step once, when its moment comes."""

    WATCHING = ("run", "epoch", "val_loss_rises")  # moments seen in one run's curves

    def __init__(self, lesson: Lesson, listener: Listener):
        self.lesson, self.listener = lesson, listener
        self.told: set[int] = set()
        self.run: LessonRun = lesson.runs[0]
        self.seed: int | None = None
        self.history: list[dict[str, float]] = []

    def tell(self, moment: str, values: dict[str, Any] | None = None, epoch: int | None = None) -> None:
        watching = moment in self.WATCHING
        for i, step in enumerate(self.lesson.steps):
            if i in self.told or step.moment != moment or step.epoch != epoch:
                continue
            if watching and step.run is not None and step.run != self.run.name:
                continue
            self.told.add(i)
            run, seed = (self.run.name, self.seed) if watching else (None, None)
            self.listener(LessonStep(self.lesson.name, moment, step.text, dict(values or {}), run, seed))

    def run_starts(self, run: LessonRun, seed: int) -> None:
        self.run, self.seed, self.history = run, seed, []
        self.tell("run")

    def forward(self, event) -> None:
        self.listener(event)
        if isinstance(event, EpochEnd):
            self.history.append(event.metrics)
            self.tell("epoch", {"epoch": event.epoch, **event.metrics}, epoch=event.epoch)
            report = detect_overfitting(self.history)
            if report is not None:
                self.tell("val_loss_rises", {"epoch": event.epoch, "since_epoch": report.since_epoch,
                                             "epochs_rising": report.epochs_rising,
                                             "best_val_loss": report.best_val_loss,
                                             "val_loss": report.current_val_loss})


# --- measures the verdicts share ------------------------------------------------------------


def _finite(history: Sequence[Mapping[str, float]], key: str) -> list[float]:
    return [float(h[key]) for h in history if isinstance(h.get(key), (int, float)) and math.isfinite(h[key])]


def val_loss_rise(history: Sequence[Mapping[str, float]]) -> float:
    """How far validation loss ended above its lowest value, as a share of it (0.3 = 30% above)."""
    losses = _finite(history, "val_loss")
    if not losses or min(losses) <= 0:
        return math.nan
    return (losses[-1] - min(losses)) / min(losses)


def best_val_accuracy(history: Sequence[Mapping[str, float]]) -> float:
    values = _finite(history, "val_accuracy")
    return max(values) if values else math.nan


def _mean(values: Sequence[float]) -> float:
    finite = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    return statistics.fmean(finite) if finite else math.nan


def _last(result: RunResult, key: str) -> float:
    values = _finite(result.history, key)
    return values[-1] if values else math.nan


def _points(value: float) -> float:
    """An accuracy difference in percentage points, rounded for a sentence."""
    return round(100 * value, 1)


# --- the verdicts ---------------------------------------------------------------------------


def _overfitting_verdict(results: Results) -> Verdict:
    values = {name: {"val_loss_rise": _mean([val_loss_rise(r.history) for r in runs]),
                     "best_val_accuracy": _mean([best_val_accuracy(r.history) for r in runs])}
              for name, runs in results.items()}
    plain, regularized = values["unregularized"], values["regularized"]
    fields = {"rise": plain["val_loss_rise"], "regularized_rise": regularized["val_loss_rise"],
              "accuracy": plain["best_val_accuracy"], "regularized_accuracy": regularized["best_val_accuracy"],
              "gain": _points(regularized["best_val_accuracy"] - plain["best_val_accuracy"])}
    if fields["gain"] > 0 and plain["val_loss_rise"] > regularized["val_loss_rise"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Without regularization, validation loss ended {rise:.0%} above its lowest point; with "
            "dropout and L2 it ended {regularized_rise:.0%} above, and the best validation accuracy was "
            "{gain} points higher ({regularized_accuracy:.1%} against {accuracy:.1%}).")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time dropout and L2 did not pay off: validation loss ended {regularized_rise:.0%} "
            "above its lowest point with them and {rise:.0%} without, and the best validation accuracy was "
            "{regularized_accuracy:.1%} against {accuracy:.1%}.")
    return Verdict(values, text, fields)


def _weights_verdict(results: Results) -> Verdict:
    values = {name: {"sparsity": _mean([_last(r, "sparsity") for r in runs]),
                     "mean_abs_weight": _mean([_last(r, "mean_abs_weight") for r in runs]),
                     "best_val_accuracy": _mean([best_val_accuracy(r.history) for r in runs])}
              for name, runs in results.items()}
    none, l1, l2 = values["no_penalty"], values["l1"], values["l2"]
    fields = {"l1_sparsity": l1["sparsity"], "l2_sparsity": l2["sparsity"], "none_sparsity": none["sparsity"],
              "l2_shrink": 1 - l2["mean_abs_weight"] / none["mean_abs_weight"] if none["mean_abs_weight"] else math.nan}
    if l1["sparsity"] > max(l2["sparsity"], none["sparsity"]) and l2["mean_abs_weight"] < none["mean_abs_weight"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "L1 left {l1_sparsity:.0%} of the weights at (almost) zero, against {l2_sparsity:.0%} with L2 "
            "and {none_sparsity:.0%} with no penalty. L2 made the weights {l2_shrink:.0%} smaller on average, "
            "but all of them a little: it shrinks, L1 switches off.")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time the difference did not show: L1 left {l1_sparsity:.0%} of the weights at (almost) "
            "zero, L2 {l2_sparsity:.0%} and no penalty {none_sparsity:.0%}.")
    return Verdict(values, text, fields)


def _learning_rate_verdict(results: Results) -> Verdict:
    values = {}
    for name, runs in results.items():
        values[name] = {"diverged": sum(r.status == "diverged" for r in runs) > len(runs) / 2,
                        "diverged_runs": sum(r.status == "diverged" for r in runs),
                        "final_loss": _mean([_last(r, "loss") for r in runs]),
                        "best_val_accuracy": _mean([best_val_accuracy(r.history) for r in runs])}
    low, right, high = values["too_low"], values["right"], values["too_high"]
    fields = {"low_accuracy": low["best_val_accuracy"], "right_accuracy": right["best_val_accuracy"],
              "low_loss": low["final_loss"], "right_loss": right["final_loss"]}
    if high["diverged"] and not right["diverged"] and right["best_val_accuracy"] > low["best_val_accuracy"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Too low, the model hardly learned: training loss ended at {low_loss:.2f} and validation "
            "accuracy reached {low_accuracy:.0%}. About right, loss fell to {right_loss:.2f} and validation "
            "accuracy reached {right_accuracy:.0%}. Too high, the loss blew up to infinity: the run diverged.")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time the three learning rates did not show the usual pattern: best validation "
            "accuracy {low_accuracy:.0%} (too low) and {right_accuracy:.0%} (about right); look at the curves "
            "to see which runs diverged.")
    return Verdict(values, text, fields)


def _early_stopping_verdict(results: Results) -> Verdict:
    values = {name: {"epochs_trained": _mean([len(r.history) for r in runs]),
                     "best_epoch": _mean([best_epoch(r.history) for r in runs if _finite(r.history, "val_loss")]),
                     "test_accuracy": _mean([(r.test or {}).get("accuracy", math.nan) for r in runs])}
              for name, runs in results.items()}
    full, early = values["to_the_end"], values["early_stopping"]
    fields = {"stopped": early["epochs_trained"], "best": early["best_epoch"], "epochs": full["epochs_trained"],
              "early_accuracy": early["test_accuracy"], "full_accuracy": full["test_accuracy"],
              "gain": _points(early["test_accuracy"] - full["test_accuracy"])}
    if early["epochs_trained"] < full["epochs_trained"] and fields["gain"] > 0:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Early stopping ended training after {stopped:.0f} of {epochs:.0f} epochs and went back to "
            "the weights of the best epoch (around epoch {best:.0f}). On the test notes it scored {early_accuracy:.1%}, "
            "{gain} points more than the model trained to the end ({full_accuracy:.1%}), in less time.")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time early stopping did not pay off: it trained {stopped:.0f} of {epochs:.0f} epochs "
            "and scored {early_accuracy:.1%} on the test notes, against {full_accuracy:.1%} when trained to the end.")
    return Verdict(values, text, fields)


def _relative_zigzag(history: Sequence[Mapping[str, float]]) -> float:
    """How far a batch's loss typically lies from its neighbours' midpoint, as a share of the epoch's loss:
    the noise of the path, measured against how far the loss still has to go."""
    shares = [h["loss_zigzag"] / h["loss"] for h in history
              if math.isfinite(h.get("loss_zigzag", math.nan)) and h.get("loss", 0) > 0]
    return _mean(shares)


def _batch_size_verdict(results: Results) -> Verdict:
    values = {}
    for name, runs in results.items():
        sizes = [r.split.sizes()["train"] for r in runs if r.split is not None]
        batch = runs[0].config.batch_size
        values[name] = {"batch_size": batch, "updates_per_epoch": math.ceil(_mean(sizes) / batch),
                        "seconds_per_epoch": _mean([statistics.median(_finite(r.history, "seconds") or [math.nan])
                                                    for r in runs]),
                        "relative_zigzag": _mean([_relative_zigzag(r.history) for r in runs]),
                        "best_val_accuracy": _mean([best_val_accuracy(r.history) for r in runs])}
    small, medium, large = values["small"], values["medium"], values["large"]
    fields = {"small": small["batch_size"], "large": large["batch_size"], "small_updates": small["updates_per_epoch"],
              "large_updates": large["updates_per_epoch"],
              "ratio": small["relative_zigzag"] / large["relative_zigzag"] if large["relative_zigzag"] > 0 else math.inf,
              "small_seconds": small["seconds_per_epoch"], "large_seconds": large["seconds_per_epoch"]}
    if small["relative_zigzag"] > medium["relative_zigzag"] > large["relative_zigzag"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Batches of {small} made {small_updates} updates per epoch, each from a handful of texts: "
            "measured against the loss itself, the loss zig-zagged from one batch to the next {ratio:.0f} times "
            "as much as with batches of {large}, which made {large_updates} per epoch. Small batches took "
            "{small_seconds:.2f} s per epoch, the large ones {large_seconds:.2f} s.")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time the noise did not follow the batch size: the loss of batches of {small} zig-zagged "
            "{ratio:.1f} times as much as that of batches of {large}.")
    return Verdict(values, text, fields)


def _imbalance_verdict(results: Results) -> Verdict:
    first = next(iter(results.values()))[0]
    counts = first.split.train["label"].value_counts() if first.split is not None else None
    rare = str(counts.idxmin()) if counts is not None else first.class_names[-1]
    values = {}
    for name, runs in results.items():
        recalls = {c: _mean([r.test["per_class"][c]["recall"] for r in runs if r.test]) for c in first.class_names}
        values[name] = {"rare_class": rare, "rare_recall": recalls[rare], "recall": recalls,
                        "accuracy": _mean([r.test["accuracy"] for r in runs if r.test]),
                        "macro_f1": _mean([r.test["macro_f1"] for r in runs if r.test])}
    plain, weighted = values["no_weights"], values["class_weights"]
    fields = {"rare": rare, "plain_recall": plain["rare_recall"], "weighted_recall": weighted["rare_recall"],
              "plain_accuracy": plain["accuracy"], "weighted_accuracy": weighted["accuracy"],
              "share": counts[rare] / counts.sum() if counts is not None else math.nan}
    if weighted["rare_recall"] > plain["rare_recall"] and weighted["accuracy"] < plain["accuracy"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Only {share:.0%} of the training texts are “{rare}”. Without class weights the model found "
            "{plain_recall:.0%} of them in the test set; with class weights it found {weighted_recall:.0%}. Overall "
            "accuracy went from {plain_accuracy:.1%} to {weighted_accuracy:.1%}: a small price for missing fewer "
            "of the rare class.")
    elif weighted["rare_recall"] > plain["rare_recall"]:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "Only {share:.0%} of the training texts are “{rare}”. Without class weights the model found "
            "{plain_recall:.0%} of them in the test set; with class weights it found {weighted_recall:.0%}. Overall "
            "accuracy hardly shows it ({plain_accuracy:.1%}, then {weighted_accuracy:.1%}): the rare class is too "
            "small to move it, which is why recall per class is the number to watch.")
    else:
        text = QT_TRANSLATE_NOOP(
            "Lesson", "This time class weights did not help with “{rare}”: recall {weighted_recall:.0%} with them "
            "against {plain_recall:.0%} without.")
    return Verdict(values, text, fields)


# --- the lessons ----------------------------------------------------------------------------

_NOISY_BOARD = {
    language: LessonData(f"noticeboard_noisy_train_{language}.csv", f"noticeboard_checked_validation_{language}.csv",
                         f"noticeboard_checked_test_{language}.csv")
    for language in LANGUAGES
}
_BOARD = {language: LessonData(f"noticeboard_{language}.csv") for language in LANGUAGES}
_REPAIRS = {language: LessonData(f"repairs_{language}.csv") for language in LANGUAGES}
_BOARD_PROBES = {
    "en": ("Choir rehearsal is on Thursday evening in the church hall, everyone welcome.",
           "After the football match there is a barbecue on the green."),
    "zh": ("周四晚上在社区活动室有合唱团排练，欢迎大家。", "足球赛结束后在中心花园烧烤。"),
}
# A big bag-of-words network with far more weights than there are training notes.
_BIG_NETWORK = ExperimentConfig(model="mlp", hidden_units=128, ngrams=2, learning_rate=7e-3, batch_size=16,
                                epochs=20)

OVERFITTING = Lesson(
    name="overfitting",
    title=QT_TRANSLATE_NOOP("Lesson", "Overfitting, and how dropout and L2 fix it"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "The notes in the training file were sorted in a hurry: three in ten are under the wrong topic. "
        "The notes used for validation and testing were sorted carefully. A big network without regularization "
        "learns the mistakes by heart; the same network with dropout and L2 cannot, and does better on the "
        "careful notes."),
    data=_NOISY_BOARD,
    base=_BIG_NETWORK,
    knob=("dropout", "l2"),
    runs=(LessonRun("unregularized", QT_TRANSLATE_NOOP("Lesson", "No regularization")),
          LessonRun("regularized", QT_TRANSLATE_NOOP("Lesson", "Dropout and L2"), {"dropout": 0.6, "l2": 2e-3})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "Two copies of one big network will learn to sort notice-board notes by topic. Watch the "
            "dashed validation curves: they show how the network does on notes it never trained on.")),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "First, no regularization. The network has far more weights than there are training notes, "
            "so it can memorize every note, the wrongly filed ones included."), run="unregularized"),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Epoch {epoch}: training accuracy is already {accuracy:.0%}, although three notes in ten "
            "are filed wrongly. The network is learning the mistakes by heart."), run="unregularized", epoch=4),
        Step("val_loss_rises", QT_TRANSLATE_NOOP(
            "Lesson", "Validation loss has risen since epoch {since_epoch} while training loss keeps falling: "
            "this is overfitting. The network is becoming sure of itself on notes it gets wrong."),
            run="unregularized"),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "Now the same network with dropout (neurons switched off at random while training) and L2 "
            "(a penalty on large weights): memorizing the wrongly filed notes has become expensive. Its loss "
            "curves start higher, because the penalty is part of the loss; watch their shape instead."),
            run="regularized"),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Epoch {epoch}: training accuracy is only {accuracy:.0%}, since the network cannot learn the "
            "mistakes (and dropout is on while it trains), yet validation accuracy is {val_accuracy:.0%}. The "
            "validation loss stays flat instead of climbing."), run="regularized", epoch=12),
        Step("end", QT_TRANSLATE_NOOP(
            "Lesson", "All runs are done. With several seeds the numbers below are means, so no single lucky run "
            "decides the verdict.")),
    ),
    probes=_BOARD_PROBES,
    verdict=_overfitting_verdict,
)

L1_VS_L2 = Lesson(
    name="l1_vs_l2",
    title=QT_TRANSLATE_NOOP("Lesson", "L1 against L2: sparsity against shrinkage"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "Both penalties keep the weights small, in different ways. L1 pushes most weights to exactly "
        "zero and keeps a few large ones; L2 shrinks every weight a little and leaves almost none at zero. "
        "Watch the weight histograms in Inside the model."),
    data=_NOISY_BOARD,
    # Plain SGD: Adam rescales every step, which blurs the difference between the two penalties.
    base=ExperimentConfig(model="mlp", hidden_units=128, ngrams=2, optimizer="sgd", learning_rate=0.05,
                          momentum=0.9, batch_size=32, epochs=10),
    knob=("l1", "l2"),
    runs=(LessonRun("no_penalty", QT_TRANSLATE_NOOP("Lesson", "No penalty")),
          LessonRun("l1", QT_TRANSLATE_NOOP("Lesson", "L1"), {"l1": 1e-3}),
          LessonRun("l2", QT_TRANSLATE_NOOP("Lesson", "L2"), {"l2": 3e-3})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "Three copies of one network: no penalty, an L1 penalty and an L2 penalty on the weights. "
            "Most words on the notes (names, places, times) say nothing about the topic.")),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Without a penalty the weights keep the spread they started with: a wide histogram, "
            "{sparsity:.0%} of the weights near zero."), run="no_penalty", epoch=8),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "With L1 a spike grows at zero: {sparsity:.0%} of the weights are switched off, mostly "
            "those of words that do not help."), run="l1", epoch=8),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "With L2 the histogram narrows around zero, but only {sparsity:.0%} of the weights "
            "reach it: every weight is shrunk a little, none is switched off."), run="l2", epoch=8),
    ),
    probes=_BOARD_PROBES,
    verdict=_weights_verdict,
)

LEARNING_RATE = Lesson(
    name="learning_rate",
    title=QT_TRANSLATE_NOOP("Lesson", "Learning rate: too low, about right, too high"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "The learning rate is the size of the step the optimizer takes after each batch. Three runs "
        "differ only in it: tiny steps learn next to nothing, good steps learn fast, and huge steps overshoot "
        "further and further until the loss is no longer a number."),
    data=_BOARD,
    base=ExperimentConfig(model="cnn", hidden_units=32, embedding_dim=32, ngrams=1, optimizer="sgd",
                          momentum=0.9, batch_size=32, epochs=10, validation_fraction=0.25, test_fraction=0.25),
    knob=("learning_rate",),
    runs=(LessonRun("too_low", QT_TRANSLATE_NOOP("Lesson", "Too low"), {"learning_rate": 3e-3}),
          LessonRun("right", QT_TRANSLATE_NOOP("Lesson", "About right"), {"learning_rate": 0.3}),
          LessonRun("too_high", QT_TRANSLATE_NOOP("Lesson", "Too high"), {"learning_rate": 1.0})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "Three runs of one network that differ only in the learning rate. Watch the training "
            "loss: how fast does it fall, if at all?")),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Epoch {epoch} with tiny steps: training loss is still {loss:.3f}, about where it started. "
            "The network is learning, but far too slowly."), run="too_low", epoch=6),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Epoch {epoch} with a good learning rate: training loss is down to {loss:.3f} and "
            "validation accuracy is {val_accuracy:.0%}."), run="right", epoch=6),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "Now steps three times larger than the good ones. At first the network seems to learn, "
            "then each step overshoots the valley it should go down into, and the weights grow until the "
            "numbers overflow."), run="too_high"),
    ),
    probes=_BOARD_PROBES,
    verdict=_learning_rate_verdict,
)

EARLY_STOPPING = Lesson(
    name="early_stopping",
    title=QT_TRANSLATE_NOOP("Lesson", "Early stopping and the best epoch"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "The big network from the overfitting lesson, again without regularization, once trained to the "
        "end and once with early stopping: training stops when validation loss has not improved for 3 epochs, "
        "and the weights of the best epoch are kept."),
    data=_NOISY_BOARD,
    base=_BIG_NETWORK.replace(patience=3, restore_best_weights=True),
    knob=("early_stopping",),
    runs=(LessonRun("to_the_end", QT_TRANSLATE_NOOP("Lesson", "Trained to the end")),
          LessonRun("early_stopping", QT_TRANSLATE_NOOP("Lesson", "Early stopping"), {"early_stopping": True})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "Find the epoch where the dashed validation loss is lowest: the star marks it. Everything "
            "the network learns after it is memorization.")),
        Step("val_loss_rises", QT_TRANSLATE_NOOP(
            "Lesson", "Validation loss has not improved since epoch {since_epoch}. Trained to the end, the "
            "network goes on for all its epochs anyway, memorizing more wrongly filed notes."),
            run="to_the_end"),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "Now with early stopping: the same run, watched by a referee who ends it after 3 epochs "
            "without progress and rolls back to the best epoch."), run="early_stopping"),
    ),
    probes=_BOARD_PROBES,
    verdict=_early_stopping_verdict,
)

BATCH_SIZE = Lesson(
    name="batch_size",
    title=QT_TRANSLATE_NOOP("Lesson", "Batch size and noise"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "The weights are updated after each batch of texts. A small batch gives many quick updates per "
        "epoch, each judged on a few texts, so the loss jumps from one batch to the next; a large batch gives "
        "few, smooth and slow ones. Watch how much the loss of single batches jumps about."),
    data=_BOARD,
    base=ExperimentConfig(model="mlp", hidden_units=128, ngrams=2, learning_rate=3e-3, epochs=10,
                          validation_fraction=0.25, test_fraction=0.25),
    knob=("batch_size",),
    runs=(LessonRun("small", QT_TRANSLATE_NOOP("Lesson", "Small batches"), {"batch_size": 8}),
          LessonRun("medium", QT_TRANSLATE_NOOP("Lesson", "Medium batches"), {"batch_size": 50}),
          LessonRun("large", QT_TRANSLATE_NOOP("Lesson", "The whole training set at once"), {"batch_size": 400})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "Three runs that differ only in how many texts go into each update: 8, 50, or all 400 "
            "training texts at once.")),
        Step("epoch", QT_TRANSLATE_NOOP(
            "Lesson", "Small batches: 50 updates per epoch, so the network learns a lot in each epoch, but each "
            "update follows only 8 texts and the loss jumps from batch to batch."), run="small", epoch=2),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "One update per epoch, computed from every training text: the path is smooth, but learning "
            "takes many more epochs."), run="large"),
    ),
    probes=_BOARD_PROBES,
    verdict=_batch_size_verdict,
)

CLASS_IMBALANCE = Lesson(
    name="class_imbalance",
    title=QT_TRANSLATE_NOOP("Lesson", "A rare class, and class weights"),
    summary=QT_TRANSLATE_NOOP(
        "Lesson", "Messages to a building manager: repairs, payments and noise are common, emergencies are rare "
        "and look like repair requests. A model can score well overall while missing most emergencies. Class "
        "weights make each rare example count more. Compare the recall of each class in Results."),
    data=_REPAIRS,
    base=ExperimentConfig(model="bag_of_embeddings", ngrams=2, learning_rate=3e-3, batch_size=32, epochs=12,
                          validation_fraction=0.2, test_fraction=0.3),
    knob=("class_imbalance",),
    runs=(LessonRun("no_weights", QT_TRANSLATE_NOOP("Lesson", "No class weights")),
          LessonRun("class_weights", QT_TRANSLATE_NOOP("Lesson", "Class weights"),
                    {"class_imbalance": "class_weights"})),
    seeds=3,
    steps=(
        Step("start", QT_TRANSLATE_NOOP(
            "Lesson", "About one message in thirty is an emergency. Accuracy alone will hide how the model "
            "does on them: look at the recall of each class, the share of its messages the model finds.")),
        Step("run", QT_TRANSLATE_NOOP(
            "Lesson", "Now every emergency counts as much as all the messages of a common class together: a "
            "missed emergency costs the model far more than a missed repair."), run="class_weights"),
        Step("end", QT_TRANSLATE_NOOP(
            "Lesson", "Open Results for each run and compare the recall of the rare class.")),
    ),
    probes={
        "en": ("Water is coming through the kitchen ceiling, please send someone now.",
               "The bathroom light has stopped working."),
        "zh": ("厨房天花板在往下漏水，请马上派人来。", "卫生间的灯不亮了。"),
    },
    verdict=_imbalance_verdict,
)

LESSONS: dict[str, Lesson] = {lesson.name: lesson for lesson in (
    OVERFITTING, L1_VS_L2, LEARNING_RATE, EARLY_STOPPING, BATCH_SIZE, CLASS_IMBALANCE)}
