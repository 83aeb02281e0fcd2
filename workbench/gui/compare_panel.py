"""Selected runs side by side: only the settings that differ, how each run generalized, and a bar chart
of the final validation accuracies (with the lookup-table baseline for scale)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.compare import SEPARATOR, describe_runs
from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.diagnostics import best_epoch, generalization_gap
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.significance import mean_sd_text, spread
from workbench.core.store import RunRecord
from workbench.core.sweep import format_value
from workbench.gui.i18n import setting_text
from workbench.gui.plot_style import PALETTE, FollowsPalette, style_plot

OUTCOME_COLUMNS = (QT_TRANSLATE_NOOP("ComparePanel", "best val accuracy"),
                   QT_TRANSLATE_NOOP("ComparePanel", "train − val gap"),
                   QT_TRANSLATE_NOOP("ComparePanel", "epoch of lowest val loss"),
                   QT_TRANSLATE_NOOP("ComparePanel", "test accuracy"))
# Okabe-Ito: told apart with every common colour-vision deficiency; used when no run colours are given.
DEFAULT_COLORS = PALETTE
BAR_WIDTH = 0.6  # of a run's slot; the rest is the gap between bars
X_MARGIN = 0.15  # of a slot, left and right: the first value keeps clear of the y axis's numbers
Y_TOP = 1.12  # accuracy ends at 1; the headroom keeps the value above a bar at 1.0 inside the chart
NO_VALUE = "–"
MIN_POINT_SIZE = 6.5  # values shrink to fit narrow bars, but no further


@dataclass(frozen=True)
class _Bar:
    label: str  # what sets the run apart, one setting a line
    value: float | None  # last epoch's validation accuracy; None: no bar, only its slot and "–"
    color: QColor


class _RunAxis(pg.AxisItem):
    """A bottom axis naming one bar per slot: lines centred under the bar when they fit, else upright.

    pyqtgraph's own tick text drops a label that is wider than the axis and sizes the axis only
    while painting (one frame late, so the first picture is clipped); here the height follows
    from the labels and the slot width as soon as either changes.
    """

    GAP = 6.0  # pixels kept free between neighbouring labels
    WIDEST = 150.0  # longer lines are elided, so a long setting cannot squash the bars

    def __init__(self) -> None:
        super().__init__("bottom")
        self.labels: list[str] = []
        self.upright = False
        self.setStyle(showValues=False)  # the labels are drawn by drawPicture below

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.setTicks([[(float(i), "") for i in range(len(self.labels))], []])
        self.fit()

    def fit(self) -> None:
        """Choose flat or upright labels for the current slot width and make the axis exactly tall enough."""
        _lines, depth = self._layout()
        self.setHeight(int(math.ceil(self._top() + depth + 4)))
        self.picture = None
        self.update()

    def label_rects(self) -> list[tuple[QRectF, list[str]]]:
        """Where each label is drawn (axis coordinates, the room it takes on screen) and its lines."""
        view = self.linkedView()
        if view is None or not self.labels:
            return []
        lines, depth = self._layout()
        line_height = QFontMetricsF(self._font()).lineSpacing()
        slot = self.slot_width()
        out = []
        for i, label_lines in enumerate(lines):
            x = self.mapFromScene(view.mapViewToScene(QPointF(i, 0))).x()
            block = len(label_lines) * line_height
            if self.upright:
                out.append((QRectF(x - block / 2, self._top(), block, depth), label_lines))
            else:
                rect = QRectF(x - slot / 2 + self.GAP / 2, self._top(), slot - self.GAP, depth)
                out.append((rect, label_lines))
        return out

    def drawPicture(self, p: QPainter, axisSpec, tickSpecs, textSpecs) -> None:
        super().drawPicture(p, axisSpec, tickSpecs, [])
        p.setFont(self._font())
        p.setPen(self.textPen())
        for rect, lines in self.label_rects():
            text = "\n".join(lines)
            if self.upright:  # read bottom to top, ending just under the bar
                p.save()
                p.translate(rect.center().x(), rect.top())
                p.rotate(-90)
                p.drawText(QRectF(-rect.height(), -rect.width() / 2, rect.height(), rect.width()),
                           int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
                p.restore()
            else:
                p.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)

    def _layout(self) -> tuple[list[list[str]], float]:
        """The lines of each label and the depth (pixels below the ticks) they need; sets self.upright."""
        if not self.labels:
            self.upright = False
            return [], 0.0
        metrics = QFontMetricsF(self._font())
        line_height = metrics.lineSpacing()
        slot = self.slot_width()

        def elided(line: str) -> str:
            return metrics.elidedText(line, Qt.TextElideMode.ElideRight, self.WIDEST)

        lines = [[elided(line) for line in label.split("\n")] for label in self.labels]
        widest = max(metrics.horizontalAdvance(line) for label in lines for line in label)
        deepest = max(len(label) for label in lines)
        self.upright = widest + self.GAP > slot
        if not self.upright:
            return lines, deepest * line_height
        if deepest * line_height + self.GAP > slot:  # too narrow even for stacked upright lines: one line each
            lines = [[elided(SEPARATOR.join(label))] for label in lines]
            widest = max(metrics.horizontalAdvance(label[0]) for label in lines)
        return lines, widest

    def slot_width(self) -> float:
        view = self.linkedView()
        if view is None or not self.labels:
            return math.inf
        left, right = view.viewRange()[0]
        return view.width() / (right - left) if right > left else math.inf  # slots are 1 apart

    def _top(self) -> float:
        return max(0, self.style["tickLength"]) + self.style["tickTextOffset"][1]

    def _font(self) -> QFont:
        return self.style.get("tickFont") or QFont()


class ComparePanel(FollowsPalette, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self.hint = QLabel(self.tr("Select two or more runs in the Runs tab to compare them."))
        self.hint.setWordWrap(True)
        self.table = QTableWidget(objectName="compareTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.axis = _RunAxis()
        self.chart = pg.PlotWidget(axisItems={"bottom": self.axis}, enableMenu=False)
        self.chart.setObjectName("compareBarChart")  # not PlotWidget(objectName=...): that names its PlotItem
        self.chart.setMouseEnabled(False, False)  # a chart to read, not to pan
        self.chart.hideButtons()
        self.chart.setMinimumSize(280, 200)
        item = self.chart.getPlotItem()
        item.setLabel("left", self.tr("final validation accuracy"))
        item.getAxis("left").setTicks([[(v / 5, f"{v / 5:.1f}") for v in range(6)], []])
        item.vb.sigResized.connect(self._fit_text)
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
        item.addItem(self.bars)
        self.value_texts: list[pg.TextItem] = []
        self._bold: list[bool] = []  # per value text: the best run's value is bold
        self.baseline_line: pg.InfiniteLine | None = None
        self._bars: list[_Bar] = []
        self._baseline: float | None = None
        self.chart.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 1)  # the table takes extra width first: its columns are wide
        self.splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        self._apply_palette()

    def show_runs(self, records: list[RunRecord], histories: list[list[dict]],
                  colors: Sequence[QColor] | None = None, baseline: float | None = None) -> None:
        """One row per run: the differing settings, then best/gap/best epoch/test accuracy; one bar per run.

        `colors` are the runs' colours on the curves (so a bar is found on the plots at a glance),
        the Okabe-Ito palette without them; `baseline` is the lookup table's validation accuracy,
        drawn as a dashed line: the score of memorizing the training texts.
        """
        configs = [r.experiment_config() for r in records]
        differing = [name for name in SPECS
                     if len({repr(getattr(c, name)) for c in configs}) > 1] if len(configs) > 1 else []
        headers = [self.tr("run"), *(setting_text(SPECS[n].label) for n in differing),
                   *(self.tr(text) for text in OUTCOME_COLUMNS)]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        groups = seed_groups(configs)
        self.table.setRowCount(len(records) + len(groups))
        self.table.setHorizontalHeaderLabels(headers)
        best_accuracy = max((r.best_val_accuracy or 0.0 for r in records), default=0.0)
        for row, (record, config, history) in enumerate(zip(records, configs, histories)):
            values = [f"#{record.id} {record.name}", *(format_value(getattr(config, n)) for n in differing)]
            values += _outcomes(record, history)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == len(headers) - 4 and record.best_val_accuracy == best_accuracy and best_accuracy:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        for row, indices in enumerate(groups, start=len(records)):
            shared = [format_value(getattr(configs[indices[0]], n)) if n != "seed" else "–" for n in differing]
            values = [self.tr("mean ± sd, {count} seeds").format(count=len(indices)), *shared,
                      *_spread_outcomes([records[i] for i in indices], [histories[i] for i in indices])]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if column else Qt.AlignmentFlag.AlignLeft)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(row, column, item)
        if len(records) < 2:
            self.hint.setText(self.tr("Select two or more runs in the Runs tab to compare them."))
        elif groups:
            self.hint.setText(self.tr("{count} runs; only the settings that differ are shown. The bold rows give "
                                      "each setting's mean ± sd over its seeds.").format(count=len(records)))
        elif differing:
            self.hint.setText(self.tr("{count} runs; only the settings that differ are shown. A large train − val "
                                      "gap means the model memorizes the training texts.").format(count=len(records)))
        else:
            self.hint.setText(self.tr("{count} runs with identical settings.").format(count=len(records)))

        colors = list(colors or [])
        labels = bar_labels(records, configs)
        self._bars = [_Bar(label, _final_accuracy(history), QColor(colors[i]) if i < len(colors)
                           else QColor(DEFAULT_COLORS[i % len(DEFAULT_COLORS)]))
                      for i, (label, history) in enumerate(zip(labels, histories))]
        self._baseline = baseline
        self._draw_chart()
        self.chart.setVisible(len(records) >= 2)  # one bar compares with nothing

    # --- chart ------------------------------------------------------------------------------

    def _draw_chart(self) -> None:
        """(Re)draw bars, values and baseline from self._bars in the current palette's colours."""
        item = self.chart.getPlotItem()
        for text in self.value_texts:
            item.removeItem(text)
        self.value_texts, self._bold = [], []
        if self.baseline_line is not None:
            item.removeItem(self.baseline_line)
            self.baseline_line = None
        text_color = self.palette().color(QPalette.ColorRole.Text)

        drawn = [(i, bar) for i, bar in enumerate(self._bars) if bar.value is not None]
        self.bars.setOpts(x=[float(i) for i, _ in drawn], height=[bar.value for _, bar in drawn],
                          width=BAR_WIDTH, brushes=[pg.mkBrush(bar.color) for _, bar in drawn],
                          pen=pg.mkPen(None), pens=None)  # (pyqtgraph 0.14 fails on an empty pens list)
        # Ties at the shown precision are all best: two bars both reading 0.842 should look alike.
        best = max((round(bar.value, 3) for _, bar in drawn), default=None) if len(drawn) > 1 else None
        for i, bar in enumerate(self._bars):
            value = NO_VALUE if bar.value is None else f"{bar.value:.3f}"
            label = pg.TextItem(value, color=text_color, anchor=(0.5, 1))
            self._bold.append(bar.value is not None and round(bar.value, 3) == best)
            label.setPos(i, bar.value or 0.0)
            label.setZValue(20)
            item.addItem(label)
            self.value_texts.append(label)

        if self._baseline is not None:
            grey = QColor(text_color)
            grey.setAlpha(150)
            self.baseline_line = pg.InfiniteLine(
                pos=self._baseline, angle=0, pen=pg.mkPen(grey, width=1.5, style=Qt.PenStyle.DashLine))
            self.baseline_line.setZValue(10)
            item.addItem(self.baseline_line)
        # Named above the chart: on the line, the name covered the bars it crossed.
        item.setTitle(None if self._baseline is None else self.tr("dashed line: lookup-table baseline {value}").format(
            value=f"{self._baseline:.3f}"), size="9pt", color=text_color.name())

        item.setXRange(-0.5 - X_MARGIN, max(len(self._bars), 1) - 0.5 + X_MARGIN, padding=0)
        item.setYRange(0.0, Y_TOP, padding=0)
        self.axis.set_labels([bar.label for bar in self._bars])
        self._fit_text()

    def _fit_text(self) -> None:
        """Fit the run names and the values to the slot width: neighbouring values must not touch."""
        self.axis.fit()
        font = QFont(self.font())
        slot = self.axis.slot_width()

        def needed() -> float:  # measured in bold: the best value is bold and wider
            bold = QFont(font)
            bold.setBold(True)
            return QFontMetricsF(bold).horizontalAdvance("0.000") + _RunAxis.GAP

        if needed() > slot > 0:
            font.setPointSizeF(max(MIN_POINT_SIZE, font.pointSizeF() * slot / needed()))
        # Still too wide at the smallest size: every other value goes one line up, out of its neighbours' way.
        stagger = needed() > slot > 0
        for i, (label, bold) in enumerate(zip(self.value_texts, self._bold)):
            label_font = QFont(font)
            label_font.setBold(bold)
            label.setFont(label_font)
            label.setAnchor((0.5, 2.0 if stagger and i % 2 else 1.0))

    # --- theme ------------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        """Chart background = the palette's Base, text in its Text colour (light and dark themes alike)."""
        palette = self.palette()
        style_plot(self.chart, palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
                   "10pt", self.font())
        self._draw_chart()


def bar_labels(records: Sequence[RunRecord], configs: Sequence[ExperimentConfig]) -> list[str]:
    """What sets each run apart, one setting a line ("dropout 0.5\\nL2 0.001").

    The model is named only when the runs' models differ. Runs whose labels coincide get their
    "#id" too, and only the "#id" when nothing at all tells the runs apart.
    """
    if not configs:
        return []
    labels = []
    for text in describe_runs(configs, shared_model=False):
        parts = text.split(SEPARATOR)
        if len(parts) > 1 and parts[-1] == "…":
            parts[-2:] = [parts[-2] + " …"]
        labels.append("\n".join(parts))
    if len(set(labels)) == 1 and len(labels) > 1:
        return [f"#{r.id}" for r in records]
    if len(set(labels)) < len(labels) or not all(labels):
        return [f"#{r.id}\n{label}" if label else f"#{r.id}" for r, label in zip(records, labels)]
    return labels


def _final_accuracy(history: list[dict]) -> float | None:
    """The last epoch's validation accuracy, as the "train − val gap" column reads it."""
    if not history:
        return None
    try:
        value = float(history[-1].get("val_accuracy"))
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def seed_groups(configs: Sequence[ExperimentConfig]) -> list[list[int]]:
    """Indices of the runs whose settings are the same but for the seed, for every such group of two
    or more (repeats over seeds), in the order of their first run."""
    groups: dict[ExperimentConfig, list[int]] = {}
    for index, config in enumerate(configs):
        groups.setdefault(config.setting(), []).append(index)
    return [indices for indices in groups.values()
            if len(indices) > 1 and len({configs[i].seed for i in indices}) == len(indices)]


def _spread_outcomes(records: Sequence[RunRecord], histories: Sequence[list[dict]]) -> list[str]:
    """The outcome columns of a group of seeds: mean ± sd of best val accuracy, gap and test accuracy."""
    best = spread([r.best_val_accuracy for r in records])
    gaps = spread([generalization_gap(h) for h in histories if h])
    tests = spread([((r.results or {}).get("test") or {}).get("accuracy") for r in records])
    return [mean_sd_text(best.mean, best.std), mean_sd_text(gaps.mean, gaps.std), "–",
            mean_sd_text(tests.mean, tests.std)]


def _outcomes(record: RunRecord, history: list[dict]) -> list[str]:
    best = "–" if record.best_val_accuracy is None else f"{record.best_val_accuracy:.3f}"
    gap = generalization_gap(history) if history else float("nan")
    try:
        best_at = str(best_epoch(history))
    except ValueError:
        best_at = "–"
    test = (record.results or {}).get("test") or {}
    return [best, "–" if math.isnan(gap) else f"{gap:+.3f}", best_at,
            f"{test['accuracy']:.3f}" if "accuracy" in test else "–"]
