"""A budgeted search, live: one row per trial, each trial's score with the best so far, the time spent.

Fed with what the engine sends during a ``tune`` task: ``start`` takes the StudyStarted event,
``add_trial`` each TrialFinished, ``finish`` the StudyResult.to_dict() it replies with (also
after Stop, which keeps the trials so far), ``show_failure`` the sentence when the task failed.
The trials' own curves are drawn on the window's main plots like any run's.

The best trial's settings are known from the first trial that completes (the study's starting
settings with the trial's drawn values), so "Load best into form" also works after a study that
was stopped or whose engine died; the reply's ``best.config`` replaces them when it comes.
"""

from __future__ import annotations

import math
import time
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.events import StudyStarted, TrialFinished
from workbench.gui.plot_style import PALETTE, EpochAxis, FollowsPalette, style_plot
from workbench.gui.tune_dialog import value_text

TRIAL_COLOR, BEST_COLOR, OTHER_COLOR = PALETTE[0], PALETTE[1], "#999999"
CLOCK_MS = 1000  # the budget bar moves once a second while the study runs
FIXED_COLUMNS = 5  # trial, state, value, epochs, seconds; then one column per searched setting
NUMBER_COLUMNS = (0, 2, 3, 4)
MAX_LOG_LABELS = 6  # right-aligned, as are the searched numbers


def best_so_far(trials: list[TrialFinished]) -> tuple[list[float], list[float]]:
    """The best value after each trial, as a staircase (x, y) from the first completed trial on."""
    xs: list[float] = []
    ys: list[float] = []
    for trial in trials:
        if trial.best is None:
            continue
        if ys:  # hold the previous best up to this trial
            xs.append(trial.number)
            ys.append(ys[-1])
        xs.append(trial.number)
        ys.append(trial.best["value"])
    return xs, ys


class StudyPanel(FollowsPalette, QWidget):
    load_best = Signal(object)  # the best trial's ExperimentConfig
    trial_chosen = Signal(int)  # the run id of a trial double-clicked in the table

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("studyPanel")
        self.status = QLabel(objectName="studyStatus")
        self.status.setWordWrap(True)
        self.budget_bar = QProgressBar(objectName="studyBudgetProgress")
        self.budget_bar.setMaximumWidth(220)
        self.load_button = QPushButton(self.tr("Load best into form"), objectName="loadBestButton")
        self.load_button.setToolTip(self.tr("Put the best trial's settings into the settings form."))
        self.load_button.clicked.connect(lambda: self.load_best.emit(self.best_config))
        self.table = QTableWidget(objectName="studyTrialsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemDoubleClicked.connect(self._on_double_click)
        self.x_axis = _TrialAxis("bottom")
        self.plot = pg.PlotWidget(objectName="studyPlot", axisItems={"bottom": self.x_axis}, enableMenu=False)
        self.plot.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(side).enableAutoSIPrefix(False)  # 0.85, not 850 "(x0.001)"
        # PlotDataItems, not ScatterPlotItems: they follow the x axis into log mode (a log-scale setting).
        self.trial_points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=8, symbolPen=None,
                                            symbolBrush=TRIAL_COLOR)
        self.other_points = pg.PlotDataItem(pen=None, symbol="x", symbolSize=8, symbolPen=None,
                                            symbolBrush=OTHER_COLOR)
        self.best_line = pg.PlotDataItem(pen=pg.mkPen(BEST_COLOR, width=2))
        for item in (self.best_line, self.other_points, self.trial_points):
            self.plot.addItem(item)
        self.legend = self.plot.getPlotItem().addLegend(offset=(-10, -10))
        self.x_combo = QComboBox(objectName="studyAxisCombo")
        self.x_combo.setToolTip(self.tr("Draw the trials' scores against their number, or against one setting."))
        self.x_combo.currentIndexChanged.connect(self._draw)
        self.importances = QLabel(objectName="studyImportances")
        self.importances.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.budget_bar)
        top.addWidget(self.load_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="studySplitter")
        plot_page = QWidget()
        plot_layout = QVBoxLayout(plot_page)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        against = QHBoxLayout()
        against.addWidget(QLabel(self.tr("Against")))
        against.addWidget(self.x_combo, 1)
        plot_layout.addLayout(against)
        plot_layout.addWidget(self.plot, 1)
        splitter.addWidget(self.table)
        splitter.addWidget(plot_page)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.importances)
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._tick)
        self._apply_palette()
        self._reset()

    def _reset(self) -> None:
        self.trials: list[TrialFinished] = []
        self.space: dict[str, dict[str, Any]] = {}  # setting -> {"low", "high", "log"} or {"choices"}
        self.metric_name = ""
        self.budget_s = 0.0
        self.base_config: dict[str, Any] = {}
        self.best_config: ExperimentConfig | None = None
        self._best_row: int | None = None
        self._started = time.monotonic()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.trial_points.setData([], [])
        self.other_points.setData([], [])
        self.best_line.setData([], [])
        self.importances.setText("")
        self.x_combo.blockSignals(True)
        self.x_combo.clear()
        self.x_combo.addItem(self.tr("trial number"), None)
        self.x_combo.blockSignals(False)
        self.load_button.setEnabled(False)
        self.budget_bar.setValue(0)
        self.budget_bar.setFormat("")

    def prepare(self) -> None:
        """A study was asked for; its StudyStarted follows once the engine has checked the request."""
        self._reset()
        self.status.setText(self.tr("Starting the study…"))

    def start(self, event: StudyStarted) -> None:
        self._reset()
        self.space = dict(event.space)
        for name in self.space:
            self.x_combo.addItem(SPECS[name].label, name)
        self.metric_name = event.metric
        self.budget_s = event.budget_s
        self.base_config = dict(event.base_config)
        headers = [self.tr("trial"), self.tr("state"), event.metric, self.tr("epochs"), self.tr("seconds"),
                   *(SPECS[name].label for name in self.space)]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.plot.getPlotItem().setLabel("left", event.metric)
        self._draw()
        self.budget_bar.setRange(0, max(1, round(event.budget_s)))
        self._clock.start()
        self._tick()
        self.status.setText(self.tr("Trial 1 trains the form's settings…"))

    def add_trial(self, trial: TrialFinished) -> None:
        self.trials.append(trial)
        row = self.table.rowCount()
        self.table.insertRow(row)
        value = "" if trial.value is None else f"{trial.value:.4f}"
        cells = [str(trial.number), trial.state, value, str(trial.epochs), f"{trial.seconds:.1f}",
                 *(value_text(trial.params[name]) if name in trial.params else "–" for name in self.space)]
        faded = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, trial.run_id)
            item.setToolTip(trial.message)
            if column in NUMBER_COLUMNS or column >= FIXED_COLUMNS and _is_number(
                    trial.params.get(list(self.space)[column - FIXED_COLUMNS])):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if trial.state != "completed":
                item.setForeground(faded)
            self.table.setItem(row, column, item)
        if trial.best is not None:
            self._mark_best(trial.best["number"] - 1)
            self.best_config = ExperimentConfig.from_dict({**self.base_config, **trial.best["params"]})
        self._draw()
        self.importances.setText(self._importance_text(trial.importances))
        self._tick(trial.elapsed_s)
        best = (self.tr("best {value:.4f} (trial {number})").format(value=trial.best["value"],
                                                                    number=trial.best["number"])
                if trial.best else self.tr("no completed trial yet"))
        self.status.setText(self.tr("Trial {number} {state} · {best}").format(number=trial.number,
                                                                             state=trial.state, best=best))

    def finish(self, result: dict[str, Any]) -> None:
        """The study's reply (StudyResult.to_dict()): how it ended, and the best trial's full settings."""
        self._clock.stop()
        self._tick(result.get("elapsed_s"))
        best = result.get("best")
        if best:
            self.best_config = ExperimentConfig.from_dict(best["config"])
        self.importances.setText(self._importance_text(result.get("importances") or {}))
        text = result.get("message", "")
        if best:
            text += " " + self.tr("Best: trial {number} (run {run}), {metric} {value:.4f}.").format(
                number=best["trial"], run=best["run_id"], metric=result.get("metric", self.metric_name),
                value=best["value"])
        self.status.setText(text)
        self.load_button.setEnabled(self.best_config is not None)

    def show_failure(self, message: str) -> None:
        self._clock.stop()
        self.status.setText(self.tr("The study could not go on: {message}").format(message=message))
        self.load_button.setEnabled(self.best_config is not None)

    # --- drawing ---------------------------------------------------------------------------

    def _draw(self, *_: Any) -> None:
        """The scores against the trial number (with the best so far) or against the chosen setting."""
        name = self.x_combo.currentData()
        dimension = self.space.get(name, {})
        choices = dimension.get("choices")

        def x(trial: TrialFinished) -> float | None:
            if name is None:
                return trial.number
            value = trial.params.get(name)
            if value is None:  # a setting that did not matter for this trial's other values
                return None
            return choices.index(value) if choices is not None and value in choices else float(value)

        completed = [t for t in self.trials if t.state == "completed" and t.value is not None and x(t) is not None]
        # Unfinished trials have no value; their last validation accuracy is the same measure only for val_accuracy.
        others = [t for t in self.trials if t.state != "completed" and t.val_accuracy is not None
                  and self.metric_name == "val_accuracy" and math.isfinite(t.val_accuracy) and x(t) is not None]
        item = self.plot.getPlotItem()
        item.setLogMode(x=bool(dimension.get("log")), y=False)
        self.x_axis.whole = name is None or choices is not None
        self.x_axis.setTicks(None if choices is None else [[(i, value_text(c)) for i, c in enumerate(choices)]])
        item.setLabel("bottom", self.tr("trial") if name is None else SPECS[name].label)
        self.trial_points.setData([x(t) for t in completed], [t.value for t in completed])
        self.other_points.setData([x(t) for t in others], [t.val_accuracy for t in others])
        self.best_line.setData(*(best_so_far(self.trials) if name is None else ([], [])))
        self.best_line.setVisible(name is None)
        self.legend.clear()
        self.legend.addItem(self.trial_points, self.tr("trial"))
        if name is None:
            self.legend.addItem(self.best_line, self.tr("best so far"))

    def _mark_best(self, row: int) -> None:
        for old, bold in ((self._best_row, False), (row, True)):
            if old is None or old >= self.table.rowCount():
                continue
            for column in range(self.table.columnCount()):
                item = self.table.item(old, column)
                font = QFont(item.font())
                font.setBold(bold)
                item.setFont(font)
        self._best_row = row

    def _tick(self, elapsed_s: float | None = None) -> None:
        """The budget bar: the time spent (the engine's clock when a trial reports it, ours in between)."""
        if elapsed_s is not None:
            self._started = time.monotonic() - elapsed_s
        spent = min(self.budget_s, time.monotonic() - self._started)
        self.budget_bar.setValue(round(spent))
        self.budget_bar.setFormat(self.tr("{spent} of {budget}").format(spent=_clock(spent),
                                                                         budget=_clock(self.budget_s)))

    def _importance_text(self, importances: dict[str, float]) -> str:
        if not importances:
            return ""
        ranked = sorted(importances.items(), key=lambda pair: -pair[1])
        return self.tr("What mattered most: {settings}").format(
            settings=" · ".join(f"{SPECS[name].label} {share:.0%}" for name, share in ranked))

    def _on_double_click(self, item: QTableWidgetItem) -> None:
        run_id = item.data(Qt.ItemDataRole.UserRole)
        if run_id is not None:
            self.trial_chosen.emit(int(run_id))

    def _apply_palette(self) -> None:
        palette = self.palette()
        style_plot(self.plot, palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
                   "10pt", self.font())
        self.legend.setLabelTextColor(palette.color(QPalette.ColorRole.Text))


class _TrialAxis(EpochAxis):
    """Whole numbers only while it counts trials or choices; any ticks for a setting's numbers."""

    whole = True

    def tickSpacing(self, minVal, maxVal, size):
        if self.whole:
            return super().tickSpacing(minVal, maxVal, size)
        return pg.AxisItem.tickSpacing(self, minVal, maxVal, size)

    def tickStrings(self, values, scale, spacing):
        """On a log axis, only the decades are labelled once the 2..9 ticks between them would crowd it."""
        strings = super().tickStrings(values, scale, spacing)
        if self.logMode and len(values) > MAX_LOG_LABELS:
            return [text if float(value).is_integer() else "" for value, text in zip(values, strings)]
        return strings


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"

