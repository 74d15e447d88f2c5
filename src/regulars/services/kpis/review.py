"""The month's KPI review the demo's highlights and the report both read: the history, the report
against the month before, the improvement areas and the alerts (not recorded), computed once per
data version."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.services.cache import cached
from regulars.services.kpis.alerts import KpiAlert, kpi_alerts
from regulars.services.kpis.comparison import KpiReport, kpi_report
from regulars.services.kpis.history import KpiHistory, kpi_history
from regulars.services.kpis.improvements import ImprovementPlan, improvement_areas
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class MonthReview:
    history: KpiHistory
    report: KpiReport | None  # None (and no plan, no alerts) before the first month with data
    plan: ImprovementPlan | None
    alerts: tuple[KpiAlert, ...]


@cached
def month_review(ws: Workspace) -> MonthReview:
    """Last complete month against the month before: report, improvement areas, alerts."""
    history = kpi_history(ws, "month")
    if history.last_number() is None:
        return MonthReview(history, None, None, ())
    return MonthReview(
        history,
        kpi_report(ws, "month", "previous", history=history),
        improvement_areas(ws, history=history),
        tuple(kpi_alerts(ws, "month", record=False, history=history)),
    )
