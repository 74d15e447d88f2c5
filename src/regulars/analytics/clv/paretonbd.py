"""Pareto/NBD: Schmittlein, Morrison & Colombo (1987), as derived in Fader & Hardie (2005).

While active, a customer buys at a Poisson rate lambda ~ Gamma(r, alpha); the unobserved lifetime is
exponential with rate mu ~ Gamma(s, beta). Likelihood (Fader & Hardie, "A note on deriving the
Pareto/NBD model and related expressions", 2005):

    L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) * A0 ]

with ``A0 = F(t_x) - F(T)``, ``F(y) = 2F1(r+s+x, b'; r+s+x+1; |alpha-beta|/(rho+y)) /
(rho+y)^(r+s+x)``.
Everything is computed in log space: the Gauss hypergeometric term goes through Euler's
transformation to ``2F1(1, m; r+s+x+1; z)`` (a series of positive terms, finite at z = 1), the
difference ``F(t_x) - F(T)`` as ``log F(t_x) + log(1 - exp(log F(T) - log F(t_x)))`` and the sum of
the two likelihood terms with log-sum-exp. The hypergeometric function depends on a row only
through (x, y), so during a fit it is evaluated once per distinct (x, t_x) and (x, T) pair.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, gammaln, hyp2f1

from regulars.analytics.clv.estimation import check_rfm
from regulars.analytics.clv.purchases import PurchaseModel


def _log_f(params, x, y) -> np.ndarray:
    """log F(y), F as in the module docstring, written for both alpha >= beta and alpha < beta."""
    r, alpha, s, beta = params
    rho_big, rho_small = max(alpha, beta), min(alpha, beta)
    m_big, m_small = (r + x, s + 1.0) if alpha >= beta else (s + 1.0, r + x)
    z = (rho_big - rho_small) / (rho_big + y)
    return (
        -(m_small - 1.0) * np.log(rho_small + y)
        - m_big * np.log(rho_big + y)
        + np.log(hyp2f1(1.0, m_big, r + s + x + 1.0, z))
    )


def _combine(params, x, T, log_f_tx, log_f_t) -> np.ndarray:
    """Per-row log-likelihood from the two log F values."""
    r, alpha, s, beta = params
    log_a0 = log_f_tx + np.log(-np.expm1(np.minimum(log_f_t - log_f_tx, 0.0)))
    first = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    second = np.log(s) - np.log(r + s + x) + log_a0
    head = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    return head + np.logaddexp(first, second), first - second


def pareto_log_likelihood(params, x, tx, T) -> np.ndarray:
    """Per-row Pareto/NBD log-likelihood."""
    return _combine(params, x, T, _log_f(params, x, tx), _log_f(params, x, T))[0]


class ParetoNBDModel(PurchaseModel):
    """Pareto/NBD model. Parameters r, alpha (purchase rate), s, beta (lifetime)."""

    model_name = "Pareto/NBD"
    param_names = ("r", "alpha", "s", "beta")

    def _row_log_likelihood(self, params, x, tx, T):
        return pareto_log_likelihood(params, x, tx, T)

    def _likelihood_functions(self, x, tx, T, w):
        n = x.size
        pairs = np.column_stack([np.concatenate([x, x]), np.concatenate([tx, T])])
        unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        ux, uy = unique[:, 0], unique[:, 1]

        def total(z):
            params = np.exp(z)
            with np.errstate(all="ignore"):
                log_f = _log_f(params, ux, uy)[inverse]
                return float(w @ _combine(params, x, T, log_f[:n], log_f[n:])[0])

        return total, None

    def _alive_log_odds(self, x, tx, T) -> np.ndarray:
        params = self._params()
        with np.errstate(all="ignore"):
            return _combine(params, x, T, _log_f(params, x, tx), _log_f(params, x, T))[1]

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(the customer is still active at T | history)."""
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        return expit(self._alive_log_odds(x, tx, t_obs))

    def conditional_expected_purchases(self, t: float, frequency, recency, T) -> np.ndarray:
        """Expected purchases in the next ``t`` periods given the history (FH 2005 note, eq. 22)."""
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        t = self._check_horizon(t)
        r, alpha, s, beta = self._params()
        p_alive = expit(self._alive_log_odds(x, tx, t_obs))
        log_ratio = np.log(beta + t_obs) - np.log(beta + t_obs + t)
        if abs(s - 1.0) < 1e-10:
            lifetime_factor = -log_ratio
        else:
            lifetime_factor = -np.expm1((s - 1.0) * log_ratio) / (s - 1.0)
        return p_alive * (r + x) * (beta + t_obs) / (alpha + t_obs) * lifetime_factor
