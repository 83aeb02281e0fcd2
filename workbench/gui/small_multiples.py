"""Small multiples: one mini plot per run, on shared axes, instead of every curve in one overlay.

Overlaid curves of five regularization settings are a tangle; side by side on the same scales, each
run's fall of the training curve, its validation curve and the gap between them read at a glance.

Every mini plot shows, in the run's colour: train (solid, small filled markers), validation (dashed,
hollow markers), the generalization gap between them lightly shaded, and a star on the validation
curve at the epoch of lowest validation loss; optionally a grey dashed baseline (chance accuracy).

`show_runs` may be called many times a second with growing arrays: while the run keys stay the same
the existing items get new data with setData, and only a new set or order of keys rebuilds the grid.
"""

from __future__ import annotations

import html
import math
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.gui.plot_style import (
    EpochAxis,
    FollowsPalette,
    style_axes,
    validation_pen,
)

MAX_COLUMNS = 4
GAP_ALPHA = 45  # of 255: the shaded gap must not hide the grid or the curves
EMPTY_HINT = QT_TRANSLATE_NOOP("SmallMultiples", "Select runs in the Runs tab to see one small plot per run.")
METRIC_NAMES = {"loss": QT_TRANSLATE_NOOP("SmallMultiples", "Loss"),
                "accuracy": QT_TRANSLATE_NOOP("SmallMultiples", "Accuracy")}
AXIS_NAMES = {"loss": QT_TRANSLATE_NOOP("SmallMultiples", "loss"),
              "accuracy": QT_TRANSLATE_NOOP("SmallMultiples", "accuracy")}
TITLE_PT, TICK_PT = 9.0, 8.0  # at scale 1; presentation mode multiplies them
TITLE_MARGIN = 14  # pixels left free beside an elided title (QGraphicsTextItem's own margins and some air)


@dataclass
class RunSeries:
    """One run's curves for one metric, as the caller has them; arrays may grow between calls."""

    key: Hashable           # run id
    label: str              # e.g. "#12 LSTM · dropout 0.5"
    color: QColor           # the run's colour
    epochs: np.ndarray      # 1-based epoch numbers (float array), may be empty
    train: np.ndarray       # the metric per epoch on the training data (NaN allowed)
    validation: np.ndarray  # the metric per epoch on the validation data (NaN allowed)
    best_epoch: int | None  # epoch of lowest validation loss, marked on the validation curve; None = no marker


@dataclass
class _Mini:
    """The items of one mini plot. `bounds` is an invisible curve through the corners of all runs' data,
    so every plot's own auto-range covers every run (linked views alone follow whichever moved last)."""

    key: Hashable
    label: str
    color: QColor
    plot: pg.PlotItem
    train: pg.PlotDataItem
    validation: pg.PlotDataItem
    gap_edges: tuple[pg.PlotCurveItem, pg.PlotCurveItem]  # train and validation where both are finite
    gap: pg.FillBetweenItem
    best: pg.ScatterPlotItem
    baseline: pg.InfiniteLine
    bounds: pg.PlotCurveItem
    drawn: tuple | None = None  # (epochs, train, validation, best_epoch) as last drawn, to skip repeats


def _finite_pair(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y cut to a common length; both empty if y has no finite value (spares pyqtgraph's
    all-NaN warnings)."""
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    if not np.isfinite(y).any():
        return np.empty(0), np.empty(0)
    return x, y


def _same(a: tuple, b: tuple) -> bool:
    """Equal tuples of arrays and scalars, NaN equal to NaN (a repeated call draws nothing new)."""
    return len(a) == len(b) and all(
        np.array_equal(x, y, equal_nan=True) if isinstance(x, np.ndarray) or isinstance(y, np.ndarray)
        else x == y for x, y in zip(a, b))


class SmallMultiples(FollowsPalette, QWidget):
    """A grid of mini plots, one per run, with linked x and y ranges; follows the palette."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("smallMultiples")
        self.scale = 1.0
        self._metric = "loss"
        self._baseline: float | None = None
        self._minis: list[_Mini] = []
        self._columns = 1
        self._drawn_corners: tuple[list, list] | None = None

        self.key_label = QLabel(objectName="smallMultiplesKey")
        self.key_label.setWordWrap(True)
        self.key_label.setContentsMargins(6, 2, 6, 0)
        self.hint = QLabel(self.tr(EMPTY_HINT), objectName="smallMultiplesHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("smallMultiplesView")
        self.graphics.ci.setContentsMargins(4, 4, 4, 4)
        self.graphics.ci.setSpacing(6)
        self.graphics.installEventFilter(self)  # re-elide the titles when the view's width changes

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.key_label)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.hint, 1)
        self._set_empty(True)
        self._apply_palette()

    # ----- public

    def show_runs(self, metric: str, runs: list[RunSeries], baseline: float | None = None) -> None:
        """Draw `metric` ("loss" or "accuracy") for these runs in this order; same keys as last time
        means the data is updated in place, other keys rebuild the grid. `baseline` (say, chance
        accuracy) is a grey dashed line in every plot, drawn whenever given."""
        metric_changed = metric != self._metric
        self._metric = metric
        self._baseline = None if baseline is None or not math.isfinite(baseline) else float(baseline)
        if [run.key for run in runs] != [mini.key for mini in self._minis]:
            self._rebuild(runs)
        elif metric_changed:
            self._label_axes()
        self._set_empty(not runs)
        self._update_key()
        if not runs:
            return
        arrays = [(np.asarray(run.epochs, dtype=float), np.asarray(run.train, dtype=float),
                   np.asarray(run.validation, dtype=float)) for run in runs]
        for mini, run, (epochs, train, validation) in zip(self._minis, runs, arrays):
            if run.label != mini.label:
                mini.label = run.label
                self._set_title(mini)
            if QColor(run.color) != mini.color:
                mini.color = QColor(run.color)
                self._apply_pens(mini)
            if mini.drawn is None or not _same(mini.drawn, (epochs, train, validation, run.best_epoch)):
                self._update(mini, epochs, train, validation, run.best_epoch)
                # Copies: the caller may hand views of buffers that it later fills in place.
                mini.drawn = (epochs.copy(), train.copy(), validation.copy(), run.best_epoch)
            self._show_baseline(mini)
        corners = self._corners(arrays)
        if corners != self._drawn_corners:
            self._drawn_corners = corners
            for mini in self._minis:
                mini.bounds.setData(*corners)

    def set_scale(self, scale: float) -> None:
        """Bigger text, thicker lines and markers (presentation mode on a projector); 1 is normal."""
        self.scale = scale
        for mini in self._minis:
            self._apply_pens(mini)
        self._apply_palette()

    def plot_items(self) -> list[pg.PlotItem]:
        """The mini plots in run order."""
        return [mini.plot for mini in self._minis]

    # ----- building

    def _rebuild(self, runs: list[RunSeries]) -> None:
        self.graphics.ci.clear()
        self._minis = []
        self._drawn_corners = None
        n = len(runs)
        self._columns = max(1, min(MAX_COLUMNS, math.ceil(math.sqrt(n))))
        for i, run in enumerate(runs):
            plot = self.graphics.ci.addPlot(row=i // self._columns, col=i % self._columns,
                                            axisItems={"bottom": EpochAxis("bottom")}, enableMenu=False)
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.setMinimumSize(120, 90)
            plot.enableAutoRange()
            plot.getAxis("left").enableAutoSIPrefix(False)  # else accuracy 0.3-0.9 reads "300-900 (x0.001)"
            train = pg.PlotDataItem(antialias=True, connect="finite")
            train.setObjectName("trainCurve")
            validation = pg.PlotDataItem(antialias=True, connect="finite")
            validation.setObjectName("validationCurve")
            edges = (pg.PlotCurveItem(), pg.PlotCurveItem())  # never shown: only the fill reads them
            gap = pg.FillBetweenItem(*edges)
            best = pg.ScatterPlotItem(symbol="star")
            best.setObjectName("bestEpochMarker")
            best.setZValue(10)
            baseline = pg.InfiniteLine(angle=0, movable=False)
            baseline.setObjectName("baselineLine")
            baseline.setZValue(-5)
            bounds = pg.PlotCurveItem(pen=pg.mkPen(None))
            bounds.setObjectName("rangeBounds")
            plot.addItem(bounds)
            plot.addItem(gap, ignoreBounds=True)
            plot.addItem(baseline, ignoreBounds=True)  # its value is in `bounds` already
            plot.addItem(train)
            plot.addItem(validation)
            plot.addItem(best)
            mini = _Mini(run.key, run.label, QColor(run.color), plot, train, validation, edges, gap,
                         best, baseline, bounds)
            self._minis.append(mini)
            self._apply_pens(mini)
            if self._minis[0] is not mini:
                plot.setXLink(self._minis[0].plot)
                plot.setYLink(self._minis[0].plot)
        self._apply_palette()

    def _label_axes(self) -> None:
        """The metric on the left column only: the rows already share a scale."""
        text = self.palette().color(QPalette.ColorRole.Text).name()
        for i, mini in enumerate(self._minis):
            if i % self._columns == 0:
                mini.plot.setLabel("left", self.tr(AXIS_NAMES.get(self._metric, self._metric)), color=text)
            else:
                mini.plot.setLabel("left", None)

    def _update(self, mini: _Mini, epochs: np.ndarray, train: np.ndarray, validation: np.ndarray,
                best_epoch: int | None) -> None:
        mini.train.setData(*_finite_pair(epochs, train))
        mini.validation.setData(*_finite_pair(epochs, validation))
        n = min(len(epochs), len(train), len(validation))
        both = np.isfinite(train[:n]) & np.isfinite(validation[:n])
        mini.gap_edges[0].setData(epochs[:n][both], train[:n][both])
        mini.gap_edges[1].setData(epochs[:n][both], validation[:n][both])
        at = np.flatnonzero(epochs[: len(validation)] == best_epoch) if best_epoch is not None else []
        if len(at) and math.isfinite(validation[at[-1]]):
            mini.best.setData([float(best_epoch)], [float(validation[at[-1]])])
        else:
            mini.best.setData([], [])

    def _show_baseline(self, mini: _Mini) -> None:
        if self._baseline is None:
            mini.baseline.hide()
        elif not mini.baseline.isVisible() or mini.baseline.value() != self._baseline:
            mini.baseline.setValue(self._baseline)
            mini.baseline.show()

    def _corners(self, arrays: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[list, list]:
        """Two points spanning every run's finite data (and the baseline): the shared range."""
        xs, ys = [], []
        for epochs, train, validation in arrays:
            for y in (train, validation):
                n = min(len(epochs), len(y))
                finite = np.isfinite(y[:n])
                xs.append(epochs[:n][finite])
                ys.append(y[:n][finite])
        x, y = np.concatenate(xs), np.concatenate(ys)
        if not x.size:
            return [], []
        y_low, y_high = float(y.min()), float(y.max())
        if self._baseline is not None:
            y_low, y_high = min(y_low, self._baseline), max(y_high, self._baseline)
        return [float(x.min()), float(x.max())], [y_low, y_high]

    # ----- look

    def _apply_pens(self, mini: _Mini) -> None:
        s, color = self.scale, mini.color
        solid = pg.mkPen(color, width=1.6 * s)
        dashed = validation_pen(color, 1.6 * s)
        mini.train.setPen(solid)
        mini.train.setSymbol("o")
        mini.train.setSymbolSize(4 * s)
        mini.train.setSymbolPen(pg.mkPen(color, width=1 * s))
        mini.train.setSymbolBrush(pg.mkBrush(color))
        mini.validation.setPen(dashed)
        mini.validation.setSymbol("o")
        mini.validation.setSymbolSize(4 * s)
        mini.validation.setSymbolPen(pg.mkPen(color, width=1 * s))
        mini.validation.setSymbolBrush(None)
        fill = QColor(color)
        fill.setAlpha(GAP_ALPHA)
        mini.gap.setBrush(fill)
        mini.best.setSize(16 * s)
        mini.best.setBrush(pg.mkBrush(color))

    def _apply_palette(self) -> None:
        """Plot background = the palette's Base, text and axes in its Text colour, grey baseline."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        baseline = QColor(text)
        baseline.setAlpha(110)
        tick_font = QFont()
        tick_font.setPointSizeF(TICK_PT * self.scale)
        self.graphics.setBackground(background)
        faint = QColor(palette.color(QPalette.ColorRole.WindowText))
        faint.setAlpha(150)  # the key and the hint are help, not data (themes' placeholder colours vary)
        for label in (self.key_label, self.hint):
            label_palette = label.palette()
            label_palette.setColor(QPalette.ColorRole.WindowText, faint)
            label.setPalette(label_palette)
        for mini in self._minis:
            style_axes(mini.plot, text, tick_font)
            mini.baseline.setPen(pg.mkPen(baseline, width=1 * self.scale, style=Qt.PenStyle.DashLine))
            mini.best.setPen(pg.mkPen(background, width=1 * self.scale))  # a rim against the curve under it
            mini.plot.layout.setRowFixedHeight(0, max(30.0, 2.2 * TITLE_PT * self.scale + 8))
            self._set_title(mini)
        self._label_axes()
        self._update_key()

    def _set_title(self, mini: _Mini) -> None:
        """The run label, elided to the width the plot gets in the grid; the full label as tooltip."""
        size = TITLE_PT * self.scale
        font = QFont()
        font.setPointSizeF(size)
        text = QFontMetricsF(font).elidedText(mini.label, Qt.TextElideMode.ElideRight, self._title_width())
        mini.plot.setTitle(html.escape(text, quote=False), color=self.palette().color(QPalette.ColorRole.Text),
                           size=f"{size:g}pt")
        mini.plot.titleLabel.setToolTip(mini.label if text != mini.label else "")

    def _title_width(self) -> float:
        """What a title may take: a grid cell's width less the left axis (titles sit above the view box).

        Taken from the view's width, not the plot's: a title wider than its plot would hold the plot
        wide (a label's minimum width is its text's) and the grid would spill out of the view."""
        margins = self.graphics.ci.layout.getContentsMargins()
        spacing = self.graphics.ci.layout.horizontalSpacing()
        cell = (self.graphics.width() - margins[0] - margins[2] - spacing * (self._columns - 1)) / self._columns
        axis = max((mini.plot.getAxis("left").width() for mini in self._minis), default=0.0) or 40.0 * self.scale
        return max(20.0, cell - axis - TITLE_MARGIN * self.scale)

    def _update_key(self) -> None:
        """One line that says how to read every mini plot, so the plots need no legends."""
        self.key_label.setText(
            self.tr("{metric} per epoch, same scales in every plot · solid: train · dashed: validation · shaded: "
                    "the gap · ★ epoch of lowest validation loss").format(
                metric=self.tr(METRIC_NAMES.get(self._metric, self._metric)))
            + (self.tr(" · grey dashed: baseline {value}").format(value=f"{self._baseline:.3g}")
               if self._baseline is not None else ""))

    def _set_empty(self, empty: bool) -> None:
        self.hint.setVisible(empty)
        self.graphics.setVisible(not empty)
        self.key_label.setVisible(not empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.graphics and event.type() == QEvent.Type.Resize:
            for mini in self._minis:
                self._set_title(mini)
        return super().eventFilter(watched, event)
