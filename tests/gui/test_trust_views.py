"""The trust views, fed the engine's results as plain data (no engine): seeds, folds, learning curve, augmentation."""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QTableWidget

from workbench.core.significance import LARGER, NOT_DISTINGUISHABLE, compare_by_seed, mean_sd_text, spread
from workbench.gui.trust_panel import LearningCurveDialog
from workbench.gui.trust_views import AugmentPreview, FoldsView, LearningCurveView, SeedsView, marked_edits

SEEDS = [42, 43, 44, 45, 46]


def group(label: str, values: dict[int, float], reference: bool, verdict=None, run_ids=()) -> dict:
    """A SettingSummary.to_dict() as the engine sends it."""
    s = spread(list(values.values()))
    return {"label": label, "varied": {}, "seeds": list(values), "run_ids": list(run_ids), "group_id": 1,
            "n": s.n, "mean": {"best_val_accuracy": s.mean, "test_accuracy": s.mean - 0.01},
            "std": {"best_val_accuracy": s.std, "test_accuracy": s.std}, "reference": reference,
            "verdict": verdict.to_dict() if verdict else None}


def cells(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_seeds_view_shows_spread_and_a_verdict_against_the_best(qtbot):
    best = dict(zip(SEEDS, [0.80, 0.82, 0.81, 0.83, 0.80]))
    clearly_worse = dict(zip(SEEDS, [0.70, 0.71, 0.69, 0.72, 0.70]))  # behind by 0.1 on every seed
    noise = dict(zip(SEEDS, [0.82, 0.80, 0.82, 0.80, 0.81]))  # the same up to the seed
    worse = compare_by_seed(best, clearly_worse, name_a="dropout=0.5", name_b="dropout=0")
    same = compare_by_seed(best, noise, name_a="dropout=0.5", name_b="dropout=0.2")
    assert (worse.outcome, same.outcome) == (LARGER, NOT_DISTINGUISHABLE)  # the crafted cases are what they say
    view = SeedsView()
    qtbot.addWidget(view)
    settings = [("dropout=0.5", best, None), ("dropout=0", clearly_worse, worse), ("dropout=0.2", noise, same)]
    runs, groups = [], []
    for label, values, verdict in settings:
        ids = list(range(len(runs) + 1, len(runs) + 1 + len(values)))
        runs += [{"run_id": i, "status": "completed", "history": [{"val_accuracy": v - 0.1}, {"val_accuracy": v}]}
                 for i, v in zip(ids, values.values())]
        groups.append(group(label, values, verdict is None, verdict, ids))
    view.show_result({"runs": runs, "groups": groups})
    table = view.findChild(QTableWidget, "seedsTable")
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert headers == ["Setting", "Seeds", "Best validation accuracy", "Test accuracy", "Against the best"]
    assert cells(table, 0) == ["dropout=0.5", "dropout=0", "dropout=0.2"]
    assert cells(table, 1) == ["5", "5", "5"]
    assert cells(table, 2)[1] == mean_sd_text(spread(list(clearly_worse.values())).mean,
                                              spread(list(clearly_worse.values())).std)
    assert " ± " in cells(table, 2)[0]
    assert cells(table, 4) == ["best", "behind, beyond the noise", "within the noise"]
    assert "Paired t-test" in table.item(1, 4).toolTip() and worse.sentence in table.item(1, 4).toolTip()
    assert "42–46" in view.findChild(QLabel, "seedsHeader").text()
    assert "not distinguishable" in view.findChild(QLabel, "seedsVerdicts").text()
    with qtbot.waitSignal(view.runs_requested) as requested:
        view.overlay_button.click()
    assert requested.args[0] == list(range(1, 16))
    # Each setting's mean validation curve over its seeds, with a band of ± 1 sd, or min to max.
    lines = [i for i in view.curves.plot.getPlotItem().listDataItems() if i.name()]
    assert [line.name() for line in lines] == ["dropout=0.5", "dropout=0", "dropout=0.2"]
    assert list(lines[1].getData()[1]) == [spread([v - 0.1 for v in clearly_worse.values()]).mean,
                                           spread(list(clearly_worse.values())).mean]
    sd_band = sorted(float(c.getData()[1][-1]) for c in view.curves.bands[1].curves)
    assert sd_band == [spread(list(clearly_worse.values())).mean - spread(list(clearly_worse.values())).std,
                       spread(list(clearly_worse.values())).mean + spread(list(clearly_worse.values())).std]
    view.band_combo.setCurrentIndex(view.band_combo.findData("range"))
    range_band = sorted(float(c.getData()[1][-1]) for c in view.curves.bands[1].curves)
    assert range_band == [min(clearly_worse.values()), max(clearly_worse.values())]


def test_one_setting_over_seeds_has_no_verdict_column_and_says_runs_are_missing(qtbot):
    view = SeedsView()
    qtbot.addWidget(view)
    values = {42: 0.8, 43: 0.7}
    summary = group("", values, True)
    summary["seeds"] = [42, 43, 44]  # the third seed was stopped
    view.show_result({"runs": [], "groups": [summary]})
    table = view.findChild(QTableWidget, "seedsTable")
    assert table.columnCount() == 4
    assert cells(table, 0) == ["the form's settings"] and cells(table, 1) == ["2 of 3"]
    assert "One setting" in view.findChild(QLabel, "seedsHeader").text()
    assert not view.overlay_button.isEnabled()


def test_folds_view_lists_folds_with_mean_and_draws_mean_curves_with_bands(qtbot):
    view = FoldsView()
    qtbot.addWidget(view)
    folds = [{"fold": i, "accuracy": a, "macro_f1": a - 0.02, "run_id": 10 + i, "status": "completed",
              "sizes": {"train": 50, "validation": 9, "test": 20}} for i, a in enumerate([0.8, 0.7, 0.9], 1)]
    acc = spread([0.8, 0.7, 0.9])
    band = [{"epoch": e, "n": 3, "mean": 0.5 + e / 10, "std": 0.05, "min": 0.4, "max": 0.9} for e in (1, 2)]
    view.show_result({"folds": folds, "mean": {"accuracy": acc.mean, "macro_f1": acc.mean - 0.02},
                      "std": {"accuracy": acc.std, "macro_f1": acc.std}, "group_id": 3,
                      "notes": ["Class 'x' has only 2 rows, fewer than the 3 folds."],
                      "bands": {"accuracy": band, "val_accuracy": band, "loss": [], "val_loss": []}})
    table = view.findChild(QTableWidget, "foldsTable")
    assert cells(table, 0) == ["1", "2", "3", "mean ± sd"]
    assert cells(table, 5) == ["0.800", "0.700", "0.900", "0.800 ± 0.100"]
    assert cells(table, 4)[:3] == ["20"] * 3
    assert "3-fold" in view.findChild(QLabel, "foldsHeader").text()
    assert not view.notes.isHidden() and "fewer than" in view.notes.text()
    assert len(view.curves.bands) == 2
    assert view.run_ids == [11, 12, 13]


def curve(stds: tuple[float | None, float | None]) -> dict:
    points = [{"fraction": f, "train_size": n, "train_accuracy": t, "val_accuracy": v, "train_accuracy_std": stds[0],
               "val_accuracy_std": stds[1], "n": 3, "run_ids": [1, 2, 3]}
              for f, n, t, v in ((1.0, 400, 0.99, 0.8), (0.25, 100, 1.0, 0.6), (0.5, 200, 1.0, 0.7))]
    return {"points": points, "reading": "Validation accuracy is still rising at full size: more data would "
                                         "likely help.", "validation_size": 60, "seeds": [42, 43, 44], "group_id": 2}


def test_learning_curve_view_draws_both_accuracies_by_size_with_seed_bands(qtbot):
    view = LearningCurveView()
    qtbot.addWidget(view)
    view.show_result(curve((0.01, 0.03)))
    assert "more data would likely help" in view.findChild(QLabel, "learningCurveReading").text()
    lines = [i for i in view.curves.plot.getPlotItem().listDataItems() if i.name()]
    assert [line.name() for line in lines] == ["training", "validation"]
    assert "training" in view.curves.key.text() and "validation" in view.curves.key.text()  # the key above
    x, y = lines[1].getData()
    assert list(x) == [100, 200, 400] and list(y) == [0.6, 0.7, 0.8]  # sorted by size
    assert len(view.curves.bands) == 2
    assert all(isinstance(band, pg.FillBetweenItem) for band in view.curves.bands)
    filled = view.curves.bands[1].boundingRect()  # drawn: from the smallest size to the largest
    assert (filled.left(), filled.right()) == (100, 400) and filled.height() > 0.05
    band_y = sorted(float(c.getData()[1][0]) for c in view.curves.bands[1].curves)
    assert band_y == [0.6 - 0.03, 0.6 + 0.03]
    view.show_result(curve((None, None)))  # one seed: no spread, no band
    assert view.curves.bands == []


def test_marked_edits_strike_what_was_left_out_and_colour_what_came_in():
    def struck(text: str) -> list[str]:
        return [part.strip() for part in re.findall(r"<s>(.*?)</s>", text)]

    def coloured(text: str) -> list[str]:
        return [part.strip() for part in re.findall(r"<b[^>]*>(.*?)</b>", text)]

    before, after = marked_edits("the soup was very good", "the soup was good tasty")
    assert struck(before) == ["very"] and coloured(after) == ["tasty"]
    assert re.sub("<[^>]+>", "", before) == "the soup was very good"  # nothing lost, spaces kept
    before, after = marked_edits("今天 汤很好喝", "今天 汤好喝喝")  # Chinese: character by character
    assert struck(before) == ["很"] and coloured(after) == ["喝"]
    assert marked_edits("same text", "same text") == ("same text", "same text")


def test_augment_preview_shows_each_original_next_to_its_copy(qtbot):
    view = AugmentPreview()
    qtbot.addWidget(view)
    view.show_pairs([["good food", "good good food"], ["菜很好吃", "菜好吃"]], copies=2)
    assert "2 edited copies" in view.note.text()
    html = view.text.toHtml()
    assert html.count("<tr>") == 3 and "菜" in html
    view.show_pairs([["a b", "b a"]], copies=0)
    assert "off" in view.note.text()


def test_learning_curve_dialog_counts_runs_and_refuses_bad_sizes(qtbot):
    dialog = LearningCurveDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.sizes() == [0.1, 0.25, 0.5, 1.0] and "12 runs" in dialog.summary.text() and ok.isEnabled()
    dialog.findChild(QLineEdit, "curveSizesEdit").setText("0.5, 2")
    assert not ok.isEnabled() and "at most 1" in dialog.summary.text()
    dialog.findChild(QLineEdit, "curveSizesEdit").setText("1, 0.5")
    dialog.seeds.setValue(2)
    assert ok.isEnabled() and "4 runs" in dialog.summary.text() and dialog.sizes() == [0.5, 1.0]
