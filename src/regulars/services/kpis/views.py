"""What the overview shows of the KPIs: headline tiles with sparklines and the change on the period
before, the newest alerts and the top areas for improvement. One call, ``kpi_overview(ws)``, feeds
both ``GET /api/v1/overview`` and the overview page."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.services.kpis.alerts import KpiAlert, kpi_alerts
from regulars.services.kpis.comparison import KpiResult, kpi_report
from regulars.services.kpis.history import kpi_history
from regulars.services.kpis.improvements import ImprovementArea, improvement_areas
from regulars.services.workspace import Workspace

#: The overview's tiles, in this order.
TILE_KPIS = (
    "revenue",
    "orders",
    "active_customers",
    "average_order_value",
    "repeat_rate",
    "retention_rate",
)
ALERTS_SHOWN = 5
AREAS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class KpiOverview:
    """The overview's KPIs: the last complete month's label (None before any sale), its tiles
    against the month before, the newest alerts and the top improvement areas."""

    period_label: str | None
    tiles: tuple[KpiResult, ...]
    alerts: tuple[KpiAlert, ...]
    improvements: tuple[ImprovementArea, ...]


def kpi_overview(ws: Workspace) -> KpiOverview:
    """Headline KPI tiles (last complete month against the month before), alerts, top 3 improvement
    areas."""
    history = kpi_history(ws, "month")
    if history.last_number() is None:
        return KpiOverview(None, (), (), ())
    report = kpi_report(ws, "month", "previous", history=history)
    alerts = kpi_alerts(ws, "month", history=history)[:ALERTS_SHOWN]
    plan = improvement_areas(ws, history=history)
    return KpiOverview(
        report.period_label,
        tuple(report.get(key) for key in TILE_KPIS),
        tuple(alerts),
        tuple(plan.areas[:AREAS_SHOWN]),
    )
