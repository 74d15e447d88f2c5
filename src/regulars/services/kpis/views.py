"""What the overview shows of the KPIs: headline tiles with sparklines and the change on the period
before, the newest alerts and the top areas for improvement. One call, ``kpi_overview(ws)``, feeds
both ``GET /api/v1/overview`` and the overview page."""

from __future__ import annotations

from regulars.services.kpis.alerts import kpi_alerts
from regulars.services.kpis.comparison import kpi_report
from regulars.services.kpis.history import kpi_history
from regulars.services.kpis.improvements import improvement_areas
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


def kpi_overview(ws: Workspace) -> dict:
    """Headline KPI tiles (last complete month against the month before), alerts, top 3 improvement
    areas."""
    history = kpi_history(ws, "month")
    if history.last_number() is None:
        return {"period_label": None, "tiles": [], "alerts": [], "improvements": []}
    report = kpi_report(ws, "month", "previous", history=history)
    tiles = [report.get(key).to_dict() for key in TILE_KPIS]
    alerts = kpi_alerts(ws, "month", history=history)[:ALERTS_SHOWN]
    plan = improvement_areas(ws, history=history)
    return {
        "period_label": report.period_label,
        "tiles": tiles,
        "alerts": [a.to_dict() for a in alerts],
        "improvements": [a.to_dict() for a in plan.areas[:AREAS_SHOWN]],
    }
