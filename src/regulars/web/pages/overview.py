"""Overview: headline numbers, sales and customers by month, warnings, data freshness."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from regulars.http.auth import get_workspace
from regulars.services import overview
from regulars.services.accounts import Session
from regulars.services.cache import cached
from regulars.services.status import recent_imports
from regulars.services.workspace import Workspace
from regulars.views import charts
from regulars.views.kpis import sparkline
from regulars.web.kept import kept_page
from regulars.web.session import page_session

router = APIRouter()
NAV = ("Overview", "/", 10)


@cached
def overview_context(ws: Workspace) -> dict:
    """Everything the page shows, built once per data version (the charts are the costly part)."""
    data = overview.dashboard_overview(ws)
    months = data["months"]
    figures = (
        {
            "sales": charts.monthly_sales_chart(months),
            "customers": charts.new_vs_returning_chart(months),
        }
        if months
        else {}
    )
    last_import = recent_imports(ws, 1)
    sparks = {t.key: sparkline(t.spark) for t in data["kpis"].tiles}
    return {
        **data,
        "charts": figures,
        "sparks": sparks,
        "last_import": last_import[0] if last_import else None,
    }


@router.get("/")
async def overview_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return await kept_page(
        request, ws, session, "pages/overview.html", overview_context, title="Overview"
    )
