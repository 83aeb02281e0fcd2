"""Finding good settings from the window: Run > Find learning rate… and Run > Tune… (issue 16).

Both run as long engine tasks through ``window.start_task`` (``lr_find`` and ``tune``), so Stop,
the status bar and, for the trials of a study, the curves on the main plots work as for a single
run. Their panels join the bottom tabs the first time they are used: "Learning rate"
(lr_finder_panel.py), with "Use this rate", and "Tuning" (study_panel.py), with "Load best into
form". Both buttons only set values in the settings form, as typing them would.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cached_property
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from workbench.core.compare import model_title
from workbench.core.config import ExperimentConfig
from workbench.core.errors import ConfigError
from workbench.core.events import LrFinderStep, StudyStarted, TrialFinished
from workbench.core.search_space import default_space
from workbench.gui.lr_finder_panel import LrFinderPanel
from workbench.gui.study_panel import StudyPanel
from workbench.gui.tune_dialog import TuneDialog


class Tuning(QObject):
    """The two actions, their panels, and the engine events routed to them."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.find_action = QAction(self.tr("Find &learning rate…"), window, objectName="findLearningRateAction")
        self.find_action.setToolTip(self.tr("Train a fresh model for up to 100 batches while the learning rate "
                                            "rises, and read a good rate from the loss."))
        self.find_action.triggered.connect(lambda _=False: self.find_learning_rate())
        self.tune_action = QAction(self.tr("T&une…"), window, objectName="tuneAction")
        self.tune_action.setToolTip(self.tr("Search for good settings within a time budget."))
        self.tune_action.triggered.connect(lambda _=False: self.open_tune_dialog())
        window.run_menu.addAction(self.find_action)
        window.run_menu.addAction(self.tune_action)
        window.engine.event.connect(self._on_event)
        window.engine.task_finished.connect(self._on_task_finished)

    # Made when first used: each holds a plot, and the window's first paint should not wait for them.
    @cached_property
    def lr_panel(self) -> LrFinderPanel:
        panel = LrFinderPanel()
        panel.use_rate.connect(self.use_rate)
        return panel

    @cached_property
    def study_panel(self) -> StudyPanel:
        panel = StudyPanel()
        panel.load_best.connect(self.load_best)
        panel.trial_chosen.connect(lambda run_id: self.window.runs_panel.select_runs([run_id]))
        return panel

    # --- the learning-rate finder ------------------------------------------------------------

    def find_learning_rate(self) -> bool:
        """Run the range test with the form's settings on the loaded data; False (and why, in the status
        bar) if it cannot start now."""
        config = self._ready()
        if config is None:
            return False
        what = self.tr("{model}, {optimizer}, batch size {batch}").format(
            model=model_title(config), optimizer=config.optimizer, batch=config.batch_size)
        if not self.window.start_task("lr_find", self.tr("Finding a learning rate for {what}…").format(what=what),
                                      self._rate_found, config=config.to_dict(),
                                      data=asdict(self.window.data_ref())):
            return False
        self.lr_panel.start(what)
        self.window.show_bottom_tab(self.lr_panel, self.tr("Learning rate"))
        return True

    def _rate_found(self, result: dict[str, Any]) -> None:
        self.lr_panel.show_result(result)
        self.window.statusBar().showMessage(result.get("message", ""))

    def use_rate(self, rate: float) -> None:
        self.window.config_form.set_values({"learning_rate": rate})
        self.window.left_tabs.setCurrentWidget(self.window.config_form)
        self.window.statusBar().showMessage(self.tr("Learning rate set to {rate:g}.").format(rate=rate), 6000)

    # --- the budgeted search ----------------------------------------------------------------

    def open_tune_dialog(self) -> None:
        config = self._ready()
        if config is None:
            return
        try:
            default_space(config)
        except ConfigError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return
        dialog = TuneDialog(config, list(self.window.data_panel.dataset.summary.classes), self.window)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted:
            self.start_tuning(dialog.budget_s, dialog.metric_name, dialog.space)

    def start_tuning(self, budget_s: float, metric: str, space: dict[str, list[Any]] | None) -> bool:
        """Start a study around the form's settings (``space``: as --space gives it; None: the default)."""
        config = self._ready()
        if config is None:
            return False
        if not self.window.start_task("tune", self.tr("Tuning for {minutes:g} minute(s)…").format(
                minutes=budget_s / 60), self._study_ended, config=config.to_dict(),
                data=asdict(self.window.data_ref()), budget_s=budget_s, metric=metric, space=space):
            return False
        self.study_panel.prepare()
        self.window.show_bottom_tab(self.study_panel, self.tr("Tuning"))
        return True

    def _study_ended(self, result: dict[str, Any]) -> None:
        """Done, or stopped (the trials so far and their best are kept either way)."""
        self.study_panel.finish(result)
        self.window.statusBar().showMessage(result.get("message", ""))

    def load_best(self, config: ExperimentConfig) -> None:
        self.window.config_form.set_config(config)
        self.window.left_tabs.setCurrentWidget(self.window.config_form)
        self.window.statusBar().showMessage(self.tr("Loaded the best trial's settings; train them, or change "
                                                    "them first."), 8000)

    # --- plumbing -----------------------------------------------------------------------------

    def _ready(self) -> ExperimentConfig | None:
        """The form's settings if a task can start now; None, with the reason in the status bar, if not."""
        window = self.window
        if window.data_ref() is None:
            problem = self.tr("Open a dataset first.")
        elif window.engine.running:
            problem = self.tr("Wait for the run in progress to end, or stop it first.")
        elif not window.config_form.is_valid():
            problem = self.tr("Fix the settings first: {problem}").format(problem=window.config_form.problem())
        else:
            return window.config_form.config()
        window.statusBar().showMessage(problem, 6000)
        return None

    def _on_event(self, event: Any) -> None:
        if isinstance(event, LrFinderStep):
            self.lr_panel.add_step(event)
            self.window.run_progress.setValue(round(100 * event.step / event.steps))
        elif isinstance(event, StudyStarted):
            self.study_panel.start(event)
        elif isinstance(event, TrialFinished):
            self.study_panel.add_trial(event)

    def _on_task_finished(self, kind: str, result: Any, error: str) -> None:
        if result is not None:
            return
        if kind == "lr_find":
            self.lr_panel.show_failure(error)
        elif kind == "tune":
            self.study_panel.show_failure(error)


def install(window: Any) -> Tuning:
    return Tuning(window)
