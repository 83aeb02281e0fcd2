"""What the trust techniques found, shown from their engine results as plain data.

* ``SeedsView``: each setting's mean ± sd over seeds, whether its gap to the best setting is larger
  than the seed-to-seed noise (the verdicts of core/significance.py, method in the tooltip), and its
  mean validation curve with a band (± 1 sd or min–max, switchable);
* ``FoldsView``: the score of every fold of a cross-validation, their mean ± sd, and the mean
  curves over the folds with a ±1 sd band;
* ``LearningCurveView``: training and validation accuracy against the number of training texts,
  with ±1 sd bands over the seeds, under the core's one-sentence reading of the curve;
* ``AugmentPreview``: texts next to an augmented copy, the edits marked.

Each view takes the dict the engine task returns (see engine/tasks.py), so it can be shown and
tested without an engine.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.significance import LARGER, NOT_DISTINGUISHABLE, mean_sd_text
from workbench.core.text import written_without_spaces
from workbench.gui.plot_style import PALETTE, EpochAxis, FollowsPalette, style_plot, validation_pen

TRAIN_COLOR, VALIDATION_COLOR = PALETTE[0], PALETTE[1]
BAND_ALPHA = 60
BADGE_ALPHA = 70
BADGE_COLORS = {LARGER: PALETTE[2], NOT_DISTINGUISHABLE: PALETTE[4]}
EDIT_COLOR = PALETTE[1]


def _label(object_name: str, selectable: bool = False) -> QLabel:
    label = QLabel(objectName=object_name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(object_name: str) -> QTableWidget:
    table = QTableWidget(objectName=object_name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # never elided
    return table


def _cell(text: str, centred: bool = True, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if centred:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[QTableWidgetItem]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            table.setItem(r, c, item)


def _lay_out(view: QWidget, splitter_name: str, left: Sequence[QWidget], plot: QWidget,
             bottom: Sequence[QWidget | None]) -> None:
    """The view's header on top; a table (and what goes under it) beside a plot; a row of controls at the
    bottom, ``None`` being the stretch between its left and right ends."""
    table_side = QWidget()
    table_layout = QVBoxLayout(table_side)
    table_layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(left):
        table_layout.addWidget(widget, 1 if i == 0 else 0)
    splitter = QSplitter(Qt.Orientation.Horizontal, objectName=splitter_name)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(table_side)
    splitter.addWidget(plot)
    splitter.setSizes([560, 400])
    row = QHBoxLayout()
    for widget in bottom:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    layout = QVBoxLayout(view)
    layout.addWidget(view.header)
    layout.addWidget(splitter, 1)
    layout.addLayout(row)


class _TaskView(QWidget):
    """A result view that also says how far its task has got while it runs."""

    def start(self, total_runs: int) -> None:
        self.header.setText(self.tr("Training {total} runs; the results appear here when the last one ends.")
                            .format(total=total_runs))
        self.clear()

    def progress(self, done: int, total: int) -> None:
        self.header.setText(self.tr("{done} of {total} runs finished…").format(done=done, total=total))

    def failed(self, message: str) -> None:
        self.header.setText(self.tr("Did not finish: {message}").format(message=message))

    def clear(self) -> None:
        raise NotImplementedError


class SeedsView(_TaskView):
    """One row per setting: spread over seeds and, with several settings, the verdict against the best."""

    runs_requested = Signal(list)  # run ids to overlay on the curves

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("seedsView")
        self.header = _label("seedsHeader")
        self.table = _table("seedsTable")
        self.verdicts = _label("seedsVerdicts", selectable=True)
        self.verdicts.setTextFormat(Qt.TextFormat.RichText)
        self.overlay_button = QPushButton(self.tr("Overlay these runs"), objectName="seedsOverlayButton")
        self.overlay_button.setToolTip(self.tr("Show every run of these seeds on the curves and in Compare."))
        self.overlay_button.clicked.connect(lambda: self.runs_requested.emit(self.run_ids))
        self.run_ids: list[int] = []
        self.curves = _BandPlot("seedsPlot", EpochAxis("bottom"))
        item = self.curves.plot.getPlotItem()
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", self.tr("validation accuracy"))
        self.band_combo = QComboBox(objectName="seedsBandCombo")
        self.band_combo.addItem(self.tr("band: ± 1 sd"), "sd")
        self.band_combo.addItem(self.tr("band: min – max"), "range")
        self.band_combo.setToolTip(self.tr("The band around each setting's mean curve: one standard deviation "
                                           "over the seeds either side, or from the lowest to the highest seed."))
        self.band_combo.currentIndexChanged.connect(self._draw_curves)
        self._result: dict[str, Any] = {}
        _lay_out(self, "seedsSplitter", [self.table, self.verdicts], self.curves,
                 [self.band_combo, None, self.overlay_button])
        self.header.setText(self.tr("Set Seeds next to Train to 2 or more, then train or sweep: each setting is "
                                    "trained once per seed, and this tab tells a real difference from noise."))
        self.clear()

    def clear(self) -> None:
        _fill_table(self.table, [], [])
        self.verdicts.clear()
        self.run_ids = []
        self.overlay_button.setEnabled(False)
        self._result = {}
        self.curves.set_lines([])

    def show_result(self, result: dict[str, Any]) -> None:
        """``result``: the reply of the engine's repeats or sweep task ({"runs", "groups"})."""
        groups = result.get("groups") or []
        seeds = sorted({seed for g in groups for seed in g["seeds"]})
        several = len(groups) > 1
        headers = [self.tr("Setting"), self.tr("Seeds"), self.tr("Best validation accuracy"),
                   self.tr("Test accuracy")] + ([self.tr("Against the best")] if several else [])
        rows = []
        for group in groups:
            mean, std = group["mean"], group["std"]
            seeds_text = str(group["n"]) if group["n"] == len(group["seeds"]) else self.tr("{n} of {total}").format(
                n=group["n"], total=len(group["seeds"]))
            row = [_cell(group["label"] or self.tr("the form's settings"), centred=False, bold=group["reference"]),
                   _cell(seeds_text),
                   _cell(mean_sd_text(mean["best_val_accuracy"], std["best_val_accuracy"]), bold=group["reference"]),
                   _cell(mean_sd_text(mean["test_accuracy"], std["test_accuracy"]))]
            if several:
                row.append(self._verdict_cell(group))
            rows.append(row)
        _fill_table(self.table, headers, rows)
        self.table.resizeRowsToContents()
        seeds_text = (f"{seeds[0]}–{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1))
                      else ", ".join(map(str, seeds))) if seeds else ""
        if several:
            self.header.setText(self.tr("{settings} settings, each trained with seeds {seeds}: mean ± sd over the "
                                        "seeds. Point at a verdict for how it was decided.")
                                .format(settings=len(groups), seeds=seeds_text))
        else:
            self.header.setText(self.tr("One setting trained with seeds {seeds}: mean ± sd over the seeds is how "
                                        "much of a score is luck. Sweep with 2 or more seeds to compare settings.")
                                .format(seeds=seeds_text))
        sentences = [g["verdict"]["sentence"] for g in groups if g.get("verdict")]
        self.verdicts.setText("".join(f"<p>{html.escape(s)}</p>" for s in sentences))
        self.run_ids = [r["run_id"] for r in result.get("runs", []) if r.get("run_id") is not None]
        self.overlay_button.setEnabled(bool(self.run_ids))
        self._result = result
        self._draw_curves()

    def _draw_curves(self, *_: Any) -> None:
        """Each setting's mean validation accuracy per epoch over its seeds, with the chosen band."""
        from workbench.core.repeats import epoch_bands  # loads pandas: not at the window's start-up

        histories = {r["run_id"]: r.get("history") or [] for r in self._result.get("runs", [])
                     if r.get("status") == "completed"}
        sd = self.band_combo.currentData() == "sd"
        lines = []
        for i, group in enumerate(self._result.get("groups") or []):
            points = epoch_bands([histories[run] for run in group["run_ids"] if run in histories], "val_accuracy")
            if not points:
                continue
            x, mean = [p["epoch"] for p in points], [p["mean"] for p in points]
            name = group["label"] or self.tr("the form's settings")
            color = PALETTE[i % len(PALETTE)]
            if sd:
                lines.append(sd_line(name, x, mean, [p["std"] for p in points], color, True))
            else:
                spread_seen = any(p["max"] > p["min"] for p in points)
                lines.append((name, x, mean, [p["min"] for p in points] if spread_seen else None,
                              [p["max"] for p in points] if spread_seen else None, color, True))
        self.curves.set_lines(lines)

    def _verdict_cell(self, group: dict[str, Any]) -> QTableWidgetItem:
        verdict = group.get("verdict")
        if group["reference"]:
            return _cell(self.tr("best"), bold=True)
        if verdict is None:
            return _cell("–")
        text = {LARGER: self.tr("behind, beyond the noise"),
                NOT_DISTINGUISHABLE: self.tr("within the noise")}.get(verdict["outcome"], self.tr("cannot tell"))
        item = _cell(text)
        item.setToolTip(f"{verdict['sentence']}\n\n{verdict['method']}")
        color = BADGE_COLORS.get(verdict["outcome"])
        if color is not None:
            background = QColor(color)
            background.setAlpha(BADGE_ALPHA)
            item.setBackground(background)
        return item


Line = tuple[str, list[float], list[float], list[float] | None, list[float] | None, str, bool]


def sd_line(name: str, x: list[float], mean: list[float], std: list[float | None], color: str,
            validation: bool) -> Line:
    """A line whose band is ± 1 sd (none where no point has a spread)."""
    if not any(std):
        return name, x, mean, None, None, color, validation
    return (name, x, mean, [m - (s or 0.0) for m, s in zip(mean, std)], [m + (s or 0.0) for m, s in zip(mean, std)],
            color, validation)


class _BandPlot(FollowsPalette, QWidget):
    """A plot of mean lines with bands (pyqtgraph FillBetweenItem), following the palette."""

    def __init__(self, object_name: str, bottom: pg.AxisItem | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": bottom} if bottom is not None else None, enableMenu=False)
        self.plot.setObjectName(object_name)
        self.plot.setMinimumSize(260, 180)
        self.plot.getPlotItem().showGrid(x=True, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(side).enableAutoSIPrefix(False)  # accuracy, not "x0.001"
        # The key is a line of text above the plot, not a legend inside it: a legend covers the curves' ends.
        self.key = _label(object_name + "Key")
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.bands: list[pg.FillBetweenItem] = []
        self._lines: list[Line] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addWidget(self.plot, 1)
        self._apply_palette()

    def set_lines(self, lines: Sequence[Line]) -> None:
        """(name, x, mean, band's low or None, band's high or None, colour, validation?) per line; redraws."""
        self._lines = list(lines)
        self._draw()

    def _draw(self) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.bands = []
        for name, x, mean, low, high, color, validation in self._lines:
            if low is not None and high is not None:
                # An invisible pen, not None: with None pyqtgraph makes no path, and the band fills between paths.
                lower, upper = (pg.PlotDataItem(x, y, pen=pg.mkPen(None)) for y in (low, high))
                fill = QColor(color)
                fill.setAlpha(BAND_ALPHA)
                band = pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(fill))
                for part in (lower, upper, band):
                    item.addItem(part)
                self.bands.append(band)
            pen = validation_pen(QColor(color), 2) if validation else pg.mkPen(color, width=2)
            item.plot(x, mean, pen=pen, symbol="o", symbolSize=6, symbolPen=None, symbolBrush=color, name=name)
        self.key.setText("&nbsp;&nbsp;&nbsp;".join(
            f"<span style='color: {color}'><b>{'╌╌' if validation else '━━'}</b></span>&nbsp;{html.escape(name)}"
            for name, _x, _mean, _low, _high, color, validation in self._lines))

    def _apply_palette(self) -> None:
        palette = self.palette()
        style_plot(self.plot, palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
                   "10pt", self.font())
        self._draw()


class FoldsView(_TaskView):
    """Every fold's score on its held-out rows, the mean ± sd, and the mean curves over the folds."""

    runs_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("foldsView")
        self.header = _label("foldsHeader", selectable=True)
        self.table = _table("foldsTable")
        self.notes = _label("foldsNotes")
        self.curves = _BandPlot("foldsPlot", EpochAxis("bottom"))
        item = self.curves.plot.getPlotItem()
        item.setTitle(self.tr("Mean over the folds, ± 1 sd"))
        item.setLabel("bottom", self.tr("epoch"))
        item.setLabel("left", self.tr("accuracy"))
        self.overlay_button = QPushButton(self.tr("Overlay the folds' runs"), objectName="foldsOverlayButton")
        self.overlay_button.clicked.connect(lambda: self.runs_requested.emit(self.run_ids))
        self.run_ids: list[int] = []
        _lay_out(self, "foldsSplitter", [self.table, self.notes], self.curves, [None, self.overlay_button])
        self.header.setText(self.tr("Run > Cross-validate… trains one model per fold; every text is held out once."))
        self.clear()

    def clear(self) -> None:
        _fill_table(self.table, [], [])
        self.notes.clear()
        self.notes.hide()
        self.curves.set_lines([])
        self.run_ids = []
        self.overlay_button.setEnabled(False)

    def show_result(self, result: dict[str, Any]) -> None:
        """``result``: CrossValidation.to_dict(), the reply of the engine's cv task."""
        folds, mean, std = result.get("folds") or [], result["mean"], result["std"]
        headers = [self.tr("Fold"), self.tr("Status"), self.tr("Training rows"), self.tr("Validation rows"),
                   self.tr("Held-out rows"), self.tr("Accuracy"), self.tr("Macro-F1")]
        rows = [[_cell(str(f["fold"])), _cell(f["status"]), *(_cell(f"{f['sizes'].get(part, 0):,}")
                                                              for part in ("train", "validation", "test")),
                 _cell(_number(f["accuracy"])), _cell(_number(f["macro_f1"]))] for f in folds]
        rows.append([_cell(self.tr("mean ± sd"), bold=True), *(_cell("") for _ in range(4)),
                     _cell(mean_sd_text(mean["accuracy"], std["accuracy"]), bold=True),
                     _cell(mean_sd_text(mean["macro_f1"], std["macro_f1"]), bold=True)])
        _fill_table(self.table, headers, rows)
        completed = sum(f["status"] == "completed" for f in folds)
        self.header.setText(self.tr("{folds}-fold cross-validation ({completed} completed): accuracy {accuracy}, "
                                    "macro-F1 {f1} (mean ± sd over the folds, each scored on the rows it held out).")
                            .format(folds=len(folds), completed=completed,
                                    accuracy=mean_sd_text(mean["accuracy"], std["accuracy"]),
                                    f1=mean_sd_text(mean["macro_f1"], std["macro_f1"])))
        notes = result.get("notes") or []
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        bands = result.get("bands") or {}
        lines = []
        for metric, name, color, validation in (("accuracy", self.tr("training"), TRAIN_COLOR, False),
                                                ("val_accuracy", self.tr("validation"), VALIDATION_COLOR, True)):
            points = bands.get(metric) or []
            if points:
                lines.append(sd_line(name, [p["epoch"] for p in points], [p["mean"] for p in points],
                                     [p["std"] for p in points], color, validation))
        self.curves.set_lines(lines)
        self.run_ids = [f["run_id"] for f in folds if f.get("run_id") is not None]
        self.overlay_button.setEnabled(bool(self.run_ids))


class LearningCurveView(_TaskView):
    """Accuracy against the number of training texts: would more data help?"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("learningCurveView")
        self.header = _label("learningCurveHeader")
        self.reading = _label("learningCurveReading", selectable=True)
        font = QFont(self.reading.font())
        font.setBold(True)
        self.reading.setFont(font)
        self.curves = _BandPlot("learningCurvePlot")
        item = self.curves.plot.getPlotItem()
        item.setLabel("bottom", self.tr("training texts"))
        item.setLabel("left", self.tr("accuracy"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.reading)
        layout.addWidget(self.curves, 1)
        self.header.setText(self.tr("Run > Learning curve… trains on growing shares of the training texts."))
        self.clear()

    def clear(self) -> None:
        self.reading.clear()
        self.reading.hide()
        self.curves.set_lines([])

    def show_result(self, result: dict[str, Any]) -> None:
        """``result``: LearningCurve.to_dict(), the reply of the engine's learning_curve task."""
        points = sorted(result.get("points") or [], key=lambda p: p["train_size"])
        seeds = result.get("seeds") or []
        self.header.setText(self.tr("Accuracy of the final model against the number of training texts: the same "
                                    "{validation:,} validation texts at every size, {seeds} seed(s) per size; "
                                    "bands are ± 1 sd over the seeds.")
                            .format(validation=result.get("validation_size", 0), seeds=len(seeds)))
        self.reading.setText(result.get("reading", ""))
        self.reading.setVisible(bool(result.get("reading")))
        x = [p["train_size"] for p in points]
        lines = []
        for key, name, color, validation in (("train", self.tr("training"), TRAIN_COLOR, False),
                                             ("val", self.tr("validation"), VALIDATION_COLOR, True)):
            shown = [(size, p[f"{key}_accuracy"], p[f"{key}_accuracy_std"]) for size, p in zip(x, points)
                     if p[f"{key}_accuracy"] is not None]
            if shown:
                lines.append(sd_line(name, [s[0] for s in shown], [s[1] for s in shown], [s[2] for s in shown],
                                     color, validation))
        self.curves.set_lines(lines)


class AugmentPreview(QWidget):
    """A few training texts next to one augmented copy each, the edits marked."""

    shown = Signal()  # the tab came into view: time to refresh if the settings changed meanwhile
    refreshed = Signal()  # new pairs are showing

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("augmentPreview")
        self.note = _label("augmentPreviewNote")
        self.text = QTextBrowser(objectName="augmentPreviewText")
        self.text.setOpenLinks(False)
        self.pairs: list[tuple[str, str]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        self.show_message(self.tr("Open a dataset to see augmented copies of its texts."))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def show_message(self, message: str) -> None:
        self.note.setText(message)

    def show_pairs(self, pairs: Sequence[Sequence[str]], copies: int) -> None:
        """(original as training reads it, augmented copy) pairs; ``copies``: augment_copies in the settings."""
        self.pairs = [(str(a), str(b)) for a, b in pairs]
        if copies:
            self.note.setText(self.tr("Each training text gets {copies} edited copies like these (a new draw each "
                                      "time); validation and test texts are never copied. Edits are marked.")
                              .format(copies=copies))
        else:
            self.note.setText(self.tr("Augmentation is off (Augmented copies is 0): with these settings, a copy "
                                      "would look like this. Edits are marked."))
        original, copy = self.tr("Original"), self.tr("Augmented copy")
        head = f"<tr><th align='left'>{html.escape(original)}</th><th align='left'>{html.escape(copy)}</th></tr>"
        body = "".join(f"<tr><td width='50%'>{before}</td><td width='50%'>{after}</td></tr>"
                       for before, after in (marked_edits(a, b) for a, b in self.pairs))
        self.text.setHtml(f"<table width='100%' cellspacing='0' cellpadding='6' border='1' "
                          f"style='border-collapse: collapse'>{head}{body}</table>")
        self.refreshed.emit()


def marked_edits(original: str, copy: str) -> tuple[str, str]:
    """Both texts as HTML: what the copy left out struck through in the original, what it changed or
    inserted coloured in the copy. Compared unit by unit: words, and single characters of scripts
    written without spaces (Chinese), so that an edit inside a Chinese phrase marks only that character."""
    a, b = _units(original), _units(copy)
    matcher = difflib.SequenceMatcher(None, [u.strip() for u in a], [u.strip() for u in b], autojunk=False)
    before, after = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before.append(_marked(a[i1:i2], "" if tag == "equal" else "<s>", "" if tag == "equal" else "</s>"))
        after.append(_marked(b[j1:j2], "" if tag == "equal" else f"<b style='color: {EDIT_COLOR}'>",
                             "" if tag == "equal" else "</b>"))
    return "".join(before), "".join(after)


def _units(text: str) -> list[str]:
    """Single characters written without spaces and the words between them, each with the spaces after it."""
    units: list[str] = []
    for char in text:
        last = units[-1][-1] if units else ""
        if units and (char.isspace() or not (written_without_spaces(char) or written_without_spaces(last)
                                             or last.isspace())):
            units[-1] += char
        else:
            units.append(char)
    return units


def _marked(units: Sequence[str], start: str, end: str) -> str:
    """Units as HTML, each one's text between ``start`` and ``end`` (its spacing left out of the mark)."""
    out = []
    for unit in units:
        word = unit.rstrip()
        out.append(f"{start}{html.escape(word)}{end}{html.escape(unit[len(word):])}" if word else html.escape(unit))
    return "".join(out)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
