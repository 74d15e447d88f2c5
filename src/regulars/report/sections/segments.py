"""Segments: RFM segment sizes and revenue, the movement matrix of the last quarter, persona cards."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.errors import RegularsError
from regulars.report.sections import Section
from regulars.services.segments import movement_matrix, persona_report, rfm_report
from regulars.services.workspace import Workspace

_LAYOUT = dict(margin=dict(l=140, r=20, t=40, b=40), height=380, template="plotly_white",
               font=dict(family="system-ui, sans-serif", size=13), legend=dict(orientation="h"))


def segment_chart(report) -> str:
    names = [s.name for s in report.segments][::-1]
    fig = go.Figure()
    fig.add_bar(y=names, x=[s.customer_share * 100 for s in report.segments][::-1], orientation="h",
                name="% of customers", marker_color="#2a6f97")
    fig.add_bar(y=names, x=[s.revenue_share * 100 for s in report.segments][::-1], orientation="h",
                name="% of revenue", marker_color="#e07a5f")
    fig.update_layout(title="RFM segments: share of customers and of revenue", barmode="group", xaxis=dict(title="%"), **_LAYOUT)
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True})


def _context(ws: Workspace) -> dict | None:
    report = rfm_report(ws)
    if not report.customers:
        return {"rfm": None}
    try:
        personas, persona_error = persona_report(ws), None
    except RegularsError as exc:
        personas, persona_error = None, str(exc)
    return {"rfm": report, "chart": segment_chart(report), "movement": movement_matrix(ws),
            "personas": personas, "persona_error": persona_error}


SECTION = Section("segments", "Segments and personas", 30, _context)
