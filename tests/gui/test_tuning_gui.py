"""Finding good settings in the window: the learning-rate panel, the tune dialog, the study panel, and
one window that finds a rate, uses it, tunes, is stopped and loads the best trial."""

from __future__ import annotations

import json
import math

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QTableWidget

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.events import LrFinderStep, StudyStarted, TrialFinished
from workbench.core.lr_finder import analyse
from workbench.core.search_space import default_space, parse_space
from workbench.gui.lr_finder_panel import LrFinderPanel, rounded_rate
from workbench.gui.study_panel import StudyPanel, best_so_far
from workbench.gui.tune_dialog import TuneDialog
from workbench.gui.tuning_panel import Tuning

TIMEOUT = 180_000
RATES = (1e-6 * 1e6 ** (np.arange(100) / 99)).tolist()


def _xs(item) -> list[float]:
    """The x values a curve draws ([] before it has any)."""
    x = item.getData()[0]
    return [] if x is None else list(x)


def _falls_then_explodes(rate: float) -> float:
    """A textbook range test: flat, falling fastest near 1e-3, exploding above 0.1."""
    x = math.log10(rate)
    return 0.69 - 0.4 / (1 + math.exp(-3 * (x + 3))) + max(0.0, 2 * (x + 1))


# --- the learning-rate panel, fed plain data ---------------------------------------------------


def test_lr_panel_draws_steps_then_marks_the_suggested_rate_and_hands_it_over(qtbot):
    panel = LrFinderPanel()
    qtbot.addWidget(panel)
    losses = [_falls_then_explodes(r) for r in RATES]
    for step, (rate, loss) in enumerate(zip(RATES[:30], losses[:30]), start=1):
        panel.add_step(LrFinderStep(step, 100, rate, loss, loss))
    qtbot.waitUntil(lambda: len(_xs(panel.smooth_curve)) == 30)  # drawn by the timer
    assert "Batch 30 of up to 100" in panel.status.text()

    result = analyse(RATES, losses).to_dict()
    panel.show_result(result)
    assert result["rule"] == "steepest" and panel.marker.isVisible()
    assert panel.marker.value() == math.log10(result["suggested"])  # the x axis is log10 of the rate
    assert "steepest descent" in panel.suggestion.text()
    assert "tenth of the rate at the minimum" in panel.suggestion.text()  # the other reading, for comparison
    assert all(panel.regions[key].isVisible() for key in ("too_low", "right", "too_high"))
    low, high = panel.regions["right"].getRegion()
    assert low < math.log10(result["suggested"]) < high
    button = panel.findChild(QPushButton, "useRateButton")
    with qtbot.waitSignal(panel.use_rate) as chosen:
        button.click()
    assert chosen.args == [rounded_rate(result["suggested"])] and chosen.args[0] == float(f"{result['suggested']:.2g}")


def test_lr_panel_without_a_suggestion_offers_nothing_to_use(qtbot):
    panel = LrFinderPanel()
    qtbot.addWidget(panel)
    panel.show_result(analyse(RATES, [0.69] * 100).to_dict())  # the loss never falls
    assert panel.suggested is None and not panel.marker.isVisible()
    assert not panel.findChild(QPushButton, "useRateButton").isEnabled()
    assert panel.regions["too_low"].isVisible() and not panel.regions["right"].isVisible()
    assert "No learning rate" in panel.suggestion.text()


# --- the tune dialog ---------------------------------------------------------------------------


def test_tune_dialog_builds_the_space_that_the_cli_reads_and_refuses_what_core_refuses(qtbot):
    base = ExperimentConfig()
    dialog = TuneDialog(base, ["positive", "negative"])
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QPushButton, "startTuningButton")
    assert set(dialog.space) == set(default_space(base)) and ok.isEnabled()
    metrics = dialog.findChild(QComboBox, "tuneMetricCombo")
    assert [metrics.itemData(i) for i in range(metrics.count())] == [
        "val_accuracy", "macro_f1", "recall:positive", "recall:negative"]

    dialog.findChild(QCheckBox, "dropoutSearchCheck").setChecked(False)
    dialog.findChild(QLineEdit, "learningRateLowEdit").setText("0.001")
    dialog.findChild(QLineEdit, "learningRateHighEdit").setText("1e-2")
    dialog.findChild(QCheckBox, "lrScheduleChoicePlateau").setChecked(False)
    assert "dropout" not in dialog.space
    assert dialog.space["learning_rate"] == [0.001, 0.01]
    assert dialog.space["lr_schedule"] == ["constant", "exponential", "cosine"]
    as_cli = parse_space(json.dumps(dialog.space), base)  # the JSON shape --space reads
    assert as_cli["learning_rate"].log and (as_cli["learning_rate"].low, as_cli["learning_rate"].high) == (0.001, 0.01)
    assert json.dumps(dialog.space) in dialog.findChild(QLabel, "tuneSpaceJson").text()

    dialog.findChild(QLineEdit, "learningRateHighEdit").setText("1e-4")  # below the low end
    assert not ok.isEnabled() and "starts above its end" in dialog.summary.text()
    dialog.findChild(QLineEdit, "learningRateHighEdit").setText("0.01")
    assert ok.isEnabled()
    for name, row in dialog.rows.items():
        row.check.setChecked(False)
    assert not ok.isEnabled() and "empty" in dialog.summary.text()

    recurrent = TuneDialog(base.replace(model="lstm"), ["a", "b"])
    qtbot.addWidget(recurrent)
    assert {"bidirectional", "num_layers"} <= set(recurrent.space) and "ngrams" not in recurrent.space
    recurrent.findChild(QCheckBox, "bidirectionalChoiceFalse").setChecked(False)
    assert recurrent.space["bidirectional"] == [True]


# --- the study panel, fed plain events -----------------------------------------------------------


def _trial(number: int, state: str, value: float | None, params: dict, best: dict | None) -> TrialFinished:
    return TrialFinished(number, 100 + number, state, params, value, value if value is not None else 0.6, 3, 2.5,
                         3.0 * number, f"trial {number} message", best, {"learning_rate": 0.7, "dropout": 0.3})


def test_study_panel_lists_trials_draws_the_best_so_far_and_loads_the_best(qtbot):
    panel = StudyPanel()
    qtbot.addWidget(panel)
    base = ExperimentConfig(epochs=3, learning_rate=0.001, dropout=0.0)
    space = {"learning_rate": {"low": 1e-4, "high": 0.03, "log": True}, "dropout": {"low": 0.0, "high": 0.6,
                                                                                       "log": False}}
    panel.start(StudyStarted(7, "val_accuracy", 120.0, space, base.to_dict()))
    first = {"number": 1, "run_id": 101, "value": 0.8, "params": {"learning_rate": 0.001, "dropout": 0.0}}
    third = {"number": 3, "run_id": 103, "value": 0.9, "params": {"learning_rate": 0.004, "dropout": 0.25}}
    panel.add_trial(_trial(1, "completed", 0.8, first["params"], first))
    panel.add_trial(_trial(2, "pruned", None, {"learning_rate": 0.02, "dropout": 0.5}, first))
    panel.add_trial(_trial(3, "completed", 0.9, third["params"], third))
    table = panel.findChild(QTableWidget, "studyTrialsTable")
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert headers == ["trial", "state", "val_accuracy", "epochs", "seconds", "Learning rate", "Dropout"]
    assert [[table.item(r, c).text() for c in (0, 1, 2, 5, 6)] for r in range(3)] == [
        ["1", "completed", "0.8000", "0.001", "0"], ["2", "pruned", "", "0.02", "0.5"],
        ["3", "completed", "0.9000", "0.004", "0.25"]]
    assert table.item(2, 0).font().bold() and not table.item(0, 0).font().bold()  # the best trial's row
    assert _xs(panel.trial_points) == [1, 3] and list(panel.trial_points.getData()[1]) == [0.8, 0.9]
    assert _xs(panel.other_points) == [2]  # the pruned trial, at its last validation accuracy
    assert [list(a) for a in panel.best_line.getData()] == [[1, 2, 2, 3, 3], [0.8, 0.8, 0.8, 0.8, 0.9]]
    assert "Learning rate 70%" in panel.importances.text()
    button = panel.findChild(QPushButton, "loadBestButton")
    assert not button.isEnabled()  # not while the study runs

    panel.finish({"status": "stopped", "message": "Stopped by request.", "metric": "val_accuracy",
                  "elapsed_s": 9.0, "importances": {}, "best": {
                      "trial": 3, "run_id": 103, "value": 0.9, "config": base.replace(**third["params"]).to_dict()}})
    assert button.isEnabled() and "Stopped by request." in panel.status.text() and "trial 3" in panel.status.text()
    with qtbot.waitSignal(panel.load_best) as loaded:
        button.click()
    assert loaded.args[0] == base.replace(learning_rate=0.004, dropout=0.25)


def test_best_so_far_is_a_staircase_from_the_first_completed_trial():
    best = {"number": 2, "run_id": 2, "value": 0.5, "params": {}}
    better = {**best, "number": 4, "value": 0.7}
    trials = [_trial(1, "pruned", None, {}, None), _trial(2, "completed", 0.5, {}, best),
              _trial(3, "completed", 0.4, {}, best), _trial(4, "completed", 0.7, {}, better)]
    assert best_so_far(trials) == ([2, 3, 3, 4, 4], [0.5, 0.5, 0.5, 0.5, 0.7])


def test_a_study_whose_engine_died_still_loads_the_best_trial_so_far(qtbot):
    panel = StudyPanel()
    qtbot.addWidget(panel)
    base = ExperimentConfig(dropout=0.1)
    panel.start(StudyStarted(None, "macro_f1", 60.0, {"dropout": {"low": 0.0, "high": 0.6, "log": False}},
                             base.to_dict()))
    best = {"number": 1, "run_id": 101, "value": 0.7, "params": {"dropout": 0.3}}
    panel.add_trial(_trial(1, "completed", 0.7, {"dropout": 0.3}, best))
    panel.add_trial(_trial(2, "pruned", None, {"dropout": 0.5}, best))
    assert _xs(panel.other_points) == []  # a pruned trial's accuracy is not a macro-F1
    panel.show_failure("The training engine was killed.")
    assert "killed" in panel.status.text()
    with qtbot.waitSignal(panel.load_best) as loaded:
        panel.findChild(QPushButton, "loadBestButton").click()
    assert loaded.args[0] == base.replace(dropout=0.3)


# --- the window, with a real engine ----------------------------------------------------------------


def test_find_a_rate_use_it_then_tune_stop_and_load_the_best(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    tuning = next(feature for feature in window.features if isinstance(feature, Tuning))
    actions = [a.objectName() for a in window.run_menu.actions()]
    assert {"findLearningRateAction", "tuneAction"} <= set(actions)
    window.config_form.set_config(ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=200))

    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as finished:
        window.findChild(QAction, "findLearningRateAction").trigger()
        assert window.stop_button.isEnabled()  # the window's Stop covers the test
    assert finished.args[0] == "lr_find" and finished.args[2] == ""
    panel = tuning.lr_panel
    assert window.bottom_tabs.currentWidget() is panel
    assert len(_xs(panel.smooth_curve)) == len(finished.args[1]["points"]) > 12
    suggested = finished.args[1]["suggested"]
    assert suggested is not None and panel.suggested == suggested
    panel.findChild(QPushButton, "useRateButton").click()
    assert window.config_form.config().learning_rate == float(f"{suggested:.2g}")

    trials = []
    window.engine.event.connect(lambda e: trials.append(e) if isinstance(e, TrialFinished) else None)

    def choose_and_start() -> None:  # in Run > Tune…'s dialog, which waits for an answer
        dialog = window.findChild(TuneDialog)
        for name, row in dialog.rows.items():
            row.check.setChecked(name in ("learning_rate", "dropout"))
        dialog.findChild(QLineEdit, "learningRateLowEdit").setText("0.001")
        dialog.findChild(QLineEdit, "learningRateHighEdit").setText("0.1")
        dialog.findChild(QPushButton, "startTuningButton").click()

    QTimer.singleShot(0, choose_and_start)
    window.findChild(QAction, "tuneAction").trigger()
    assert window.bottom_tabs.currentWidget() is tuning.study_panel
    qtbot.waitUntil(lambda: len(trials) >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as finished:
        window.stop_button.click()
    result = finished.args[1]
    assert finished.args[0] == "tune" and result["status"] == "stopped"
    assert result["space"] == {"learning_rate": {"low": 0.001, "high": 0.1, "log": True},
                               "dropout": {"low": 0.0, "high": 0.6, "log": False}}
    group = window.store.group(result["group_id"])
    assert group["kind"] == "study" and group["info"]["trials"] == result["trials"]  # the trials are kept
    table = tuning.study_panel.findChild(QTableWidget, "studyTrialsTable")
    assert table.rowCount() == len(result["trials"]) >= 2
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [t["state"] for t in result["trials"]]
    stored = {t["run_id"] for t in result["trials"] if t["run_id"] is not None}
    assert stored == set(group["run_ids"]) and stored <= set(window.plots.keys())  # every trial's curves, as for any run
    best = result["best"]
    assert best is not None  # trial 1 completes in far less than the budget
    load = tuning.study_panel.findChild(QPushButton, "loadBestButton")
    assert load.isEnabled()
    load.click()
    assert window.config_form.config() == ExperimentConfig.from_dict(best["config"])
    assert table.item(best["trial"] - 1, 0).font().bold()
    assert not window.stop_button.isEnabled() and window.train_button.isEnabled()
