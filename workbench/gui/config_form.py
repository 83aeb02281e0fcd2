"""The model and hyperparameter form, generated from the declarations in core.config.

No knob is written here by hand: each ParamSpec becomes the widget its declaration
calls for (choices: combo box, bool: check box, int: spin box, log-scale float:
LogEdit, other float: decimal spin box, str: line edit), with its range, its help
as tooltip and an objectName derived from its name (``object_name``). A new knob
declared in config.py appears here by itself.
"""

from __future__ import annotations

import html
import math
import re
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import PARAMS, SPECS, Condition, ExperimentConfig, ParamSpec
from workbench.core.errors import ConfigError
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.models import MODEL_INFO
from workbench.gui.i18n import core_message, setting_text, translate

# Regularization first: comparing it is what the app is mostly for.
GROUP_ORDER = ("regularization", "training", "model", "text", "data")
LOG_LADDER = (0.0, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
# (objectName, button text, values). Each preset sets every regularization knob it
# names, the others to 0, so that a preset is a clean point of comparison.
PRESETS = (
    ("presetNoRegularization", QT_TRANSLATE_NOOP("ConfigForm", "No regularization"),
     {"dropout": 0.0, "l1": 0.0, "l2": 0.0}),
    ("presetDropout05", QT_TRANSLATE_NOOP("ConfigForm", "Dropout 0.5"), {"dropout": 0.5, "l1": 0.0, "l2": 0.0}),
    ("presetL2", QT_TRANSLATE_NOOP("ConfigForm", "L2 1e-3"), {"dropout": 0.0, "l1": 0.0, "l2": 1e-3}),
    ("presetL1", QT_TRANSLATE_NOOP("ConfigForm", "L1 1e-4"), {"dropout": 0.0, "l1": 1e-4, "l2": 0.0}),
)
PROBLEM_COLOR = "#c0392b"
INVALID_EDIT_STYLE = f"QLineEdit {{ border: 1px solid {PROBLEM_COLOR}; border-radius: 2px; padding: 1px; }}"
INVALID_LABEL_STYLE = f"color: {PROBLEM_COLOR};"


def camel_case(name: str) -> str:
    """learning_rate -> learningRate, l1 -> l1."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def object_name(spec: ParamSpec) -> str:
    """The widget's objectName: learningRateEdit, batchSizeSpin, optimizerCombo, lowercaseCheck."""
    if spec.choices:
        kind = "Combo"
    elif spec.type is bool:
        kind = "Check"
    elif spec.type is int or (spec.type is float and not spec.log_scale):
        kind = "Spin"
    else:  # log-scale float (LogEdit) or free text (QLineEdit)
        kind = "Edit"
    return camel_case(spec.name) + kind


def format_number(value: float) -> str:
    """Compact ("0", "1e-05", "0.001", "3e-04" -> "0.0003"), but never losing digits."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


class _WheelOnlyWhenFocused:
    """Mixin: the wheel scrolls the form instead of changing a value the pointer happens to pass over."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _SpinBox(_WheelOnlyWhenFocused, QSpinBox):
    pass


class _DoubleSpinBox(_WheelOnlyWhenFocused, QDoubleSpinBox):
    pass


class _ComboBox(_WheelOnlyWhenFocused, QComboBox):
    pass


class LogEdit(QLineEdit):
    """A number that lives on a log scale (learning rate, L1, L2).

    Any number can be typed ("0", "1e-3", "0.001", "3e-4"); Up/Down and the wheel
    (once the field has focus) step along LOG_LADDER clipped to [minimum, maximum],
    and the arrow button at the right lists the ladder.
    """

    def __init__(self, minimum: float = 0.0, maximum: float = math.inf, parent: QWidget | None = None):
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self.ladder = [v for v in LOG_LADDER if minimum <= v <= maximum] or [minimum]
        self._wheel_delta = 0
        self.setPlaceholderText(self.tr("a number, e.g. 1e-3"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ladder_menu = QMenu(self)
        for v in self.ladder:
            action = self.ladder_menu.addAction(format_number(v))
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, v=v: self._pick(v))
        self.ladder_action: QAction = self.addAction(_arrow_icon(self.palette().color(QPalette.ColorRole.Text)),
                                                     QLineEdit.ActionPosition.TrailingPosition)
        self.ladder_action.setToolTip(self.tr("Common values (or press Up/Down)"))
        self.ladder_action.triggered.connect(self.show_ladder)
        self.editingFinished.connect(self._tidy)

    def value(self) -> float | None:
        """The number typed, or None if the text is not a (finite) number."""
        try:
            number = float(self.text().strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None

    def set_value(self, value: float) -> None:
        self.setText(format_number(value))

    def step(self, steps: int) -> None:
        """Move `steps` rungs up (positive) or down the ladder; a value off the ladder goes to its neighbour."""
        for _ in range(abs(steps)):
            current = self.value()
            if current is None:
                target = self.ladder[0]
            elif steps > 0:
                above = [v for v in self.ladder if v > current and not math.isclose(v, current, rel_tol=1e-9)]
                target = above[0] if above else self.ladder[-1]
            else:
                below = [v for v in self.ladder if v < current and not math.isclose(v, current, rel_tol=1e-9)]
                target = below[-1] if below else self.ladder[0]
            self.set_value(target)

    def show_ladder(self) -> None:
        current = self.value()
        for action, v in zip(self.ladder_menu.actions(), self.ladder):
            action.setChecked(current is not None and math.isclose(v, current, rel_tol=1e-9))
        self.ladder_menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _pick(self, value: float) -> None:
        self.set_value(value)
        self.editingFinished.emit()

    def _tidy(self) -> None:
        """Show a valid value compactly once typing is done ("0.0010" -> "0.001")."""
        value = self.value()
        if value is not None and self.text() != format_number(value):
            self.set_value(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier or key == Qt.Key.Key_F4:
            self.show_ladder()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step(1 if key == Qt.Key.Key_Up else -1)
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # let the scroll area scroll
            return
        self._wheel_delta += event.angleDelta().y()
        steps = int(self._wheel_delta / 120)  # trackpads send many small deltas
        self._wheel_delta -= steps * 120
        if steps:
            self.step(steps)
        event.accept()


class ConfigForm(QWidget):
    """Model picker, presets and one box of settings per group, all from config.PARAMS."""

    config_changed = Signal(object)  # the new valid ExperimentConfig
    validity_changed = Signal(bool, str)  # valid?, one-sentence reason when not

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._problem = ""
        self._filling = False
        self._last_config: ExperimentConfig | None = None

        body = QWidget(objectName="configFormBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(6, 6, 6, 6)

        # Top: the model, with a plain-language description of it.
        model_spec = SPECS["model"]
        self.model_combo = self._make_widget(model_spec)
        model_label = self._make_label(model_spec)
        self.model_description = QLabel(objectName="modelDescription")
        self.model_description.setWordWrap(True)
        picker = QGroupBox(objectName="modelPickerBox")  # untitled: a frame that lines up with the boxes below
        picker_layout = QFormLayout(picker)
        picker_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        picker_layout.addRow(model_label, self.model_combo)
        picker_layout.addRow(self.model_description)
        body_layout.addWidget(picker)

        # Then one box per group, in GROUP_ORDER (any group not listed there comes last).
        groups = list(GROUP_ORDER) + [p.group for p in PARAMS if p.group not in GROUP_ORDER]
        self.group_boxes: dict[str, QGroupBox] = {}
        for group in dict.fromkeys(groups):
            specs = [p for p in PARAMS if p.group == group and p.name != "model"]
            if not specs:
                continue
            box = QGroupBox(setting_text(group.capitalize()), objectName=camel_case(group) + "Group")
            box_layout = QVBoxLayout(box)
            if group == "regularization":
                box_layout.addLayout(self._preset_buttons())
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            for spec in specs:
                form.addRow(self._make_label(spec), self._make_widget(spec))
            box_layout.addLayout(form)
            body_layout.addWidget(box)
            self.group_boxes[group] = box
        body_layout.addStretch(1)
        # One label column across all boxes, so the fields line up from box to box.
        label_width = max(label.sizeHint().width() for label in self.labels.values())
        for label in self.labels.values():
            label.setMinimumWidth(label_width)

        scroll = QScrollArea(objectName="configScroll")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.problem_label = QLabel(objectName="configProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {PROBLEM_COLOR}; font-weight: bold;")
        self.problem_label.setContentsMargins(6, 4, 6, 0)
        self.problem_label.hide()
        reset = QPushButton(self.tr("Reset to defaults"), objectName="resetDefaultsButton")
        reset.setToolTip(self.tr("Put every setting, including the model, back to its default."))
        reset.clicked.connect(self.reset_to_defaults)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 6)
        bottom.addStretch(1)
        bottom.addWidget(reset)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(bottom)
        self.setMinimumWidth(300)
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        self.set_config(ExperimentConfig())

    # --- widgets from declarations ----------------------------------------------------

    def _preset_buttons(self) -> QGridLayout:
        grid = QGridLayout()
        for i, (name, text, values) in enumerate(PRESETS):
            button = QPushButton(self.tr(text), objectName=name)
            button.setToolTip(self.tr("Set {values}: a clean point of comparison.").format(values=", ".join(
                f"{setting_text(SPECS[k].label)} = {format_number(v)}" for k, v in values.items())))
            button.clicked.connect(lambda _=False, v=values: self.set_values(v))
            grid.addWidget(button, i // 2, i % 2)
        return grid

    def _make_label(self, spec: ParamSpec) -> QLabel:
        label = QLabel(setting_text(spec.label), objectName=camel_case(spec.name) + "Label")
        self.labels[spec.name] = label
        return label

    def _make_widget(self, spec: ParamSpec) -> QWidget:
        if spec.choices:
            widget: QWidget = _ComboBox()
            for choice in spec.choices:
                widget.addItem(_choice_text(spec, choice), choice)
                if spec.name == "model":
                    widget.setItemData(widget.count() - 1, setting_text(MODEL_INFO[choice].description),
                                       Qt.ItemDataRole.ToolTipRole)
            widget.currentIndexChanged.connect(self._edited)
        elif spec.type is bool:
            widget = QCheckBox()
            widget.toggled.connect(self._edited)
        elif spec.type is int:
            widget = _SpinBox()
            widget.setRange(int(spec.minimum), int(spec.maximum))
            widget.setGroupSeparatorShown(spec.maximum >= 10_000)
            widget.setAccelerated(True)
            widget.valueChanged.connect(self._edited)
        elif spec.type is float and spec.log_scale:
            widget = LogEdit(spec.minimum, spec.maximum)
            widget.textChanged.connect(self._edited)
        elif spec.type is float:
            widget = _DoubleSpinBox()
            widget.setRange(spec.minimum, spec.maximum)
            widget.setDecimals(max(2, *(_decimals(v) for v in (spec.minimum, spec.maximum, spec.default))))
            widget.setSingleStep(0.05 if spec.maximum <= 1 else 0.5)
            widget.setAccelerated(True)
            widget.valueChanged.connect(self._edited)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(self._edited)
        if isinstance(widget, QComboBox):  # not as wide as the longest item: the form must fit ~300 px
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(6)
        if isinstance(widget, (QComboBox, QSpinBox, QDoubleSpinBox)):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus (and no change) from the wheel
        if isinstance(widget, (QSpinBox, QDoubleSpinBox, QLineEdit)):
            widget.setMinimumWidth(80)  # rather than room for the largest allowed value (seed: 2,147,483,647)
        widget.setObjectName(object_name(spec))
        self.widgets[spec.name] = widget
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
            return widget.value()
        return widget.text().strip()

    def _write(self, spec: ParamSpec, value: Any) -> None:
        widget = self.widgets[spec.name]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setDecimals(min(6, max(widget.decimals(), _decimals(value))))  # keep loaded values exact
            widget.setValue(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(value)
        elif isinstance(widget, LogEdit):
            widget.set_value(value)
        else:
            widget.setText(str(value))

    # --- the config -------------------------------------------------------------------

    def config(self) -> ExperimentConfig:
        """The settings shown; raises ConfigError with the reason if the form is invalid."""
        problem, _, config = self._evaluate()
        if config is None:
            raise ConfigError(problem)
        return config

    def set_config(self, config: ExperimentConfig) -> None:
        """Fill every widget from `config` (clone and tweak, restored settings)."""
        self._filling = True
        try:
            for spec in PARAMS:
                self._write(spec, getattr(config, spec.name))
        finally:
            self._filling = False
        self._refresh()

    def set_values(self, values: dict[str, Any]) -> None:
        """Change some settings at once (the presets), keeping the others."""
        self._filling = True
        try:
            for name, value in values.items():
                self._write(SPECS[name], value)
        finally:
            self._filling = False
        self._refresh()

    def reset_to_defaults(self) -> None:
        self.set_config(ExperimentConfig())

    def is_valid(self) -> bool:
        return not self._problem

    def problem(self) -> str:
        """Why the form is invalid, in one sentence; "" when it is valid."""
        return self._problem

    def _evaluate(self) -> tuple[str, set[str], ExperimentConfig | None]:
        """(problem, names of the settings at fault, config or None)."""
        values: dict[str, Any] = {}
        bad: set[str] = set()
        problem = ""
        for spec in PARAMS:
            value = values[spec.name] = self._read(spec)
            if isinstance(self.widgets[spec.name], LogEdit):
                reason = _log_edit_problem(spec, self.widgets[spec.name].text(), value)
                if reason:
                    bad.add(spec.name)
                    problem = problem or reason
        if problem:
            return problem, bad, None
        try:
            return "", bad, ExperimentConfig(**values).validate()
        except ConfigError as exc:
            problem = str(exc)
            return core_message(problem), _settings_named_in(problem), None

    def _edited(self, *_: Any) -> None:
        if not self._filling:
            self._refresh()

    def _refresh(self) -> None:
        """Re-check everything: enabled state, tooltips, red marks, problem label, signals."""
        model = self.model_combo.currentData()
        info = MODEL_INFO[model]
        self.model_description.setText(setting_text(info.description))
        problem, bad, config = self._evaluate()
        current = SimpleNamespace(**{spec.name: self._read(spec) for spec in PARAMS})
        for spec in PARAMS:
            widget, label = self.widgets[spec.name], self.labels[spec.name]
            applies = spec.applies(current)
            enabled = applies or spec.name in bad  # a bad value stays editable, or it could never be fixed
            widget.setEnabled(enabled)
            label.setEnabled(enabled)
            tip = _tooltip(spec, unused=None if applies else (
                self.tr("Not used by {model}.").format(model=setting_text(info.title)) if not spec.applies_to(model)
                else _why_not(spec, current)))
            widget.setToolTip(tip)
            label.setToolTip(tip)
            _set_style(label, INVALID_LABEL_STYLE if spec.name in bad else "")
            if isinstance(widget, QLineEdit):
                _set_style(widget, INVALID_EDIT_STYLE if spec.name in bad else "")
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if problem != self._problem:
            self._problem = problem
            self.validity_changed.emit(not problem, problem)
        if config is not None and config != self._last_config:
            self._last_config = config
            self.config_changed.emit(config)


def _choice_text(spec: ParamSpec, choice: str) -> str:
    return setting_text(MODEL_INFO[choice].title if spec.name == "model" else choice.replace("_", " "))


def _why_not(spec: ParamSpec, config: Any) -> str:
    """ParamSpec.why_not for a model that uses ``spec``, as a sentence in the window's language."""
    for name, values in spec.when.items():
        if getattr(config, name) not in values:
            if isinstance(values, Condition):
                wanted = setting_text(values.text)
            else:
                wanted = translate("ConfigForm", " or ").join(_format_default(SPECS[name], v) for v in values)
            return translate("ConfigForm", "Only matters when {setting} is {values}.").format(
                setting=setting_text(SPECS[name].label).lower(), values=wanted)
    return ""



def _decimals(value: float) -> int:
    """Decimal places needed to show `value` exactly (up to 6): 0.95 -> 2, 0.999 -> 3."""
    return len(f"{value:.6f}".rstrip("0").split(".")[1])


def _log_edit_problem(spec: ParamSpec, text: str, value: float | None) -> str:
    if value is None:
        if not text.strip():
            return translate("ConfigForm", "{setting} is empty: type a number such as 0.001 or 1e-3.").format(
                setting=setting_text(spec.label))
        return translate("ConfigForm", "{setting} must be a number such as 0.001 or 1e-3, not {value}.").format(
            setting=setting_text(spec.label), value=repr(text.strip()))
    if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and value > spec.maximum:
        return translate("ConfigForm", "{setting} must be between {minimum} and {maximum}, not {value}.").format(
            setting=setting_text(spec.label), minimum=format_number(spec.minimum),
            maximum=format_number(spec.maximum), value=text.strip())
    return ""


def _settings_named_in(message: str) -> set[str]:
    """Setting names mentioned in a ConfigError, ignoring quoted values ('3,4,5')."""
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", message)
    return {word for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", unquoted) if word in SPECS}


def _format_default(spec: ParamSpec, value: Any) -> str:
    if spec.choices:
        return _choice_text(spec, value)
    if spec.type is bool:
        return setting_text("on" if value else "off")
    if spec.type is int:
        return f"{int(value):,}"
    if spec.type is float:
        return format_number(value)
    return str(value)


def _tooltip(spec: ParamSpec, unused: str | None = None) -> str:
    """Help, range and default; rich text so that long help wraps."""
    text = setting_text(spec.help)
    if spec.minimum is not None and spec.maximum is not None:
        text += translate("ConfigForm", " Range {minimum} to {maximum}.").format(
            minimum=_format_default(spec, spec.minimum), maximum=_format_default(spec, spec.maximum))
    text += translate("ConfigForm", " Default {value}.").format(value=_format_default(spec, spec.default))
    tip = f"<p>{html.escape(text)}</p>"
    if unused:
        tip = f"<p><b>{html.escape(unused)}</b></p>" + tip
    return tip


def _arrow_icon(color: QColor) -> QIcon:
    """A small down chevron like a combo box's (the style's SP_ArrowDown is large and heavy)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 1.5))
    painter.drawPolyline([QPointF(4.5, 6.5), QPointF(8, 10), QPointF(11.5, 6.5)])
    painter.end()
    return QIcon(pixmap)


def _set_style(widget: QWidget, style: str) -> None:
    if widget.styleSheet() != style:  # restyling is not free; this runs on every keystroke
        widget.setStyleSheet(style)
