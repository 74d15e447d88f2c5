"""Fixed-horizon frequentist tests: Welch t-test, two-proportion z-test, ratio metrics.

Conventions, stated rather than hidden:

* ``welch_t_test`` works on any statistic (mean, proportion, ratio, CUPED) through its mean and
  variance, uses the Welch-Satterthwaite degrees of freedom and the Student t distribution; this
  is GrowthBook's ``TwoSidedTTest`` (its proportion variance is ``p(1-p)``, not ``p(1-p) n/(n-1)``).
* ``two_proportion_z_test`` uses the normal distribution. Its confidence interval always uses the
  unpooled standard error ``sqrt(p1 q1 / n1 + p2 q2 / n2)``; the test statistic uses the same
  unpooled error by default, or the pooled ``sqrt(p q (1/n1 + 1/n2))`` with ``pooled=True`` (then
  ``z^2`` equals R's ``prop.test(correct = FALSE)`` chi-square).
* ``relative=True`` reports ``(b - a) / a`` with a delta-method standard error (as GrowthBook).
* ``alternative`` is ``"two-sided"``, ``"greater"`` (treatment above control) or ``"less"``;
  one-sided intervals are half-open (one bound infinite).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as st

from regulars.analytics.experiments.moments import EffectMoments, effect_moments
from regulars.analytics.experiments.statistics import ArmStats, ProportionStats

Alternative = Literal["two-sided", "greater", "less"]
ALTERNATIVES = ("two-sided", "greater", "less")


@dataclass(frozen=True)
class EffectResult:
    """The effect of a treatment over control, with interval and p-value (or an ``error``)."""

    method: str
    relative: bool
    control_mean: float
    treatment_mean: float
    estimate: float
    standard_error: float
    ci_low: float
    ci_high: float
    p_value: float
    alpha: float
    alternative: str
    n_control: int
    n_treatment: int
    df: float = float("inf")
    error: str | None = None

    @property
    def significant(self) -> bool:
        return self.error is None and self.p_value < self.alpha

    @property
    def ci(self) -> tuple[float, float]:
        return (self.ci_low, self.ci_high)


def failed_result(
    method: str, m: EffectMoments, alpha: float, alternative: str, error: str
) -> EffectResult:
    """The uninformative result (estimate 0, p-value 1) carrying ``error``."""
    return EffectResult(
        method,
        m.relative,
        m.control_mean,
        m.treatment_mean,
        0.0,
        0.0,
        0.0,
        0.0,
        1.0,
        alpha,
        alternative,
        m.n_control,
        m.n_treatment,
        0.0,
        error,
    )


def _check_options(alpha: float, alternative: str) -> str | None:
    if not 0 < alpha < 1:
        return f"alpha must be between 0 and 1 (got {alpha})."
    if alternative not in ALTERNATIVES:
        return f"alternative must be one of {ALTERNATIVES} (got {alternative!r})."
    return None


@dataclass(frozen=True)
class _Distribution:
    """Student t with ``df`` degrees of freedom, or the standard normal (``df`` None): scipy's own
    functions with the same arguments as a frozen distribution, without its costly set-up."""

    df: float | None = None

    def _call(self, name: str, x):
        return getattr(st.norm, name)(x) if self.df is None else getattr(st.t, name)(x, self.df)

    def ppf(self, q):
        return self._call("ppf", q)

    def sf(self, x):
        return self._call("sf", x)

    def cdf(self, x):
        return self._call("cdf", x)


_NORMAL = _Distribution()


def _interval_and_p(stat, estimate: float, se: float, alpha: float, alternative: str, null: float):
    """CI and p-value for a location-scale ``stat`` distribution (t with df, or normal)."""
    z = (estimate - null) / se
    if alternative == "two-sided":
        half = stat.ppf(1 - alpha / 2) * se
        return estimate - half, estimate + half, float(2 * stat.sf(abs(z)))
    half = stat.ppf(1 - alpha) * se
    if alternative == "greater":
        return estimate - half, float("inf"), float(stat.sf(z))
    return float("-inf"), estimate + half, float(stat.cdf(z))


def _from_moments(
    method, m: EffectMoments, alpha, alternative, dist, null=0.0, test_se=None
) -> EffectResult:
    error = m.error or _check_options(alpha, alternative)
    if error:
        return failed_result(method, m, alpha, alternative, error)
    low, high, _ = _interval_and_p(dist, m.estimate, m.standard_error, alpha, alternative, null)
    _, _, p = _interval_and_p(
        dist, m.estimate, test_se or m.standard_error, alpha, alternative, null
    )
    return EffectResult(
        method,
        m.relative,
        m.control_mean,
        m.treatment_mean,
        m.estimate,
        m.standard_error,
        float(low),
        float(high),
        p,
        alpha,
        alternative,
        m.n_control,
        m.n_treatment,
        m.df,
    )


def welch_t_test(
    control: ArmStats,
    treatment: ArmStats,
    *,
    relative: bool = False,
    alpha: float = 0.05,
    alternative: Alternative = "two-sided",
    null: float = 0.0,
) -> EffectResult:
    """Welch's unequal-variance t-test of treatment minus control (or relative lift).

    Works for mean, proportion, ratio (delta method) and CUPED statistics alike; for a ratio
    metric such as revenue per order pass :class:`RatioStats` for both arms.
    """
    m = effect_moments(control, treatment, relative)
    dist = _Distribution(m.df) if m.error is None and np.isfinite(m.df) else _NORMAL
    return _from_moments("Welch t-test", m, alpha, alternative, dist, null)


def _pooled_se(control: ProportionStats, treatment: ProportionStats, relative: bool) -> float:
    p = (control.conversions + treatment.conversions) / (control.n + treatment.n)
    se = float(np.sqrt(p * (1 - p) * (1 / control.n + 1 / treatment.n)))
    return se / control.mean if relative else se


def two_proportion_z_test(
    control: ProportionStats,
    treatment: ProportionStats,
    *,
    relative: bool = False,
    pooled: bool = False,
    alpha: float = 0.05,
    alternative: Alternative = "two-sided",
) -> EffectResult:
    """Two-proportion z-test; unpooled CI always, pooled test statistic if ``pooled``."""
    m = effect_moments(control, treatment, relative)
    test_se = None
    if m.error is None and pooled:
        test_se = _pooled_se(control, treatment, relative)
    name = "two-proportion z-test (pooled)" if pooled else "two-proportion z-test"
    return _from_moments(name, m, alpha, alternative, _NORMAL, test_se=test_se)


def ratio_test(control, treatment, **kwargs) -> EffectResult:
    """A ratio metric (revenue per order) by the delta method; same options as ``welch_t_test``."""
    return welch_t_test(control, treatment, **kwargs)
