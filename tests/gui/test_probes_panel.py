"""Probe sentences: typed in the panel, scored after every epoch of a real run, plotted, kept with the run."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.gui.probes_panel import ProbesPanel, classes_to_draw


@pytest.fixture
def panel(qtbot):
    w = ProbesPanel()
    qtbot.addWidget(w)
    w.resize(900, 320)
    w.show()
    return w


def test_typed_lines_become_probes_and_too_many_are_explained(panel):
    editor = panel.findChild(QPlainTextEdit, "probeEditor")
    editor.setPlainText("great food\n\n   \n难吃极了\n")
    assert panel.probes() == ["great food", "难吃极了"]
    assert "2 sentences" in panel.findChild(QLabel, "probeStatusLabel").text()
    editor.setPlainText("\n".join(f"sentence {i}" for i in range(9)))
    assert "at most 8" in panel.findChild(QLabel, "probeStatusLabel").text()


def test_each_sentence_gets_a_plot_with_one_line_per_class_and_a_title_saying_what_it_thinks(panel):
    panel.start_run("#3 LSTM", ["good", "bad"], ["negative", "positive"])
    assert panel.plot_titles() == ["good", "bad"]
    panel.add_epoch(1, [[0.4, 0.6], [0.55, 0.45]])
    panel.add_epoch(2, [[0.2, 0.8], [0.9, 0.1]])
    x, y = panel.curve_data(0, "positive")
    assert list(x) == [1, 2] and np.allclose(y, [0.6, 0.8])
    assert np.allclose(panel.curve_data(1, "negative")[1], [0.55, 0.9])
    titles = panel.plot_titles()
    assert "positive 0.80" in titles[0] and "negative 0.90" in titles[1]
    panel.add_epoch(2, [[0.3, 0.7], [0.8, 0.2]])  # an epoch sent again replaces itself
    assert np.allclose(panel.curve_data(0, "positive")[1], [0.6, 0.7])
    panel.clear()
    assert panel.plot_titles() == [] and not panel.has_plots()


def test_many_classes_draw_only_those_that_ever_ranked_high():
    history = np.full((3, 10), 0.02)
    history[:, 4] = [0.5, 0.6, 0.7]
    history[0, 7], history[2, 1] = 0.3, 0.2
    assert set(classes_to_draw(history, limit=6)) >= {1, 4, 7} and len(classes_to_draw(history, limit=6)) <= 6
    assert classes_to_draw(np.full((2, 3), 1 / 3)) == [0, 1, 2]


def test_a_real_run_plots_the_probes_every_epoch_and_the_store_keeps_them(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    window.config_form.set_config(ExperimentConfig(epochs=3, batch_size=8, embedding_dim=8, learning_rate=0.01))
    window.probes_panel.set_probes(["The soup was wonderful", "never arrived, a waste of money"])
    with qtbot.waitSignal(window.engine.run_finished, timeout=60_000) as finished:
        assert window.start_training()
    run_id = finished.args[0].run_id
    panel = window.probes_panel
    qtbot.waitUntil(lambda: len(panel.curve_data(0, "positive")[0]) == 3)
    stored = np.array(window.store.probe_history(run_id))
    assert stored.shape == (3, 2, 2)
    assert np.allclose(panel.curve_data(0, "positive")[1], stored[:, 0, 1])
    assert np.allclose(panel.curve_data(1, "negative")[1], stored[:, 1, 0])
    panel.clear()
    with qtbot.waitSignal(window.runs_shown):
        window.runs_panel.select_runs([run_id])  # a stored run shows the probes it was trained with
    qtbot.waitUntil(lambda: len(panel.curve_data(1, "negative")[0]) == 3)
    assert np.allclose(panel.curve_data(1, "negative")[1], stored[:, 1, 0])
    window.close()


def test_a_hidden_panel_draws_its_epochs_when_it_is_shown(panel):
    panel.start_run("#1", ["great soup"], ["negative", "positive"])
    panel.hide()  # as on a tab that is not the current one
    panel.add_epoch(1, [[0.4, 0.6]])
    panel.add_epoch(2, [[0.2, 0.8]])
    assert panel.curve_data(0, "positive")[0].size == 0
    panel.show()
    np.testing.assert_allclose(panel.curve_data(0, "positive")[1], [0.6, 0.8])
