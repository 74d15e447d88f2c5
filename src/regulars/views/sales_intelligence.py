"""What the dashboard's Forecast, Pipeline and Leads pages and the report's sections share: each
one's context from its service, an error in words instead of a missing part."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.services.workspace import Workspace


def forecast_context(ws: Workspace, metric: str = "revenue", by: str = "total",
                     period: str = "month", horizon: int = 6) -> dict:  # fmt: skip
    from regulars.services.forecast import forecast

    try:
        return {"forecast": forecast(ws, metric, by, period, horizon), "error": None}
    except RegularsError as exc:
        return {"forecast": None, "error": str(exc)}


def pipeline_context(ws: Workspace) -> dict:
    from regulars.services.pipeline import pipeline_report

    try:
        return {"pipeline": pipeline_report(ws), "error": None}
    except RegularsError as exc:
        return {"pipeline": None, "error": str(exc)}


def leads_context(ws: Workspace, limit: int = 15) -> dict:
    from regulars.services.leads import lead_scores, leads_to_call

    try:
        return {"scores": lead_scores(ws), "to_call": leads_to_call(ws, limit), "error": None}
    except RegularsError as exc:
        return {"scores": None, "to_call": (), "error": str(exc)}
