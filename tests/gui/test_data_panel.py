"""The data panel, driven as a user would: open files, pick columns, meet bad files."""

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from tests.gui.windows import LOAD_TIMEOUT, open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core import csvparse, data
from workbench.core.samples import sample_files
from workbench.gui import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def test_open_dataset_fills_path_columns_summary_and_preview(window, tmp_path, qtbot):
    rows = [(t, label, str(i)) for i, (t, label) in enumerate(labelled_rows(40))]
    path = write_csv(tmp_path / "reviews.csv", rows, header=("id_text", "mood", "n"))
    assert open_data(qtbot, window, path)
    assert "reviews.csv" in window.findChild(QLabel, "datasetPathLabel").text()
    text_combo = window.findChild(QComboBox, "textColumnCombo")
    label_combo = window.findChild(QComboBox, "labelColumnCombo")
    assert [text_combo.itemText(i) for i in range(text_combo.count())] == ["id_text", "mood", "n"]
    assert (text_combo.currentText(), label_combo.currentText()) == ("id_text", "mood")
    preview = window.findChild(QTableView, "previewTable")
    assert preview.model().rowCount() == 40 and preview.model().columnCount() == 3
    assert "40</b> rows used" in window.findChild(QLabel, "dataSummaryLabel").text()


def test_a_new_window_offers_the_samples_and_their_button_loads_one(window, qtbot):
    start = window.findChild(QWidget, "dataStartBox")
    assert start.isVisible() and not window.data_panel.class_plot.isVisible()  # no empty chart
    buttons = {b.objectName(): b for b in start.findChildren(QPushButton)}
    assert set(buttons) == {"openFileButton", *(f"sampleButton_{p.stem}" for p in sample_files())}
    chinese = next(p for p in sample_files() if p.stem.endswith("_zh"))
    assert buttons[f"sampleButton_{chinese.stem}"].text().endswith("(中文)")
    with qtbot.waitSignal(window.dataset_opened, timeout=LOAD_TIMEOUT) as opened:
        qtbot.mouseClick(buttons[f"sampleButton_{chinese.stem}"], Qt.MouseButton.LeftButton)
        assert not start.isVisible() and window.findChild(QWidget, "loadingRow").isVisible()  # reading it
    assert opened.args == [True]
    assert window.data_panel.path == chinese and window.data_panel.dataset.summary.is_cjk
    assert not start.isVisible() and window.data_panel.class_plot.isVisible()


def test_a_first_file_that_cannot_be_read_leaves_the_choices_to_start_with(window, tmp_path, qtbot):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert not open_data(qtbot, window, bad)
    window.findChild(QMessageBox, "datasetErrorDialog").close()
    assert window.findChild(QWidget, "dataStartBox").isVisible()


def test_the_open_button_reads_the_file_chosen_in_the_dialog(window, tmp_path, qtbot, monkeypatch):
    path = write_csv(tmp_path / "mine.csv", labelled_rows(30))
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",  # the system's dialog: the user picks mine.csv
                        staticmethod(lambda *args, **kwargs: (asked.append(args), (str(path), ""))[1]))
    with qtbot.waitSignal(window.dataset_opened, timeout=LOAD_TIMEOUT) as opened:
        qtbot.mouseClick(window.findChild(QPushButton, "openFileButton"), Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and opened.args == [True]
    assert window.data_panel.path == path and window.data_panel.dataset.summary.rows == 30
    assert not window.findChild(QWidget, "dataStartBox").isVisible()


def test_picking_a_bad_label_column_explains_and_keeps_the_old_one(window, tmp_path, qtbot):
    rows = [(t, label, f"ID-{i}") for i, (t, label) in enumerate(labelled_rows(40))]
    open_data(qtbot, window, write_csv(tmp_path / "d.csv", rows, header=("text", "label", "ref")))
    label_combo = window.findChild(QComboBox, "labelColumnCombo")
    label_combo.setCurrentText("ref")
    label_combo.activated.emit(label_combo.currentIndex())
    problem = window.findChild(QLabel, "dataProblemLabel")
    qtbot.waitUntil(problem.isVisible)  # the columns are checked off the GUI thread
    assert "probably an ID" in problem.text()
    assert window.data_panel.dataset.summary.label_column == "label" and label_combo.currentText() == "label"


def test_bad_file_shows_a_dialog_and_keeps_the_previous_dataset(window, tmp_path, qtbot):
    good = write_csv(tmp_path / "good.csv", labelled_rows(30))
    open_data(qtbot, window, good)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert not open_data(qtbot, window, bad)
    dialog = window.findChild(QMessageBox, "datasetErrorDialog")
    assert dialog is not None and dialog.isVisible()
    assert "binary file" in dialog.text() and "previous dataset is still loaded" in dialog.text()
    dialog.close()
    assert window.data_panel.path == good
    assert window.data_panel.dataset.summary.rows == 30


def test_a_reading_library_that_fails_to_import_is_said_and_the_window_stays_usable(window, tmp_path, qtbot,
                                                                                      monkeypatch):
    good = write_csv(tmp_path / "good.csv", labelled_rows(30))
    assert open_data(qtbot, window, good)
    monkeypatch.setitem(sys.modules, "workbench.core.data", None)  # as a broken pandas install would
    assert not open_data(qtbot, window, tmp_path / "good.csv")
    dialog = window.findChild(QMessageBox, "datasetErrorDialog")
    assert dialog is not None and "failed unexpectedly (ModuleNotFoundError" in dialog.text()
    dialog.close()
    assert not window.data_panel.loading_row.isVisible() and window.data_panel.dataset.summary.rows == 30


def test_chinese_labels_reach_the_class_chart(window, tmp_path, qtbot):
    rows = [(f"这家店的菜很好吃，第{i}次来", "好评") if i % 2 else (f"服务太差了，等了{i}分钟", "差评")
            for i in range(30)]
    open_data(qtbot, window, write_csv(tmp_path / "zh.csv", rows))
    ticks = window.data_panel.class_plot.getAxis("left")._tickLevels[0]
    assert {name for _, name in ticks} == {"好评", "差评"}


def test_undecodable_characters_get_a_line_in_the_summary(qtbot, tmp_path):
    from workbench.core.data import build_dataset, read_table
    from workbench.gui.data_panel import DataPanel

    panel = DataPanel()
    qtbot.addWidget(panel)
    rows = [(f"这家店的菜很好吃，第{i}次来", "好评") if i % 2 else (f"服务太差了，等了{i}分钟", "差评")
            for i in range(40)]
    for name, stray, line in [("clean.csv", 0, None), ("export.csv", 3, "3 undecodable characters shown as \ufffd")]:
        path = write_csv(tmp_path / name, rows)
        path.write_bytes(path.read_bytes().replace("菜".encode(), b"\xe8\x8f", stray))
        table = read_table(path)
        panel.show_table(table, path, build_dataset(table, path))
        lines = panel.findChild(QLabel, "dataSummaryLabel").text().split("<br>")
        assert ("undecodable" in lines[-1]) == bool(line) and (line is None or lines[-1] == line)


def big_file(path, rows: int):
    """A file big enough to take a while to read: several pieces for the reader, progress to report."""
    base = labelled_rows(40)
    return write_csv(path, [(f"{base[i % 40][0]} Order {i}, note {i * 7919 % 100003}.", base[i % 40][1])
                            for i in range(rows)])


def test_a_big_file_loads_off_the_gui_thread_and_cancel_keeps_the_previous_dataset(window, tmp_path, qtbot,
                                                                                    monkeypatch):
    small = write_csv(tmp_path / "small.csv", labelled_rows(30))
    assert open_data(qtbot, window, small)
    big = big_file(tmp_path / "big.csv", 300_000)
    # Progress after every chunk of 1,000 rows: throttled to 5 a second, a quick machine read the file
    # before its first report, and the click came with the last one (1.0), after the load.
    monkeypatch.setattr(data, "PROGRESS_INTERVAL", 0.0)
    monkeypatch.setattr(csvparse, "CHUNK_ROWS", 1_000)
    progress = []

    def cancel_when_under_way(fraction: float) -> None:  # as a user clicks, between two of its updates
        progress.append(fraction)
        if len(progress) == 2:
            window.findChild(QPushButton, "cancelLoadButton").click()
            assert not window.data_panel.loading_row.isVisible()  # at once, not when the thread has stopped

    window.loader.progressed.connect(cancel_when_under_way)
    with qtbot.waitSignal(window.dataset_opened, timeout=60_000) as opened:
        window.open_dataset(big)
        assert window.data_panel.loading_row.isVisible()  # at once: the call did not wait for the file
        assert window.data_panel.dataset.summary.rows == 30  # the previous dataset stays meanwhile
    window.loader.progressed.disconnect(cancel_when_under_way)
    assert opened.args == [False] and not window.data_panel.loading_row.isVisible()
    qtbot.waitUntil(lambda: not window.loader._finished, timeout=60_000)  # the cancelled thread has ended...
    assert window.data_panel.path == small and window.data_panel.dataset.summary.rows == 30  # ...and said nothing
    assert "Stopped reading big.csv" in window.statusBar().currentMessage()
    assert progress == sorted(progress) and 0 < progress[-1] < 1
    assert open_data(qtbot, window, big)  # and without Cancel it loads
    assert window.data_panel.dataset.summary.rows == 300_000 and window.data_panel.path == big
