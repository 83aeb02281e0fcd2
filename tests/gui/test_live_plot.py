"""The live curves: buffered events, timed redraws, runs in and out, read-out, exports."""

import csv
import math
from itertools import pairwise

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QLabel, QToolButton

from tests.gui.spin import spin
from workbench.gui.live_plot import (
    BATCH_POINTS_PER_EPOCH,
    FOLLOWED_WEIGHT,
    PLOTS,
    LivePlots,
)

NAN = float("nan")


def metrics(loss, accuracy, val_loss, val_accuracy):
    return {"loss": loss, "accuracy": accuracy, "val_loss": val_loss, "val_accuracy": val_accuracy}


EPOCHS = [metrics(0.9, 0.55, 1.0, 0.50), metrics(0.6, 0.70, 0.8, 0.62), metrics(0.4, 0.80, 0.85, 0.66)]


@pytest.fixture
def plots(qtbot):
    w = LivePlots()
    qtbot.addWidget(w)
    w.resize(1000, 420)
    w.show()
    return w


def legend_names(plots, plot):
    return [label.text for _sample, label in plots.legends[plot].items]


def test_epochs_reach_train_and_validation_of_both_plots(plots):
    plots.start_run(1, "A")
    for epoch, m in enumerate(EPOCHS, start=1):
        plots.add_epoch(1, epoch, m)
    plots.flush()
    for plot, which, key in [("loss", "train", "loss"), ("loss", "validation", "val_loss"),
                             ("accuracy", "train", "accuracy"), ("accuracy", "validation", "val_accuracy")]:
        x, y = plots.curve_data(1, plot, which)
        np.testing.assert_array_equal(x, [1, 2, 3])
        np.testing.assert_allclose(y, [m[key] for m in EPOCHS])
    assert plots.keys() == [1]
    for name, title in (("lossPlot", "Loss"), ("accuracyPlot", "Accuracy")):
        plot = plots.findChild(QGraphicsView, name)
        assert isinstance(plot, pg.PlotWidget) and plot.getPlotItem().titleLabel.text == title


def test_events_only_buffer_and_the_timer_redraws(plots, qtbot):
    plots.start_run("r", "A")
    for epoch, m in enumerate(EPOCHS, start=1):
        plots.add_epoch("r", epoch, m)
    for step in range(1, 201):
        plots.add_batch("r", 1, step, 200, 1.0)
    assert plots.curve_data("r", "loss", "train")[0].size == 0  # nothing drawn per event
    qtbot.waitUntil(lambda: plots.curve_data("r", "loss", "train")[0].size == 3, timeout=2000)
    x, _ = plots.curve_data("r", "loss", "batch")
    assert x.size == BATCH_POINTS_PER_EPOCH and x[-1] == 1.0  # one point per 1/100 epoch, the latest kept


def test_following_a_run_fixes_the_x_axis_and_only_widens_the_y_ranges(plots):
    plots.show_history("old", "stored", EPOCHS)  # 3 epochs
    plots.start_run("r", "A")
    plots.follow("r", epochs=10)
    loss_view = plots.loss_plot.getPlotItem().getViewBox()
    accuracy_view = plots.accuracy_plot.getPlotItem().getViewBox()
    ranges, accuracy_ranges = [], []
    for step, loss in enumerate([2.0, 1.5, 1.2, 1.0, 0.9, 0.95, 0.8], start=1):
        plots.add_batch("r", 1, step, 7, loss)
        plots.add_epoch("r", step, metrics(loss, 0.5 + step / 20, loss + 0.1, 0.45 + step / 20))
        plots.flush()
        plots.grab()  # paints: an auto-range would be applied now
        ranges.append(loss_view.viewRange())
        accuracy_ranges.append(accuracy_view.viewRange()[1])
    (x0, x1), _ = ranges[-1]
    assert x0 <= 0 and 10 <= x1 < 10.5  # the planned epochs, from the start
    assert all(r[0] == ranges[-1][0] for r in ranges)  # x never moved while batches arrived
    loss_ranges = [r[1] for r in ranges]
    for y_ranges in (loss_ranges, accuracy_ranges):
        lows, highs = [r[0] for r in y_ranges], [r[1] for r in y_ranges]
        assert all(a >= b for a, b in pairwise(lows)) and all(a <= b for a, b in pairwise(highs))
        assert len(set(highs)) < len(highs)  # widened, not at every point
    assert loss_ranges[-1][1] >= 2.0 and loss_ranges[-1][0] <= 0.8 and len({r[1] for r in loss_ranges}) <= 2
    accuracies = np.concatenate([plots.curve_data(key, "accuracy", which)[1]
                                 for key in ("old", "r") for which in ("train", "validation")])
    assert accuracy_ranges[-1][0] <= accuracies.min() and accuracies.max() <= accuracy_ranges[-1][1]
    plots.finish("r")
    assert loss_view.autoRangeEnabled() == [True, True] and accuracy_view.autoRangeEnabled() == [True, True]


def test_while_a_run_trains_the_accuracy_plot_is_painted_a_turn_after_the_loss_plot(plots, qtbot):
    """An epoch, or the run's end, changes both plots: both painted in one turn of the event loop was the
    longest gap of a run. A batch changes the loss plot only."""
    accuracy = plots.accuracy_plot
    plots.start_run("r", "A")
    plots.add_epoch("r", 1, EPOCHS[0])
    plots.flush()
    assert accuracy.updatesEnabled()  # no run in flight: at once
    plots.follow("r", epochs=3)
    plots.add_epoch("r", 2, EPOCHS[1])
    plots.flush()
    assert plots.loss_plot.updatesEnabled() and not accuracy.updatesEnabled()
    qtbot.waitUntil(accuracy.updatesEnabled, timeout=2000)
    assert plots.curve_data("r", "accuracy", "train")[1].tolist() == [0.55, 0.70]
    plots.add_batch("r", 3, 1, 10, 0.5)
    plots.flush()
    assert accuracy.updatesEnabled()
    plots.finish("r")
    assert not accuracy.updatesEnabled()
    qtbot.waitUntil(accuracy.updatesEnabled, timeout=2000)


def test_a_redraw_between_epochs_sets_only_the_stretch_of_the_epoch_in_progress(plots):
    """The batch-loss line spans the plot: set again at each redraw, it had the whole loss plot repainted 5
    times a second while a run trained. Its epochs before the one in progress are set once an epoch; the
    epoch in progress is an item of its own, one epoch wide, that starts where the rest ends."""
    plots.start_run(1, "A")
    plots.follow(1, 4)
    before = plots._runs[1].curves["loss", "batch"]
    sizes = []
    set_data = before.setData
    before.setData = lambda *args, **kwargs: (sizes.append(len(args[0])), set_data(*args, **kwargs))[1]
    for epoch, steps in ((1, 10), (2, 5)):
        for step in range(1, steps + 1):
            plots.add_batch(1, epoch, step, 10, 1.0 - (epoch * 10 + step) / 100)
            plots.flush()
    assert sizes == [0, 10]  # empty in epoch 1; epoch 1's 10 points once epoch 2 had begun
    assert plots._runs[1].batch_tail.dataBounds(0) == (1.0, 1.5)
    x, y = plots.curve_data(1, "loss", "batch")
    np.testing.assert_allclose(x, [*np.arange(1, 11) / 10, 1.1, 1.2, 1.3, 1.4, 1.5])
    np.testing.assert_allclose(y, [1.0 - (10 + s) / 100 for s in range(1, 11)] + [1.0 - (20 + s) / 100
                                                                                  for s in range(1, 6)])


def test_presentation_scale_thickens_both_items_of_the_batch_line(plots):
    plots.start_run(1, "A")
    plots.set_scale(2.0)
    run = plots._runs[1]
    assert run.curves["loss", "batch"].opts["pen"].widthF() == run.batch_tail.opts["pen"].widthF() == 2.0


def test_batch_points_lie_between_the_epoch_points(plots):
    plots.start_run(1, "A")
    for epoch, step, loss in [(1, 5, 0.9), (1, 10, 0.8), (2, 5, 0.7), (2, 10, 0.6)]:
        plots.add_batch(1, epoch, step, 10, loss)
    plots.flush()
    x, y = plots.curve_data(1, "loss", "batch")
    np.testing.assert_allclose(x, [0.5, 1.0, 1.5, 2.0])
    np.testing.assert_allclose(y, [0.9, 0.8, 0.7, 0.6])
    with pytest.raises(ValueError):
        plots.curve_data(1, "accuracy", "batch")


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")  # pyqtgraph's bounds of a NaN-only stretch
def test_nan_and_missing_metrics_are_drawn_as_gaps(plots):
    plots.start_run(1, "A")
    plots.add_epoch(1, 1, {"loss": 0.7, "accuracy": 0.5})  # no validation
    plots.add_epoch(1, 2, metrics(NAN, 0.6, NAN, 0.55))
    plots.add_epoch(1, 3, metrics(0.5, NAN, 0.6, None))
    plots.add_batch(1, 1, 1, 2, NAN)
    plots.add_batch(1, 1, 2, 2, 0.7)
    plots.flush()
    plots.grab()  # paints, so the curves really draw their NaN
    x, y = plots.curve_data(1, "loss", "validation")
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert math.isnan(y[0]) and math.isnan(y[1]) and y[2] == 0.6
    assert "val –" in plots.readout_at("loss", 2)


def test_runs_get_distinct_colours_and_the_validation_line_is_dashed(plots):
    first = plots.start_run(1, "A")
    second = plots.start_run(2, "B")
    chosen = plots.start_run(3, "C", QColor("#123456"))
    assert first != second and chosen == QColor("#123456")
    run = plots._runs[2]
    train, validation = run.curves["loss", "train"], run.curves["loss", "validation"]
    assert train.opts["pen"].color() == second == validation.opts["pen"].color()
    assert train.opts["pen"].style() == Qt.PenStyle.SolidLine
    assert validation.opts["pen"].style() != Qt.PenStyle.SolidLine
    assert run.curves["loss", "batch"].opts["pen"].color().alpha() < 100
    # A key for the two line styles, then one entry per run (no batch entries).
    assert legend_names(plots, "loss") == ["train", "validation", "A", "B", "C"]


def test_remove_run_takes_its_curves_and_legend_entries(plots):
    empty = len(plots.loss_plot.getPlotItem().listDataItems())  # pyqtgraph 0.14 has one of its own
    plots.start_run(1, "A")
    plots.start_run(2, "B")
    # Per run: the batch line's two items (the epochs before the one in progress, and that one), train and
    # validation lines and the best-epoch star on the loss plot (no batch line on the accuracy plot), plus
    # a gap fill on each, which is not a data item.
    assert len(plots.loss_plot.getPlotItem().listDataItems()) == empty + 10
    fills = [i for i in plots.loss_plot.getPlotItem().items if isinstance(i, pg.FillBetweenItem)]
    assert len(fills) == 2
    plots.remove_run(1)
    assert plots.keys() == [2]
    assert len(plots.loss_plot.getPlotItem().listDataItems()) == empty + 5
    assert len(plots.accuracy_plot.getPlotItem().listDataItems()) == empty + 3
    assert [i for i in plots.loss_plot.getPlotItem().items if isinstance(i, pg.FillBetweenItem)] == fills[1:]
    plots.add_epoch(1, 1, EPOCHS[0])  # a late event of the removed run is dropped
    plots.add_batch(1, 1, 1, 10, 0.5)
    plots.flush()
    assert plots.keys() == [2]
    assert legend_names(plots, "loss") == ["train", "validation", "B"]
    assert legend_names(plots, "accuracy") == ["train", "validation", "B"]
    plots.start_run(2, "B again")  # the same key replaces, and keeps its colour
    assert legend_names(plots, "accuracy") == ["train", "validation", "B again"]
    assert plots.legends["loss"].isVisible()
    plots.clear()
    assert plots.keys() == [] and legend_names(plots, "loss") == []
    assert not plots.legends["loss"].isVisible()  # no empty box on an empty plot
    assert len(plots.loss_plot.getPlotItem().listDataItems()) == empty


def test_show_history_draws_a_stored_run_at_once(plots):
    colour = plots.show_history(7, "stored", EPOCHS)
    x, y = plots.curve_data(7, "accuracy", "validation")  # no flush, no timer
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_allclose(y, [0.50, 0.62, 0.66])
    assert plots.color(7) == colour


def test_export_csv_round_trips_with_a_bom(plots, tmp_path):
    plots.show_history(1, "LSTM · 丢弃 0.5", EPOCHS)
    plots.start_run("b", "B")
    plots.add_epoch("b", 1, metrics(0.5, 0.75, NAN, NAN))
    path = plots.export_csv(tmp_path / "curves.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["run", "label", "epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    label = "LSTM · 丢弃 0.5"
    assert [(r["run"], r["label"], r["epoch"]) for r in rows] == [
        ("1", label, "1"), ("1", label, "2"), ("1", label, "3"), ("b", "B", "1")]
    for row, m in zip(rows, EPOCHS):
        assert {k: float(row[k]) for k in m} == m
    assert (rows[3]["loss"], rows[3]["val_loss"], rows[3]["val_accuracy"]) == ("0.5", "", "")


def test_export_png_and_svg_write_one_file_per_plot(plots, tmp_path):
    plots.show_history(1, "LSTM · 丢弃 0.5", EPOCHS)
    pngs = plots.export_png(tmp_path / "curves.png")
    svgs = plots.export_svg(tmp_path / "curves")
    assert [p.name for p in pngs] == ["curves-loss.png", "curves-accuracy.png"]
    assert [p.name for p in svgs] == ["curves-loss.svg", "curves-accuracy.svg"]
    image = QImage(str(pngs[0]))
    assert image.width() >= 2 * plots.loss_plot.getPlotItem().sceneBoundingRect().width() - 1
    svg = svgs[1].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg


def test_export_menu_asks_for_a_file_and_saves(plots, tmp_path, monkeypatch):
    button = plots.findChild(QToolButton, "exportButton")
    assert not button.isEnabled()  # nothing to export yet
    plots.show_history(1, "A", EPOCHS)
    assert button.isEnabled()
    actions = button.menu().actions()
    assert [a.text().split(" ")[0] for a in actions] == ["PNG", "SVG", "CSV"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "run"), ""))
    actions[2].trigger()
    assert (tmp_path / "run.csv").stat().st_size > 0
    assert "run.csv" in plots.findChild(QLabel, "exportStatusLabel").text()


def test_readout_gives_the_nearest_epoch_of_visible_runs(plots):
    plots.show_history(1, "A", EPOCHS)
    plots.show_history(2, "B", EPOCHS[:2])
    assert plots.readout_at("loss", 2.4) == "epoch 2 — A: loss 0.6 / val 0.8; B: loss 0.6 / val 0.8"
    assert plots.readout_at("accuracy", 7) == "epoch 3 — A: acc 0.800 / val 0.660"
    plots._runs[1].curves["accuracy", "validation"].hide()  # as a legend click does
    assert plots.readout_at("accuracy", 0.2) == "epoch 1 — A: acc 0.550; B: acc 0.550 / val 0.500"
    plots.clear()
    assert plots.readout_at("loss", 1) == ""


def test_mouse_move_fills_the_readout_label(plots):
    plots.show_history(1, "A", EPOCHS)
    plots.grab()  # lays out and auto-ranges the views
    view = plots.loss_plot.getPlotItem().getViewBox()
    centre = view.sceneBoundingRect().center()
    plots.loss_plot.scene().sigMouseMoved.emit(centre)
    expected_epoch = plots.readout_at("loss", view.mapSceneToView(centre).x()).split(" — ")[0]
    readout = plots.findChild(QLabel, "plotReadout")
    assert f"<b>{expected_epoch}</b>" in readout.text() and "A: loss" in readout.text()
    assert plots._markers["accuracy"].isVisible()  # the epoch is marked on both plots


def test_legend_leaves_the_corner_the_curves_run_into(plots, qtbot):
    plots.start_run(1, "A")
    for epoch in range(1, 11):  # loss rising into the loss legend's preferred top-right corner
        plots.add_epoch(1, epoch, metrics(0.1 * epoch, 0.5, 0.1 * epoch + 0.05, 0.5))
    plots.flush()
    qtbot.waitUntil(lambda: plots.legends["loss"].opts["offset"] != (-8, 8), timeout=2000)


def test_the_run_in_flight_weighs_more_where_the_legend_would_hide_it(plots):
    plots.show_history("old", "finished", EPOCHS)
    plots.start_run("new", "in flight")
    for epoch, values in enumerate(EPOCHS, start=1):
        plots.add_epoch("new", epoch, values)
    plots.flush()
    counted = plots._samples("loss")[0].size  # what the legend's corner is chosen by
    plots.follow("new", epochs=10)
    assert plots._samples("loss")[0].size == counted // 2 * (1 + FOLLOWED_WEIGHT) and FOLLOWED_WEIGHT > 1
    plots.finish("new")
    assert plots._samples("loss")[0].size == counted


def test_chinese_label_is_in_the_legend(plots):
    plots.start_run(1, "LSTM · 丢弃 0.5")  # how it is drawn: tests/gui/test_cjk_font.py
    assert any(lab.text == "LSTM · 丢弃 0.5" for _s, lab in plots.legends["loss"].items)


def test_plots_follow_a_dark_palette(plots):
    plots.show_history(1, "A", EPOCHS)
    dark = QPalette(plots.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    plots.setPalette(dark)
    assert plots.loss_plot.backgroundBrush().color() == QColor("#1e1e1e")
    assert plots.accuracy_plot.getPlotItem().getAxis("left").textPen().color() == QColor("#e6e6e6")
    assert "#e6e6e6" in plots.legends["loss"].items[0][1].item.toHtml().lower()


OVERFITTING = [metrics(0.9, 0.5, 0.80, 0.55), metrics(0.5, 0.7, 0.60, 0.70), metrics(0.3, 0.8, 0.65, 0.69),
               metrics(0.1, 0.95, 0.75, 0.68)]


def test_gap_is_shaded_between_train_and_validation_and_can_be_switched_off(plots):
    plots.show_history(1, "A", OVERFITTING)
    fill = plots._runs[1].fills["loss"]
    assert fill.isVisible() and fill.brush().color().alpha() < 100
    assert fill.brush().color().rgb() == plots.color(1).rgb()
    area = fill.path().boundingRect()  # the shaded path spans the epochs, from train up to validation
    assert area.width() > 0 and area.height() > 0
    plots.toggles["gap"].setChecked(False)
    assert not fill.isVisible() and not plots._runs[1].fills["accuracy"].isVisible()


def test_best_epoch_star_sits_on_each_validation_curve_at_the_lowest_validation_loss(plots):
    plots.show_history(1, "A", OVERFITTING)
    loss_star, accuracy_star = plots._runs[1].best["loss"], plots._runs[1].best["accuracy"]
    assert list(zip(*loss_star.getData())) == [(2.0, 0.60)]
    assert list(zip(*accuracy_star.getData())) == [(2.0, 0.70)]  # the same epoch on the accuracy plot
    plots.add_epoch(1, 5, metrics(0.05, 0.97, 0.5, 0.72))  # a new best moves the star
    plots.flush()
    assert list(zip(*loss_star.getData())) == [(5.0, 0.5)]
    plots.toggles["best"].setChecked(False)
    assert not loss_star.isVisible()


def test_baseline_is_a_labelled_line_on_the_accuracy_plot_only(plots):
    plots.show_history(1, "A", OVERFITTING)
    plots.set_baseline(0.5)
    assert plots.baseline_shown() == 0.5
    line = plots._baseline_line
    assert line in plots.accuracy_plot.getPlotItem().items
    assert "lookup-table baseline 0.500" in line.label.toPlainText()
    plots.toggles["baseline"].setChecked(False)
    assert plots.baseline_shown() is None
    plots.toggles["baseline"].setChecked(True)
    plots.set_baseline(None)
    assert plots.baseline_shown() is None


def test_overfitting_note_sits_inside_the_loss_plot_and_goes_with_its_run(plots):
    plots.show_history(1, "A", OVERFITTING)
    plots.annotate_overfitting(1, 2, "memorizing: validation loss has risen for 2 epochs since epoch 2")
    items = plots.loss_plot.getPlotItem().items
    notes = [i for i in items if isinstance(i, pg.TextItem)]
    assert len(notes) == 1 and "risen for 2 epochs" in notes[0].toPlainText()
    assert (notes[0].pos().x(), notes[0].pos().y()) == (4.0, 0.75)  # at the latest validation point
    assert any(isinstance(i, pg.InfiniteLine) and i.value() == 2 for i in items)
    plots.remove_run(1)
    assert plots.annotation_text() == ""
    assert not [i for i in plots.loss_plot.getPlotItem().items if isinstance(i, pg.TextItem)]


def test_small_multiples_view_shows_one_plot_per_run_with_the_chosen_metric(plots):
    plots.show_history(1, "A", OVERFITTING)
    plots.show_history(2, "B", EPOCHS)
    plots.set_view("small_multiples")
    assert plots.stack.currentWidget() is plots.small_multiples
    minis = plots.small_multiples.plot_items()
    assert len(minis) == 2
    plots.metric_combo.setCurrentIndex(plots.metric_combo.findData("accuracy"))
    plots.add_epoch(2, 4, metrics(0.3, 0.9, 0.7, 0.71))  # live epochs reach the small plots too
    plots.flush()
    validation = next(c for c in plots.small_multiples.plot_items()[1].listDataItems()
                      if c.objectName() == "validationCurve")
    assert list(validation.getOriginalDataset()[1]) == [0.50, 0.62, 0.66, 0.71]
    plots.set_view("overlay")
    assert plots.stack.currentWidget() is not plots.small_multiples


def test_renaming_a_run_changes_its_legend_entry_and_the_legend_shrinks(plots):
    plots.start_run(1, "#1 Bag of embeddings · lr 0.003 · embedding size 128 · epochs 20")
    plots.start_run(2, "B")
    wide = plots.legends["loss"].width()
    plots.rename_run(1, "#1 dropout 0")
    assert legend_names(plots, "loss") == ["train", "validation", "#1 dropout 0", "B"]
    assert plots.legends["loss"].width() < wide / 2


def test_a_long_label_is_cut_short_in_the_legend_but_kept_whole_elsewhere(plots):
    label = "#1 Bag of embeddings · lr 0.003 · embedding size 128 · epochs 20"
    plots.show_history(1, label, EPOCHS)
    entry = legend_names(plots, "loss")[-1]
    assert len(entry) == 40 and entry.endswith("…") and label.startswith(entry[:-1])
    assert label in plots.readout_at("loss", 2)


def test_the_legend_keeps_off_the_overfitting_note_and_the_baseline_label(plots, qtbot):
    plots.resize(1000, 300)  # short plots: a legend of two runs reaches up to the baseline's label
    plots.start_run(1, "A")
    plots.start_run(2, "B")
    for epoch in range(1, 21):  # flat lines along the top and the bottom: no corner is emptier than another
        plots.add_epoch(1, epoch, metrics(0.1, 0.95, 0.9 + 0.001 * epoch, 0.55))
        plots.add_epoch(2, epoch, metrics(0.12, 0.93, 0.88 + 0.001 * epoch, 0.57))
    plots.flush()
    plots.finish(1)
    plots.finish(2)
    spin(200)
    corners = {plot: plots.legends[plot].opts["offset"] for plot in PLOTS}
    plots.annotate_overfitting(1, 6, "memorizing since epoch 6")  # at the top right, under the last point
    plots.set_baseline(0.5)  # its label at the right end of its line, near the bottom

    def clear(plot: str) -> bool:
        legend, notes = plots.legends[plot], plots._notes(plot)
        return bool(notes) and not any(legend.sceneBoundingRect().intersects(n.sceneBoundingRect()) for n in notes)

    qtbot.waitUntil(lambda: clear("loss") and clear("accuracy"), timeout=2000)
    assert all(plots.legends[plot].opts["offset"] != corners[plot] for plot in PLOTS)  # both had to move


def test_a_change_of_range_computes_no_epoch_curve_again(plots):
    """Only the batch-loss line (thousands of points) is clipped and thinned to the view; epoch curves keep
    their points when the range moves, as it does at every epoch while a run trains."""
    plots.start_run(1, "A")
    for epoch, values in enumerate(EPOCHS, start=1):
        plots.add_batch(1, epoch, 10, 10, values["loss"])
        plots.add_epoch(1, epoch, values)
    plots.flush()
    updates: list[tuple[str, str]] = []
    for (plot, which), curve in plots._runs[1].curves.items():
        original = curve.updateItems
        curve.updateItems = lambda *args, name=(plot, which), original=original, **kwargs: (
            updates.append(name), original(*args, **kwargs))[1]
    for plot in PLOTS:
        view = plots.plots[plot].getPlotItem().getViewBox()
        view.setXRange(0, 40)
        view.setYRange(-1, 3)
    assert set(updates) == {("loss", "batch")}
