"""The marketing mix model as the dashboard and the report show it: response curves with bands,
each channel's contribution week by week, and the proposed budget split against today's."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.errors import RegularsError
from regulars.services.workspace import Workspace
from regulars.units import minor_units
from regulars.views.charts import _LAYOUT, _html

COLOURS = ("#2a6f97", "#e07a5f", "#81b29a", "#3d405b", "#f2cc8f", "#9c6644")


def _units(currency: str):
    """Minor units to the currency's units, for the axes."""
    scale = 10 ** minor_units(currency)
    return lambda values: [v / scale for v in values]


def curves_chart(report) -> str:
    fig, units = go.Figure(), _units(report.currency)
    for i, c in enumerate(report.curves):
        colour = COLOURS[i % len(COLOURS)]
        x = units(c.weekly_spend_cents)
        fig.add_scatter(x=x + x[::-1], y=units(c.high_cents + c.low_cents[::-1]), fill="toself",
                        line=dict(width=0), fillcolor=colour, opacity=0.15, showlegend=False,
                        hoverinfo="skip")  # fmt: skip
        fig.add_scatter(x=x, y=units(c.weekly_revenue_cents), name=c.channel,
                        line=dict(color=colour))  # fmt: skip
    fig.update_layout(title="Response curves: weekly revenue caused at a steady weekly spend",
                      xaxis=dict(title="Weekly spend"), yaxis=dict(title="Weekly revenue caused"),
                      **_LAYOUT)  # fmt: skip
    return _html(fig)


def contributions_chart(report) -> str:
    fig, units = go.Figure(), _units(report.currency)
    for i, c in enumerate(report.channels):
        fig.add_scatter(x=list(report.weeks), y=units(row[i] for row in report.contributions_cents),
                        name=c.channel, stackgroup="media",
                        line=dict(color=COLOURS[i % len(COLOURS)]))  # fmt: skip
    fig.update_layout(title="Revenue each channel caused, week by week", **_LAYOUT)
    return _html(fig)


def allocation_chart(plan) -> str:
    splits, units = plan.splits, _units(plan.currency)
    names = [s.channel for s in splits]
    fig = go.Figure()
    fig.add_bar(x=names, y=units(s.today_cents for s in splits), name="today")
    fig.add_bar(x=names, y=units(s.proposed_cents for s in splits), name="proposed",
                error_y=dict(type="data", symmetric=False,
                             array=units(s.proposed_interval_cents[1] - s.proposed_cents
                                         for s in splits),
                             arrayminus=units(s.proposed_cents - s.proposed_interval_cents[0]
                                              for s in splits)))  # fmt: skip
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
