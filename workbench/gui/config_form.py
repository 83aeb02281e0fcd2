"""The model and hyperparameter form, generated from the declarations in core.config.

No knob is written here by hand: each ParamSpec becomes the widget its type calls
for, with its range, help (as tooltip) and objectName (camelCase name + kind).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import PARAMS, SPECS, ExperimentConfig, ParamSpec
from workbench.core.errors import ConfigError
from workbench.core.models import MODEL_INFO

GROUP_ORDER = (("regularization", "Regularization"), ("training", "Training"), ("model", "Model"),
               ("text", "Text"), ("data", "Data"))
LOG_LADDER = (0.0, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
PRESETS = (  # (objectName, button text, values): each a clean point of comparison
    ("presetNoRegularization", "No regularization", {"dropout": 0.0, "l1": 0.0, "l2": 0.0}),
    ("presetDropout05", "Dropout 0.5", {"dropout": 0.5, "l1": 0.0, "l2": 0.0}),
    ("presetL2", "L2 1e-3", {"dropout": 0.0, "l1": 0.0, "l2": 1e-3}),
    ("presetL1", "L1 1e-4", {"dropout": 0.0, "l1": 1e-4, "l2": 0.0}),
)
INVALID_STYLE = "border: 1px solid #c0392b; border-radius: 2px;"


def object_name(spec: ParamSpec) -> str:
    """learning_rate -> learningRateEdit, batch_size -> batchSizeSpin, optimizer -> optimizerCombo."""
    first, *rest = spec.name.split("_")
    stem = first + "".join(part.capitalize() for part in rest)
    if spec.choices:
        kind = "Combo"
    elif spec.type is bool:
        kind = "Check"
    elif spec.type is int or (spec.type is float and not spec.log_scale):
        kind = "Spin"
    else:
        kind = "Edit"
    return stem + kind


class LogEdit(QLineEdit):
    """A number typed freely, or stepped on a log ladder with the arrow keys and the wheel."""

    def __init__(self, minimum: float, maximum: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self.ladder = [v for v in LOG_LADDER if minimum <= v <= maximum]
        self.setPlaceholderText("e.g. 1e-3")

    def value(self) -> float | None:
        try:
            number = float(self.text().strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None

    def set_value(self, value: float) -> None:
        self.setText(f"{value:g}")

    def step(self, direction: int) -> None:
        current = self.value()
        if current is None:
            current = self.ladder[0]
        if direction > 0:
            options = [v for v in self.ladder if v > current * (1 + 1e-9)]
            target = options[0] if options else current
        else:
            options = [v for v in self.ladder if v < current * (1 - 1e-9)]
            target = options[-1] if options else current
        self.set_value(target)
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step(1 if event.key() == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            self.step(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
        else:
            event.ignore()


class ConfigForm(QWidget):
    config_changed = Signal(object)  # a valid ExperimentConfig
    validity_changed = Signal(bool, str)  # valid?, the reason when not

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._problem = ""
        self._filling = False

        self.model_combo = QComboBox(objectName="modelCombo")
        for name, info in MODEL_INFO.items():
            self.model_combo.addItem(info.title, name)
        self.model_description = QLabel(objectName="modelDescription")
        self.model_description.setWordWrap(True)
        self.widgets["model"] = self.model_combo

        presets = QGridLayout()
        for i, (name, text, values) in enumerate(PRESETS):
            button = QPushButton(text, objectName=name)
            button.setToolTip("Set " + ", ".join(f"{SPECS[k].label} = {v:g}" for k, v in values.items()))
            button.clicked.connect(lambda _=False, v=values: self.apply(v))
            presets.addWidget(button, i // 2, i % 2)
        reset = QPushButton("Reset to defaults", objectName="resetDefaultsButton")
        reset.clicked.connect(self.reset_to_defaults)
        presets.addWidget(reset, 2, 0, 1, 2)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        model_box = QGroupBox("Model")
        model_layout = QVBoxLayout(model_box)
        model_layout.addWidget(self.model_combo)
        model_layout.addWidget(self.model_description)
        body_layout.addWidget(model_box)
        preset_box = QGroupBox("Presets")
        preset_box.setLayout(presets)
        body_layout.addWidget(preset_box)
        for group, title in GROUP_ORDER:
            specs = [p for p in PARAMS if p.group == group and p.name != "model"]
            if not specs:
                continue
            box = QGroupBox(title if group != "model" else "Architecture")
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in specs:
                widget = self._make_widget(spec)
                label = QLabel(spec.label)
                self.widgets[spec.name], self.labels[spec.name] = widget, label
                form.addRow(label, widget)
            body_layout.addWidget(box)
        body_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.problem_label = QLabel(objectName="configProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.problem_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        self.setMinimumWidth(300)

        self.model_combo.currentIndexChanged.connect(self._edited)
        self.set_config(ExperimentConfig())

    # --- widgets from declarations ----------------------------------------------------

    def _make_widget(self, spec: ParamSpec) -> QWidget:
        if spec.choices:
            widget: QWidget = QComboBox()
            for choice in spec.choices:
                widget.addItem(choice.replace("_", " "), choice)
            widget.currentIndexChanged.connect(self._edited)
        elif spec.type is bool:
            widget = QCheckBox()
            widget.toggled.connect(self._edited)
        elif spec.type is int:
            widget = QSpinBox()
            widget.setRange(int(spec.minimum), int(spec.maximum))
            widget.setAccelerated(True)
            widget.valueChanged.connect(self._edited)
        elif spec.type is float and spec.log_scale:
            widget = LogEdit(spec.minimum, spec.maximum)
            widget.textEdited.connect(self._edited)
            widget.editingFinished.connect(self._edited)
        elif spec.type is float:
            widget = QDoubleSpinBox()
            widget.setRange(spec.minimum, spec.maximum)
            widget.setDecimals(3 if spec.maximum < 1 else 2)
            widget.setSingleStep(0.05 if spec.maximum <= 1 else 0.5)
            widget.valueChanged.connect(self._edited)
        else:
            widget = QLineEdit()
            widget.textEdited.connect(self._edited)
        widget.setObjectName(object_name(spec))
        widget.setToolTip(_tooltip(spec))
        return widget

    def _read(self, spec: ParamSpec) -> Any:
        widget = self.widgets[spec.name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            return widget.value()
        if isinstance(widget, LogEdit):
            value = widget.value()
            if value is None:
                raise ConfigError(f"{spec.label} must be a number such as 0.001 or 1e-3, "
                                  f"not {widget.text()!r}.")
            return value
        return widget.text().strip()

    def _write(self, spec: ParamSpec, value: Any) -> None:
        widget = self.widgets[spec.name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.setValue(value)
        elif isinstance(widget, LogEdit):
            widget.set_value(value)
        else:
            widget.setText(str(value))

    # --- the config -------------------------------------------------------------------

    def config(self) -> ExperimentConfig:
        """The settings shown; raises ConfigError naming the first bad value."""
        values = {}
        for spec in PARAMS:
            values[spec.name] = self._read(spec)
        return ExperimentConfig(**values).validate()

    def set_config(self, config: ExperimentConfig) -> None:
        self._filling = True
        try:
            for spec in PARAMS:
                self._write(spec, getattr(config, spec.name))
        finally:
            self._filling = False
        self._edited()

    def apply(self, values: dict[str, Any]) -> None:
        """Change some settings at once (presets, sweeps), keeping the rest."""
        self._filling = True
        try:
            for name, value in values.items():
                self._write(SPECS[name], value)
        finally:
            self._filling = False
        self._edited()

    def reset_to_defaults(self) -> None:
        self.set_config(ExperimentConfig())

    def is_valid(self) -> bool:
        return not self._problem

    def problem(self) -> str:
        return self._problem

    def _edited(self, *_: Any) -> None:
        if self._filling:
            return
        model = self.model_combo.currentData()
        info = MODEL_INFO[model]
        self.model_description.setText(info.description)
        for spec in PARAMS:
            if spec.name == "model":
                continue
            applies = spec.applies_to(model)
            self.widgets[spec.name].setEnabled(applies)
            self.labels[spec.name].setEnabled(applies)
            tip = _tooltip(spec) if applies else f"Not used by {info.title}. {_tooltip(spec)}"
            self.widgets[spec.name].setToolTip(tip)
        try:
            config = self.config()
            problem = ""
        except ConfigError as exc:
            config, problem = None, str(exc)
        for spec in PARAMS:
            widget = self.widgets[spec.name]
            bad = bool(problem) and (spec.name in problem.split(" ")[0] or spec.label in problem.split(" must")[0])
            widget.setStyleSheet(INVALID_STYLE if bad else "")
        changed = problem != self._problem
        self._problem = problem
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if changed:
            self.validity_changed.emit(not problem, problem)
        if config is not None:
            self.config_changed.emit(config)


def _tooltip(spec: ParamSpec) -> str:
    if spec.choices:
        extra = f" Default: {spec.default}."
    elif spec.minimum is not None:
        extra = f" Range {spec.minimum:g} to {spec.maximum:g}. Default {spec.default:g}."
    else:
        extra = f" Default: {spec.default}."
    return spec.help + extra

