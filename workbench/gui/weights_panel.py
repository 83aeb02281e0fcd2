"""Inside the model, live: a histogram of every weight matrix and the loss split into its two parts.

`show_epoch` takes what an `EpochEnd` event carries: ``weights`` maps a weight path ("dense_1/kernel")
to `diagnostics.LayerWeights` as a plain dict, ``metrics`` holds data_loss, regularization, sparsity
and mean_abs_weight. The panel shows

* a header line: "Epoch 5 · 12% of weights near zero · mean |w| 0.031";
* small multiples: one histogram per matrix (the largest six; "+N more" for the rest), a line at 0
  and the share of weights near zero. Weights pushed to zero by L1 pile up in the middle bars;
* the loss split: the data loss and the L1/L2 penalty per epoch, one point appended per epoch.

The histogram plots are made once and reused: each epoch only hands new numbers to their bar items.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.core.diagnostics import overall_weight_metrics
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.gui.i18n import translate
from workbench.gui.plot_style import PALETTE, EpochAxis, FollowsPalette, style_plot

MAX_HISTOGRAMS = 6
COLUMNS = 3
THRESHOLD = 1e-3  # diagnostics.weight_stats' default: |w| below it counts as "near zero"
EMPTY_SUMMARY = QT_TRANSLATE_NOOP("WeightsPanel", "Weights appear here after each epoch.")
NO_MATRICES = QT_TRANSLATE_NOOP("WeightsPanel", "This model has no weight matrices to show.")
_BAR_COLOR = PALETTE[0]
_DATA_COLOR, _PENALTY_COLOR = PALETTE[0], PALETTE[1]



def short_title(path: str) -> str:
    """ "embedding/embeddings" -> "embedding", "output/kernel" -> "output kernel",
    "lstm_1/lstm_cell/recurrent_kernel" -> "lstm_1 recurrent kernel"."""
    parts = [p for p in str(path).split("/") if p]
    if not parts:
        return str(path)
    if len(parts) == 1:
        return parts[0].replace("_", " ")
    layer, variable = parts[0], parts[-1]
    if variable == "embeddings" and "embed" in layer:
        return layer
    return f"{layer} {variable.replace('_', ' ')}"


def _percent(share: float) -> str:
    if not math.isfinite(share):
        return "–"
    if 0 < share < 0.01:
        return "<1%"
    if 0.99 < share < 1:
        return ">99%"
    return f"{100 * share:.0f}%"


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


class _CountAxis(pg.AxisItem):
    """Counts as 800, 12k, 1.5M: an embedding's tall middle bar still fits a narrow axis."""

    def tickStrings(self, values, scale, spacing):
        out = []
        for value in values:
            v = value * scale
            if abs(v) >= 1e6:
                out.append(f"{v / 1e6:.3g}M")
            elif abs(v) >= 1e4:
                out.append(f"{v / 1e3:.3g}k")
            else:
                out.append(f"{v:.4g}")
        return out


class _Histogram:
    """One reusable plot: bars, the zero line and the sparsity text."""

    def __init__(self, parent: QWidget):
        self.path: str | None = None
        self.plot = pg.PlotWidget(parent, axisItems={"left": _CountAxis("left")}, enableMenu=False)
        self.plot.setObjectName("weightHistogram")  # after construction: the constructor would name the PlotItem
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMinimumSize(150, 110)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setContentsMargins(2, 2, 6, 2)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setStyle(tickFont=_small_font(), tickTextOffset=2)
        item.getAxis("left").setWidth(34)
        item.getAxis("bottom").setHeight(20)
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], pen=pg.mkPen(None), brush=_BAR_COLOR)
        item.addItem(self.bars)
        self.zero = pg.InfiniteLine(0, angle=90, movable=False)
        self.zero.setZValue(10)
        item.addItem(self.zero, ignoreBounds=True)
        # The sparsity line sits in the (hidden) top axis' cell, between the title and the bars: it spans
        # the plot's width there and never covers the tall middle bar.
        self.label = pg.LabelItem("", size="8pt", justify="center")
        top_axis = item.getAxis("top")  # hidden, but it holds the cell: take it out first
        item.layout.removeItem(top_axis)
        top_axis.hide()
        item.layout.addItem(self.label, 1, 1)
        self.label_text = ""

    def show(self, path: str, stats: Mapping[str, Any], threshold: float, text: QColor) -> None:
        self.path = path
        counts = np.asarray(stats.get("counts", ()), dtype=float)
        edges = np.asarray(stats.get("edges", ()), dtype=float)
        if edges.size != counts.size + 1:  # malformed: draw nothing rather than fail mid-training
            counts, edges = np.empty(0), np.zeros(1)
        self.bars.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
        item = self.plot.getPlotItem()
        item.setTitle(short_title(path), size="9pt", color=text)
        top = float(np.max(np.abs(edges))) if edges.size else 0.0
        if top > 0:
            item.setXRange(-top, top, padding=0.02)
        item.setYRange(0, float(counts.max()) * 1.05 if counts.size and counts.max() > 0 else 1.0, padding=0)
        self.label_text = translate("WeightsPanel", "sparsity {share} (|w| < {threshold})").format(
            share=_percent(_number(stats.get('sparsity'))), threshold=f"{threshold:g}")
        self._set_label(text)
        count = int(_number(stats.get("count", counts.sum())) or 0)
        self.plot.setToolTip(path + "\n" + translate("WeightsPanel", "{count} weights · mean |w| {mean}").format(
            count=f"{count:,}", mean=f"{_number(stats.get('mean_abs')):.3g}"))
        self.plot.show()

    def hide(self) -> None:
        self.path = None
        self.bars.setOpts(x0=[], x1=[], height=[])
        self.label_text = ""
        self.plot.hide()

    def apply_palette(self, background: QColor, text: QColor) -> None:
        zero = QColor(text)
        zero.setAlpha(150)
        style_plot(self.plot, background, text, "9pt")
        self.zero.setPen(pg.mkPen(zero, width=1, style=Qt.PenStyle.DashLine))
        self._set_label(text)

    def _set_label(self, text: QColor) -> None:
        self.label.setText(html.escape(self.label_text), color=text, size="8pt")  # LabelItem reads HTML


def _small_font():
    from PySide6.QtGui import QFont

    font = QFont()
    font.setPointSizeF(7.5)
    return font


class WeightsPanel(FollowsPalette, QWidget):
    """Weight histograms of the latest epoch and the data loss / penalty split of the current run."""

    def __init__(self, parent: QWidget | None = None, threshold: float = THRESHOLD):
        super().__init__(parent)
        self.setObjectName("weightsPanel")
        self.threshold = threshold
        self._epochs: list[float] = []
        self._data_loss: list[float] = []
        self._penalty: list[float] = []
        self._run_label = ""
        # What to draw next (the panel was hidden): a heading ("Epoch 5"), the weights, the metrics, and the
        # weight paths to put first (a layer picked in the model's structure).
        self._pending: tuple[str, dict, dict, tuple[str, ...]] | None = None

        self.summary = QLabel(self.tr(EMPTY_SUMMARY), objectName="weightsSummaryLabel")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.grid_container = QWidget(objectName="weightHistograms")
        self._grid = QGridLayout(self.grid_container)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self._slots: list[_Histogram] = []
        self.more_label = QLabel("", objectName="weightsMoreLabel")
        self.more_label.setStyleSheet("color: gray;")
        self.more_label.hide()

        self.loss_split = pg.PlotWidget(axisItems={"bottom": EpochAxis("bottom")}, enableMenu=False)
        self.loss_split.setObjectName("lossSplitPlot")  # after construction, see live_plot
        self.loss_split.setAntialiasing(True)
        self.loss_split.setMinimumSize(220, 180)
        item = self.loss_split.getPlotItem()
        item.setTitle(self.tr("Loss split"))
        item.setLabel("bottom", self.tr("epoch"))
        item.showGrid(x=True, y=True, alpha=0.18)
        item.hideButtons()
        self.legend = item.addLegend(offset=(-8, 8), verSpacing=-4, labelTextSize="8.5pt")
        self.data_curve = item.plot([], [], name=self.tr("data loss"), pen=pg.mkPen(_DATA_COLOR, width=2),
                                    symbol="o", symbolSize=5, symbolBrush=_DATA_COLOR, symbolPen=None)
        self.penalty_curve = item.plot([], [], name=self.tr("L1/L2 penalty"),
                                       pen=pg.mkPen(_PENALTY_COLOR, width=2, style=Qt.PenStyle.DashLine),
                                       symbol="s", symbolSize=5, symbolBrush=_PENALTY_COLOR, symbolPen=None)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(2)
        left.addWidget(self.grid_container, 1)
        left.addWidget(self.more_label)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(left, 2)
        body.addWidget(self.loss_split, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)
        self._apply_palette()

    # ----- public

    def show_epoch(self, epoch: int, weights: Mapping[str, Mapping[str, Any]], metrics: Mapping[str, Any]) -> None:
        """Take one epoch's weights and losses; drawn now if the panel shows, else when it is shown."""
        weights = {path: stats for path, stats in (weights or {}).items() if isinstance(stats, Mapping)}
        metrics = dict(metrics or {})
        self._append_loss_split(epoch, metrics)
        self._pending = (self.tr("Epoch {epoch}").format(epoch=epoch), weights, metrics, ())
        if self.isVisible():
            self._draw_pending()

    def show_model(self, label: str, weights: Mapping[str, Mapping[str, Any]], history: list[Mapping[str, Any]],
                   first: list[str] | tuple[str, ...] = ()) -> None:
        """A stored run's saved weights (not a live epoch): ``first`` (a layer's matrices) lead the histograms,
        the loss split is the run's ``history``, and the share near zero is measured on these weights."""
        self.start_run(label)
        for number, metrics in enumerate(history, start=1):
            self._append_loss_split(int(metrics.get("epoch", number)), dict(metrics))
        weights = {path: stats for path, stats in (weights or {}).items() if isinstance(stats, Mapping)}
        self._pending = (label, weights, {}, tuple(first))
        if self.isVisible():
            self._draw_pending()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._draw_pending()  # a hidden tab does no drawing while a run trains

    def _draw_pending(self) -> None:
        if self._pending is None:
            return
        heading, weights, metrics, first = self._pending
        self._pending = None
        self._show_summary(heading, weights, metrics)
        self._show_histograms(weights, first)
        self._draw_loss_split()

    def start_run(self, label: str = "") -> None:
        """A new run: its loss split starts empty (the histograms are replaced at its first epoch)."""
        self._run_label = str(label or "")
        self._epochs, self._data_loss, self._penalty = [], [], []
        self._pending = None
        self.data_curve.setData([], [])
        self.penalty_curve.setData([], [])
        title = (self.tr("Loss split — {run}").format(run=self._run_label) if self._run_label
                 else self.tr("Loss split"))
        self.loss_split.getPlotItem().setTitle(title, color=self.palette().color(QPalette.ColorRole.Text))

    def clear(self) -> None:
        self.start_run("")
        for slot in self._slots:
            slot.hide()
        self.more_label.hide()
        self.summary.setText(self.tr(EMPTY_SUMMARY))

    def histogram_plots(self) -> dict[str, pg.PlotWidget]:
        """Weight path -> its plot, for the histograms shown now (largest matrix first)."""
        return {slot.path: slot.plot for slot in self._slots if slot.path is not None}

    def histogram(self, path: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """x0, x1 and heights of the bars drawn for a weight path."""
        for slot in self._slots:
            if slot.path == path:
                opts = slot.bars.opts
                return (np.asarray(opts["x0"], dtype=float), np.asarray(opts["x1"], dtype=float),
                        np.asarray(opts["height"], dtype=float))
        raise KeyError(path)

    def sparsity_text(self, path: str) -> str:
        for slot in self._slots:
            if slot.path == path:
                return slot.label_text
        raise KeyError(path)

    def loss_split_data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        out = {}
        for name, curve in (("data loss", self.data_curve), ("L1/L2 penalty", self.penalty_curve)):
            x, y = curve.getOriginalDataset()
            out[name] = (np.asarray([] if x is None else x, dtype=float),
                         np.asarray([] if y is None else y, dtype=float))
        return out

    # ----- drawing

    def _show_summary(self, heading: str, weights: Mapping[str, Mapping[str, Any]], metrics: dict) -> None:
        sparsity, mean_abs = _number(metrics.get("sparsity")), _number(metrics.get("mean_abs_weight"))
        if weights and not (math.isfinite(sparsity) and math.isfinite(mean_abs)):
            try:
                overall = overall_weight_metrics(weights)
            except (KeyError, TypeError):
                overall = {}
            sparsity = sparsity if math.isfinite(sparsity) else _number(overall.get("sparsity"))
            mean_abs = mean_abs if math.isfinite(mean_abs) else _number(overall.get("mean_abs_weight"))
        parts = [heading]
        if math.isfinite(sparsity):
            parts.append(self.tr("{share} of weights near zero").format(share=_percent(sparsity)))
        if math.isfinite(mean_abs):
            parts.append(self.tr("mean |w| {value}").format(value=f"{mean_abs:.3g}"))
        if not weights:
            parts.append(self.tr(NO_MATRICES))
        self.summary.setText(" · ".join(parts))
        self.summary.setToolTip(self.tr("Near zero: |w| < {threshold}").format(threshold=f"{self.threshold:g}"))

    def _show_histograms(self, weights: Mapping[str, Mapping[str, Any]], first: tuple[str, ...] = ()) -> None:
        def size(item):
            path, stats = item
            return (path not in first, -_number(stats.get("count", sum(stats.get("counts", ()) or ()))), path)

        ordered = sorted(weights.items(), key=size)
        shown, rest = ordered[:MAX_HISTOGRAMS], len(ordered) - MAX_HISTOGRAMS
        while len(self._slots) < len(shown):
            slot = _Histogram(self.grid_container)
            i = len(self._slots)
            self._grid.addWidget(slot.plot, i // COLUMNS, i % COLUMNS)
            palette = self.palette()
            slot.apply_palette(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))
            self._slots.append(slot)
        text = self.palette().color(QPalette.ColorRole.Text)
        for i, slot in enumerate(self._slots):
            if i < len(shown):
                slot.show(shown[i][0], shown[i][1], self.threshold, text)
            else:
                slot.hide()
        if rest > 0:
            hidden = ", ".join(short_title(path) for path, _ in ordered[MAX_HISTOGRAMS:])
            self.more_label.setText(
                self.tr("+{count} more (smaller matrices: {names})").format(count=rest, names=hidden))
            self.more_label.setToolTip(hidden)
            self.more_label.show()
        else:
            self.more_label.hide()

    def _append_loss_split(self, epoch: int, metrics: dict) -> None:
        penalty = _number(metrics.get("regularization"))
        data_loss = _number(metrics.get("data_loss"))
        if not math.isfinite(data_loss):
            loss = _number(metrics.get("loss"))
            data_loss = loss - penalty if math.isfinite(penalty) else loss
        epoch = float(epoch)
        while self._epochs and self._epochs[-1] >= epoch:  # an epoch shown again (a resumed run) replaces it
            self._epochs.pop(), self._data_loss.pop(), self._penalty.pop()
        self._epochs.append(epoch)
        self._data_loss.append(data_loss)
        self._penalty.append(penalty)

    def _draw_loss_split(self) -> None:
        x = np.asarray(self._epochs)
        for curve, values in ((self.data_curve, self._data_loss), (self.penalty_curve, self._penalty)):
            y = np.asarray(values, dtype=float)
            keep = np.isfinite(y)
            curve.setData(x[keep], y[keep])

    # ----- theme

    def _apply_palette(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        for slot in self._slots:
            slot.apply_palette(background, text)
        frame = QColor(text)
        frame.setAlpha(60)
        fill = QColor(background)
        fill.setAlpha(190)
        style_plot(self.loss_split, background, text, "10pt")
        self.legend.setBrush(fill)
        self.legend.setPen(frame)
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)
