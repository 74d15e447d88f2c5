"""CUPED (theta pooled over arms) and revenue outlier capping."""

import numpy as np
import pytest

from regulars.analytics.experiments import (
    RegressionAdjustedStats,
    SampleMeanStats,
    welch_t_test,
    winsorize,
)
from regulars.analytics.experiments.cuped import pooled_theta, variance_reduction


def _arms(seed=5, n=4000, lift=0.3):
    rng = np.random.default_rng(seed)
    pre_a, pre_b = rng.gamma(2, 5, n), rng.gamma(2, 5, n)
    post_a = 0.8 * pre_a + rng.normal(0, 3, n)
    post_b = 0.8 * pre_b + rng.normal(0, 3, n) + lift
    return pre_a, post_a, pre_b, post_b


def test_theta_is_pooled_covariance_over_pre_variance():
    pre_a, post_a, pre_b, post_b = _arms()
    a, b = (
        RegressionAdjustedStats.from_values(post_a, pre_a),
        RegressionAdjustedStats.from_values(post_b, pre_b),
    )
    pre, post = np.concatenate([pre_a, pre_b]), np.concatenate([post_a, post_b])
    assert pooled_theta(a, b) == pytest.approx(np.cov(pre, post)[0, 1] / np.var(pre, ddof=1))


def test_cuped_matches_regression_on_adjusted_values_and_shrinks_interval():
    pre_a, post_a, pre_b, post_b = _arms()
    a, b = (
        RegressionAdjustedStats.from_values(post_a, pre_a),
        RegressionAdjustedStats.from_values(post_b, pre_b),
    )
    theta = pooled_theta(a, b)
    adj = welch_t_test(a, b)
    by_hand = welch_t_test(
        SampleMeanStats.from_values(post_a - theta * pre_a),
        SampleMeanStats.from_values(post_b - theta * pre_b),
    )
    assert adj.estimate == pytest.approx(by_hand.estimate)
    assert adj.standard_error == pytest.approx(by_hand.standard_error)
    raw = welch_t_test(SampleMeanStats.from_values(post_a), SampleMeanStats.from_values(post_b))
    assert adj.standard_error < 0.6 * raw.standard_error
    assert variance_reduction(a, b) == pytest.approx(
        1 - (adj.standard_error / raw.standard_error) ** 2
    )


def test_cuped_without_pre_period_variance_reverts_to_plain_test():
    post = np.arange(10.0)
    a = RegressionAdjustedStats.from_values(post, np.ones(10))
    b = RegressionAdjustedStats.from_values(post + 1, np.ones(10))
    assert pooled_theta(a, b) == 0.0
    assert welch_t_test(a, b).estimate == pytest.approx(1.0)


def test_winsorize_caps_at_percentile_and_returns_the_cap():
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000.0])
    capped = winsorize(values, 90)
    assert capped.cap == pytest.approx(np.percentile(values, 90))
    assert capped.values.max() == capped.cap and capped.n_capped == 1
    assert np.array_equal(capped.values[:9], values[:9])
    assert np.isnan(winsorize([], 99).cap)
