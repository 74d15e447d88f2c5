"""Model cards: one per saved model (``_models``), what it predicts, the data window it was fitted
on, how it was validated and how well, its known limits, when it was last trained and the minimum
data it needs. Read only from the saved documents: a card never fits anything.

Today the saved models are the customer-lifetime ones (``services.clv.saved``); their accuracy is
the last holdout validation (``regulars clv validate``), when one was run.
"""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.clv.heuristics import MIN_HISTORY_GAPS, MIN_REPEAT_BUYERS
from regulars.errors import NotFoundError
from regulars.services.clv.saved import load_validation, saved_models
from regulars.services.workspace import Workspace

CLV_PREDICTS = (
    "Each customer's expected repeat purchases, chance of still being a customer (P(alive)) "
    "and lifetime value in the coming periods"
)
CLV_LIMITS = (
    "Assumes customers buy at a steady personal rate until they stop for good; seasonal or "
    "subscription buying breaks that.",
    "Knows nothing about marketing, prices or stock: a campaign or a price change moves "
    "behaviour it cannot foresee.",
    "Customers with a single order get the population's average, not a personal forecast.",
)
CLV_MINIMUM = (
    f"At least {MIN_REPEAT_BUYERS} customers who ordered more than once, and a history "
    f"at least {MIN_HISTORY_GAPS:g} times the typical gap between orders"
)


@dataclass(frozen=True)
class Accuracy:
    """The last holdout validation of a model (none when it was never validated)."""

    method: str
    holdout_start: str | None
    holdout_end: str | None
    mean_absolute_error: float | None
    total_predicted: float | None
    total_actual: float | None
    chosen: bool
    text: str


@dataclass(frozen=True)
class ModelCard:
    name: str
    kind: str
    model: str
    predicts: str
    data_from: str | None
    data_to: str | None
    customers: int | None
    method: str
    validation: Accuracy
    known_limits: tuple[str, ...]
    last_trained: str | None
    minimum_data: str
    explanation: str


def _accuracy(key: str, name: str, validation: dict | None) -> Accuracy:
    none = "Not validated yet: run regulars clv validate --holdout-start DATE."
    if not validation:
        return Accuracy("none", None, None, None, None, None, False, none)
    found = next((m for m in validation.get("models", []) if m.get("key") == key), None)
    window = (validation.get("holdout_start"), validation.get("holdout_end"))
    if found is None or found.get("problem"):
        why = found.get("problem") if found else "this model was not part of it"
        text = f"The holdout validation of {window[0]} to {window[1]} has no result: {why}."
        return Accuracy("holdout", *window, None, None, None, False, text)
    mae = found.get("mean_absolute_error")
    predicted, actual = found.get("total_predicted"), found.get("total_actual")
    text = (
        f"Fitted before {window[0]}, it predicted {predicted:,.0f} repeat purchases from "
        f"{window[0]} to {window[1]}; {actual:,.0f} happened"
        + (f" (mean absolute error {mae:.3f} per customer)." if mae is not None else ".")
    )
    chosen = validation.get("chosen") == name
    return Accuracy("holdout", *window, mae, predicted, actual, chosen, text)


def _clv_card(document: dict, validation: dict | None) -> ModelCard:
    key = document["model_key"]
    data = document.get("data") or {}
    settings = document.get("summary_settings") or {}
    return ModelCard(
        name=key,
        kind="customer lifetime value",
        model=document.get("model", key),
        predicts=CLV_PREDICTS,
        data_from=data.get("first_purchase"),
        data_to=settings.get("calibration_end"),
        customers=data.get("customers"),
        method=document.get("method", "model"),
        validation=_accuracy(key, document.get("model", key), validation),
        known_limits=CLV_LIMITS,
        last_trained=document.get("fitted_at"),
        minimum_data=CLV_MINIMUM,
        explanation=document.get("explanation", ""),
    )


def model_cards(ws: Workspace) -> tuple[ModelCard, ...]:
    """A card for every saved model, the most recently trained first."""
    validation = load_validation(ws)
    return tuple(_clv_card(d, validation) for d in saved_models(ws))


def model_card(ws: Workspace, name: str) -> ModelCard:
    for card in model_cards(ws):
        if card.name == name:
            return card
    raise NotFoundError(f"no saved model {name!r}: see regulars models list")
