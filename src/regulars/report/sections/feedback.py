"""Report section: what customers say: top themes, emerging issues with a quote, drivers of
unhappy customers; none when the shop has no feedback with words."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.services import feedback
from regulars.services.workspace import Workspace


def _context(ws: Workspace) -> dict | None:
    summary = feedback.feedback_summary(ws)
    if not summary.texts:
        return None
    return {
        "summary": summary,
        "themes": [t for t in summary.themes if t.mentions][:6],
        "alerts": feedback.feedback_alerts(ws).alerts[:5],
        "drivers": feedback.feedback_drivers(ws),
    }


SECTION = Section("feedback", "What customers say", 45, _context)
