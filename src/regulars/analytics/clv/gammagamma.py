"""Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for
customer base analysis", Journal of Marketing Research 42(4).

A customer's transaction values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers; the
observed average ``m`` of ``x`` repeat transactions has a closed-form marginal density. Spend is
assumed independent of the purchase process. Customers with no repeat purchase carry no
information about their own spend and are left out of the fit (their expected spend is the
population mean ``p gamma / (q - 1)``).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.special import digamma, gammaln

from regulars.analytics.clv.estimation import (
    ConvergenceWarning,
    as_float_array,
    maximize_likelihood,
    merge_identical_rows,
)
from regulars.analytics.clv.fitted import FittedModel
from regulars.errors import InputError


def gamma_gamma_log_likelihood(params, x, m) -> np.ndarray:
    """Per-row log density of the average spend ``m`` over ``x`` (>= 1) transactions."""
    p, q, gamma = params
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(gamma + m * x)
    )


def gamma_gamma_gradient(params, x, m) -> np.ndarray:
    """Gradient of :func:`gamma_gamma_log_likelihood` w.r.t. the log-parameters, shape (3, n)."""
    p, q, gamma = params
    px = p * x
    log_total = np.log(gamma + m * x)
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - log_total)
    d_q = digamma(px + q) - digamma(q) + np.log(gamma) - log_total
    d_gamma = q / gamma - (px + q) / (gamma + m * x)
    return np.vstack([d_p * p, d_q * q, d_gamma * gamma])


class GammaGammaModel(FittedModel):
    """Gamma-Gamma model of average spend. Parameters p, q, gamma."""

    model_name = "Gamma-Gamma"
    param_names = ("p", "q", "gamma")

    def _checked(self, frequency, monetary_value, weights=None):
        x = as_float_array("frequency", frequency)
        m = as_float_array("monetary_value", monetary_value, n=x.size)
        w = np.ones(x.size) if weights is None else as_float_array("weights", weights, n=x.size)
        if np.any((x > 0) & (m <= 0)):
            raise InputError("monetary_value must be positive for customers with repeat purchases")
        return x, m, w

    def fit(self, frequency, monetary_value, weights=None):
        """Fit on customers with at least one repeat purchase (others are ignored). Returns self."""
        x, m, w = self._checked(frequency, monetary_value, weights)
        keep = x > 0
        if not np.any(keep):
            raise InputError(
                "no customer has a repeat purchase: the spend model has nothing to learn from"
            )
        (x, m), w = merge_identical_rows((x[keep], m[keep]), w[keep])

        def total(z):
            with np.errstate(all="ignore"):
                return float(np.sum(w * gamma_gamma_log_likelihood(np.exp(z), x, m)))

        def gradient(z):
            with np.errstate(all="ignore"):
                return np.sum(gamma_gamma_gradient(np.exp(z), x, m) * w, axis=1)

        x0 = np.log([1.0, 1.0, max(float(np.average(m, weights=w)), 1e-9)])
        optimum = maximize_likelihood(
            total,
            gradient,
            x0,
            self.param_names,
            total_weight=float(w.sum()),
            penalizer=self.penalizer,
            max_iterations=self.max_iterations,
            tolerance=self.tolerance,
        )
        self._store_optimum(optimum, float(w.sum()), int(x.size))
        if not self.converged_:
            warnings.warn(
                f"{self.model_name} fit {self.message_}", ConvergenceWarning, stacklevel=2
            )
        return self

    def population_mean_spend(self) -> float:
        """Expected spend per transaction of a customer we know nothing about: p gamma / (q - 1)."""
        p, q, gamma = self._params()
        return float(p * gamma / (q - 1)) if q > 1 else float("inf")

    def conditional_expected_average_spend(self, frequency, monetary_value) -> np.ndarray:
        """E[spend per transaction | x repeat transactions averaging m]: p (gamma + m x) / (p x + q
        - 1).

        A weighted average of the population mean and the customer's own average; customers with no
        repeat purchase get the population mean.
        """
        x, m, _ = self._checked(frequency, monetary_value)
        p, q, gamma = self._params()
        own = p * (gamma + m * x) / (p * x + q - 1)
        return np.where(x > 0, own, self.population_mean_spend())

    def log_likelihood(self, frequency, monetary_value) -> np.ndarray:
        """Per-customer log density of the observed average spend (customers with x >= 1)."""
        x, m, _ = self._checked(frequency, monetary_value)
        with np.errstate(all="ignore"):
            return gamma_gamma_log_likelihood(self._params(), x, m)
