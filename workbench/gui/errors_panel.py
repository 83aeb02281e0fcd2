"""Error analysis: the test texts the model got wrong, and which words pushed it there.

The panel never runs a model. Selecting a mistake (or typing a text and pressing Enter)
emits ``importance_requested(text)``; the window hands the text to the training thread
(TensorFlow must stay off the GUI thread), computes ``diagnostics.token_importance`` there
and passes the answer back through ``show_importance``.

The rows come from ``diagnostics.misclassified``: dicts with index, text, true, predicted
and confidence (the probability the model gave its wrong answer).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.gui.i18n import translate

COLUMNS = (QT_TRANSLATE_NOOP("ErrorsModel", "Text"), QT_TRANSLATE_NOOP("ErrorsModel", "True"),
           QT_TRANSLATE_NOOP("ErrorsModel", "Predicted"), QT_TRANSLATE_NOOP("ErrorsModel", "Confidence"))
TEXT, TRUE, PREDICTED, CONFIDENCE = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value a column sorts by (a float for Confidence)
MAX_CELL_CHARS = 200  # the view elides to its width; this only keeps a huge text from being laid out
MAX_TOOLTIP_CHARS = 2000
POSITIVE_RGB, NEGATIVE_RGB = (46, 170, 70), (222, 60, 60)  # full-strength tints, blended with white
NO_ERRORS_YET = QT_TRANSLATE_NOOP("ErrorsPanel", "No error analysis yet: train a model, or pick a run in the Runs tab.")
NO_MISTAKES = QT_TRANSLATE_NOOP("ErrorsPanel", "No mistakes on the test texts.")
IMPORTANCE_HINT = QT_TRANSLATE_NOOP("ErrorsPanel", "Select a mistake, or type a text and press Enter, to see which "
                                                   "words drove the prediction.")


# --- the table -----------------------------------------------------------------------------


class ErrorsModel(QAbstractTableModel):
    """Read-only rows of ``diagnostics.misclassified``; sorts in place (Confidence numerically)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    @staticmethod
    def _value(row: dict[str, Any], column: int):
        if column == CONFIDENCE:
            return float(row.get("confidence", 0.0))
        return str(row.get(("text", "true", "predicted")[column], ""))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        value = self._value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CONFIDENCE:
                return f"{value:.1%}"
            flat = " ".join(value.split())  # newlines and tabs as single spaces
            return flat if len(flat) <= MAX_CELL_CHARS else flat[:MAX_CELL_CHARS] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CONFIDENCE:
                return self.tr("The model gave its wrong answer '{predicted}' a probability of {value}.").format(
                    predicted=row.get('predicted', ''), value=f"{value:.1%}")
            more = (self.tr("… ({count} characters)").format(count=f"{len(value):,}")
                    if len(value) > MAX_TOOLTIP_CHARS else "")
            return value[:MAX_TOOLTIP_CHARS] + more
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CONFIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("The test text"), self.tr("Its real class"), self.tr("The class the model chose"),
                    self.tr("How sure the model was of its wrong answer"))[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        key = (lambda r: self._value(r, column)) if column == CONFIDENCE else (lambda r: self._value(r, column).casefold())
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        # keep the selection on the same texts (persistent indexes follow the rows)
        position = {id(r): i for i, r in enumerate(self._rows)}
        for persistent in self.persistentIndexList():
            moved = position[id(old[persistent.row()])]
            self.changePersistentIndex(persistent, self.index(moved, persistent.column()))
        self.layoutChanged.emit()


# --- importance as HTML ----------------------------------------------------------------------


def is_cjk(token: str) -> bool:
    """True for a token written without spaces between words: Chinese, Japanese kana, CJK punctuation."""
    def cjk(ch: str) -> bool:
        o = ord(ch)
        return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F
                or 0x3000 <= o <= 0x30FF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF)
    return bool(token) and all(cjk(ch) for ch in token)


def _tint(importance: float, strongest: float) -> str:
    """Hex background: white blended towards green (positive) or red (negative) by |importance|/strongest."""
    share = min(1.0, abs(importance) / strongest) if strongest > 0 else 0.0
    target = POSITIVE_RGB if importance > 0 else NEGATIVE_RGB
    r, g, b = (round(255 + (c - 255) * share) for c in target)
    return f"#{r:02x}{g:02x}{b:02x}"



def importance_html(tokens: list[tuple[str, float]], predicted: str) -> str:
    """The tokens as tinted spans, each with its value in a title (shown as a tooltip)."""
    strongest = max((abs(float(v)) for _, v in tokens), default=0.0)
    parts: list[str] = []
    previous = None
    for token, value in tokens:
        value = float(value)
        if previous is not None and not (is_cjk(previous) and is_cjk(token)):
            parts.append(" ")
        direction = (translate("ErrorsPanel", "{value}: pushes towards '{predicted}'") if value > 0
                     else translate("ErrorsPanel", "{value}: pushes away from '{predicted}'") if value < 0
                     else translate("ErrorsPanel", "{value}: pushes neither way for '{predicted}'"))
        title = html.escape(direction.format(value=f"{value:+.3f}", predicted=predicted), quote=True)
        parts.append(f'<span style="background-color:{_tint(value, strongest)}; color:#000000;" '
                     f'title="{title}">{html.escape(token, quote=False)}</span>')
        previous = token
    return f'<p style="line-height:150%;">{"".join(parts)}</p>'


# --- the panel -------------------------------------------------------------------------------


class ErrorsPanel(QWidget):
    importance_requested = Signal(str)  # a text whose token importance the window should compute

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorsPanel")
        self.importance_source = ""  # the HTML last given to the importance view (it re-serializes it)
        self._pending: str | None = None  # the last requested text; an older answer arriving late is dropped

        self.summary_label = QLabel(self.tr(NO_ERRORS_YET), objectName="errorsSummaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- the mistakes -------------------------------------------------------------------
        self.model = ErrorsModel(self)
        self.table = QTableView(objectName="misclassifiedTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(CONFIDENCE, Qt.SortOrder.DescendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (TRUE, PREDICTED, CONFIDENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty_label = QLabel(self.tr(NO_MISTAKES), objectName="errorsEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: gray;")
        self.stack = QStackedWidget(objectName="errorsStack")
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        # --- why: token importance ------------------------------------------------------------
        self.importance_input = QLineEdit(objectName="importanceInput")
        self.importance_input.setPlaceholderText(self.tr("Type a text and press Enter to see which words matter…"))
        self.importance_input.setClearButtonEnabled(True)
        self.importance_input.returnPressed.connect(self._request_typed)
        self.explain_button = QPushButton(self.tr("Explain"), objectName="explainButton")
        self.explain_button.setToolTip(self.tr("Ask the model which words push it towards its answer (Enter)."))
        self.explain_button.clicked.connect(self._request_typed)
        self.importance_view = QTextBrowser(objectName="importanceView")
        self.importance_view.setOpenLinks(False)
        self.importance_view.setMinimumHeight(60)
        self.legend_label = QLabel("", objectName="importanceLegendLabel")
        self.legend_label.setWordWrap(True)

        input_row = QHBoxLayout()
        input_row.addWidget(self.importance_input, 1)
        input_row.addWidget(self.explain_button)
        why_box = QWidget(objectName="importanceBox")
        why_layout = QVBoxLayout(why_box)
        why_layout.setContentsMargins(0, 4, 0, 0)
        why_layout.addWidget(QLabel(self.tr("<b>Which words matter</b>")))
        why_layout.addLayout(input_row)
        why_layout.addWidget(self.importance_view, 1)
        why_layout.addWidget(self.legend_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="errorsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(why_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.splitter, 1)
        self.clear()

    # --- public ---------------------------------------------------------------------------

    def show_errors(self, rows: list[dict[str, Any]], total: int | None = None) -> None:
        """Show the mistakes (``diagnostics.misclassified``), most confident first; ``total`` = test texts."""
        rows = sorted(rows, key=lambda r: float(r.get("confidence", 0.0)), reverse=True)
        self.table.clearSelection()
        self.model.set_rows(rows)
        self.table.horizontalHeader().setSortIndicator(CONFIDENCE, Qt.SortOrder.DescendingOrder)
        self.summary_label.setText(self._summary(len(rows), total))
        self.stack.setCurrentWidget(self.table if rows else self.empty_label)

    def show_importance(self, text: str, tokens: list[tuple[str, float]], predicted: str) -> None:
        """Colour ``text``'s tokens by how much each pushes the model towards ``predicted``."""
        if self._pending is not None and text != self._pending:
            return  # the answer to an older request: a newer one is on its way
        self._pending = None
        if not tokens:
            self.importance_source = ""
            unknown = self.tr("None of the words in this text is known to the model.")
            self.importance_view.setHtml(f"<p style='color:gray;'>{unknown}</p>")
            self.legend_label.setText("")
            return
        self.importance_source = importance_html(tokens, predicted)
        self.importance_view.setHtml(self.importance_source)
        self.legend_label.setText(self._legend(predicted))

    def clear(self) -> None:
        self._pending = None
        self.table.clearSelection()
        self.model.set_rows([])
        self.summary_label.setText(self.tr(NO_ERRORS_YET))
        self.stack.setCurrentWidget(self.table)
        self.importance_input.clear()
        self.importance_source = ""
        self.importance_view.setHtml(f"<p style='color:gray;'>{html.escape(self.tr(IMPORTANCE_HINT))}</p>")
        self.legend_label.setText("")

    # --- internals ------------------------------------------------------------------------

    def _summary(self, mistakes: int, total: int | None) -> str:
        if mistakes == 0:
            return (self.tr("All {total} test texts classified correctly.").format(total=f"{total:,}") if total
                    else self.tr(NO_MISTAKES))
        if total is not None:
            text = (self.tr("{mistakes} of {total} test texts misclassified; most confident mistakes first")
                    if mistakes > 1 else self.tr("{mistakes} of {total} test texts misclassified"))
        else:
            text = (self.tr("{mistakes} test texts misclassified; most confident mistakes first")
                    if mistakes > 1 else self.tr("{mistakes} test text misclassified"))
        return text.format(mistakes=f"{mistakes:,}", total=f"{total or 0:,}")

    def _legend(self, predicted: str) -> str:
        green = "#%02x%02x%02x" % POSITIVE_RGB
        red = "#%02x%02x%02x" % NEGATIVE_RGB
        name = html.escape(predicted)
        towards = self.tr("green: pushes towards '{name}'").format(name=name)
        away = self.tr("red: pushes away")
        hint = self.tr("(stronger colour, bigger effect; hover a word for its value)")
        return (f"<span style='color:{green};'>■</span> {towards} · <span style='color:{red};'>■</span> {away} "
                f"<span style='color:gray;'>{hint}</span>")

    def _request(self, text: str) -> None:
        if not text.strip():
            return
        self._pending = text
        self.importance_requested.emit(text)

    def _request_typed(self) -> None:
        self._request(self.importance_input.text())

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if len(rows) != 1:
            return
        text = str(self.model.row(rows.pop()).get("text", ""))
        self.importance_input.setText(text)
        self.importance_input.setCursorPosition(0)
        self._request(text)
