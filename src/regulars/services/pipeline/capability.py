"""What the pipeline adds to the shared views: win rate, the best source, stalled deals."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace


def _highlights(ws: Workspace) -> list[str]:
    from regulars.services.pipeline import pipeline_report

    report = pipeline_report(ws)
    if not report.deals:
        return []
    stalled = [f"{len(report.stalled)} open deal(s) stalled."] if report.stalled else []
    return list(report.sentences[:2]) + stalled


CAPABILITY = Capability("pipeline", "Sales pipeline", 75, highlights=_highlights)
