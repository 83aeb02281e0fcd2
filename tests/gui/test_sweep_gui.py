"""A 2x2 sweep driven from the window ends as four overlaid runs that share one split."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
)

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.gui.sweep_dialog import SweepDialog


def test_sweep_dialog_counts_runs_and_explains_bad_values(qtbot):
    dialog = SweepDialog(ExperimentConfig())
    qtbot.addWidget(dialog)
    assert "9 runs" in dialog.findChild(QLabel, "sweepSummary").text()  # the suggested 3 dropouts x 3 L2s
    dialog.findChild(QLineEdit, "sweepValues1").setText("0, 0.5")
    dialog.findChild(QLineEdit, "sweepValues2").setText("0, 1e-4")
    assert len(dialog.configs) == 4 and dialog.names == ["dropout", "l2"]
    dialog.findChild(QLineEdit, "sweepValues1").setText("0, 2")
    assert "dropout" in dialog.findChild(QLabel, "sweepSummary").text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    second = dialog.findChild(QComboBox, "sweepSetting2")
    second.setCurrentIndex(second.findData(None))
    dialog.findChild(QLineEdit, "sweepValues1").setText("0, 0.2, 0.5")
    assert len(dialog.configs) == 3


def test_two_by_two_sweep_overlays_four_runs(make_window, qtbot, tmp_path):
    window = make_window()
    open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    base = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, learning_rate=0.01)
    window.config_form.set_config(base)
    dialog = SweepDialog(window.config_form.config())
    dialog.findChild(QLineEdit, "sweepValues1").setText("0, 0.5")
    dialog.findChild(QLineEdit, "sweepValues2").setText("0, 1e-3")
    assert window.start_sweep(dialog.configs, dialog.names)
    qtbot.waitUntil(lambda: not window.sweep_running(), timeout=120_000)
    runs = window.store.list_runs()
    assert len(runs) == 4 and all(r.status == "completed" for r in runs)
    assert {(r.config["dropout"], r.config["l2"]) for r in runs} == {(0.0, 0.0), (0.0, 1e-3), (0.5, 0.0),
                                                                      (0.5, 1e-3)}
    assert len({r.dataset["sizes"]["train"] for r in runs}) == 1
    queue = window.findChild(QListWidget, "sweepQueue")
    assert [queue.item(i).text().split("· ")[-1].split(",")[0] for i in range(4)] == ["completed"] * 4
    qtbot.waitUntil(lambda: sorted(window.plots.keys()) == sorted(r.id for r in runs)
                    and not window.overlay_pending())  # the comparison comes after the curves
    compare = window.findChild(QTableWidget, "compareTable")
    headers = [compare.horizontalHeaderItem(i).text() for i in range(compare.columnCount())]
    assert compare.rowCount() == 4 and headers[:3] == ["run", "Dropout", "L2"]  # only what differs
    assert "train − val gap" in headers
    assert {compare.item(row, 1).text() for row in range(4)} == {"0", "0.5"}
    # The bar chart: one bar per run in the run's colour on the curves, and the lookup baseline.
    panel = window.compare_panel
    ids = [int(compare.item(row, 0).text().split()[0][1:]) for row in range(4)]
    assert [b.color().name() for b in panel.bars.opts["brushes"]] == [window.plots.color(i).name() for i in ids]
    baseline = window.store.get_run(ids[0]).results["baseline"]["val_accuracy"]
    assert panel.baseline_line.value() == baseline == window.plots.baseline_shown()
    window.plots.set_view("small_multiples")
    assert len(window.plots.small_multiples.plot_items()) == 4


def test_cancelling_a_sweep_stops_the_run_in_flight_and_drops_the_rest(make_window, qtbot, tmp_path):
    window = make_window()
    open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    window.config_form.set_config(ExperimentConfig(epochs=200, batch_size=8, embedding_dim=8))
    dialog = SweepDialog(window.config_form.config())
    dialog.findChild(QLineEdit, "sweepValues1").setText("0, 0.5")
    dialog.findChild(QLineEdit, "sweepValues2").setText("0, 1e-3")
    assert not window.sweep_queue.hint.isHidden()  # before any sweep, the tab says what it is for
    with qtbot.waitSignal(window.engine.epoch_end, timeout=120_000):
        assert window.start_sweep(dialog.configs, dialog.names)
    assert window.sweep_queue.hint.isHidden() and window.sweep_queue.list.count() == 4
    with qtbot.waitSignal(window.engine.run_finished, timeout=120_000) as finished:
        window.sweep_queue.cancel_button.click()
    assert finished.args[0].status == "stopped"
    qtbot.waitUntil(lambda: not window.sweep_running(), timeout=10_000)
    queue = window.findChild(QListWidget, "sweepQueue")
    states = [queue.item(i).text().split("· ")[-1].split(",")[0] for i in range(4)]
    assert states == ["stopped", "cancelled", "cancelled", "cancelled"]
    runs = window.store.list_runs()
    assert len(runs) == 1 and runs[0].status == "stopped"
    assert not window.engine.running and window.train_button.isEnabled()
