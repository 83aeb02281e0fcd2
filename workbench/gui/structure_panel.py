"""Model structure: the selected stored run's layers, drawn natively from the engine's plain data.

A diagram draws the layers as boxes in rows by depth, with arrows from the layers each reads
from (gui/layer_diagram.py); beside it, one row per layer in the model's order (inputs first): its type, output shape, parameters (with
their share of the model: the embedding usually holds most of them), the dropout or regularizer
that applies to it, and the layers it reads from (how the CNN branches and the Transformer's
residual connections join). Clicking a layer that has weight matrices shows their histograms in
*Inside the model*, that layer's first.

The engine's ``structure`` task (with ``histograms``) gives the layers and every matrix's histogram
in one reply, so clicking costs nothing. The tab asks only while it is visible, once per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.gui.deploy_panel import one_sentence, run_title
from workbench.gui.i18n import translate
from workbench.gui.layer_diagram import LayerDiagram

NAME, TYPE, SHAPE, PARAMS, REGULARIZATION, INPUTS = range(6)
NO_VALUE = "–"


def shape_text(shape: list[int | None]) -> str:
    """[None, 200, 64] -> "(batch, 200, 64)"."""
    batch = translate("StructurePanel", "batch")
    return "(" + ", ".join(batch if i == 0 and d is None else ("?" if d is None else str(d))
                           for i, d in enumerate(shape)) + ")"


class _ShareBar(QStyledItemDelegate):
    """The parameter count over a faint bar as long as the layer's share of the model's parameters."""

    def paint(self, painter, option, index) -> None:
        share = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(share, float) and share > 0:
            color = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            color.setAlpha(70)
            rect = option.rect.adjusted(1, 3, -1, -3)
            rect.setWidth(max(1, round(rect.width() * min(share, 1.0))))
            painter.fillRect(rect, color)
        super().paint(painter, option, index)


class StructurePanel(QWidget):
    """The layers of one stored model; ``layer_chosen`` when a layer with weights is clicked."""

    layer_chosen = Signal(str, list)  # layer name, its weight paths (as Inside the model keys them)
    shown = Signal()  # the tab became visible: the controller asks for the selected run if needed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("structurePanel")
        self.structure: dict[str, Any] | None = None  # the structure task's reply shown
        self.summary = QLabel(objectName="structureSummaryLabel")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(objectName="structureTree")
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels([self.tr("Layer"), self.tr("Type"), self.tr("Output shape"),
                                   self.tr("Parameters"), self.tr("Dropout / regularization"),
                                   self.tr("Reads from")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegateForColumn(PARAMS, _ShareBar(self.tree))
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)  # the keyboard: Enter on a row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.diagram = LayerDiagram(self)
        self.diagram.layer_clicked.connect(self.click_layer)
        split = QSplitter(Qt.Orientation.Horizontal, objectName="structureSplitter")
        split.addWidget(self.diagram)
        split.addWidget(self.tree)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([500, 700])  # the table's wide columns would otherwise squeeze the drawing
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.show_message(self.tr("Select a run in the Runs tab to see its layers."))

    def show_message(self, text: str, error: bool = False) -> None:
        self.structure = None
        self.tree.clear()
        self.diagram.clear()
        self.summary.setStyleSheet("color: #b02a37;" if error else "")
        self.summary.setText(text)

    def show_structure(self, structure: Mapping[str, Any], title: str = "") -> None:
        """The ``structure`` task's reply: {"model", "total_params", "layers": [...], "weights": {...}}."""
        self.structure = dict(structure)
        total = int(structure.get("total_params") or 0)
        layers = list(structure.get("layers", []))
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("{0}: {1} parameters in {2} layers. Click a layer to see its weights in "
                                     "Inside the model.").format(title or structure.get("model", ""),
                                                                 f"{total:,}", len(layers)))
        self.tree.clear()
        for layer in layers:
            params = int(layer.get("params") or 0)
            share = f" ({params / total:.0%})" if total and params else ""
            cells = [str(layer.get("name", "")), str(layer.get("type", "")),
                     shape_text(list(layer.get("output_shape") or [])), f"{params:,}{share}",
                     str(layer.get("regularization") or ""), ", ".join(layer.get("inbound") or []) or NO_VALUE]
            item = QTreeWidgetItem(cells)
            item.setData(NAME, Qt.ItemDataRole.UserRole, list(layer.get("weights") or []))
            item.setData(PARAMS, Qt.ItemDataRole.UserRole, params / total if total else 0.0)
            item.setTextAlignment(PARAMS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            weights = layer.get("weights") or []
            item.setToolTip(NAME, self.tr("Click to see {0} in Inside the model.").format(", ".join(weights))
                            if weights else self.tr("This layer has no weight matrices."))
            self.tree.addTopLevelItem(item)
        self.diagram.show_layers(layers, [_box_lines(layer) for layer in layers],
                                 [int(layer.get("params") or 0) / total if total else 0.0 for layer in layers])
        for column in range(INPUTS):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(PARAMS, max(self.tree.columnWidth(PARAMS) + 12, 170))  # room for the bars

    def rows(self) -> list[list[str]]:
        return [[self.tree.topLevelItem(r).text(c) for c in range(self.tree.columnCount())]
                for r in range(self.tree.topLevelItemCount())]

    def weights(self) -> dict[str, Any]:
        return dict((self.structure or {}).get("weights") or {})

    def click_layer(self, name: str) -> None:
        """As a click on the layer's row (for keyboard-free use and tests)."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.text(NAME) == name:
                self.tree.setCurrentItem(item)
                self._clicked(item)
                return
        raise KeyError(name)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shown.emit()

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.diagram.mark(item.text(NAME))
        self.layer_chosen.emit(item.text(NAME), list(item.data(NAME, Qt.ItemDataRole.UserRole) or []))


def _box_lines(layer: Mapping[str, Any]) -> tuple[str, str]:
    """A layer's two lines in the diagram: name and type; shape, parameters and regularization."""
    params = int(layer.get("params") or 0)
    detail = [shape_text(list(layer.get("output_shape") or []))] + ([f"{params:,}"] if params else [])
    detail += [str(layer["regularization"])] if layer.get("regularization") else []
    return f"{layer.get('name', '')} · {layer.get('type', '')}", " · ".join(detail)


class StructureController(QObject):
    """Asks the engine for the selected run's structure while the tab shows, and hands layers to Inside the model."""

    def __init__(self, window: Any, panel: StructurePanel):
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.run_id: int | None = None  # the run selected
        self.shown_run: int | None = None  # the run whose structure is shown (or was refused)
        self._asking: int | None = None  # the run asked for, while its reply is on the way
        window.runs_panel.selection_changed.connect(self._on_selection)
        window.runs_panel.runs_deleted.connect(self._on_deleted)
        window.engine.task_finished.connect(self._retry_refused)
        window.engine.run_finished.connect(self._retry_refused)
        panel.shown.connect(self.refresh)
        panel.layer_chosen.connect(self._show_layer)
        self._on_selection(window.runs_panel.selected_ids())

    def _on_selection(self, run_ids: list[int]) -> None:
        self.run_id = run_ids[-1] if run_ids else None
        self.refresh()

    def _on_deleted(self, run_ids: list[int]) -> None:
        if self.shown_run in run_ids:
            self.shown_run = None
            self.refresh()

    def _retry_refused(self, *_) -> None:
        """A run that had no saved model yet (it was training) may have one now."""
        if self.panel.structure is None and self.shown_run is not None:
            self.shown_run = None
            self.refresh()

    def refresh(self) -> None:
        """Ask for the selected run's structure, if the tab shows and it is not shown or asked for already."""
        if self.run_id is None:
            self.shown_run = None
            self.panel.show_message(self.tr("Select a run in the Runs tab to see its layers."))
            return
        if not self.panel.isVisible() or self.run_id in (self.shown_run, self._asking):
            return
        self._asking = run_id = self.run_id
        waiting = self.tr(" (after the task in progress)") if self.window.engine.running else ""
        self.panel.show_message(self.tr("Reading run {0}'s model…{1}").format(run_id, waiting))
        self.window.engine.request("structure", lambda result: self._on_structure(run_id, result),
                                   lambda error: self._on_error(run_id, error), run_id=run_id, histograms=True)

    def _on_structure(self, run_id: int, result: dict[str, Any]) -> None:
        self._asking = None
        if run_id != self.run_id:
            self.refresh()  # the selection moved on while the engine answered
            return
        self.shown_run = run_id
        self.panel.show_structure(result, self._title(run_id))

    def _on_error(self, run_id: int, error: str) -> None:
        self._asking = None
        if run_id != self.run_id:
            self.refresh()
            return
        self.shown_run = run_id
        self.panel.show_message(one_sentence(error), error=True)

    def _title(self, run_id: int) -> str:
        try:
            return run_title(run_id, self.window.store.get_run(run_id).name)
        except WorkbenchError:
            return self.tr("Run {0}").format(run_id)

    def _show_layer(self, layer: str, paths: list[str]) -> None:
        if not paths:
            self.window.statusBar().showMessage(self.tr("Layer {0} has no weight matrices to show.").format(layer),
                                                5000)
            return
        run_id = self.shown_run
        try:
            history = self.window.store.history(run_id)
        except WorkbenchError:
            history = []
        label = self.tr("Run {0}, saved model · layer {1}").format(run_id, layer)
        self.window.weights_panel.show_model(label, self.panel.weights(), history, paths)
        self.window.bottom_tabs.setCurrentWidget(self.window.weights_panel)


def install(window: Any) -> StructureController:
    panel = StructurePanel()
    window.add_bottom_tab(panel, translate("StructurePanel", "Model structure"))
    action = window.view_menu.addAction(translate("StructurePanel", "Model &Structure"))
    action.setObjectName("modelStructureAction")
    action.triggered.connect(lambda _checked=False: window.bottom_tabs.setCurrentWidget(panel))
    return StructureController(window, panel)
