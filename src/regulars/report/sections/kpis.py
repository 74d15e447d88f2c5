"""Report section: KPI table with sparklines, improvement areas, alerts, cohort heat-map and
curves."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.kpis import cohort_table
from regulars.services.kpis.review import month_review
from regulars.services.workspace import Workspace
from regulars.views.kpis import cohort_heatmap, retention_curves, sparkline


def _context(ws: Workspace) -> dict | None:
    review = month_review(ws)  # the demo's highlights computed it already
    if review.report is None:
        return None
    report = review.report
    cohorts = cohort_table(ws, 18)
    return {
        "report": report,
        "sparks": {r.key: sparkline(r.spark) for r in report.results},
        "plan": review.plan,
        "alerts": list(review.alerts[:12]),
        "charts": {"heatmap": cohort_heatmap(cohorts), "curves": retention_curves(cohorts)}
        if cohorts.cohorts
        else {},
    }


SECTION = Section("kpis", "KPIs and where to improve", 20, _context)
