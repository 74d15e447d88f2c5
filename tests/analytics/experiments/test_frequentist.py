"""Fixed-horizon tests against published vectors (GrowthBook gbstats, R) and invariances."""

import numpy as np
import pytest
from scipy import stats as st

from regulars.analytics.experiments import (
    ProportionStats,
    RatioStats,
    SampleMeanStats,
    two_proportion_z_test,
    welch_t_test,
)

# Inputs shared by gbstats' frequentist tests:
# growthbook/growthbook packages/stats/tests/frequentist/test_tests.py (TestTwoSidedTTest.setUp)
GB_A = SampleMeanStats(n=3407, sum=1396.87, sum_squares=52377.9767)
GB_B = SampleMeanStats(n=3461, sum=2422.7, sum_squares=134698.29)
GB_A_3000 = SampleMeanStats(n=3000, sum=1396.87, sum_squares=52377.9767)


def _rounded(r):
    return tuple(
        round(x, 5) for x in (r.estimate, r.ci_low, r.ci_high, r.standard_error, r.p_value)
    )


def test_welch_matches_growthbook_two_sided_ttest_relative():
    # gbstats test_two_sided_ttest: expected 0.70732, ci (-0.03526, 1.44989), stddev 0.37879,
    # p 0.06191
    r = welch_t_test(GB_A, GB_B, relative=True)
    assert _rounded(r) == (0.70732, -0.03526, 1.44989, 0.37879, 0.06191)


def test_welch_matches_growthbook_two_sided_ttest_absolute():
    # gbstats test_two_sided_ttest_absolute: 0.29, ci (0.04538, 0.53462), stddev 0.12478, p 0.02016
    r = welch_t_test(GB_A, GB_B)
    assert _rounded(r) == (0.29, 0.04538, 0.53462, 0.12478, 0.02016)


def test_welch_matches_growthbook_two_sided_ttest_binom():
    # gbstats test_two_sided_ttest_binom: 14/28 vs 16/30, relative; ci (-0.47767, 0.61101),
    # stddev 0.2717, p 0.80707. gbstats uses var = p(1-p) (no n/(n-1)) and Welch df, as we do.
    r = welch_t_test(ProportionStats(28, 14), ProportionStats(30, 16), relative=True)
    assert _rounded(r) == (round((16 / 30 - 0.5) / 0.5, 5), -0.47767, 0.61101, 0.2717, 0.80707)


def test_welch_matches_growthbook_one_sided_greater_ttest():
    # gbstats TestOneSidedGreaterTTest.test_one_sided_ttest (n_a = 3000): relative
    r = welch_t_test(GB_A_3000, GB_B, relative=True, alternative="greater")
    assert r.estimate == pytest.approx(0.5033610858562358, abs=1e-9)
    assert r.ci_low == pytest.approx(-0.045136675850396046, abs=1e-9)
    assert r.ci_high == np.inf
    assert r.standard_error == pytest.approx(0.3334122146400735, abs=1e-9)
    assert r.p_value == pytest.approx(0.06558262868467746, abs=1e-9)


def test_welch_matches_growthbook_one_sided_greater_ttest_absolute():
    # gbstats TestOneSidedGreaterTTest.test_one_sided_ttest_absolute
    r = welch_t_test(GB_A_3000, GB_B, alternative="greater")
    assert r.estimate == pytest.approx(0.23437666666666668, abs=1e-9)
    assert r.ci_low == pytest.approx(0.020791480063255735, abs=1e-9)
    assert r.p_value == pytest.approx(0.03554272489873023, abs=1e-9)


def test_welch_matches_r_t_test_sleep_example():
    # R: t.test(extra ~ group, data = sleep) (?t.test example; datasets::sleep):
    # t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832 (group1 - group2).
    g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    # our effect is treatment - control, so treatment = group 1 reproduces R's sign
    r = welch_t_test(SampleMeanStats.from_values(g2), SampleMeanStats.from_values(g1))
    assert r.estimate / r.standard_error == pytest.approx(-1.8608, abs=1e-4)
    assert r.df == pytest.approx(17.776, abs=1e-3)
    assert r.p_value == pytest.approx(0.07939, abs=1e-5)
    assert r.ci == pytest.approx((-3.3654832, 0.2054832), abs=1e-7)


def test_swapping_arms_flips_the_absolute_effect():
    ab = welch_t_test(GB_A, GB_B)
    ba = welch_t_test(GB_B, GB_A)
    assert ba.estimate == pytest.approx(-ab.estimate)
    assert ba.ci == pytest.approx((-ab.ci_high, -ab.ci_low))
    assert ba.p_value == pytest.approx(ab.p_value)
    pa, pb = ProportionStats(1000, 31), ProportionStats(1000, 45)
    assert two_proportion_z_test(pb, pa).estimate == pytest.approx(
        -two_proportion_z_test(pa, pb).estimate
    )


def test_pooled_z_squared_equals_uncorrected_chi_square():
    # R prop.test(correct = FALSE) reports X-squared = z_pooled^2; scipy's contingency test agrees.
    a, b = ProportionStats(1000, 31), ProportionStats(1100, 52)
    r = two_proportion_z_test(a, b, pooled=True)
    chi2, p, _, _ = st.chi2_contingency([[31, 969], [52, 1048]], correction=False)
    assert r.p_value == pytest.approx(p, rel=1e-10)
    unpooled = two_proportion_z_test(a, b)
    assert unpooled.ci == r.ci  # the interval is unpooled either way


def test_relative_z_test_interval_uses_delta_method():
    a, b = ProportionStats(20000, 620), ProportionStats(20000, 720)
    r = two_proportion_z_test(a, b, relative=True)
    p1, p2 = 0.031, 0.036
    se = np.sqrt(p2 * (1 - p2) / 20000 / p1**2 + p2**2 * p1 * (1 - p1) / 20000 / p1**4)
    assert r.standard_error == pytest.approx(se)
    assert r.ci == pytest.approx((r.estimate - 1.959964 * se, r.estimate + 1.959964 * se), rel=1e-6)


def test_ratio_metric_with_unit_denominator_equals_mean_test():
    rng = np.random.default_rng(7)
    ya, yb = rng.gamma(2, 10, 500), rng.gamma(2, 11, 520)
    ratio = welch_t_test(
        RatioStats.from_values(ya, np.ones(500)), RatioStats.from_values(yb, np.ones(520))
    )
    mean = welch_t_test(SampleMeanStats.from_values(ya), SampleMeanStats.from_values(yb))
    assert ratio.estimate == pytest.approx(mean.estimate)
    assert ratio.standard_error == pytest.approx(mean.standard_error)


def test_ratio_metric_delta_method_matches_simulation():
    # revenue per order: the delta-method se should match the spread of simulated estimates
    rng = np.random.default_rng(11)

    def arm():
        orders = rng.poisson(2, 400) + 1
        revenue = orders * rng.gamma(3, 10, 400)
        return RatioStats.from_values(revenue, orders)

    stats = [arm() for _ in range(400)]
    spread = np.std([s.mean for s in stats])
    predicted = np.mean([np.sqrt(s.variance / s.n) for s in stats])
    assert predicted == pytest.approx(spread, rel=0.12)


@pytest.mark.parametrize(
    "a, b, words",
    [
        (SampleMeanStats(0, 0, 0), SampleMeanStats(10, 5, 10), "n = 0"),
        (SampleMeanStats(10, 10, 10), SampleMeanStats(10, 10, 10), "zero or negative variance"),
        (ProportionStats(100, 0), ProportionStats(100, 3), "zero or negative variance"),
        (ProportionStats(100, 3), SampleMeanStats(100, 3, 3), "different kinds"),
    ],
)
def test_impossible_inputs_return_frozen_error_result(a, b, words):
    r = welch_t_test(a, b)
    assert r.error and words in r.error
    assert (r.estimate, r.p_value, r.significant) == (0.0, 1.0, False)
    with pytest.raises(AttributeError):
        r.estimate = 1.0  # frozen


def test_relative_effect_with_zero_baseline_mean_is_an_error():
    r = welch_t_test(SampleMeanStats(10, 0.0, 10.0), SampleMeanStats(10, 5, 10), relative=True)
    assert "mean is zero" in r.error


def test_bad_options_are_errors_not_exceptions():
    assert "alpha" in welch_t_test(GB_A, GB_B, alpha=1.5).error
    assert "alternative" in welch_t_test(GB_A, GB_B, alternative="sideways").error
