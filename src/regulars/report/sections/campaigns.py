"""Report section: campaign ROI per channel and campaign, attribution models side by side, holdout
lift."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services.campaigns import campaign_report
from regulars.services.workspace import Workspace
from regulars.views.campaigns import attribution_chart, roi_chart


def _context(ws: Workspace) -> dict | None:
    c = ws.store.table("campaigns")
    if not ws.store.to_arrow(c.count()).as_py():
        return None
    report = campaign_report(ws)
    recent = sorted(report.campaigns, key=lambda r: r.started_at, reverse=True)[:15]
    return {
        "report": report,
        "recent": recent,
        "charts": {
            "attribution": attribution_chart(report.attribution),
            "roi": roi_chart(report.campaigns),
        },
    }


SECTION = Section("campaigns", "Campaigns: what each really earned", 50, _context)
