"""Forecast page: the forecast with intervals and its backtest table (``services.forecast``)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.views.sales_intelligence import forecast_context
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Forecast", "/forecast", 70)


@router.get("/forecast")
def forecast_page(
    request: Request,
    metric: Literal["revenue", "orders", "units", "new_customers"] = "revenue",
    by: Literal["total", "channel", "category", "product"] = "total",
    period: Literal["day", "week", "month"] = "month",
    horizon: int = Query(6, ge=1, le=366),
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    context = forecast_context(ws, metric, by, period, horizon)
    return render(request, "pages/forecast.html", session=session, title="Forecast",
                  choice={"metric": metric, "by": by, "period": period, "horizon": horizon},
                  status_code=200 if context["forecast"] else 422, **context)  # fmt: skip
