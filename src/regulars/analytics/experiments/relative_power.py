"""GrowthBook's relative-effect power and minimum detectable effect, for several variations and
optionally for its sequential test (growthbook packages/shared/src/power.ts).

With ``n`` units in all, split evenly over ``variations`` arms (control included), a metric of
mean ``m`` and per-unit variance ``v`` (``p (1 - p)`` for a rate), and a relative effect ``e``:

* the delta-method variance of the lift is ``v / (m^2 n_a) + v (m (1 + e))^2 / (m^4 n_a)`` with
  ``n_a = n / variations``;
* power is ``1 - Phi(z* - e / se) + Phi(-z* - e / se)`` (two-sided);
* the MDE solves the quadratic GrowthBook solves for the treatment mean;
* sequentially (tuning N*), the variance is inflated so that the normal interval is as wide as
  the confidence sequence at ``2 n_a`` units.
"""

from __future__ import annotations

import math

from scipy import stats as st

from regulars.analytics.experiments.sequential import sequential_rho


def _sequential_variance(variance: float, n: float, alpha: float, tuning: float) -> float:
    rho = sequential_rho(alpha, tuning)
    radical = 2 * (n * rho**2 + 1) * math.log(math.sqrt(n * rho**2 + 1) / alpha) / (n * rho) ** 2
    z_star = float(st.norm.ppf(1 - alpha / 2))
    se = math.sqrt(variance / n) * math.sqrt(n) * math.sqrt(radical) / z_star
    return n * se**2


def _relative_variance(m: float, v: float, effect: float, n_a: float) -> float:
    return v / (m**2 * n_a) + v * (m * (1 + effect)) ** 2 / (m**4 * n_a)


def relative_power(
    mean: float,
    variance: float,
    effect: float,
    n: float,
    variations: int = 2,
    alpha: float = 0.05,
    sequential_tuning: float | None = None,
) -> float:
    """Power to detect a relative ``effect`` with ``n`` units over ``variations`` arms."""
    n_a = n / variations
    var = _relative_variance(mean, variance, effect, n_a)
    if sequential_tuning:
        var = _sequential_variance(var, 2 * n_a, alpha, sequential_tuning)
    se = math.sqrt(var)
    z_star = float(st.norm.ppf(1 - alpha / 2))
    return float(st.norm.sf(z_star - effect / se) + st.norm.cdf(-z_star - effect / se))


def relative_mde(
    mean: float,
    variance: float,
    power: float,
    n: float,
    variations: int = 2,
    alpha: float = 0.05,
    sequential_tuning: float | None = None,
) -> float:
    """Smallest relative effect detectable with ``power`` (nan when none is: more units needed)."""
    if power <= alpha:
        return math.nan
    n_a = n / variations
    z = float(st.norm.ppf(1 - alpha / 2) - st.norm.ppf(1 - power))
    v = variance
    if sequential_tuning:
        v = _sequential_variance(variance, 2 * n_a, alpha, sequential_tuning)
    if n_a <= v * z**2 / mean**2:
        return math.nan
    sigma2 = v / n_a
    a = 1 - z**2 * sigma2 / mean**2
    b = -2 * mean
    c = mean**2 - z**2 * sigma2
    treated = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return (treated - mean) / mean
