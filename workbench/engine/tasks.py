"""What the engine can be asked to do: one function per request type.

A task takes a ``Context`` and the request's fields, and returns plain data (the reply's result).
Long tasks train: they send ``core.events`` events through ``context.emit`` as they go, honour
``context.stop`` (set by a Stop naming their request), and are what the window shows as running.
A WorkbenchError becomes an error reply with its sentence. A new technique is a core function plus
one task here; the window asks for it with ``EngineLink.request(name, ...)``.

| request       | fields                                  | result                                               |
|---------------|-----------------------------------------|------------------------------------------------------|
| warm_up       | -                                       | {"seconds": TensorFlow's import time}                |
| prepare_data  | data (a DataRef)                        | {"rows"}                                             |
| train (long)  | config, data, split (or null), probes,  | a RunOutcome: {"run_id", "status", "message", "test"}|
|               | stream (the file from disk, not loaded) |                                                      |
| predict       | run_id, texts                           | {"run_id", "texts", "class_names", "probabilities"}  |
| importance    | run_id, text                            | {"run_id", "text", "tokens", "predicted"}            |
| misclassified | run_id                                  | {"run_id", "rows", "total"}                          |
| lr_find (long)| config, data                            | LrFinderResult.to_dict(); LrFinderStep events        |
| tune (long)   | config, data, budget_s, metric, space   | StudyResult.to_dict(); StudyStarted, each trial's    |
|               |                                         | run events, TrialFinished                            |
| prune (long)  | run_id, sparsity, fine_tune_epochs      | PruneResult.to_dict(); the fine-tuning's run events  |
| sparsity_curve (long) | run_id, fine_tune_epochs        | SparsityCurve.to_dict(); a StepFinished per point    |
| export (long) | run_id, folder, format, quantize, force | the export's to_dict(); a StepFinished per variant   |
| structure     | run_id, histograms                      | ModelStructure.to_dict(), and "weights" (histograms) |
| repeats (long)| config, data, repeats, split (or null), | {"runs": [RunResult.to_dict()], "groups":            |
|               | split_per_seed, probes, cluster         |  [SettingSummary.to_dict()]}; each run's events      |
| sweep (long)  | configs, names, data, repeats,          | as repeats, each run with "varied" and "seed";       |
|               | split_per_seed, probes, cluster         | each run's events                                    |
| cv (long)     | config, data, folds, cluster            | CrossValidation.to_dict(); each fold's run events    |

``cluster`` (null: this computer) is a Ray address: the runs are then trials on that cluster, several at
once, and their events arrive wrapped in TrialEvents (core.cluster).
| learning_curve (long) | config, data, sizes, repeats    | LearningCurve.to_dict(); each run's events           |
| augment_preview | config, data, n                       | {"pairs": [[original, augmented], ...]}              |
| lesson (long) | name, language, seeds, changes          | LessonResult.to_dict(); LessonRunStarted, each run's |
|               |                                         | events, LessonStep narration (the verdict last)      |
| pretrain (long) | config, path, text_column (or null)   | PretrainResult.to_dict() + "data"; its run's events  |
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.engine.protocol import DataRef, RunOutcome

KEPT_PREDICTORS = 4  # models kept loaded for Try-it and token importance, the newest first


@dataclass(frozen=True)
class Task:
    run: Callable[..., Any]
    long: bool  # trains (occupies Train/Stop in the window)


TASKS: dict[str, Task] = {}


def task(name: str, long: bool = False) -> Callable:
    def register(function: Callable) -> Callable:
        TASKS[name] = Task(function, long)
        return function

    return register


class Session:
    """What the engine keeps between requests: the store, the last dataset read, recent models."""

    def __init__(self) -> None:
        self._store = None
        self._dataset: tuple[DataRef, Any] | None = None
        self.predictors: dict[int, Any] = {}  # run id -> Predictor, newest first
        self.splits: dict[int, Any] = {}  # run id -> the Split it was trained on (this session's runs)

    @property
    def store(self):
        if self._store is None:
            from workbench.core.store import RunStore

            self._store = RunStore()  # WORKBENCH_HOME: the window's home, passed in the environment
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def dataset(self, ref: dict[str, Any]):
        """The dataset a DataRef names, read once per file and columns, and checked to be the same file."""
        from workbench.core.data import load_dataset

        ref = DataRef.from_dict(ref)
        if self._dataset is not None and self._dataset[0] == ref:
            return self._dataset[1]
        dataset = load_dataset(ref.path, ref.text_column, ref.label_column)
        if dataset.summary.fingerprint != ref.fingerprint:
            raise WorkbenchError(f"{dataset.summary.path.rsplit('/', 1)[-1]} has changed on disk since it was "
                                 "opened; open it again before training.")
        self._dataset = (ref, dataset)
        return dataset

    def predictor(self, run_id: int):
        """The run's model: kept from this session, else loaded from the store."""
        from workbench.core.training import load_predictor

        predictor = self.predictors.get(run_id)
        if predictor is None:
            record = self.store.get_run(run_id)
            if not record.model_path:
                raise WorkbenchError(f"Run {run_id} has no saved model (it failed, or is a lookup table); "
                                     "train it again to use it.")
            predictor = load_predictor(record.model_path)
            self.keep(run_id, predictor)
        return predictor

    def keep(self, run_id: int, predictor: Any, split: Any = None) -> None:
        self.predictors = {run_id: predictor, **{k: v for k, v in self.predictors.items() if k != run_id}}
        for old in list(self.predictors)[KEPT_PREDICTORS:]:
            del self.predictors[old]
        if split is not None:
            self.splits[run_id] = split
        self.splits = {k: v for k, v in self.splits.items() if k in self.predictors}


@dataclass
class Context:
    """One request's view of the engine."""

    session: Session
    emit: Callable[[Any], None]  # a core.events event, sent to the window
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def store(self):
        return self.session.store


# --- the tasks ---------------------------------------------------------------------------------


@task("warm_up")
def warm_up(context: Context) -> dict[str, Any]:
    started = time.perf_counter()
    import keras  # noqa: F401

    import workbench.core.training  # noqa: F401

    return {"seconds": time.perf_counter() - started}


@task("prepare_data")
def prepare_data(context: Context, data: dict[str, Any]) -> dict[str, Any]:
    return {"rows": context.session.dataset(data).summary.rows}


@task("train", long=True)
def train(context: Context, config: dict[str, Any], data: dict[str, Any], split: dict[str, Any] | None = None,
          probes: list[str] | None = None, stream: bool = False) -> RunOutcome:
    from workbench.core.config import ExperimentConfig
    from workbench.core.data import split_dataset
    from workbench.core.training import train as train_run

    config = ExperimentConfig.from_dict(config)
    if stream:  # a file larger than memory, through tf.data (core.streaming); never read whole here
        from workbench.core.streaming import train_streaming

        ref = DataRef.from_dict(data)
        result = train_streaming(config, ref.path, ref.text_column, ref.label_column, listener=context.emit,
                                 stop=context.stop, store=context.store, probes=probes or [])
        return RunOutcome(result.run_id, result.status, result.message, result.test)
    split = split or {"validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction,
                      "seed": config.seed}
    rows = split_dataset(context.session.dataset(data), split["validation_fraction"], split["test_fraction"],
                         split["seed"])
    result = train_run(config, rows, listener=context.emit, stop=context.stop, store=context.store,
                       probes=probes or [])
    if result.run_id is not None and result.predictor is not None:
        context.session.keep(result.run_id, result.predictor, rows)
    return RunOutcome(result.run_id, result.status, result.message, result.test)


@task("predict")
def predict(context: Context, run_id: int, texts: list[str]) -> dict[str, Any]:
    predictor = context.session.predictor(int(run_id))
    texts = [str(text) for text in texts]
    return {"run_id": int(run_id), "texts": texts, "class_names": list(predictor.class_names),
            "probabilities": predictor.predict(texts).tolist()}


@task("importance")
def importance(context: Context, run_id: int, text: str) -> dict[str, Any]:
    from workbench.core.diagnostics import token_importance

    predictor = context.session.predictor(int(run_id))
    probabilities = predictor.predict([text])[0]
    return {"run_id": int(run_id), "text": text, "tokens": [list(pair) for pair in token_importance(predictor, text)],
            "predicted": predictor.class_names[int(probabilities.argmax())]}


@task("misclassified")
def misclassified(context: Context, run_id: int) -> dict[str, Any]:
    from workbench.core.diagnostics import misclassified as misclassified_rows
    from workbench.core.reopen import run_split

    run_id = int(run_id)
    predictor = context.session.predictor(run_id)
    split = context.session.splits.get(run_id) or run_split(context.store.get_run(run_id))
    texts = split.test.text.tolist()
    rows = misclassified_rows(texts, split.encode(split.test), predictor.predict(texts), predictor.class_names)
    return {"run_id": run_id, "rows": rows, "total": len(texts)}


@task("lr_find", long=True)
def lr_find(context: Context, config: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    from workbench.core.config import ExperimentConfig
    from workbench.core.lr_finder import find_learning_rate

    return find_learning_rate(ExperimentConfig.from_dict(config), context.session.dataset(data),
                              listener=context.emit, stop=context.stop).to_dict()


@task("tune", long=True)
def tune(context: Context, config: dict[str, Any], data: dict[str, Any], budget_s: float,
         metric: str = "val_accuracy", space: dict[str, Any] | None = None) -> dict[str, Any]:
    from workbench.core.config import ExperimentConfig
    from workbench.core.search_space import space_from_dict
    from workbench.core.tune import tune as run_study

    base = ExperimentConfig.from_dict(config)
    return run_study(base, context.session.dataset(data), budget_s, metric,
                     space_from_dict(space, base) if space else None, listener=context.emit, stop=context.stop,
                     store=context.store).to_dict()


@task("prune", long=True)
def prune(context: Context, run_id: int, sparsity: float, fine_tune_epochs: int = 0) -> dict[str, Any]:
    from workbench.core.prune import prune as prune_run

    return prune_run(context.store, int(run_id), float(sparsity), int(fine_tune_epochs), listener=context.emit,
                     stop=context.stop).to_dict()


@task("sparsity_curve", long=True)
def sparsity_curve(context: Context, run_id: int, fine_tune_epochs: int = 0) -> dict[str, Any]:
    from workbench.core.prune import sparsity_curve as curve

    return curve(context.store, int(run_id), fine_tune_epochs=int(fine_tune_epochs), listener=context.emit,
                 stop=context.stop).to_dict()


@task("export", long=True)
def export(context: Context, run_id: int, folder: str, format: str = "bundle", quantize: list[str] | None = None,
           force: bool = False) -> dict[str, Any]:
    """format: "bundle" (model, vocabulary, predict.py, train.py), "tflite" (that plus one .tflite file per
    quantize mode, measured) or "tensorboard" (event files)."""
    if format == "tflite":
        from workbench.core.tflite import MODES, export_tflite

        return export_tflite(context.store, int(run_id), folder, tuple(quantize or MODES), force=force,
                             listener=context.emit, stop=context.stop).to_dict()
    if format == "tensorboard":
        from workbench.core.tensorboard_export import export_tensorboard

        return export_tensorboard(context.store, [int(run_id)], folder, force=force).to_dict()
    from workbench.core.bundle import export_bundle

    return export_bundle(context.store, int(run_id), folder, force=force).to_dict()


@task("structure")
def structure(context: Context, run_id: int, histograms: bool = False) -> dict[str, Any]:
    """histograms: also each weight matrix's histogram ("weights": {path: LayerWeights as a dict}), as
    *Inside the model* draws them, so that picking a layer in the window needs no second request."""
    from workbench.core.structure import model_structure, stored_model

    model = stored_model(context.store, int(run_id))
    result = model_structure(model, int(run_id)).to_dict()
    if histograms:
        from workbench.core.diagnostics import weight_stats

        result["weights"] = {path: asdict(stats) for path, stats in weight_stats(model).items()}
    return result


@task("repeats", long=True)
def repeats(context: Context, config: dict[str, Any], data: dict[str, Any], repeats: int,
            split: dict[str, Any] | None = None, split_per_seed: bool = False,
            probes: list[str] | None = None, cluster: str | None = None) -> dict[str, Any]:
    """One setting over several seeds (``split``: the fractions and seed a sweep's runs share)."""
    from workbench.core.config import ExperimentConfig
    from workbench.core.data import split_dataset
    from workbench.core.repeats import run_repeats, summarize_settings

    config = ExperimentConfig.from_dict(config)
    rows = context.session.dataset(data)
    if split is not None:
        rows = split_dataset(rows, split["validation_fraction"], split["test_fraction"], split["seed"])
    results = run_repeats(config, rows, int(repeats), split_per_seed=split_per_seed, listener=context.emit,
                          stop=context.stop, store=context.store, probes=probes or [], cluster=cluster)
    return {"runs": [r.to_dict() for r in results], "groups": [s.to_dict() for s in summarize_settings(results)]}


@task("sweep", long=True)
def sweep(context: Context, configs: list[dict[str, Any]], names: list[str], data: dict[str, Any],
          repeats: int = 1, split_per_seed: bool = False, probes: list[str] | None = None,
          cluster: str | None = None) -> dict[str, Any]:
    """A sweep's settings (``configs``, differing only in ``names``) each over ``repeats`` seeds, with the
    verdicts of `workbench sweep --repeats`: the window's sweep queue trains single runs, this compares."""
    from workbench.core.config import ExperimentConfig
    from workbench.core.repeats import summarize_settings
    from workbench.core.sweep import run_sweep

    configs = [ExperimentConfig.from_dict(c) for c in configs]
    vary = []
    for name in names:
        values: list = []
        for config in configs:
            if getattr(config, name) not in values:
                values.append(getattr(config, name))
        vary.append((name, values))
    results = run_sweep(configs[0], vary, context.session.dataset(data), listener=context.emit, stop=context.stop,
                        store=context.store, probes=probes or [], repeats=int(repeats), split_per_seed=split_per_seed,
                        cluster=cluster)
    runs = [{**r.to_dict(), "varied": {name: getattr(r.config, name) for name in names}, "seed": r.config.seed}
            for r in results]
    return {"runs": runs, "groups": [s.to_dict() for s in summarize_settings(results, names)]}


@task("cv", long=True)
def cv(context: Context, config: dict[str, Any], data: dict[str, Any], folds: int = 5,
       cluster: str | None = None) -> dict[str, Any]:
    from workbench.core.config import ExperimentConfig
    from workbench.core.crossval import cross_validate

    return cross_validate(ExperimentConfig.from_dict(config), context.session.dataset(data), int(folds),
                          listener=context.emit, stop=context.stop, store=context.store, cluster=cluster).to_dict()


@task("learning_curve", long=True)
def learning_curve(context: Context, config: dict[str, Any], data: dict[str, Any],
                   sizes: list[float] | None = None, repeats: int = 3) -> dict[str, Any]:
    from workbench.core.config import ExperimentConfig
    from workbench.core.learning_curve import DEFAULT_SIZES
    from workbench.core.learning_curve import learning_curve as curve

    return curve(ExperimentConfig.from_dict(config), context.session.dataset(data), sizes or DEFAULT_SIZES,
                 int(repeats), listener=context.emit, stop=context.stop, store=context.store).to_dict()


@task("augment_preview")
def augment_preview(context: Context, config: dict[str, Any], data: dict[str, Any], n: int = 5) -> dict[str, Any]:
    from workbench.core.augment import preview_augmentation
    from workbench.core.config import ExperimentConfig

    texts = context.session.dataset(data).texts
    return {"pairs": [list(pair) for pair in preview_augmentation(ExperimentConfig.from_dict(config), texts, int(n))]}


@task("lesson", long=True)
def lesson(context: Context, name: str, language: str = "en", seeds: int | None = None,
           changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A bundled lesson on its own data (core.lessons); ``changes`` alter every run (fewer epochs for a quick try)."""
    from workbench.core.lessons import run_lesson

    return run_lesson(name, language, seeds=None if seeds is None else int(seeds), listener=context.emit,
                      stop=context.stop, store=context.store, changes=changes).to_dict()


@task("pretrain", long=True)
def pretrain(context: Context, config: dict[str, Any], path: str, text_column: str | None = None) -> dict[str, Any]:
    """Pretrain on a file's texts (the loaded file's text column, or any text file; labels are ignored):
    a stored run of kind "pretrain" that a classifier can start from (``init_from``)."""
    from workbench.core.config import ExperimentConfig
    from workbench.core.data import load_texts
    from workbench.core.pretrain import check_config
    from workbench.core.pretrain import pretrain as pretrain_run

    config = ExperimentConfig.from_dict(config)
    check_config(config)  # before the file is read: a wrong model is said at once
    corpus = load_texts(path, text_column or None)
    result = pretrain_run(config, corpus, listener=context.emit, stop=context.stop, store=context.store)
    return {**result.to_dict(), "data": corpus.to_dict()}
