"""Transfer in the window: continued runs drawn after their parents, the pretraining dialog, word-vector
coverage in the results, pretraining runs in the runs table; and one end-to-end run with a real engine."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.store import RunStore
from workbench.gui.live_plot import FAINT_ALPHA, LivePlots
from workbench.gui.results_panel import ResultsPanel
from workbench.gui.runs_panel import MODEL, RunsTableModel
from workbench.gui.transfer_actions import PretrainDialog, TransferActions

TIMEOUT = 120_000
TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=300, learning_rate=0.01)


def metrics(loss):
    return {"loss": loss, "accuracy": 1 - loss, "val_loss": loss + 0.1, "val_accuracy": 0.9 - loss}


@pytest.fixture
def plots(qtbot):
    w = LivePlots()
    qtbot.addWidget(w)
    w.resize(900, 400)
    w.show()
    return w


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "home") as s:
        yield s


# --- the curves of a continued run ----------------------------------------------------------


def test_an_offset_run_continues_after_its_parent_which_is_drawn_faint(plots, tmp_path):
    plots.show_history("parent", "P", [metrics(0.9), metrics(0.7), metrics(0.5)])
    plots.start_run("child", "C")
    plots.follow("child", epochs=4)
    plots.add_epoch("child", 1, metrics(0.45))  # before the offset: moved with it
    plots.set_epoch_offset("child", 3)
    plots.add_epoch("child", 2, metrics(0.4))
    plots.add_batch("child", 3, 5, 10, 0.38)
    plots.set_faint("parent")
    plots.flush()
    x, _ = plots.curve_data("child", "loss", "train")
    np.testing.assert_array_equal(x, [4, 5])
    np.testing.assert_allclose(plots.curve_data("child", "loss", "batch")[0], [5.5])
    (_, right), _ = plots.loss_plot.getPlotItem().getViewBox().viewRange()
    assert right >= 7  # the x axis holds the parent's 3 epochs and the child's 4 planned ones

    parent = plots._runs["parent"]
    train = parent.curves["loss", "train"]
    assert train.opts["pen"].color().alpha() == FAINT_ALPHA and train.opts["symbol"] is None
    assert not any(item.isVisible() for item in (*parent.fills.values(), *parent.best.values()))
    for button in (plots.toggles["gap"], plots.toggles["best"]):  # switching gap and stars on spares it
        button.setChecked(False)
        button.setChecked(True)
    assert not any(item.isVisible() for item in (*parent.fills.values(), *parent.best.values()))
    assert all(fill.isVisible() for fill in plots._runs["child"].fills.values())
    plots.set_scale(1.8)
    assert train.opts["pen"].color().alpha() == FAINT_ALPHA and train.opts["symbol"] is None

    rows = plots.export_csv(tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[2] for row in rows if row.startswith("child")] == ["1", "2"]  # the run's own epochs
    plots.show_history("parent", "P", [metrics(0.9)])  # shown again: a normal run
    assert plots._runs["parent"].curves["loss", "train"].opts["symbol"] == "o"


# --- panels, from plain data ------------------------------------------------------------------


def test_results_name_the_run_started_from_and_the_word_vectors_coverage(qtbot, store):
    run_id = store.create_run(TINY.to_json(), {"path": "/d.csv"}, kind="train")
    store.finish_run(run_id, "completed", model_path=str(store.model_dir(run_id) / "model.keras"), results={
        "test": None, "init_from": {"run_id": 3, "kind": "pretrain"},
        "embeddings": {"path": "/v/glove.6B.50d.vec", "dimension": 50, "coverage": 0.8324, "frozen": True}})
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.show_result(store.get_run(run_id))
    summary = panel.findChild(QLabel, "resultsSummaryLabel").text()
    assert "started from pretraining run #3" in summary
    assert "word vectors: 83.2% of the vocabulary found in glove.6B.50d.vec, 50 dimensions (kept frozen)" in summary
    store.finish_run(run_id, "completed", {"test": None}, model_path=str(store.model_dir(run_id) / "model.keras"))
    panel.show_result(store.get_run(run_id))
    assert "word vectors" not in panel.findChild(QLabel, "resultsSummaryLabel").text()
    assert panel.predict_input.isEnabled()

    pretrained = store.create_run(TINY.to_json(), {}, kind="pretrain")
    store.finish_run(pretrained, "completed", {}, model_path=str(store.model_dir(pretrained) / "model.keras"))
    panel.show_result(store.get_run(pretrained))
    assert not panel.predict_input.isEnabled() and "predicts words, not classes" in panel.predict_hint.text()


def test_a_pretraining_run_is_marked_in_the_runs_table(store):
    pretrained = store.create_run(TINY.to_json(), {}, kind="pretrain")
    trained = store.create_run(TINY.replace(init_from=pretrained).to_json(), {}, parent_id=pretrained)
    model = RunsTableModel(store, store.list_runs())
    titles = {model.record(row).id: model.index(row, MODEL).data() for row in range(model.rowCount())}
    assert titles == {pretrained: "Pretraining: Bag of embeddings", trained: "Bag of embeddings"}


def test_the_pretrain_dialog_takes_the_form_settings_and_says_what_is_missing(qtbot, tmp_path):
    dialog = PretrainDialog(TINY.replace(init_from=4, embeddings="v.vec"), None)
    qtbot.addWidget(dialog)
    assert dialog.file_radio.isChecked() and not dialog.loaded_radio.isEnabled()  # no file open
    assert dialog.problem() == "Choose a file of texts." and not dialog.start_button.isEnabled()
    notes = tmp_path / "notes.txt"
    notes.write_text("one text\n", encoding="utf-8")
    dialog.file_edit.setText(str(notes))
    dialog.column_edit.setText("2")
    assert dialog.start_button.isEnabled() and dialog.path() == str(notes) and dialog.text_column() == "2"
    config = dialog.config()
    assert (config.init_from, config.embeddings, config.learning_rate, config.epochs) == (0, "", 0.01, 2)

    loaded = PretrainDialog(TINY.replace(model="mlp"), ("/data/reviews.csv", "review"))
    qtbot.addWidget(loaded)
    assert loaded.loaded_radio.isChecked() and (loaded.path(), loaded.text_column()) == ("/data/reviews.csv", "review")
    assert "mlp model has no embedding and encoder to pretrain" in loaded.problem()
    assert not loaded.start_button.isEnabled()


# --- the whole window, with its engine ---------------------------------------------------------


def test_continue_a_run_then_pretrain_and_continue_the_pretraining(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    transfer = next(f for f in window.features if isinstance(f, TransferActions))
    assert transfer.continue_action in window.run_menu.actions()
    assert not transfer.continue_action.isEnabled()  # no run selected
    window.config_form.set_config(TINY)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as finished:
        window.start_training()
    parent = finished.args[0].run_id
    window.runs_panel.select_runs([parent])
    assert transfer.continue_action.isEnabled()

    transfer.continue_action.trigger()
    config = window.config_form.config()
    assert config.init_from == parent and config.learning_rate == pytest.approx(0.001)  # a tenth: same classes
    assert transfer.advice_label.isVisibleTo(window) and "A tenth of run" in transfer.advice_label.text()
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as finished:
        window.start_training()
    child = finished.args[0].run_id
    assert finished.args[0].status == "completed" and window.store.get_run(child).parent_id == parent
    window.plots.flush()
    np.testing.assert_array_equal(window.plots.curve_data(child, "loss", "train")[0], [3, 4])
    assert window.plots.faint(parent) and window.plots.color(parent) == window.plots.color(child)

    notes = tmp_path / "notes.txt"
    notes.write_text("".join(f"{text}\n" for text, _ in labelled_rows(60)), encoding="utf-8")
    window.config_form.set_config(TINY)
    epochs = []
    window.engine.epoch_end.connect(epochs.append)
    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as done:
        assert transfer.pretrain(TINY, str(notes))
    kind, result, error = done.args
    assert (kind, error, result["status"]) == ("pretrain", "", "completed") and len(epochs) == 2
    pretrained = result["run_id"]
    assert window.store.get_run(pretrained).kind == "pretrain"
    assert window.runs_panel.selected_ids() == [pretrained]
    qtbot.waitUntil(lambda: not window.overlay_pending())  # drawn, then named, in turns of the event loop
    assert "pretraining" in window.plots.label(pretrained)
    assert window.config_form.config().init_from == pretrained  # the form continues it
    assert "Continues pretraining run" in transfer.advice_label.text()
