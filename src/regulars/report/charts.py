"""Plotly figures for the report and the dashboard (rendered without their JS; the page adds it once)."""

from __future__ import annotations

import plotly.graph_objects as go

_LAYOUT = dict(margin=dict(l=40, r=20, t=40, b=40), height=320, template="plotly_white",
               font=dict(family="system-ui, sans-serif", size=13))


def _html(fig: go.Figure) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True})


def monthly_sales_chart(months: list[dict]) -> str:
    x = [m["month"] for m in months]
    fig = go.Figure()
    fig.add_bar(x=x, y=[m["revenue_cents"] / 100 for m in months], name="Revenue", marker_color="#2a6f97")
    fig.add_scatter(x=x, y=[m["orders"] for m in months], name="Orders", yaxis="y2", mode="lines+markers",
                    line=dict(color="#e07a5f"))
    fig.update_layout(title="Revenue and orders by month", yaxis=dict(title="Revenue", rangemode="tozero"),
                      yaxis2=dict(title="Orders", overlaying="y", side="right", rangemode="tozero", showgrid=False),
                      legend=dict(orientation="h"), **_LAYOUT)
    return _html(fig)


def new_vs_returning_chart(months: list[dict]) -> str:
    x = [m["month"] for m in months]
    fig = go.Figure()
    fig.add_bar(x=x, y=[m["new_customers"] for m in months], name="New customers", marker_color="#81b29a")
    fig.add_bar(x=x, y=[m["customers"] - m["new_customers"] for m in months], name="Returning customers",
                marker_color="#3d405b")
    fig.update_layout(title="Buying customers by month", barmode="stack", legend=dict(orientation="h"), **_LAYOUT)
    return _html(fig)
