"""A read-only Qt table model over a pandas DataFrame.

The view asks only for the cells it shows, so a 100,000-row file scrolls as
smoothly as a 100-row one (unlike filling a QTableWidget cell by cell).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

if TYPE_CHECKING:  # pandas is imported when a file is read, not at start-up
    import pandas as pd

MAX_CELL_CHARS = 300  # a megabyte cell is shown cut, with its full length in the tooltip


class DataFrameModel(QAbstractTableModel):
    def __init__(self, frame: pd.DataFrame | None = None, parent=None):
        super().__init__(parent)
        self._frame = frame  # None: no table yet

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._frame is None else len(self._frame)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._frame is None else self._frame.shape[1]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = str(self._frame.iat[index.row(), index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            flat = value.replace("\n", " ⏎ ")
            return flat if len(flat) <= MAX_CELL_CHARS else flat[:MAX_CELL_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return value[:2000] + (f"… ({len(value):,} characters)" if len(value) > 2000 else "")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return str(section + 1)
