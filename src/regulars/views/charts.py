"""Plotly figures the report and the dashboard share (rendered without their JS; the page adds it
once)."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

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


CONFIG = {"displaylogo": False, "responsive": True}
#: The script that draws every chart of a page (``charts.js``, beside this module).
CHARTS_JS = Path(__file__).with_name("charts.js")


def _html(fig: go.Figure) -> str:
    """The chart as a box holding its figure as JSON, drawn by ``charts.js``: no inline script,
    which the dashboard's Content-Security-Policy does not allow."""
    figure = f'{fig.to_json()[:-1]}, "config": {json.dumps(CONFIG)}}}'  # {data, layout, config}
    return figure_box(figure)


def figure_box(figure_json: str) -> str:
    """A ``<div>`` that ``charts.js`` draws the figure (``{"data", "layout", "config"}``) into."""
    return (
        '<div class="plotly-graph-div" style="width:100%;" '
        f'data-figure="{escape(figure_json, quote=True)}"></div>'
    )


@functools.lru_cache(maxsize=1)
def charts_js() -> str:
    """The drawing script, for pages that inline it (the report is one self-contained file)."""
    return CHARTS_JS.read_text(encoding="utf-8")


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
