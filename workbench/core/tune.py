"""A budgeted search for good settings: Optuna's TPE sampler, hopeless trials pruned, every trial a stored run.

Each trial trains with ``train()`` on the same split (the seed and fractions cannot be searched)
and is scored on the validation rows, so the test rows stay unseen by the search and the best
trial's test score is an honest estimate. Trial 1 is the starting settings themselves, so the
search starts from what the user had and can only beat it.

Pruning: after each epoch the trial reports its validation accuracy (or, for macro-F1 and recall,
which the epochs do not report, minus its validation loss). From the third epoch on, once three
trials have completed, a trial below the median of the completed ones at that epoch is stopped
through its own stop Event (Optuna's MedianPruner). The budget is wall time: the trial in
flight when it runs out is stopped, and the best completed trial so far is the answer.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.config import ExperimentConfig
from workbench.core.data import Dataset, Split, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import EpochEnd, Listener, StudyStarted, TrialFinished
from workbench.core.metrics import classification_scores
from workbench.core.search_space import (
    Space,
    check_space,
    default_space,
    sample,
    starting_point,
)
from workbench.core.training import RunResult, train

STARTUP_TRIALS = 5  # trials drawn at random (after the starting one) before TPE models the results
PRUNE_AFTER_TRIALS = 3  # completed trials the pruner needs before it compares
PRUNE_FROM_EPOCH = 3  # earlier epochs are too noisy to judge a trial by
IMPORTANCE_TRIALS = 6  # completed trials needed before importances mean anything
INVALID_IN_A_ROW = 10  # trials in a row whose drawn settings do not fit together: the space is at fault


@dataclass(frozen=True)
class Metric:
    """What a study maximizes, measured on the validation rows: val_accuracy, macro_f1 or recall:CLASS."""

    name: str
    class_name: str | None = None  # for recall

    @classmethod
    def parse(cls, text: str) -> Metric:
        text = text.strip()
        if text in ("val_accuracy", "macro_f1"):
            return cls(text)
        kind, sep, class_name = text.partition(":")
        if kind == "recall" and sep and class_name.strip():
            return cls(text, class_name.strip())
        raise ConfigError(f"The metric must be val_accuracy, macro_f1 or recall:CLASS (e.g. recall:spam), "
                          f"not {text!r}.")

    def check(self, class_names: list[str]) -> None:
        if self.class_name is not None and self.class_name not in class_names:
            raise ConfigError(f"The metric {self.name} names no class of this data; its classes are "
                              f"{', '.join(class_names)}.")

    def value(self, scores: dict[str, Any]) -> float:
        """The metric from ``classification_scores`` of the validation rows."""
        if self.class_name is not None:
            return scores["per_class"][self.class_name]["recall"]
        return scores["accuracy" if self.name == "val_accuracy" else "macro_f1"]

    def epoch_value(self, metrics: dict[str, float]) -> float:
        """What the pruner compares after each epoch: the metric itself, or the closest thing epochs report."""
        return metrics["val_accuracy"] if self.name == "val_accuracy" else -metrics["val_loss"]


@dataclass
class StudyResult:
    status: str  # completed (the budget was spent) or stopped
    message: str
    metric: str
    budget_s: float
    elapsed_s: float = 0.0
    group_id: int | None = None
    trials: list[dict[str, Any]] = field(default_factory=list)
    best: dict[str, Any] | None = None  # trial, run_id, config, value, val_accuracy, test
    importances: dict[str, float] = field(default_factory=dict)
    space: dict[str, dict[str, Any]] = field(default_factory=dict)
    base_config: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench tune --json` (and of the study group's info in the run store)."""
        return {"best": self.best, "trials": self.trials, "importances": self.importances, "metric": self.metric,
                "status": self.status, "message": self.message, "budget_s": self.budget_s,
                "elapsed_s": self.elapsed_s, "group_id": self.group_id, "space": self.space,
                "base_config": self.base_config}

    def best_so_far(self) -> dict[str, Any] | None:
        """The best completed trial in brief, as TrialFinished carries it."""
        if self.best is None:
            return None
        return {"number": self.best["trial"], "run_id": self.best["run_id"], "value": self.best["value"],
                "params": self.trials[self.best["trial"] - 1]["params"]}


def tune(
    config: ExperimentConfig,
    data: Dataset | Split,
    budget_s: float,
    metric: str = "val_accuracy",
    space: Space | None = None,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    store=None,
) -> StudyResult:
    """Search ``space`` (default: core.search_space.default_space) around ``config`` for ``budget_s`` seconds.

    ``listener`` gets StudyStarted, every trial's train events, and a TrialFinished after each
    trial (with the best so far and the importances). ``stop`` ends the study; the trial in flight
    is kept as stopped. With a ``store``, the study is a group of kind "study" whose info holds the
    trials so far, and every trial is a run in it.
    """
    config.validate()
    if not (isinstance(budget_s, (int, float)) and math.isfinite(budget_s) and budget_s > 0):
        raise ConfigError("The budget must be more than 0 minutes, e.g. --budget-minutes 10.")
    target = Metric.parse(metric)
    space = default_space(config) if space is None else space
    check_space(space, config)
    split = data if isinstance(data, Split) else split_dataset(
        data, config.validation_fraction, config.test_fraction, config.seed)
    target.check(split.class_names)
    listener = listener or (lambda event: None)
    stop = stop or threading.Event()

    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)  # Optuna logs each trial on stderr by default
    study = optuna.create_study(
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=config.seed, n_startup_trials=1 + STARTUP_TRIALS),
        # n_warmup_steps: Optuna prunes at the steps (epochs) from this one on
        pruner=optuna.pruners.MedianPruner(n_startup_trials=PRUNE_AFTER_TRIALS, n_warmup_steps=PRUNE_FROM_EPOCH))
    study.enqueue_trial(starting_point(space, config))
    result = StudyResult("running", "", target.name, float(budget_s), base_config=config.to_dict(),
                         space={name: dimension.to_dict() for name, dimension in space.items()})
    if store is not None:
        source = Path(data.summary.path).name if isinstance(data, Dataset) else "a split"
        result.group_id = store.create_group("study", f"Study on {source} · {target.name}", result.to_dict())
    listener(StudyStarted(result.group_id, target.name, float(budget_s), result.space, config.to_dict()))

    import keras  # noqa: F401  (loaded before the clock starts: the budget is for trials)

    started = time.monotonic()
    deadline = started + budget_s
    shortest: float | None = None  # the quickest completed trial: none is started with less time left
    invalid = 0
    end = f"The budget of {budget_s / 60:g} minute(s) was spent."
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0 or (shortest is not None and left < shortest):
            break
        number = len(result.trials) + 1
        trial = study.ask()
        try:
            trial_config, drawn = sample(trial, space, config)
            if number == 1:  # exactly the starting settings; the sampler sees them moved inside the space
                trial_config, drawn = config, {name: getattr(config, name) for name in drawn}
            trial_config.validate()
        except ConfigError as exc:
            invalid += 1
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            record, best = _record(number, None, "invalid", trial.params, None, None, 0, 0.0, str(exc)), None
        else:
            invalid = 0
            record, best = _run_trial(number, trial, trial_config, drawn, data, target, deadline, listener, stop,
                                      store, result.group_id, study)
        result.trials.append(record)
        result.elapsed_s = round(time.monotonic() - started, 3)
        if record["state"] == "completed":
            shortest = record["seconds"] if shortest is None else min(shortest, record["seconds"])
            if result.best is None or record["value"] > result.best["value"]:
                result.best = best
            if sum(t["state"] == "completed" for t in result.trials) >= IMPORTANCE_TRIALS:
                result.importances = _importances(study)
        if store is not None:
            store.update_group(result.group_id, result.to_dict())
        listener(TrialFinished(number, record["run_id"], record["state"], record["params"], record["value"],
                               record["val_accuracy"], record["epochs"], record["seconds"], result.elapsed_s,
                               record["message"], result.best_so_far(), dict(result.importances)))
        if invalid >= INVALID_IN_A_ROW:
            end = (f"Ended after {invalid} trials in a row drew settings that do not fit together "
                   f"({record['message']}); narrow the search space.")
            break

    result.status = "stopped" if stop.is_set() else "completed"
    end = "Stopped by request." if stop.is_set() else end
    states = [t["state"] for t in result.trials]
    completed, pruned = states.count("completed"), states.count("pruned")
    result.message = (f"{end} {len(states)} trial(s): {completed} completed, {pruned} pruned, "
                      f"{len(states) - completed - pruned} other.")
    result.elapsed_s = round(time.monotonic() - started, 3)
    if store is not None:
        store.update_group(result.group_id, result.to_dict())
    return result


def _run_trial(number: int, trial, config: ExperimentConfig, drawn: dict[str, Any], data, target: Metric,
               deadline: float, listener: Listener, stop: threading.Event, store, group_id: int | None,
               study) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Train one trial, tell Optuna how it went; return its record, and its summary as a best trial if it
    completed."""
    from optuna.trial import TrialState

    trial_stop = threading.Event()
    reason = _Reason()

    def trial_listener(event) -> None:
        listener(event)
        if not trial_stop.is_set():
            if stop.is_set():
                reason.stop(trial_stop, "Stopped with the study.")
            elif time.monotonic() >= deadline:
                reason.stop(trial_stop, "Stopped: the study's time budget ran out.")
            elif isinstance(event, EpochEnd):
                trial.report(target.epoch_value(event.metrics), event.epoch)
                if trial.should_prune():
                    reason.stop(trial_stop, f"Pruned after epoch {event.epoch}: below the median of the "
                                            f"completed trials at that epoch.", pruned=True)

    run_store = None if store is None else _ReasonStore(store, reason)
    run = train(config, data, listener=trial_listener, stop=trial_stop, store=run_store, group_id=group_id)
    value = val_accuracy = None
    if run.history:
        val_accuracy = run.history[-1].get("val_accuracy")
    if run.status == "completed":
        scores = validation_scores(run)
        value, val_accuracy = target.value(scores), scores["accuracy"]
        state, message = "completed", run.message
        study.tell(trial, value)
    elif run.status == "stopped" and reason.pruned:
        state, message = "pruned", reason.text
        study.tell(trial, state=TrialState.PRUNED)
    elif run.status == "diverged":  # as bad as a trial can be: TPE learns from it like from a pruned one
        state, message = "diverged", run.message
        study.tell(trial, state=TrialState.PRUNED)
    else:
        state, message = run.status, reason.text or run.message
        study.tell(trial, state=TrialState.FAIL)
    record = _record(number, run.run_id, state, drawn, value, val_accuracy, len(run.history),
                     run.timing.get("total_s", 0.0), message)
    if state != "completed":
        return record, None
    test = None if run.test is None else {"accuracy": run.test["accuracy"], "macro_f1": run.test["macro_f1"]}
    return record, {"trial": number, "run_id": run.run_id, "config": config.to_dict(), "value": value,
                    "val_accuracy": val_accuracy, "test": test}


def validation_scores(run: RunResult) -> dict[str, Any]:
    """classification_scores of a trained run's final model on its validation rows."""
    validation = run.split.validation
    return classification_scores(run.split.encode(validation), run.predict(validation.text.tolist()),
                                 run.class_names)


class _Reason:
    """Why the study stopped a trial, for its record and its stored message."""

    def __init__(self) -> None:
        self.text, self.pruned = "", False

    def stop(self, event: threading.Event, text: str, pruned: bool = False) -> None:
        self.text, self.pruned = text, pruned
        event.set()


class _ReasonStore:
    """The run store, but a run the study stopped is stored with the study's reason as its message."""

    def __init__(self, store, reason: _Reason) -> None:
        self._store, self._reason = store, reason

    def finish_run(self, run_id: int, status: str, results, message: str = "", **options: Any) -> None:
        if status == "stopped" and self._reason.text:
            message = self._reason.text
        self._store.finish_run(run_id, status, results, message, **options)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._store, attribute)


def _record(number: int, run_id: int | None, state: str, params: dict[str, Any], value: float | None,
            val_accuracy: float | None, epochs: int, seconds: float, message: str) -> dict[str, Any]:
    return {"number": number, "run_id": run_id, "state": state, "params": dict(params), "value": value,
            "val_accuracy": val_accuracy, "epochs": epochs, "seconds": seconds, "message": message}


def _importances(study) -> dict[str, float]:
    """Optuna's importances (PED-ANOVA): how much each setting decides whether a trial is among the best."""
    import optuna

    evaluator = optuna.importance.PedAnovaImportanceEvaluator(target_quantile=0.25)  # the best quarter
    with warnings.catch_warnings():  # "too few trials" and the like: the numbers are still the best guess
        warnings.simplefilter("ignore")
        return {name: round(float(value), 4)
                for name, value in optuna.importance.get_param_importances(study, evaluator=evaluator).items()}
