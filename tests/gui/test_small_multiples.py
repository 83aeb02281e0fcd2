"""Small multiples: one mini plot per run on shared axes, updated in place, following the palette."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QPalette

from tests.gui.spin import spin
from workbench.gui.small_multiples import EMPTY_HINT, RunSeries, SmallMultiples

NAN = math.nan
BLUE, ORANGE, GREEN = QColor("#0072B2"), QColor("#D55E00"), QColor("#009E73")


def series(key, train, validation, best_epoch=None, label=None, color=BLUE, epochs=None):
    train, validation = np.asarray(train, dtype=float), np.asarray(validation, dtype=float)
    if epochs is None:
        epochs = np.arange(1, len(train) + 1, dtype=float)
    return RunSeries(key, label or f"run {key}", QColor(color), np.asarray(epochs, dtype=float), train,
                     validation, best_epoch)


def item(plot: pg.PlotItem, name: str):
    found = [it for it in plot.items if hasattr(it, "objectName") and it.objectName() == name]
    assert len(found) == 1, f"{len(found)} items named {name!r}"
    return found[0]


def gap(plot: pg.PlotItem) -> pg.FillBetweenItem:
    found = [it for it in plot.items if isinstance(it, pg.FillBetweenItem)]
    assert len(found) == 1
    return found[0]


def data(curve) -> tuple[np.ndarray, np.ndarray]:
    x, y = curve.getOriginalDataset() if isinstance(curve, pg.PlotDataItem) else curve.getData()
    if x is None:
        return np.empty(0), np.empty(0)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


@pytest.fixture
def widget(qtbot):
    w = SmallMultiples()
    qtbot.addWidget(w)
    w.resize(900, 500)
    w.show()
    return w


def settle(qtbot):
    spin(30)  # layout and auto-range are queued until the event loop runs


def test_one_mini_plot_per_run_in_an_about_square_grid(widget):
    widget.show_runs("loss", [series(k, [1, 0.5], [1.1, 0.7]) for k in range(5)])
    plots = widget.plot_items()
    assert len(plots) == 5 and len(set(map(id, plots))) == 5
    cells = [tuple(widget.graphics.ci.items[p][0]) for p in plots]
    assert cells == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)]  # ceil(sqrt(5)) = 3 columns, in run order
    assert [p.titleLabel.text for p in plots] == [f"run {k}" for k in range(5)]
    assert widget.objectName() == "smallMultiples"

    widget.show_runs("loss", [series(k, [1], [1]) for k in range(20)])
    columns = {widget.graphics.ci.items[p][0][1] for p in widget.plot_items()}
    assert columns == {0, 1, 2, 3}  # never more than four columns


def test_curves_hold_the_given_data_solid_and_dashed_in_the_run_colour(widget):
    widget.show_runs("loss", [series("a", [0.9, 0.6, 0.4], [1.0, 0.8, 0.85], color=ORANGE)])
    plot = widget.plot_items()[0]
    train, validation = item(plot, "trainCurve"), item(plot, "validationCurve")
    np.testing.assert_array_equal(data(train)[0], [1, 2, 3])
    np.testing.assert_allclose(data(train)[1], [0.9, 0.6, 0.4])
    np.testing.assert_allclose(data(validation)[1], [1.0, 0.8, 0.85])
    assert train.opts["pen"].color() == ORANGE and validation.opts["pen"].color() == ORANGE
    assert train.opts["pen"].style() == pg.QtCore.Qt.PenStyle.SolidLine
    assert validation.opts["pen"].style() != pg.QtCore.Qt.PenStyle.SolidLine
    assert train.opts["symbol"] and train.opts["connect"] == "finite" == validation.opts["connect"]


def test_the_gap_between_train_and_validation_is_shaded(widget):
    widget.show_runs("loss", [series("a", [0.9, 0.6, 0.4, 0.3], [1.0, 0.8, 0.85, 0.9], color=GREEN)])
    fill = gap(widget.plot_items()[0])
    path = fill.path()
    assert not path.isEmpty()
    box = path.boundingRect()
    assert box.left() == pytest.approx(1) and box.right() == pytest.approx(4)
    assert box.top() == pytest.approx(0.3) and box.bottom() == pytest.approx(1.0)
    assert path.contains(pg.QtCore.QPointF(3.5, 0.6))  # between train 0.35 and validation 0.875
    assert not path.contains(pg.QtCore.QPointF(3.5, 0.95))  # above validation
    assert not path.contains(pg.QtCore.QPointF(3.5, 0.32))  # below train
    color = fill.brush().color()
    assert color.rgb() == GREEN.rgb() and 0 < color.alpha() < 100


def test_the_best_epoch_gets_a_star_on_the_validation_curve(widget):
    widget.show_runs("loss", [series("a", [0.9, 0.6, 0.4, 0.3], [1.0, 0.7, 0.75, 0.9], best_epoch=2),
                              series("b", [0.9, 0.6], [1.0, 0.7], best_epoch=None),
                              series("c", [0.9, 0.6], [1.0, 0.7], best_epoch=7)])  # not (yet) drawn
    stars = [item(p, "bestEpochMarker") for p in widget.plot_items()]
    x, y = data(stars[0])
    np.testing.assert_allclose(x, [2])
    np.testing.assert_allclose(y, [0.7])
    assert stars[0].opts["symbol"] == "star"
    assert stars[0].opts["size"] > item(widget.plot_items()[0], "trainCurve").opts["symbolSize"]
    assert data(stars[1])[0].size == 0 and data(stars[2])[0].size == 0


def test_accuracy_star_sits_on_the_validation_accuracy_of_that_epoch(widget):
    widget.show_runs("accuracy", [series("a", [0.5, 0.7, 0.8], [0.45, 0.62, 0.6], best_epoch=2)])
    x, y = data(item(widget.plot_items()[0], "bestEpochMarker"))
    assert (x.tolist(), y.tolist()) == ([2.0], [0.62])
    assert widget.plot_items()[0].getAxis("left").labelText == "accuracy"


def test_linked_ranges_cover_every_run_not_just_the_first(widget, qtbot):
    a = series("a", np.linspace(0.5, 0.1, 5), np.linspace(0.5, 0.2, 5))
    b = series("b", np.linspace(3, 2, 10), np.linspace(3, 2.5, 10))
    widget.show_runs("loss", [a, b, series("c", [1, 1], [1, 1])])
    settle(qtbot)
    plots = widget.plot_items()
    for plot in plots[1:]:
        assert plot.getViewBox().linkedView(0) is plots[0].getViewBox()
        assert plot.getViewBox().linkedView(1) is plots[0].getViewBox()
    for plot in plots:
        (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
        assert x0 <= 1 and x1 >= 10 and y0 <= 0.1 and y1 >= 3

    # Training goes on: the ranges keep following, run b grows past the others.
    b = series("b", np.linspace(3, 2, 15), np.r_[np.linspace(3, 2.5, 14), 4.5])
    widget.show_runs("loss", [a, b, series("c", [1, 1], [1, 1])])
    widget.resize(700, 450)
    settle(qtbot)
    for plot in plots:
        (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
        assert x0 <= 1 and x1 >= 15 and y0 <= 0.1 and y1 >= 4.5


def test_same_keys_update_in_place_other_keys_rebuild(widget):
    widget.show_runs("loss", [series("a", [0.9], [1.0]), series("b", [0.8], [0.9])])
    plots = widget.plot_items()
    curves = [item(p, "trainCurve") for p in plots]

    widget.show_runs("loss", [series("a", [0.9, 0.5], [1.0, 0.6], best_epoch=2, label="a renamed"),
                              series("b", [0.8, 0.4], [0.9, 0.5])])
    assert widget.plot_items() == plots  # the very same objects: no rebuild
    assert [item(p, "trainCurve") for p in plots] == curves
    np.testing.assert_allclose(data(curves[0])[1], [0.9, 0.5])
    assert data(item(plots[0], "bestEpochMarker"))[0].tolist() == [2.0]
    assert plots[0].titleLabel.text == "a renamed"

    widget.show_runs("loss", [series("a", [0.9], [1.0]), series("b", [0.8], [0.9]), series("c", [1], [1])])
    rebuilt = widget.plot_items()
    assert len(rebuilt) == 3 and not set(map(id, rebuilt)) & set(map(id, plots))

    widget.show_runs("loss", [series("c", [1], [1]), series("a", [0.9], [1.0]), series("b", [0.8], [0.9])])
    assert widget.plot_items() != rebuilt  # a new order is a new grid
    assert [p.titleLabel.text for p in widget.plot_items()] == ["run c", "run a", "run b"]


def test_baseline_only_when_given(widget):
    runs = [series("a", [0.6, 0.7], [0.55, 0.6]), series("b", [0.6, 0.8], [0.5, 0.65])]
    widget.show_runs("accuracy", runs, baseline=0.25)
    for plot in widget.plot_items():
        line = item(plot, "baselineLine")
        assert line.isVisible() and line.value() == pytest.approx(0.25) and line.angle == 0
        assert line.pen.style() == pg.QtCore.Qt.PenStyle.DashLine
    widget.show_runs("accuracy", runs)
    assert not any(item(p, "baselineLine").isVisible() for p in widget.plot_items())
    widget.show_runs("accuracy", runs, baseline=0.5)
    assert all(item(p, "baselineLine").isVisible() for p in widget.plot_items())


def test_baseline_is_inside_the_shared_range(widget, qtbot):
    widget.show_runs("accuracy", [series("a", [0.8, 0.9], [0.75, 0.85])], baseline=0.1)
    settle(qtbot)
    (_x0, _x1), (y0, _y1) = widget.plot_items()[0].getViewBox().viewRange()
    assert y0 <= 0.1


def test_an_empty_list_shows_the_hint(widget):
    widget.show_runs("loss", [series("a", [1], [1])])
    assert not widget.hint.isVisible() and widget.graphics.isVisible()
    widget.show_runs("loss", [])
    assert widget.plot_items() == []
    assert widget.hint.isVisible() and not widget.graphics.isVisible()
    assert widget.hint.text() == EMPTY_HINT and "Runs tab" in EMPTY_HINT


def test_nan_values_leave_gaps_and_a_nan_only_run_an_empty_plot(widget, qtbot, recwarn):
    widget.show_runs("loss", [series("nan", [NAN, NAN, NAN], [NAN, NAN, NAN], best_epoch=2),
                              series("gaps", [0.9, NAN, 0.5, 0.4], [NAN, 0.8, 0.7, 0.6], best_epoch=1)])
    settle(qtbot)
    empty, gaps = widget.plot_items()
    for name in ("trainCurve", "validationCurve", "bestEpochMarker"):
        assert data(item(empty, name))[0].size == 0
    assert gap(empty).path().isEmpty()
    np.testing.assert_array_equal(data(item(gaps, "trainCurve"))[1], [0.9, NAN, 0.5, 0.4])
    assert data(item(gaps, "bestEpochMarker"))[0].size == 0  # validation is NaN at epoch 1
    box = gap(gaps).path().boundingRect()  # shaded only where both are known: epochs 3 and 4
    assert box.left() == pytest.approx(3) and box.right() == pytest.approx(4)
    (x0, x1), (y0, y1) = empty.getViewBox().viewRange()  # the empty plot still shares the others' range
    assert x0 <= 1 and x1 >= 4 and y0 <= 0.4 and y1 >= 0.9

    widget.show_runs("loss", [series("only", [], [], best_epoch=None)])
    settle(qtbot)
    assert data(item(widget.plot_items()[0], "trainCurve"))[0].size == 0
    widget.grab()  # paint everything once: pyqtgraph's bounds and paths of NaN-only data would warn
    assert [str(w.message) for w in recwarn if issubclass(w.category, RuntimeWarning)] == []


def test_long_labels_are_elided_with_the_full_label_as_tooltip(widget, qtbot):
    long = "#15 LSTM · dropout 0.5 · weight decay 1e-4 · batch 64 · learning rate 3e-4 · 40 epochs"
    widget.show_runs("loss", [series(k, [1], [1], label=long if k == 3 else "short") for k in range(4)])
    settle(qtbot)
    plots = widget.plot_items()
    title = plots[3].titleLabel
    assert title.text.endswith("…") and len(title.text) < len(long)
    assert title.toolTip() == long
    assert plots[0].titleLabel.text == "short" and plots[0].titleLabel.toolTip() == ""
    assert title.item.boundingRect().width() < plots[3].getViewBox().width()

    widget.resize(2400, 500)  # wider: more of the label fits
    settle(qtbot)
    assert plots[3].titleLabel.text == long


def test_epoch_ticks_are_whole_numbers(widget, qtbot):
    widget.show_runs("loss", [series("a", [0.9, 0.6], [1.0, 0.8])])
    settle(qtbot)
    axis = widget.plot_items()[0].getAxis("bottom")
    spacings = [s for s, _offset in axis.tickSpacing(0.9, 2.1, 300)]
    assert spacings and all(s >= 1 for s in spacings)


def test_follows_the_palette(widget, qtbot):
    widget.show_runs("loss", [series("a", [0.9, 0.6], [1.0, 0.8])])
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    widget.setPalette(palette)
    settle(qtbot)
    plot = widget.plot_items()[0]
    assert widget.graphics.backgroundBrush().color() == QColor("#1e1e1e")
    assert plot.getAxis("left").textPen().color() == QColor("#e6e6e6")
    assert "#e6e6e6" in plot.titleLabel.item.toHtml().lower()


def test_scale_makes_lines_markers_and_text_bigger_in_place(widget):
    widget.show_runs("loss", [series("a", [0.9, 0.6], [1.0, 0.8], best_epoch=2)])
    plot = widget.plot_items()[0]
    before = (item(plot, "trainCurve").opts["pen"].widthF(), item(plot, "bestEpochMarker").opts["size"],
              plot.getAxis("bottom").style["tickFont"].pointSizeF())
    widget.set_scale(1.8)
    after = (item(plot, "trainCurve").opts["pen"].widthF(), item(plot, "bestEpochMarker").opts["size"],
             plot.getAxis("bottom").style["tickFont"].pointSizeF())
    assert widget.plot_items() == [plot]
    for b, a in zip(before, after):
        assert a == pytest.approx(1.8 * b)


def test_a_repeated_call_redraws_nothing_but_buffers_filled_in_place_are_seen(widget, qtbot):
    buffer = np.full((3, 8), np.nan)  # epochs, train, validation: growable columns, as LivePlots keeps them
    buffer[:, :2] = [[1, 2], [0.9, 0.6], [1.0, 0.8]]

    def run(n):
        return series("a", buffer[1, :n], buffer[2, :n], epochs=buffer[0, :n], best_epoch=2)

    widget.show_runs("loss", [run(2)])
    train = item(widget.plot_items()[0], "trainCurve")
    with qtbot.assertNotEmitted(train.sigPlotChanged):
        widget.show_runs("loss", [run(2)])
    buffer[1, 1] = 0.55  # the same views, changed underneath
    with qtbot.waitSignal(train.sigPlotChanged, timeout=100):
        widget.show_runs("loss", [run(2)])
    np.testing.assert_allclose(data(train)[1], [0.9, 0.55])


def test_switching_the_metric_keeps_the_plots_and_relabels_them(widget):
    runs = [series(k, [0.5, 0.6], [0.4, 0.5]) for k in "ab"]
    widget.show_runs("loss", runs)
    plots = widget.plot_items()
    assert plots[0].getAxis("left").labelText == "loss" and not plots[1].getAxis("left").labelText
    widget.show_runs("accuracy", runs)
    assert widget.plot_items() == plots
    assert plots[0].getAxis("left").labelText == "accuracy"
    assert widget.key_label.text().startswith("Accuracy")
