"""Choosing a sweep: one or two settings and their values, on top of the form's settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import PARAMS, ExperimentConfig
from workbench.core.errors import ConfigError
from workbench.core.sweep import (
    SPLIT_SETTINGS,
    describe_varied,
    parse_vary,
    sweep_configs,
)
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.i18n import core_message, setting_text
from workbench.gui.run_on import RunOnChoice

SUGGESTED = {"dropout": "0, 0.2, 0.5", "l2": "0, 1e-4, 1e-3", "l1": "0, 1e-5, 1e-4", "learning_rate": "1e-3, 1e-2"}


class SweepDialog(QDialog):
    """Two rows (setting, values); shows how many runs that makes, or why it cannot run."""

    def __init__(self, base: ExperimentConfig, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sweep: compare settings"))
        self.setObjectName("sweepDialog")
        self.base = base
        self.configs: list[ExperimentConfig] = []
        self.names: list[str] = []
        self.rows: list[tuple[QComboBox, QLineEdit]] = []
        form = QFormLayout()
        for i, default in enumerate(("dropout", "l2")):
            combo = QComboBox(objectName=f"sweepSetting{i + 1}")
            if i == 1:
                combo.addItem(self.tr("(none)"), None)
            for spec in PARAMS:
                if spec.name not in SPLIT_SETTINGS and spec.name != "model" and spec.applies_to(base.model):
                    combo.addItem(setting_text(spec.label), spec.name)
            combo.setCurrentIndex(combo.findData(default))
            values = QLineEdit(SUGGESTED.get(default, ""), objectName=f"sweepValues{i + 1}")
            values.setPlaceholderText(self.tr("values, separated by commas"))
            combo.currentIndexChanged.connect(lambda _=0, c=combo, v=values: v.setText(SUGGESTED.get(c.currentData(), "")))
            combo.currentIndexChanged.connect(self._update)
            values.textChanged.connect(self._update)
            form.addRow(self.tr("Vary first") if i == 0 else self.tr("Vary second"), combo)
            form.addRow(self.tr("values"), values)
            self.rows.append((combo, values))
        self.run_on = RunOnChoice(settings, self)
        self.run_on.changed.connect(self._update)
        self.summary = QLabel(objectName="sweepSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Every run uses the same data split and seed, and the settings in the form; "
                              "only the values chosen here differ."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        form.addRow(self.tr("Run on"), self.run_on)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self, *_) -> None:
        try:
            vary = [parse_vary(f"{combo.currentData()}={values.text()}", self.base)
                    for combo, values in self.rows if combo.currentData()]
            self.configs = sweep_configs(self.base, vary)
            self.names = [name for name, _ in vary]
            runs = "; ".join(describe_varied(c, self.names) for c in self.configs)
            self.summary.setText(self.tr("<b>{count} runs</b>: {runs}").format(count=len(self.configs), runs=runs))
            self.summary.setStyleSheet("")
            ok = True
        except ConfigError as exc:
            self.configs, self.names = [], []
            self.summary.setText(core_message(str(exc)))
            self.summary.setStyleSheet(INVALID_LABEL_STYLE)
            ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok and self.run_on.problem() is None)
