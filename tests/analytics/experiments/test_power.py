"""Design calculations against Evan Miller's calculator and R's power.prop.test / power.t.test."""

import pytest

from regulars.analytics.experiments import (
    evan_miller_sample_size,
    mde_for_mean,
    mde_for_proportion,
    power_for_mean,
    power_for_proportion,
    power_prop_test,
    power_t_test,
    sample_size_mean,
    sample_size_proportion,
)


def test_evan_miller_default_example_baseline_20pct_mde_5pct():
    # https://www.evanmiller.org/ab-testing/sample-size.html defaults: baseline 20%, MDE 5%
    # absolute, power 80%, significance 5% -> "1,030" per variation (his page rounds).
    assert round(evan_miller_sample_size(0.20, 0.05)) == 1030
    # the same effect given as a relative 25% lift
    assert round(evan_miller_sample_size(0.20, 0.25, relative=True)) == 1030


def test_r_power_prop_test_examples():
    # R ?power.prop.test examples: power.prop.test(n = 50, p1 = .50, p2 = .75) -> power = 0.7401659
    assert power_prop_test(0.50, 0.75, n=50) == pytest.approx(0.7401659, abs=1e-7)
    # power.prop.test(p1 = .50, p2 = .75, power = .90) -> n = 76.7 (76.65 with R's uniroot tolerance
    # reported by some versions; the exact root of the same formula is 76.7069)
    assert power_prop_test(0.50, 0.75, power=0.90) == pytest.approx(76.7, abs=0.05)


def test_r_power_t_test_examples():
    # R ?power.t.test: power.t.test(n = 20, delta = 1) -> power = 0.8689528
    assert power_t_test(1, n=20) == pytest.approx(0.8689528, abs=1e-7)
    # power.t.test(power = .90, delta = 1) -> n = 22.02110
    assert power_t_test(1, power=0.90) == pytest.approx(22.02110, abs=1e-4)
    # power.t.test(power = .90, delta = 1, alternative = "one.sided") -> n = 17.84713
    assert power_t_test(1, power=0.90, one_sided=True) == pytest.approx(17.84713, abs=1e-4)


def test_sample_size_round_trips_through_power_and_mde():
    d = sample_size_proportion(0.10, 0.02)
    assert power_for_proportion(d.per_arm, 0.10, 0.02) == pytest.approx(0.80, abs=0.001)
    assert mde_for_proportion(d.per_arm, 0.10) == pytest.approx(0.02, abs=1e-4)
    m = sample_size_mean(50, 20, 2)
    assert power_for_mean(m.per_arm, 20, 2) == pytest.approx(0.80, abs=0.001)
    assert mde_for_mean(m.per_arm, 20) == pytest.approx(2, rel=1e-3)


def test_relative_mde_and_duration_from_daily_traffic():
    d = sample_size_proportion(0.031, 0.10, relative=True, daily_traffic=2000)
    assert d.absolute_mde == pytest.approx(0.0031)
    assert d.total == 2 * d.per_arm and d.days == -(-d.total // 2000)
    assert "unpooled" in d.formula


def test_more_arms_use_bonferroni_and_say_so():
    two = sample_size_mean(10, 5, 0.5)
    three = sample_size_mean(10, 5, 0.5, arms=3)
    assert three.alpha_per_comparison == pytest.approx(0.025)
    assert three.per_arm > two.per_arm and "Bonferroni" in three.formula


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(baseline=0.5, mde=0.0), "not be zero"),
        (dict(baseline=0.95, mde=0.10), "between 0 and 1"),
        (dict(baseline=0.1, mde=0.01, power=1.2), "power"),
        (dict(baseline=0.1, mde=0.01, arms=1), "two arms"),
    ],
)
def test_impossible_designs_carry_an_error(kwargs, words):
    d = sample_size_proportion(**kwargs)
    assert d.per_arm is None and words in d.error
