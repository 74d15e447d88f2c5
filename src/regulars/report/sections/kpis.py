"""Report section: KPI table with sparklines, improvement areas, alerts, cohort heat-map and curves."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.kpis import (
    cohort_table,
    improvement_areas,
    kpi_alerts,
    kpi_history,
    kpi_report,
)
from regulars.services.workspace import Workspace
from regulars.views.kpis import cohort_heatmap, retention_curves, sparkline


def _context(ws: Workspace) -> dict | None:
    history = kpi_history(ws, "month")
    if history.last_number() is None:
        return None
    report = kpi_report(ws, "month", "previous", history=history)
    cohorts = cohort_table(ws, 18)
    return {
        "report": report, "sparks": {r.key: sparkline(r.spark) for r in report.results},
        "plan": improvement_areas(ws, history=history),
        "alerts": kpi_alerts(ws, "month", record=False, history=history)[:12],
        "charts": {"heatmap": cohort_heatmap(cohorts), "curves": retention_curves(cohorts)} if cohorts.cohorts else {},
    }


SECTION = Section("kpis", "KPIs and where to improve", 20, _context)
