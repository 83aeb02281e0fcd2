"""The search space: read from the declarations, narrowed by a JSON file, refused when it cannot work."""

import json

import optuna
import pytest

from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.errors import ConfigError
from workbench.core.search_space import (
    default_space,
    parse_space,
    sample,
    starting_point,
)


def test_the_default_space_is_the_declared_search_ranges_that_matter_for_the_model():
    bag = default_space(ExperimentConfig())
    assert bag["learning_rate"].to_dict() == {"low": 1e-4, "high": 3e-2, "log": True}
    assert bag["dropout"].to_dict() == {"low": 0.0, "high": 0.6, "log": False}
    assert {"ngrams", "embedding_dim", "batch_size"} <= set(bag)
    assert not {"hidden_units", "bidirectional", "num_layers", "seed"} & set(bag)  # not for this model
    lstm = default_space(ExperimentConfig(model="lstm"))
    assert {"bidirectional", "num_layers", "hidden_units"} <= set(lstm) and "ngrams" not in lstm
    assert lstm["bidirectional"].to_dict() == {"choices": [False, True]}
    for name, dimension in lstm.items():  # every default range lies inside what the setting allows
        spec = SPECS[name]
        if dimension.choices is None:
            assert spec.minimum <= dimension.low < dimension.high <= spec.maximum
    with pytest.raises(ConfigError, match="lookup model has no settings to search"):
        default_space(ExperimentConfig(model="lookup"))


def test_a_space_file_replaces_the_default_and_is_read_with_the_declared_types():
    space = parse_space(json.dumps({"learning_rate": [1e-4, 1e-2], "dropout": [0, 0.5],
                                    "model": ["cnn", "bag_of_embeddings"], "hidden_units": ["32", 128]}),
                        ExperimentConfig())
    assert list(space) == ["learning_rate", "dropout", "model", "hidden_units"]
    assert space["learning_rate"].log and not space["dropout"].log
    assert space["hidden_units"].to_dict() == {"low": 32, "high": 128, "log": True}
    assert space["model"].choices == ("cnn", "bag_of_embeddings")


@pytest.mark.parametrize("space, message", [
    ("{}", "The search space is empty"),
    ("[1, 2]", "must be one JSON object"),
    ("{not json", "not valid JSON"),
    ('{"drop_out": [0, 0.5]}', "no setting called 'drop_out'; did you mean dropout"),
    ('{"dropout": [0.5, 0.1]}', r"range of dropout starts above its end \(0.5 > 0.1\)"),
    ('{"dropout": [0, 1.5]}', "dropout must be between 0 and 0.95, not 1.5"),
    ('{"learning_rate": [0.001]}', r"Give learning_rate as \[low, high\]"),
    ('{"l2": [0, 0.001]}', "l2 is searched on a log scale, so its range must start above 0"),
    ('{"optimizer": ["adam", "nesterov"]}', "optimizer must be one of"),
    ('{"optimizer": []}', "Give optimizer as a list of values"),
    ('{"seed": [1, 5]}', "seed cannot be searched"),
    ('{"num_heads": [1, 4]}', "num_heads has no effect on the bag_of_embeddings model"),
    ('{"num_heads": [1, 4], "model": ["cnn", "lstm"]}', "no effect on the cnn or lstm model"),
    ('{"weight_decay": [1e-5, 1e-3]}', "weight_decay only matters when optimizer is adamw"),
])
def test_an_inconsistent_space_is_refused_in_one_sentence(space, message):
    with pytest.raises(ConfigError, match=message):
        parse_space(space, ExperimentConfig())


def test_a_setting_that_matters_only_for_some_drawn_values_is_accepted_and_drawn_only_then():
    space = parse_space(json.dumps({"model": ["bag_of_embeddings", "lstm"], "bidirectional": [False, True],
                                    "optimizer": ["adam", "adamw"], "weight_decay": [1e-5, 1e-3]}),
                        ExperimentConfig())
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    seen = set()
    for _ in range(30):
        config, drawn = sample(study.ask(), space, ExperimentConfig())
        assert ("bidirectional" in drawn) == (config.model == "lstm")
        assert ("weight_decay" in drawn) == (config.optimizer == "adamw")
        if "weight_decay" in drawn:
            assert 1e-5 <= config.weight_decay <= 1e-3
        seen.add((config.model, config.optimizer))
    assert len(seen) == 4


def test_the_starting_point_is_the_starting_settings_moved_inside_the_space():
    space = parse_space('{"learning_rate": [1e-4, 1e-2], "dropout": [0.1, 0.5], "lr_schedule": ["cosine"]}',
                        ExperimentConfig())
    assert starting_point(space, ExperimentConfig(learning_rate=3e-3, dropout=0.0)) == {
        "learning_rate": 3e-3, "dropout": 0.1, "lr_schedule": "cosine"}
