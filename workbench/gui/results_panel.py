"""One run's test results: the scores, per-class table, confusion matrix, and a box to try the model.

The panel never runs a model: "Try it" emits ``predict_requested(text)``, the window hands the
text to the training thread (TensorFlow must stay off the GUI thread) and passes the answer
back through ``show_probabilities``.

Confusion matrix: rows are the true classes, columns the predicted ones, each cell showing its
count. The colour is the cell's share of its row (of the texts truly in that class), so the
mistakes of a small class show as clearly as those of a big one.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.store import RunRecord
from workbench.core.text import shorten
from workbench.gui.i18n import core_message, status_text

PER_CLASS_COLUMNS = (QT_TRANSLATE_NOOP("ResultsPanel", "Class"), QT_TRANSLATE_NOOP("ResultsPanel", "Precision"),
                     QT_TRANSLATE_NOOP("ResultsPanel", "Recall"), QT_TRANSLATE_NOOP("ResultsPanel", "F1"),
                     QT_TRANSLATE_NOOP("ResultsPanel", "Support"))
STATUS_COLORS = {"completed": "#2e9e44", "stopped": "#e69f00", "diverged": "#d62728", "failed": "#d62728",
                 "running": "#1f77b4"}
# Sequential white -> dark blue (the ColorBrewer "Blues" end points), by share of the true class.
CONFUSION_COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], [(247, 251, 255), (107, 174, 214), (8, 48, 107)])
DARK_CELL = 0.55  # from this share on, a cell's count is written in white
COUNT_POINTS = (7.0, 12.0)  # smallest and largest font for the counts in the confusion matrix
ROW_NAME_PIXELS = 110  # class names on the confusion matrix's left axis are cut to this width
MAX_BARS = 10  # the Try-it chart shows the most probable classes, at most this many
PROBABILITY_PLOT_SIZE = (240, 120)  # its smallest size, in pixels
BAR_BRUSH, TOP_BAR_BRUSH = (70, 130, 180, 140), (70, 130, 180, 230)
NO_RUN_HINT = QT_TRANSLATE_NOOP("ResultsPanel", "Train a model to try it")
NO_RUN_SUMMARY = QT_TRANSLATE_NOOP("ResultsPanel", "No results yet: train a model, or pick a run in the Runs tab.")


def _static_plot(name: str) -> pg.PlotWidget:
    """A plot that does not pan, zoom or offer pyqtgraph's menu: a chart, not an explorer."""
    plot = pg.PlotWidget(enableMenu=False)
    plot.setObjectName(name)  # not PlotWidget(objectName=...): its keywords go to the PlotItem
    plot.setBackground(None)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


def _elide(text: str, font: QFont, pixels: float) -> str:
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(12, int(pixels)))


def _set_names(axis: pg.AxisItem, ticks: list[tuple[float, str]], widest: int, fallback: QFont) -> None:
    """Name ticks on a vertical axis, each cut to `widest` pixels, and make the axis exactly wide enough.

    (pyqtgraph widens an axis for its labels only while painting, one frame late: the first
    picture would show the names clipped.)
    """
    font = axis.style.get("tickFont") or fallback
    names = [(position, _elide(name, font, widest)) for position, name in ticks]
    axis.setTicks([names])
    metrics = QFontMetrics(font)
    text = max((metrics.horizontalAdvance(name) for _, name in names), default=0)
    label = axis.label.boundingRect().height() if axis.label.isVisible() else 0
    axis.setWidth(int(text + axis.style["tickTextOffset"][0] + label + 8))


class ResultsPanel(QWidget):
    predict_requested = Signal(str)  # the text typed into the Try-it box

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record: RunRecord | None = None
        self._labels: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.int64)
        self.cell_texts: list[list[pg.TextItem]] = []
        self._fitting = False
        self._numbered = False
        self.probability_bars: pg.BarGraphItem | None = None
        self.probability_texts: list[pg.TextItem] = []

        self.summary_label = QLabel(NO_RUN_SUMMARY, objectName="resultsSummaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- per-class scores -------------------------------------------------------------
        self.per_class_model = QStandardItemModel(0, len(PER_CLASS_COLUMNS), self)
        self.per_class_model.setHorizontalHeaderLabels([self.tr(text) for text in PER_CLASS_COLUMNS])
        self.per_class_table = QTableView(objectName="perClassTable")
        self.per_class_table.setModel(self.per_class_model)
        self.per_class_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_class_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.per_class_table.setAlternatingRowColors(True)
        self.per_class_table.setWordWrap(False)
        self.per_class_table.verticalHeader().hide()
        self.per_class_table.verticalHeader().setDefaultSectionSize(22)
        header = self.per_class_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(PER_CLASS_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, tip in ((1, self.tr("Of the texts predicted as this class, the share that truly are.")),
                            (2, self.tr("Of the texts truly in this class, the share the model found.")),
                            (3, self.tr("The balance (harmonic mean) of precision and recall.")),
                            (4, self.tr("Test texts truly in this class."))):
            self.per_class_model.horizontalHeaderItem(column).setToolTip(tip)
        self.per_class_table.setMinimumWidth(260)

        # --- confusion matrix -------------------------------------------------------------
        self.confusion_plot = _static_plot("confusionPlot")
        self.confusion_plot.setMinimumSize(240, 200)
        item = self.confusion_plot.getPlotItem()
        item.invertY(True)  # the first class on top, as in a table
        item.setLabel("bottom", self.tr("predicted"))
        item.setLabel("left", self.tr("true"))
        item.setTitle(self.tr("Confusion matrix (test)"), size="10pt")
        for side in ("bottom", "left"):
            axis = item.getAxis(side)
            axis.setStyle(tickLength=0, autoExpandTextSpace=True)
            axis.setPen(pg.mkPen(None))
            axis.setTextPen(pg.mkPen(self.palette().text().color()))
        self.confusion_image = pg.ImageItem(axisOrder="row-major")
        self.confusion_image.setColorMap(CONFUSION_COLORMAP)
        item.addItem(self.confusion_image)
        item.vb.sigResized.connect(self._fit_confusion_labels)
        self.confusion_plot.scene().sigMouseMoved.connect(self._confusion_hover)

        # --- Try it -----------------------------------------------------------------------
        self.predict_hint = QLabel(self.tr(NO_RUN_HINT), objectName="predictHintLabel")
        self.predict_hint.setWordWrap(True)
        self.predict_hint.setStyleSheet("color: gray;")
        self.predict_input = QLineEdit(objectName="predictInput")
        self.predict_input.setPlaceholderText(self.tr("Type a text to classify…"))
        self.predict_input.setClearButtonEnabled(True)
        self.predict_input.returnPressed.connect(self._request_prediction)
        self.predict_button = QPushButton(self.tr("Predict"), objectName="predictButton")
        self.predict_button.setToolTip(self.tr("Ask the model which class this text belongs to (Enter)."))
        self.predict_button.clicked.connect(self._request_prediction)
        self.prediction_label = QLabel("", objectName="predictionLabel")
        self.prediction_label.setWordWrap(True)
        # The chart of a prediction's probabilities is built with the first prediction: until then this
        # empty slot holds its place (a pyqtgraph plot is half the panel's build, 10-15 ms).
        self._probability_plot: pg.PlotWidget | None = None
        self._probability_slot = QWidget(objectName="probabilitySlot")
        self._probability_slot.setMinimumSize(*PROBABILITY_PLOT_SIZE)

        try_row = QHBoxLayout()
        try_row.addWidget(self.predict_input, 1)
        try_row.addWidget(self.predict_button)
        try_title = QLabel(self.tr("<b>Try it</b>"))
        try_box = QWidget(objectName="tryItBox")
        self._try_layout = try_layout = QVBoxLayout(try_box)
        try_layout.setContentsMargins(4, 0, 0, 0)
        try_layout.addWidget(try_title)
        try_layout.addWidget(self.predict_hint)
        try_layout.addLayout(try_row)
        try_layout.addWidget(self.prediction_label)
        try_layout.addWidget(self._probability_slot, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="resultsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.per_class_table)
        self.splitter.addWidget(self.confusion_plot)
        self.splitter.addWidget(try_box)
        self.splitter.setSizes([290, 420, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.splitter, 1)
        self.show_result(None)

    # --- public ---------------------------------------------------------------------------

    def show_result(self, record: RunRecord | None) -> None:
        """Show a stored run's test results, or (None) nothing, with the Try-it box disabled."""
        self.record = record
        self.clear_probabilities()
        test = (record.results or {}).get("test") if record is not None else None
        if record is None:
            self.summary_label.setText(self.tr(NO_RUN_SUMMARY))
        else:
            start = self._start(record.results or {})
            self.summary_label.setText(self._summary(record, test) + (f"<br>{start}" if start else ""))
        self._show_per_class(test)
        self._show_confusion(test)
        enabled, hint = self._predict_state(record)
        self.set_predict_enabled(enabled, hint)

    def set_predict_enabled(self, enabled: bool, hint: str | None = None) -> None:
        """Allow or block Try-it requests; `hint` (if given) says why, or what to do."""
        self.predict_input.setEnabled(enabled)
        self.predict_button.setEnabled(enabled)
        if hint is not None:
            self.predict_hint.setText(hint)
        elif not enabled and self.record is None:
            self.predict_hint.setText(self.tr(NO_RUN_HINT))

    def show_probabilities(self, text: str, probabilities: dict[str, float]) -> None:
        """Horizontal bars of the model's class probabilities for `text`, the most probable on top."""
        self.clear_probabilities()
        if not probabilities:
            return
        ranked = sorted(probabilities.items(), key=lambda kv: (-_finite(kv[1]), str(kv[0])))
        shown = ranked[:MAX_BARS]
        names = [str(name) for name, _ in shown]
        values = np.array([_finite(p) for _, p in shown], dtype=float)
        y = np.arange(len(shown), dtype=float)[::-1]  # the first (most probable) gets the top position
        brushes = [pg.mkBrush(*(TOP_BAR_BRUSH if i == 0 else BAR_BRUSH)) for i in range(len(shown))]
        plot = self.probability_plot.getPlotItem()
        self.probability_bars = pg.BarGraphItem(x0=0, y=y, height=0.7, width=values, brushes=brushes,
                                                pen=pg.mkPen(None))
        plot.addItem(self.probability_bars)
        text_color = self.palette().text().color()
        for yi, p in zip(y, values):
            label = pg.TextItem(f"{100 * p:.1f}%", anchor=(0, 0.5), color=text_color)
            label.setPos(p, yi)
            plot.addItem(label)
            self.probability_texts.append(label)
        _set_names(plot.getAxis("left"), [(yi, name) for yi, name in zip(y, names)], 140, self.font())
        plot.setXRange(0, 1.22, padding=0)
        plot.setYRange(-0.6, len(shown) - 0.4, padding=0)
        best, best_p = ranked[0]
        more = (self.tr(" (the {shown} most likely of {count} classes)").format(shown=MAX_BARS, count=len(ranked))
                if len(ranked) > MAX_BARS else "")
        shown_text = shorten(text, 80)
        answer = f"<b>{html.escape(str(best))}</b> ({100 * _finite(best_p):.1f}%)"
        self.prediction_label.setText(f"“{html.escape(shown_text)}” → {answer}{more}")
        self.prediction_label.setToolTip(text)

    @property
    def probability_plot(self) -> pg.PlotWidget:
        """The chart of a prediction's probabilities, built (in its slot) the first time it is needed."""
        if self._probability_plot is None:
            plot = _static_plot("probabilityPlot")
            plot.setMinimumSize(*PROBABILITY_PLOT_SIZE)
            plot.getPlotItem().hideAxis("bottom")
            left = plot.getPlotItem().getAxis("left")
            left.setStyle(tickLength=0, autoExpandTextSpace=True)
            left.setPen(pg.mkPen(None))
            left.setTextPen(pg.mkPen(self.palette().text().color()))
            self._try_layout.replaceWidget(self._probability_slot, plot)
            self._probability_slot.deleteLater()
            self._probability_plot = plot
        return self._probability_plot

    def clear_probabilities(self) -> None:
        if self._probability_plot is not None:  # nothing drawn before the first prediction
            self._probability_plot.getPlotItem().clear()
            self._probability_plot.getPlotItem().getAxis("left").setTicks([[]])
        self.probability_bars = None
        self.probability_texts = []
        self.prediction_label.setText("")
        self.prediction_label.setToolTip("")

    def confusion_matrix(self) -> list[list[int]]:
        """The counts on show (rows true, columns predicted)."""
        return self._matrix.tolist()

    # --- building the views -----------------------------------------------------------------

    def _summary(self, record: RunRecord, test: dict | None) -> str:
        color = STATUS_COLORS.get(record.status, "gray")
        status = f"<span style='color:{color}'>●</span> {html.escape(status_text(record.status))}"
        head = f"<b>{html.escape(record.name)}</b> · {status}"
        message = html.escape(core_message(record.message))
        if test is None:
            why = {"running": self.tr("still training; its results appear when it finishes."),
                   "failed": self.tr("no test results: the run failed.")}.get(record.status,
                                                                               self.tr("no test results."))
            message = f"<br><span style='color:gray'>{message}</span>" if record.message else ""
            return f"{head} · {why}{message}"
        texts = sum(int(c.get("support", 0)) for c in test.get("per_class", {}).values())
        parts = [head, self.tr("test accuracy <b>{value}</b>").format(value=_fmt(test.get('accuracy'))),
                 self.tr("macro-F1 <b>{value}</b>").format(value=_fmt(test.get('macro_f1')))]
        if texts:
            parts.append(self.tr("{count} test texts").format(count=f"{texts:,}"))
        summary = " · ".join(parts)
        if record.status != "completed" and record.message:
            summary += f"<br><span style='color:gray'>{message}</span>"
        return summary

    def _start(self, results: dict) -> str:
        """How the run started, when not from scratch: the run it continued, the word vectors' coverage."""
        parts = []
        parent = results.get("init_from")
        if parent:
            text = (self.tr("started from pretraining run #{run}") if parent.get("kind") == "pretrain"
                    else self.tr("started from run #{run}"))
            parts.append(text.format(run=parent.get("run_id")))
        vectors = results.get("embeddings")
        if vectors:
            text = (self.tr("word vectors: {coverage} of the vocabulary found in {file}, {dimension} dimensions")
                    .format(coverage=f"{100 * _finite(vectors.get('coverage')):.1f}%",
                            file=html.escape(str(vectors.get("path", "")).replace("\\", "/").rsplit("/", 1)[-1]),
                            dimension=vectors.get("dimension")))
            parts.append(text + (self.tr(" (kept frozen)") if vectors.get("frozen") else ""))
        return " · ".join(parts)

    def _show_per_class(self, test: dict | None) -> None:
        model = self.per_class_model
        model.removeRows(0, model.rowCount())
        for name, scores in (test or {}).get("per_class", {}).items():
            cells = [QStandardItem(str(name))]
            cells[0].setToolTip(str(name))
            for key in ("precision", "recall", "f1"):
                cells.append(QStandardItem(_fmt(scores.get(key))))
            cells.append(QStandardItem(f"{int(scores.get('support', 0)):,}"))
            for cell in cells[1:]:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            model.appendRow(cells)
        for column in range(1, len(PER_CLASS_COLUMNS)):  # at once: the header's own resize comes a frame late
            self.per_class_table.resizeColumnToContents(column)

    def _show_confusion(self, test: dict | None) -> None:
        plot = self.confusion_plot.getPlotItem()
        for row in self.cell_texts:
            for text in row:
                plot.removeItem(text)
        self.cell_texts = []
        labels = [str(name) for name in (test or {}).get("labels", [])]
        matrix = np.asarray((test or {}).get("confusion_matrix", []), dtype=np.int64)
        if not labels or matrix.shape != (len(labels), len(labels)):
            self._labels, self._matrix = [], np.zeros((0, 0), dtype=np.int64)
            self.confusion_image.clear()
            self.confusion_image.hide()
            for side in ("bottom", "left"):
                plot.getAxis(side).setTicks([[]])
            return
        k = len(labels)
        self._labels, self._matrix = labels, matrix
        totals = matrix.sum(axis=1, keepdims=True).astype(float)
        shares = np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals > 0)
        self.confusion_image.setImage(shares, levels=(0.0, 1.0))
        self.confusion_image.setRect(0, 0, k, k)
        self.confusion_image.show()
        for r in range(k):
            row = []
            for c in range(k):
                color = (255, 255, 255) if shares[r, c] >= DARK_CELL else (30, 30, 30)
                text = pg.TextItem(f"{matrix[r, c]:,}", color=color, anchor=(0.5, 0.5))
                text.setPos(c + 0.5, r + 0.5)
                plot.addItem(text)
                row.append(text)
            self.cell_texts.append(row)
        plot.setXRange(0, k, padding=0)
        plot.setYRange(0, k, padding=0)
        self._fit_confusion_labels()

    def _fit_confusion_labels(self, *_) -> None:
        """Fit the class names to the room a cell has, and hide the counts where they would not fit.

        Names too long for their column are shortened ("comp.gra…"); when even that leaves too
        little to read, the columns are numbered and the rows say which number is which class.
        """
        k = len(self._labels)
        if not k or self._fitting:
            return
        self._fitting = True  # setting the left axis width resizes the view, which calls this again
        try:
            plot = self.confusion_plot.getPlotItem()
            rect = plot.vb.sceneBoundingRect()
            cell_w, cell_h = rect.width() / k, rect.height() / k
            font = plot.getAxis("bottom").style.get("tickFont") or self.font()
            metrics = QFontMetrics(font)
            readable = cell_w - 6 >= min(metrics.horizontalAdvance("abcde…"),
                                         max(metrics.horizontalAdvance(n) for n in self._labels))
            self._numbered = not readable
            if readable:
                columns = [_elide(name, font, cell_w - 6) for name in self._labels]
                rows = [_elide(name, font, ROW_NAME_PIXELS) for name in self._labels]
            else:
                columns = [str(i + 1) for i in range(k)]
                rows = [f"{i + 1} · " + _elide(name, font, ROW_NAME_PIXELS - metrics.horizontalAdvance(f"{i + 1} · "))
                        for i, name in enumerate(self._labels)]
            plot.getAxis("bottom").setTicks([[(c + 0.5, text) for c, text in enumerate(columns)]])
            _set_names(plot.getAxis("left"), [(r + 0.5, text) for r, text in enumerate(rows)], 2 * ROW_NAME_PIXELS,
                       self.font())
            if self.cell_texts:
                font, visible = self._count_font(cell_w, cell_h)
                for row in self.cell_texts:
                    for text in row:
                        text.setFont(font)
                        text.setVisible(visible)
        finally:
            self._fitting = False

    def _count_font(self, cell_w: float, cell_h: float) -> tuple[QFont, bool]:
        """The largest font (7 to 12 pt) whose counts fit their cells, and whether even 7 pt fits."""
        font = QFont(self.font())
        widest = max((f"{n:,}" for n in self._matrix.flat), key=len)
        for size in np.arange(COUNT_POINTS[1], COUNT_POINTS[0] - 0.1, -0.5):
            font.setPointSizeF(float(size))
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(widest) + 6 <= cell_w and metrics.height() <= 0.6 * cell_h:
                return font, True
        metrics = QFontMetrics(font)
        return font, metrics.horizontalAdvance(widest) + 2 <= cell_w and metrics.height() <= cell_h + 2

    def _confusion_hover(self, scene_pos: QPointF) -> None:
        k = len(self._labels)
        vb = self.confusion_plot.getPlotItem().vb
        tip = ""
        if k and vb.sceneBoundingRect().contains(scene_pos):
            point = vb.mapSceneToView(scene_pos)
            r, c = int(math.floor(point.y())), int(math.floor(point.x()))
            if 0 <= r < k and 0 <= c < k:
                n, total = int(self._matrix[r, c]), int(self._matrix[r].sum())
                share = self.tr(" ({share} of the {total} truly “{true}”)").format(
                    share=f"{n / total:.0%}", total=f"{total:,}", true=self._labels[r]) if total else ""
                tip = self.tr("true “{true}”, predicted “{predicted}”: {count} texts").format(
                    true=self._labels[r], predicted=self._labels[c], count=f"{n:,}") + share
        self.confusion_plot.setToolTip(tip)

    # --- Try it ---------------------------------------------------------------------------

    def _predict_state(self, record: RunRecord | None) -> tuple[bool, str]:
        if record is None:
            return False, self.tr(NO_RUN_HINT)
        if record.status == "running":
            return False, self.tr("Run {run_id} is still training; try it when it finishes.").format(run_id=record.id)
        if record.status == "diverged":
            return False, self.tr("Run {run_id} diverged: its model cannot make sensible predictions.").format(
                run_id=record.id)
        if record.status == "failed" or not record.model_path:
            return False, self.tr("Run {run_id} kept no model to try. Train a model to try it.").format(
                run_id=record.id)
        if record.kind == "pretrain":
            return False, self.tr("Run {run} is a pretraining run: it predicts words, not classes. Continue from it "
                                  "(Runs tab, right-click) to train a classifier.").format(run=record.id)
        return True, self.tr("Type a text and press Enter to see what run {run_id} predicts.").format(run_id=record.id)

    def _request_prediction(self) -> None:
        text = self.predict_input.text()
        if text.strip() and self.predict_input.isEnabled():
            self.predict_requested.emit(text)


def _finite(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _fmt(value) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return f"{number:.3f}" if math.isfinite(number) else "–"
