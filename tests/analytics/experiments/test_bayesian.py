"""Bayesian engine against GrowthBook's published vectors, and the exact Beta-Binomial."""

import numpy as np
import pytest

from regulars.analytics.experiments import (
    GaussianPrior,
    ProportionStats,
    SampleMeanStats,
    beta_binomial_test,
    gaussian_effect_test,
)

# growthbook/growthbook packages/stats/tests/bayesian/test_tests.py (EffectBayesianABTest era)
NORM_A = SampleMeanStats(n=10, sum=100, sum_squares=1002.25)
NORM_B = SampleMeanStats(n=10, sum=105, sum_squares=1111.5)


def _rounded(r):
    return tuple(
        round(x, 5)
        for x in (
            r.expected,
            r.ci_low,
            r.ci_high,
            r.posterior_sd,
            r.chance_to_win,
            r.risk_control,
            r.risk_treatment,
        )
    )


def test_gaussian_effect_matches_growthbook_test_bayesian_binomial_ab_test():
    # 49/100 vs 51/100: expected 0.04082, ci [-0.24779, 0.32943], stddev 0.14725,
    # chance_to_win 0.60918, risk [0.0814, 0.04058] (relative)
    r = gaussian_effect_test(ProportionStats(100, 49), ProportionStats(100, 51))
    assert _rounded(r) == (0.04082, -0.24779, 0.32943, 0.14725, 0.60918, 0.0814, 0.04058)


def test_gaussian_effect_matches_growthbook_test_bayesian_gaussian_ab_test():
    # flat prior: expected 0.05, ci [-0.02, 0.12], stddev 0.03572, ctw 0.91923, risk [0.05131,
    # 0.00131]
    r = gaussian_effect_test(NORM_A, NORM_B)
    assert _rounded(r) == (0.05, -0.02, 0.12, 0.03572, 0.91923, 0.05131, 0.00131)


def test_gaussian_effect_matches_growthbook_test_bayesian_gaussian_ab_test_informative():
    # prior N(0.1, 0.1), proper: expected 0.05063, ci [-0.01893, 0.12019], stddev 0.03549,
    # ctw 0.92315, risk [0.05186, 0.00123]
    r = gaussian_effect_test(
        NORM_A, NORM_B, prior=GaussianPrior(mean=0.1, variance=0.1, proper=True)
    )
    assert _rounded(r) == (0.05063, -0.01893, 0.12019, 0.03549, 0.92315, 0.05186, 0.00123)


def test_gaussian_effect_missing_data_gives_error_and_coin_flip():
    # gbstats test_missing_data: chance_to_win 0.5, expected 0
    r = gaussian_effect_test(ProportionStats(0, 0), ProportionStats(0, 0))
    assert (r.chance_to_win, r.expected) == (0.5, 0.0) and r.error


def test_inverse_metric_flips_chance_to_win_and_risk():
    up = gaussian_effect_test(NORM_A, NORM_B)
    down = gaussian_effect_test(NORM_A, NORM_B, inverse=True)
    assert down.chance_to_win == pytest.approx(1 - up.chance_to_win)
    assert (down.risk_control, down.risk_treatment) == (up.risk_treatment, up.risk_control)


def test_risk_matches_seeded_monte_carlo():
    r = gaussian_effect_test(NORM_A, NORM_B, relative=False)
    y = np.random.default_rng(20240329).normal(r.expected, r.posterior_sd, 2_000_000)
    assert r.risk_control == pytest.approx(np.maximum(y, 0).mean(), abs=1e-3)
    assert r.risk_treatment == pytest.approx(np.maximum(-y, 0).mean(), abs=1e-3)


def test_strong_prior_pulls_estimate_towards_prior_mean():
    r = gaussian_effect_test(
        NORM_A, NORM_B, prior=GaussianPrior(mean=0.0, variance=1e-6, proper=True)
    )
    assert abs(r.expected) < 0.001


def test_beta_binomial_exact_sum_matches_integration_and_seeded_monte_carlo():
    a, b = ProportionStats(10, 2), ProportionStats(12, 5)
    exact = beta_binomial_test(a, b)
    assert exact.method.startswith("exact")
    integrated = beta_binomial_test(a, b, prior_alpha=1.0 + 1e-9)  # non-integer -> quadrature
    assert integrated.method == "numerical integration"
    assert integrated.chance_to_win == pytest.approx(exact.chance_to_win, abs=1e-6)
    rng = np.random.default_rng(1)
    pa, pb = rng.beta(3, 9, 1_000_000), rng.beta(6, 8, 1_000_000)
    assert exact.chance_to_win == pytest.approx((pb > pa).mean(), abs=2e-3)
    assert exact.expected_loss_control == pytest.approx(np.maximum(pb - pa, 0).mean(), abs=2e-3)
    assert exact.expected_loss_treatment == pytest.approx(np.maximum(pa - pb, 0).mean(), abs=2e-3)


def test_beta_binomial_identical_arms_is_a_coin_flip():
    r = beta_binomial_test(ProportionStats(7, 3), ProportionStats(7, 3))
    assert r.chance_to_win == pytest.approx(0.5, abs=1e-9)


def test_beta_binomial_impossible_counts_are_an_error():
    r = beta_binomial_test(ProportionStats(5, 7), ProportionStats(5, 1))
    assert r.error and r.chance_to_win == 0.5
