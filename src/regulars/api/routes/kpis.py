"""KPIs: the report with a comparison, one KPI's history, improvement areas, cohorts, alerts,
competitors and targets (setting one needs an analyst). Each route is one service call, the same
one the dashboard's KPIs page makes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from regulars.api import documents
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.services.accounts import User
from regulars.services.kpis import (
    cohort_table,
    competitor_comparison,
    improvement_areas,
    kpi_alerts,
    kpi_report,
    kpi_series,
    set_target,
    targets_document,
)
from regulars.services.kpis.benchmarks import DEFAULT_VERTICAL
from regulars.services.kpis.targets import TargetsDocument
from regulars.services.workspace import Workspace
from regulars.vocabulary import Period

router = APIRouter(prefix="/api/v1", tags=["kpis"])

Compare = Literal["previous", "last-year", "target", "benchmark"]
Vertical = Query(
    DEFAULT_VERTICAL,
    max_length=80,
    description="Benchmark vertical (e-commerce, food-and-beverage, ...)",
)
At = Query(None, description="A day in the period to report; default: the last complete period")


class TargetRequest(BaseModel):
    kpi: str = Field(max_length=80, description="KPI key or alias, e.g. repeat_rate")
    target: float = Field(description="Percents as 25 or 0.25; money in cents")
    period: Period = Period.MONTH
    note: str | None = Field(None, max_length=500)


@router.get(
    "/kpis",
    summary="Every KPI for one period with a comparison, change, verdict and sparkline",
    response_model=documents.KpiReport,
)
def kpis(
    period: Period = Period.MONTH,
    compare: Compare = "previous",
    vertical: str = Vertical,
    at: date | None = At,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(kpi_report(ws, period, compare, vertical, at).to_dict())


@router.get(
    "/kpis/{key}/history",
    summary="One KPI per period (value and the sample it rests on)",
    response_model=documents.KpiHistory,
)
def history(
    key: str,
    period: Period = Period.MONTH,
    periods: int | None = Query(None, ge=1, le=5000),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer({"period": period, **kpi_series(ws, key, period, periods).to_dict()})


@router.get(
    "/improvements",
    summary="KPIs worse than target, benchmark or trend, ranked by money a month",
    response_model=documents.Improvements,
)
def improvements(
    vertical: str = Vertical,
    at: date | None = At,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(improvement_areas(ws, vertical, at).to_dict())


@router.get(
    "/cohorts",
    summary="First-purchase-month cohorts: retention and revenue per customer by age",
    response_model=documents.Cohorts,
)
def cohorts(
    months: int = Query(18, ge=0, le=600, description="The last N cohorts (0: all)"),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(cohort_table(ws, months or None).to_dict())


@router.get(
    "/alerts",
    summary="KPI periods far from their usual seasonal level, newest first (recorded once)",
    response_model=documents.KpiAlerts,
)
def alerts(
    period: Period = Period.MONTH,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer({"period": period, "alerts": [a.to_dict() for a in kpi_alerts(ws, period)]})


@router.get(
    "/competitors",
    summary="Competitor price index, rating and review gaps, promotions seen",
    response_model=documents.Competitors,
)
def competitors(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(competitor_comparison(ws).to_dict())


@router.get(
    "/targets",
    summary="The KPI targets set, and every KPI that can have one",
    response_model=TargetsDocument,
)
def targets(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(targets_document(ws))


@router.put("/targets", summary="Set (or replace) a KPI's target for a period length (analyst)")
def put_target(
    body: TargetRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    return set_target(ws, body.kpi, body.target, body.period, body.note).to_dict()
