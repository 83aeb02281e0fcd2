"""Hyperparameter declarations: one place that the CLI, the form and validation read."""

import json

import pytest

from workbench.core.config import PARAMS, SPECS, ExperimentConfig, parse_value
from workbench.core.errors import ConfigError


def test_every_field_is_declared_with_help_and_a_valid_default():
    assert [p.name for p in PARAMS][:2] == ["model", "embedding_dim"]
    for spec in PARAMS:
        assert spec.help.endswith((".", ")")) and spec.group in {"model", "text", "training", "regularization",
                                                                 "augmentation", "data", "start"}
        if spec.choices:
            assert spec.default in spec.choices
    ExperimentConfig().validate()


def test_json_round_trip_keeps_every_value_and_the_version():
    config = ExperimentConfig(model="lstm", dropout=0.5, l2=1e-3, bidirectional=True, kernel_sizes="2,3")
    data = json.loads(config.to_json())
    assert data["version"] == 1 and data["dropout"] == 0.5
    assert ExperimentConfig.from_json(config.to_json()) == config


@pytest.mark.parametrize("changes,message", [
    ({"dropout": 1.5}, "dropout must be between 0 and 0.95, not 1.5"),
    ({"model": "svm"}, "model must be one of lookup, bag_of_embeddings"),
    ({"learning_rate": float("nan")}, "learning_rate must be a finite number"),
    ({"batch_size": 0}, "batch_size must be between 1 and 4096"),
    ({"kernel_sizes": "3,x"}, "kernel_sizes must be whole numbers"),
    ({"model": "transformer", "embedding_dim": 30, "num_heads": 4}, "divisible by num_heads"),
    ({"validation_fraction": 0.5, "test_fraction": 0.4}, "at least 20% of rows"),
])
def test_invalid_values_are_refused_with_the_reason(changes, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        ExperimentConfig().replace(**changes).validate()


def test_unknown_keys_and_newer_versions_are_refused():
    with pytest.raises(ConfigError, match="Unknown setting.*: colour"):
        ExperimentConfig.from_dict({"colour": "red"})
    with pytest.raises(ConfigError, match="newer workbench"):
        ExperimentConfig.from_dict({"version": 99})
    with pytest.raises(ConfigError, match="not valid JSON"):
        ExperimentConfig.from_json("{oops")


def test_values_typed_by_people_are_parsed():
    assert parse_value("epochs", "20") == 20 and parse_value("l2", "1e-4") == 1e-4
    assert parse_value("bidirectional", "yes") is True
    with pytest.raises(ConfigError, match="epochs must be a int"):
        parse_value("epochs", "2.5")


def test_differences_name_only_what_changed():
    a = ExperimentConfig()
    assert a.differences(a.replace(dropout=0.5)) == {"dropout": (0.0, 0.5)}


def test_declarations_say_which_models_use_them():
    assert SPECS["num_heads"].applies_to("transformer") and not SPECS["num_heads"].applies_to("lstm")
    assert SPECS["learning_rate"].applies_to("cnn") and SPECS["l1"].log_scale


def test_start_settings_matter_only_when_a_run_or_a_vectors_file_is_given():
    plain = ExperimentConfig()
    assert not SPECS["freeze_epochs"].applies(plain) and SPECS["freeze_epochs"].applies(plain.replace(init_from=7))
    assert SPECS["freeze_epochs"].why_not(plain) == "only matters when start from run is set"
    assert SPECS["freeze_embeddings"].applies(plain.replace(embeddings="wiki.vec"))
    assert SPECS["embeddings"].why_not(plain.replace(init_from=7)) == "only matters when start from run is 0"
    assert SPECS["embeddings"].why_not(plain.replace(model="mlp")) == "has no effect on the mlp model"
