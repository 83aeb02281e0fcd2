"""WeightsPanel: weight histograms per matrix, the summary line and the data loss / penalty split."""

from dataclasses import asdict

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QLabel, QWidget

from workbench.core.diagnostics import LayerWeights, _summarize, overall_weight_metrics
from workbench.gui.weights_panel import MAX_HISTOGRAMS, WeightsPanel, short_title


def stats(seed: int, size: int, zero_share: float = 0.2, bins: int = 11, layer: str = "dense") -> dict:
    """A plain-dict LayerWeights of `size` normal weights, `zero_share` of them exactly 0 (an L1 spike)."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0, 0.05, size).astype(np.float32)
    values[: int(size * zero_share)] = 0.0
    return asdict(_summarize(layer, values, bins, 1e-3))


def weights(scale: float = 1.0) -> dict:
    return {
        "embedding/embeddings": stats(1, int(4000 * scale), 0.30, layer="embedding"),
        "dense_1/kernel": stats(2, 1000, 0.10, layer="dense_1"),
        "output/kernel": stats(3, 100, 0.05, layer="output"),
    }


def metrics(epoch: int) -> dict:
    return {"loss": 1.0 / epoch + 0.05, "data_loss": 1.0 / epoch, "regularization": 0.05 * epoch,
            "sparsity": 0.12, "mean_abs_weight": 0.0314}


@pytest.fixture
def panel(qtbot):
    widget = WeightsPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


def test_names_and_short_titles(panel):
    assert panel.objectName() == "weightsPanel"
    assert isinstance(panel.findChild(QWidget, "weightHistograms"), QWidget)
    assert isinstance(panel.findChild(QLabel, "weightsSummaryLabel"), QLabel)
    assert isinstance(panel.findChild(pg.PlotWidget, "lossSplitPlot"), pg.PlotWidget)
    assert short_title("embedding/embeddings") == "embedding"
    assert short_title("output/kernel") == "output kernel"
    assert short_title("lstm_1/lstm_cell/recurrent_kernel") == "lstm_1 recurrent kernel"


def test_histograms_bars_and_sparsity_text(panel):
    hand = asdict(LayerWeights(layer="output", counts=[1, 5, 30, 4, 2], edges=[-0.5, -0.3, -0.1, 0.1, 0.3, 0.5],
                               sparsity=0.24, mean_abs=0.12, count=42))
    data = weights()
    data["output/kernel"] = hand
    panel.show_epoch(1, data, metrics(1))

    plots = panel.histogram_plots()
    assert list(plots) == ["embedding/embeddings", "dense_1/kernel", "output/kernel"]  # largest first
    assert all(plot.isVisibleTo(panel) for plot in plots.values())
    assert plots["output/kernel"].getPlotItem().titleLabel.text == "output kernel"
    assert plots["embedding/embeddings"].getPlotItem().titleLabel.text == "embedding"

    x0, x1, heights = panel.histogram("output/kernel")
    np.testing.assert_array_equal(heights, [1, 5, 30, 4, 2])
    np.testing.assert_allclose(x0, [-0.5, -0.3, -0.1, 0.1, 0.3])
    np.testing.assert_allclose(x1, [-0.3, -0.1, 0.1, 0.3, 0.5])
    np.testing.assert_array_equal(panel.histogram("dense_1/kernel")[2], data["dense_1/kernel"]["counts"])
    assert panel.sparsity_text("output/kernel") == "sparsity 24% (|w| < 0.001)"
    share = data["embedding/embeddings"]["sparsity"]  # 30% set to 0 plus the normal weights near 0
    assert panel.sparsity_text("embedding/embeddings") == f"sparsity {100 * share:.0f}% (|w| < 0.001)"
    zero_lines = [i for i in plots["output/kernel"].getPlotItem().items if isinstance(i, pg.InfiniteLine)]
    assert [line.value() for line in zero_lines] == [0]

    assert panel.summary.text() == "Epoch 1 · 12% of weights near zero · mean |w| 0.0314"


def test_summary_falls_back_to_the_weights(panel):
    data = weights()
    panel.show_epoch(5, data, {"data_loss": 0.4, "regularization": 0.01})
    near_zero = sum(s["sparsity"] * s["count"] for s in data.values()) / 5100
    mean_abs = sum(s["mean_abs"] * s["count"] for s in data.values()) / 5100
    assert panel.summary.text() == f"Epoch 5 · {100 * near_zero:.0f}% of weights near zero · mean |w| {mean_abs:.3g}"


def test_plots_are_reused_across_epochs(panel):
    panel.show_epoch(1, weights(), metrics(1))
    first = {path: id(plot) for path, plot in panel.histogram_plots().items()}
    bars = [id(slot.bars) for slot in panel._slots]
    panel.show_epoch(2, weights(), metrics(2))
    panel.show_epoch(3, weights(), metrics(3))
    assert {path: id(plot) for path, plot in panel.histogram_plots().items()} == first
    assert [id(slot.bars) for slot in panel._slots] == bars
    assert len(panel.findChildren(pg.PlotWidget, "weightHistogram")) == 3


def test_loss_split_after_three_epochs_and_start_run(panel):
    for epoch in (1, 2, 3):
        panel.show_epoch(epoch, weights(), metrics(epoch))
    split = panel.loss_split_data()
    np.testing.assert_array_equal(split["data loss"][0], [1, 2, 3])
    np.testing.assert_allclose(split["data loss"][1], [1.0, 0.5, 1 / 3])
    np.testing.assert_allclose(split["L1/L2 penalty"][1], [0.05, 0.10, 0.15])
    legend = [label.text for _sample, label in panel.legend.items]
    assert legend == ["data loss", "L1/L2 penalty"]

    panel.start_run("run 2")
    assert all(x.size == 0 for x, _y in panel.loss_split_data().values())
    panel.show_epoch(1, weights(), {"loss": 0.9, "regularization": 0.1})  # data loss = loss - penalty
    np.testing.assert_allclose(panel.loss_split_data()["data loss"][1], [0.8])


def test_cap_at_six_with_a_note(panel):
    data = {f"dense_{i}/kernel": stats(i, 100 * (i + 1), layer=f"dense_{i}") for i in range(8)}
    panel.show_epoch(1, data, metrics(1))
    assert list(panel.histogram_plots()) == [f"dense_{i}/kernel" for i in range(7, 1, -1)]
    assert len(panel.histogram_plots()) == MAX_HISTOGRAMS
    assert panel.more_label.isVisibleTo(panel)
    assert panel.more_label.text().startswith("+2 more")
    panel.show_epoch(2, weights(), metrics(2))  # fewer matrices: the extra plots hide, the note goes
    assert len(panel.histogram_plots()) == 3
    assert not panel.more_label.isVisibleTo(panel)
    assert len(panel.findChildren(pg.PlotWidget, "weightHistogram")) == MAX_HISTOGRAMS


def test_clear(panel):
    for epoch in (1, 2):
        panel.show_epoch(epoch, weights(), metrics(epoch))
    panel.clear()
    assert panel.histogram_plots() == {}
    assert not any(slot.plot.isVisibleTo(panel) for slot in panel._slots)
    assert all(x.size == 0 for x, _y in panel.loss_split_data().values())
    assert "Epoch" not in panel.summary.text()
    panel.show_epoch(1, weights(), metrics(1))  # usable again
    assert len(panel.histogram_plots()) == 3


def test_no_weight_matrices(panel):
    panel.show_epoch(1, {}, {"data_loss": 0.5, "regularization": 0.0})
    assert panel.histogram_plots() == {}
    assert "no weight matrices" in panel.summary.text()


def test_a_hidden_panel_draws_nothing_until_it_is_shown(panel):
    panel.hide()  # as on a tab that is not the current one
    panel.start_run("#1")
    for epoch in (1, 2):
        panel.show_epoch(epoch, weights(), metrics(epoch))
    assert not panel.histogram_plots() and panel.loss_split_data()["data loss"][0].size == 0
    panel.show()
    assert panel.histogram_plots() and list(panel.loss_split_data()["data loss"][0]) == [1.0, 2.0]


def test_a_stored_model_shows_the_chosen_layer_first_its_own_sparsity_and_its_history(panel):
    data = {**{f"dense_{i}/kernel": stats(10 + i, 2000 + i, 0.0, layer=f"dense_{i}") for i in range(MAX_HISTOGRAMS)},
            "output/kernel": stats(3, 50, 0.5, layer="output")}  # the smallest matrix: not shown by size
    history = [{"epoch": 1, "loss": 0.9, "data_loss": 0.8, "regularization": 0.1},
               {"epoch": 2, "loss": 0.6, "data_loss": 0.55, "regularization": 0.05}]
    panel.show_epoch(3, weights(), metrics(3))  # a live epoch before: replaced, loss split and all
    panel.show_model("Run 4, saved model · layer output", data, history, ["output/kernel"])
    assert next(iter(panel.histogram_plots())) == "output/kernel"
    assert len(panel.histogram_plots()) == MAX_HISTOGRAMS
    assert panel.summary.text().startswith("Run 4, saved model · layer output · ")
    assert "Epoch" not in panel.summary.text()
    near_zero = overall_weight_metrics(data)["sparsity"]  # measured on these weights: no epoch metrics here
    assert f"{100 * near_zero:.0f}% of weights near zero" in panel.summary.text()
    x, y = panel.loss_split_data()["data loss"]
    assert list(x) == [1, 2] and list(y) == [0.8, 0.55]
    panel.show_epoch(1, weights(), metrics(1))  # the next live epoch takes the panel back, largest first
    assert next(iter(panel.histogram_plots())) == "embedding/embeddings"
