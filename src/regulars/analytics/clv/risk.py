"""Churn-risk tiers and per-customer reasons in plain words.

Tiers from the probability that a customer is still active:
P(alive) >= ACTIVE_THRESHOLD is "active", below LAPSED_THRESHOLD "likely lapsed", "at risk" between.
P(alive) is rounded once (``round_p_alive``: whole percentage points) before anything reads it, so
the tier, the reason and every table show the same number.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.clv.estimation import check_rfm
from regulars.errors import InputError
from regulars.units import rate

#: P(alive) at or above this: "active".
ACTIVE_THRESHOLD = 0.7
#: P(alive) below this: "likely lapsed" (between the two: "at risk").
LAPSED_THRESHOLD = 0.3
ACTIVE, AT_RISK, LAPSED = "active", "at risk", "likely lapsed"

#: Length of one time unit in days.
DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}


#: P(alive) is kept and shown in whole percentage points.
P_ALIVE_PLACES = 2


def round_p_alive(p_alive) -> np.ndarray:
    """The one rounding of P(alive): whole percentage points (0.6949 -> 0.69)."""
    return np.round(np.asarray(p_alive, dtype=float), P_ALIVE_PLACES)


def risk_tiers(p_alive) -> np.ndarray:
    """The churn-risk tier of each probability of being alive."""
    p = np.asarray(p_alive, dtype=float)
    return np.where(p >= ACTIVE_THRESHOLD, ACTIVE, np.where(p < LAPSED_THRESHOLD, LAPSED, AT_RISK))


def describe_duration(value: float, time_unit: str = "weeks") -> str:
    """A duration in the largest unit that reads naturally: '5 days', '6 weeks', '9 months', '2
    years'."""
    if time_unit not in DAYS_PER_UNIT:
        raise InputError(f"unknown time unit {time_unit!r}; use one of {', '.join(DAYS_PER_UNIT)}")
    days = float(value) * DAYS_PER_UNIT[time_unit]
    for unit, limit in (("day", 14), ("week", 7 * 9), ("month", 365.25 * 2)):
        if days < limit:
            n = round(days / DAYS_PER_UNIT[unit + "s"])
            return f"{n} {unit}{'' if n == 1 else 's'}"
    n = round(days / 365.25, 1)
    return f"{n:g} year{'' if n == 1 else 's'}"


def explain_customer(
    frequency: float, recency: float, T: float, p_alive: float, time_unit: str
) -> str:
    """One customer's reason, e.g. '23% likely still active: last order 9 months ago; usually
    orders every 6 weeks'."""
    since_last = describe_duration(T - recency, time_unit)
    p_alive = float(round_p_alive(p_alive))
    head = f"{rate(p_alive, 0)} likely still active: "
    if frequency < 1:
        assumed = " (the model takes a one-time buyer to be active)" if p_alive >= 1 else ""
        return head + f"ordered once, {since_last} ago; no repeat order yet{assumed}"
    gap = describe_duration(recency / frequency, time_unit)
    orders = int(frequency) + 1
    return (
        head + f"last order {since_last} ago; usually orders every {gap} ({orders} orders so far)"
    )


def explain_customers(frequency, recency, T, p_alive, time_unit: str = "weeks") -> list[str]:
    """Plain-words reasons for many customers at once (arrays in, list of strings out)."""
    x, tx, t_obs, _ = check_rfm(frequency, recency, T)
    p = np.broadcast_to(np.asarray(p_alive, dtype=float), x.shape)
    return [explain_customer(*row, time_unit) for row in zip(x, tx, t_obs, p)]
