"""Evan Miller's simple sequential test (evanmiller.org/sequential-ab-testing.html): stop when
T - C reaches d ("2 sqrt(N)" at 5%), or when T + C reaches N. Checked against the page's rule of
thumb, the exact gambler's-ruin sum and a seeded simulation of the random walk."""

import math

import numpy as np
import pytest

from regulars.analytics.experiments.simple_sequential import (
    hit_probability,
    simple_sequential_design,
    threshold_for,
)


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000])
def test_threshold_is_about_two_sqrt_n_at_five_percent(n):
    d = threshold_for(n, 0.05)
    assert hit_probability(n, d) <= 0.05 < hit_probability(n, d - 1)
    assert abs(d - 2 * math.sqrt(n)) / (2 * math.sqrt(n)) < 0.03


def test_gamblers_ruin_sum_for_a_small_walk_by_hand():
    # reach +2 within 4 fair steps: paths UU (1/4), then UDUU, DUUU (1/16 each) -> 3/8
    assert hit_probability(4, 2) == pytest.approx(3 / 8)


def test_design_false_positive_rate_and_power_hold_in_simulation():
    design = simple_sequential_design(0.5, alpha=0.05, power=0.8)
    assert design.error is None and design.false_positive_rate <= 0.05 and design.power >= 0.8
    smaller = design.conversions - 1  # one conversion fewer does not reach the power
    assert hit_probability(smaller, threshold_for(smaller, 0.05), 1.5 / 2.5) < 0.8
    rng = np.random.default_rng(7)
    for p, wanted in ((0.5, design.false_positive_rate), (1.5 / 2.5, design.power)):
        steps = np.where(rng.random((20_000, design.conversions)) < p, 1, -1)
        won = (np.cumsum(steps, axis=1) >= design.threshold).any(axis=1).mean()
        assert won == pytest.approx(wanted, abs=0.015)


def test_impossible_designs_carry_an_error():
    assert simple_sequential_design(0.0).error
    assert simple_sequential_design(0.1, alpha=0.7).error
