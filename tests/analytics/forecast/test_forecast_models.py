"""The forecasting models against what their definitions give exactly, and the intervals against
the coverage that the generating process implies (Hyndman & Athanasopoulos, Forecasting:
Principles and Practice, 3rd ed., section 5.5: the h-step standard deviations of the baselines)."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.forecast import backtest, choose_models, forecast_series, predict
from regulars.analytics.forecast.models import is_intermittent
from regulars.analytics.forecast.results import bottom_up


def test_harmonic_regression_recovers_a_trend_and_two_seasons_exactly():
    t = np.arange(800.0)
    truth = 50 + 0.02 * t + 4 * np.sin(2 * np.pi * t / 7) + 3 * np.cos(2 * np.pi * t / 365.25)
    p = predict("harmonic", truth[None, :780], 7, 20)
    assert np.allclose(p.mean[0], truth[780:], atol=1e-6)


def test_croston_on_a_regular_intermittent_series_is_size_over_interval():
    y = np.zeros((1, 120))
    y[0, 3::4] = 6.0  # a demand of 6 every 4th period
    p = predict("croston", y, 7, 5)
    assert p.mean[0] == pytest.approx(np.full(5, 1.5), rel=1e-6)
    assert bool(is_intermittent(y)[0])


def test_tsb_tracks_a_demand_probability_that_falls_to_zero():
    y = np.zeros((1, 200))
    y[0, :100:2] = 4.0  # demand every other period, then none: obsolescence
    assert predict("tsb", y, 7, 1).mean[0, 0] < 0.01 * predict("croston", y, 7, 1).mean[0, 0]


def test_naive_intervals_on_a_random_walk_cover_as_stated():
    rng = np.random.default_rng(3)
    walks = np.cumsum(rng.normal(0, 1, (2000, 160)), axis=1)
    result = backtest(walks, 7, 10, ("naive",), origins=2)
    assert 0.77 <= result.coverage80.mean() <= 0.83
    assert 0.93 <= result.coverage95.mean() <= 0.97


def test_ets_finds_the_smoothing_of_a_local_level_process():
    rng = np.random.default_rng(5)
    alpha, n = 0.3, 400
    e = rng.normal(0, 1, (300, n))
    level = 100 + np.cumsum(alpha * e, axis=1)
    y = np.concatenate([np.full((300, 1), 100.0), level[:, :-1]], axis=1) + e
    p = predict("ets", y[:, :-1], 1, 1)
    # the one-step forecast error's spread is the noise's (sigma = 1) when alpha is right
    assert np.std(y[:, -1] - p.mean[:, 0]) == pytest.approx(1.0, abs=0.12)


def test_the_backtest_prefers_the_seasonal_model_on_seasonal_noise():
    rng = np.random.default_rng(9)
    t = np.arange(300)
    y = 20 + 6 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 1, (50, 300))
    result = backtest(y, 7, 14, ("naive", "seasonal_naive", "ets"))
    chosen = choose_models(result)
    assert (chosen != 0).all()  # never the plain naive forecast
    assert result.mase[2].mean() < result.mase[1].mean() < result.mase[0].mean()


def test_bottom_up_parts_add_up_to_the_total():
    rng = np.random.default_rng(2)
    y = 30 + rng.normal(0, 2, (4, 120))
    parts = forecast_series(y, 7, 6, ["a", "b", "c", "d"])
    total = bottom_up(parts)
    assert np.allclose(total.mean, np.sum([p.mean for p in parts], axis=0))
    assert all(h >= m >= lo for h, m, lo in zip(total.high80, total.mean, total.low80))


def test_on_a_seasonal_random_walk_seasonal_naive_is_mostly_left_unbeaten():
    rng = np.random.default_rng(4)
    y = 100 + np.cumsum(rng.normal(0, 1, (200, 30, 7)), axis=1).reshape(200, 210)
    fits = forecast_series(y, 7, 7, [str(k) for k in range(200)])
    unbeaten = [f for f in fits if not f.beats_baseline]
    assert len(unbeaten) > 40  # the optimal forecast of this process is seasonal naive
    assert all(f.score().mase >= f.score("seasonal_naive").mase for f in unbeaten)
    assert all(f.score().mase < f.score("seasonal_naive").mase for f in fits if f.beats_baseline)


def test_too_short_a_history_is_refused_in_words():
    with pytest.raises(ValueError, match="needs at least"):
        backtest(np.ones((1, 12)), 7, 6, ("naive",))
