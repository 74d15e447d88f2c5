"""Honest limits (collinear or flat spend is said, not guessed), priors from a holdout pull the
fit, and the geo-test readouts recover a planted lift within their intervals."""

from __future__ import annotations

import numpy as np
import pytest
from tests.analytics.mmm.simulation import simulate

from regulars.analytics.mmm import (
    MediaMixModel,
    Prior,
    diff_in_diff,
    geo_power,
    separability,
    summarise,
    synthetic_control,
)


def test_channels_that_move_together_are_said_to_be_inseparable():
    spend, *_ = simulate(3)
    rng = np.random.default_rng(0)
    twin = spend[:, 0] * 0.5 * (1 + rng.normal(0, 0.02, len(spend)))
    flat = np.full(len(spend), 700.0) * (1 + rng.normal(0, 0.01, len(spend)))
    both = np.column_stack([spend, twin, flat])
    sep = separability(both, ("a", "b", "c", "twin", "flat"))
    assert sep.separable == (False, True, True, False, False)
    assert "cannot separate" in sep.limits[0] and "barely varies" in sep.limits[-1]
    assert "test design" in sep.limits[0]


def test_a_holdout_prior_pulls_the_channel_towards_the_measured_effect():
    spend, y, media, _ = simulate(5, noise=3000.0)
    truth = media[:, 1].sum()
    free = MediaMixModel(n_boot=30).fit(spend, y)
    held = MediaMixModel(n_boot=30, priors=(Prior(1, truth, 0.03 * truth),)).fit(spend, y)
    width = lambda m: np.subtract(*summarise(m, spend, ("a", "b", "c")).channels[1]  # noqa: E731
                                  .contribution_interval[::-1])  # fmt: skip
    assert abs(held.media(spend)[:, 1].sum() - truth) < 0.06 * truth
    assert width(held) < width(free)


@pytest.fixture(scope="module")
def regions():
    rng = np.random.default_rng(11)
    weeks, start, k = 40, 28, 8
    common = 10_000 + 800 * np.sin(np.arange(weeks) / 4)
    control = common[:, None] * rng.uniform(0.7, 1.3, k) + rng.normal(0, 150, (weeks, k))
    treated = control[:, :3] @ np.array([0.5, 0.3, 0.2]) + rng.normal(0, 150, weeks)
    treated[start:] += 600.0
    return treated, control, start


def test_geo_readouts_recover_a_planted_lift(regions):
    treated, control, start = regions
    for readout in (diff_in_diff(treated, control, start),
                    synthetic_control(treated, control, start)):  # fmt: skip
        lo, hi = readout.interval
        assert lo <= 600.0 <= hi and lo > 0, readout.explanation
    sc = synthetic_control(treated, control, start)
    assert sum(sc.weights) == pytest.approx(1.0) and min(sc.weights) >= 0
    assert sum(sc.weights[:3]) > 0.8


def test_geo_power_detects_the_lift_it_promises(regions):
    treated, control, start = regions
    gap = treated[:start] - control[:start].mean(1)
    power = geo_power(gap, 12, effect=600.0)
    assert power.minimum_detectable_effect > 0
    assert power.power > 0.5
    assert geo_power(gap, 12, effect=power.minimum_detectable_effect).power == pytest.approx(
        0.8, abs=0.01
    )
