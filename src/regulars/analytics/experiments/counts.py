"""Tests on counts: a Poisson rate test (events over exposure) and the k-sample chi-square.

* ``poisson_rate_test``: two rates ``events / exposure`` (orders per customer-day); the
  difference (or ratio - 1 when ``relative``) with the Wald standard error
  ``sqrt(x1 / t1^2 + x2 / t2^2)`` (delta method on the log ratio for ``relative``), normal p;
  the conditional exact p-value and rate-ratio interval (binomial given the total, as R
  ``poisson.test(c(x2, x1), c(t2, t1))``) are ``exact_p`` and ``exact_ratio_ci``.
* ``k_sample_chi_square``: Pearson's chi-square of homogeneity over k arms' conversions (the
  omnibus test before pairwise comparisons), as R ``prop.test(x, n)`` for k > 2 and scipy
  ``chi2_contingency(correction=False)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as st


@dataclass(frozen=True)
class RateTestResult:
    control_rate: float
    treatment_rate: float
    relative: bool
    estimate: float
    standard_error: float
    ci_low: float
    ci_high: float
    p_value: float
    exact_p: float
    alpha: float
    error: str | None = None
    exact_ratio_ci: tuple[float, float] | None = None


@dataclass(frozen=True)
class OmnibusResult:
    chi_square: float
    df: int
    p_value: float
    error: str | None = None


def _failed_rate(alpha: float, error: str) -> RateTestResult:
    nan = math.nan
    return RateTestResult(nan, nan, False, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, alpha, error)


def poisson_rate_test(
    control_events: float,
    control_exposure: float,
    treatment_events: float,
    treatment_exposure: float,
    *,
    relative: bool = False,
    alpha: float = 0.05,
) -> RateTestResult:
    """Treatment rate against control rate (events per unit of exposure)."""
    x1, t1, x2, t2 = control_events, control_exposure, treatment_events, treatment_exposure
    if min(t1, t2) <= 0 or min(x1, x2) < 0:
        return _failed_rate(alpha, "Exposure must be positive and event counts not negative.")
    if x1 == 0 or (relative and x2 == 0):
        return _failed_rate(alpha, "Cannot compute: an arm has no events.")
    r1, r2 = x1 / t1, x2 / t2
    z = float(st.norm.ppf(1 - alpha / 2))
    if relative:
        se_log = math.sqrt(1 / x1 + 1 / x2)
        log_ratio = math.log(r2 / r1)
        est, se = r2 / r1 - 1, (r2 / r1) * se_log
        low, high = math.exp(log_ratio - z * se_log) - 1, math.exp(log_ratio + z * se_log) - 1
        p = float(2 * st.norm.sf(abs(log_ratio) / se_log))
    else:
        est, se = r2 - r1, math.sqrt(x1 / t1**2 + x2 / t2**2)
        low, high = est - z * se, est + z * se
        p = float(2 * st.norm.sf(abs(est) / se))
    exact = st.binomtest(int(round(x2)), int(round(x1 + x2)), t2 / (t1 + t2))
    ci = exact.proportion_ci(1 - alpha)  # Clopper-Pearson, as R's poisson.test
    ratio_ci = tuple(float(q / (1 - q) * t1 / t2) if q < 1 else math.inf for q in (ci.low, ci.high))
    return RateTestResult(
        r1, r2, relative, est, se, low, high, p, float(exact.pvalue), alpha, None, ratio_ci
    )


def k_sample_chi_square(conversions, n) -> OmnibusResult:
    """Pearson chi-square that every arm has the same conversion rate (no continuity
    correction)."""
    x = np.asarray(conversions, dtype=float)
    n = np.asarray(n, dtype=float)
    if x.size < 2 or x.shape != n.shape or (n <= 0).any() or (x < 0).any() or (x > n).any():
        return OmnibusResult(0.0, 0, 1.0, "Need two or more arms with 0 <= conversions <= n.")
    p = x.sum() / n.sum()
    if p in (0.0, 1.0):
        return OmnibusResult(0.0, x.size - 1, 1.0, "Cannot compute: every unit has the same value.")
    expected_yes, expected_no = n * p, n * (1 - p)
    chi2 = float((((x - expected_yes) ** 2) / expected_yes).sum())
    chi2 += float((((n - x - expected_no) ** 2) / expected_no).sum())
    df = x.size - 1
    return OmnibusResult(chi2, df, float(st.chi2.sf(chi2, df)))


@dataclass(frozen=True)
class RateStats:
    """Events over exposure (orders over customer-days): a Poisson rate. ``n`` is the exposure,
    so the per-unit variance is the rate itself and the moments of the other tests apply."""

    n: float
    events: float

    @property
    def mean(self) -> float:
        return self.events / self.n if self.n > 0 else 0.0

    @property
    def unadjusted_mean(self) -> float:
        return self.mean

    @property
    def variance(self) -> float:
        return self.mean


def rate_effect(control: RateStats, treatment: RateStats, *, relative: bool, alpha: float):
    """The Poisson rate test as an ``EffectResult``, as R's ``poisson.test``: the exact
    conditional p-value and, for the relative lift, the exact rate-ratio interval minus 1; the
    absolute difference of rates has the Wald interval."""
    from regulars.analytics.experiments.frequentist import EffectResult

    r = poisson_rate_test(
        control.events, control.n, treatment.events, treatment.n, relative=relative, alpha=alpha
    )
    method = "Poisson rate test (exact conditional p" + (", exact interval)" if relative else ")")
    if r.error:
        return EffectResult(method, relative, control.mean, treatment.mean, 0.0, 0.0, 0.0, 0.0,
                            1.0, alpha, "two-sided", 0, 0, 0.0, r.error)  # fmt: skip
    low, high = (
        (r.exact_ratio_ci[0] - 1, r.exact_ratio_ci[1] - 1) if relative else (r.ci_low, r.ci_high)
    )
    return EffectResult(
        method, relative, r.control_rate, r.treatment_rate, r.estimate, r.standard_error,
        low, high, r.exact_p, alpha, "two-sided", round(control.n), round(treatment.n),
    )  # fmt: skip
