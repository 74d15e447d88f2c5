"""The sentences about predicted value and churn risk an owner reads first."""

from __future__ import annotations

from regulars.errors import NotFoundError, RegularsError
from regulars.services.clv.fitting import fit_clv
from regulars.services.clv.predictions import (
    ClvPredictions,
    predict_from_document,
    saved_predictions,
)
from regulars.services.workspace import Workspace
from regulars.units import money

DEMO_MODEL = "auto"  # the model a holdout check chooses (services.clv.choice)


def save_demo_model(ws: Workspace) -> None:
    """Fit the chosen purchase model + Gamma-Gamma and save it (the dashboard and profiles read
    it); where it cannot be fitted nothing is saved and ``clv_highlights`` says why."""
    try:
        fit_clv(ws, DEMO_MODEL)
    except RegularsError:
        pass


def _predictions(ws: Workspace) -> ClvPredictions:
    """The saved model's predictions; without one, a model fitted in memory (or its error)."""
    try:
        return saved_predictions(ws)
    except NotFoundError:
        return predict_from_document(ws, fit_clv(ws, DEMO_MODEL, save=False))


def clv_highlights(ws: Workspace) -> list[str]:
    """Summarises the predictions of the saved model (``save_demo_model`` saves one)."""
    try:
        predictions = _predictions(ws)
    except RegularsError as exc:
        return [f"Lifetime value: not predicted ({exc})."]
    overview = predictions.overview
    tiers = overview["tiers"]
    lines = [
        f"Predicted value of current customers over the next {predictions.options.horizon_months} "
        "months: "
        f"{money(overview['total_clv_cents'], ws.settings.currency)} ({predictions.method}, "
        f"{predictions.model})."
    ]
    at_risk = tiers.get("at risk", 0)
    if at_risk:
        lines.append(
            f"{at_risk:,} customers are at risk of lapsing (P(alive) between 30% and 70%); "
            f"{tiers.get('likely lapsed', 0):,} have likely lapsed."
        )
    return lines
