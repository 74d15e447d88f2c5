"""KPIs: every KPI for a period with a comparison (previous period, last year, target, benchmark),
sparklines, missing-data messages, improvement areas with their arithmetic, alerts, the cohort
heat-map and the competitor price index. Each section is the service call its API route makes;
analysts set targets with a form."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import InputError
from regulars.http.answers import cached_result
from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.cache import cached
from regulars.services.calendar.periods import PERIODS
from regulars.services.kpis import (
    COMPARISONS,
    all_benchmarks,
    cohort_table,
    competitor_comparison,
    improvement_areas,
    kpi_alerts,
    kpi_history,
    kpi_report,
)
from regulars.services.kpis.benchmarks import DEFAULT_VERTICAL
from regulars.services.kpis.registry import kpi as kpi_named
from regulars.services.kpis.targets import set_target_as_typed, targets_for_people
from regulars.services.workspace import Workspace
from regulars.views.kpis import cohort_heatmap, sparkline
from regulars.web.kept import kept_page
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("KPIs", "/kpis", 15)
COHORT_MONTHS = 18


@cached
def kpis_context(ws: Workspace, period: str, compare: str, vertical: str) -> dict:
    """Everything the page shows; the history is read once and shared by the report and the
    alerts."""
    history = kpi_history(ws, period)
    report = kpi_report(ws, period, compare, vertical, history=history)
    monthly = history if period == "month" else kpi_history(ws, "month")
    cohorts = cohort_table(ws, COHORT_MONTHS)
    target_lines, target_choices = targets_for_people(ws)
    return {
        "report": report,
        "sparks": {r.key: sparkline(r.spark) for r in report.results},
        "alerts": kpi_alerts(ws, period, history=history),
        "plan": improvement_areas(ws, vertical, history=monthly),
        "cohorts": cohorts,
        "competitors": competitor_comparison(ws),
        "target_lines": target_lines,
        "target_choices": target_choices,
        "charts": {"heatmap": cohort_heatmap(cohorts)} if cohorts.cohorts else {},
        "periods": PERIODS,
        "comparisons": COMPARISONS,
        "verticals": sorted({b.vertical for b in all_benchmarks(ws)}),
    }


@router.get("/kpis")
async def kpis_page(
    request: Request,
    period: str = "month",
    compare: str = "previous",
    vertical: str = DEFAULT_VERTICAL,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    args = (period, compare, vertical)
    if not request.url.query:  # kept as rendered, per data version and session
        return await kept_page(
            request, ws, session, "pages/kpis.html", kpis_context, *args, title="KPIs", saved=None
        )
    context = await cached_result(kpis_context, ws, *args)
    saved = await anyio.to_thread.run_sync(_saved, ws, request)
    return render(request, "pages/kpis.html", session=session, title="KPIs", saved=saved, **context)


def _saved(ws: Workspace, request: Request) -> str | None:
    """The notice after a target was saved: the KPI's name and its target in the owner's units."""
    key, period = request.query_params.get("saved"), request.query_params.get("period", "month")
    if not key:
        return None
    try:
        k = kpi_named(key)
    except InputError:
        return None
    lines = targets_for_people(ws)[0]
    line = next((t for t in lines if t.kpi == k.key and t.period == period), None)
    return f"{k.label}: {line.text} per {period}" if line else k.label


@router.post("/kpis/targets")
def save_target(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    kpi: Annotated[str, Form(max_length=80)] = "",
    target: Annotated[str, Form(max_length=40)] = "",
    period: Annotated[str, Form(max_length=10)] = "month",
    note: Annotated[str, Form(max_length=500)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        saved = set_target_as_typed(ws, kpi, target, period, note.strip() or None)
    except InputError as exc:
        field = exc.problems[0].column if exc.problems else "target"
        typed = {
            "kpi": kpi,
            "target": target,
            "period": period,
            "note": note,
            "error": exc.message,
            "field": field,
        }
        shown = period if period in PERIODS else "month"
        context = kpis_context(ws, shown, "previous", DEFAULT_VERTICAL)
        return render(
            request,
            "pages/kpis.html",
            status_code=422,
            session=session,
            title="KPIs",
            typed=typed,
            **context,
        )
    query = urlencode({"period": saved.period, "compare": "target", "saved": saved.kpi})
    return RedirectResponse(f"/kpis?{query}#kpi-{saved.kpi}", status_code=303)
