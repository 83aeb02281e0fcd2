"""Compress & export: prune the selected stored run, see what pruning costs, and export it.

The tab acts on the run selected last in the Runs table. Its two halves:

* **Prune**: a sparsity slider (0-95%) and a Prune button (engine task ``prune``: a new stored run of
  kind "prune", optionally fine-tuned), and the accuracy-against-sparsity curve at 0, 50, 70, 80, 90
  and 95% (task ``sparsity_curve``), drawn point by point, with the slider's sparsity marked on it
  and each run pruned from here as a star.
* **Export**: the formats the core writes (the bundle: .keras, predict.py, train.py; and TensorFlow
  Lite float32, float16, dynamic-range and int8), into a folder, then one row per file: its size,
  test accuracy and median latency per text on the run's own test rows (task ``export``).

The widgets take plain data (the tasks' ``to_dict()`` results); ``install`` wires them to the window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.events import StepFinished
from workbench.gui.i18n import translate
from workbench.gui.plot_style import PALETTE, FollowsPalette, style_plot

MAX_SPARSITY_PERCENT = 95
DEFAULT_SPARSITY_PERCENT = 80
DEFAULT_FINE_TUNE_EPOCHS = 1
# core.tflite.MODES: that module (it reopens runs) is too heavy for the window's start-up; a test checks they agree
TFLITE_MODES = ("none", "float16", "dynamic", "int8")
DEFAULT_MODES = ("none", "int8")
NO_VALUE = "–"
_CURVE_COLOR, _CHOSEN_COLOR, _PRUNED_COLOR = PALETTE[0], PALETTE[1], PALETTE[2]


def format_name(name: str) -> str:
    """A row of the export table: "keras" or a quantization mode, as a person names it."""
    names = {"keras": translate("DeployPanel", "Keras (.keras)"), "none": translate("DeployPanel", "TFLite float32"),
             "float16": translate("DeployPanel", "TFLite float16"),
             "dynamic": translate("DeployPanel", "TFLite dynamic range"), "int8": translate("DeployPanel", "TFLite int8")}
    return names.get(name, name)


def _size(size_bytes: Any) -> str:
    return QLocale().formattedDataSize(int(size_bytes)) if isinstance(size_bytes, (int, float)) else NO_VALUE


def run_title(run_id: int, name: str) -> str:
    """"Run 5 · cnn" for a run still named by default, "Run 5 · my best cnn" for one renamed."""
    if name.startswith(f"Run {run_id} "):
        return name
    return translate("DeployPanel", "Run {0} · {1}").format(run_id, name)


def one_sentence(error: str) -> str:
    """An engine error as one line: a refusal is one sentence already; a bug's message may run on."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else translate("DeployPanel", "The engine gave no reason.")
    return text if len(text) <= 300 else text[:299] + "…"


def _accuracy(value: Any) -> str:
    return f"{float(value):.3f}" if isinstance(value, (int, float)) and math.isfinite(value) else NO_VALUE


class PrunePanel(FollowsPalette, QGroupBox):
    """The sparsity slider, the Prune and curve buttons, and the accuracy-against-sparsity plot."""

    prune_requested = Signal(float, int)  # sparsity (0-0.95), fine-tuning epochs
    curve_requested = Signal(int)  # fine-tuning epochs per point

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Prune"), parent)
        self.setObjectName("prunePanel")
        self._points: list[dict[str, Any]] = []  # the curve of the run shown, as sparsity_curve's points
        self._pruned: list[dict[str, Any]] = []  # runs pruned from it here: {"run_id", "sparsity", "test_accuracy"}

        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="sparsitySlider")
        self.slider.setRange(0, MAX_SPARSITY_PERCENT)
        self.slider.setPageStep(5)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setValue(DEFAULT_SPARSITY_PERCENT)
        self.slider.setToolTip(self.tr("The share of each weight matrix set to zero, smallest weights first."))
        self.slider_label = QLabel(objectName="sparsityLabel")
        self.slider_label.setMinimumWidth(self.slider_label.fontMetrics().horizontalAdvance("100 %") + 4)
        self.epochs = QSpinBox(objectName="fineTuneEpochs")
        self.epochs.setRange(0, 20)
        self.epochs.setValue(DEFAULT_FINE_TUNE_EPOCHS)
        self.epochs.setToolTip(self.tr("Epochs of training after pruning, with the pruned weights held at zero: "
                                       "they win back most of the accuracy lost. 0 prunes only."))
        self.prune_button = QPushButton(objectName="pruneButton")
        self.prune_button.setToolTip(self.tr("Store the pruned model as a new run (kind prune) next to this one."))
        self.curve_button = QPushButton(self.tr("Draw accuracy curve"), objectName="sparsityCurveButton")
        self.curve_button.setToolTip(self.tr("Test accuracy of this run pruned to 0, 50, 70, 80, 90 and 95% "
                                             "(nothing is stored; with fine-tuning, each point trains)."))
        self.result_label = QLabel(objectName="pruneResultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.plot: pg.PlotWidget | None = None  # made when first shown (_ensure_plot)
        self._plot_slot = QWidget()

        slider_row = QHBoxLayout()
        slider_row.addWidget(QLabel(self.tr("Sparsity")))
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(self.slider_label)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Fine-tune epochs")))
        buttons.addWidget(self.epochs)
        buttons.addStretch(1)
        buttons.addWidget(self.prune_button)
        buttons.addWidget(self.curve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(slider_row)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addWidget(self._plot_slot, 1)

        self.slider.valueChanged.connect(self._on_slider)
        self.prune_button.clicked.connect(lambda: self.prune_requested.emit(self.sparsity(), self.epochs.value()))
        self.curve_button.clicked.connect(lambda: self.curve_requested.emit(self.epochs.value()))
        self._on_slider(self.slider.value())
        self._apply_palette()

    # --- public ---------------------------------------------------------------------------

    def sparsity(self) -> float:
        return self.slider.value() / 100

    def clear(self) -> None:
        """Another run: its curve is not drawn yet."""
        self._points, self._pruned = [], []
        self.show_message("")
        self._draw()

    def start_curve(self) -> None:
        self._points = []
        self._draw()

    def add_curve_point(self, point: Mapping[str, Any]) -> None:
        """One point of ``sparsity_curve`` (its StepFinished result), as soon as it is measured."""
        self._points = [p for p in self._points if p["target_sparsity"] != point["target_sparsity"]] + [dict(point)]
        self._points.sort(key=lambda p: p["target_sparsity"])
        self._draw()

    def show_curve(self, curve: Mapping[str, Any]) -> None:
        """The whole ``sparsity_curve`` result (replaces the points drawn as they came)."""
        self._points = sorted((dict(p) for p in curve.get("points", [])), key=lambda p: p["target_sparsity"])
        self._draw()
        if curve.get("stopped"):
            self.show_message(self.tr("The curve was stopped after {0} of its points.").format(len(self._points)))

    def show_pruned(self, result: Mapping[str, Any]) -> None:
        """A ``prune`` result: what the new run kept and what it saves, and a star on the plot."""
        size, parent_size = result.get("size_bytes"), result.get("parent_size_bytes")
        share = f" ({size / parent_size:.0%})" if size and parent_size else ""
        text = self.tr("Run {0}: run {1} at {2:.1%} sparsity. Test accuracy {3} (run {1}: {4}). "
                       "Zipped size {5}{6}, was {7}.").format(
            result.get("run_id"), result.get("parent"), float(result.get("sparsity", 0.0)),
            _accuracy(result.get("test_accuracy")), _accuracy(result.get("parent_test_accuracy")),
            _size(size), share, _size(parent_size))
        if result.get("fine_tune_epochs"):
            text += " " + self.tr("Before fine-tuning: {0}.").format(
                _accuracy(result.get("test_accuracy_before_fine_tuning")))
        if result.get("status") == "stopped":
            text += " " + self.tr("Fine-tuning was stopped early.")
        self.show_message(text)
        self._pruned.append({"run_id": result.get("run_id"), "sparsity": float(result.get("sparsity", 0.0)),
                             "test_accuracy": float(result.get("test_accuracy", math.nan))})
        self._draw()

    def show_message(self, text: str) -> None:
        self.result_label.setStyleSheet("")
        self.result_label.setText(text)

    def show_error(self, sentence: str) -> None:
        self.result_label.setStyleSheet("color: #b02a37;")
        self.result_label.setText(sentence)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.prune_button, self.curve_button):
            widget.setEnabled(not busy)

    def curve_data(self) -> tuple[list[float], list[float]]:
        """Sparsity (%) and test accuracy of the points drawn."""
        self._ensure_plot()
        x, y = self.curve.getData()
        return ([] if x is None else [float(v) for v in x]), ([] if y is None else [float(v) for v in y])

    def chosen_percent(self) -> float:
        self._ensure_plot()
        return float(self.chosen.value())

    # --- drawing --------------------------------------------------------------------------

    def _ensure_plot(self) -> None:
        """The accuracy-against-sparsity plot, made the first time it is needed: a PlotWidget cost
        20-26 ms, a third of the window's construction, before the window's first paint."""
        if self.plot is not None:
            return
        plot = pg.PlotWidget(enableMenu=False)
        plot.setObjectName("sparsityCurvePlot")  # after construction: the constructor names the PlotItem
        plot.setMouseEnabled(x=False, y=False)
        plot.setMinimumSize(220, 120)
        item = plot.getPlotItem()
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.18)
        item.setLabel("bottom", self.tr("sparsity (%)"))
        item.setLabel("left", self.tr("test accuracy"))
        item.getAxis("left").enableAutoSIPrefix(False)  # accuracies, never "(x0.001)"
        item.setXRange(0, 100, padding=0.02)
        self.curve = item.plot([], [], pen=pg.mkPen(_CURVE_COLOR, width=2), symbol="o", symbolSize=7,
                               symbolBrush=_CURVE_COLOR, symbolPen=None)
        self.pruned_points = pg.ScatterPlotItem(symbol="star", size=14, brush=pg.mkBrush(_PRUNED_COLOR), pen=None)
        item.addItem(self.pruned_points)
        self.chosen = pg.InfiniteLine(angle=90, movable=False,
                                      pen=pg.mkPen(_CHOSEN_COLOR, width=1.5, style=Qt.PenStyle.DashLine),
                                      label="", labelOpts={"position": 0.92, "color": _CHOSEN_COLOR})
        item.addItem(self.chosen, ignoreBounds=True)
        self.layout().replaceWidget(self._plot_slot, plot)
        self._plot_slot.deleteLater()
        self.plot = plot
        self._apply_palette()
        self._draw()

    def showEvent(self, event: QShowEvent) -> None:
        self._ensure_plot()
        super().showEvent(event)

    def _on_slider(self, value: int) -> None:
        self.slider_label.setText(f"{value}%")
        self.prune_button.setText(self.tr("Prune to {0}%").format(value))
        if self.plot is not None:
            self.chosen.setValue(value)
            self._label_chosen()

    def _label_chosen(self) -> None:
        """The marked sparsity, with the curve's accuracy there when the curve reaches it."""
        value = self.slider.value()
        text = f"{value}%"
        xs = [100 * p["target_sparsity"] for p in self._points]
        if len(xs) >= 2 and xs[0] <= value <= xs[-1]:
            import numpy as np

            accuracy = float(np.interp(value, xs, [p["test_accuracy"] for p in self._points]))
            text = self.tr("{0}%: about {1:.3f}").format(value, accuracy)
        self.chosen.label.setFormat(text)

    def _draw(self) -> None:
        if self.plot is None:
            return
        self.chosen.setValue(self.slider.value())
        self.curve.setData([100 * p["target_sparsity"] for p in self._points],
                           [p["test_accuracy"] for p in self._points])
        self.pruned_points.setData([100 * p["sparsity"] for p in self._pruned],
                                   [p["test_accuracy"] for p in self._pruned],
                                   data=[p["run_id"] for p in self._pruned])
        self.pruned_points.setToolTip("\n".join(
            self.tr("Run {0}: {1:.1%} sparse, test accuracy {2}").format(p["run_id"], p["sparsity"],
                                                                         _accuracy(p["test_accuracy"]))
            for p in self._pruned))
        self._label_chosen()

    def _apply_palette(self) -> None:
        if self.plot is None:
            return
        palette = self.palette()
        style_plot(self.plot, palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), "9pt")


class ExportPanel(QGroupBox):
    """The formats to write, the Export button, and the side-by-side table of what was written."""

    export_requested = Signal(list)  # the TFLite modes chosen ([] writes the bundle only)
    COLUMNS = ("format", "size", "vs float32", "test accuracy", "latency", "note")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Export"), parent)
        self.setObjectName("exportPanel")
        self.bundle_box = QCheckBox(self.tr("Bundle: .keras, predict.py, train.py"), objectName="exportBundleBox")
        self.bundle_box.setChecked(True)
        self.bundle_box.setEnabled(False)  # every export writes it: the TFLite files sit beside it
        self.bundle_box.setToolTip(self.tr("Always written: the Keras model, its vocabulary and settings, predict.py "
                                           "(needs only TensorFlow) and train.py (plain Keras code of the run)."))
        self.mode_boxes: dict[str, QCheckBox] = {}
        tips = {"none": self.tr("The model as it is, in TensorFlow Lite."),
                "float16": self.tr("Weights stored as 16-bit floats: half the size."),
                "dynamic": self.tr("Weights stored as 8-bit integers (a quarter of the size), computed in floats."),
                "int8": self.tr("Weights and activations in 8-bit integers, calibrated on training texts.")}
        labels = {"none": "float32", "float16": "float16", "dynamic": self.tr("dynamic range"), "int8": "int8"}
        modes = QHBoxLayout()
        modes.addWidget(QLabel(self.tr("TensorFlow Lite:")))
        for mode in TFLITE_MODES:
            box = QCheckBox(labels[mode], objectName=f"exportMode_{mode}")
            box.setChecked(mode in DEFAULT_MODES)
            box.setToolTip(tips[mode])
            self.mode_boxes[mode] = box
            modes.addWidget(box)
        modes.addStretch(1)
        self.export_button = QPushButton(self.tr("Export to a folder…"), objectName="exportButton")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.modes()))
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="exportTable")
        self.table.setHorizontalHeaderLabels([self.tr("Format"), self.tr("Size"), self.tr("vs float32"),
                                              self.tr("Test accuracy"), self.tr("Latency per text"),
                                              self.tr("Note")])
        self.table.horizontalHeaderItem(4).setToolTip(self.tr("Median time to classify one text, over the test "
                                                              "rows, one text at a time on one thread."))
        self.table.horizontalHeaderItem(2).setToolTip(self.tr("File size as a share of the float32 TFLite file."))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.message = QLabel(objectName="exportMessageLabel")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open the folder"), objectName="openExportFolderButton")
        self.open_button.hide()
        self.open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder)))
        self.folder = ""  # the folder last written

        top = QHBoxLayout()
        top.addWidget(self.bundle_box)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(modes)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

    def modes(self) -> list[str]:
        return [mode for mode, box in self.mode_boxes.items() if box.isChecked()]

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.message.clear()
        self.message.setStyleSheet("")
        self.open_button.hide()

    def start(self, folder: str) -> None:
        self.clear()
        self.message.setText(self.tr("Exporting to {0}…").format(folder))

    def add_step(self, label: str, result: Mapping[str, Any]) -> None:
        """One TFLite variant measured (a StepFinished of the export), shown before the whole table is ready."""
        if "error" in result:
            self._add_row(label, {}, self.tr("could not be made: {0}").format(result["error"]))
        else:
            self._add_row(label, result)

    def show_result(self, result: Mapping[str, Any], keras_row: Mapping[str, Any] | None = None) -> None:
        """An ``export`` result: the TFLite report's variants and failures, or a bundle's files.

        ``keras_row`` (size_bytes, test_accuracy) stands in for the measured Keras row when only the
        bundle was written, which measures nothing."""
        self.table.setRowCount(0)
        for variant in result.get("variants", []):
            self._add_row(variant["name"], variant)
        for mode, reason in (result.get("failed") or {}).items():
            self._add_row(mode, {}, self.tr("could not be made: {0}").format(reason))
        if "variants" not in result and keras_row is not None:
            self._add_row("keras", {"file": "model.keras", **keras_row},
                          self.tr("latency is measured with the TensorFlow Lite formats"))
        files = result.get("files")
        text = self.tr("Written to {0}.").format(result.get("folder", ""))
        if files:
            text += " " + ", ".join(files)
        if result.get("stopped"):
            text += " " + self.tr("Stopped before every format was made.")
        notes = [str(note) for note in result.get("notes", [])]
        self.message.setStyleSheet("")
        self.message.setText(" ".join([text, *notes]))
        self.folder = str(result.get("folder", ""))
        self.open_button.setVisible(bool(self.folder))

    def show_error(self, sentence: str) -> None:
        self.message.setStyleSheet("color: #b02a37;")
        self.message.setText(sentence)

    def set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    def _add_row(self, name: str, variant: Mapping[str, Any], note: str = "") -> None:
        latency, ratio = variant.get("latency_ms"), variant.get("size_vs_float32")
        cells = [format_name(name), _size(variant.get("size_bytes")),
                 f"{ratio:.0%}" if isinstance(ratio, (int, float)) else NO_VALUE,
                 _accuracy(variant.get("test_accuracy")),
                 self.tr("{0:.2f} ms").format(latency) if isinstance(latency, (int, float)) else NO_VALUE,
                 note or str(variant.get("note", ""))]
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if 1 <= column <= 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        if variant.get("file"):
            self.table.item(row, 0).setToolTip(str(variant["file"]))


class DeployPanel(QWidget):
    """The tab: which run it acts on, Prune on the left, Export on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deployPanel")
        self.run_id: int | None = None
        self.heading = QLabel(objectName="deployRunLabel")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.prune = PrunePanel()
        self.export = ExportPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="deploySplitter")
        splitter.addWidget(self.prune)
        splitter.addWidget(self.export)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([440, 560])  # shares of the width: the table needs the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        self.set_run(None)

    def set_run(self, run_id: int | None, name: str = "") -> None:
        if run_id == self.run_id and run_id is not None:
            return
        self.run_id = run_id
        self.prune.clear()
        self.export.clear()
        if run_id is None:
            self.heading.setText(self.tr("Select a run in the Runs tab to prune or export it."))
        else:
            self.heading.setText(run_title(run_id, name))
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """True while any long task runs (the engine does one at a time), or without a run to act on."""
        self.prune.set_busy(busy or self.run_id is None)
        self.export.set_busy(busy or self.run_id is None)


class DeployController(QObject):
    """Wires the tab to the window: the selected run, the engine tasks, their steps and their results."""

    def __init__(self, window: Any, panel: DeployPanel):
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.task: str | None = None  # the task of ours in flight
        self._task_run: int | None = None  # the run it acts on
        self._folder = ""
        panel.prune.prune_requested.connect(self.prune)
        panel.prune.curve_requested.connect(self.draw_curve)
        panel.export.export_requested.connect(self.choose_folder)
        window.runs_panel.selection_changed.connect(self._on_selection)
        window.engine.event.connect(self._on_event)
        window.engine.task_finished.connect(self._on_task_finished)
        window.engine.run_started.connect(lambda _event: panel.set_busy(True))
        window.engine.run_finished.connect(lambda _outcome: panel.set_busy(self.task is not None))
        self._on_selection(window.runs_panel.selected_ids())

    # --- the selected run -------------------------------------------------------------------

    def _on_selection(self, run_ids: list[int]) -> None:
        run_id = run_ids[-1] if run_ids else None
        name = ""
        if run_id is not None:
            try:
                name = self.window.store.get_run(run_id).name
            except WorkbenchError:  # deleted meanwhile: nothing to act on
                run_id = None
        self.panel.set_run(run_id, name)
        self.panel.set_busy(self.window.engine.running)

    # --- the tasks --------------------------------------------------------------------------

    def _start(self, kind: str, description: str, on_reply, **fields) -> bool:
        """Errors are shown when the task ends (_on_task_finished), in the tab, not in a dialog."""
        run_id = self.panel.run_id
        if run_id is None:
            return False
        started = self.window.start_task(kind, description, on_reply, lambda _error: None, run_id=run_id, **fields)
        if started:
            self.task, self._task_run = kind, run_id
            self.panel.set_busy(True)
        return started

    def prune(self, sparsity: float, fine_tune_epochs: int) -> bool:
        description = self.tr("Pruning run {0} to {1:.0%} sparsity…").format(self.panel.run_id, sparsity)
        started = self._start("prune", description, self._on_pruned, sparsity=sparsity,
                              fine_tune_epochs=fine_tune_epochs)
        if started:
            self.panel.prune.show_message(description)
        return started

    def draw_curve(self, fine_tune_epochs: int) -> bool:
        started = self._start("sparsity_curve", self.tr("Accuracy against sparsity for run {0}…").format(
            self.panel.run_id), self._on_curve, fine_tune_epochs=fine_tune_epochs)
        if started:
            self.panel.prune.start_curve()
            self.panel.prune.show_message(self.tr("Measuring run {0} at 0, 50, 70, 80, 90 and 95% sparsity…")
                                          .format(self.panel.run_id))
        return started

    def choose_folder(self, modes: list[str]) -> None:
        """Ask for a folder; a folder with files in it is used only if the user agrees to replace the export's."""
        if self.panel.run_id is None:
            return
        start = str(Path(self._folder).parent) if self._folder else str(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self.window, self.tr("Export run {0} into a folder (make a new one here)").format(self.panel.run_id), start)
        if not folder:
            return
        force = False
        if Path(folder).is_dir() and any(Path(folder).iterdir()):
            answer = QMessageBox.question(
                self.window, self.tr("Folder not empty"),
                self.tr("{0} already holds files. Replace the exported files in it? Other files are left alone.")
                .format(folder))
            if answer != QMessageBox.StandardButton.Yes:
                return
            force = True
        self.export(folder, modes, force)

    def export(self, folder: str, modes: list[str], force: bool = False) -> bool:
        fields: dict[str, Any] = {"folder": folder, "force": force}
        if modes:
            fields.update(format="tflite", quantize=list(modes))
        else:
            fields.update(format="bundle")
        started = self._start("export", self.tr("Exporting run {0}…").format(self.panel.run_id),
                              self._on_exported, **fields)
        if started:
            self._folder = folder
            self.panel.export.start(folder)
        return started

    # --- what comes back --------------------------------------------------------------------

    def _on_event(self, event: Any) -> None:
        if not isinstance(event, StepFinished) or self._task_run != self.panel.run_id:
            return
        if self.task == "sparsity_curve":
            self.panel.prune.add_curve_point(event.result)
        elif self.task == "export":
            self.panel.export.add_step(event.label, event.result)
        else:
            return
        self.window.run_progress.setValue(round(100 * event.step / max(1, event.steps)))
        self.window.statusBar().showMessage(self.tr("{0} of {1} done: {2}").format(event.step, event.steps,
                                                                                    event.label))

    def _on_pruned(self, result: dict[str, Any]) -> None:
        if result.get("parent") == self.panel.run_id:
            self.panel.prune.show_pruned(result)
        self.window.statusBar().showMessage(str(result.get("message", "")), 8000)

    def _on_curve(self, result: dict[str, Any]) -> None:
        if result.get("run_id") == self.panel.run_id:
            self.panel.prune.show_curve(result)
            if not result.get("stopped"):
                self.panel.prune.show_message("")

    def _on_exported(self, result: dict[str, Any]) -> None:
        if result.get("run_id") != self.panel.run_id:
            return
        keras_row = None
        if "variants" not in result:
            record = self.window.store.get_run(self.panel.run_id)
            model = Path(str(result.get("folder", ""))) / "model.keras"
            keras_row = {"size_bytes": model.stat().st_size if model.is_file() else None,
                         "test_accuracy": ((record.results or {}).get("test") or {}).get("accuracy")}
        self.panel.export.show_result(result, keras_row)

    def _on_task_finished(self, kind: str, _result: Any, error: str) -> None:
        """A refusal, a failure or the engine's end: one sentence where the user was looking."""
        if kind == self.task and error:
            sentence = one_sentence(error)
            if self._task_run == self.panel.run_id:
                if kind == "export":
                    self.panel.export.show_error(sentence)
                else:
                    self.panel.prune.show_error(sentence)
            self.window.statusBar().showMessage(sentence, 10000)
        if kind == self.task:
            self.task = self._task_run = None
        self.panel.set_busy(self.window.engine.running)


def install(window: Any) -> DeployController:
    panel = DeployPanel()
    window.add_bottom_tab(panel, translate("DeployPanel", "Compress && export"))
    action = window.run_menu.addAction(translate("DeployPanel", "&Compress or Export the Selected Run"))
    action.setObjectName("compressExportAction")
    action.triggered.connect(lambda _checked=False: window.bottom_tabs.setCurrentWidget(panel))
    return DeployController(window, panel)
