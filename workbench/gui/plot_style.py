"""Colouring a pyqtgraph plot from the Qt palette, so plots follow light and dark themes alike."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont


def style_plot(plot: pg.PlotWidget, background: QColor, text: QColor, title_size: str,
               tick_font: QFont | None = None) -> None:
    """Background, title and both axes (slightly faded lines, full-strength labels)."""
    axis_pen = QColor(text)
    axis_pen.setAlpha(170)
    plot.setBackground(background)
    item = plot.getPlotItem()
    item.setTitle(item.titleLabel.text, color=text, size=title_size)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(axis_pen)
        axis.setTextPen(text)
        if tick_font is not None:
            axis.setStyle(tickFont=tick_font)
            axis.label.setFont(tick_font)
