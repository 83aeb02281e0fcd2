"""The runs table over a real run store: what it shows, selecting, cloning, renaming, deleting."""

from datetime import datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
)

from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
from workbench.gui.runs_panel import COLUMNS, RunsPanel, format_duration

DATASET = {"path": "/data/reviews.csv", "rows": 1200, "text_column": "text", "label_column": "label"}


def scores(accuracy: float) -> dict:
    return {"accuracy": accuracy, "macro_f1": accuracy - 0.01, "labels": ["negative", "positive"],
            "confusion_matrix": [[50, 10], [8, 52]],
            "per_class": {"negative": {"precision": 0.86, "recall": 0.83, "f1": 0.85, "support": 60},
                          "positive": {"precision": 0.84, "recall": 0.87, "f1": 0.85, "support": 60}}}


def add_run(store, config, val_accuracies, status="completed", duration=None, name=None):
    run_id = store.create_run(config.to_json(), DATASET, name=name)
    for epoch, val_accuracy in enumerate(val_accuracies, start=1):
        store.add_epoch(run_id, epoch, {"loss": 0.5, "accuracy": 0.8, "val_loss": 0.6, "val_accuracy": val_accuracy})
    if status != "running":
        store.finish_run(run_id, status, {"test": scores(max(val_accuracies, default=0.5))},
                         message="Stopped by the user." if status == "stopped" else "", duration_s=duration)
    return run_id


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "home") as s:
        yield s


@pytest.fixture
def runs(store):
    """Three runs, oldest first: a quick bag model, a regularized LSTM, a CNN still training."""
    return [
        add_run(store, ExperimentConfig(model="bag_of_embeddings", epochs=3), [0.71, 0.78, 0.812], duration=12.34),
        add_run(store, ExperimentConfig(model="lstm", dropout=0.5, l2=1e-4, epochs=2), [0.65, 0.9],
                status="stopped", duration=125.2, name="LSTM with dropout"),
        add_run(store, ExperimentConfig(model="cnn", learning_rate=3e-4), [0.6], status="running"),
    ]


@pytest.fixture
def panel(qtbot, store, runs):
    p = RunsPanel(store)
    qtbot.addWidget(p)
    p.resize(1000, 300)
    p.show()
    return p


def table_rows(panel):
    view = panel.findChild(QTableView, "runsTable")
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def select_rows(panel, rows, qtbot):
    """Ctrl-click the rows, as a user would."""
    view = panel.findChild(QTableView, "runsTable")
    for row in rows:
        rect = view.visualRect(view.model().index(row, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         rect.center())


def test_table_shows_every_run_newest_first_with_its_columns(panel, runs, store):
    view = panel.findChild(QTableView, "runsTable")
    assert [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "Name", "Model", "Settings", "Best val acc", "Status", "Duration", "Started"]
    rows = table_rows(panel)
    started = datetime.fromisoformat(store.get_run(runs[0]).created_at).astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows == [
        [f"Run {runs[2]} · cnn", "CNN", "lr 0.0003", "0.600", "running", "–", started],
        ["LSTM with dropout", "LSTM", "lr 0.001 · dropout 0.5 · L2 0.0001", "0.900", "stopped", "2 min 5 s", started],
        [f"Run {runs[0]} · bag_of_embeddings", "Bag of embeddings", "lr 0.001 · epochs 3", "0.812", "completed",
         "12.3 s", started],
    ]
    assert view.selectionMode() == QTableView.SelectionMode.ExtendedSelection
    assert view.selectionBehavior() == QTableView.SelectionBehavior.SelectRows
    assert view.alternatingRowColors()
    # The status carries a coloured dot, and the stop message shows on hover.
    status = view.model().index(1, 4)
    assert status.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Stopped by the user" in status.data(Qt.ItemDataRole.ToolTipRole)


def test_numbers_sort_as_numbers(panel, store):
    add_run(store, ExperimentConfig(), [0.1], duration=9.0)  # "9.0 s" sorts above "12.3 s" as text
    panel.refresh()
    view = panel.findChild(QTableView, "runsTable")
    view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert [row[5] for row in table_rows(panel)] == ["–", "9.0 s", "12.3 s", "2 min 5 s"]
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [row[3] for row in table_rows(panel)] == ["0.900", "0.812", "0.600", "0.100"]


def test_durations_read_naturally():
    assert [format_duration(s) for s in (None, 0.04, 12.34, 59.96, 125.2, 3725)] == [
        "–", "0.0 s", "12.3 s", "1 min 0 s", "2 min 5 s", "1 h 2 min"]


def test_selecting_two_rows_emits_both_ids(panel, runs, qtbot):
    select_rows(panel, [0], qtbot)
    with qtbot.waitSignal(panel.selection_changed) as signal:
        select_rows(panel, [2], qtbot)
    assert signal.args[0] == [runs[2], runs[0]]  # in the order picked: the last one picked last
    assert panel.selected_ids() == [runs[2], runs[0]]
    assert not panel.findChild(QPushButton, "loadSettingsButton").isEnabled()  # one run at a time
    assert not panel.findChild(QPushButton, "deleteRunsButton").isEnabled()  # run 3 is still training


def test_double_click_asks_to_load_that_runs_settings(panel, runs, qtbot):
    view = panel.findChild(QTableView, "runsTable")
    rect = view.visualRect(view.model().index(1, 2))
    with qtbot.waitSignal(panel.load_settings_requested) as signal:
        # QTest's double click lacks the press before it that a real one has.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [runs[1]]
    assert view.findChild(QLineEdit) is None or not view.findChild(QLineEdit).isVisible()  # no editor opened
    with qtbot.waitSignal(panel.load_settings_requested) as signal:
        panel.findChild(QPushButton, "loadSettingsButton").click()
    assert signal.args == [runs[1]]


def test_editing_the_name_cell_renames_the_run(panel, runs, store, qtbot, monkeypatch):
    view = panel.findChild(QTableView, "runsTable")
    index = view.model().index(2, 0)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == f"Run {runs[0]} · bag_of_embeddings"
    editor.selectAll()
    qtbot.keyClicks(editor, "baseline ")
    editor.insert("基线")  # QTest types ASCII only; an input method would deliver these
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: store.get_run(runs[0]).name == "baseline 基线")
    assert "baseline 基线" in [row[0] for row in table_rows(panel)]
    # Rename… asks with a dialog (answered here) and renames the same way.
    panel.select_runs([runs[1]])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("  dropout 0.5 ", True))
    panel.findChild(QPushButton, "renameRunButton").click()
    assert store.get_run(runs[1]).name == "dropout 0.5"
    # A blank name is refused and the old one kept.
    assert not view.model().setData(view.model().index(0, 0), "   ")
    assert store.get_run(runs[2]).name == f"Run {runs[2]} · cnn"


def test_delete_asks_then_removes_from_store_and_table(panel, runs, store, qtbot, monkeypatch):
    questions = []

    def answer_yes(parent, title, text, *args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    select_rows(panel, [1, 2], qtbot)
    with qtbot.waitSignal(panel.runs_deleted) as signal:
        panel.findChild(QPushButton, "deleteRunsButton").click()
    assert sorted(signal.args[0]) == sorted(runs[:2])
    assert "Delete 2 runs" in questions[0]
    assert [r.id for r in store.list_runs()] == [runs[2]]
    assert [row[1] for row in table_rows(panel)] == ["CNN"]
    assert panel.selected_ids() == []


def test_refresh_keeps_the_selection_and_shows_new_runs(panel, runs, store, qtbot):
    panel.select_runs([runs[0], runs[1]])
    with qtbot.assertNotEmitted(panel.selection_changed):
        newest = add_run(store, ExperimentConfig(model="gru"), [0.7])
        panel.refresh()
        store.finish_run(runs[2], "completed", {"test": scores(0.8)}, duration_s=30)
        panel.refresh()
    assert panel.selected_ids() == [runs[0], runs[1]]
    rows = table_rows(panel)
    assert rows[0][1] == "GRU" and rows[1][4] == "completed" and len(rows) == 4
    # A run deleted elsewhere (the CLI) drops out of the table and of the selection.
    store.delete(runs[1])
    with qtbot.waitSignal(panel.selection_changed) as signal:
        panel.refresh()
    assert signal.args[0] == [runs[0]] and panel.selected_ids() == [runs[0]]
    assert newest in [r.id for r in store.list_runs()]


def test_select_runs_selects_exactly_those(panel, runs, qtbot):
    with qtbot.waitSignal(panel.selection_changed) as signal:
        panel.select_runs([runs[1], runs[0]])
    assert signal.args[0] == [runs[1], runs[0]]
    view = panel.findChild(QTableView, "runsTable")
    flags = QItemSelectionModel.SelectionFlag
    view.selectionModel().select(view.model().index(0, 0), flags.ClearAndSelect | flags.Rows)
    assert panel.selected_ids() == [runs[2]]
