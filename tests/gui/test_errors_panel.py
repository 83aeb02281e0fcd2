"""The errors panel: the misclassified test texts, and token importance (which it only asks for)."""

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QTextBrowser,
)

from workbench.core.diagnostics import misclassified
from workbench.gui.errors_panel import ErrorsPanel

CLASSES = ["negative", "positive"]
TEXTS = ["a great film", "dull and slow", "not bad at all", "I loved it", "terrible acting", "这部电影很好"]
Y_TRUE = [1, 0, 1, 1, 0, 1]
PROBABILITIES = [[0.1, 0.9], [0.3, 0.7], [0.95, 0.05], [0.6, 0.4], [0.8, 0.2], [0.75, 0.25]]


@pytest.fixture
def panel(qtbot):
    p = ErrorsPanel()
    qtbot.addWidget(p)
    p.resize(800, 450)
    p.show()
    return p


@pytest.fixture
def rows():
    return misclassified(TEXTS, Y_TRUE, np.array(PROBABILITIES), CLASSES)


def table_rows(panel):
    model = panel.findChild(QTableView, "misclassifiedTable").model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_table_lists_mistakes_most_confident_first(panel, rows):
    assert panel.objectName() == "errorsPanel"
    panel.show_errors(rows, total=len(TEXTS))
    table = panel.findChild(QTableView, "misclassifiedTable")
    model = table.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Text", "True", "Predicted", "Confidence"]
    assert table_rows(panel) == [
        ["not bad at all", "positive", "negative", "95.0%"],
        ["这部电影很好", "positive", "negative", "75.0%"],
        ["dull and slow", "negative", "positive", "70.0%"],
        ["I loved it", "positive", "negative", "60.0%"],
    ]
    assert table.isVisible()
    assert panel.findChild(QLabel, "errorsSummaryLabel").text() == (
        "4 of 6 test texts misclassified; most confident mistakes first")


def test_sorting_by_confidence_is_numeric(panel):
    rows = [{"index": i, "text": f"text {i}", "true": "a", "predicted": "b", "confidence": c}
            for i, c in enumerate([0.95, 0.105, 0.5, 1.0])]  # as strings "10.5%" < "100.0%" < "50.0%" < "95.0%"
    panel.show_errors(rows)
    table = panel.findChild(QTableView, "misclassifiedTable")
    table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert [r[3] for r in table_rows(panel)] == ["10.5%", "50.0%", "95.0%", "100.0%"]
    table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in table_rows(panel)] == ["text 3", "text 0", "text 2", "text 1"]
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in table_rows(panel)] == ["text 0", "text 1", "text 2", "text 3"]


def test_long_texts_are_cut_with_the_full_text_in_the_tooltip(panel):
    long_text = "word " * 500 + "\nend"
    panel.show_errors([{"index": 0, "text": long_text, "true": "a", "predicted": "b", "confidence": 0.9}], total=10)
    index = panel.findChild(QTableView, "misclassifiedTable").model().index(0, 0)
    shown = index.data()
    assert len(shown) <= 201 and shown.endswith("…") and "\n" not in shown
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("word word")
    assert panel.findChild(QLabel, "errorsSummaryLabel").text() == "1 of 10 test texts misclassified"


def test_empty_state(panel, rows):
    panel.show_errors(rows, total=6)
    panel.show_errors([], total=6)
    stack = panel.findChild(QStackedWidget, "errorsStack")
    empty = stack.currentWidget()
    assert isinstance(empty, QLabel) and empty.text() == "No mistakes on the test texts." and empty.isVisible()
    assert not panel.findChild(QTableView, "misclassifiedTable").isVisible()
    assert table_rows(panel) == []
    panel.show_errors([])
    assert panel.findChild(QLabel, "errorsSummaryLabel").text() == "No mistakes on the test texts."


def test_selecting_a_row_requests_its_importance(panel, rows, qtbot):
    panel.show_errors(rows, total=6)
    table = panel.findChild(QTableView, "misclassifiedTable")
    with qtbot.waitSignal(panel.importance_requested) as blocker:
        table.selectRow(2)
    assert blocker.args == ["dull and slow"]
    assert panel.findChild(QLineEdit, "importanceInput").text() == "dull and slow"
    # sorting keeps the selection on the same text and asks nothing more
    with qtbot.assertNotEmitted(panel.importance_requested):
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    selected = table.selectionModel().selectedRows()
    assert [table.model().index(i.row(), 0).data() for i in selected] == ["dull and slow"]


def test_enter_in_the_input_requests_importance(panel, qtbot):
    field = panel.findChild(QLineEdit, "importanceInput")
    field.setText("what a <b>bold</b> claim")
    with qtbot.waitSignal(panel.importance_requested) as blocker:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args == ["what a <b>bold</b> claim"]
    field.setText("   ")
    with qtbot.assertNotEmitted(panel.importance_requested):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def spans(view_html):
    """(token, background, title) per token span of the importance view's source HTML."""
    return re.findall(r'<span style="background-color:(#[0-9a-f]{6}); color:#000000;" title="([^"]*)">(.*?)</span>',
                      view_html)


def test_importance_colours_tokens_by_sign_and_strength(panel):
    tokens = [("not", -0.2), ("bad", 0.1), ("at", 0.0), ("all", 0.4), ("<b>", 0.05)]
    panel.show_importance("not bad at all <b>", tokens, "positive")
    view = panel.findChild(QTextBrowser, "importanceView")
    produced = panel.importance_source  # the HTML given to the view (which re-serializes it)
    found = {token: (colour, title) for colour, title, token in spans(produced)}
    assert list(found) == ["not", "bad", "at", "all", "&lt;b&gt;"]  # "<b>" escaped, not bold
    assert "<b>" not in produced
    rgb = {t: tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for t, (c, _) in found.items()}
    # green: green channel dominates; the most important token is the strongest (furthest from white)
    greens = {t: v for t, v in rgb.items() if v[1] > v[0]}
    assert set(greens) == {"bad", "all", "&lt;b&gt;"}
    assert max(greens, key=lambda t: 255 - greens[t][0]) == "all"
    assert rgb["not"][0] > rgb["not"][1] and rgb["not"][0] > rgb["not"][2]  # red
    assert rgb["at"] == (255, 255, 255)  # no effect, no tint
    assert found["all"][1] == "+0.400: pushes towards &#x27;positive&#x27;"
    assert found["not"][1].startswith("-0.200: pushes away from")
    # the view shows the words, separated by spaces, and the legend names the class
    assert view.toPlainText() == "not bad at all <b>"
    legend = panel.findChild(QLabel, "importanceLegendLabel").text()
    assert "green: pushes towards 'positive' · " in legend and "red: pushes away" in legend


def test_chinese_tokens_are_joined_without_spaces(panel):
    panel.show_importance("这部电影很好 ok", [("这", 0.1), ("部", 0.0), ("电", 0.3), ("影", -0.1), ("好", 0.2),
                                              ("ok", 0.1)], "positive")
    assert panel.findChild(QTextBrowser, "importanceView").toPlainText() == "这部电影好 ok"


def test_a_late_answer_to_an_older_request_is_dropped(panel, qtbot):
    field = panel.findChild(QLineEdit, "importanceInput")
    for text in ("first", "second"):
        field.setText(text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    view = panel.findChild(QTextBrowser, "importanceView")
    panel.show_importance("first", [("first", 0.5)], "positive")
    assert "first" not in view.toPlainText()
    panel.show_importance("second", [("second", 0.5)], "positive")
    assert view.toPlainText() == "second"


def test_clear(panel, rows):
    panel.show_errors(rows, total=6)
    panel.show_importance("a great film", [("a", 0.0), ("great", 0.5), ("film", 0.1)], "positive")
    panel.clear()
    assert table_rows(panel) == []
    assert "great" not in panel.findChild(QTextBrowser, "importanceView").toPlainText()
    assert panel.findChild(QLabel, "importanceLegendLabel").text() == ""
    assert "No error analysis yet" in panel.findChild(QLabel, "errorsSummaryLabel").text()
