from __future__ import annotations

from regulars.report.sections import Section
from regulars.services import overview
from regulars.services.workspace import Workspace
from regulars.views import charts


def _context(ws: Workspace) -> dict:
    months = overview.monthly_sales(ws)
    return {
        "headline": overview.headline(ws),
        "charts": {
            "sales": charts.monthly_sales_chart(months),
            "customers": charts.new_vs_returning_chart(months),
        }
        if months
        else {},
        "top_products": overview.top_products(ws),
    }


SECTION = Section("overview", "Overview", 10, _context)
