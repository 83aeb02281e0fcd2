"""Selected runs side by side: only the settings that differ, and how each run generalized."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.diagnostics import best_epoch, generalization_gap
from workbench.core.store import RunRecord
from workbench.core.sweep import format_value

OUTCOME_COLUMNS = ("best val accuracy", "train − val accuracy (last epoch)", "epoch of lowest val loss",
                   "test accuracy")


class ComparePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self.hint = QLabel("Select two or more runs in the Runs tab to compare them.")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(objectName="compareTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)

    def show_runs(self, records: list[RunRecord], histories: list[list[dict]]) -> None:
        """One row per run: the differing settings, then best/gap/best epoch/test accuracy."""
        configs = [ExperimentConfig.from_dict(r.config) for r in records]
        differing = [name for name in SPECS
                     if len({repr(getattr(c, name)) for c in configs}) > 1] if len(configs) > 1 else []
        headers = ["run", *(SPECS[n].label for n in differing), *OUTCOME_COLUMNS]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(records))
        self.table.setHorizontalHeaderLabels(headers)
        best_accuracy = max((r.best_val_accuracy or 0.0 for r in records), default=0.0)
        for row, (record, config, history) in enumerate(zip(records, configs, histories)):
            values = [f"#{record.id} {record.name}", *(format_value(getattr(config, n)) for n in differing)]
            values += _outcomes(record, history)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == len(headers) - 4 and record.best_val_accuracy == best_accuracy and best_accuracy:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if len(records) < 2:
            self.hint.setText("Select two or more runs in the Runs tab to compare them.")
        elif differing:
            self.hint.setText(f"{len(records)} runs; only the settings that differ are shown. "
                              "A large train − val gap means the model memorizes the training texts.")
        else:
            self.hint.setText(f"{len(records)} runs with identical settings.")


def _outcomes(record: RunRecord, history: list[dict]) -> list[str]:
    best = "–" if record.best_val_accuracy is None else f"{record.best_val_accuracy:.3f}"
    gap = generalization_gap(history) if history else float("nan")
    try:
        best_at = str(best_epoch(history))
    except ValueError:
        best_at = "–"
    test = (record.results or {}).get("test") or {}
    return [best, "–" if math.isnan(gap) else f"{gap:+.3f}", best_at,
            f"{test['accuracy']:.3f}" if "accuracy" in test else "–"]
