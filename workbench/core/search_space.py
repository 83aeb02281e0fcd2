"""What a study searches: a range or a list of values per setting, checked against the declarations.

The default space is every setting declared with ``search=`` in core/config.py that matters
for the starting settings' model. A user narrows it with a JSON object of setting -> range or
values, which then replaces the default entirely::

    {"learning_rate": [0.0001, 0.01], "dropout": [0, 0.5], "model": ["cnn", "bag_of_embeddings"]}

A number takes ``[low, high]`` (drawn on a log scale when the setting is declared ``log_scale``);
a choice, a switch or a text setting takes the list of values to try. Settings not named keep
the starting settings' values. Pure Python: Optuna is only touched through the trial it is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.core.config import (
    PARAMS,
    SPECS,
    ExperimentConfig,
    ParamSpec,
    parse_value,
)
from workbench.core.errors import ConfigError
from workbench.core.sweep import SPLIT_SETTINGS, check_known, format_value

EXAMPLE = '{"learning_rate": [0.0001, 0.01], "dropout": [0, 0.5]}'


@dataclass(frozen=True)
class Dimension:
    """One searched setting: a numeric range, or the values to choose from."""

    name: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple[Any, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.choices is not None:
            return {"choices": list(self.choices)}
        return {"low": self.low, "high": self.high, "log": self.log}

    def clip(self, value: Any) -> Any:
        """The nearest value inside this dimension (a starting value outside it: its edge or first choice)."""
        if self.choices is not None:
            return value if value in self.choices else self.choices[0]
        return type(value)(min(max(value, self.low), self.high))

    def suggest(self, trial) -> Any:
        """Draw a value from an Optuna trial (a number to 3 significant digits: runs are read by people)."""
        if self.choices is not None:
            return trial.suggest_categorical(self.name, list(self.choices))
        if SPECS[self.name].type is int:
            return trial.suggest_int(self.name, int(self.low), int(self.high), log=self.log)
        value = trial.suggest_float(self.name, float(self.low), float(self.high), log=self.log)
        return min(max(float(f"{value:.3g}"), self.low), self.high)  # 0.00304, not 0.0030405325392865654


Space = dict[str, Dimension]


def default_space(base: ExperimentConfig) -> Space:
    """Every setting declared with ``search=`` that matters for ``base``'s model and other settings."""
    space = {spec.name: _dimension(spec, list(spec.search)) for spec in PARAMS
             if spec.search is not None and spec.applies(base)}
    if not space:
        raise ConfigError(f"The {base.model} model has no settings to search; choose another --model.")
    return space


def parse_space(text: str, base: ExperimentConfig) -> Space:
    """A search space from its JSON text (see the module's docstring); ConfigError on anything unusable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"The search space is not valid JSON (line {exc.lineno}); write it like {EXAMPLE}.") \
            from None
    return space_from_dict(data, base)


def space_from_dict(data: dict[str, Any], base: ExperimentConfig) -> Space:
    """A search space from plain data, as a JSON file or a dialog gives it: setting -> [low, high] or values."""
    if not isinstance(data, dict):
        raise ConfigError(f"The search space must be one JSON object of setting: range pairs, like {EXAMPLE}.")
    if not data:
        raise ConfigError(f"The search space is empty; name at least one setting, like {EXAMPLE}.")
    space = {}
    for name, given in data.items():
        _check_name(name)
        values = given if isinstance(given, list) else [given]
        space[name] = _dimension(SPECS[name], [_parse(name, value) for value in values])
    check_space(space, base)
    return space


def check_space(space: Space, base: ExperimentConfig) -> None:
    """Refuse a space that is empty, or that names a setting no trial of it could change."""
    if not space:
        raise ConfigError(f"The search space is empty; name at least one setting, like {EXAMPLE}.")
    models = space["model"].choices if "model" in space else (base.model,)
    corners = _corners(space, base)
    for name, spec in ((name, SPECS[name]) for name in space):
        if not any(spec.applies_to(model) for model in models):
            raise ConfigError(f"{name} has no effect on the {' or '.join(models)} model, so searching it would "
                              f"change nothing; leave it out of the search space.")
        if not any(spec.applies(config) for config in corners):
            reason = spec.why_not(next(config for config in corners if spec.applies_to(config.model)))
            raise ConfigError(f"{name} {reason}, so searching it would change nothing; search that setting too, "
                              f"or leave {name} out.")


def sample(trial, space: Space, base: ExperimentConfig) -> tuple[ExperimentConfig, dict[str, Any]]:
    """A trial's settings: ``base`` with each dimension drawn, skipping those that do not matter for the
    values drawn before them (the kernel sizes of an LSTM). Returns the config and the drawn values."""
    drawn: dict[str, Any] = {}
    for name in _order(space):
        if SPECS[name].applies(base.replace(**drawn)):
            drawn[name] = space[name].suggest(trial)
    return base.replace(**drawn), drawn


def starting_point(space: Space, base: ExperimentConfig) -> dict[str, Any]:
    """``base``'s values of the searched settings, moved inside the space where they lie outside it."""
    return {name: dimension.clip(getattr(base, name)) for name, dimension in space.items()}


# --- helpers --------------------------------------------------------------------------------


def _dimension(spec: ParamSpec, values: list[Any]) -> Dimension:
    if spec.choices is not None or spec.type in (bool, str):
        if not values:
            raise ConfigError(f"Give {spec.name} as a list of values to try, e.g. {_example(spec)}.")
        if len(set(values)) < len(values):
            raise ConfigError(f"{spec.name} lists a value twice; give each value once.")
        _check_values(spec, values)
        return Dimension(spec.name, choices=tuple(values))
    if len(values) != 2:
        raise ConfigError(f"Give {spec.name} as [low, high], e.g. {_example(spec)}.")
    _check_values(spec, values)
    low, high = values
    if low > high:
        raise ConfigError(f"The range of {spec.name} starts above its end ({format_value(low)} > "
                          f"{format_value(high)}); write it as [low, high].")
    if spec.log_scale and low <= 0:
        raise ConfigError(f"{spec.name} is searched on a log scale, so its range must start above 0, "
                          f"e.g. {_example(spec)}.")
    return Dimension(spec.name, low, high, log=spec.log_scale and low < high)


def _check_values(spec: ParamSpec, values: list[Any]) -> None:
    """Each value as validation checks a setting (the default settings around it, so only it can be wrong)."""
    for value in values:
        ExperimentConfig().replace(**{spec.name: value}).validate()


def _parse(name: str, value: Any) -> Any:
    if isinstance(value, (list, dict)) or value is None:
        raise ConfigError(f"Give {name} as [low, high] or as a list of values, e.g. {_example(SPECS[name])}.")
    return parse_value(name, value)


def _check_name(name: str) -> None:
    check_known(name)
    if name in SPLIT_SETTINGS:
        raise ConfigError(f"{name} cannot be searched: every trial is scored on the same validation rows, "
                          f"split with the starting seed and fractions.")


def _example(spec: ParamSpec) -> str:
    if spec.search is not None:
        return json.dumps(list(spec.search))
    if spec.choices is not None:
        return json.dumps(list(spec.choices[:2]))
    if spec.type is bool:
        return "[false, true]"
    if spec.type is str:
        return json.dumps([spec.default])
    low = spec.minimum if spec.minimum and spec.minimum > 0 else spec.default or 1e-6
    return json.dumps([low, spec.maximum if spec.maximum is not None else spec.default])


def _order(space: Space) -> list[str]:
    """The model first, then the settings others depend on (``when=``), then the rest as declared."""
    needed = {other for spec in PARAMS for other in spec.when}
    rank = {p.name: i for i, p in enumerate(PARAMS)}
    return sorted(space, key=lambda name: (name != "model", name not in needed, rank[name]))


def _corners(space: Space, base: ExperimentConfig) -> list[ExperimentConfig]:
    """Configs that cover every value of the space's choice settings (enough to tell what can matter)."""
    configs = [base]
    for name in _order(space):
        choices = space[name].choices
        if choices is not None:
            configs = [config.replace(**{name: value}) for config in configs for value in choices]
    return configs
