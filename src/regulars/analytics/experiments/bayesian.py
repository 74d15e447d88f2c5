"""Bayesian A/B results: chance to win, credible interval and risk (expected loss).

``gaussian_effect_test`` is GrowthBook's current engine (``EffectBayesianABTest``): the effect
(relative lift by default, or absolute difference) has a normal prior ``N(prior.mean,
prior.variance)`` (or a flat, improper prior when ``prior.proper`` is False), the data give a
normal likelihood centred on the observed effect with the delta-method variance, and the
posterior is normal with precision ``1/data_var + 1/prior_var``.

* chance to win = P(effect > 0) (P(effect < 0) for an ``inverse`` metric where lower is better);
* risk = ``[E[max(effect, 0)], E[max(-effect, 0)]]``: the expected loss of keeping control, and
  of shipping the treatment (swapped for inverse metrics), in the effect's units.

``beta_binomial_test`` is for tiny conversion samples, where the normal approximation is poor:
Beta(1, 1) priors (or stated ones), chance to win by Evan Miller's exact finite sum when the
treatment's posterior alpha is an integer, otherwise by numerical integration. No Monte Carlo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import integrate
from scipy import stats as st
from scipy.special import betaln

from regulars.analytics.experiments.moments import effect_moments
from regulars.analytics.experiments.statistics import ArmStats, ProportionStats


@dataclass(frozen=True)
class GaussianPrior:
    mean: float = 0.0
    variance: float = 1.0
    proper: bool = False


@dataclass(frozen=True)
class BayesianResult:
    relative: bool
    control_mean: float
    treatment_mean: float
    expected: float
    posterior_sd: float
    ci_low: float
    ci_high: float
    chance_to_win: float
    risk_control: float
    risk_treatment: float
    n_control: int
    n_treatment: int
    error: str | None = None

    @property
    def ci(self) -> tuple[float, float]:
        return (self.ci_low, self.ci_high)


def normal_risk(mu: float, sigma: float) -> tuple[float, float]:
    """``(E[max(X, 0)], E[max(-X, 0)])`` for X ~ N(mu, sigma^2), in closed form."""
    z = mu / sigma
    upside = mu * st.norm.cdf(z) + sigma * st.norm.pdf(z)
    return float(upside), float(upside - mu)


def _posterior(estimate: float, data_var: float, prior: GaussianPrior) -> tuple[float, float]:
    if not prior.proper:
        return estimate, data_var
    precision = 1 / data_var + 1 / prior.variance
    mean = (estimate / data_var + prior.mean / prior.variance) / precision
    return mean, 1 / precision


def gaussian_effect_test(
    control: ArmStats,
    treatment: ArmStats,
    *,
    relative: bool = True,
    prior: GaussianPrior = GaussianPrior(),
    alpha: float = 0.05,
    inverse: bool = False,
) -> BayesianResult:
    """Normal-normal posterior for the effect; the prior is on the same scale as the effect."""
    m = effect_moments(control, treatment, relative)
    error = m.error
    if error is None and prior.proper and prior.variance <= 0:
        error = "A proper prior needs a positive variance."
    if error:
        return BayesianResult(
            relative,
            m.control_mean,
            m.treatment_mean,
            0.0,
            0.0,
            0.0,
            0.0,
            0.5,
            0.0,
            0.0,
            m.n_control,
            m.n_treatment,
            error,
        )
    mean, var = _posterior(m.estimate, m.standard_error**2, prior)
    sd = float(np.sqrt(var))
    p_up = float(st.norm.sf(0, mean, sd))
    up, down = normal_risk(mean, sd)
    low, high = st.norm.ppf([alpha / 2, 1 - alpha / 2], mean, sd)
    ctw, risk = (1 - p_up, (down, up)) if inverse else (p_up, (up, down))
    return BayesianResult(
        relative,
        m.control_mean,
        m.treatment_mean,
        float(mean),
        sd,
        float(low),
        float(high),
        ctw,
        risk[0],
        risk[1],
        m.n_control,
        m.n_treatment,
    )


@dataclass(frozen=True)
class BetaBinomialResult:
    control_posterior: tuple[float, float]
    treatment_posterior: tuple[float, float]
    chance_to_win: float
    expected_loss_control: float
    expected_loss_treatment: float
    method: str
    error: str | None = None


def prob_b_beats_a(a_alpha: float, a_beta: float, b_alpha: float, b_beta: float) -> float:
    """P(p_B > p_A) for independent Beta posteriors (Evan Miller's closed form if possible)."""
    if float(b_alpha).is_integer() and b_alpha <= 10_000:
        i = np.arange(int(b_alpha))
        terms = (
            betaln(a_alpha + i, a_beta + b_beta)
            - np.log(b_beta + i)
            - betaln(1 + i, b_beta)
            - betaln(a_alpha, a_beta)
        )
        return float(np.clip(np.exp(terms).sum(), 0.0, 1.0))

    def integrand(x: float) -> float:
        return st.beta.pdf(x, b_alpha, b_beta) * st.beta.cdf(x, a_alpha, a_beta)

    return float(np.clip(integrate.quad(integrand, 0, 1, limit=200)[0], 0.0, 1.0))


def _expected_shortfall(a: tuple[float, float], b: tuple[float, float]) -> float:
    """E[max(p_A - p_B, 0)] by numerical integration over p_B."""

    def inner(x: float) -> float:
        tail = st.beta.sf(x, a[0] + 1, a[1]) * a[0] / (a[0] + a[1]) - x * st.beta.sf(x, *a)
        return st.beta.pdf(x, *b) * tail

    return float(integrate.quad(inner, 0, 1, limit=200)[0])


def beta_binomial_test(
    control: ProportionStats,
    treatment: ProportionStats,
    *,
    prior_alpha: float = 1.0,
    prior_beta: float = 1.0,
) -> BetaBinomialResult:
    """Exact Beta-Binomial comparison of two conversion rates (for small samples)."""
    bad = [s for s in (control, treatment) if s.n < 0 or not 0 <= s.conversions <= s.n]
    if bad or prior_alpha <= 0 or prior_beta <= 0:
        return BetaBinomialResult(
            (0, 0),
            (0, 0),
            0.5,
            0.0,
            0.0,
            "none",
            "Cannot compute: conversions must lie between 0 and n, priors be positive.",
        )
    a = (prior_alpha + control.conversions, prior_beta + control.n - control.conversions)
    b = (prior_alpha + treatment.conversions, prior_beta + treatment.n - treatment.conversions)
    exact = float(b[0]).is_integer()
    return BetaBinomialResult(
        a,
        b,
        prob_b_beats_a(*a, *b),
        expected_loss_control=_expected_shortfall(b, a),
        expected_loss_treatment=_expected_shortfall(a, b),
        method="exact sum (Evan Miller)" if exact else "numerical integration",
    )
