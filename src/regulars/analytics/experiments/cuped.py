"""CUPED variance reduction and revenue outlier capping.

CUPED (Deng et al. 2013) subtracts ``theta * (pre - mean(pre))`` from each unit's metric, where
``theta = cov(pre, post) / var(pre)`` is estimated on both arms pooled together (as GrowthBook's
``compute_theta`` does), so the adjustment cannot favour either arm. The treatment effect keeps its
meaning; only its variance shrinks, by a factor ``1 - corr(pre, post)^2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.experiments.statistics import RegressionAdjustedStats


def pooled_theta(control: RegressionAdjustedStats, treatment: RegressionAdjustedStats) -> float:
    """``cov(pre, post) / var(pre)`` over both arms pooled; 0 when either has no variance."""
    joint = RegressionAdjustedStats(
        n=control.n + treatment.n,
        post_sum=control.post_sum + treatment.post_sum,
        post_sum_squares=control.post_sum_squares + treatment.post_sum_squares,
        pre_sum=control.pre_sum + treatment.pre_sum,
        pre_sum_squares=control.pre_sum_squares + treatment.pre_sum_squares,
        post_pre_sum_of_products=control.post_pre_sum_of_products
        + treatment.post_pre_sum_of_products,
    )
    if joint.pre.variance <= 0 or joint.post.variance <= 0:
        return 0.0
    return joint.covariance / joint.pre.variance


def with_pooled_theta(
    control: RegressionAdjustedStats, treatment: RegressionAdjustedStats
) -> tuple[RegressionAdjustedStats, RegressionAdjustedStats, float]:
    """Both arms with the pooled theta set (an explicit theta already set is kept)."""
    if control.theta is not None and treatment.theta is not None:
        return control, treatment, control.theta
    theta = pooled_theta(control, treatment)
    return control.with_theta(theta), treatment.with_theta(theta), theta


def relative_variance(
    control: RegressionAdjustedStats, treatment: RegressionAdjustedStats
) -> float:
    """Delta-method variance of ``(adj_mean_b - adj_mean_a) / unadjusted_mean_a``.

    Same expression as gbstats ``frequentist_variance_relative_cuped``: the control's unadjusted
    mean is in the denominator, so its sampling noise (and its covariance with the pre-period)
    enters the control's term.
    """
    mean_a = control.unadjusted_mean
    if control.n == 0 or treatment.n == 0 or mean_a == 0:
        return 0.0
    theta = control.theta or 0.0
    v_trt = treatment.variance / (treatment.n * mean_a**2)
    const = -treatment.post.mean
    num = (
        control.post.variance * const**2 / mean_a**2
        + 2 * theta * control.covariance * const / mean_a
        + theta**2 * control.pre.variance
    )
    return v_trt + num / (control.n * mean_a**2)


def variance_reduction(
    control: RegressionAdjustedStats, treatment: RegressionAdjustedStats
) -> float:
    """Share of the absolute-effect variance CUPED removes (0 = none, 0.5 = half)."""
    a, b, _ = with_pooled_theta(control, treatment)
    raw = a.post.variance / a.n + b.post.variance / b.n if a.n and b.n else 0.0
    if raw <= 0:
        return 0.0
    return 1.0 - (a.variance / a.n + b.variance / b.n) / raw


@dataclass(frozen=True)
class CappedValues:
    """Values winsorized at ``cap`` (the ``percentile``-th percentile of the input)."""

    values: np.ndarray
    cap: float
    percentile: float
    n_capped: int


def winsorize(values, percentile: float = 99.0) -> CappedValues:
    """Cap values above the chosen percentile (revenue outliers); the cap value is returned.

    Only the upper tail is capped, as revenue metrics are bounded below by zero. The percentile
    uses numpy's default (linear) interpolation. An empty input returns an empty array, cap NaN.
    """
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return CappedValues(arr.copy(), float("nan"), percentile, 0)
    cap = float(np.percentile(arr, percentile))
    capped = np.minimum(arr, cap)
    return CappedValues(capped, cap, percentile, int((arr > cap).sum()))
