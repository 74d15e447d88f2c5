"""Model watch's arithmetic. The PSI is the binned form of Jeffreys' divergence (1948): between
two normal distributions with the same spread it is (mu1 - mu2)^2 / sigma^2 (0.25 at half a
standard deviation), which a fine binning of large samples reaches."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.monitoring import PSI_ALERT, predicted_vs_actual, psi, reading, watch


def test_psi_reaches_jeffreys_divergence_of_two_normals():
    rng = np.random.default_rng(1)
    then, now = rng.normal(0, 1, 400_000), rng.normal(0.5, 1, 400_000)
    assert psi(then, now, bins=40) == pytest.approx(0.25, rel=0.05)
    assert psi(then, rng.normal(1.0, 1, 400_000), bins=40) == pytest.approx(1.0, rel=0.05)


def test_psi_of_the_same_mix_is_about_zero_and_readings_follow_the_usual_cuts():
    rng = np.random.default_rng(2)
    assert psi(rng.gamma(2, 30, 50_000), rng.gamma(2, 30, 50_000)) < 0.01
    assert (reading(0.05), reading(0.2), reading(0.3)) == ("stable", "moved", "drifted")
    with pytest.raises(ValueError):
        psi([], [1.0])


def test_psi_with_a_bin_left_empty_is_finite():
    then = np.arange(1000.0)
    now = np.full(1000, 5.0)  # everyone in the first decile now
    value = psi(then, now)
    assert np.isfinite(value) and value > PSI_ALERT


def test_predicted_against_actual_and_the_drift_alert():
    c = predicted_vs_actual(["2026-01", "2026-02", "2026-03"], [100, 90, 80], [80, 90, 0])
    assert c.mape == pytest.approx((20 / 80 + 0) / 2)  # the month with none is left out
    rng = np.random.default_rng(3)
    steady = {"frequency": (rng.poisson(3, 5000), rng.poisson(3, 5000))}
    calm = watch(c, steady, validated_error=0.1)
    assert not calm.alert and "off by 12%" in calm.explanation
    moved = {"frequency": (rng.poisson(3, 5000), rng.poisson(6, 5000))}
    alarm = watch(c, moved, validated_error=0.1)
    assert alarm.alert and alarm.drift[0].reading == "drifted" and "frequency" in alarm.explanation
    off = predicted_vs_actual(["2026-01", "2026-02"], [100, 100], [50, 60])  # 67% and 100% off
    worse = watch(off, steady, validated_error=0.1)
    assert worse.alert and "worse than the 10%" in worse.explanation
    none = watch(predicted_vs_actual(["2026-01"], [5], [0]), steady)
    assert none.comparison.mape is None and "no purchases" in none.explanation
