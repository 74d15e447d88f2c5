"""The sentences about predicted value and churn risk an owner reads first."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.services.clv.fitting import fit_clv
from regulars.services.clv.predictions import predict_clv
from regulars.services.workspace import Workspace
from regulars.units import money


def clv_highlights(ws: Workspace) -> list[str]:
    """Fits BG/NBD + Gamma-Gamma (saved for the dashboard and profiles) and summarises it."""
    try:
        fit_clv(ws, "bgnbd")
        predictions = predict_clv(ws, "bgnbd")
    except RegularsError as exc:
        return [f"Lifetime value: not predicted ({exc})."]
    overview = predictions.overview
    tiers = overview["tiers"]
    lines = [f"Predicted value of current customers over the next {predictions.options.horizon_months} months: "
             f"{money(overview['total_clv_cents'], ws.settings.currency)} ({predictions.method}, {predictions.model})."]
    at_risk = tiers.get("at risk", 0)
    if at_risk:
        lines.append(f"{at_risk:,} customers are at risk of lapsing (P(alive) between 30% and 70%); "
                     f"{tiers.get('likely lapsed', 0):,} have likely lapsed.")
    return lines
