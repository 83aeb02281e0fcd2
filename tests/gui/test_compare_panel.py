"""ComparePanel: the table of selected runs and the bar chart of their final validation accuracies."""

from itertools import combinations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPalette

from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
from workbench.gui.compare_panel import DEFAULT_COLORS, ComparePanel

COLORS = [QColor("#112233"), QColor("#445566"), QColor("#778899"), QColor("#aabbcc")]


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "home") as s:
        yield s


@pytest.fixture
def panel(qtbot):
    widget = ComparePanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 330)
    return widget


def add_run(store: RunStore, config: ExperimentConfig, val_accuracies: list[float]):
    """A finished run whose epochs reach these validation accuracies; returns (record, history)."""
    run_id = store.create_run(config.to_json(), {"sizes": {"train": 80}})
    for epoch, val in enumerate(val_accuracies, start=1):
        store.add_epoch(run_id, epoch, {"loss": 1.0 / epoch, "accuracy": min(1.0, val + 0.1),
                                        "val_loss": 1.0 - val, "val_accuracy": val})
    store.finish_run(run_id, "completed", {"test": {"accuracy": 0.8}})
    return store.get_run(run_id), store.history(run_id)


def sweep(store: RunStore, finals=(0.71, 0.78, 0.86, 0.83)):
    """A 2x2 dropout x L2 sweep; each run's best epoch (0.9) is not its last, so "final" is testable."""
    runs = [add_run(store, ExperimentConfig(model="lstm", dropout=d, l2=l2), [0.6, 0.9, final])
            for (d, l2), final in zip([(0.0, 0.0), (0.0, 1e-3), (0.5, 0.0), (0.5, 1e-3)], finals)]
    return [r for r, _ in runs], [h for _, h in runs]


def bars(panel: ComparePanel) -> tuple[list[float], list[float], list[str]]:
    """x positions, heights and fill colours of the bars drawn."""
    opts = panel.bars.opts
    return ([float(x) for x in opts["x"]], [float(h) for h in opts["height"]],
            [brush.color().name() for brush in opts["brushes"]])


def test_one_bar_per_run_at_its_last_val_accuracy_in_its_colour(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records, histories, COLORS)
    x, heights, colors = bars(panel)
    assert x == [0, 1, 2, 3]
    assert heights == pytest.approx([0.71, 0.78, 0.86, 0.83])  # the last epoch, not the best (0.9)
    assert colors == [c.name() for c in COLORS]
    assert [t.toPlainText() for t in panel.value_texts] == ["0.710", "0.780", "0.860", "0.830"]
    assert [t.textItem.font().bold() for t in panel.value_texts] == [False, False, True, False]
    assert not panel.chart.isHidden() and panel.chart.objectName() == "compareBarChart"
    assert panel.chart.getPlotItem().getAxis("left").labelText == "final validation accuracy"
    assert panel.chart.getPlotItem().viewRange()[1][0] == 0  # bars start at 0: heights compare honestly


def test_two_arguments_still_work_and_use_the_okabe_ito_colours(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records, histories)
    assert bars(panel)[2] == [c.lower() for c in DEFAULT_COLORS[:4]]
    assert panel.baseline_line is None


def test_labels_name_what_differs_without_the_shared_model(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records, histories)
    labels = panel.axis.labels
    assert "dropout 0.5" in labels[2] and "L2 0.001" in labels[3] and "dropout 0" in labels[0]
    assert len(set(labels)) == 4
    assert not any("LSTM" in label for label in labels)


def test_labels_name_the_model_when_models_differ(panel, store):
    lstm = add_run(store, ExperimentConfig(model="lstm"), [0.7])
    cnn = add_run(store, ExperimentConfig(model="cnn"), [0.8])
    panel.show_runs([lstm[0], cnn[0]], [lstm[1], cnn[1]])
    assert "LSTM" in panel.axis.labels[0] and "LSTM" not in panel.axis.labels[1]


def test_identical_settings_are_told_apart_by_run_id(panel, store):
    runs = [add_run(store, ExperimentConfig(), [0.7]) for _ in range(2)]
    panel.show_runs([r for r, _ in runs], [h for _, h in runs])
    assert panel.axis.labels == [f"#{r.id}" for r, _ in runs]


def test_baseline_is_a_dashed_line_only_when_given(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records, histories, COLORS, baseline=0.62)
    line = panel.baseline_line
    assert line is not None and line.angle == 0 and line.value() == pytest.approx(0.62)
    assert line.pen.style() == Qt.PenStyle.DashLine
    assert line in panel.chart.getPlotItem().items
    title = panel.chart.getPlotItem().titleLabel
    assert title.isVisible() and title.text == "dashed line: lookup-table baseline 0.620"  # above the bars
    panel.show_runs(records, histories, COLORS)
    assert panel.baseline_line is None and not title.isVisible()
    assert not [i for i in panel.chart.getPlotItem().items if isinstance(i, pg.InfiniteLine)]


def test_chart_hidden_below_two_runs(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records[:1], histories[:1])
    assert panel.chart.isHidden() and "two or more" in panel.hint.text()
    panel.show_runs(records[:2], histories[:2])
    assert not panel.chart.isHidden()
    panel.show_runs([], [])
    assert panel.chart.isHidden()


def test_run_without_epochs_keeps_its_slot_without_a_bar(panel, store):
    records, histories = sweep(store)
    empty = store.get_run(store.create_run(ExperimentConfig(dropout=0.2).to_json(), {}))
    panel.show_runs([records[0], empty, records[1]], [histories[0], [], histories[1]], COLORS[:3])
    x, heights, colors = bars(panel)
    assert x == [0, 2] and heights == pytest.approx([0.71, 0.78])
    assert colors == [COLORS[0].name(), COLORS[2].name()]
    assert [t.toPlainText() for t in panel.value_texts] == ["0.710", "–", "0.780"]
    assert len(panel.axis.labels) == 3


def ink(text: pg.TextItem) -> QRectF:
    """The scene rectangle a value's characters cover (its item adds a few pixels of margin around)."""
    metrics = QFontMetricsF(text.textItem.font())
    centre = text.mapToScene(text.boundingRect().center())
    width, height = metrics.horizontalAdvance(text.toPlainText()), metrics.height()
    return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)


@pytest.mark.parametrize("count, width", [(4, 450), (6, 450), (9, 450), (9, 300)])
def test_labels_and_values_do_not_overlap(qtbot, panel, store, count, width):
    grid = [(d, l2) for d in (0.0, 0.2, 0.5) for l2 in (0.0, 1e-4, 1e-3)][:count]
    runs = [add_run(store, ExperimentConfig(model="lstm", dropout=d, l2=l2), [0.7 + 0.01 * i])
            for i, (d, l2) in enumerate(grid)]
    panel.show()
    qtbot.waitExposed(panel)
    panel.splitter.setSizes([1000 - width, width])
    panel.show_runs([r for r, _ in runs], [h for _, h in runs])
    qtbot.waitUntil(lambda: abs(panel.chart.width() - width) <= 15)  # the layout has settled
    rects = [rect for rect, _ in panel.axis.label_rects()]
    assert len(rects) == count
    axis_box = panel.axis.boundingRect()
    assert all(axis_box.contains(rect) for rect in rects)  # nothing clipped
    assert not any(a.intersects(b) for a, b in combinations(rects, 2))
    values = [ink(t) for t in panel.value_texts]
    assert not any(a.intersects(b) for a, b in combinations(values, 2))
    assert panel.axis.upright == (count > 4)  # flat two-line names while they fit, upright beyond


def test_follows_the_palette(panel, store):
    records, histories = sweep(store)
    panel.show_runs(records, histories, COLORS, baseline=0.5)
    palette = panel.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    panel.setPalette(palette)  # a PaletteChange event, as when the theme switches
    assert panel.chart.backgroundBrush().color().name() == "#1e1e1e"
    assert all(t.color.name() == "#eeeeee" for t in panel.value_texts)
    assert panel.axis.textPen().color().name() == "#eeeeee"
    assert panel.chart.getPlotItem().titleLabel.opts["color"] == "#eeeeee"
    assert bars(panel)[2] == [c.name() for c in COLORS]  # the runs keep their colours


def test_runs_repeated_over_seeds_get_a_mean_and_sd_row_per_setting(panel, store):
    import statistics

    bests = {0.0: [0.80, 0.84, 0.82], 0.5: [0.86, 0.85, 0.90]}
    runs = [add_run(store, ExperimentConfig(dropout=d, seed=seed), [0.5, best])
            for d, values in bests.items() for seed, best in zip((42, 43, 44), values)]
    lone = add_run(store, ExperimentConfig(dropout=0.2), [0.5, 0.7])  # one seed: no group of its own
    records, histories = [r for r, _ in runs + [lone]], [h for _, h in runs + [lone]]
    panel.show_runs(records, histories)
    table = panel.table
    assert table.rowCount() == 7 + 2
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    best_column, test_column = headers.index("best val accuracy"), headers.index("test accuracy")
    for row, (dropout, values) in zip((7, 8), bests.items()):
        cells = [table.item(row, c).text() for c in range(table.columnCount())]
        assert cells[0] == "mean ± sd, 3 seeds" and table.item(row, 0).font().bold()
        assert cells[headers.index("Dropout")] == f"{dropout:g}" and cells[headers.index("Seed")] == "–"
        assert cells[best_column] == f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"
        assert cells[test_column] == "0.800 ± 0.000"
    assert "mean ± sd over its seeds" in panel.hint.text()
