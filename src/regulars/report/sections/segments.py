"""Segments: RFM segment sizes and revenue, the movement matrix of the last quarter, persona
cards."""

from __future__ import annotations

from regulars.errors import RegularsError
from regulars.report.sections import Section
from regulars.services.segments import cached_persona_report, movement_matrix, rfm_report
from regulars.services.workspace import Workspace
from regulars.views.segments import segment_chart


def _context(ws: Workspace) -> dict | None:
    report = rfm_report(ws)
    if not report.customers:
        return {"rfm": None}
    try:
        personas, persona_error = cached_persona_report(ws), None
    except RegularsError as exc:
        personas, persona_error = None, str(exc)
    return {
        "rfm": report,
        "chart": segment_chart(report),
        "movement": movement_matrix(ws),
        "personas": personas,
        "persona_error": persona_error,
    }


SECTION = Section("segments", "Segments and personas", 30, _context)
