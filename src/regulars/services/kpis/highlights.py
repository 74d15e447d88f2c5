"""A few sentences for the demo's highlights (and any summary): call ``kpi_highlights(ws)``."""

from __future__ import annotations

from regulars.services.kpis.alerts import kpi_alerts
from regulars.services.kpis.comparison import kpi_report
from regulars.services.kpis.history import kpi_history
from regulars.services.kpis.improvements import improvement_areas
from regulars.services.workspace import Workspace

HEADLINE_KPIS = ("revenue", "retention_rate", "site_conversion_rate")


def kpi_highlights(ws: Workspace, limit: int = 5) -> list[str]:
    """Headline KPIs against last month, the biggest improvement area, and the newest bad alerts."""
    history = kpi_history(ws, "month")
    if history.last_number() is None:
        return []
    report = kpi_report(ws, "month", "previous", history=history)
    lines = [r.sentence for r in report.results if r.key in HEADLINE_KPIS and r.value is not None]
    plan = improvement_areas(ws, history=history)
    priced = [a for a in plan.areas if a.monthly_cents]
    if priced:
        lines.append(f"Biggest improvement area: {priced[0].explanation}")
    bad = [a for a in kpi_alerts(ws, "month", record=False, history=history) if not a.is_good]
    lines += [f"Alert: {a.message}" for a in bad[:2]]
    return lines[:limit]
