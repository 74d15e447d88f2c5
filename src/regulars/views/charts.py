"""Plotly figures the report and the dashboard share (rendered without their JS; the page adds it
once)."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from datetime import date

import plotly.graph_objects as go

from regulars.recent import MISSING, Recent
from regulars.results import plain

_LAYOUT = dict(
    margin=dict(l=40, r=20, t=40, b=40),
    height=320,
    template="plotly_white",
    font=dict(family="system-ui, sans-serif", size=13),
)


def _plain(value) -> str | dict:
    if isinstance(value, date):  # datetimes too; isoformat keeps the offset
        return f"{type(value).__name__}:{value.isoformat()}"
    if dataclasses.is_dataclass(value) and not isinstance(
        value, type
    ):  # a service's result: its fields
        return {"dataclass": type(value).__qualname__, "fields": plain(value)}
    raise TypeError(type(value).__name__)


def memoized(fn: Callable[..., str]) -> Callable[..., str]:
    """Remember a chart's HTML for the same plain-JSON arguments: building a Plotly figure costs
    tens of
    milliseconds, and a dashboard page draws the same chart until the data changes. A service's
    dataclass is
    keyed on its fields; arguments that are not plain JSON (arrays) are never keyed on a lossy text:
    the
    chart is simply built again."""
    entries = Recent(64)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> str:
        try:
            key = json.dumps([args, kwargs], sort_keys=True, default=_plain)
        except (TypeError, ValueError):
            return fn(*args, **kwargs)
        html = entries.get(key)
        if html is MISSING:
            html = fn(*args, **kwargs)
            entries.put(key, html)
        return html

    return wrapper


def _html(fig: go.Figure) -> str:
    return fig.to_html(
        full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True}
    )


@memoized
def monthly_sales_chart(months) -> str:
    x = [m.month for m in months]
    fig = go.Figure()
    fig.add_bar(
        x=x, y=[m.revenue_cents / 100 for m in months], name="Revenue", marker_color="#2a6f97"
    )
    fig.add_scatter(
        x=x,
        y=[m.orders for m in months],
        name="Orders",
        yaxis="y2",
        mode="lines+markers",
        line=dict(color="#e07a5f"),
    )
    fig.update_layout(
        title="Revenue and orders by month",
        yaxis=dict(title="Revenue", rangemode="tozero"),
        yaxis2=dict(
            title="Orders", overlaying="y", side="right", rangemode="tozero", showgrid=False
        ),
        legend=dict(orientation="h"),
        **_LAYOUT,
    )
    return _html(fig)


@memoized
def new_vs_returning_chart(months) -> str:
    x = [m.month for m in months]
    fig = go.Figure()
    fig.add_bar(
        x=x, y=[m.new_customers for m in months], name="New customers", marker_color="#81b29a"
    )
    fig.add_bar(
        x=x,
        y=[m.customers - m.new_customers for m in months],
        name="Returning customers",
        marker_color="#3d405b",
    )
    fig.update_layout(
        title="Buying customers by month", barmode="stack", legend=dict(orientation="h"), **_LAYOUT
    )
    return _html(fig)
