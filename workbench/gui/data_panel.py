"""The data panel: which file, which columns, what is in it (summary, classes, preview)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.samples import sample_files, sample_title
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.i18n import core_message, translator
from workbench.gui.plot_style import measure_axes
from workbench.gui.table_model import DataFrameModel

if TYPE_CHECKING:  # pandas is imported when a file is read, not at start-up
    from workbench.core.data import Dataset, RawTable


DELIMITERS = {"comma": QT_TRANSLATE_NOOP("DataPanel", "comma"), "tab": QT_TRANSLATE_NOOP("DataPanel", "tab"),
              "semicolon": QT_TRANSLATE_NOOP("DataPanel", "semicolon"), "pipe": QT_TRANSLATE_NOOP("DataPanel", "pipe")}


class DataPanel(QWidget):
    """Shows one loaded file; re-assigns column roles when the user picks other columns."""

    dataset_changed = Signal(object)  # the new Dataset
    columns_requested = Signal(str, str)  # text column, label column: the user picked other columns
    cancel_requested = Signal()  # Cancel pressed while a file loads
    open_requested = Signal()  # "Open a file…" pressed
    sample_requested = Signal(object)  # the Path of the bundled sample whose button was pressed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table: RawTable | None = None
        self.path: Path | None = None
        self.dataset: Dataset | None = None

        self.path_label = QLabel(self.tr("No dataset loaded: File > Open, or drop a CSV here."))
        self.path_label.setObjectName("datasetPathLabel")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_combo = QComboBox(objectName="textColumnCombo")
        self.label_combo = QComboBox(objectName="labelColumnCombo")
        self.text_combo.setToolTip(self.tr("The column holding the free text to classify."))
        self.label_combo.setToolTip(self.tr("The column holding each text's class (category)."))
        for combo in (self.text_combo, self.label_combo):
            combo.activated.connect(self._columns_picked)
        self.problem_label = QLabel(objectName="dataProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(INVALID_LABEL_STYLE)
        self.problem_label.hide()
        self.summary_label = QLabel(objectName="dataSummaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The chart of the rows per class is built with the first dataset: the window's first paint
        # need not wait for it, and an empty chart says nothing.
        self._class_plot: pg.PlotWidget | None = None
        self._class_plot_slot = QWidget(objectName="classPlotSlot")
        self._class_plot_slot.hide()
        self.start_box = self._start_box()

        self.preview_model = DataFrameModel(parent=self)
        self.preview = QTableView(objectName="previewTable")
        self.preview.setModel(self.preview_model)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.horizontalHeader().setResizeContentsPrecision(40)  # fit columns to the first 40 rows: 200 took 0.1 s of the GUI thread
        self.preview.verticalHeader().setDefaultSectionSize(22)

        self.loading_label = QLabel(objectName="loadingLabel")
        self.loading_bar = QProgressBar(objectName="loadProgress")
        self.loading_bar.setRange(0, 100)
        self.cancel_load_button = QPushButton(self.tr("Cancel"), objectName="cancelLoadButton")
        self.cancel_load_button.setToolTip(self.tr("Stop reading this file; the dataset shown stays loaded."))
        self.cancel_load_button.clicked.connect(self.cancel_requested)
        self.loading_row = QWidget(objectName="loadingRow")
        loading = QHBoxLayout(self.loading_row)
        loading.setContentsMargins(0, 0, 0, 0)
        loading.addWidget(self.loading_label)
        loading.addWidget(self.loading_bar, 1)
        loading.addWidget(self.cancel_load_button)
        self.loading_row.hide()

        columns = QFormLayout()
        columns.addRow(self.tr("Text column"), self.text_combo)
        columns.addRow(self.tr("Label column"), self.label_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.loading_row)
        layout.addWidget(self.path_label)
        layout.addLayout(columns)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self._class_plot_slot)
        layout.addWidget(self.start_box)
        layout.addStretch(1)
        # The preview table is created here, with the data it shows, but placed by the
        # window: it needs more room than this side panel has.

    def _start_box(self) -> QWidget:
        """What a first-time user can do, until a file is shown: open one, or one of the samples."""
        box = QWidget(objectName="dataStartBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        open_button = QPushButton(self.tr("Open a file…"), objectName="openFileButton")
        open_button.setToolTip(self.tr("A CSV or TSV file with a column of texts and a column of their classes."))
        open_button.clicked.connect(self.open_requested)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignLeft)
        samples = sample_files()
        if samples:
            layout.addWidget(QLabel(self.tr("Or try a sample dataset:"), objectName="sampleHintLabel"))
        for path in samples:
            button = QPushButton(sample_title(path, translator("Samples")), objectName=f"sampleButton_{path.stem}")
            button.setToolTip(self.tr("A small dataset written for this workbench and installed with it."))
            button.clicked.connect(partial(self.sample_requested.emit, path))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def show_table(self, table: RawTable, path: Path, dataset: Dataset) -> None:
        """Display a file whose table and dataset were already read and validated."""
        self.show_preview(table, path)
        self._show_dataset(dataset)

    def show_preview(self, table: RawTable, path: Path) -> None:
        """A file's cells, before its dataset is shown (the window lets the preview paint in between)."""
        self.table, self.path = table, path
        self.start_box.hide()  # for good: from now on, a file is shown
        self.path_label.setText(f"<b>{path.name}</b><br><span style='color:gray'>{path.parent}</span>")
        self.path_label.setToolTip(str(path))
        columns = [str(c) for c in table.frame.columns]
        for combo in (self.text_combo, self.label_combo):
            combo.clear()
            combo.addItems(columns)
        self.preview_model.set_frame(table.frame)
        self.preview.resizeColumnsToContents()
        for column in range(len(columns)):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), 480))

    def _columns_picked(self) -> None:
        if self.table is not None and self.path is not None:
            self.columns_requested.emit(self.text_combo.currentText(), self.label_combo.currentText())

    def show_columns_problem(self, message: str) -> None:
        """The columns picked cannot be used: say why; the previous ones stay."""
        self.problem_label.setText(core_message(message) + self.tr(" The previous columns are still in use."))
        self.problem_label.show()
        if self.dataset is not None:
            self.text_combo.setCurrentText(self.dataset.summary.text_column)
            self.label_combo.setCurrentText(self.dataset.summary.label_column)

    def show_loading(self, name: str | None, fraction: float = 0.0) -> None:
        """A file is being read (``name``), or no longer (None); the shown dataset stays until the new one is ready."""
        self.loading_row.setVisible(name is not None)
        self.start_box.setVisible(name is None and self.table is None)  # no file read yet, none being read
        if name is not None:
            self.loading_label.setText(self.tr("Reading {name}…").format(name=name))
            self.loading_bar.setValue(round(100 * fraction))

    def show_dataset(self, dataset: Dataset) -> None:
        """New column roles for the table shown."""
        self._show_dataset(dataset)

    def _show_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        s = dataset.summary
        self.text_combo.setCurrentText(s.text_column)
        self.label_combo.setCurrentText(s.label_column)
        self.problem_label.hide()
        tokens = self.tr("characters") if s.is_cjk else self.tr("words")
        dropped = (self.tr("{count} dropped").format(count=f"{s.dropped_rows:,}") if s.dropped_rows
                   else self.tr("none dropped"))
        if s.malformed_rows:
            dropped += self.tr(" ({count} malformed)").format(count=s.malformed_rows)
        self.summary_label.setText(
            self.tr("<b>{rows}</b> rows used, {dropped}<br>"
                    "{classes} classes · language <b>{language}</b> · tokens are {tokens}<br>"
                    "{encoding}, {delimiter}-separated · median {median} {tokens} per text<br>"
                    "{duplicates} repeated texts · {conflicting} with conflicting labels").format(
                rows=f"{s.rows:,}", dropped=dropped, classes=len(s.classes), language=s.language, tokens=tokens,
                encoding=s.encoding, delimiter=self.tr(DELIMITERS.get(s.delimiter, s.delimiter)),
                median=f"{s.tokens.median:g}",
                duplicates=f"{s.duplicate_texts:,}", conflicting=f"{s.conflicting_texts:,}")
            + (self.tr("<br>{count} undecodable characters shown as �").format(
                count=f"{s.replaced_characters:,}") if s.replaced_characters else "")
        )
        self._plot_classes(s.classes)
        self.class_plot.show()
        self.dataset_changed.emit(dataset)

    @property
    def class_plot(self) -> pg.PlotWidget:
        """The chart of the rows per class, built (in its slot) the first time it is needed."""
        if self._class_plot is None:
            plot = pg.PlotWidget(enableMenu=False)
            plot.setObjectName("classPlot")  # PlotWidget(objectName=...) names its inner item instead
            plot.setBackground(None)
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.setLabel("bottom", self.tr("rows"))
            plot.setMinimumHeight(140)
            measure_axes(plot)
            plot.hide()
            self.layout().replaceWidget(self._class_plot_slot, plot)
            self._class_plot_slot.deleteLater()
            self._class_plot = plot
        return self._class_plot

    def _plot_classes(self, classes: dict[str, int]) -> None:
        """Horizontal bars, most frequent class on top, names on the left axis."""
        self.class_plot.clear()
        names = list(classes)[::-1]
        counts = np.array([classes[n] for n in names], dtype=float)
        y = np.arange(len(names), dtype=float)
        bars = pg.BarGraphItem(x0=0, y=y, height=0.7, width=counts, brush=pg.mkBrush(70, 130, 180, 200),
                               pen=pg.mkPen(None))
        self.class_plot.addItem(bars)
        for yi, n in zip(y, counts):
            label = pg.TextItem(f"{int(n):,}", anchor=(0, 0.5), color=(90, 90, 90))
            label.setPos(n, yi)
            self.class_plot.addItem(label)
        self.class_plot.getAxis("left").setTicks([[(yi, name[:24]) for yi, name in zip(y, names)]])
        self.class_plot.setFixedHeight(min(60 + 30 * len(names), 420))
        self.class_plot.setXRange(0, counts.max() * 1.18, padding=0)
        self.class_plot.setYRange(-0.6, len(names) - 0.4, padding=0)
