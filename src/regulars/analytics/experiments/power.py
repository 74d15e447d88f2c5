"""Experiment design: sample size, duration, power and minimum detectable effect.

Default formulas (normal approximation, two-sided, equal arms, comparisons against control):

* proportion: ``n = (z_{1-a/2} + z_{1-b})^2 (p1 q1 + p2 q2) / d^2`` (unpooled under H0 and H1);
* mean:       ``n = 2 (z_{1-a/2} + z_{1-b})^2 sd^2 / d^2``;
* with k arms, ``a`` is Bonferroni-divided by the k - 1 comparisons to control.

Other published conventions, for matching other tools:

* ``evan_miller_sample_size``: Evan Miller's calculator, pooled baseline variance under H0 and
  unpooled under H1: ``n = (z_{1-a/2} sqrt(2 p q) + z_{1-b} sqrt(p1 q1 + p2 q2))^2 / d^2``;
* ``power_prop_test``: R's ``power.prop.test`` (strict = FALSE), like Evan Miller's but the H0
  variance uses the average of the two rates;
* ``power_t_test``: R's ``power.t.test`` with the exact noncentral t distribution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import optimize
from scipy import stats as st


@dataclass(frozen=True)
class Design:
    per_arm: int | None
    total: int | None
    days: int | None
    arms: int
    alpha: float
    alpha_per_comparison: float
    power: float
    baseline: float
    absolute_mde: float
    formula: str
    error: str | None = None


def _z(p: float) -> float:
    return float(st.norm.ppf(p))


def _alpha_per_comparison(alpha: float, arms: int) -> float:
    return alpha / max(arms - 1, 1)


def _absolute(baseline: float, mde: float, relative: bool) -> float:
    return abs(baseline * mde) if relative else abs(mde)


def _check(alpha: float, power: float, arms: int, mde: float) -> str | None:
    if not 0 < alpha < 1 or not 0 < power < 1:
        return "alpha and power must both be between 0 and 1."
    if arms < 2:
        return "An experiment needs at least two arms (control and one treatment)."
    if mde == 0:
        return "The minimum detectable effect must not be zero."
    return None


def _design(n: float, arms, alpha, power, baseline, d, daily_traffic, formula) -> Design:
    per_arm = math.ceil(n - 1e-9)
    total = per_arm * arms
    days = math.ceil(total / daily_traffic) if daily_traffic else None
    a_c = _alpha_per_comparison(alpha, arms)
    bonf = (
        f"; alpha {alpha:g} split over {arms - 1} comparisons to control (Bonferroni)"
        if arms > 2
        else ""
    )
    return Design(per_arm, total, days, arms, alpha, a_c, power, baseline, d, formula + bonf)


def _failed(arms, alpha, power, baseline, error) -> Design:
    return Design(
        None,
        None,
        None,
        arms,
        alpha,
        _alpha_per_comparison(alpha, max(arms, 2)),
        power,
        baseline,
        0.0,
        "",
        error,
    )


def sample_size_proportion(
    baseline: float,
    mde: float,
    *,
    relative: bool = False,
    power: float = 0.8,
    alpha: float = 0.05,
    arms: int = 2,
    daily_traffic: float | None = None,
) -> Design:
    """Units per arm (and days, given total daily traffic) to detect ``mde`` on a conversion
    rate."""
    d = _absolute(baseline, mde, relative)
    p2 = baseline + d
    error = _check(alpha, power, arms, d)
    if error is None and not (0 < baseline < 1 and 0 < p2 < 1):
        error = "The baseline and the baseline plus the effect must both be rates between 0 and 1."
    if error:
        return _failed(arms, alpha, power, baseline, error)
    z = _z(1 - _alpha_per_comparison(alpha, arms) / 2) + _z(power)
    n = z**2 * (baseline * (1 - baseline) + p2 * (1 - p2)) / d**2
    words = (
        "n per arm = (z(1-alpha/2) + z(power))^2 x (p1(1-p1) + p2(1-p2)) / (p2-p1)^2, "
        "two-sided normal approximation, unpooled variance"
    )
    return _design(n, arms, alpha, power, baseline, d, daily_traffic, words)


def sample_size_mean(
    baseline_mean: float,
    std_dev: float,
    mde: float,
    *,
    relative: bool = False,
    power: float = 0.8,
    alpha: float = 0.05,
    arms: int = 2,
    daily_traffic: float | None = None,
) -> Design:
    """Units per arm to detect ``mde`` on a mean metric with standard deviation ``std_dev``."""
    d = _absolute(baseline_mean, mde, relative)
    error = _check(alpha, power, arms, d) or (
        None if std_dev > 0 else "The standard deviation must be positive."
    )
    if error:
        return _failed(arms, alpha, power, baseline_mean, error)
    z = _z(1 - _alpha_per_comparison(alpha, arms) / 2) + _z(power)
    n = 2 * z**2 * std_dev**2 / d**2
    words = (
        "n per arm = 2 x (z(1-alpha/2) + z(power))^2 x sd^2 / effect^2, "
        "two-sided normal approximation"
    )
    return _design(n, arms, alpha, power, baseline_mean, d, daily_traffic, words)


def power_for_mean(
    n_per_arm: float, std_dev: float, effect: float, alpha: float = 0.05, arms: int = 2
) -> float:
    """Power of a two-sided z-test to detect an absolute ``effect`` with ``n_per_arm`` per arm."""
    z_a = _z(1 - _alpha_per_comparison(alpha, arms) / 2)
    shift = abs(effect) / (std_dev * math.sqrt(2 / n_per_arm))
    return float(st.norm.cdf(shift - z_a) + st.norm.cdf(-shift - z_a))


def power_for_proportion(
    n_per_arm: float, baseline: float, effect: float, alpha: float = 0.05, arms: int = 2
) -> float:
    """Power (unpooled normal approximation) to detect an absolute ``effect`` on a rate."""
    p2 = baseline + effect
    se = math.sqrt((baseline * (1 - baseline) + p2 * (1 - p2)) / n_per_arm)
    z_a = _z(1 - _alpha_per_comparison(alpha, arms) / 2)
    return float(st.norm.cdf(abs(effect) / se - z_a) + st.norm.cdf(-abs(effect) / se - z_a))


def mde_for_mean(
    n_per_arm: float, std_dev: float, power: float = 0.8, alpha: float = 0.05, arms: int = 2
) -> float:
    """Smallest absolute effect on a mean detectable with ``power`` (one-tail approximation)."""
    z = _z(1 - _alpha_per_comparison(alpha, arms) / 2) + _z(power)
    return z * std_dev * math.sqrt(2 / n_per_arm)


def mde_for_proportion(
    n_per_arm: float, baseline: float, power: float = 0.8, alpha: float = 0.05, arms: int = 2
) -> float:
    """Smallest absolute lift on a rate detectable with ``power`` (solved numerically)."""
    gap = lambda d: power_for_proportion(n_per_arm, baseline, d, alpha, arms) - power  # noqa: E731
    upper = 1 - baseline - 1e-12
    if gap(upper) < 0:
        return float("nan")
    return float(optimize.brentq(gap, 1e-12, upper, xtol=1e-12))


def evan_miller_sample_size(
    baseline: float, mde: float, *, relative: bool = False, power: float = 0.8, alpha: float = 0.05
) -> float:
    """Evan Miller's calculator (evanmiller.org/ab-testing/sample-size.html), unrounded.

    His page shows this rounded to the nearest unit, per variation.
    """
    d = _absolute(baseline, mde, relative)
    p2 = baseline + d
    sd1 = math.sqrt(2 * baseline * (1 - baseline))
    sd2 = math.sqrt(baseline * (1 - baseline) + p2 * (1 - p2))
    return (_z(1 - alpha / 2) * sd1 + _z(power) * sd2) ** 2 / d**2


def power_prop_test(
    p1: float, p2: float, *, n: float | None = None, power: float | None = None, alpha: float = 0.05
) -> float:
    """R's ``power.prop.test`` (two-sided, strict = FALSE): the power for ``n``, or ``n`` for
    ``power``."""
    q1, q2, d = 1 - p1, 1 - p2, abs(p1 - p2)
    h0 = math.sqrt((p1 + p2) * (q1 + q2) / 2)
    h1 = math.sqrt(p1 * q1 + p2 * q2)
    z_a = _z(1 - alpha / 2)
    if n is not None:
        return float(st.norm.cdf((math.sqrt(n) * d - z_a * h0) / h1))
    return (z_a * h0 + _z(power) * h1) ** 2 / d**2


def _t_power(n: float, delta: float, sd: float, alpha: float, one_sided: bool) -> float:
    df = 2 * (n - 1)
    tails = 1 if one_sided else 2
    ncp = math.sqrt(n / 2) * delta / sd
    return float(st.nct.sf(st.t.ppf(1 - alpha / tails, df), df, ncp))


def power_t_test(
    delta: float,
    *,
    sd: float = 1.0,
    n: float | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    one_sided: bool = False,
) -> float:
    """R's ``power.t.test`` (two-sample, strict = FALSE): the power for ``n``, or ``n`` for
    ``power``."""
    if n is not None:
        return _t_power(n, delta, sd, alpha, one_sided)
    return float(
        optimize.brentq(
            lambda x: _t_power(x, delta, sd, alpha, one_sided) - power, 2, 1e7, xtol=1e-10
        )
    )
