"""The first two moments of a treatment effect: point estimate, standard error, Welch df.

Shared by the frequentist, sequential and Bayesian tests (GrowthBook's ``EffectMoments``). The
relative effect is ``(mean_b - mean_a) / mean_a``; its variance is the delta-method
``var_b/(n_b mu_a^2) + mu_b^2 var_a/(n_a mu_a^4)``, exactly as gbstats computes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.experiments import cuped
from regulars.analytics.experiments.statistics import ArmStats, RegressionAdjustedStats

ZERO_VARIANCE = (
    "Cannot compute: a variation has zero or negative variance (every value is the same)."
)
EMPTY_ARM = "Cannot compute: a variation has no units (n = 0)."
ZERO_BASELINE = "Cannot compute a relative effect: the control's mean is zero."
MIXED_TYPES = "Cannot compare: control and treatment are different kinds of statistic."


@dataclass(frozen=True)
class EffectMoments:
    control_mean: float
    treatment_mean: float
    estimate: float
    standard_error: float
    df: float
    relative: bool
    n_control: int
    n_treatment: int
    theta: float | None = None
    error: str | None = None


def welch_df(var_a: float, n_a: int, var_b: float, n_b: int) -> float:
    """Welch-Satterthwaite degrees of freedom for the difference of two means."""
    a, b = var_a / n_a, var_b / n_b
    den = a * a / (n_a - 1) + b * b / (n_b - 1) if n_a > 1 and n_b > 1 else 0.0
    return (a + b) ** 2 / den if den > 0 else float("inf")


def _failed(control, treatment, relative: bool, error: str) -> EffectMoments:
    return EffectMoments(
        control.unadjusted_mean,
        treatment.unadjusted_mean,
        0.0,
        0.0,
        0.0,
        relative,
        control.n,
        treatment.n,
        None,
        error,
    )


def _problem(control: ArmStats, treatment: ArmStats, relative: bool) -> str | None:
    if type(control) is not type(treatment):
        return MIXED_TYPES
    if control.n <= 0 or treatment.n <= 0:
        return EMPTY_ARM
    if control.variance <= 0 or treatment.variance <= 0:
        return ZERO_VARIANCE
    if relative and control.unadjusted_mean == 0:
        return ZERO_BASELINE
    return None


def effect_moments(control: ArmStats, treatment: ArmStats, relative: bool = False) -> EffectMoments:
    """Point estimate and standard error of the effect of ``treatment`` over ``control``."""
    if isinstance(control, RegressionAdjustedStats) and isinstance(
        treatment, RegressionAdjustedStats
    ):
        control, treatment, theta = cuped.with_pooled_theta(control, treatment)
    else:
        theta = None
    error = _problem(control, treatment, relative)
    if error:
        return _failed(control, treatment, relative, error)
    var_a, n_a, var_b, n_b = control.variance, control.n, treatment.variance, treatment.n
    mu_a = control.unadjusted_mean
    diff = treatment.mean - control.mean
    if relative and theta is not None:
        variance = cuped.relative_variance(control, treatment)
    elif relative:
        variance = var_b / (n_b * mu_a**2) + treatment.unadjusted_mean**2 * var_a / (n_a * mu_a**4)
    else:
        variance = var_b / n_b + var_a / n_a
    return EffectMoments(
        control_mean=mu_a,
        treatment_mean=treatment.unadjusted_mean,
        estimate=diff / mu_a if relative else diff,
        standard_error=float(np.sqrt(variance)),
        df=welch_df(var_a, n_a, var_b, n_b),
        relative=relative,
        n_control=n_a,
        n_treatment=n_b,
        theta=theta,
    )
