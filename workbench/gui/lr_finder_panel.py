"""The learning-rate range test in the window: the loss against a rising rate, and the rate to use.

Fed with what the engine sends: ``add_step`` takes each LrFinderStep (buffered, drawn from a
100 ms timer, so a fast test does not repaint per batch), ``show_result`` the finished
LrFinderResult.to_dict(). The finished curve is core's centred smoothing, with the three regions
shaded (too low, right, too high: the teaching picture) and the suggested rate marked with the
reading it came from. "Use this rate" hands the rate to the window, which puts it in the form.

The x axis is in pyqtgraph's log mode, where curves take rates but lines and regions take log10
of them.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core.events import LrFinderStep
from workbench.gui.plot_style import PALETTE, FollowsPalette, style_plot

REDRAW_MS = 100
RAW_COLOR, SMOOTH_COLOR, MARK_COLOR = PALETTE[5], PALETTE[0], PALETTE[1]
REGION_COLORS = {"too_low": "#888888", "right": PALETTE[2], "too_high": PALETTE[1]}
REGION_ALPHA = 40


def rounded_rate(rate: float) -> float:
    """The rate as people write it and the CLI prints it: two significant digits (0.0032)."""
    return float(f"{rate:.2g}")


class LrFinderPanel(FollowsPalette, QWidget):
    use_rate = Signal(float)  # the user chose the suggested rate (rounded to 2 significant digits)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lrFinderPanel")
        self.status = QLabel(objectName="lrFinderStatus")
        self.status.setWordWrap(True)
        self.plot = pg.PlotWidget(objectName="lrFinderPlot", enableMenu=False)
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=False)
        item.setLabel("bottom", self.tr("learning rate (log scale)"))
        item.setLabel("left", self.tr("training loss"))
        item.showGrid(x=True, y=True, alpha=0.15)
        item.getAxis("left").enableAutoSIPrefix(False)  # a loss of 0.65, not 650 "(x0.001)"
        self.raw_curve = self.plot.plot([], [], pen=None, symbol="o", symbolSize=3, symbolPen=None,
                                        symbolBrush=_faded(RAW_COLOR, 110))
        self.smooth_curve = self.plot.plot([], [], pen=pg.mkPen(SMOOTH_COLOR, width=2))
        self.regions: dict[str, pg.LinearRegionItem] = {}
        for key, text in (("too_low", self.tr("too low")), ("right", self.tr("right")),
                          ("too_high", self.tr("too high"))):
            region = pg.LinearRegionItem(movable=False, brush=_faded(REGION_COLORS[key], REGION_ALPHA),
                                         pen=pg.mkPen(None))
            region.setZValue(-10)
            # Each name inside its region: at its left edge, but "too high" (which ends at the plot's right
            # edge) at its right one.
            edge, anchor = (1, (1, 0)) if key == "too_high" else (0, (0, 0))
            region.label = pg.InfLineLabel(region.lines[edge], text, position=0.95, anchors=[anchor, anchor])
            region.hide()
            self.plot.addItem(region)
            self.regions[key] = region
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(MARK_COLOR, width=2))
        self.marker.label = pg.InfLineLabel(self.marker, "", position=0.6, anchors=[(0, 0), (0, 0)])
        self.marker.hide()
        self.plot.addItem(self.marker)
        self.suggestion = QLabel(objectName="lrSuggestionLabel")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton(self.tr("Use this rate"), objectName="useRateButton")
        self.use_button.setToolTip(self.tr("Put the suggested learning rate into the settings form."))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(lambda: self.use_rate.emit(rounded_rate(self.suggested)))
        bottom = QHBoxLayout()
        bottom.addWidget(self.suggestion, 1)
        bottom.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        layout.addLayout(bottom)
        self.suggested: float | None = None
        self._steps: list[LrFinderStep] = []
        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._timer.timeout.connect(self._draw_steps)
        self.clear()
        self._apply_palette()

    def clear(self) -> None:
        self._steps = []
        self.suggested = None
        self.raw_curve.setData([], [])
        self.smooth_curve.setData([], [])
        for region in self.regions.values():
            region.hide()
        self.marker.hide()
        self.use_button.setEnabled(False)
        self.suggestion.setText("")
        self.status.setText("")

    def start(self, description: str) -> None:
        """A new test begins (``description``: its model and settings, in a few words)."""
        from workbench.core.lr_finder import MAX_LR, MIN_LR  # imports pandas: not at the window's start-up

        self.clear()
        self.plot.setXRange(math.log10(MIN_LR), math.log10(MAX_LR), padding=0.02)
        self.status.setText(self.tr("Finding a learning rate for {what}…").format(what=description))

    def add_step(self, step: LrFinderStep) -> None:
        self._steps.append(step)
        if not self._timer.isActive():
            self._timer.start()

    def _draw_steps(self) -> None:
        if not self._steps:
            return
        rates = [s.learning_rate for s in self._steps]
        self.raw_curve.setData(rates, [s.loss for s in self._steps])
        smoothed = [s.smoothed_loss for s in self._steps]
        self.smooth_curve.setData(rates, smoothed)
        self._fit_loss(smoothed)
        last = self._steps[-1]
        self.status.setText(self.tr("Batch {step} of up to {steps} · rate {rate:.2g} · loss {loss:.3f}").format(
            step=last.step, steps=last.steps, rate=last.learning_rate, loss=last.smoothed_loss))

    def show_result(self, result: dict[str, Any]) -> None:
        """Draw a finished test (LrFinderResult.to_dict()): the smoothed curve, the regions, the suggestion."""
        self._timer.stop()
        points = result.get("points") or []
        rates = [p["learning_rate"] for p in points]
        smoothed = [p["smoothed_loss"] for p in points]
        self.raw_curve.setData(rates, [p["loss"] for p in points])
        self.smooth_curve.setData(rates, smoothed)
        self._fit_loss(smoothed)
        for key, region in self.regions.items():
            span = (result.get("regions") or {}).get(key)
            region.setVisible(bool(span))
            if span:
                region.setRegion((math.log10(span[0]), math.log10(span[1])))
        self.status.setText(result.get("message", ""))
        self.suggested = result.get("suggested")
        self.marker.setVisible(self.suggested is not None)
        self.use_button.setEnabled(self.suggested is not None)
        if self.suggested is None:
            self.suggestion.setText(self.tr("No learning rate can be read from this test."))
            return
        reading = self._reading_name(result.get("rule", ""))
        self.marker.setValue(math.log10(self.suggested))
        self.marker.label.setFormat(self.tr("suggested {rate:.2g}").format(rate=self.suggested))
        text = self.tr("Suggested learning rate: <b>{rate:.2g}</b>, read as the {reading} ({reason}).").format(
            rate=self.suggested, reading=reading, reason=result.get("reason", ""))
        others = [self.tr("{reading}: {rate:.2g}").format(reading=self._reading_name(rule), rate=rate)
                  for rule, rate in (result.get("readings") or {}).items() if rule != result.get("rule")]
        if others:
            text += " " + self.tr("Other reading: {others}.").format(others="; ".join(others))
        self.suggestion.setText(text)

    def show_failure(self, message: str) -> None:
        self._timer.stop()
        self.status.setText(self.tr("The test could not run: {message}").format(message=message))

    def _reading_name(self, rule: str) -> str:
        return {"steepest": self.tr("steepest descent"),
                "minimum/10": self.tr("tenth of the rate at the minimum")}.get(rule, rule)

    def _fit_loss(self, smoothed: list[float]) -> None:
        """The y range of the smoothed loss: the single batches' spikes, up to the explosion, fall outside."""
        finite = [v for v in smoothed if math.isfinite(v)]
        if finite:
            self.plot.setYRange(min(finite), max(finite), padding=0.08)

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        style_plot(self.plot, palette.color(QPalette.ColorRole.Base), text, "10pt", self.font())
        for label in (self.marker.label, *(region.label for region in self.regions.values())):
            label.setColor(text)


def _faded(color: str, alpha: int) -> QColor:
    faded = QColor(color)
    faded.setAlpha(alpha)
    return faded
