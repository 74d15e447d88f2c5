"""Model watch for customer lifetime value: the last holdout validation (an older scoring of the
model, fitted before ``holdout_start``) against what then happened, per month, and the drift of
the model's inputs (frequency, recency, customer age, average spend) between the scoring's
calibration end and today, by their population stability index (``analytics.monitoring``).

Months are shop-local calendar months of the validation's holdout weeks (a week counts in the
month it starts in); the last week may be partial."""

from __future__ import annotations

import datetime as dt

import numpy as np

from regulars.analytics.monitoring import ModelWatch, predicted_vs_actual, watch
from regulars.errors import NotFoundError
from regulars.services.clv.saved import load_validation
from regulars.services.clv.summary import customer_summaries
from regulars.services.workspace import Workspace

FEATURES = ("frequency", "recency", "T", "monetary_value")


def _monthly(start: dt.date, cumulative: list[float]) -> tuple[list[str], np.ndarray]:
    weekly = np.diff(np.concatenate([[0.0], np.asarray(cumulative, float)]))
    labels = [(start + dt.timedelta(days=7 * k)).strftime("%Y-%m") for k in range(len(weekly))]
    months = sorted(set(labels))
    sums = np.array([weekly[[lab == m for lab in labels]].sum() for m in months])
    return months, sums


def clv_watch(ws: Workspace) -> ModelWatch:
    """The chosen model of the last validation, predicted against actual, and the inputs' drift."""
    doc = load_validation(ws)
    chosen = next(
        (m for m in (doc or {}).get("models", []) if m["model"] == doc.get("chosen")), None
    )
    if doc is None or chosen is None:
        raise NotFoundError(
            "no validated lifetime-value model to watch: run `regulars clv validate "
            "--holdout-start DATE` first"
        )
    start = dt.date.fromisoformat(doc["holdout_start"])
    months, predicted = _monthly(start, chosen["cumulative_predicted"])
    _, actual = _monthly(start, doc["actual_weekly_cumulative"])
    comparison = predicted_vs_actual(months, predicted, actual)
    unit = doc.get("time_unit", "week")
    then = customer_summaries(ws, dt.date.fromisoformat(doc["calibration_end"]), unit)
    now = customer_summaries(ws, None, unit)
    features = {f: (getattr(then, f), getattr(now, f)) for f in FEATURES}
    return watch(comparison, features)
