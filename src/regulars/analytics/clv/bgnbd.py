"""BG/NBD: the beta-geometric / negative binomial model of Fader, Hardie & Lee (2005).

"Counting your customers the easy way: an alternative to the Pareto/NBD model", Marketing Science
24(2). While active, a customer buys at a Poisson rate lambda ~ Gamma(r, alpha); after each *repeat*
purchase the customer drops out with probability p ~ Beta(a, b).

The log-likelihood and its analytic gradient are written in log space:
``LL = A1 + A2 + log(exp(A3) + [x>0] exp(A4))`` with the mixture term as a softplus. The same
algebra, shifted by one purchase, gives the MBG/NBD model (see :mod:`.mbgnbd`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from regulars.analytics.clv.estimation import check_rfm
from regulars.analytics.clv.lookup import by_count, by_count_and_value
from regulars.analytics.clv.purchases import PurchaseModel


def _dropout_log_odds(params, x, tx, T, shift: int) -> np.ndarray:
    """log of P(dropped out after the last purchase) / P(still active), given the history.

    ``shift`` is 0 for BG/NBD (no dropout before the first repeat purchase) and 1 for MBG/NBD.
    The count-only term ``log a - log(b + x + shift - 1)`` is looked up per purchase count (it is
    -inf where dropping out is impossible: x = 0 under BG/NBD).
    """
    r, alpha, a, b = params

    def count_term(k):
        possible = k + shift > 0
        with np.errstate(divide="ignore"):
            return np.where(
                possible, np.log(a) - np.log(np.where(possible, b + k + shift - 1, 1.0)), -np.inf
            )

    d = np.log(alpha + T)
    d -= np.log(alpha + tx)
    d *= r + x
    d += by_count(count_term, x)
    return d


def _by_count(f, x) -> np.ndarray:
    """f evaluated once per distinct purchase count (x is whole numbers) and looked up per row."""
    return by_count(f, x)


def beta_geometric_log_likelihood(params, x, tx, T, shift: int) -> np.ndarray:
    """Per-row log-likelihood of BG/NBD (shift 0) or MBG/NBD (shift 1)."""
    r, alpha, a, b = params
    count_terms = _by_count(
        lambda k: gammaln(r + k) + gammaln(b + k + shift) - gammaln(a + b + k + shift), x
    )
    const = -gammaln(r) + r * np.log(alpha) + gammaln(a + b) - gammaln(b)
    a3 = -(r + x) * np.log(alpha + T)
    return count_terms + const + a3 + np.logaddexp(0.0, _dropout_log_odds(params, x, tx, T, shift))


def beta_geometric_gradient(params, x, tx, T, shift: int) -> np.ndarray:
    """Gradient of :func:`beta_geometric_log_likelihood` w.r.t. the log-parameters, (4, n)."""
    r, alpha, a, b = params
    dropped = expit(_dropout_log_odds(params, x, tx, T, shift))  # weight of the "dropped out" term
    alive = 1.0 - dropped
    log_at, log_atx = np.log(alpha + T), np.log(alpha + tx)
    d_r = (
        _by_count(lambda k: digamma(r + k), x)
        - digamma(r)
        + np.log(alpha)
        - alive * log_at
        - dropped * log_atx
    )
    d_alpha = r / alpha - (r + x) * (alive / (alpha + T) + dropped / (alpha + tx))
    common = digamma(a + b) - _by_count(lambda k: digamma(a + b + k + shift), x)
    d_a = common + dropped / a
    safe = np.where(dropped > 0, b + x + shift - 1, 1.0)
    d_b = common + _by_count(lambda k: digamma(b + k + shift), x) - digamma(b) - dropped / safe
    return np.vstack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])


def _expected_if_alive(params, t, x, T, shift: int) -> np.ndarray:
    """E[purchases in (T, T+t] | history, still active]: depends on a row only through (x, T)."""
    r, alpha, a, b = params
    c = a + b + x + shift - 1
    log1m_z = np.log(alpha + T) - np.log(alpha + T + t)
    z = -np.expm1(log1m_z)
    bracket = 1.0 - np.exp((a - 1) * log1m_z) * hyp2f1(a + b + shift - 1 - r, a - 1, c, z)
    return c / (a - 1) * bracket


def probability_active(params, x, tx, T, shift: int) -> np.ndarray:
    """P(still active at T | history): 1 / (1 + exp(dropout log-odds))."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(_dropout_log_odds(params, x, tx, T, shift)))


def beta_geometric_expected_purchases(params, t, x, tx, T, shift: int) -> np.ndarray:
    """E[purchases in (T, T+t] | history] for BG/NBD (shift 0) or MBG/NBD (shift 1).

    Closed form of FHL (2005) eq. 10 (Batislam et al. 2007 for MBG), with the Gauss hypergeometric
    term rewritten by Euler's transformation, ``(1-z)^(r+x) 2F1(r+x, b+x+k; a+b+x+k-1; z) =
    (1-z)^(a-1) 2F1(a+b+k-1-r, a-1; a+b+x+k-1; z)``, whose parameters do not grow with x. The
    expectation if still active depends on a row only through (x, T), so it is evaluated once per
    distinct pair (:mod:`.lookup`) and multiplied by P(alive).
    """
    if_alive = by_count_and_value(lambda k, v: _expected_if_alive(params, t, k, v, shift), x, T)
    return if_alive * probability_active(params, x, tx, T, shift)


class BetaGeoModel(PurchaseModel):
    """BG/NBD model (Fader, Hardie & Lee 2005). Parameters r, alpha (purchase rate), a, b
    (dropout)."""

    model_name = "BG/NBD"
    param_names = ("r", "alpha", "a", "b")
    _shift = 0

    def _row_log_likelihood(self, params, x, tx, T):
        return beta_geometric_log_likelihood(params, x, tx, T, self._shift)

    def _row_gradient(self, params, x, tx, T):
        return beta_geometric_gradient(params, x, tx, T, self._shift)

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(the customer is still active at T | history)."""
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        return probability_active(self._params(), x, tx, t_obs, self._shift)

    def conditional_expected_purchases(self, t: float, frequency, recency, T) -> np.ndarray:
        """Expected number of purchases in the next ``t`` periods, given each customer's history."""
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        t = self._check_horizon(t)
        with np.errstate(divide="ignore"):
            return beta_geometric_expected_purchases(self._params(), t, x, tx, t_obs, self._shift)
