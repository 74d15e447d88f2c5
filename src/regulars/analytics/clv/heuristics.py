"""Rule-of-thumb fallback for data too thin for a buy-till-you-die model.

:func:`check_data_sufficiency` says whether the data meet the minimums (enough repeat buyers, and
history several times longer than the typical gap between orders) and, if not, why not.
:func:`heuristic_scores` then ranks customers by historic value and by how overdue they are compared
with their usual gap between orders. Every output says it is a heuristic, not a fitted model.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.clv.estimation import as_float_array, check_rfm
from regulars.analytics.clv.results import DataSufficiency, HeuristicScores
from regulars.analytics.clv.risk import ACTIVE, AT_RISK, LAPSED, describe_duration

#: Fewer repeat buyers than this: too few to fit a model.
MIN_REPEAT_BUYERS = 100
#: The longest history must be at least this many typical gaps between orders.
MIN_HISTORY_GAPS = 3.0
#: Time since the last order, in usual gaps: up to this is "active" ...
ACTIVE_GAPS = 1.5
#: ... beyond this "likely lapsed" ("at risk" in between).
LAPSED_GAPS = 3.0
HEURISTIC_NOTE = "Heuristic (not a fitted model)"


def _typical_gap(x: np.ndarray, tx: np.ndarray) -> float:
    repeat = x > 0
    return float(np.median(tx[repeat] / x[repeat])) if np.any(repeat) else float("nan")


def check_data_sufficiency(
    frequency,
    recency,
    T,
    *,
    time_unit: str = "weeks",
    min_repeat_buyers: int = MIN_REPEAT_BUYERS,
    min_history_gaps: float = MIN_HISTORY_GAPS,
) -> DataSufficiency:
    """Whether the data support fitting a model; the reasons list what falls short."""
    x, tx, t_obs, _ = check_rfm(frequency, recency, T)
    n_repeat = int(np.sum(x > 0))
    gap = _typical_gap(x, tx)
    history = float(np.max(t_obs))
    reasons = []
    if n_repeat < min_repeat_buyers:
        reasons.append(
            f"only {n_repeat} customers have ordered more than once (need at least "
            f"{min_repeat_buyers})"
        )
    if not np.isfinite(gap) or gap <= 0:
        reasons.append("no customer has a measurable gap between orders")
    elif history < min_history_gaps * gap:
        reasons.append(
            f"the history covers {describe_duration(history, time_unit)}, less than "
            f"{min_history_gaps:g} times"
            f" the typical gap between orders ({describe_duration(gap, time_unit)})"
        )
    ok = not reasons
    explanation = (
        f"Enough data to fit a customer-lifetime model: {n_repeat} repeat buyers among {x.size} "
        "customers."
        if ok
        else "Not enough data for a customer-lifetime model: "
        + "; ".join(reasons)
        + ". Use the heuristic scores instead."
    )
    return DataSufficiency(ok, int(x.size), n_repeat, gap, history, tuple(reasons), explanation)


def _status(overdue: np.ndarray) -> np.ndarray:
    return np.where(
        overdue <= ACTIVE_GAPS, ACTIVE, np.where(overdue > LAPSED_GAPS, LAPSED, AT_RISK)
    )


def heuristic_scores(
    frequency, recency, T, total_spend, *, time_unit: str = "weeks"
) -> HeuristicScores:
    """Historic value and recency against each customer's usual gap (the typical gap of all repeat
    buyers for one-time buyers). ``total_spend`` is each customer's spend to date."""
    x, tx, t_obs, _ = check_rfm(frequency, recency, T)
    value = as_float_array("total_spend", total_spend, n=x.size)
    typical = _typical_gap(x, tx)
    fallback = typical if np.isfinite(typical) and typical > 0 else max(float(np.max(t_obs)), 1e-9)
    usual = np.where(x > 0, np.divide(tx, np.maximum(x, 1)), fallback)
    usual = np.where(usual > 0, usual, fallback)
    since = t_obs - tx
    overdue = since / usual
    status = _status(overdue)
    reasons = tuple(
        f"{HEURISTIC_NOTE}: {st}; last order {describe_duration(s, time_unit)} ago, "
        f"{o:.1f}x the usual gap of {describe_duration(u, time_unit)}"
        + ("" if f > 0 else " (typical gap of all customers; ordered once)")
        + f"; spent {v:,.2f} so far"
        for st, s, o, u, f, v in zip(status, since, overdue, usual, x, value)
    )
    explanation = (
        f"{HEURISTIC_NOTE}: {x.size} customers scored by spend to date and by time since their "
        "last order"
        f" compared with their usual gap; up to {ACTIVE_GAPS:g} gaps is '{ACTIVE}', over "
        f"{LAPSED_GAPS:g}"
        f" '{LAPSED}'. {int(np.sum(status == ACTIVE))} active, {int(np.sum(status == AT_RISK))} at "
        "risk,"
        f" {int(np.sum(status == LAPSED))} likely lapsed."
    )
    return HeuristicScores(value, since, usual, overdue, status, reasons, explanation)
