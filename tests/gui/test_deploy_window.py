"""Compress & export and Model structure in the whole window, with a real engine and a real stored run."""

from __future__ import annotations

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.gui.deploy_panel import DeployController, DeployPanel
from workbench.gui.structure_panel import StructurePanel

TIMEOUT = 120_000
TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, learning_rate=0.01)


def finish(qtbot, window, start) -> tuple[str, object, str]:
    """Start one of the tab's long tasks and wait for it to end: (kind, result, error)."""
    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as finished:
        start()
    return tuple(finished.args)


def test_prune_the_curve_export_and_the_structure_of_the_selected_run(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    window.config_form.set_config(TINY)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as trained:
        window.start_training()
    run_id = trained.args[0].run_id
    window.runs_panel.select_runs([run_id])
    deploy = window.findChild(DeployPanel, "deployPanel")
    controller = next(f for f in window.features if isinstance(f, DeployController))
    window.bottom_tabs.setCurrentWidget(deploy)
    assert deploy.run_id == run_id and deploy.prune.prune_button.isEnabled()

    deploy.prune.slider.setValue(60)
    deploy.prune.epochs.setValue(1)
    kind, result, error = finish(qtbot, window, deploy.prune.prune_button.click)
    assert (kind, error) == ("prune", "")
    pruned = window.store.get_run(result["run_id"])
    assert pruned.kind == "prune" and pruned.parent_id == run_id and len(window.store.history(pruned.id)) == 1
    assert deploy.prune.result_label.text().startswith(f"Run {pruned.id}: run {run_id} at 60.0% sparsity.")
    assert deploy.run_id == run_id and deploy.prune.prune_button.isEnabled()  # still on the parent, ready again

    deploy.prune.epochs.setValue(0)  # each point without fine-tuning: one pass over the test rows
    kind, result, error = finish(qtbot, window, deploy.prune.curve_button.click)
    assert (kind, error) == ("sparsity_curve", "")
    assert deploy.prune.curve_data()[0] == [0.0, 50.0, 70.0, 80.0, 90.0, 95.0]
    assert deploy.prune.curve_data()[1] == [p["test_accuracy"] for p in result["points"]]

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    kind, _result, error = finish(qtbot, window, lambda: controller.export(str(taken), ["none"]))
    assert error and deploy.export.message.text() == error  # the engine's one sentence, as it came
    assert "already exists and is not empty" in error and "\n" not in error

    out = tmp_path / "out"
    kind, result, error = finish(qtbot, window, lambda: controller.export(str(out), ["none"]))
    assert error == ""
    rows = deploy.export.rows()
    assert [row[0] for row in rows] == ["Keras (.keras)", "TFLite float32"]
    assert rows[1][3] == f"{result['variants'][1]['test_accuracy']:.3f}" and rows[1][4].endswith(" ms")
    assert (out / "model_none.tflite").is_file() and (out / "predict.py").is_file()

    structure = window.findChild(StructurePanel, "structurePanel")
    window.bottom_tabs.setCurrentWidget(structure)  # asks only now that it shows
    qtbot.waitUntil(lambda: bool(structure.rows()), timeout=TIMEOUT)
    names = [row[0] for row in structure.rows()]
    assert names[0] == "token_ids" and "embedding" in names and names[-1] == "output"
    structure.click_layer("output")
    assert window.bottom_tabs.currentWidget() is window.weights_panel
    assert next(iter(window.weights_panel.histogram_plots())) == "output/kernel"
    assert window.weights_panel.summary.text().startswith(f"Run {run_id}, saved model · layer output")
