"""Sequential (always-valid) test: GrowthBook vectors and an A/A peeking simulation."""

import numpy as np
import pytest
from scipy import stats as st

from regulars.analytics.experiments import (
    ProportionStats,
    RegressionAdjustedStats,
    SampleMeanStats,
    sequential_test,
)
from regulars.analytics.experiments.sequential import always_valid_p_value

# growthbook/growthbook packages/stats/tests/frequentist/test_tests.py, class TestSequentialTTest
A = SampleMeanStats(n=3000, sum=1396.87, sum_squares=52377.9767)
B = SampleMeanStats(n=3461, sum=2422.7, sum_squares=134698.29)


def _r(x):
    return round(x, 5)


def test_sequential_matches_growthbook_test_sequential_test_runs():
    # tuning parameter 1000: expected 0.50336, ci (-0.55844, 1.56516), stddev 0.33341, pValue 1
    r = sequential_test(A, B, relative=True, planned_sample_size=1000)
    assert tuple(map(_r, (r.estimate, r.ci_low, r.ci_high, r.standard_error))) == (
        0.50336,
        -0.55844,
        1.56516,
        0.33341,
    )
    assert r.p_value == 1.0


def test_sequential_matches_growthbook_test_sequential_test_runs_prop():
    # default tuning parameter (5000): expected 0.50386, ci (0.40098, 0.60675), stddev
    # 0.03386, pValue 0.0
    r = sequential_test(ProportionStats(3000, 1396), ProportionStats(3461, 2422), relative=True)
    assert tuple(map(_r, (r.estimate, r.ci_low, r.ci_high, r.standard_error, r.p_value))) == (
        0.50386,
        0.40098,
        0.60675,
        0.03386,
        0.0,
    )


def test_sequential_matches_growthbook_test_sequential_test_runs_ra():
    # CUPED statistics with post_pre_sum_of_products = 1, theta pooled: expected 0.50338,
    # ci (-0.50969, 1.51646), stddev 0.33341, pValue 1
    ra = RegressionAdjustedStats(3000, 1396.87, 52377.9767, 16.87, 527.9767, 1)
    rb = RegressionAdjustedStats(3461, 2422.7, 134698.29, 22.7, 1348.29, 1)
    r = sequential_test(ra, rb, relative=True)
    assert tuple(map(_r, (r.estimate, r.ci_low, r.ci_high, r.standard_error))) == (
        0.50338,
        -0.50969,
        1.51646,
        0.33341,
    )
    assert r.p_value == 1.0


def test_sequential_interval_is_tightest_near_the_planned_sample_size():
    # gbstats test_sequential_test_tuning_as_expected (n = 6461)
    below, near, above = (
        sequential_test(A, B, relative=True, planned_sample_size=N) for N in (10, 6461, 10000)
    )
    assert (
        below.ci_low < above.ci_low < near.ci_low and near.ci_high < above.ci_high < below.ci_high
    )


def test_sequential_interval_is_wider_than_fixed_horizon():
    r = sequential_test(A, B)
    z = st.norm.ppf(0.975) * r.standard_error
    assert r.ci_high - r.ci_low > 2 * z


def test_sequential_error_for_empty_arm():
    r = sequential_test(SampleMeanStats(0, 0, 0), B)
    assert r.error and r.p_value == 1.0
    assert "planned sample size" in sequential_test(A, B, planned_sample_size=0).error


def test_aa_peeking_simulation_sequential_stays_within_alpha_naive_does_not():
    # 2,000 A/A experiments, each peeked 20 times (50 new units per arm per peek), seed fixed.
    rng = np.random.default_rng(20240601)
    sims, peeks, batch, alpha = 2000, 20, 50, 0.05
    x = rng.normal(size=(2, sims, peeks, batch))
    n = batch * np.arange(1, peeks + 1)
    sums = np.cumsum(x.sum(axis=3), axis=2)
    squares = np.cumsum((x * x).sum(axis=3), axis=2)
    var = (squares - sums**2 / n) / (n - 1)
    diff = sums[1] / n - sums[0] / n
    se = np.sqrt(var[0] / n + var[1] / n)
    naive_p = 2 * st.norm.sf(np.abs(diff / se))
    seq_p = always_valid_p_value(diff, se, 2 * n, planned_sample_size=2 * n[-1], alpha=alpha)
    naive_fpr = (naive_p < alpha).any(axis=1).mean()
    seq_fpr = (seq_p < alpha).any(axis=1).mean()
    single_look_fpr = (naive_p[:, -1] < alpha).mean()
    assert single_look_fpr == pytest.approx(alpha, abs=0.015)  # one look: fine
    assert naive_fpr > 2 * alpha  # peeking the fixed-horizon test inflates false positives
    assert seq_fpr <= alpha
