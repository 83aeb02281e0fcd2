"""Compress & export and Model structure, as widgets fed the engine's plain data (no engine here)."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QCheckBox, QPushButton, QSlider, QSpinBox, QTableWidget, QTreeWidget

from workbench.gui.deploy_panel import TFLITE_MODES, DeployPanel, one_sentence, run_title
from workbench.gui.structure_panel import StructurePanel

CURVE = [(0.0, 0.90), (0.5, 0.88), (0.7, 0.85), (0.8, 0.80), (0.9, 0.60), (0.95, 0.40)]


def point(target: float, accuracy: float) -> dict:
    return {"target_sparsity": target, "sparsity": target, "test_accuracy": accuracy, "size_bytes": 1000}


def variant(name: str, size: int, accuracy: float, latency: float, vs_float32: float | None) -> dict:
    return {"name": name, "file": f"model_{name}.tflite", "size_bytes": size, "test_accuracy": accuracy,
            "latency_ms": latency, "max_probability_change": 0.0, "note": "", "size_vs_float32": vs_float32}


@pytest.fixture
def deploy(qtbot):
    panel = DeployPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 330)
    panel.show()
    return panel


def test_the_slider_sets_the_sparsity_to_prune_and_marks_it_on_the_curve(deploy, qtbot):
    assert not deploy.findChild(QPushButton, "pruneButton").isEnabled()  # no run selected yet
    deploy.set_run(5, "Run 5 · cnn")
    slider = deploy.findChild(QSlider, "sparsitySlider")
    button = deploy.findChild(QPushButton, "pruneButton")
    assert slider.maximum() == 95 and button.isEnabled()
    slider.setValue(70)
    deploy.findChild(QSpinBox, "fineTuneEpochs").setValue(2)
    assert button.text() == "Prune to 70%" and deploy.prune.chosen_percent() == 70
    with qtbot.waitSignal(deploy.prune.prune_requested) as requested:
        button.click()
    assert requested.args == [0.7, 2]
    with qtbot.waitSignal(deploy.prune.curve_requested) as curve:
        deploy.findChild(QPushButton, "sparsityCurveButton").click()
    assert curve.args == [2]


def test_the_plot_is_made_when_the_panel_is_first_shown_and_draws_what_came_before(qtbot):
    """The window's start does not pay for the plot of a tab it does not show."""
    panel = DeployPanel()
    qtbot.addWidget(panel)
    panel.set_run(5, "Run 5 · cnn")
    panel.prune.slider.setValue(85)
    for target, accuracy in CURVE:
        panel.prune.add_curve_point(point(target, accuracy))
    assert panel.findChild(pg.PlotWidget) is None
    panel.show()
    assert panel.findChild(pg.PlotWidget, "sparsityCurvePlot") is panel.prune.plot is not None
    assert panel.prune.curve_data() == ([100 * t for t, _ in CURVE], [a for _, a in CURVE])
    assert panel.prune.chosen_percent() == 85 and panel.prune.chosen.label.format == "85%: about 0.700"


def test_the_curve_grows_point_by_point_in_sparsity_order(deploy):
    deploy.set_run(5, "Run 5 · cnn")
    deploy.prune.slider.setValue(85)
    for target, accuracy in reversed(CURVE[3:]):  # out of order, as a test may finish them
        deploy.prune.add_curve_point(point(target, accuracy))
    assert deploy.prune.curve_data() == ([80.0, 90.0, 95.0], [0.80, 0.60, 0.40])
    assert deploy.prune.chosen.label.format == "85%: about 0.700"  # between 80% (0.80) and 90% (0.60)
    deploy.prune.show_curve({"run_id": 5, "stopped": False, "points": [point(t, a) for t, a in CURVE]})
    assert deploy.prune.curve_data()[0] == [0.0, 50.0, 70.0, 80.0, 90.0, 95.0]
    deploy.set_run(6, "Run 6 · lstm")  # another run: its curve is not drawn yet
    assert deploy.prune.curve_data() == ([], [])
    assert deploy.heading.text() == "Run 6 · lstm"


def test_a_pruned_run_is_described_and_starred(deploy):
    deploy.set_run(5, "my cnn")
    assert deploy.heading.text() == "Run 5 · my cnn"
    deploy.prune.show_pruned({"run_id": 7, "parent": 5, "sparsity": 0.8, "test_accuracy": 0.86,
                              "parent_test_accuracy": 0.9, "size_bytes": 100_000, "parent_size_bytes": 400_000,
                              "fine_tune_epochs": 1, "test_accuracy_before_fine_tuning": 0.8, "status": "completed"})
    text = deploy.prune.result_label.text()
    assert text.startswith("Run 7: run 5 at 80.0% sparsity. Test accuracy 0.860 (run 5: 0.900).")
    assert "(25%)" in text and "Before fine-tuning: 0.800." in text
    x, y = deploy.prune.pruned_points.getData()
    assert list(x) == [80.0] and list(y) == [0.86]


def test_export_asks_for_the_chosen_formats_and_shows_them_side_by_side(deploy, qtbot):
    deploy.set_run(5, "Run 5 · cnn")
    assert {mode for mode, box in deploy.export.mode_boxes.items() if box.isChecked()} == {"none", "int8"}
    deploy.findChild(QCheckBox, "exportMode_float16").setChecked(True)
    deploy.findChild(QCheckBox, "exportMode_none").setChecked(False)
    with qtbot.waitSignal(deploy.export.export_requested) as requested:
        deploy.findChild(QPushButton, "exportButton").click()
    assert requested.args == [["float16", "int8"]]

    deploy.export.start("/tmp/out")
    deploy.export.add_step("int8", variant("int8", 100_000, 0.89, 0.1, None))  # live, before the table
    assert deploy.export.rows()[0][:4] == ["TFLite int8", "97.66 KiB", "–", "0.890"]
    deploy.export.show_result({"run_id": 5, "folder": "/tmp/out", "test_rows": 30, "stopped": False,
                               "variants": [variant("keras", 500_000, 0.9, 20.0, 1.25),
                                            variant("none", 400_000, 0.9, 0.2, 1.0),
                                            variant("int8", 100_000, 0.89, 0.1, 0.25)],
                               "failed": {"float16": "'tfl.thing' op is neither a custom op nor a flex op"}})
    rows = deploy.export.rows()
    assert [row[0] for row in rows] == ["Keras (.keras)", "TFLite float32", "TFLite int8", "TFLite float16"]
    assert rows[2] == ["TFLite int8", "97.66 KiB", "25%", "0.890", "0.10 ms", ""]
    assert rows[3][1:5] == ["–"] * 4 and rows[3][5].startswith("could not be made: 'tfl.thing'")
    assert deploy.findChild(QTableWidget, "exportTable").rowCount() == 4
    assert deploy.export.message.text() == "Written to /tmp/out."
    assert deploy.findChild(QPushButton, "openExportFolderButton").isVisible() and deploy.export.folder == "/tmp/out"


def test_a_bundle_alone_and_an_error_are_one_line_each(deploy):
    deploy.set_run(5, "Run 5 · cnn")
    deploy.export.show_result({"run_id": 5, "folder": "/tmp/b", "files": ["model.keras", "predict.py"],
                               "notes": []}, {"size_bytes": 2048, "test_accuracy": 0.75})
    assert deploy.export.rows() == [["Keras (.keras)", "2.00 KiB", "–", "0.750", "–",
                                     "latency is measured with the TensorFlow Lite formats"]]
    assert deploy.export.message.text() == "Written to /tmp/b. model.keras, predict.py"
    error = "ValueError: the converter failed\n  File \"x.py\", line 3\n    raise ValueError"
    assert one_sentence(error) == "ValueError: the converter failed"
    deploy.export.show_error(one_sentence(error))
    assert deploy.export.message.text() == "ValueError: the converter failed"


def test_the_window_lists_the_quantization_modes_the_core_has():
    from workbench.core.tflite import MODES

    assert TFLITE_MODES == MODES
    assert run_title(3, "Run 3 · mlp") == "Run 3 · mlp" and run_title(3, "best") == "Run 3 · best"


STRUCTURE = {"run_id": 5, "model": "functional", "total_params": 1000, "weights": {"embedding/embeddings": {}},
             "layers": [
                 {"name": "token_ids", "type": "InputLayer", "output_shape": [None, 200], "params": 0,
                  "inbound": [], "regularization": "", "weights": []},
                 {"name": "embedding", "type": "Embedding", "output_shape": [None, 200, 8], "params": 900,
                  "inbound": ["token_ids"], "regularization": "", "weights": ["embedding/embeddings"]},
                 {"name": "dropout", "type": "Dropout", "output_shape": [None, 200, 8], "params": 0,
                  "inbound": ["embedding"], "regularization": "dropout 0.5", "weights": []},
                 {"name": "output", "type": "Dense", "output_shape": [None, 3], "params": 100,
                  "inbound": ["dropout"], "regularization": "L2 0.001 on kernel", "weights": ["output/kernel"]}]}


def test_structure_lists_layers_and_a_click_names_the_layer_and_its_matrices(qtbot):
    panel = StructurePanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_structure(STRUCTURE, "Run 5 · cnn")
    assert panel.findChild(QTreeWidget, "structureTree").topLevelItemCount() == 4
    assert panel.rows()[1] == ["embedding", "Embedding", "(batch, 200, 8)", "900 (90%)", "", "token_ids"]
    assert panel.rows()[3][3:] == ["100 (10%)", "L2 0.001 on kernel", "dropout"]
    assert panel.summary.text().startswith("Run 5 · cnn: 1,000 parameters in 4 layers.")
    with qtbot.waitSignal(panel.layer_chosen) as chosen:
        panel.click_layer("output")
    assert chosen.args == ["output", ["output/kernel"]]
    with qtbot.waitSignal(panel.layer_chosen) as chosen:
        panel.click_layer("dropout")
    assert chosen.args == ["dropout", []]
    assert panel.weights() == {"embedding/embeddings": {}}
    panel.show_message("Run 2 is the lookup-table baseline, which has no layers.", error=True)
    assert panel.rows() == [] and panel.structure is None


def _layer(name, kind, inbound, params=0, weights=()):
    return {"name": name, "type": kind, "output_shape": [None, 8], "params": params, "inbound": list(inbound),
            "regularization": "", "weights": list(weights)}


def test_the_diagram_draws_branches_side_by_side_and_a_click_on_a_box_chooses_its_layer(qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    branches = ["conv_1", "conv_2", "conv_3"]
    layers = ([_layer("token_ids", "InputLayer", []), _layer("embedding", "Embedding", ["token_ids"], 600)]
              + [_layer(c, "Conv1D", ["embedding"], 100, [f"{c}/kernel"]) for c in branches]
              + [_layer("concatenate", "Concatenate", branches), _layer("output", "Dense", ["concatenate"], 100)])
    panel = StructurePanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 600)
    panel.show()
    panel.show_structure({"model": "functional", "total_params": 1000, "layers": layers, "weights": {}}, "cnn")
    diagram = panel.diagram
    assert set(diagram.boxes) == {layer["name"] for layer in layers}
    rows = {name: box.pos().y() for name, box in diagram.boxes.items()}
    assert rows["conv_1"] == rows["conv_2"] == rows["conv_3"] > rows["embedding"] > rows["token_ids"]
    assert rows["output"] > rows["concatenate"] > rows["conv_1"]
    assert len({diagram.boxes[c].pos().x() for c in branches}) == 3  # side by side, not on top of each other
    assert diagram.arrows == 1 + 3 + 3 + 1
    box = diagram.boxes["conv_2"]
    where = diagram.mapFromScene(box.mapToScene(box.boundingRect().center()))
    with qtbot.waitSignal(panel.layer_chosen) as chosen:
        QTest.mouseClick(diagram.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(where.x(), where.y()))
    assert chosen.args == ["conv_2", ["conv_2/kernel"]]
    assert panel.tree.currentItem().text(0) == "conv_2"  # the table follows the diagram
    assert [name for name, b in diagram.boxes.items() if b.chosen] == ["conv_2"]
    panel.click_layer("output")  # and the diagram follows the table
    assert [name for name, b in diagram.boxes.items() if b.chosen] == ["output"]
    panel.show_message("No run.")
    assert diagram.boxes == {} and not diagram.scene().items()
