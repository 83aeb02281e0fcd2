"""The results panel: scores, per-class table, confusion matrix, and the Try-it box (which only asks)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from workbench.core.config import ExperimentConfig
from workbench.core.metrics import classification_scores
from workbench.core.store import RunStore
from workbench.gui.results_panel import ResultsPanel

NEWS = ["World", "Sports", "Business", "Sci/Tech"]


def scores_for(labels, matrix):
    """Real scores (workbench.core.metrics) for the predictions a confusion matrix describes."""
    y_true, y_pred = [], []
    for t, row in enumerate(matrix):
        for p, n in enumerate(row):
            y_true += [t] * n
            y_pred += [p] * n
    return classification_scores(np.array(y_true), np.eye(len(labels))[y_pred], labels)


NEWS_MATRIX = [[45, 2, 2, 1], [1, 48, 1, 0], [3, 0, 40, 7], [2, 1, 6, 41]]


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "home") as s:
        yield s


def finished_run(store, labels, matrix, status="completed", model="bag_of_embeddings", name=None):
    run_id = store.create_run(ExperimentConfig(model=model, epochs=3).to_json(), {"path": "/data/news.csv"}, name=name)
    for epoch in (1, 2, 3):
        store.add_epoch(run_id, epoch, {"loss": 1 / epoch, "accuracy": 0.8, "val_loss": 1 / epoch, "val_accuracy": 0.8})
    store.finish_run(run_id, status, {"test": scores_for(labels, matrix), "timing": {"total_s": 4.2}},
                     model_path=str(store.model_dir(run_id) / "model.keras"), duration_s=4.2)
    return store.get_run(run_id)


@pytest.fixture
def panel(qtbot):
    p = ResultsPanel()
    qtbot.addWidget(p)
    p.resize(1000, 320)
    p.show()
    return p


def per_class_rows(panel):
    model = panel.findChild(QTableView, "perClassTable").model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_shows_scores_per_class_rows_and_confusion_matrix(panel, store):
    record = finished_run(store, NEWS, NEWS_MATRIX)
    panel.show_result(record)
    summary = panel.findChild(QLabel, "resultsSummaryLabel").text()
    test = record.results["test"]
    assert f"test accuracy <b>{test['accuracy']:.3f}</b>" in summary and "0.870" in summary
    assert f"macro-F1 <b>{test['macro_f1']:.3f}</b>" in summary and "completed" in summary
    rows = per_class_rows(panel)
    assert [r[0] for r in rows] == NEWS
    assert rows[1] == ["Sports", "0.941", "0.960", "0.950", "50"]
    assert panel.confusion_matrix() == NEWS_MATRIX
    counts = [[text.toPlainText() for text in row] for row in panel.cell_texts]
    assert counts == [[str(n) for n in row] for row in NEWS_MATRIX]
    assert all(text.isVisible() for row in panel.cell_texts for text in row)
    plot = panel.findChild(QGraphicsView, "confusionPlot")
    item = plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "predicted" and item.getAxis("left").labelText == "true"
    assert [name for _, name in item.getAxis("left")._tickLevels[0]] == NEWS  # rows: the true classes
    assert [name for _, name in item.getAxis("bottom")._tickLevels[0]] == NEWS  # columns: the predicted
    # The colour is each cell's share of its true class: a row of the image sums to 1.
    np.testing.assert_allclose(panel.confusion_image.image.sum(axis=1), 1.0)


def test_chinese_class_names_reach_table_axes_and_bars(panel, store):
    record = finished_run(store, ["好评", "差评"], [[41, 9], [6, 44]], name="中文评论")
    panel.show_result(record)
    assert [r[0] for r in per_class_rows(panel)] == ["好评", "差评"]
    left = panel.findChild(QGraphicsView, "confusionPlot").getPlotItem().getAxis("left")
    assert [name for _, name in left._tickLevels[0]] == ["好评", "差评"]
    assert "中文评论" in panel.findChild(QLabel, "resultsSummaryLabel").text()


def test_ten_long_class_names_still_fit(panel, store):
    names = [f"talk.politics.topic{i}" for i in range(10)]
    matrix = (np.eye(10, dtype=int) * 40 + 1).tolist()
    panel.show_result(finished_run(store, names, matrix))
    bottom = panel.findChild(QGraphicsView, "confusionPlot").getPlotItem().getAxis("bottom")
    # Too narrow for the names: the columns are numbered, the rows say which number is which.
    assert [label for _, label in bottom._tickLevels[0]] == [str(i) for i in range(1, 11)]
    assert panel.confusion_matrix() == matrix


def test_enter_or_the_button_asks_for_a_prediction(panel, store, qtbot):
    panel.show_result(finished_run(store, NEWS, NEWS_MATRIX))
    box = panel.findChild(QLineEdit, "predictInput")
    assert box.isEnabled()
    with qtbot.waitSignal(panel.predict_requested) as signal:
        qtbot.keyClicks(box, "Stocks rally as tech giants report record profits")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert signal.args == ["Stocks rally as tech giants report record profits"]
    with qtbot.waitSignal(panel.predict_requested) as signal:
        panel.findChild(QPushButton, "predictButton").click()
    assert signal.args == ["Stocks rally as tech giants report record profits"]
    box.clear()
    with qtbot.assertNotEmitted(panel.predict_requested):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # nothing typed, nothing asked


def test_probabilities_are_drawn_as_bars_most_probable_on_top(panel, store):
    panel.show_result(finished_run(store, NEWS, NEWS_MATRIX))
    panel.show_probabilities("Stocks rally", {"World": 0.04, "Sports": 0.01, "Business": 0.71, "Sci/Tech": 0.24})
    bars = panel.probability_bars
    assert bars is not None and bars in panel.findChild(QGraphicsView, "probabilityPlot").getPlotItem().items
    top_down = np.argsort(-np.asarray(bars.opts["y"]))
    np.testing.assert_allclose(np.asarray(bars.opts["width"])[top_down], [0.71, 0.24, 0.04, 0.01])
    left = panel.findChild(QGraphicsView, "probabilityPlot").getPlotItem().getAxis("left")
    ticks = sorted(left._tickLevels[0], key=lambda tick: -tick[0])
    assert [name for _, name in ticks] == ["Business", "Sci/Tech", "World", "Sports"]
    assert [t.toPlainText() for t in panel.probability_texts] == ["71.0%", "24.0%", "4.0%", "1.0%"]
    assert "Business" in panel.findChild(QLabel, "predictionLabel").text()
    # Another run's results clear the old model's answer.
    panel.show_result(finished_run(store, NEWS, NEWS_MATRIX))
    assert panel.probability_bars is None and panel.findChild(QLabel, "predictionLabel").text() == ""


def test_the_probability_chart_is_built_with_the_first_prediction(panel, store):
    """A pyqtgraph plot is half the panel's build: until a prediction needs it, an empty slot holds its place."""
    panel.show_result(finished_run(store, NEWS, NEWS_MATRIX))
    assert panel.findChild(QGraphicsView, "probabilityPlot") is None
    assert panel.findChild(QWidget, "probabilitySlot").minimumSize().toTuple() == (240, 120)
    panel.show_probabilities("Stocks rally", {"World": 0.3, "Business": 0.7})
    chart = panel.findChild(QGraphicsView, "probabilityPlot")
    assert chart is not None and panel.probability_bars in chart.getPlotItem().items
    assert chart.minimumSize().toTuple() == (240, 120)


def test_no_result_clears_everything_and_disables_try_it(panel, store):
    panel.show_result(finished_run(store, NEWS, NEWS_MATRIX))
    panel.show_result(None)
    box, button = panel.findChild(QLineEdit, "predictInput"), panel.findChild(QPushButton, "predictButton")
    assert not box.isEnabled() and not button.isEnabled()
    assert "Train a model to try it" in panel.findChild(QLabel, "predictHintLabel").text()
    assert per_class_rows(panel) == [] and panel.confusion_matrix() == [] and panel.cell_texts == []
    panel.set_predict_enabled(True)
    assert box.isEnabled() and button.isEnabled()


def test_runs_without_a_usable_model_explain_why(panel, store):
    run_id = store.create_run(ExperimentConfig(model="mlp", learning_rate=10.0).to_json(), {})
    panel.show_result(store.get_run(run_id))
    assert "still training" in panel.findChild(QLabel, "predictHintLabel").text()
    store.finish_run(run_id, "diverged", {"test": None}, message="The loss became NaN at epoch 1.")
    panel.show_result(store.get_run(run_id))
    assert not panel.findChild(QLineEdit, "predictInput").isEnabled()
    assert "diverged" in panel.findChild(QLabel, "predictHintLabel").text()
    assert "NaN at epoch 1" in panel.findChild(QLabel, "resultsSummaryLabel").text()
