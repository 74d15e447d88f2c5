"""The marketing mix model as the dashboard and the report show it: response curves with bands,
each channel's contribution week by week, and the proposed budget split against today's."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.errors import RegularsError
from regulars.services.workspace import Workspace
from regulars.views.charts import _LAYOUT, _html

COLOURS = ("#2a6f97", "#e07a5f", "#81b29a", "#3d405b", "#f2cc8f", "#9c6644")


def curves_chart(report) -> str:
    fig = go.Figure()
    for i, c in enumerate(report.curves):
        colour = COLOURS[i % len(COLOURS)]
        x = [v / 100 for v in c.weekly_spend]
        fig.add_scatter(x=x + x[::-1], y=[v / 100 for v in c.high + c.low[::-1]], fill="toself",
                        line=dict(width=0), fillcolor=colour, opacity=0.15, showlegend=False,
                        hoverinfo="skip")  # fmt: skip
        fig.add_scatter(x=x, y=[v / 100 for v in c.weekly_revenue], name=c.channel,
                        line=dict(color=colour))  # fmt: skip
    fig.update_layout(title="Response curves: weekly revenue caused at a steady weekly spend",
                      xaxis=dict(title="Weekly spend"), yaxis=dict(title="Weekly revenue caused"),
                      **_LAYOUT)  # fmt: skip
    return _html(fig)


def contributions_chart(report) -> str:
    fig = go.Figure()
    for i, c in enumerate(report.channels):
        fig.add_scatter(x=list(report.weeks), y=[row[i] / 100 for row in report.contributions],
                        name=c.channel, stackgroup="media",
                        line=dict(color=COLOURS[i % len(COLOURS)]))  # fmt: skip
    fig.update_layout(title="Revenue each channel caused, week by week", **_LAYOUT)
    return _html(fig)


def allocation_chart(plan) -> str:
    a = plan.allocation
    names = [s.channel for s in a.splits]
    fig = go.Figure()
    fig.add_bar(x=names, y=[s.today / 100 for s in a.splits], name="today")
    fig.add_bar(x=names, y=[s.proposed / 100 for s in a.splits], name="proposed",
                error_y=dict(type="data", symmetric=False,
                             array=[(s.proposed_interval[1] - s.proposed) / 100 for s in a.splits],
                             arrayminus=[(s.proposed - s.proposed_interval[0]) / 100
                                         for s in a.splits]))  # fmt: skip
    fig.update_layout(title="Weekly budget: today's split and the proposed one", barmode="group",
                      **_LAYOUT)  # fmt: skip
    return _html(fig)


def mmm_context(ws: Workspace) -> dict:
    """The saved fit's report, the allocation, their charts; or the error in words."""
    from regulars.services.mmm import allocate_budget, mmm_report

    try:
        report = mmm_report(ws)
        plan = allocate_budget(ws)
    except RegularsError as exc:
        return {"mmm": None, "plan": None, "charts": {}, "error": str(exc)}
    charts = {"curves": curves_chart(report), "contributions": contributions_chart(report),
              "allocation": allocation_chart(plan)}  # fmt: skip
    return {"mmm": report, "plan": plan, "charts": charts, "error": None}


def caused_by_channel(ws: Workspace) -> dict:
    """Each channel's caused ROI from the saved marketing mix fit (for the campaign page, beside
    the attributed one); empty when no fit is saved or it no longer fits the data."""
    from regulars.services.mmm import mmm_report

    try:
        return {c.channel: c for c in mmm_report(ws).channels}
    except RegularsError:
        return {}
