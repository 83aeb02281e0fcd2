"""The x axis of every plot over epochs."""

from __future__ import annotations

import pyqtgraph as pg


class EpochAxis(pg.AxisItem):
    """An x axis that never puts ticks between whole epochs (no "1.2" on a two-epoch run)."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = [(s, o) for s, o in super().tickSpacing(minVal, maxVal, size) if s >= 1]
        return levels or [(1.0, 0.0)]
