"""The model's layers drawn as a graph: one box per layer, arrows from the layers it reads from.

Boxes sit in rows by depth (a layer is one row below the deepest layer it reads from), so the
CNN's parallel convolutions and the Transformer's residual joins show side by side. Each box
names the layer and its type, then its output shape, parameters and regularization; its fill
deepens with the layer's share of the parameters. Clicking a box emits ``layer_clicked``.
The data is the engine's ``structure`` reply, as the table beside it shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPalette, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

BOX_WIDTH = 160.0
BOX_HEIGHT = 38.0
COLUMN_GAP = 14.0
ROW_GAP = 16.0
SMALLEST_SCALE = 0.7  # below this the text is too small to read: scroll instead


def depths(layers: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Each layer's row: 0 for inputs, else one below the deepest layer it reads from (model order)."""
    row: dict[str, int] = {}
    for layer in layers:
        inbound = [row[name] for name in layer.get("inbound") or [] if name in row]
        row[str(layer["name"])] = 1 + max(inbound) if inbound else 0
    return row


class _Box(QGraphicsItem):
    def __init__(self, layer: Mapping[str, Any], lines: tuple[str, str], share: float, palette: QPalette):
        super().__init__()
        self.name = str(layer["name"])
        self.lines, self.share, self.palette = lines, share, palette
        self.chosen = False
        self.setToolTip("\n".join(lines))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, BOX_WIDTH, BOX_HEIGHT)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        base, accent = self.palette.color(QPalette.ColorRole.Base), self.palette.color(QPalette.ColorRole.Highlight)
        fill = QColor(accent)
        fill.setAlphaF(0.08 + 0.5 * self.share)  # the embedding, usually most of the model, stands out
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QBrush(base))
        painter.setPen(QPen(self.palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setBrush(QBrush(fill))
        if self.chosen:
            painter.setPen(QPen(accent, 2.5))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 6, 6)
        painter.setPen(self.palette.color(QPalette.ColorRole.Text))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        text_rect = self.boundingRect().adjusted(8, 3, -8, -BOX_HEIGHT / 2)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(self.lines[0], Qt.TextElideMode.ElideRight,
                                                          int(text_rect.width())))
        font.setBold(False)
        painter.setFont(font)
        detail_rect = self.boundingRect().adjusted(8, BOX_HEIGHT / 2, -8, -3)
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(self.lines[1], Qt.TextElideMode.ElideRight,
                                                          int(detail_rect.width())))


class LayerDiagram(QGraphicsView):
    layer_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layerDiagram")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.boxes: dict[str, _Box] = {}
        self.arrows = 0

    def show_layers(self, layers: Sequence[Mapping[str, Any]], lines: Sequence[tuple[str, str]],
                    shares: Sequence[float]) -> None:
        """``lines[i]`` are layer i's two lines of text, ``shares[i]`` its share of the parameters."""
        scene = self.scene()
        scene.clear()
        self.boxes, self.arrows = {}, 0
        row = depths(layers)
        per_row: dict[int, list[str]] = {}
        for layer in layers:
            per_row.setdefault(row[str(layer["name"])], []).append(str(layer["name"]))
        widest = max((len(names) for names in per_row.values()), default=1)
        palette = self.palette()
        for layer, text, share in zip(layers, lines, shares):
            name = str(layer["name"])
            names = per_row[row[name]]
            offset = (widest - len(names)) * (BOX_WIDTH + COLUMN_GAP) / 2  # each row centred
            box = _Box(layer, text, share, palette)
            box.setPos(offset + names.index(name) * (BOX_WIDTH + COLUMN_GAP), row[name] * (BOX_HEIGHT + ROW_GAP))
            scene.addItem(box)
            self.boxes[name] = box
        pen = QPen(palette.color(QPalette.ColorRole.Mid), 1.4)
        for layer in layers:
            end = self.boxes[str(layer["name"])].pos() + QPointF(BOX_WIDTH / 2, 0)
            for source in layer.get("inbound") or []:
                if source in self.boxes:
                    start = self.boxes[source].pos() + QPointF(BOX_WIDTH / 2, BOX_HEIGHT)
                    line, head = _arrow(start, end)
                    scene.addPath(line, pen)
                    scene.addPath(head, pen, QBrush(palette.color(QPalette.ColorRole.Mid)))
                    self.arrows += 1
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-8, -8, 8, 8))
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Shrink the drawing to the view, but never below SMALLEST_SCALE (then it scrolls)."""
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().size()
        scale = min(1.0, view.width() / rect.width(), view.height() / rect.height())
        self.setTransform(QTransform.fromScale(max(scale, SMALLEST_SCALE), max(scale, SMALLEST_SCALE)))

    def mark(self, name: str) -> None:
        """Outline the chosen layer's box (the others lose theirs)."""
        for box_name, box in self.boxes.items():
            box.chosen = box_name == name
            box.update()

    def clear(self) -> None:
        self.scene().clear()
        self.boxes, self.arrows = {}, 0

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, _Box):
            item = item.parentItem()
        if isinstance(item, _Box):
            self.layer_clicked.emit(item.name)
        super().mousePressEvent(event)


def _arrow(start: QPointF, end: QPointF) -> tuple[QPainterPath, QPainterPath]:
    """A curve from ``start`` down to ``end``, and a small head at ``end`` (filled apart: a filled
    curve would fill the area it bends around)."""
    line = QPainterPath(start)
    middle = (start.y() + end.y()) / 2
    line.cubicTo(QPointF(start.x(), middle), QPointF(end.x(), middle), end)
    head = QPainterPath(end)
    head.lineTo(end + QPointF(-4, -7))
    head.lineTo(end + QPointF(4, -7))
    head.closeSubpath()
    return line, head
