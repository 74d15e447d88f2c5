"""One customer's prediction for their profile, from the saved model's predictions (computed
once per data and model version) or, for a customer those leave out, for them alone."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.errors import NotFoundError
from regulars.services.cache import cached
from regulars.services.clv.predictions import (
    ClvPredictions,
    PredictionOptions,
    predict_clv,
    saved_predictions,
)
from regulars.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CustomerPrediction:
    """One customer's prediction and its reason, with the model and options it came from; when
    ``available`` is False, ``message`` says why and every other field is None."""

    available: bool
    message: str | None = None
    method: str | None = None
    model: str | None = None
    note: str | None = None
    as_of: str | None = None
    options: PredictionOptions | None = None
    customer_id: str | None = None
    orders: int | None = None
    frequency: int | None = None
    recency: float | None = None
    T: float | None = None
    days_since_last_order: int | None = None
    spend_to_date_cents: int | None = None
    p_alive: float | None = None
    risk_tier: str | None = None
    expected_purchases: float | None = None
    probability_of_purchase: float | None = None
    next_purchase_date: str | None = None
    reason: str | None = None
    expected_spend_cents: int | None = None
    clv_cents: int | None = None

    @classmethod
    def of(cls, found: ClvPredictions, row: dict) -> CustomerPrediction:
        """The prediction row ``row`` of ``found`` (a ``predict_clv`` result)."""
        return cls(
            True,
            None,
            found.method,
            found.model,
            found.note,
            found.as_of.isoformat(),
            found.options,
            **row,
        )


def customer_prediction(ws: Workspace, customer_id: str) -> CustomerPrediction:
    """One customer's prediction for the profile: ``available`` False with a message when there is
    none."""
    try:
        found, by_customer = _predictions_by_customer(ws)
    except NotFoundError as exc:
        return CustomerPrediction(False, str(exc))
    if customer_id not in by_customer:
        return predict_clv_for(ws, customer_id)
    return CustomerPrediction.of(found, by_customer[customer_id])


@cached
def _predictions_by_customer(ws: Workspace) -> tuple[ClvPredictions, dict[str, dict]]:
    """Every customer's prediction from the saved model, once per data and model version."""
    found = saved_predictions(ws)
    return found, {row["customer_id"]: row for row in found.customers}


def predict_clv_for(ws: Workspace, customer_id: str) -> CustomerPrediction:
    """One customer's prediction from the saved model, computed for them alone."""
    try:
        found = predict_clv(ws, customer_id=customer_id)
    except NotFoundError as exc:
        return CustomerPrediction(False, str(exc))
    return CustomerPrediction.of(found, found.customers[0])
