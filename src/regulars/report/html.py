"""Rendering the report from service results."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

from regulars.report import charts
from regulars.services import overview
from regulars.services.status import workspace_status
from regulars.services.workspace import Workspace

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("regulars.report", "templates"),
                          autoescape=jinja2.select_autoescape(["html"]))


def money(cents: float | int | None, currency: str = "USD") -> str:
    if cents is None:
        return "–"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, currency + " ")
    return f"{symbol}{cents / 100:,.0f}"


def render_report(ws: Workspace, highlights: list[str] | None = None) -> str:
    currency = ws.settings.currency
    months = overview.monthly_sales(ws)
    context = {
        "generated_at": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "headline": overview.headline(ws),
        "highlights": highlights or [],
        "status": workspace_status(ws),
        "top_products": overview.top_products(ws),
        "charts": {"sales": charts.monthly_sales_chart(months), "customers": charts.new_vs_returning_chart(months)} if months else {},
        "money": lambda c: money(c, currency),
        "plotly_js": get_plotlyjs(),
    }
    return _ENV.get_template("report.html").render(**context)


def write_report(ws: Workspace, path: Path | str | None = None, highlights: list[str] | None = None) -> Path:
    target = Path(path) if path else ws.path / "report.html"
    tmp = target.with_name(target.name + ".partial")
    tmp.write_text(render_report(ws, highlights), encoding="utf-8")
    tmp.replace(target)
    return target
