"""Per-arm intervals for a conversion rate: Wilson's score interval and the Beta posterior's
equal-tailed credible interval.

* ``wilson_interval``: Wilson (1927), the score interval without continuity correction, as
  statsmodels ``proportion_confint(method="wilson")`` and R ``prop.test(correct = FALSE)``;
* ``beta_credible_interval``: the ``alpha/2`` and ``1 - alpha/2`` quantiles of
  Beta(prior_alpha + conversions, prior_beta + n - conversions), Beta(1, 1) by default.
"""

from __future__ import annotations

import math

from scipy import stats as st


def wilson_interval(conversions: float, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for ``conversions`` of ``n``; (nan, nan) for an empty arm."""
    if n <= 0 or not 0 <= conversions <= n:
        return (math.nan, math.nan)
    z = float(st.norm.ppf(1 - alpha / 2))
    p = conversions / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def beta_credible_interval(
    conversions: float,
    n: int,
    alpha: float = 0.05,
    prior_alpha: float = 1.0,
    prior_beta: float = 1.0,
) -> tuple[float, float]:
    """Equal-tailed credible interval of the rate's Beta posterior."""
    if n < 0 or not 0 <= conversions <= n or prior_alpha <= 0 or prior_beta <= 0:
        return (math.nan, math.nan)
    a, b = prior_alpha + conversions, prior_beta + n - conversions
    low, high = st.beta.ppf([alpha / 2, 1 - alpha / 2], a, b)
    return (float(low), float(high))
