"""The settings form, generated from the declarations, driven as a user would."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
)

from workbench.core.config import PARAMS, ExperimentConfig
from workbench.core.errors import ConfigError
from workbench.core.models import MODEL_INFO
from workbench.gui.config_form import ConfigForm, LogEdit


@pytest.fixture
def form(qtbot):
    f = ConfigForm()
    qtbot.addWidget(f)
    f.resize(360, 900)
    f.show()
    return f


def expected_name(spec):
    """The naming rule, written out independently of the module under test."""
    parts = spec.name.split("_")
    stem = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if spec.choices:
        return stem + "Combo", QComboBox
    if spec.type is bool:
        return stem + "Check", QCheckBox
    if spec.type is int:
        return stem + "Spin", QSpinBox
    if spec.type is float:
        return (stem + "Edit", LogEdit) if spec.log_scale else (stem + "Spin", QDoubleSpinBox)
    return stem + "Edit", QLineEdit


def retype(qtbot, edit, text):
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_one_widget_per_declaration_named_by_the_rule(form):
    for spec in PARAMS:
        name, kind = expected_name(spec)
        widget = form.findChild(kind, name)
        assert widget is not None, (spec.name, name)
        assert widget.toolTip() and spec.help.split()[0] in widget.toolTip()
    names = {expected_name(s)[0] for s in PARAMS}
    assert {"modelCombo", "optimizerCombo", "batchSizeSpin", "epochsSpin", "dropoutSpin", "learningRateEdit",
            "l1Edit", "l2Edit", "weightDecayEdit", "kernelSizesEdit"} <= names
    assert "Range 0 to 0.95. Default 0." in form.findChild(QDoubleSpinBox, "dropoutSpin").toolTip()


def test_layout_model_on_top_then_groups_regularization_first(form):
    titles = [box.title() for box in form.findChildren(QGroupBox) if box.title()]
    assert titles == ["Regularization", "Training", "Model", "Text", "Data", "Augmentation", "Start"]
    model = form.findChild(QComboBox, "modelCombo")
    assert [model.itemData(i) for i in range(model.count())] == list(MODEL_INFO)
    assert [model.itemText(i) for i in range(model.count())] == [i.title for i in MODEL_INFO.values()]
    assert form.findChild(QLabel, "modelDescription").text() == MODEL_INFO["bag_of_embeddings"].description
    assert form.findChild(QScrollArea) is not None and form.minimumSizeHint().width() <= 320


def test_defaults_give_the_default_config(form):
    assert form.config() == ExperimentConfig()
    assert form.is_valid() and form.problem() == ""
    assert not form.findChild(QLabel, "configProblemLabel").isVisible()


def test_editing_widgets_changes_the_config(form, qtbot):
    with qtbot.waitSignal(form.config_changed) as changed:
        form.findChild(QDoubleSpinBox, "dropoutSpin").setValue(0.5)
    assert changed.args[0].dropout == 0.5
    form.findChild(QSpinBox, "epochsSpin").setValue(7)
    form.findChild(QSpinBox, "batchSizeSpin").setValue(64)
    retype(qtbot, form.findChild(LogEdit, "learningRateEdit"), "3e-4")
    retype(qtbot, form.findChild(LogEdit, "l2Edit"), "0.001")
    config = form.config()
    assert (config.dropout, config.epochs, config.batch_size, config.learning_rate, config.l2) == (
        0.5, 7, 64, 3e-4, 1e-3)
    assert config.differences(ExperimentConfig()).keys() == {"dropout", "epochs", "batch_size", "learning_rate",
                                                             "l2"}


def test_a_non_number_is_blocked_with_a_visible_reason(form, qtbot):
    lr = form.findChild(LogEdit, "learningRateEdit")
    problem = form.findChild(QLabel, "configProblemLabel")
    emitted = []
    form.validity_changed.connect(lambda *args: emitted.append(args))
    retype(qtbot, lr, "abc")
    valid, reason = emitted[-1]
    assert valid is False and reason == "Learning rate must be a number such as 0.001 or 1e-3, not 'abc'."
    assert not form.is_valid() and form.problem() == reason
    assert problem.isVisible() and problem.text() == reason
    assert "border" in lr.styleSheet() and lr.value() is None
    with pytest.raises(ConfigError, match="Learning rate must be a number"):
        form.config()
    retype(qtbot, lr, "0.001")
    assert emitted[-1] == (True, "")
    assert form.is_valid() and not problem.isVisible() and lr.styleSheet() == ""
    assert form.config() == ExperimentConfig()


def test_out_of_range_and_cross_field_problems_are_blocked(form, qtbot):
    l2 = form.findChild(LogEdit, "l2Edit")
    retype(qtbot, l2, "5")
    assert not form.is_valid() and "between 0 and 1" in form.problem() and "L2" in form.problem()
    assert "border" in l2.styleSheet()
    retype(qtbot, l2, "1e-4")
    assert form.is_valid() and form.config().l2 == 1e-4
    # A rule across settings, from ExperimentConfig.validate().
    model = form.findChild(QComboBox, "modelCombo")
    model.setCurrentIndex(model.findData("transformer"))
    form.findChild(QSpinBox, "numHeadsSpin").setValue(3)
    assert "divisible by num_heads" in form.problem()
    assert form.findChild(QLabel, "configProblemLabel").isVisible()
    form.findChild(QSpinBox, "numHeadsSpin").setValue(4)
    assert form.is_valid()


def test_a_bad_value_in_a_setting_the_model_ignores_stays_fixable(form, qtbot):
    model = form.findChild(QComboBox, "modelCombo")
    model.setCurrentIndex(model.findData("cnn"))
    kernels = form.findChild(QLineEdit, "kernelSizesEdit")
    retype(qtbot, kernels, "3,x")
    model.setCurrentIndex(model.findData("lstm"))
    assert "kernel_sizes" in form.problem() and kernels.isEnabled()
    retype(qtbot, kernels, "3,4")
    assert form.is_valid() and not kernels.isEnabled()


def test_up_down_and_wheel_step_along_the_log_ladder(form, qtbot):
    l2 = form.findChild(LogEdit, "l2Edit")
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert l2.text() == "1e-06" and form.config().l2 == 1e-6
    l2.setText("1e-3")
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert l2.text() == "0.003" and form.config().l2 == 3e-3
    qtbot.keyClick(l2, Qt.Key.Key_Down)
    qtbot.keyClick(l2, Qt.Key.Key_Down)
    assert form.config().l2 == 3e-4
    l2.setText("5e-4")  # off the ladder: to the neighbouring rung
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert form.config().l2 == 1e-3
    l2.setText("1")  # the ladder is clipped to the range (0 to 1 for L2)
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert form.config().l2 == 1.0
    lr = form.findChild(LogEdit, "learningRateEdit")  # 1e-6 to 10: no 0 on its ladder
    lr.setText("1e-6")
    qtbot.keyClick(lr, Qt.Key.Key_Down)
    assert form.config().learning_rate == 1e-6
    assert [a.text() for a in lr.ladder_menu.actions()][:2] == ["1e-06", "3e-06"]
    lr.ladder_menu.actions()[-1].trigger()
    assert form.config().learning_rate == 10.0
    # The wheel steps once the field has focus (before that it scrolls the form).
    l2.setText("1e-4")
    form.activateWindow()
    l2.setFocus()
    qtbot.waitUntil(l2.hasFocus, timeout=1000)
    centre = QPointF(l2.rect().center())
    wheel = QWheelEvent(centre, QPointF(l2.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(l2, wheel)
    assert form.config().l2 == 3e-4


def test_typed_values_are_tidied_and_kept_exact(form, qtbot):
    lr = form.findChild(LogEdit, "learningRateEdit")
    retype(qtbot, lr, "0.0010")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert lr.text() == "0.001"
    form.set_config(ExperimentConfig(learning_rate=0.00123456789, dropout=0.125))
    assert form.config().learning_rate == 0.00123456789 and form.config().dropout == 0.125


def test_settings_a_model_does_not_use_are_disabled(form):
    model = form.findChild(QComboBox, "modelCombo")
    heads = form.findChild(QSpinBox, "numHeadsSpin")
    assert not heads.isEnabled()
    model.setCurrentIndex(model.findData("transformer"))
    assert heads.isEnabled() and "Not used" not in heads.toolTip()
    assert form.findChild(QLabel, "modelDescription").text() == MODEL_INFO["transformer"].description
    assert form.config().model == "transformer"
    model.setCurrentIndex(model.findData("bag_of_embeddings"))
    assert not heads.isEnabled() and "Not used by Bag of embeddings." in heads.toolTip()
    assert "Not used by Bag of embeddings." in form.findChild(QLabel, "numHeadsLabel").toolTip()
    model.setCurrentIndex(model.findData("lookup"))  # memorizes: no optimizer, no epochs
    assert not form.findChild(QDoubleSpinBox, "dropoutSpin").isEnabled()
    assert not form.findChild(QSpinBox, "epochsSpin").isEnabled()
    assert form.findChild(QSpinBox, "seedSpin").isEnabled()  # the split still matters


def test_settings_that_other_settings_switch_off_are_disabled_with_the_reason(form):
    optimizer = form.findChild(QComboBox, "optimizerCombo")
    momentum = form.findChild(QDoubleSpinBox, "momentumSpin")
    optimizer.setCurrentIndex(optimizer.findData("adam"))
    assert not momentum.isEnabled() and "Only matters when optimizer is sgd." in momentum.toolTip()
    optimizer.setCurrentIndex(optimizer.findData("sgd"))
    assert momentum.isEnabled() and "Only matters" not in momentum.toolTip()


def test_presets_and_reset(form, qtbot):
    def click(name):
        qtbot.mouseClick(form.findChild(QPushButton, name), Qt.MouseButton.LeftButton)
        c = form.config()
        return c.dropout, c.l1, c.l2

    form.findChild(QSpinBox, "epochsSpin").setValue(5)
    assert click("presetDropout05") == (0.5, 0.0, 0.0)
    assert click("presetL2") == (0.0, 0.0, 1e-3)
    assert click("presetL1") == (0.0, 1e-4, 0.0)
    assert click("presetNoRegularization") == (0.0, 0.0, 0.0)
    assert form.config().epochs == 5  # presets touch only the regularization knobs
    retype(qtbot, form.findChild(LogEdit, "l2Edit"), "abc")
    qtbot.mouseClick(form.findChild(QPushButton, "resetDefaultsButton"), Qt.MouseButton.LeftButton)
    assert form.is_valid() and form.config() == ExperimentConfig()


def test_set_config_round_trips_every_setting(form, qtbot):
    changed = ExperimentConfig(
        model="gru", embedding_dim=40, hidden_units=12, num_layers=2, bidirectional=True, kernel_sizes="2,3",
        num_heads=4, tokenizer="char", ngrams=3, max_tokens=500, sequence_length=50, lowercase=False,
        strip_punctuation=False, strip_html=False, replace_urls=False, learning_rate=0.02, optimizer="sgd",
        weight_decay=0.001, momentum=0.5, lr_schedule="cosine", batch_size=16, epochs=3, early_stopping=True,
        patience=5, restore_best_weights=False, class_imbalance="oversample", gradient_clip=1.0, dropout=0.25,
        l1=1e-5, l2=3e-4, regularize_embedding=True, augment_copies=2, augment_unit="character", augment_delete=0.2,
        augment_swap=0.05, augment_insert=0.3, synonym_file="syn.txt", augment_synonyms=0.5,
        validation_fraction=0.2, test_fraction=0.1, seed=7,
        init_from=5, extend_vocabulary=True, freeze_epochs=2, embeddings="wiki.vec", freeze_embeddings=True)
    assert changed.differences(ExperimentConfig()).keys() == {p.name for p in PARAMS}
    with qtbot.waitSignal(form.config_changed) as signal:
        form.set_config(changed)
    assert signal.args[0] == changed and form.config() == changed
    form.reset_to_defaults()
    assert form.config() == ExperimentConfig()
