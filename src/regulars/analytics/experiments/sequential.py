"""Always-valid inference: confidence sequences and p-values that survive daily peeking.

GrowthBook's sequential engine: the asymptotic normal-mixture confidence sequence of Howard et
al. (2021), in the form of Waudby-Smith et al. (arXiv 2103.06476v7, eqs. 9, 155, 161). With
``N`` the planned (total, both arms) sample size, ``n`` the current total and ``s2`` the
per-observation variance ``se^2 * n``::

    rho       = sqrt((-2 ln(alpha) + ln(-2 ln(alpha) + 1)) / N)
    halfwidth = sqrt(s2) * sqrt( 2 (n rho^2 + 1) / (n^2 rho^2) * ln( sqrt(n rho^2 + 1) / alpha ) )
    p-value   = min(1, sqrt(n rho^2 + 1) * exp(-rho^2 n (est/se)^2 / (2 (n rho^2 + 1))))

The interval is narrowest near ``n = N`` and valid at every n simultaneously, so the chance it
ever excludes a true zero effect, however often it is looked at, stays below alpha.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.experiments.frequentist import EffectResult, failed_result
from regulars.analytics.experiments.moments import effect_moments
from regulars.analytics.experiments.statistics import ArmStats

DEFAULT_PLANNED_SAMPLE_SIZE = 5000  # GrowthBook's default sequential tuning parameter


def sequential_rho(alpha: float, planned_sample_size: float) -> float:
    """The mixture's tuning parameter rho from alpha and the planned total sample size."""
    log_a = np.log(alpha)
    return float(np.sqrt((-2 * log_a + np.log(-2 * log_a + 1)) / planned_sample_size))


def confidence_sequence_halfwidth(se, n, planned_sample_size: float, alpha: float):
    """Half-width of the two-sided confidence sequence (vectorised over ``se`` and ``n``)."""
    rho2 = sequential_rho(alpha, planned_sample_size) ** 2
    n = np.asarray(n, dtype=float)
    s2 = np.asarray(se, dtype=float) ** 2 * n
    tr = n * rho2 + 1
    return np.sqrt(s2) * np.sqrt(2 * tr / (n**2 * rho2) * np.log(np.sqrt(tr) / alpha))


def always_valid_p_value(estimate, se, n, planned_sample_size: float, alpha: float):
    """The always-valid p-value (inverse of the mixture e-value, capped at 1); vectorised."""
    rho2 = sequential_rho(alpha, planned_sample_size) ** 2
    n = np.asarray(n, dtype=float)
    st2 = np.asarray(estimate, dtype=float) ** 2 * n / np.asarray(se, dtype=float) ** 2
    tr = n * rho2 + 1
    log_e = rho2 * st2 / (2 * tr) - 0.5 * np.log(tr)
    return np.minimum(1.0, np.exp(-log_e))


def sequential_test(
    control: ArmStats,
    treatment: ArmStats,
    *,
    relative: bool = False,
    alpha: float = 0.05,
    planned_sample_size: float = DEFAULT_PLANNED_SAMPLE_SIZE,
) -> EffectResult:
    """Two-sided always-valid test; ``planned_sample_size`` counts units in both arms together."""
    m = effect_moments(control, treatment, relative)
    method = "sequential (normal-mixture confidence sequence)"
    error = m.error
    if error is None and not 0 < alpha < 1:
        error = f"alpha must be between 0 and 1 (got {alpha})."
    if error is None and planned_sample_size <= 0:
        error = "The planned sample size must be positive."
    if error:
        return failed_result(method, m, alpha, "two-sided", error)
    n = m.n_control + m.n_treatment
    half = float(confidence_sequence_halfwidth(m.standard_error, n, planned_sample_size, alpha))
    p = float(always_valid_p_value(m.estimate, m.standard_error, n, planned_sample_size, alpha))
    return EffectResult(
        method,
        relative,
        m.control_mean,
        m.treatment_mean,
        m.estimate,
        m.standard_error,
        m.estimate - half,
        m.estimate + half,
        p,
        alpha,
        "two-sided",
        m.n_control,
        m.n_treatment,
        m.df,
    )
