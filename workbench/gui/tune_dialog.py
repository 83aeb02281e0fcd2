"""Choosing a budgeted search: its time, what it maximizes, and which settings it may change.

The rows are core's default search space for the form's settings (the settings declared with
``search=`` that matter for its model). Unticking a row keeps the form's value; a range can be
narrowed (or widened) by typing. The dialog builds the very object that `workbench tune --space`
reads from a file and checks it with core's own parser, so the window and the CLI accept and
refuse the same spaces with the same sentences.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import SPECS, ExperimentConfig, parse_value
from workbench.core.errors import ConfigError
from workbench.core.search_space import Dimension, default_space, space_from_dict
from workbench.core.sweep import format_value
from workbench.gui.config_form import INVALID_LABEL_STYLE, camel_case

DEFAULT_BUDGET_MINUTES = 10.0


class TuneDialog(QDialog):
    """Budget, metric and one row per searchable setting; OK only while the space is usable."""

    def __init__(self, base: ExperimentConfig, class_names: list[str], parent: QWidget | None = None):
        from workbench.core.tune import PRUNE_FROM_EPOCH  # imports the trainer and pandas: not at start-up

        super().__init__(parent)
        self.setWindowTitle(self.tr("Tune: search for good settings"))
        self.setObjectName("tuneDialog")
        self.base = base
        self.space: dict[str, list[Any]] = {}  # the --space JSON object; valid when OK is enabled

        self.budget_spin = QDoubleSpinBox(objectName="tuneBudgetSpin", minimum=0.5, maximum=24 * 60.0,
                                          singleStep=1.0, decimals=1, value=DEFAULT_BUDGET_MINUTES)
        self.budget_spin.setSuffix(self.tr(" min"))
        self.budget_spin.setToolTip(self.tr("Wall time for the whole study; the trial in flight when it runs out is "
                                       "stopped, and the best finished trial is kept."))
        self.metric_combo = QComboBox(objectName="tuneMetricCombo")
        self.metric_combo.addItem(self.tr("Validation accuracy"), "val_accuracy")
        self.metric_combo.addItem(self.tr("Macro F1 (every class counts the same)"), "macro_f1")
        for name in class_names:
            self.metric_combo.addItem(self.tr("Recall of {label}").format(label=name), f"recall:{name}")
        self.metric_combo.setToolTip(self.tr("What the search maximizes, measured on the validation rows."))
        top = QFormLayout()
        top.addRow(self.tr("Budget"), self.budget_spin)
        top.addRow(self.tr("Maximize"), self.metric_combo)

        self.rows: dict[str, _Row] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for column, text in enumerate((self.tr("Search"), self.tr("Range or values"), self.tr("Form"))):
            grid.addWidget(QLabel(f"<i>{text}</i>"), 0, column)
        for line, (name, dimension) in enumerate(default_space(base).items(), start=1):
            row = _Row(name, dimension, getattr(base, name), self)
            grid.addWidget(row.check, line, 0)
            grid.addLayout(row.editor, line, 1)
            grid.addWidget(row.current, line, 2)
            row.changed.connect(self._update)
            self.rows[name] = row
        space_box = QGroupBox(self.tr("Settings to search"))
        space_box.setLayout(grid)

        self.summary = QLabel(objectName="tuneSummary")
        self.summary.setWordWrap(True)
        self.as_json = QLabel(objectName="tuneSpaceJson")
        self.as_json.setWordWrap(True)
        self.as_json.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start tuning"))
        self.ok_button.setObjectName("startTuningButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Trial 1 trains the form's settings as they are; Optuna's TPE sampler draws the next "
                              "ones. Every trial is a stored run on the same split, trained for the form's "
                              "{epochs} epochs at most; a trial below the median of the finished ones from epoch "
                              "{prune} on is pruned. Unticked settings keep the form's value.").format(
            epochs=base.epochs, prune=PRUNE_FROM_EPOCH))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(space_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.as_json)
        layout.addWidget(self.buttons)
        self._update()

    @property
    def budget_s(self) -> float:
        return self.budget_spin.value() * 60

    @property
    def metric_name(self) -> str:
        return self.metric_combo.currentData()

    def _update(self, *_: Any) -> None:
        try:
            data = {name: row.values() for name, row in self.rows.items() if row.check.isChecked()}
            space = space_from_dict(data, self.base)
        except ConfigError as exc:
            self.space = {}
            self.summary.setText(str(exc))
            self.summary.setStyleSheet(INVALID_LABEL_STYLE)
            self.as_json.setText("")
            self.ok_button.setEnabled(False)
            return
        self.space = data
        self.summary.setText(self.tr("{count} settings searched.").format(count=len(space)))
        self.summary.setStyleSheet("")
        self.as_json.setText(self.tr("The same space for the command line (--space FILE.json): {json}").format(
            json=json.dumps(data)))
        self.ok_button.setEnabled(True)


class _Row(QObject):
    """One setting's widgets (laid out by the dialog): a tick box, and either [low, high] edits or one tick
    box per value."""

    changed = Signal()

    def __init__(self, name: str, dimension: Dimension, current: Any, parent: QObject):
        super().__init__(parent)
        spec = SPECS[name]
        self.name = name
        camel = camel_case(name)
        self.check = QCheckBox(spec.label, objectName=f"{camel}SearchCheck", checked=True)
        self.check.setToolTip(spec.help)
        self.editor = QHBoxLayout()
        self.edits: list[QLineEdit] = []
        self.choices: dict[Any, QCheckBox] = {}
        if dimension.choices is None:
            for side, value in (("Low", dimension.low), ("High", dimension.high)):
                edit = QLineEdit(format_value(value), objectName=f"{camel}{side}Edit")
                edit.setMaximumWidth(110)
                edit.textChanged.connect(self.changed)
                self.edits.append(edit)
            self.editor.addWidget(self.edits[0])
            self.editor.addWidget(QLabel("–"))
            self.editor.addWidget(self.edits[1])
            if dimension.log:
                self.editor.addWidget(QLabel(self.tr("log scale")))
        else:
            for value in dimension.choices:
                box = QCheckBox(value_text(value), checked=True,
                                objectName=camel_case(f"{name}_choice_{format_value(value)}"))
                box.toggled.connect(self.changed)
                self.choices[value] = box
                self.editor.addWidget(box)
        self.editor.addStretch(1)
        self.current = QLabel(value_text(current))
        self.check.toggled.connect(self._enable)
        self.check.toggled.connect(self.changed)

    def values(self) -> list[Any]:
        """[low, high] or the ticked values, typed as core reads them (ConfigError for a value not typed well)."""
        if self.choices:
            return [value for value, box in self.choices.items() if box.isChecked()]
        return [parse_value(self.name, edit.text()) for edit in self.edits]

    def _enable(self, on: bool) -> None:
        for widget in (*self.edits, *self.choices.values()):
            widget.setEnabled(on)


def value_text(value: Any) -> str:
    """A searched value as the dialog and the trials table show it: on/off, 0.0001, 64, cosine."""
    if isinstance(value, bool):
        return QCoreApplication.translate("TuneDialog", "on") if value else QCoreApplication.translate("TuneDialog",
                                                                                                      "off")
    if isinstance(value, float):
        return f"{value:.4g}"  # for reading; the range edits show exact values
    return str(value).replace("_", " ")
