"""Forecasts: sales with intervals and backtest tables; saved forecasts against what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response

from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.services import forecast as forecasts
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/forecast", tags=["forecasts"])

Metric = Literal["revenue", "orders", "units", "new_customers"]
Grouping = Literal["total", "channel", "category", "product"]
Period = Literal["day", "week", "month"]


@dataclass(frozen=True)
class SavedForecasts:
    forecasts: tuple[forecasts.ForecastAccuracy, ...]


@dataclass(frozen=True)
class Saved:
    name: str
    forecast: forecasts.ForecastReport


@router.get("", summary="Forecast with 80/95% intervals and the backtest table",
            response_model=forecasts.ForecastReport)  # fmt: skip
def forecast(
    metric: Metric = "revenue",
    by: Grouping = "total",
    period: Period = "month",
    horizon: int = Query(6, ge=1, le=366),
    target: float | None = Query(None, description="Total to reach over the horizon"),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(forecasts.forecast(ws, metric, by, period, horizon, target))


@router.post("/saved", summary="Forecast and save it, to compare later (analyst)",
             response_model=Saved)  # fmt: skip
def save(
    metric: Metric = "revenue",
    by: Grouping = "total",
    period: Period = "month",
    horizon: int = Query(6, ge=1, le=366),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    report = forecasts.forecast(ws, metric, by, period, horizon)
    return json_answer(Saved(forecasts.save_forecast(ws, report), report))


@router.get("/accuracy", summary="Saved forecasts against what happened since",
            response_model=SavedForecasts)  # fmt: skip
def accuracy(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(SavedForecasts(forecasts.forecast_accuracy(ws)))
