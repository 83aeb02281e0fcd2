"""Colouring a pyqtgraph plot from the Qt palette, so plots follow light and dark themes alike."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

# Okabe-Ito, without its black (invisible on a dark background); yellow last, it is faint on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


class EpochAxis(pg.AxisItem):
    """An x axis that never puts ticks between whole epochs (no "1.2" on a two-epoch run)."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = [(s, o) for s, o in super().tickSpacing(minVal, maxVal, size) if s >= 1]
        return levels or [(1.0, 0.0)]


def validation_pen(color: QColor, width: float) -> pg.QtGui.QPen:
    """The short dashes that mean "validation" on every plot (training is the solid line)."""
    pen = pg.mkPen(color, width=width, style=Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([3, 2])
    return pen


def measure_axes(plot: pg.PlotWidget) -> None:
    """Size a plot's axes for their tick labels before the window is first painted.

    pyqtgraph measures tick labels only as it paints, and a first paint that finds them wider than
    assumed lays the window out and paints it all again: a 60-85 ms freeze just after launch.
    Laying the labels out on a 1-pixel image costs about 1 ms an axis.
    """
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for axis in plot.getPlotItem().axes.values():
            if axis["item"].isVisible():
                axis["item"].generateDrawSpecs(painter)
    finally:
        painter.end()


def style_plot(plot: pg.PlotWidget, background: QColor, text: QColor, title_size: str,
               tick_font: QFont | None = None) -> None:
    """Background, title and both axes (slightly faded lines, full-strength labels)."""
    plot.setBackground(background)
    item = plot.getPlotItem()
    item.setTitle(item.titleLabel.text, color=text, size=title_size)
    style_axes(item, text, tick_font)


def style_axes(item: pg.PlotItem, text: QColor, tick_font: QFont | None = None) -> None:
    """The left and bottom axes of one plot (also one of many in a GraphicsLayoutWidget).

    Each axis is cached as a pixmap: a curve's new points repaint the plot, and replaying an axis's
    text each time cost half of every frame while a run trained (bench: 64 -> 28 ms a frame)."""
    axis_pen = QColor(text)
    axis_pen.setAlpha(170)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        axis.setPen(axis_pen)
        axis.setTextPen(text)
        if tick_font is not None:
            axis.setStyle(tickFont=tick_font)
            axis.label.setFont(tick_font)


class FollowsPalette:
    """Mixin for a QWidget holding plots: `_apply_palette()` runs again when the palette changes
    (the user switches between light and dark), since pyqtgraph colours are set once, not styled."""

    def _apply_palette(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)
