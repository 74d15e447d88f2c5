"""Sample-ratio mismatch (R chisq.test vectors) and multiple-comparison corrections."""

import numpy as np
import pytest
from scipy import stats as st

from regulars.analytics.experiments import benjamini_hochberg, holm, sample_ratio_mismatch
from regulars.analytics.experiments.corrections import fcr_adjusted_alpha, holm_adjusted_alpha


def test_srm_matches_r_chisq_test_equal_probabilities():
    # R ?chisq.test: x <- c(A = 20, B = 15, C = 25); chisq.test(x) -> X-squared = 2.5, df = 2,
    # p = 0.2865
    r = sample_ratio_mismatch([20, 15, 25])
    assert (round(r.chi_square, 4), r.df, round(r.p_value, 4)) == (2.5, 2, 0.2865)
    assert not r.flagged


def test_srm_matches_r_chisq_test_given_probabilities():
    # R ?chisq.test: x <- c(89,37,30,28,2); p <- c(40,20,20,15,5); chisq.test(x, p = p,
    # rescale.p = TRUE)
    # -> X-squared = 9.9901, df = 4, p-value = 0.04059
    r = sample_ratio_mismatch([89, 37, 30, 28, 2], [40, 20, 20, 15, 5])
    assert (round(r.chi_square, 4), r.df, round(r.p_value, 5)) == (9.9901, 4, 0.04059)
    assert not r.flagged  # p >= 0.001


def test_srm_flags_a_broken_split_in_words():
    r = sample_ratio_mismatch([50_000, 48_500], [0.5, 0.5])
    assert r.flagged and r.p_value < 0.001
    assert "Sample ratio mismatch" in r.message and "do not trust" in r.message


@pytest.mark.parametrize(
    "observed, weights", [([10], None), ([10, -1], None), ([0, 0], None), ([5, 5], [1, 0])]
)
def test_srm_impossible_inputs_are_errors(observed, weights):
    r = sample_ratio_mismatch(observed, weights)
    assert r.error and not r.flagged


def test_holm_and_bh_hand_computed():
    p = [0.01, 0.02, 0.03, 0.04, 0.05]
    assert holm(p) == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.09])
    assert benjamini_hochberg(p) == pytest.approx([0.05] * 5)


def test_bh_matches_scipy_and_keeps_input_order():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, 25) ** 2
    assert benjamini_hochberg(p) == pytest.approx(st.false_discovery_control(p, method="bh"))
    shuffled = rng.permutation(25)
    assert benjamini_hochberg(p[shuffled]) == pytest.approx(benjamini_hochberg(p)[shuffled])
    assert np.all(holm(p) >= benjamini_hochberg(p) - 1e-15)


def test_adjusted_interval_levels():
    assert holm_adjusted_alpha(0.05, 4) == pytest.approx(0.0125)
    assert fcr_adjusted_alpha(0.05, 10, 2) == pytest.approx(0.01)
    assert holm([]).size == 0 and benjamini_hochberg([]).size == 0
