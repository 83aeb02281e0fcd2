"""Is a difference larger than the noise? Crafted cases, and the false-alarm rate on pure noise."""

import json

import numpy as np
import pytest

from workbench.core.significance import (
    CANNOT_TELL,
    LARGER,
    NOT_DISTINGUISHABLE,
    compare,
    compare_by_seed,
    mean_sd_text,
    spread,
)

CLEAR_A, CLEAR_B = [0.80, 0.81, 0.82], [0.60, 0.61, 0.62]
NOISE_A, NOISE_B = [0.75, 0.76, 0.74], [0.76, 0.74, 0.75]


@pytest.mark.parametrize("paired,test", [(True, "paired_t"), (False, "interval_overlap")])
def test_a_clear_difference_is_larger_than_the_noise(paired, test):
    verdict = compare(CLEAR_A, CLEAR_B, paired=paired, name_a="dropout 0.5", name_b="dropout 0",
                      metric="best validation accuracy")
    assert verdict.outcome == LARGER and verdict.larger_than_noise and verdict.test == test
    assert verdict.sentence.startswith("dropout 0.5 is ahead of dropout 0 by 0.200 in best validation accuracy")
    assert "larger than the noise" in verdict.sentence and "only 3 seeds" in verdict.sentence
    assert verdict.difference == pytest.approx(0.2) and verdict.mean_b == pytest.approx(0.61)
    assert verdict.method.count(". ") == 0 and verdict.method.endswith(".")  # one sentence, for a tooltip


def test_the_order_of_the_two_settings_only_swaps_the_names():
    verdict = compare(CLEAR_B, CLEAR_A, paired=True, name_a="low", name_b="high")
    assert verdict.outcome == LARGER and verdict.sentence.startswith("high is ahead of low by 0.200")
    assert verdict.interval[1] < 0 and verdict.difference == pytest.approx(-0.2)


@pytest.mark.parametrize("paired", [True, False])
def test_pure_noise_is_not_distinguishable_and_says_three_seeds_are_few(paired):
    verdict = compare(NOISE_A, NOISE_B, paired=paired)
    assert verdict.outcome == NOT_DISTINGUISHABLE and not verdict.larger_than_noise
    assert "not distinguishable from the noise" in verdict.sentence
    assert "With only 3 seeds" in verdict.sentence and "more seeds would tell" in verdict.sentence
    if paired:
        assert verdict.interval[0] < 0 < verdict.interval[1] and verdict.p_value > 0.05
    else:
        assert verdict.interval_a[0] < verdict.interval_b[1] and verdict.interval_b[0] < verdict.interval_a[1]


@pytest.mark.parametrize("seeds", [3, 5, 10])
def test_on_pure_noise_false_alarms_stay_near_five_percent(seeds):
    rng = np.random.default_rng(7)
    draws = 1000
    paired = sum(compare(rng.normal(0.8, 0.02, seeds), rng.normal(0.8, 0.02, seeds), paired=True).larger_than_noise
                 for _ in range(draws))
    overlap = sum(compare(rng.normal(0.8, 0.02, seeds), rng.normal(0.8, 0.02, seeds),
                          paired=False).larger_than_noise for _ in range(draws))
    assert 0.03 < paired / draws < 0.07  # the t-test's 5%, no more
    assert overlap / draws < 0.02  # non-overlapping intervals are the cautious rule


def test_a_real_but_modest_difference_shows_with_more_seeds_only():
    rng = np.random.default_rng(3)

    def found(seeds: int) -> float:
        hits = 0
        for _ in range(500):
            noise = rng.normal(0, 0.02, seeds)  # shared by both settings at each seed (same split, same seed)
            hits += compare(0.82 + noise + rng.normal(0, 0.01, seeds), 0.80 + noise + rng.normal(0, 0.01, seeds),
                            paired=True).larger_than_noise
        return hits / 500

    assert found(3) < 0.5 < found(10)


def test_one_run_per_setting_cannot_tell():
    verdict = compare([0.9], [0.5], paired=True, name_a="a", name_b="b")
    assert verdict.outcome == CANNOT_TELL and verdict.test == "none"
    assert "no measure of the noise" in verdict.sentence and verdict.difference == pytest.approx(0.4)


def test_resolution_keeps_identical_one_text_steps_from_looking_certain():
    a, b = [0.76, 0.78, 0.75], [0.75, 0.77, 0.74]  # one validation text (of 100) ahead at every seed
    assert compare(a, b, paired=True).outcome == LARGER  # the t-test alone: no spread at all
    verdict = compare(a, b, paired=True, resolution=1 / 100)
    assert verdict.outcome == NOT_DISTINGUISHABLE and "at least one validation text" in verdict.method
    assert compare(CLEAR_A, CLEAR_B, paired=True, resolution=1 / 100).outcome == LARGER


def test_identical_results_are_not_a_difference():
    verdict = compare([0.7, 0.7, 0.7], [0.7, 0.7, 0.7], paired=True)
    assert verdict.outcome == NOT_DISTINGUISHABLE and verdict.interval == [0.0, 0.0]


def test_compare_by_seed_pairs_the_shared_seeds_and_falls_back_to_overlap():
    a = {42: 0.80, 43: 0.81, 44: 0.82, 45: 0.5}
    b = {42: 0.60, 43: 0.61, 44: 0.62}
    verdict = compare_by_seed(a, b)
    assert verdict.test == "paired_t" and verdict.n_pairs == 3 and verdict.outcome == LARGER
    assert compare_by_seed(a, b, same_split=False).test == "interval_overlap"
    assert compare_by_seed({1: 0.8, 2: 0.81}, {3: 0.6, 4: 0.61}).test == "interval_overlap"


def test_the_verdict_is_plain_json():
    for verdict in (compare(CLEAR_A, CLEAR_B, paired=True), compare(NOISE_A, NOISE_B, paired=False),
                    compare([0.5], [0.6], paired=False)):
        assert json.loads(json.dumps(verdict.to_dict(), allow_nan=False))["sentence"] == verdict.sentence


def test_spread_and_its_text():
    s = spread([0.8, 0.9, float("nan"), None])
    assert (s.n, s.mean, s.min, s.max) == (2, pytest.approx(0.85), 0.8, 0.9)
    assert s.std == pytest.approx(np.std([0.8, 0.9], ddof=1))
    assert spread([0.7]).std is None and spread([]).mean is None
    assert mean_sd_text(0.8123, 0.0101) == "0.812 ± 0.010"
    assert mean_sd_text(0.8, None) == "0.800" and mean_sd_text(None, None) == "-"
