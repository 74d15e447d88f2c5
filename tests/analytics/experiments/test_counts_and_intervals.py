"""Poisson rate test, k-sample chi-square and per-arm intervals against R and scipy."""

import math

import pytest
from scipy import stats as st

from regulars.analytics.experiments.counts import k_sample_chi_square, poisson_rate_test
from regulars.analytics.experiments.intervals import beta_credible_interval, wilson_interval


def test_poisson_rate_test_matches_r_poisson_test_two_sample():
    """R: poisson.test(c(11, 21), c(800, 3011)) -> p-value = 0.07967, rate ratio 1.971488,
    95% CI 0.8584264 4.2772659 (as quoted in a public validation table of R outputs, found by
    searching the code corpus). Our control is the second count: the ratio is treatment/control."""
    r = poisson_rate_test(21, 3011, 11, 800, relative=True)
    assert r.exact_p == pytest.approx(0.07967, abs=5e-6)
    assert r.estimate + 1 == pytest.approx(1.971488, abs=1e-6)
    assert r.exact_ratio_ci == pytest.approx((0.8584264, 4.2772659), abs=1e-7)
    # the Wald interval on the log ratio holds the same point and is of the same width order
    assert r.ci_low < r.estimate < r.ci_high


def test_poisson_absolute_difference_and_errors():
    r = poisson_rate_test(100, 1000, 150, 1000)
    assert r.estimate == pytest.approx(0.05)
    assert r.standard_error == pytest.approx((100 / 1000**2 + 150 / 1000**2) ** 0.5)
    assert r.p_value < 0.01 and not r.relative
    assert poisson_rate_test(1, 0, 1, 10).error
    assert poisson_rate_test(0, 10, 0, 10, relative=True).error


def test_k_sample_chi_square_matches_r_prop_test_smokers():
    """R ?prop.test: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82);
    prop.test(smokers, patients) -> X-squared = 12.6, df = 3, p-value = 0.005585."""
    r = k_sample_chi_square([83, 90, 129, 70], [86, 93, 136, 82])
    assert round(r.chi_square, 1) == 12.6 and r.df == 3
    assert r.p_value == pytest.approx(0.005585, abs=5e-7)
    table = [[x, n - x] for x, n in zip([83, 90, 129, 70], [86, 93, 136, 82])]
    assert r.chi_square == pytest.approx(st.chi2_contingency(table, correction=False)[0])
    assert k_sample_chi_square([1], [2]).error and k_sample_chi_square([0, 0], [5, 5]).error


@pytest.mark.parametrize("x,n", [(0, 10), (3, 10), (81, 263), (10, 10)])
def test_wilson_interval_equals_scipy_binomtest_wilson(x, n):
    ci = st.binomtest(x, n).proportion_ci(0.95, method="wilson")
    assert wilson_interval(x, n) == pytest.approx((ci.low, ci.high), abs=1e-12)


def test_beta_credible_interval_is_the_posterior_quantiles():
    low, high = beta_credible_interval(30, 100)
    assert (low, high) == pytest.approx(tuple(st.beta.ppf([0.025, 0.975], 31, 71)))
    assert all(math.isnan(x) for x in wilson_interval(1, 0))  # an empty arm has no interval
