"""Trustworthy comparisons in the window: repeats over seeds, cross-validation, learning curves, and a
preview of data augmentation.

* "Seeds" next to Train: at 2 or more, Train and Sweep train every setting once per seed (the engine's
  repeats and sweep tasks) and the Seeds tab shows mean ± sd and whether settings differ by more than
  the noise;
* Run > Cross-validate… (task cv) and Run > Learning curve… (task learning_curve), each with its tab;
* "Preview augmented texts" in the form's Augmentation group opens a tab of texts next to an augmented
  copy, refreshed (debounced) when a setting that changes the copies changes.

The tabs appear the first time they are used. Views are in trust_views.py.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cached_property
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import PARAMS, ExperimentConfig
from workbench.core.errors import ConfigError
from workbench.core.events import RunFinished
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.run_on import RunOnChoice
from workbench.gui.trust_views import AugmentPreview, FoldsView, LearningCurveView, SeedsView

# core.crossval, core.learning_curve and core.repeats load pandas: imported when used, not at start-up.
MAX_SEEDS = 20  # the window's limit (the core takes up to 100): more is a job for `workbench sweep --repeats`
PREVIEW_DELAY_MS = 400  # settings typed in quick succession make one preview request
PREVIEW_EXAMPLES = 5
# What a copy depends on: the augmentation settings, the cleaning and tokenizing of the text, the seed.
PREVIEW_SETTINGS = tuple(p.name for p in PARAMS if p.group in ("augmentation", "text")) + ("seed",)


def install(window) -> TrustFeature:
    return TrustFeature(window)


class TrustFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.augment_view = AugmentPreview()
        self._task: str | None = None  # the kind of our task in flight
        self._runs_done = 0
        self._runs_total = 0
        self._preview_asked: dict[str, Any] | None = None  # the request in flight
        self._preview_shown: dict[str, Any] | None = None  # what the preview shows
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)

        self.seeds_spin = QSpinBox(objectName="repeatSeedsSpin")
        self.seeds_spin.setRange(1, MAX_SEEDS)
        self.seeds_spin.setToolTip(self.tr(
            "Train each run, and each setting of a sweep, once per seed (the seed in the form, then the next "
            "ones). With 2 or more, the Seeds tab shows mean ± sd and whether two settings differ by more than "
            "the noise."))
        seeds_label = QLabel(self.tr("Seeds"), objectName="repeatSeedsLabel")
        seeds_label.setBuddy(self.seeds_spin)
        seeds_label.setContentsMargins(8, 0, 4, 0)
        self._add_to_toolbar([seeds_label, self.seeds_spin])

        self.cv_action = QAction(self.tr("Cross-&validate…"), self, objectName="crossValidateAction")
        self.cv_action.setToolTip(self.tr("Train one model per fold, each scored on the texts it held out."))
        self.cv_action.triggered.connect(self.ask_cross_validation)
        self.curve_action = QAction(self.tr("&Learning curve…"), self, objectName="learningCurveAction")
        self.curve_action.setToolTip(self.tr("Accuracy against the number of training texts: would more data help?"))
        self.curve_action.triggered.connect(self.ask_learning_curve)
        window.run_menu.addAction(self.cv_action)
        window.run_menu.addAction(self.curve_action)

        self.preview_button = QPushButton(self.tr("Preview augmented texts"), objectName="augmentPreviewButton")
        self.preview_button.setToolTip(self.tr("Show a few training texts next to an augmented copy."))
        self.preview_button.clicked.connect(self.show_preview)
        box = window.config_form.group_boxes.get("augmentation")
        if box is not None:
            box.layout().addWidget(self.preview_button)

        window.training_hook = self.train_over_seeds
        window.engine.event.connect(self._on_event)
        window.engine.task_finished.connect(self._on_task_finished)
        window.config_form.config_changed.connect(self._settings_changed)
        window.data_panel.dataset_changed.connect(self._settings_changed)
        self.augment_view.shown.connect(self._settings_changed)

    # The result views are made when first used: each holds a plot, and the window's first paint
    # should not wait for plots of tabs that most sessions never open.
    @cached_property
    def seeds_view(self) -> SeedsView:
        view = SeedsView()
        view.runs_requested.connect(self.window.runs_panel.select_runs)
        return view

    @cached_property
    def folds_view(self) -> FoldsView:
        view = FoldsView()
        view.runs_requested.connect(self.window.runs_panel.select_runs)
        return view

    @cached_property
    def curve_view(self) -> LearningCurveView:
        return LearningCurveView()

    def _add_to_toolbar(self, widgets: list[QWidget]) -> None:
        """Right after Train and Stop."""
        bar = self.window.findChild(QToolBar, "trainingToolbar")
        actions = bar.actions()
        stop = next(i for i, a in enumerate(actions) if bar.widgetForAction(a) is self.window.stop_button)
        before = actions[stop + 1] if stop + 1 < len(actions) else None
        for widget in widgets:
            if before is None:
                bar.addWidget(widget)
            else:
                bar.insertWidget(before, widget)

    # --- tasks that train ---------------------------------------------------------------

    def _ready(self) -> tuple[ExperimentConfig, dict[str, Any]] | None:
        """The form's settings and the dataset, or None (with a status message saying what is missing)."""
        status = self.window.statusBar()
        if self.window.data_ref() is None:
            status.showMessage(self.tr("Open a dataset first."), 6000)
            return None
        try:
            config = self.window.config_form.config()
        except ConfigError as exc:
            status.showMessage(self.tr("Fix the settings first: {problem}").format(problem=exc), 8000)
            return None
        if self.window.engine.running:
            status.showMessage(self.tr("Wait for the run in progress to end, or stop it first."), 6000)
            return None
        return config, asdict(self.window.data_ref())

    def _start(self, kind: str, view, title: str, runs: int, description: str, on_reply, **fields) -> bool:
        if not self.window.start_task(kind, description, on_reply, **fields):
            return False
        self._task, self._runs_done, self._runs_total = kind, 0, runs
        view.start(runs)
        self.window.show_bottom_tab(view, title)
        return True

    def train_over_seeds(self, configs: list[ExperimentConfig], names: list[str],
                         cluster: str | None = None) -> bool | None:
        """The window's training hook: with Seeds at 2 or more, Train and Sweep repeat every setting;
        on a cluster (a Ray address), the runs train there as trials, whatever the seeds."""
        seeds = self.seeds_spin.value()
        if seeds < 2 and cluster is None:
            return None
        ready = self._ready()
        if ready is None:
            return False
        try:
            probes = self.window.probes_panel.probes()
        except ConfigError as exc:
            self.window.statusBar().showMessage(self.tr("Fix the probe sentences first: {problem}").format(
                problem=exc), 8000)
            return False
        data = ready[1]
        runs = len(configs) * seeds
        title = self.tr("Seeds")
        if len(configs) == 1:
            description = self.tr("Training {seeds} seeds of one setting…").format(seeds=seeds)
            return self._start("repeats", self.seeds_view, title, runs, description, self.seeds_view.show_result,
                               config=configs[0].to_dict(), data=data, repeats=seeds, split=None,
                               split_per_seed=False, probes=probes, cluster=cluster)
        description = self.tr("Sweep of {settings} settings × {seeds} seeds: {runs} runs…").format(
            settings=len(configs), seeds=seeds, runs=runs)
        return self._start("sweep", self.seeds_view, title, runs, description, self.seeds_view.show_result,
                           configs=[c.to_dict() for c in configs], names=list(names), data=data, repeats=seeds,
                           split_per_seed=False, probes=probes, cluster=cluster)

    def ask_cross_validation(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        dialog = CrossValidationDialog(self.window, self.window.settings)
        if dialog.exec():
            self.cross_validate(dialog.folds.value(), dialog.run_on.cluster())

    def cross_validate(self, folds: int, cluster: str | None = None) -> bool:
        ready = self._ready()
        if ready is None:
            return False
        config, data = ready
        return self._start("cv", self.folds_view, self.tr("Cross-validation"), folds,
                           self.tr("{folds}-fold cross-validation…").format(folds=folds), self._on_folds,
                           config=config.to_dict(), data=data, folds=folds, cluster=cluster)

    def _on_folds(self, result: dict[str, Any]) -> None:
        self.folds_view.show_result(result)
        if self.folds_view.run_ids:
            self.window.runs_panel.select_runs(self.folds_view.run_ids)

    def ask_learning_curve(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        dialog = LearningCurveDialog(self.window)
        if dialog.exec():
            self.learning_curve(dialog.sizes(), dialog.seeds.value())

    def learning_curve(self, sizes: list[float], seeds: int) -> bool:
        ready = self._ready()
        if ready is None:
            return False
        config, data = ready
        return self._start("learning_curve", self.curve_view, self.tr("Learning curve"), len(sizes) * seeds,
                           self.tr("Learning curve: {sizes} sizes × {seeds} seeds…").format(
                               sizes=len(sizes), seeds=seeds), self.curve_view.show_result,
                           config=config.to_dict(), data=data, sizes=sizes, repeats=seeds)

    def _view(self, kind: str) -> Any:
        """The view that shows a task of this kind (repeats and sweeps: the seeds view)."""
        if kind == "cv":
            return self.folds_view
        return self.curve_view if kind == "learning_curve" else self.seeds_view

    def _on_event(self, event: Any) -> None:
        if self._task is not None and isinstance(event, RunFinished):
            self._runs_done += 1
            self._view(self._task).progress(self._runs_done, self._runs_total)

    def _on_task_finished(self, kind: str, result: Any, error: str) -> None:
        if kind != self._task:
            return
        self._task = None
        if result is None:
            self._view(kind).failed(error)

    # --- augmentation preview ---------------------------------------------------------------

    def show_preview(self) -> None:
        self.window.show_bottom_tab(self.augment_view, self.tr("Augmentation"))
        self.refresh_preview()

    def _settings_changed(self, *_: Any) -> None:
        if self.augment_view.isVisible():
            self._preview_timer.start()

    def _preview_request(self) -> dict[str, Any] | None:
        """The fields of the request the preview needs now (None, with a message, when it cannot have one)."""
        data = self.window.data_ref()
        if data is None:
            self.augment_view.show_message(self.tr("Open a dataset to see augmented copies of its texts."))
            return None
        try:
            config = self.window.config_form.config()
        except ConfigError as exc:
            self.augment_view.show_message(self.tr("Fix the settings first: {problem}").format(problem=exc))
            return None
        return {"config": config.to_dict(), "data": asdict(data), "n": PREVIEW_EXAMPLES}

    def refresh_preview(self) -> None:
        """Ask the engine for a new preview, unless it shows (or is fetching) these settings' already;
        one request at a time, the latest settings asked for when it answers."""
        request = self._preview_request()
        if request is None or _preview_key(request) in (_preview_key(self._preview_shown),
                                                        _preview_key(self._preview_asked)):
            return
        if self._preview_asked is not None:
            return  # _on_preview asks again
        self._preview_asked = request
        if self.window.engine.running:
            self.augment_view.show_message(self.tr("The preview appears when the run in progress ends."))
        self.window.engine.request("augment_preview", self._on_preview, self._on_preview_failed, **request)

    def _on_preview(self, result: dict[str, Any]) -> None:
        request, self._preview_asked = self._preview_asked, None
        self._preview_shown = request
        self.augment_view.show_pairs(result["pairs"], request["config"]["augment_copies"])
        self.refresh_preview()  # the settings may have changed meanwhile

    def _on_preview_failed(self, message: str) -> None:
        self._preview_asked, self._preview_shown = None, None
        self.augment_view.show_message(self.tr("No preview: {problem}").format(problem=message))


def _preview_key(request: dict[str, Any] | None) -> tuple | None:
    if request is None:
        return None
    config = request["config"]
    return (repr([config[name] for name in PREVIEW_SETTINGS]), request["data"]["path"],
            request["data"]["fingerprint"], request["data"]["text_column"])


class CrossValidationDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setObjectName("crossValidationDialog")
        self.setWindowTitle(self.tr("Cross-validate"))
        from workbench.core.crossval import MAX_FOLDS

        self.folds = QSpinBox(objectName="foldsSpin")
        self.folds.setRange(2, MAX_FOLDS)
        self.folds.setValue(5)
        hint = QLabel(self.tr("The rows are dealt into folds, each class in its share. One model per fold trains "
                              "on the other folds, with the settings in the form, and is scored on the fold: "
                              "every text is held out once. The test fraction is not used."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Folds"), self.folds)
        self.run_on = RunOnChoice(settings, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.run_on.changed.connect(lambda: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.run_on.problem() is None))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        form.addRow(self.tr("Run on"), self.run_on)
        layout.addLayout(form)
        layout.addWidget(buttons)


class LearningCurveDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("learningCurveDialog")
        self.setWindowTitle(self.tr("Learning curve"))
        from workbench.core.learning_curve import DEFAULT_SIZES

        self.sizes_edit = QLineEdit(", ".join(f"{s:g}" for s in DEFAULT_SIZES), objectName="curveSizesEdit")
        self.sizes_edit.setToolTip(self.tr("Shares of the training texts, above 0 and at most 1, separated by "
                                           "commas; each smaller set is part of the larger ones."))
        self.seeds = QSpinBox(objectName="curveSeedsSpin")
        self.seeds.setRange(1, MAX_SEEDS)
        self.seeds.setValue(3)
        self.summary = QLabel(objectName="curveSummary")
        self.summary.setWordWrap(True)
        hint = QLabel(self.tr("One validation split is kept, so the validation texts are the same at every size; "
                              "each size is trained once per seed with the settings in the form."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Sizes"), self.sizes_edit)
        form.addRow(self.tr("Seeds per size"), self.seeds)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.sizes_edit.textChanged.connect(self._update)
        self.seeds.valueChanged.connect(self._update)
        self._update()

    def sizes(self) -> list[float]:
        from workbench.core.learning_curve import parse_sizes

        return parse_sizes(self.sizes_edit.text())

    def _update(self, *_: Any) -> None:
        try:
            runs = len(self.sizes()) * self.seeds.value()
            self.summary.setText(self.tr("{runs} runs.").format(runs=runs))
            self.summary.setStyleSheet("")
            ok = True
        except ConfigError as exc:
            self.summary.setText(str(exc))
            self.summary.setStyleSheet(INVALID_LABEL_STYLE)
            ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
