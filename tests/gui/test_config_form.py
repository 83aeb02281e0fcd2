"""The settings form, generated from the declarations, driven as a user would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QPushButton, QSpinBox

from workbench.core.config import PARAMS, ExperimentConfig
from workbench.core.models import MODEL_INFO
from workbench.gui.config_form import ConfigForm, object_name


@pytest.fixture
def form(qtbot):
    f = ConfigForm()
    qtbot.addWidget(f)
    f.show()
    return f


def test_defaults_and_one_widget_per_declaration(form):
    assert form.config() == ExperimentConfig()
    for spec in PARAMS:
        assert form.findChild(object, object_name(spec)) is not None, spec.name
    names = {"learningRateEdit", "batchSizeSpin", "epochsSpin", "dropoutSpin", "l1Edit", "l2Edit", "modelCombo"}
    assert names <= {object_name(s) for s in PARAMS}


def test_editing_widgets_changes_the_config(form, qtbot):
    form.findChild(QDoubleSpinBox, "dropoutSpin").setValue(0.5)
    form.findChild(QSpinBox, "epochsSpin").setValue(7)
    form.findChild(QSpinBox, "batchSizeSpin").setValue(64)
    lr = form.findChild(QLineEdit, "learningRateEdit")
    lr.clear()
    qtbot.keyClicks(lr, "3e-4")
    config = form.config()
    assert (config.dropout, config.epochs, config.batch_size, config.learning_rate) == (0.5, 7, 64, 3e-4)


def test_invalid_values_are_blocked_with_a_visible_reason(form, qtbot):
    lr = form.findChild(QLineEdit, "learningRateEdit")
    with qtbot.waitSignal(form.validity_changed) as signal:
        lr.clear()
        qtbot.keyClicks(lr, "abc")
    assert signal.args[0] is False and "Learning rate must be a number" in signal.args[1]
    problem = form.findChild(QLabel, "configProblemLabel")
    assert problem.isVisible() and not form.is_valid()
    l2 = form.findChild(QLineEdit, "l2Edit")
    lr.clear()
    qtbot.keyClicks(lr, "0.001")
    l2.clear()
    qtbot.keyClicks(l2, "5")
    assert "l2 must be between 0 and 1" in form.problem()
    l2.clear()
    qtbot.keyClicks(l2, "1e-4")
    assert form.is_valid() and not problem.isVisible()


def test_arrow_keys_step_along_a_log_ladder(form, qtbot):
    l2 = form.findChild(QLineEdit, "l2Edit")
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert l2.text() == "1e-06" and form.config().l2 == 1e-6
    l2.setText("0.001")
    qtbot.keyClick(l2, Qt.Key.Key_Up)
    assert form.config().l2 == 3e-3
    qtbot.keyClick(l2, Qt.Key.Key_Down)
    qtbot.keyClick(l2, Qt.Key.Key_Down)
    assert form.config().l2 == 3e-4


def test_settings_that_a_model_does_not_use_are_disabled(form):
    model = form.findChild(QComboBox, "modelCombo")
    heads = form.findChild(QSpinBox, "numHeadsSpin")
    model.setCurrentIndex(model.findData("transformer"))
    assert heads.isEnabled()
    assert form.findChild(QLabel, "modelDescription").text() == MODEL_INFO["transformer"].description
    model.setCurrentIndex(model.findData("bag_of_embeddings"))
    assert not heads.isEnabled() and heads.toolTip().startswith("Not used by")


def test_presets_and_reset(form, qtbot):
    qtbot.mouseClick(form.findChild(QPushButton, "presetDropout05"), Qt.MouseButton.LeftButton)
    assert (form.config().dropout, form.config().l1, form.config().l2) == (0.5, 0.0, 0.0)
    qtbot.mouseClick(form.findChild(QPushButton, "presetL2"), Qt.MouseButton.LeftButton)
    assert (form.config().dropout, form.config().l2) == (0.0, 1e-3)
    qtbot.mouseClick(form.findChild(QPushButton, "presetL1"), Qt.MouseButton.LeftButton)
    assert form.config().l1 == 1e-4
    qtbot.mouseClick(form.findChild(QPushButton, "resetDefaultsButton"), Qt.MouseButton.LeftButton)
    assert form.config() == ExperimentConfig()


def test_set_config_round_trips_every_setting(form):
    changed = ExperimentConfig(
        model="gru", embedding_dim=40, hidden_units=12, num_layers=2, bidirectional=True, kernel_sizes="2,3",
        num_heads=4, tokenizer="char", ngrams=3, max_tokens=500, sequence_length=50, lowercase=False,
        strip_punctuation=False, strip_html=False, replace_urls=False, learning_rate=0.02, optimizer="sgd",
        weight_decay=0.001, momentum=0.5, lr_schedule="cosine", batch_size=16, epochs=3, early_stopping=True,
        patience=5, restore_best_weights=False, class_imbalance="oversample", gradient_clip=1.0, dropout=0.25,
        l1=1e-5, l2=3e-4, regularize_embedding=True, validation_fraction=0.2, test_fraction=0.1, seed=7)
    assert changed.differences(ExperimentConfig()).keys() == {p.name for p in PARAMS}
    form.set_config(changed)
    assert form.config() == changed
