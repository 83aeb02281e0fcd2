"""The learning-rate range test: reading a curve, and a real test on a real (tiny) model."""

import math
import threading

import numpy as np
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.errors import ConfigError
from workbench.core.events import LrFinderStep
from workbench.core.lr_finder import analyse, find_learning_rate

RATES = np.geomspace(1e-6, 1, 100)


def curve(steepest_at: float, explode_after: float, noise: float = 0.0) -> list[float]:
    """A loss that stays at 1, falls to 0.2 fastest at ``steepest_at``, and explodes past ``explode_after``."""
    x = np.log10(RATES)
    loss = 0.2 + 0.8 / (1 + np.exp(4 * (x - math.log10(steepest_at))))
    loss += np.where(x > math.log10(explode_after), 6 * (x - math.log10(explode_after)) ** 2, 0)
    return (loss * (1 + noise * np.random.default_rng(0).standard_normal(len(x)))).tolist()


def test_the_steepest_descent_is_suggested_and_the_three_regions_follow_each_other():
    result = analyse(RATES.tolist(), curve(steepest_at=3e-3, explode_after=0.1, noise=0.02))
    assert result.rule == "steepest" and 3e-3 / 1.5 < result.suggested < 3e-3 * 1.5
    assert result.readings["steepest"] == result.suggested and result.readings["minimum/10"] > 3e-3
    low, right, high = (result.regions[key] for key in ("too_low", "right", "too_high"))
    assert low[0] == RATES[0] and low[1] < right[0] <= result.suggested <= right[1] < high[0]
    assert high[1] == RATES[-1] and 0.1 < high[0] < 1
    assert [p["learning_rate"] for p in result.points] == RATES.tolist()


def test_a_steepest_point_on_the_edge_of_the_explosion_gives_a_tenth_of_the_minimum():
    result = analyse(RATES.tolist(), curve(steepest_at=0.05, explode_after=0.08))
    lowest = min(result.points, key=lambda p: p["smoothed_loss"])["learning_rate"]
    assert result.rule == "minimum/10" and result.suggested == pytest.approx(lowest / 10)
    assert result.readings == {"steepest": pytest.approx(0.05, rel=0.3), "minimum/10": result.suggested}
    assert result.suggested < 0.05 / 3


def test_a_loss_that_never_falls_gives_no_suggestion():
    result = analyse(RATES.tolist(), [1.0 + 0.01 * math.sin(i) for i in range(100)])
    assert result.suggested is None and "never fell" in result.message
    assert result.regions == {"too_low": [RATES[0], RATES[-1]], "right": None, "too_high": None}
    assert analyse(RATES[:5].tolist(), [1.0, 0.9, 0.8, 0.7, 0.6]).suggested is None


def test_a_real_range_test_raises_the_rate_geometrically_and_reads_a_rate(tmp_path):
    dataset = load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(60)))
    events = []
    config = ExperimentConfig(batch_size=8, embedding_dim=8, learning_rate=0.5)
    result = find_learning_rate(config, dataset, listener=events.append, steps=40)
    rates = [p["learning_rate"] for p in result.points]
    assert rates[0] == pytest.approx(1e-6) and len(rates) <= 40
    assert np.allclose(np.diff(np.log(rates)), math.log(1e6) / 39)  # the same factor at every batch
    assert [e.learning_rate for e in events] == rates and all(isinstance(e, LrFinderStep) for e in events)
    assert [e.loss for e in events] == [p["loss"] for p in result.points]
    assert result.status == "completed" and 1e-6 < result.suggested < 1
    assert result.to_dict()["points"][0].keys() >= {"learning_rate", "loss"}
    first, last = result.points[0]["smoothed_loss"], min(p["smoothed_loss"] for p in result.points)
    assert last < first * 0.8  # the model did learn at some rates
    early = [p["loss"] for p in result.points[:8]]  # rates below 1e-5: the configured 0.5 is not used
    assert max(early) - min(early) < 0.02 * first


def test_stop_and_bad_settings(tmp_path):
    dataset = load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(40)))
    stop = threading.Event()
    stop.set()
    result = find_learning_rate(ExperimentConfig(batch_size=8), dataset, stop=stop)
    assert result.status == "stopped" and result.points == [] and result.suggested is None
    with pytest.raises(ConfigError, match="lookup table .* has no learning rate"):
        find_learning_rate(ExperimentConfig(model="lookup"), dataset)
