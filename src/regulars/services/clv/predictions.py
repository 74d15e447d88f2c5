"""Per-customer predictions from the saved customer-lifetime model (never fitting here).

For every customer who bought by the as-of date (default: the saved model's calibration end):
P(alive), the churn-risk tier (active at P(alive) >= 0.7, likely lapsed below 0.3, at risk between),
expected purchases over the horizon, the probability of buying within N days, expected spend per
order (Gamma-Gamma), CLV over the horizon (discounted monthly, times the gross margin), the expected
next purchase date (the median wait if still active; none when likely lapsed or beyond the horizon)
and the reason in plain words. When the saved fit fell back to heuristics, the heuristic scores
are returned instead and every output says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from regulars.analytics.clv import (
    ACTIVE_THRESHOLD,
    LAPSED_THRESHOLD,
    customer_lifetime_value,
    explain_customers,
    heuristic_scores,
    model_from_dict,
    risk_tiers,
    round_p_alive,
)
from regulars.analytics.clv.risk import LAPSED
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.clv.saved import load_model
from regulars.services.clv.summary import (
    TIME_UNITS,
    UNIT_WORDS,
    Summary,
    customer_summaries,
    day_of,
    last_sale_day,
)
from regulars.services.workspace import Workspace
from regulars.store.erasure import is_pseudonym

DAYS_PER_MONTH = 365.25 / 12
HEURISTIC_NOTE = "Heuristic scores, not a fitted model"


@dataclass(frozen=True)
class PredictionOptions:
    """Horizon in months, annual discount rate, gross margin (share of spend), purchase window in
    days."""

    horizon_months: int = 12
    discount_rate: float = 0.10
    margin: float = 1.0
    within_days: int = 30

    def check(self) -> PredictionOptions:
        if not 1 <= self.horizon_months <= 120:
            raise InputError("the horizon must be 1 to 120 months")
        if not 0 <= self.discount_rate <= 1:
            raise InputError("the discount rate must be between 0 and 1 (a year)")
        if not 0 < self.margin <= 1:
            raise InputError("the margin must be above 0 and at most 1 (a share of spend)")
        if not 1 <= self.within_days <= 3650:
            raise InputError("the purchase window must be 1 to 3650 days")
        return self


@dataclass(frozen=True)
class ClvPredictions:
    method: str  # "model" or "heuristic"
    model: str
    note: str | None
    as_of: dt.date
    time_unit: str
    options: PredictionOptions
    thresholds: dict
    overview: dict
    explanation: str
    customers: list[dict] = field(repr=False)

    def page(self, limit: int | None = None, offset: int = 0) -> PredictionPage:
        """``limit`` customers from ``offset`` on, with the model, options and overview."""
        shown = self.customers[offset : None if limit is None else offset + limit]
        return PredictionPage(
            self.method,
            self.model,
            self.note,
            self.as_of.isoformat(),
            self.time_unit,
            self.options,
            self.thresholds,
            self.overview,
            self.explanation,
            len(self.customers),
            offset,
            tuple(shown),
        )


@dataclass(frozen=True, slots=True)
class PredictionPage:
    """A page of ``ClvPredictions``: ``total_customers`` predicted, ``customers`` from ``offset``
    on (one row per customer, the fields ``CustomerPrediction`` lists from ``customer_id`` on)."""

    method: str
    model: str | None
    note: str | None
    as_of: str
    time_unit: str
    options: PredictionOptions
    thresholds: dict[str, float]
    overview: dict
    explanation: str
    total_customers: int
    offset: int
    customers: tuple[dict, ...]


def _cents(values) -> list:
    return [None if v is None or not np.isfinite(v) else int(round(v * 100)) for v in values]


def _base_rows(summary: Summary, as_of_day: int) -> list[dict]:
    return [
        {
            "customer_id": c,
            "orders": int(f) + 1,
            "frequency": int(f),
            "recency": round(float(r), 4),
            "T": round(float(t), 4),
            "days_since_last_order": int(as_of_day - last),
            "spend_to_date_cents": int(round(s * 100)),
        }
        for c, f, r, t, last, s in zip(
            summary.customer_id,
            summary.frequency,
            summary.recency,
            summary.T,
            summary.last_day,
            summary.spend,
        )
    ]


def _next_dates(wait_days: np.ndarray, as_of_day: int, usable: np.ndarray) -> list:
    return [
        day_of(as_of_day + int(np.ceil(w))).isoformat() if ok and np.isfinite(w) else None
        for w, ok in zip(wait_days, usable)
    ]


def model_scores(document: dict, summary: Summary, options: PredictionOptions) -> dict[str, list]:
    """Arrays of predictions per customer from the saved purchase (and spend) model."""
    purchase = model_from_dict(document["purchase_model"])
    unit_days = TIME_UNITS[summary.time_unit]
    x, tx, t_obs = summary.frequency, summary.recency, summary.T
    month = DAYS_PER_MONTH / unit_days
    horizon = options.horizon_months * month
    p_alive = round_p_alive(purchase.probability_alive(x, tx, t_obs))
    tiers = risk_tiers(p_alive)
    wait = purchase.median_time_to_next_purchase(x, tx, t_obs) * unit_days
    out = {
        "p_alive": [float(p) for p in p_alive],
        "risk_tier": [str(t) for t in tiers],
        "expected_purchases": [
            round(float(v), 4)
            for v in purchase.conditional_expected_purchases(horizon, x, tx, t_obs)
        ],
        "probability_of_purchase": [
            round(float(v), 4)
            for v in purchase.probability_of_purchase(options.within_days / unit_days, x, tx, t_obs)
        ],
        "next_purchase_date": _next_dates(
            wait,
            _as_of_day(summary),
            (tiers != LAPSED) & (wait <= options.horizon_months * DAYS_PER_MONTH),
        ),
        "reason": explain_customers(x, tx, t_obs, p_alive, UNIT_WORDS[summary.time_unit]),
        "expected_spend_cents": [None] * summary.size,
        "clv_cents": [None] * summary.size,
    }
    if document.get("spend_model"):
        spend_model = model_from_dict(document["spend_model"])
        m = summary.monetary_value
        spend = spend_model.conditional_expected_average_spend(np.where(m > 0, x, 0.0), m)
        monthly_rate = (1 + options.discount_rate) ** (1 / 12) - 1
        clv = customer_lifetime_value(
            purchase,
            x,
            tx,
            t_obs,
            spend,
            horizon=options.horizon_months,
            period_length=month,
            discount_rate=monthly_rate,
            margin=options.margin,
        )
        out["expected_spend_cents"], out["clv_cents"] = _cents(spend), _cents(clv)
    return out


def heuristic_rows(summary: Summary) -> dict[str, list]:
    """The transparent fallback: status by time since the last order against the usual gap."""
    scores = heuristic_scores(
        summary.frequency,
        summary.recency,
        summary.T,
        summary.spend,
        time_unit=UNIT_WORDS[summary.time_unit],
    )
    unit_days = TIME_UNITS[summary.time_unit]
    wait = (scores.usual_gap - scores.time_since_last) * unit_days
    n = summary.size
    return {
        "p_alive": [None] * n,
        "risk_tier": [str(s) for s in scores.status],
        "expected_purchases": [None] * n,
        "probability_of_purchase": [None] * n,
        "next_purchase_date": _next_dates(
            np.maximum(wait, 0.0), _as_of_day(summary), scores.status != LAPSED
        ),
        "reason": list(scores.reasons),
        "expected_spend_cents": _cents(summary.spend / (summary.frequency + 1)),
        "clv_cents": [None] * n,
    }


def _as_of_day(summary: Summary) -> int:
    return (summary.calibration_end - dt.date(1970, 1, 1)).days


def _overview(rows: list[dict], method: str) -> dict:
    tiers = [r["risk_tier"] for r in rows]
    p = [r["p_alive"] for r in rows if r["p_alive"] is not None]
    clv = [r["clv_cents"] for r in rows if r["clv_cents"] is not None]
    return {
        "customers": len(rows),
        "method": method,
        "tiers": {t: tiers.count(t) for t in sorted(set(tiers))},
        "mean_p_alive": float(np.mean(p)) if p else None,
        "total_clv_cents": int(sum(clv)) if clv else None,
        "expected_purchases": float(sum(r["expected_purchases"] or 0 for r in rows))
        if method == "model"
        else None,
    }


def predict_clv(
    ws: Workspace,
    model: str | None = None,
    options: PredictionOptions | None = None,
    *,
    as_of: dt.date | None = None,
    customer_id: str | None = None,
) -> ClvPredictions:
    """Predictions for every customer (or one) from the saved model, sorted by CLV (or spend)
    descending."""
    return predict_from_document(
        ws, load_model(ws, model), options, as_of=as_of, customer_id=customer_id
    )


def predict_from_document(
    ws: Workspace,
    document: dict,
    options: PredictionOptions | None = None,
    *,
    as_of: dt.date | None = None,
    customer_id: str | None = None,
) -> ClvPredictions:
    """Predictions from a fitted-model document (saved, or fitted in memory for a report)."""
    options = (options or PredictionOptions()).check()
    settings = document["summary_settings"]
    as_of = as_of or dt.date.fromisoformat(settings["calibration_end"])
    heuristic = document["method"] == "heuristic" or document.get("purchase_model") is None
    # heuristics compare with every customer's usual gap: summarise everyone, then pick the one
    summary = customer_summaries(
        ws, as_of, settings["time_unit"], customer_id=None if heuristic else customer_id
    )
    if summary.size == 0 or (
        customer_id is not None and customer_id not in set(summary.customer_id)
    ):
        who = f"customer {customer_id!r} has" if customer_id else "no customer has"
        raise NotFoundError(f"{who} no sale by {as_of}: nothing to predict")
    scores = heuristic_rows(summary) if heuristic else model_scores(document, summary, options)
    rows = _base_rows(summary, _as_of_day(summary))
    for i, row in enumerate(rows):
        row.update({k: v[i] for k, v in scores.items()})
    if customer_id is not None:
        rows = [r for r in rows if r["customer_id"] == customer_id]
    rows = [r for r in rows if not is_pseudonym(r["customer_id"])]  # erased: never a person
    rows.sort(key=lambda r: (-(r["clv_cents"] or 0), -r["spend_to_date_cents"], r["customer_id"]))
    method = "heuristic" if heuristic else "model"
    note = _note(ws, document, as_of, heuristic)
    return ClvPredictions(
        method,
        "heuristic" if heuristic else document["model"],
        note,
        as_of,
        settings["time_unit"],
        options,
        {"active": ACTIVE_THRESHOLD, "lapsed": LAPSED_THRESHOLD},
        _overview(rows, method),
        _explanation(document, rows, method, note),
        rows,
    )


def _note(ws: Workspace, document: dict, as_of: dt.date, heuristic: bool) -> str | None:
    parts = []
    if heuristic:
        parts.append(f"{HEURISTIC_NOTE}: {document.get('fallback') or 'no fitted model'}")
    last = last_sale_day(ws)
    if last is not None and last > as_of:
        parts.append(
            f"orders after {as_of} (up to {last}) are not included: refit with regulars clv fit"
        )
    return "; ".join(parts) or None


def _explanation(document: dict, rows: list[dict], method: str, note: str | None) -> str:
    ov = _overview(rows, method)
    tiers = ", ".join(f"{n:,} {t}" for t, n in ov["tiers"].items())
    if method == "heuristic":
        return (
            f"{HEURISTIC_NOTE}. {len(rows):,} customers by time since their last order "
            f"against their usual gap: {tiers}."
        )
    text = (
        f"{document['model']} predictions for {len(rows):,} customers: "
        f"on average {ov['mean_p_alive']:.0%} likely still active; {tiers}."
    )
    return text + (f" Note: {note}." if note else "")


@cached
def saved_predictions(ws: Workspace) -> ClvPredictions:
    """``predict_clv(ws)`` (the latest saved model, default options), once per data and model
    version: the demo's highlights, the report and the profiles share it."""
    return predict_clv(ws)
