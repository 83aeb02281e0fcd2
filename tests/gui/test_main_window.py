"""The whole window driven as a user would: open data, set knobs, train, stop, compare, close."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
)

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv

TRAIN_TIMEOUT = 60_000


@pytest.fixture
def data_file(tmp_path):
    return write_csv(tmp_path / "reviews.csv", labelled_rows(80))


def set_knobs(window, qtbot, epochs=2, dropout=0.0, learning_rate="0.01"):
    window.findChild(QSpinBox, "epochsSpin").setValue(epochs)
    window.findChild(QSpinBox, "batchSizeSpin").setValue(8)
    window.findChild(QDoubleSpinBox, "dropoutSpin").setValue(dropout)
    lr = window.findChild(QLineEdit, "learningRateEdit")
    lr.clear()
    qtbot.keyClicks(lr, learning_rate)


def train_and_wait(window, qtbot):
    with qtbot.waitSignal(window.engine.run_finished, timeout=TRAIN_TIMEOUT) as finished:
        qtbot.mouseClick(window.findChild(QPushButton, "trainButton"), Qt.MouseButton.LeftButton)
    return finished.args[0]


def test_train_two_epochs_and_see_the_points(make_window, data_file, qtbot):
    window = make_window()
    assert open_data(qtbot, window, data_file)
    set_knobs(window, qtbot, epochs=2, dropout=0.2)
    bars = []  # (epoch bar, run bar) as each epoch ends: batches update them at most 5 times a second
    window.engine.epoch_end.connect(lambda _: bars.append((window.epoch_progress.value(), window.run_progress.value())))
    outcome = train_and_wait(window, qtbot)
    assert outcome.status == "completed", outcome.message
    assert bars == [(100, 50), (100, 100)]  # the last batch of an epoch is always shown
    assert window.findChild(QLabel, "timeLeftLabel").text() == "completed"
    window.plots.flush()
    for plot in ("loss", "accuracy"):
        for which in ("train", "validation"):
            x, y = window.plots.curve_data(outcome.run_id, plot, which)
            assert list(x) == [1, 2] and len(y) == 2
    assert len(window.plots.curve_data(outcome.run_id, "loss", "batch")[0]) >= 1
    record = window.store.get_run(outcome.run_id)
    assert record.config["dropout"] == 0.2 and record.config["learning_rate"] == 0.01
    assert window.findChild(QTableView, "runsTable").model().rowCount() == 1
    assert window.findChild(QPushButton, "trainButton").isEnabled()
    assert not window.findChild(QPushButton, "stopButton").isEnabled()


def test_stop_mid_run_keeps_the_run(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    set_knobs(window, qtbot, epochs=300)
    with qtbot.waitSignal(window.engine.epoch_end, timeout=TRAIN_TIMEOUT):
        window.findChild(QPushButton, "trainButton").click()
    assert window.findChild(QPushButton, "stopButton").isEnabled()
    with qtbot.waitSignal(window.engine.run_finished, timeout=TRAIN_TIMEOUT) as finished:
        qtbot.mouseClick(window.findChild(QPushButton, "stopButton"), Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.status == "stopped"
    assert 1 <= len(window.store.history(outcome.run_id)) < 300


def test_overlay_two_runs_named_by_what_differs(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    ids = []
    for dropout in (0.0, 0.5):
        set_knobs(window, qtbot, epochs=2, dropout=dropout)
        ids.append(train_and_wait(window, qtbot).run_id)
    with qtbot.waitSignal(window.runs_shown) as shown:
        window.runs_panel.select_runs(ids)
        assert window.overlay_pending()  # drawn one run per turn of the event loop, not in this call
        assert window.results_panel.record.id == ids[-1]  # but the results (and Try-it) are the new run's at once
    assert shown.args == [ids] and sorted(window.plots.keys()) == sorted(ids)
    assert window.plots.updatesEnabled()  # held back while the runs were added, repainted once after
    legend = window.findChild(pg.PlotWidget, "lossPlot").getPlotItem().legend
    legend_text = " ".join(label.text for _, label in legend.items)
    assert "dropout 0.5" in legend_text and "dropout 0 " in legend_text + " "

    with qtbot.waitSignal(window.runs_shown) as shown:  # a newer selection replaces what is left of the older
        window.runs_panel.select_runs([ids[0]])
        window.runs_panel.select_runs([ids[1]])
    assert shown.args == [[ids[1]]] and window.plots.keys() == [ids[1]]
    qtbot.waitUntil(lambda: not window.overlay_pending())
    assert window.plots.keys() == [ids[1]] and window.plots.updatesEnabled()


def test_try_it_box_shows_class_probabilities(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    set_knobs(window, qtbot, epochs=2)
    train_and_wait(window, qtbot)
    box = window.findChild(QLineEdit, "predictInput")
    assert box.isEnabled()
    with qtbot.waitSignal(window.engine.predicted, timeout=TRAIN_TIMEOUT) as predicted:
        box.setText("这道菜 ")  # QTest types ASCII only; the rest is typed as a user would
        qtbot.keyClicks(box, "wonderful, arrived early")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    run_id, text, probabilities = predicted.args
    assert set(probabilities) == {"negative", "positive"}
    assert abs(sum(probabilities.values()) - 1) < 1e-4


def test_diverged_run_explains_and_leaves_the_app_usable(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    window.config_form.set_config(window.config_form.config().replace(
        model="mlp", optimizer="sgd", momentum=0.0, learning_rate=10.0, l2=1.0, epochs=30, batch_size=4,
        hidden_units=64))
    outcome = train_and_wait(window, qtbot)
    assert outcome.status == "diverged"
    dialog = window.findChild(QMessageBox, "runProblemDialog")
    assert dialog.isVisible() and "learning rate" in dialog.text()
    dialog.close()
    assert window.findChild(QPushButton, "trainButton").isEnabled()


def test_clone_and_tweak_and_settings_survive_a_restart(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    set_knobs(window, qtbot, epochs=2, dropout=0.3)
    run_id = train_and_wait(window, qtbot).run_id
    window.config_form.reset_to_defaults()
    window.load_run_settings(run_id)
    assert window.config_form.config().dropout == 0.3
    window.close()
    again = make_window()
    assert again.config_form.config().dropout == 0.3
    assert again.last_dataset() == str(data_file)
    assert again.findChild(QTableView, "runsTable").model().rowCount() == 1


def test_closing_during_training_exits_cleanly(data_file, tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer, Slot
        from PySide6.QtWidgets import QApplication
        from workbench.core.store import RunStore
        from workbench.gui import MainWindow
        app = QApplication([])
        window = MainWindow(store=RunStore(r"{tmp_path / 'home'}"),
                            settings=QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()
        loaded = QEventLoop()
        window.dataset_opened.connect(loaded.quit)
        window.open_dataset(r"{data_file}")
        loaded.exec()
        window.config_form.set_config(window.config_form.config().replace(epochs=500, batch_size=4))
        class Closer(QObject):  # lives on the GUI thread, so the signal is queued to it
            @Slot(object)
            def close_window(self, event):
                window.close()
        closer = Closer()
        window.engine.epoch_end.connect(closer.close_window)
        QTimer.singleShot(0, window.start_training)
        app.exec()
        print("closed", window.store.list_runs()[0].status)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "closed stopped" in out.stdout
    assert "QThread: Destroyed while thread is still running" not in out.stderr


def test_drop_a_file_and_find_it_in_recent_files(make_window, tmp_path, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    first = write_csv(tmp_path / "first.csv", labelled_rows(30))
    second = write_csv(tmp_path / "second.csv", labelled_rows(40))
    open_data(qtbot, window, first)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.dataset_opened, timeout=60_000):
        window.dropEvent(drop)
    assert window.data_panel.path == second and window.data_panel.dataset.summary.rows == 40
    recent = [action.text() for action in window.recent_menu.actions()]
    assert recent == [str(second), str(first)]
    with qtbot.waitSignal(window.dataset_opened, timeout=60_000):
        window.recent_menu.actions()[1].trigger()
    assert window.data_panel.path == first


def test_lab_views_follow_a_run_that_memorizes(make_window, tmp_path, qtbot):
    import numpy as np
    from PySide6.QtWidgets import QLabel as Label

    rng = np.random.default_rng(1)  # labels unrelated to the texts: the model can only memorize
    rows = [(text, rng.choice(["a", "b"])) for text, _ in labelled_rows(120)]
    window = make_window()
    open_data(qtbot, window, write_csv(tmp_path / "noise.csv", rows))
    window.config_form.set_config(window.config_form.config().replace(
        epochs=15, learning_rate=0.05, embedding_dim=64, batch_size=8))
    with qtbot.waitSignal(window.engine.errors_ready, timeout=TRAIN_TIMEOUT) as errors:
        window.start_training()
    warning = window.findChild(Label, "overfitWarningLabel")
    assert warning.isVisible() and "memorizing" in warning.text()
    assert window.plots.loss_plot.updatesEnabled() and window.plots.accuracy_plot.updatesEnabled()  # held back at the start
    assert window.plots.annotation_text().startswith("memorizing since epoch")  # in the plot too
    window.bottom_tabs.setCurrentWidget(window.weights_panel)  # drawn when its tab is shown
    assert window.weights_panel.histogram_plots()  # histograms of the run's weight matrices
    run_id, mistakes, total = errors.args
    assert 0 < len(mistakes) <= total
    with qtbot.waitSignal(window.engine.importance_ready, timeout=TRAIN_TIMEOUT) as explained:
        window.errors_panel.importance_requested.emit(mistakes[0]["text"])
    assert [token for token, _ in explained.args[2]]  # one importance per token


def test_presentation_mode_enlarges_and_restores(make_window, data_file, qtbot):
    window = make_window()
    open_data(qtbot, window, data_file)
    normal = window.font().pointSizeF()
    window.presentation_action.trigger()
    assert window.font().pointSizeF() > 1.4 * normal and window.plots.scale > 1
    assert window.overfit_label.font().pointSizeF() > 1.4 * normal
    assert not window.left_tabs.isVisible() and not window.bottom_tabs.isVisible()
    window.presentation_action.trigger()
    assert window.font().pointSizeF() == normal and window.plots.scale == 1
    assert window.left_tabs.isVisible() and window.bottom_tabs.isVisible()
    window.probes_panel.start_run("#1", ["great soup"], ["negative", "positive"])  # probes stay on screen
    window.presentation_action.trigger()
    assert window.bottom_tabs.isVisible() and window.bottom_tabs.currentWidget() is window.probes_panel
    assert not window.bottom_tabs.tabBar().isVisible() and not window.probes_panel.editor.isVisible()
    window.presentation_action.trigger()
    assert window.bottom_tabs.tabBar().isVisible() and not window.probes_panel.editor_widget.isHidden()


def _tab_titles(window) -> list[str]:
    return [window.bottom_tabs.tabText(i) for i in range(window.bottom_tabs.count())]


def test_the_tabs_the_first_paint_does_not_show_are_built_in_turns_after_it_then_the_file_is_read(
        make_window, data_file, qtbot, monkeypatch):
    from workbench.core import data
    from workbench.gui.main_window import LATER_TABS
    from workbench.gui.results_panel import ResultsPanel
    from workbench.gui.sweep_queue import SweepQueue

    window = make_window()  # shown, not painted yet

    def built() -> list[str]:
        return [name for name in LATER_TABS if name in vars(window)]

    reading, built_when_read = data.read_table, []

    def read_table(*args, **kwargs):  # observed, then done as always
        built_when_read.append(len(built()))
        return reading(*args, **kwargs)

    monkeypatch.setattr(data, "read_table", read_table)
    window.open_dataset(data_file)
    assert built() == []
    titles = _tab_titles(window)
    counts = set()

    def done() -> bool:
        counts.add(len(built()))
        return window.data_panel.dataset is not None

    qtbot.waitUntil(done, timeout=10_000)
    assert built_when_read == [len(LATER_TABS)], "the file was read before the tabs were built"
    assert len(counts) > 2, "all were built in one turn"
    assert _tab_titles(window) == titles
    assert window.bottom_tabs.currentWidget() is window.data_panel.preview  # where an opened file is shown
    assert isinstance(window.bottom_tabs.widget(titles.index("Results")), ResultsPanel)
    assert window.bottom_tabs.widget(titles.index("Sweep queue")) is window.sweep_queue
    assert isinstance(window.sweep_queue, SweepQueue)


def test_a_later_tab_needed_or_shown_before_its_turn_is_built_then(make_window):
    from workbench.gui.compare_panel import ComparePanel
    from workbench.gui.probes_panel import ProbesPanel

    window = make_window()  # not painted: no tab's turn has come
    titles = _tab_titles(window)
    probes = window.probes_panel
    assert isinstance(probes, ProbesPanel)
    assert [name for name in ("probes_panel", "compare_panel") if name in vars(window)] == ["probes_panel"]
    assert window.bottom_tabs.indexOf(probes) == titles.index("Probe sentences")
    window.bottom_tabs.setCurrentIndex(titles.index("Compare"))
    assert isinstance(window.bottom_tabs.currentWidget(), ComparePanel)
    assert window.bottom_tabs.currentWidget() is window.compare_panel
    assert _tab_titles(window) == titles
    with pytest.raises(AttributeError, match="no_such_panel"):
        window.no_such_panel  # noqa: B018
