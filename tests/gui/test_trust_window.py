"""Repeats over seeds, cross-validation, a learning curve and the augmentation preview, driven from the window
with a real engine (one window: each starts an engine that imports TensorFlow)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QTableWidget

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.gui.trust_panel import TrustFeature

TIMEOUT = 180_000
TINY = ExperimentConfig(epochs=1, batch_size=8, embedding_dim=8, learning_rate=0.01)
VERDICTS = {"behind, beyond the noise", "within the noise", "cannot tell"}


def cells(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def finish(qtbot, window, start) -> tuple:
    """Start a task with ``start()`` and wait for its end: (kind, result, error)."""
    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as done:
        assert start()
    return tuple(done.args)


def test_seeds_folds_learning_curve_and_augmentation_preview(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    window.config_form.set_config(TINY)
    feature = next(f for f in window.features if isinstance(f, TrustFeature))
    seeds = window.findChild(QSpinBox, "repeatSeedsSpin")

    # Train with 2 seeds: the repeats task, one setting, stored as one group.
    seeds.setValue(2)
    kind, result, _ = finish(qtbot, window, window.start_training)
    assert kind == "repeats" and result is not None
    table = window.findChild(QTableWidget, "seedsTable")
    assert table.rowCount() == 1 and cells(table, 1) == ["2"] and " ± " in cells(table, 2)[0]
    assert window.bottom_tabs.currentWidget() is feature.seeds_view
    assert [g["kind"] for g in window.store.list_groups()] == ["repeats"]
    assert sorted(r.config["seed"] for r in window.store.list_runs()) == [42, 43]

    # A sweep of two settings over the two seeds: a row per setting, the best one and a verdict on the other.
    kind, result, _ = finish(qtbot, window, lambda: window.start_sweep(
        [TINY.replace(dropout=0.0), TINY.replace(dropout=0.5)], ["dropout"]))
    assert kind == "sweep" and [r["seed"] for r in result["runs"]] == [42, 43, 42, 43]
    assert table.rowCount() == 2 and cells(table, 1) == ["2", "2"]
    verdicts = cells(table, 4)
    assert "best" in verdicts and len(set(verdicts) & VERDICTS) == 1
    assert "Paired t-test" in table.item(verdicts.index((set(verdicts) & VERDICTS).pop()), 4).toolTip()
    assert not window.sweep_running()  # the sweep queue was not used
    seeds.setValue(1)

    # Two-fold cross-validation: every row held out once; the fold runs are overlaid.
    kind, result, _ = finish(qtbot, window, lambda: feature.cross_validate(2))
    assert kind == "cv"
    folds = window.findChild(QTableWidget, "foldsTable")
    assert cells(folds, 0) == ["1", "2", "mean ± sd"]
    assert sum(int(n) for n in cells(folds, 4)[:2]) == 80
    assert window.runs_panel.selected_ids() == [f["run_id"] for f in result["folds"]]

    # A learning curve at two sizes: a point per size and the core's reading.
    kind, result, _ = finish(qtbot, window, lambda: feature.learning_curve([0.5, 1.0], 1))
    assert kind == "learning_curve" and len(result["points"]) == 2
    assert window.findChild(QLabel, "learningCurveReading").text() == result["reading"]
    lines = [i for i in feature.curve_view.curves.plot.getPlotItem().listDataItems() if i.name()]
    assert [len(line.getData()[0]) for line in lines] == [2, 2]

    # The augmentation preview: deletions only, then (debounced) insertions only.
    window.config_form.set_values({"augment_delete": 0.5, "augment_swap": 0.0, "augment_insert": 0.0})
    window.findChild(QPushButton, "augmentPreviewButton").click()
    view = feature.augment_view
    qtbot.waitUntil(lambda: len(view.pairs) == 5, timeout=TIMEOUT)
    assert all(len(copy.split()) <= len(text.split()) for text, copy in view.pairs)
    assert any(len(copy.split()) < len(text.split()) for text, copy in view.pairs)
    first = view.pairs
    window.config_form.set_values({"augment_delete": 0.0, "augment_insert": 0.5})
    qtbot.waitUntil(lambda: view.pairs != first, timeout=TIMEOUT)
    assert [text for text, _ in view.pairs] == [text for text, _ in first]  # the same texts, other edits
    assert all(len(copy.split()) >= len(text.split()) for text, copy in view.pairs)
