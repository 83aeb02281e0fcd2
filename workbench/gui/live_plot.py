"""Live loss and accuracy curves: one line per run and split, cheap to feed at any event rate.

Events only append to growable numpy buffers and mark their run dirty; a 200 ms single-shot
timer (at most 5 redraws a second) hands the buffers to the curve items with setData. So a
flood of batch events costs an array write each, and `flush()` draws at once when needed. The
batch-loss line is two items: the epochs before the one in progress (set again once an epoch) and
that epoch's own stretch, so a redraw between epochs repaints one epoch's width of the plot.

Painting is kept cheap while a run trains (`follow`): the x axis is fixed to the planned epochs,
the loss plot's y range only ever widens (with headroom, so rarely), the batch loss keeps one point
per 1/100 of an epoch, and axes are not laid out again for each batch. When the run ends, the
plots fit their data again.

Each run gets, in one colour: train (solid) and validation (dashed) on both plots, with small
markers at the epoch points, plus a faint thin line on the loss plot for the running batch loss.
On top, each switchable from the toolbar: the train-validation gap shaded in the run's colour, a
star on each validation curve at the epoch of lowest validation loss, and the lookup-table
baseline as a reference line on the accuracy plot. The legend names each run once, after a key
for the two line styles. `annotate_overfitting` marks, inside the loss plot, the epoch from which
a run's validation loss has risen, with a short note. The same curves can be shown as small multiples (one
mini plot per run, shared axes) instead of overlaid.

A run that continues another (fine-tuning a stored run) is drawn after it: `set_epoch_offset` moves
its epochs to the right of its parent's, and `set_faint` draws the parent as pale context.

Exports: `export_png` and `export_svg` write one file per plot, named after the chosen path with
"-loss" and "-accuracy" before the suffix (curves.png -> curves-loss.png, curves-accuracy.png);
`export_csv` writes one row per run and epoch in UTF-8 with a BOM, so Excel shows Chinese labels.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (makes pg.exporters available)
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.text import shorten
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.in_turns import TURN_MS
from workbench.gui.plot_style import (
    PALETTE,
    EpochAxis,
    FollowsPalette,
    measure_axes,
    style_plot,
    validation_pen,
)
from workbench.gui.small_multiples import RunSeries, SmallMultiples

PLOTS = ("loss", "accuracy")
WHICH = ("train", "validation", "batch")
CSV_COLUMNS = ("run", "label", "epoch", "loss", "accuracy", "val_loss", "val_accuracy")
_EPOCH_COLUMNS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")
_METRIC = {("loss", "train"): "loss", ("loss", "validation"): "val_loss",
           ("accuracy", "train"): "accuracy", ("accuracy", "validation"): "val_accuracy"}
REDRAW_MS = 200  # new points are drawn at most 5 times a second: a redraw paints every run on the plot again
ACCURACY_HELD_MS = 200  # at most: see paint_accuracy_a_turn_later
BATCH_POINTS_PER_EPOCH = 100  # the batch-loss line keeps one point per 1/100 of an epoch (the latest)
Y_HEADROOM = 0.15  # of the data's span: room added when a plot's y range must widen while following a run
BATCH_ALPHA = 64  # of 255: the batch line is a faint hint under the epoch points
FAINT_ALPHA = 90  # of 255: a run drawn as context (set_faint), e.g. the run another continues
FOLLOWED_WEIGHT = 4  # how many times the run in flight's points count where the legend would hide them
GAP_ALPHA = 40  # of 255: the train-validation gap of one run; lighter with more runs (40 / sqrt(n))
BEST_SYMBOL_SIZE = 13
LEGEND_CHARS = 40
VIEWS = {"overlay": QT_TRANSLATE_NOOP("LivePlots", "Overlay"),
         "small_multiples": QT_TRANSLATE_NOOP("LivePlots", "Small multiples")}
HOVER_HINT = QT_TRANSLATE_NOOP("LivePlots", "Hover over a plot to read the values at an epoch.")
# Legend offsets (pixels from the plot's edges; negative = from the right or bottom), preferred first:
# loss usually falls to the bottom right, accuracy climbs to the top right.
_TOP_RIGHT, _BOTTOM_RIGHT, _TOP_LEFT, _BOTTOM_LEFT = (-8, 8), (-8, -8), (8, 8), (8, -8)
LEGEND_CORNERS = {"loss": (_TOP_RIGHT, _BOTTOM_LEFT, _TOP_LEFT, _BOTTOM_RIGHT),
                  "accuracy": (_BOTTOM_RIGHT, _TOP_LEFT, _BOTTOM_LEFT, _TOP_RIGHT)}


class _Columns:
    """Float columns of one shared length, stored in a numpy buffer that doubles when full."""

    def __init__(self, names: Iterable[str], capacity: int = 64):
        self.names = {name: i for i, name in enumerate(names)}
        self.buffer = np.full((len(self.names), capacity), np.nan)
        self.n = 0

    def append(self, values: Iterable[float]) -> None:
        if self.n == self.buffer.shape[1]:
            grown = np.full((self.buffer.shape[0], 2 * self.buffer.shape[1]), np.nan)
            grown[:, : self.n] = self.buffer[:, : self.n]
            self.buffer = grown
        self.buffer[:, self.n] = tuple(values)
        self.n += 1

    def truncate(self, n: int) -> None:
        self.n = min(self.n, n)

    def __getitem__(self, name: str) -> np.ndarray:
        """A view of the filled part of one column."""
        return self.buffer[self.names[name], : self.n]


@dataclass
class _Run:
    key: Hashable
    label: str
    color: QColor
    curves: dict[tuple[str, str], pg.PlotDataItem] = field(default_factory=dict)
    batch_tail: pg.PlotDataItem | None = None  # the batch-loss line's epoch in progress (curves' "batch": before it)
    batch_split: int = -1  # batch points the "batch" item holds; -1: draw it again
    fills: dict[str, pg.FillBetweenItem] = field(default_factory=dict)  # plot -> train-val gap
    best: dict[str, pg.ScatterPlotItem] = field(default_factory=dict)  # plot -> best-epoch star
    epochs: _Columns = field(default_factory=lambda: _Columns(_EPOCH_COLUMNS, 32))
    batches: _Columns = field(default_factory=lambda: _Columns(("x", "loss"), 1024))
    offset: int = 0  # epochs drawn before this run's first (set_epoch_offset)
    faint: bool = False  # drawn as context: pale, thin, no markers, gap or star (set_faint)


class _Legend(pg.LegendItem):
    """A legend that LivePlots moves to the emptiest corner, until the user drags it somewhere."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dragged = False

    def mouseDragEvent(self, ev):
        super().mouseDragEvent(ev)
        self.dragged = self.dragged or ev.isAccepted()


def _legend_text(label: str) -> str:
    """A run's legend entry: its label, cut short so the legend never covers half a plot (the hover
    read-out and the Runs tab give it whole)."""
    return html.escape(shorten(label, LEGEND_CHARS), quote=False)


def _best_index(run: _Run) -> int | None:
    """Row of the run's lowest validation loss (the first on a tie), None without one."""
    val_loss = run.epochs["val_loss"]
    if not np.isfinite(val_loss).any():
        return None
    return int(np.nanargmin(val_loss))


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _fmt(value: float, kind: str) -> str:
    if not math.isfinite(value):
        return "–"
    return f"{value:.3f}" if kind == "accuracy" else f"{value:.3g}"


class LivePlots(FollowsPalette, QWidget):
    """Loss and accuracy per epoch for any number of runs, keyed by run id (any hashable)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = 1.0  # presentation mode makes text and lines bigger
        self._runs: dict[Hashable, _Run] = {}
        self._dirty: dict[Hashable, set[str]] = {}  # run -> which buffers changed: "epochs", "batches"
        self._last_dir = Path.home()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.flush)

        self.plots: dict[str, pg.PlotWidget] = {}
        self.legends: dict[str, pg.LegendItem] = {}
        self._markers: dict[str, pg.InfiniteLine] = {}
        self._style_key: dict[str, list[pg.PlotDataItem]] = {}  # plot -> the "train" / "validation" samples
        self._following: Hashable | None = None  # the run in flight (see follow)
        self._planned_epochs = 0
        self._y_ranges: dict[str, tuple[float, float]] = {}  # plot -> its y range while following
        self.baseline: float | None = None
        self._baseline_line: pg.InfiniteLine | None = None
        self._annotation: tuple[Hashable, int, str] | None = None  # run, since epoch, text
        self._annotation_items: list = []
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="livePlotSplitter")
        splitter.setChildrenCollapsible(False)
        for name, title in (("loss", self.tr("Loss")), ("accuracy", self.tr("Accuracy"))):
            plot = pg.PlotWidget(axisItems={"bottom": EpochAxis("bottom")}, enableMenu=False)
            plot.setObjectName(f"{name}Plot")  # PlotWidget(objectName=...) would name its PlotItem instead
            plot.setAntialiasing(True)
            plot.setMinimumSize(240, 180)
            item = plot.getPlotItem()
            item.setTitle(title)
            item.setLabel("bottom", self.tr("epoch"))
            item.showGrid(x=True, y=True, alpha=0.18)
            # No clipping to the view and no downsampling for the plot's items (PlotItem would set them on
            # every item it adds): each change of range would compute every curve's points again. Only the
            # batch-loss line, the one with thousands of points, has them (start_run).
            item.enableAutoRange()
            legend = _Legend(offset=LEGEND_CORNERS[name][0], verSpacing=-4, labelTextSize="8.5pt")
            legend.setParentItem(item.getViewBox())
            item.legend = legend  # what addLegend does, with our legend class
            legend.hide()  # an empty legend would draw an empty box; shown with the first run
            self.legends[name] = legend
            item.getViewBox().sigRangeChanged.connect(lambda *_args, name=name: self._place_legend(name))
            marker = pg.InfiniteLine(angle=90, movable=False)
            marker.setZValue(-10)
            marker.hide()
            item.addItem(marker, ignoreBounds=True)
            self._markers[name] = marker
            plot.scene().sigMouseMoved.connect(lambda pos, name=name: self._hover(name, pos))
            plot.installEventFilter(self)
            self.plots[name] = plot
            splitter.addWidget(plot)
        splitter.setSizes([500, 500])
        self.loss_plot, self.accuracy_plot = self.plots["loss"], self.plots["accuracy"]
        self.accuracy_plot.setXLink(self.loss_plot)  # same epochs under each other, one zoom for both
        for plot in self.plots.values():
            measure_axes(plot)
        self._accuracy_held = QTimer(self, singleShot=True, interval=ACCURACY_HELD_MS)  # paint_accuracy_a_turn_later
        self._accuracy_held.timeout.connect(self._release_accuracy_plot)
        self.loss_plot.viewport().installEventFilter(self)

        self.small_multiples = SmallMultiples()
        self.metric_combo = QComboBox(objectName="smallMultiplesMetric")
        self.metric_combo.addItem(self.tr("Loss"), "loss")
        self.metric_combo.addItem(self.tr("Accuracy"), "accuracy")
        self.metric_combo.setToolTip(self.tr("Which curves the small plots show."))
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._update_small_multiples())
        self.stack = QStackedWidget(objectName="curvesStack")
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.small_multiples)

        # The style's own menu arrow is drawn over the text of a button that opens its menu at once.
        self.export_button = QToolButton(objectName="exportButton", text=self.tr("Export") + " ▾")
        self.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.export_button.setToolTip(self.tr("Save the curves as images, or their numbers as a CSV table."))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(self.tr("PNG images (loss and accuracy)…"), lambda: self._export_dialog("png"))
        menu.addAction(self.tr("SVG images (loss and accuracy)…"), lambda: self._export_dialog("svg"))
        menu.addAction(self.tr("CSV table…"), lambda: self._export_dialog("csv"))
        self.export_button.setMenu(menu)
        self.export_button.setEnabled(False)
        self.export_status = QLabel(objectName="exportStatusLabel")
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view_combo = QComboBox(objectName="curvesViewCombo")
        for view, text in VIEWS.items():
            self.view_combo.addItem(self.tr(text), view)
        self.view_combo.setToolTip(self.tr("Overlay: every run on the same two plots. Small multiples: one small "
                                           "plot per run, all on the same axes."))
        self.view_combo.currentIndexChanged.connect(self._show_view)
        self.toggles: dict[str, QToolButton] = {}
        for name, text, tip in (
                ("gap", self.tr("Gap"), self.tr("Shade the gap between training and validation curves: the wider "
                                                "it is, the more the model has memorized the training texts.")),
                ("best", self.tr("Best epoch"), self.tr("Mark each validation curve with a star at its epoch of lowest "
                                                        "validation loss (where early stopping would have kept the "
                                                        "model).")),
                ("baseline", self.tr("Baseline"), self.tr("Show the lookup-table baseline on the accuracy plot: a "
                                                          "model that only memorizes the training texts. A real model "
                                                          "should be well above it."))):
            button = QToolButton(objectName=f"{name}ToggleButton", text=text, checkable=True, checked=True)
            button.setToolTip(tip)
            button.toggled.connect(self._on_toggle)
            self.toggles[name] = button
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(4, 2, 4, 0)
        toolbar.addWidget(self.export_button)
        toolbar.addWidget(QLabel(self.tr("View:")))
        toolbar.addWidget(self.view_combo)
        toolbar.addWidget(self.metric_combo)
        for button in self.toggles.values():
            toolbar.addWidget(button)
        toolbar.addWidget(self.export_status, 1)

        self.readout = QLabel(self.tr(HOVER_HINT), objectName="plotReadout")
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setContentsMargins(4, 0, 4, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.readout)
        self.metric_combo.hide()
        self._apply_palette()

    # ----- runs

    def start_run(self, key: Hashable, label: str, color: QColor | None = None) -> QColor:
        """Create the (empty) curves of one run; a key already shown is replaced. Returns its colour."""
        old = self._runs.get(key)
        if old is not None:
            self.remove_run(key)
        if color is None:
            color = QColor(old.color) if old is not None else self._free_color()
        color = QColor(color)
        run = _Run(key, str(label), color)
        faint = QColor(color)
        faint.setAlpha(BATCH_ALPHA)
        solid = pg.mkPen(color, width=2 * self.scale)
        dashed = validation_pen(color, 2 * self.scale)
        name = _legend_text(run.label)
        for plot in PLOTS:
            item = self.plots[plot].getPlotItem()
            if plot == "loss":  # added first so that it lies under the epoch lines
                pen = pg.mkPen(faint, width=1)
                batch = pg.PlotDataItem(pen=pen, antialias=True, connect="finite",
                                        clipToView=True, autoDownsample=True, downsampleMethod="peak")
                run.curves[plot, "batch"] = batch
                run.batch_tail = pg.PlotDataItem(pen=pen, antialias=True, connect="finite")  # one epoch: few points
                for part in (batch, run.batch_tail):
                    part.setZValue(-1)
                    item.addItem(part)
            for which, pen, brush in (("train", solid, pg.mkBrush(color)), ("validation", dashed, None)):
                # One point per epoch: a change of range needs no new points (dynamicRangeLimit would
                # set them again at every change of the y range, for a guard against values near 1e6
                # times the range that a plot whose range follows its data never shows).
                curve = pg.PlotDataItem(pen=pen, symbol="o", symbolSize=5 * self.scale,
                                        symbolPen=pg.mkPen(color, width=1.2 * self.scale),
                                        symbolBrush=brush, antialias=True, connect="finite", dynamicRangeLimit=None)
                item.addItem(curve)
                run.curves[plot, which] = curve
            self._add_style_key(plot)
            self.legends[plot].addItem(run.curves[plot, "train"], name)  # one entry per run
            self.legends[plot].show()
            fill = pg.FillBetweenItem(run.curves[plot, "train"], run.curves[plot, "validation"])  # brush: _lighten_gaps
            fill.setZValue(-15)
            fill.setVisible(self.toggles["gap"].isChecked())
            item.addItem(fill)
            run.fills[plot] = fill
            star = pg.ScatterPlotItem(symbol="star", size=BEST_SYMBOL_SIZE * self.scale, brush=pg.mkBrush(color),
                                      pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Base), width=1))
            star.setZValue(5)
            star.setVisible(self.toggles["best"].isChecked())
            item.addItem(star)
            run.best[plot] = star
        self._runs[key] = run
        self._lighten_gaps()
        self.export_button.setEnabled(True)
        return QColor(color)

    def add_epoch(self, key: Hashable, epoch: int, metrics: Mapping[str, float]) -> None:
        """Buffer one epoch's loss, accuracy, val_loss and val_accuracy (missing or NaN is fine).

        Events for a key not shown (say, a run removed while its last events were queued) are dropped.
        """
        run = self._runs.get(key)
        if run is None:
            return
        epochs = run.epochs
        epoch += run.offset
        if epochs.n and epoch <= epochs["epoch"][-1]:  # an epoch sent again replaces itself and later ones
            epochs.truncate(int(np.searchsorted(epochs["epoch"], epoch, side="left")))
        epochs.append([float(epoch)] + [_number(metrics.get(m)) for m in _EPOCH_COLUMNS[1:]])
        self._mark_dirty(key, "epochs")

    def add_batch(self, key: Hashable, epoch: int, step: int, steps: int, loss: float) -> None:
        """Buffer the running loss after `step` of `steps` in 1-based `epoch`, at x = epoch - 1 + step/steps.

        A point in the same 1/BATCH_POINTS_PER_EPOCH of an epoch as the previous one replaces it, so the
        line's cost grows with the epochs, not with the batches."""
        run = self._runs.get(key)
        if run is None:
            return
        x = run.offset + epoch - 1 + step / max(steps, 1)
        batches = run.batches
        if batches.n and math.ceil(x * BATCH_POINTS_PER_EPOCH) == math.ceil(  # (k-1)/100 < x <= k/100
                batches["x"][-1] * BATCH_POINTS_PER_EPOCH):
            batches.truncate(batches.n - 1)
        batches.append((x, _number(loss)))
        self._mark_dirty(key, "batches")

    def follow(self, key: Hashable, epochs: int) -> None:
        """Run `key` is training for `epochs` epochs: fix the x axis to them (with the other runs' epochs)
        and let the y ranges only widen, so axes are not laid out again for every batch or epoch."""
        self._following, self._planned_epochs = key, epochs
        self._y_ranges = {}
        for plot in self.plots.values():
            plot.getPlotItem().enableAutoRange(False)
        self._fix_x_range()

    def _fix_x_range(self) -> None:
        """The planned epochs of the run in flight, or more if a run on show has more."""
        shown = [int(run.epochs["epoch"][-1]) for run in self._runs.values() if run.epochs.n]
        followed = self._runs.get(self._following)
        planned = self._planned_epochs + (followed.offset if followed is not None else 0)
        self.loss_plot.getPlotItem().setXRange(0, max([planned, *shown]), padding=0.02)

    def set_epoch_offset(self, key: Hashable, offset: int) -> None:
        """Draw run ``key``'s epoch 1 at ``offset`` + 1: a run that continues another starts where its
        parent ended. Its epochs already drawn move with it; later events are moved as they come."""
        run = self._runs.get(key)
        if run is None or run.offset == offset:
            return
        shift = offset - run.offset
        run.offset = offset
        run.epochs["epoch"][:] += shift
        run.batches["x"][:] += shift
        run.batch_split = -1
        self._mark_dirty(key, "epochs")
        self._mark_dirty(key, "batches")
        if self._following is not None:
            self._fix_x_range()

    def set_faint(self, key: Hashable) -> None:
        """Draw run ``key`` as pale context for the others (the run a new one continues): thin lines in
        its colour, without markers, gap shading or best-epoch star. Show it again to undo."""
        run = self._runs.get(key)
        if run is None:
            return
        run.faint = True
        color = QColor(run.color)
        color.setAlpha(FAINT_ALPHA)
        for (_plot, which), curve in run.curves.items():
            if which == "batch":
                continue
            curve.setPen(pg.mkPen(color, width=1.5 * self.scale) if which == "train"
                         else validation_pen(color, 1.5 * self.scale))
            curve.setSymbol(None)
        for item in (*run.fills.values(), *run.best.values()):
            item.setVisible(False)

    def faint(self, key: Hashable) -> bool:
        return key in self._runs and self._runs[key].faint

    def epoch_offset(self, key: Hashable) -> int:
        return self._runs[key].offset if key in self._runs else 0

    def finish(self, key: Hashable) -> None:
        """The followed run has ended: the plots fit their data again."""
        if self._following != key:
            return
        self._following = None
        self.paint_accuracy_a_turn_later()
        self.flush()
        for plot in self.plots.values():
            plot.getPlotItem().enableAutoRange()

    def _widen_y_ranges(self) -> None:
        """While following a run: grow each plot's y range to hold every point, never shrink it.

        Auto-range would set a new range with each epoch's points, and lay the axis out and paint the
        plot twice (12 and 4 ms on the accuracy plot, in the same turn as the loss plot's paint)."""
        for plot in PLOTS:
            parts = [run.epochs[_METRIC[plot, which]] for run in self._runs.values() for which in ("train", "validation")]
            if plot == "loss":
                parts += [run.batches["loss"] for run in self._runs.values()]
            elif self._baseline_line is not None:  # in the range, as auto-range has it (_draw_baseline)
                parts.append(np.array([self.baseline]))
            values = np.concatenate(parts) if parts else np.empty(0)
            values = values[np.isfinite(values)]
            if not values.size:
                continue
            low, high = float(values.min()), float(values.max())
            shown = self._y_ranges.get(plot)
            if shown is not None:
                if shown[0] <= low and high <= shown[1]:
                    continue
                low, high = min(low, shown[0]), max(high, shown[1])
            room = Y_HEADROOM * max(high - low, 1e-3)
            self._y_ranges[plot] = (max(0.0, low - room), high + room)  # neither a loss nor an accuracy is below 0
            self.plots[plot].getPlotItem().setYRange(*self._y_ranges[plot], padding=0)

    def show_history(self, key: Hashable, label: str, history: list[Mapping[str, float]],
                     color: QColor | None = None) -> QColor:
        """Draw a finished run at once: one metrics dict per epoch, in order."""
        color = self.start_run(key, label, color)
        for epoch, metrics in enumerate(history, start=1):
            self.add_epoch(key, epoch, metrics)
        self._dirty.pop(key, None)
        self._redraw(self._runs[key], {"epochs"})
        if self._following is not None:
            self._fix_x_range()
            self._y_ranges = {}  # fit the stored run in too
            self._widen_y_ranges()
        return color

    def rename_run(self, key: Hashable, label: str) -> None:
        """A new label for a run on the plots (runs are named by what sets them apart from the others)."""
        self.rename_runs({key: label})

    def rename_runs(self, labels: Mapping[Hashable, str]) -> None:
        """New labels for runs on the plots; the legends are built again once, whatever the number of runs."""
        changed = False
        for key, label in labels.items():
            run = self._runs.get(key)
            if run is not None and run.label != label:
                run.label, changed = str(label), True
        if not changed:
            return
        for plot in PLOTS:  # built again: a legend does not shrink when a label gets shorter
            legend = self.legends[plot]
            legend.clear()
            for sample, name in zip(self._style_key.get(plot, []), (self.tr("train"), self.tr("validation"))):
                legend.addItem(sample, name)
            for other in self._runs.values():
                legend.addItem(other.curves[plot, "train"], _legend_text(other.label))
        self._update_small_multiples()

    def remove_run(self, key: Hashable) -> None:
        run = self._runs.pop(key, None)
        if run is None:
            return
        self._dirty.pop(key, None)
        for (plot, which), curve in run.curves.items():
            if which == "train":
                self.legends[plot].removeItem(curve)
            self.plots[plot].getPlotItem().removeItem(curve)
        if run.batch_tail is not None:
            self.loss_plot.getPlotItem().removeItem(run.batch_tail)
        for plot in PLOTS:
            self.plots[plot].getPlotItem().removeItem(run.fills[plot])
            self.plots[plot].getPlotItem().removeItem(run.best[plot])
        if self._annotation is not None and self._annotation[0] == key:
            self.annotate_overfitting(None)
        if not self._runs:
            for plot in PLOTS:
                for sample in self._style_key.pop(plot, []):
                    self.legends[plot].removeItem(sample)
                self.legends[plot].hide()
        self.export_button.setEnabled(bool(self._runs))
        self._lighten_gaps()
        self._update_small_multiples()

    def clear(self) -> None:
        for key in list(self._runs):
            self.remove_run(key)
        self._timer.stop()
        self._leave()

    def keys(self) -> list:
        return list(self._runs)

    def color(self, key: Hashable) -> QColor:
        return QColor(self._runs[key].color)

    def label(self, key: Hashable) -> str:
        return self._runs[key].label

    def curve_data(self, key: Hashable, plot: str, which: str) -> tuple[np.ndarray, np.ndarray]:
        """The x and y the curve items currently hold (after the last redraw), as copies."""
        if plot not in PLOTS or which not in WHICH or (plot, which) == ("accuracy", "batch"):
            raise ValueError(f"no {which!r} curve on the {plot!r} plot")
        run = self._runs[key]
        items = [run.curves[plot, which]] + ([run.batch_tail] if which == "batch" else [])
        xs, ys = [], []
        for item in items:
            x, y = item.getOriginalDataset()
            if x is not None and len(x):
                skip = 1 if xs else 0  # the epoch in progress starts at the last point before it
                xs.append(np.array(x, dtype=float)[skip:])
                ys.append(np.array(y, dtype=float)[skip:])
        if not xs:
            return np.empty(0), np.empty(0)
        return np.concatenate(xs), np.concatenate(ys)

    # ----- drawing

    def flush(self) -> None:
        """Redraw every run with new data now (the timer does this REDRAW_MS after the first new event)."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, {}
        if self._following is not None and any("epochs" in parts for parts in dirty.values()):
            self.paint_accuracy_a_turn_later()
        for key, parts in dirty.items():
            if key in self._runs:
                self._redraw(self._runs[key], parts)
        if dirty:
            if self._following is not None:
                self._widen_y_ranges()
            if any("epochs" in parts for parts in dirty.values()):  # the ranges seldom change while following
                for plot in PLOTS:
                    self._place_legend(plot)
            self._update_small_multiples()

    def paint_accuracy_a_turn_later(self) -> None:
        """For a change to both plots (an epoch, a resize): painting both in one turn of the event loop,
        8-19 ms each while the engine trains on both cores, was the longest gap of a run. The accuracy
        plot is painted a turn after the loss plot (or ACCURACY_HELD_MS later, if that one is not painted).
        Called while this widget's updates are off, the accuracy plot's stay off when they are turned on."""
        if not self.accuracy_plot.testAttribute(Qt.WidgetAttribute.WA_ForceUpdatesDisabled):  # not held yet
            self.accuracy_plot.setUpdatesEnabled(False)
            self._accuracy_held.start()

    def _release_accuracy_plot(self) -> None:
        self._accuracy_held.stop()
        self.accuracy_plot.setUpdatesEnabled(True)

    # ----- gap, best epoch, baseline, overfitting note, small multiples

    def _add_style_key(self, plot: str) -> None:
        """Two neutral legend entries, "train" (solid) and "validation" (dashed), before the runs."""
        if plot in self._style_key:
            return
        samples = [pg.PlotDataItem(pen=pen) for pen in self._key_pens()]
        for sample, name in zip(samples, (self.tr("train"), self.tr("validation"))):
            self.legends[plot].addItem(sample, name)
        self._style_key[plot] = samples

    def _key_pens(self) -> tuple:
        """The style key's pens, in the palette's text colour: solid for train, dashed for validation."""
        text = self.palette().color(QPalette.ColorRole.Text)
        return pg.mkPen(text, width=2), validation_pen(text, 2)

    def _lighten_gaps(self) -> None:
        """Overlapping gaps mix their colours into grey: the more runs, the lighter each one."""
        alpha = round(GAP_ALPHA / math.sqrt(max(1, len(self._runs))))
        for run in self._runs.values():
            color = QColor(run.color)
            color.setAlpha(alpha)
            for fill in run.fills.values():
                fill.setBrush(pg.mkBrush(color))

    def _on_toggle(self) -> None:
        for run in self._runs.values():
            for fill in run.fills.values():
                fill.setVisible(self.toggles["gap"].isChecked() and not run.faint)
            for star in run.best.values():
                star.setVisible(self.toggles["best"].isChecked() and not run.faint)
        self._draw_baseline()
        self._update_small_multiples()

    def set_baseline(self, accuracy: float | None) -> None:
        """The lookup-table baseline's validation accuracy as a reference line (None: no line)."""
        self.baseline = accuracy if accuracy is not None and math.isfinite(accuracy) else None
        self._draw_baseline()
        self._update_small_multiples()

    def _draw_baseline(self) -> None:
        item = self.plots["accuracy"].getPlotItem()
        if self._baseline_line is not None:
            item.removeItem(self._baseline_line)
            self._baseline_line = None
        if self.baseline is None or not self.toggles["baseline"].isChecked():
            return
        color = QColor(self.palette().color(QPalette.ColorRole.Text))
        color.setAlpha(150)
        line = pg.InfiniteLine(pos=self.baseline, angle=0, movable=False,
                               pen=pg.mkPen(color, width=1.5 * self.scale, style=Qt.PenStyle.DashDotLine),
                               label=self.tr("lookup-table baseline {value}").format(value=f"{self.baseline:.3f}"),
                               labelOpts={"position": 0.98, "anchors": [(1, 1), (1, 1)], "color": color})
        line.setZValue(-5)
        item.addItem(line)  # inside the auto-range: a model far above it shows as far above it
        self._baseline_line = line
        if self._following is not None:
            self._widen_y_ranges()
        self._place_legend("accuracy")

    def baseline_shown(self) -> float | None:
        return None if self._baseline_line is None else float(self._baseline_line.value())

    def annotate_overfitting(self, key: Hashable | None, since_epoch: int = 0, text: str = "") -> None:
        """Mark, on the loss plot, `since_epoch`, from which run `key` has been memorizing, with a short
        note at its latest validation point; None removes the mark and the note."""
        self._annotation = None if key is None or key not in self._runs else (key, int(since_epoch), text)
        self._draw_annotation()

    def annotation_text(self) -> str:
        return "" if self._annotation is None else self._annotation[2]

    def _draw_annotation(self) -> None:
        item = self.plots["loss"].getPlotItem()
        for old in self._annotation_items:
            item.removeItem(old)
        self._annotation_items = []
        if self._annotation is None:
            return
        key, since, text = self._annotation
        run = self._runs[key]
        if not run.epochs.n:
            return
        last = float(run.epochs["epoch"][-1])
        # A line where memorizing began, and the note just under the latest validation point: in the gap
        # between the validation curve above and the training curve below, where no line runs.
        start = pg.InfiniteLine(pos=since + run.offset, angle=90, movable=False,
                                pen=pg.mkPen(run.color, width=1.5 * self.scale, style=Qt.PenStyle.DashLine))
        start.setZValue(-5)
        val_loss = float(run.epochs["val_loss"][-1])
        fill = QColor(self.palette().color(QPalette.ColorRole.Base))
        fill.setAlpha(225)
        note = pg.TextItem(html=f"<div style='font-size:{9 * self.scale:g}pt'>{html.escape(text)}</div>",
                           anchor=(1, -0.15), border=pg.mkPen(run.color, width=1), fill=pg.mkBrush(fill))
        note.setColor(self.palette().color(QPalette.ColorRole.Text))
        note.setPos(last, val_loss)
        note.setZValue(20)
        for extra in (start, note):
            item.addItem(extra, ignoreBounds=True)
            self._annotation_items.append(extra)
        self._place_legend("loss")

    def view(self) -> str:
        return self.view_combo.currentData()

    def set_view(self, view: str) -> None:
        """"overlay" (both plots, all runs) or "small_multiples" (one small plot per run)."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}")
        self.view_combo.setCurrentIndex(list(VIEWS).index(view))  # a change calls _show_view

    def _show_view(self) -> None:
        small = self.view() == "small_multiples"
        self.stack.setCurrentIndex(1 if small else 0)
        self.metric_combo.setVisible(small)
        self._update_small_multiples()

    def _update_small_multiples(self) -> None:
        """Hand the buffered curves to the small multiples, when they are showing."""
        if self.stack.currentWidget() is not self.small_multiples:
            return
        metric = self.metric_combo.currentData()
        series = []
        for run in self._runs.values():
            at = _best_index(run) if self.toggles["best"].isChecked() else None
            series.append(RunSeries(run.key, run.label, QColor(run.color), run.epochs["epoch"],
                                    run.epochs[_METRIC[metric, "train"]], run.epochs[_METRIC[metric, "validation"]],
                                    None if at is None else int(run.epochs["epoch"][at])))
        baseline = self.baseline if metric == "accuracy" and self.toggles["baseline"].isChecked() else None
        self.small_multiples.show_runs(metric, series, baseline)

    def _mark_dirty(self, key: Hashable, part: str) -> None:
        self._dirty.setdefault(key, set()).add(part)
        if not self._timer.isActive():
            self._timer.start()

    def _redraw(self, run: _Run, parts: set[str]) -> None:
        """Hand the changed buffers to their curves (views, no copies); a curve with no finite value is
        left empty, which spares pyqtgraph's all-NaN warnings."""
        for (plot, which), curve in run.curves.items():
            if which == "batch":
                if "batches" in parts:
                    self._redraw_batches(run)
            elif "epochs" in parts:
                y = run.epochs[_METRIC[plot, which]]
                if np.isfinite(y).any():
                    curve.setData(run.epochs["epoch"], y)
                else:
                    curve.setData([], [])
        if "epochs" in parts:
            at = _best_index(run)
            for plot, star in run.best.items():
                y = run.epochs[_METRIC[plot, "validation"]][at] if at is not None else math.nan
                if math.isfinite(y):
                    star.setData([run.epochs["epoch"][at]], [y])
                else:
                    star.setData([], [])
            if self._annotation is not None and self._annotation[0] == run.key:
                self._draw_annotation()

    @staticmethod
    def _redraw_batches(run: _Run) -> None:
        """The batch-loss line: the epochs before the one in progress only when that one has begun (their
        item spans the plot: repainting it repaints everything under it), and the stretch of the epoch in
        progress, from the last point before it, at each redraw."""
        x, loss = run.batches["x"], run.batches["loss"]
        split = int(np.searchsorted(x, math.ceil(x[-1]) - 1, side="right")) if len(x) else 0  # x <= its start
        if split != run.batch_split:
            run.curves["loss", "batch"].setData(x[:split], loss[:split], skipFiniteCheck=True)
            run.batch_split = split
        tail = max(split - 1, 0)
        run.batch_tail.setData(x[tail:], loss[tail:], skipFiniteCheck=True)

    def _place_legend(self, plot: str) -> None:
        """Move the legend to the corner covering the fewest curve samples, if that halves what it hides.
        A corner where it would cover a note (the overfitting note, the baseline's label) is taken last.

        Runs when the view range changes (auto-range follows new data) and when a note is drawn. The
        hysteresis keeps the legend from hopping between corners during training; a legend the user
        dragged stays where it was put.
        """
        legend = self.legends[plot]
        if legend.dragged or not legend.items:
            return
        x, y = self._samples(plot)
        if not x.size:
            return
        view = self.plots[plot].getPlotItem().getViewBox()
        box, width, height = view.sceneBoundingRect(), legend.width(), legend.height()
        notes = [note.sceneBoundingRect() for note in self._notes(plot)]

        def hidden(offset: tuple[int, int]) -> int:
            left = box.left() + offset[0] if offset[0] > 0 else box.right() + offset[0] - width
            top = box.top() + offset[1] if offset[1] > 0 else box.bottom() + offset[1] - height
            margin = 6  # a marker just outside the frame is half hidden too
            scene = QRectF(left - margin, top - margin, width + 2 * margin, height + 2 * margin)
            area = view.mapSceneToView(scene).boundingRect()
            samples = int(np.count_nonzero((x >= area.left()) & (x <= area.right())
                                           & (y >= area.top()) & (y <= area.bottom())))
            return samples + (x.size + 1) * sum(scene.intersects(note) for note in notes)

        current = tuple(legend.opts["offset"])  # (LegendItem.offset() is shadowed by an attribute)
        counts = {corner: hidden(corner) for corner in LEGEND_CORNERS[plot]}
        best = min(counts, key=counts.get)  # the first (preferred) corner among equals
        if 2 * counts[best] < counts.get(current, hidden(current)):
            legend.setOffset(best)

    def _notes(self, plot: str) -> list[pg.GraphicsItem]:
        """The text drawn inside a plot, which its legend must not cover."""
        if plot == "loss":
            return [item for item in self._annotation_items if isinstance(item, pg.TextItem)]
        return [self._baseline_line.label] if self._baseline_line is not None else []

    def _samples(self, plot: str, per_segment: int = 6) -> tuple[np.ndarray, np.ndarray]:
        """Points along every visible curve of a plot (epoch lines sampled between their points too).
        The run in flight's points count FOLLOWED_WEIGHT times: the legend keeps off the curve watched."""
        xs, ys = [], []
        t = np.linspace(0.0, 1.0, per_segment, endpoint=False)
        for run in self._runs.values():
            copies = FOLLOWED_WEIGHT if run.key == self._following else 1
            for (name, which), curve in run.curves.items():
                if name != plot or not curve.isVisible():
                    continue
                if which == "batch":
                    xs += [run.batches["x"]] * copies
                    ys += [run.batches["loss"]] * copies
                    continue
                x, y = run.epochs["epoch"], run.epochs[_METRIC[plot, which]]
                xs += [x, (x[:-1, None] + np.diff(x)[:, None] * t).ravel()] * copies
                ys += [y, (y[:-1, None] + np.diff(y)[:, None] * t).ravel()] * copies
        if not xs:
            return np.empty(0), np.empty(0)
        x = np.concatenate(xs)
        if plot == "accuracy" and self._baseline_line is not None and np.isfinite(x).any():
            # keep the legend off the baseline's label
            xs.append(np.linspace(np.nanmin(x), np.nanmax(x), 4 * per_segment))
            ys.append(np.full(4 * per_segment, self.baseline))
        return np.concatenate(xs), np.concatenate(ys)

    def _free_color(self) -> QColor:
        used = {run.color.name().lower() for run in self._runs.values()}
        for hex_color in PALETTE:
            if hex_color.lower() not in used:
                return QColor(hex_color)
        return QColor(PALETTE[len(self._runs) % len(PALETTE)])

    # ----- theme

    def set_scale(self, scale: float) -> None:
        """Bigger text, thicker lines and points (presentation mode on a projector); 1 is normal."""
        self.scale = scale
        for run in self._runs.values():
            for (_plot, which), curve in run.curves.items():
                pen = pg.mkPen(curve.opts["pen"])
                pen.setWidthF((1 if which == "batch" else 1.5 if run.faint else 2) * scale)
                curve.setPen(pen)
                if which == "batch":
                    run.batch_tail.setPen(pen)
                else:
                    curve.setSymbolSize(5 * scale)
                    curve.setSymbolPen(pg.mkPen(run.color, width=1.2 * scale))
            for star in run.best.values():
                star.setSize(BEST_SYMBOL_SIZE * scale)
        self.small_multiples.set_scale(scale)
        self._apply_palette()

    def _apply_palette(self) -> None:
        """Plot background = the palette's Base (white in light themes), text in its Text colour."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        frame = QColor(text)
        frame.setAlpha(60)
        legend_fill = QColor(background)
        legend_fill.setAlpha(190)  # a point under the legend still shows through
        marker = QColor(text)
        marker.setAlpha(90)
        tick_font = QFont()
        tick_font.setPointSizeF(tick_font.pointSizeF() * self.scale)
        for name, plot in self.plots.items():
            style_plot(plot, background, text, f"{11 * self.scale:g}pt", tick_font)
            legend = self.legends[name]
            legend.setBrush(legend_fill)
            legend.setPen(frame)
            legend.setLabelTextColor(text)
            legend.opts["labelTextSize"] = f"{8.5 * self.scale:g}pt"
            for _sample, label in legend.items:  # setLabelTextColor does not re-render existing labels
                label.setText(label.text, color=text, size=legend.opts["labelTextSize"])
            for sample, pen in zip(self._style_key.get(name, []), self._key_pens()):
                sample.setPen(pen)
            self._markers[name].setPen(pg.mkPen(marker, width=1, style=Qt.PenStyle.DashLine))
        for run in self._runs.values():
            for star in run.best.values():
                star.setPen(pg.mkPen(background, width=1))
        self._draw_baseline()
        self._draw_annotation()

    # ----- hover read-out

    def readout_at(self, plot: str, x: float) -> str:
        """Plain text for the epoch nearest to x: every visible run's train and validation values."""
        epoch, parts = self._readout(plot, x)
        if epoch is None:
            return ""
        return (self.tr("epoch {epoch} — ").format(epoch=epoch)
                + "; ".join(f"{label}: {values}" for _color, label, values in parts))

    def _readout(self, plot: str, x: float) -> tuple[int | None, list[tuple[QColor, str, str]]]:
        if plot not in PLOTS:
            raise ValueError(f"unknown plot {plot!r}")
        visible = [run for run in self._runs.values() if run.epochs.n and (
            run.curves[plot, "train"].isVisible() or run.curves[plot, "validation"].isVisible())]
        if not visible:
            return None, []
        candidates = np.unique(np.concatenate([run.epochs["epoch"] for run in visible]))
        epoch = candidates[int(np.argmin(np.abs(candidates - x)))]
        parts = []
        for run in visible:
            at = np.flatnonzero(run.epochs["epoch"] == epoch)
            if not at.size:
                continue
            i = int(at[-1])
            values = []
            if run.curves[plot, "train"].isVisible():
                values.append((self.tr("loss") if plot == "loss" else self.tr("acc")) + " "
                              + _fmt(run.epochs[_METRIC[plot, 'train']][i], plot))
            if run.curves[plot, "validation"].isVisible():
                values.append(self.tr("val") + " " + _fmt(run.epochs[_METRIC[plot, 'validation']][i], plot))
            parts.append((run.color, run.label, " / ".join(values)))
        return int(epoch), parts

    def _hover(self, plot: str, pos: QPointF) -> None:
        view = self.plots[plot].getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            return
        epoch, parts = self._readout(plot, view.mapSceneToView(pos).x())
        if epoch is None:
            self._leave()
            return
        for marker in self._markers.values():
            marker.setValue(epoch)
            marker.show()
        runs = "&nbsp;&nbsp; ".join(
            f"<span style='color:{color.name()}'>■</span> {html.escape(label)}: {html.escape(values)}"
            for color, label, values in parts)
        self.readout.setText(f"<b>epoch {epoch}</b> — {runs}")

    def _leave(self) -> None:
        for marker in self._markers.values():
            marker.hide()
        self.readout.setText(self.tr(HOVER_HINT))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave and watched in self.plots.values():
            self._leave()
        elif (event.type() == QEvent.Type.Paint and watched is self.loss_plot.viewport()
              and self._accuracy_held.isActive()):
            self._accuracy_held.stop()
            QTimer.singleShot(TURN_MS, self, self._release_accuracy_plot)
        return super().eventFilter(watched, event)

    # ----- export

    def export_png(self, path: str | Path, scale: float = 2.0) -> list[Path]:
        """One PNG per plot, `scale` times the on-screen size: <stem>-loss.png and <stem>-accuracy.png.

        The plot is drawn as on screen at a device pixel ratio of `scale`, so text, legend, lines and
        markers all grow together (ImageExporter's width option enlarges the axes' text but not the
        legend, which ignores transformations).
        """
        self.flush()
        self._leave()
        written = []
        for plot, target in self._export_paths(path, ".png"):
            item = self.plots[plot].getPlotItem()
            size = item.sceneBoundingRect().size()
            image = QImage((size * scale).toSize(), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(scale)
            self._render(item, image, QRectF(QPointF(0, 0), size))
            if not image.save(str(target)):
                raise OSError(f"could not write {target}")
            written.append(target)
        return written

    def export_svg(self, path: str | Path) -> list[Path]:
        """One SVG per plot: <stem>-loss.svg and <stem>-accuracy.svg.

        pyqtgraph's SVGExporter first; where it cannot parse the closed paths ("... Z") that Qt >= 6.10
        writes (pyqtgraph issue #3495: every plot with a ViewBox), Qt's own SVG generator draws the plot.
        """
        self.flush()
        self._leave()
        written = []
        for plot, target in self._export_paths(path, ".svg"):
            item = self.plots[plot].getPlotItem()
            try:
                pg.exporters.SVGExporter(item).export(str(target))
            except ValueError:
                page = QRectF(QPointF(0, 0), item.sceneBoundingRect().size())
                generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1 has clip paths
                generator.setFileName(str(target))
                generator.setSize(page.size().toSize())
                generator.setViewBox(page)
                generator.setResolution(self.plots[plot].logicalDpiX())  # else lines and axes disagree
                generator.setTitle(item.titleLabel.text)
                self._render(item, generator, page)
                if not target.exists():
                    raise OSError(f"could not write {target}") from None
            written.append(target)
        return written

    def _render(self, item: pg.PlotItem, device, page: QRectF) -> None:
        painter = QPainter(device)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(page, self.plots["loss"].backgroundBrush())
            item.scene().render(painter, page, item.sceneBoundingRect())
        finally:
            painter.end()

    def export_csv(self, path: str | Path) -> Path:
        """Rows run,label,epoch,loss,accuracy,val_loss,val_accuracy (the run's own epochs, whatever its
        offset); NaN is an empty cell."""
        self.flush()
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for run in self._runs.values():
                for i in range(run.epochs.n):
                    values = [run.epochs[m][i] for m in _EPOCH_COLUMNS[1:]]
                    writer.writerow([run.key, run.label, int(run.epochs["epoch"][i]) - run.offset]  # its own
                                    + [repr(float(v)) if math.isfinite(v) else "" for v in values])
        return path

    @staticmethod
    def _export_paths(path: str | Path, suffix: str) -> list[tuple[str, Path]]:
        path = Path(path)
        if path.suffix.lower() == suffix:
            path = path.with_suffix("")
        return [(plot, path.with_name(f"{path.name}-{plot}{suffix}")) for plot in PLOTS]

    def _export_dialog(self, kind: str) -> None:
        captions = {"png": (self.tr("Export the curves as PNG images"), self.tr("PNG images (*.png)")),
                    "svg": (self.tr("Export the curves as SVG images"), self.tr("SVG images (*.svg)")),
                    "csv": (self.tr("Export the curves' numbers as CSV"), self.tr("CSV files (*.csv)"))}
        caption, file_filter = captions[kind]
        name, _ = QFileDialog.getSaveFileName(self, caption, str(self._last_dir / f"curves.{kind}"), file_filter)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        self._last_dir = path.parent
        try:
            if kind == "csv":
                written = [self.export_csv(path)]
            else:
                written = self.export_png(path) if kind == "png" else self.export_svg(path)
        except OSError as exc:
            self.export_status.setText(self.tr("Could not save {name}: {reason}").format(
                name=path.name, reason=exc.strerror or exc))
            self.export_status.setStyleSheet(INVALID_LABEL_STYLE)
            return
        self.export_status.setStyleSheet("color: gray;")
        self.export_status.setText(self.tr("Saved {files} in {folder}").format(
            files=self.tr(" and ").join(p.name for p in written), folder=path.parent))
        self.export_status.setToolTip("\n".join(str(p) for p in written))
