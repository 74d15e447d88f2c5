"""Customer lifetime value over a horizon, and one call that scores every customer.

CLV = sum over periods i = 1..horizon of
      (E[purchases by end of period i] - E[purchases by end of period i-1]) * expected spend *
      margin
      / (1 + discount_rate) ** i
with the expected purchases conditional on each customer's history (purchase model) and the
expected spend per purchase from the Gamma-Gamma model.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.clv.estimation import as_float_array, check_rfm
from regulars.analytics.clv.gammagamma import GammaGammaModel
from regulars.analytics.clv.purchases import PurchaseModel
from regulars.analytics.clv.results import CustomerScores
from regulars.analytics.clv.risk import explain_customers, risk_tiers
from regulars.errors import InputError


def customer_lifetime_value(
    purchase_model: PurchaseModel,
    frequency,
    recency,
    T,
    expected_spend,
    *,
    horizon: int = 12,
    period_length: float = 1.0,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> np.ndarray:
    """Discounted expected margin over ``horizon`` periods of ``period_length`` model time units.

    ``discount_rate`` is per period (e.g. 0.01 a month); ``margin`` the gross-margin share of spend
    (1.0 gives discounted revenue). Nothing is changed on the models.
    """
    if horizon < 1 or period_length <= 0 or discount_rate < 0 or not 0 <= margin <= 1:
        raise InputError(
            "need horizon >= 1, period_length > 0, discount_rate >= 0 and 0 <= margin <= 1"
        )
    x, tx, t_obs, _ = check_rfm(frequency, recency, T)
    spend = as_float_array("expected_spend", expected_spend, n=x.size)
    total = np.zeros(x.size)
    previous = np.zeros(x.size)
    for i in range(1, int(horizon) + 1):
        cumulative = purchase_model.conditional_expected_purchases(i * period_length, x, tx, t_obs)
        total += (cumulative - previous) / (1.0 + discount_rate) ** i
        previous = cumulative
    return total * spend * margin


def score_customers(
    purchase_model: PurchaseModel,
    frequency,
    recency,
    T,
    *,
    horizon: float,
    time_unit: str = "weeks",
    spend_model: GammaGammaModel | None = None,
    monetary_value=None,
    clv_periods: int = 12,
    period_length: float = 1.0,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> CustomerScores:
    """Expected purchases and purchase probability over ``horizon``, P(alive), risk tier, reasons
    and, with a spend model and each customer's average repeat spend, expected spend and CLV."""
    x, tx, t_obs, _ = check_rfm(frequency, recency, T)
    p_alive = purchase_model.probability_alive(x, tx, t_obs)
    expected = purchase_model.conditional_expected_purchases(horizon, x, tx, t_obs)
    p_buy = purchase_model.probability_of_purchase(horizon, x, tx, t_obs)
    spend = clv = None
    if spend_model is not None:
        if monetary_value is None:
            raise InputError("monetary_value is needed to predict spend and CLV")
        spend = spend_model.conditional_expected_average_spend(x, monetary_value)
        clv = customer_lifetime_value(
            purchase_model,
            x,
            tx,
            t_obs,
            spend,
            horizon=clv_periods,
            period_length=period_length,
            discount_rate=discount_rate,
            margin=margin,
        )
    explanation = (
        f"{purchase_model.model_name} scores for {x.size} customers: on average "
        f"{p_alive.mean():.0%} likely"
        f" still active, {expected.sum():.1f} purchases expected in the next {horizon:g} "
        f"{time_unit}"
        + ("" if clv is None else f", total CLV {clv.sum():,.2f} over {clv_periods} periods")
        + "."
    )
    return CustomerScores(
        float(horizon),
        expected,
        p_alive,
        p_buy,
        risk_tiers(p_alive),
        spend,
        clv,
        tuple(explain_customers(x, tx, t_obs, p_alive, time_unit)),
        explanation,
    )
