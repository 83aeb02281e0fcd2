"""Probe sentences: the user types a few texts and watches their class probabilities change, epoch by epoch.

The sentences typed here go with the next run (the engine scores them after every epoch and the
store keeps the numbers), so an audience sees the model change its mind while it trains. Each
sentence gets a small plot: one line per class, probability 0 to 1 on the same scale everywhere,
and its title says what the model thinks now ("→ positive 0.82").

A selected stored run shows the probes it was trained with, from the store.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import ConfigError
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.probes import MAX_PROBES, clean_probes
from workbench.core.text import shorten
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.i18n import core_message
from workbench.gui.plot_style import PALETTE, EpochAxis, FollowsPalette, style_plot

MAX_LINES = 6  # classes drawn per sentence: with more classes, those that ever ranked in the top 3
TITLE_CHARS = 48
PLACEHOLDER = QT_TRANSLATE_NOOP("ProbesPanel", "Type up to 8 sentences, one per line, e.g.\n"
                                "The food was great but the wait was long\n"
                                "Their class probabilities are plotted after every epoch of the next run.")
EMPTY_HINT = QT_TRANSLATE_NOOP("ProbesPanel", "Type sentences on the left; the next run plots what the model thinks of "
                                              "them after every epoch.")


def classes_to_draw(history: np.ndarray, limit: int = MAX_LINES) -> list[int]:
    """Class indices worth a line for one sentence: all of them, or those that ever ranked in the top 3.

    ``history`` has shape (epochs, classes).
    """
    classes = history.shape[1] if history.ndim == 2 else 0
    if classes <= limit:
        return list(range(classes))
    top = np.argsort(-history, axis=1)[:, :3]
    ranked = sorted(set(top.ravel().tolist()), key=lambda c: -history[:, c].max())
    return sorted(ranked[:limit])


class ProbesPanel(FollowsPalette, QWidget):
    probes_changed = Signal(list)  # the sentences for the next run (already cleaned)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probesPanel")
        self.scale = 1.0
        self._texts: list[str] = []
        self._class_names: list[str] = []
        self._history: list[list[list[float]]] = []  # epoch -> sentence -> class probabilities
        self._stale = False  # epochs arrived while the panel was hidden
        self._label = ""  # the run shown
        self._plots: list[pg.PlotWidget] = []

        self.editor = QPlainTextEdit(objectName="probeEditor")
        self.editor.setPlaceholderText(self.tr(PLACEHOLDER))
        self.editor.setToolTip(self.tr("Up to {count} sentences, one per line. They are scored after every "
                                       "epoch of the next run and kept with it.").format(count=MAX_PROBES))
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor_status = QLabel(objectName="probeStatusLabel")
        self.editor_status.setWordWrap(True)
        editor_box = QVBoxLayout()
        editor_box.addWidget(QLabel(self.tr("<b>Sentences to follow</b>")))
        editor_box.addWidget(self.editor, 1)
        editor_box.addWidget(self.editor_status)
        editor_widget = QWidget()
        editor_widget.setLayout(editor_box)
        editor_widget.setMaximumWidth(320)
        self.editor_widget = editor_widget

        self.heading = QLabel(self.tr(EMPTY_HINT), objectName="probeHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        plots_box = QVBoxLayout()
        plots_box.addWidget(self.heading)
        plots_box.addLayout(self.grid, 1)

        layout = QHBoxLayout(self)
        layout.addWidget(editor_widget)
        layout.addLayout(plots_box, 1)
        self._on_text_changed()

    # --- the sentences for the next run -----------------------------------------------

    def probes(self) -> list[str]:
        """The sentences typed, cleaned; ConfigError when there are too many."""
        return clean_probes(self.editor.toPlainText().splitlines())

    def set_probes(self, texts: Sequence[str]) -> None:
        self.editor.setPlainText("\n".join(texts))

    def _on_text_changed(self) -> None:
        try:
            probes = self.probes()
        except ConfigError as exc:
            self.editor_status.setText(core_message(str(exc)))
            self.editor_status.setStyleSheet(INVALID_LABEL_STYLE)
            return
        self.editor_status.setStyleSheet("color: gray;")
        if not probes:
            self.editor_status.setText(self.tr("No sentences: nothing is followed."))
        elif len(probes) == 1:
            self.editor_status.setText(self.tr("1 sentence for the next run."))
        else:
            self.editor_status.setText(self.tr("{count} sentences for the next run.").format(count=len(probes)))
        self.probes_changed.emit(probes)

    def has_plots(self) -> bool:
        return bool(self._texts)

    # --- showing a run -----------------------------------------------------------------

    def start_run(self, label: str, texts: Sequence[str], class_names: Sequence[str]) -> None:
        """Empty plots for the run starting now (nothing shown when it follows no sentences)."""
        self.show_history(label, texts, class_names, [])

    def add_epoch(self, epoch: int, probabilities: Sequence[Sequence[float]]) -> None:
        """One epoch's probabilities, one list per sentence (EpochEnd.probes)."""
        if len(probabilities) != len(self._texts):
            return
        del self._history[epoch - 1:]  # an epoch sent again replaces itself
        self._history.append([list(map(float, p)) for p in probabilities])
        if self.isVisible():
            self._redraw()
        else:
            self._stale = True  # drawn when the panel is shown: a hidden tab does no work

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._redraw()

    def show_history(self, label: str, texts: Sequence[str], class_names: Sequence[str],
                     history: Sequence[Sequence[Sequence[float]]]) -> None:
        """A run's probes: its sentences, class names and per-epoch probabilities (store.probe_history)."""
        self._texts, self._class_names = list(texts), list(class_names)
        self._history = [[list(map(float, p)) for p in epoch] for epoch in history]
        self._label = label
        self._build_plots()
        self._redraw()

    def clear(self) -> None:
        self.show_history("", [], [], [])

    def curve_data(self, sentence: int, class_name: str) -> tuple[np.ndarray, np.ndarray]:
        """The epochs and probabilities drawn for one sentence and class (empty if not drawn)."""
        for item in self._plots[sentence].getPlotItem().listDataItems():
            if item.name() == class_name:
                x, y = item.getOriginalDataset()
                return (np.array(x, dtype=float), np.array(y, dtype=float)) if x is not None else (
                    np.empty(0), np.empty(0))
        return np.empty(0), np.empty(0)

    def plot_titles(self) -> list[str]:
        return [plot.getPlotItem().titleLabel.text for plot in self._plots]

    def _build_plots(self) -> None:
        for plot in self._plots:
            self.grid.removeWidget(plot)
            plot.hide()  # at once: deleteLater waits for the event loop
            plot.deleteLater()
        self._plots = []
        if not self._texts:
            self.heading.setText(self.tr(EMPTY_HINT))
            return
        columns = 1 if len(self._texts) <= 2 else 2
        for i, text in enumerate(self._texts):
            plot = pg.PlotWidget(axisItems={"bottom": EpochAxis("bottom")}, enableMenu=False)
            plot.setObjectName(f"probePlot{i}")
            plot.setMouseEnabled(x=False, y=False)
            plot.setMinimumSize(200, 110)
            plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            plot.setToolTip(text)
            item = plot.getPlotItem()
            item.setYRange(0, 1, padding=0.02)
            item.showGrid(x=True, y=True, alpha=0.15)
            item.hideButtons()
            item.setLabel("left", self.tr("probability"))
            self.grid.addWidget(plot, i // columns, i % columns)
            self._plots.append(plot)
        self._apply_palette()

    def _redraw(self) -> None:
        self._stale = False
        if not self._texts:
            return
        epochs = len(self._history)
        data = np.array(self._history, dtype=float).reshape(epochs, len(self._texts), -1) if epochs else None
        for i, plot in enumerate(self._plots):
            item = plot.getPlotItem()
            item.clear()
            title = html.escape(shorten(self._texts[i], TITLE_CHARS))
            if data is not None and data.shape[2] == len(self._class_names):
                sentence = data[:, i, :]
                x = np.arange(1, epochs + 1, dtype=float)
                for c in classes_to_draw(sentence):
                    color = QColor(PALETTE[c % len(PALETTE)])
                    item.plot(x, sentence[:, c], name=self._class_names[c], symbol="o",
                              symbolSize=5 * self.scale, symbolBrush=color, symbolPen=color,
                              pen=pg.mkPen(color, width=2 * self.scale))
                now = int(sentence[-1].argmax())
                title += f"  →  {html.escape(self._class_names[now])} {sentence[-1, now]:.2f}"
                item.setXRange(1, max(2, epochs), padding=0.05)
            item.setTitle(title, size=f"{9.5 * self.scale:g}pt", color=self._text_color().name())
        run = html.escape(self._label)
        if epochs:
            shown = self.tr("after epoch {epoch}").format(epoch=epochs)
        else:
            shown = self.tr("waiting for the first epoch")
        key = "&nbsp; ".join(f"<span style='color:{PALETTE[c % len(PALETTE)]}'>■</span> {html.escape(name)}"
                             for c, name in enumerate(self._class_names))
        self.heading.setText(self.tr("<b>{run}</b> — what the model thinks of each sentence, {when}.").format(
            run=run, when=shown) + f"<br>{key}")

    # --- look ----------------------------------------------------------------------------

    def set_presenting(self, on: bool) -> None:
        """Presentation mode: the plots only, larger; the sentences cannot be edited mid-demonstration."""
        self.editor_widget.setVisible(not on)
        self.set_scale(1.6 if on else 1.0)

    def set_scale(self, scale: float) -> None:
        """Presentation mode: bigger titles, lines and points."""
        self.scale = scale
        if self._texts:
            self._build_plots()
            self._redraw()

    def _text_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _apply_palette(self) -> None:
        background = self.palette().color(QPalette.ColorRole.Base)
        tick_font = QFont()
        tick_font.setPointSizeF(tick_font.pointSizeF() * 0.9 * self.scale)
        for plot in self._plots:
            style_plot(plot, background, self._text_color(), f"{9.5 * self.scale:g}pt", tick_font)
        self._redraw()

