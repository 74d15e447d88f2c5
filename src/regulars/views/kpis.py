"""KPI charts for the dashboard and the report: sparklines, the cohort heat-map, retention
curves."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.views.charts import _LAYOUT, _html

CURVES = 6


def sparkline(values, width: int = 110, height: int = 26) -> str:
    """A tiny inline SVG line (no script), gaps where a period has no value."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    lo, hi = min(v for _, v in points), max(v for _, v in points)
    span, step = (hi - lo) or 1.0, width / max(len(values) - 1, 1)
    xy = " ".join(
        f"{i * step:.1f},{height - 2 - (v - lo) / span * (height - 4):.1f}" for i, v in points
    )
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline fill="none" stroke="#2a6f97" stroke-width="1.5" points="{xy}"/></svg>'
    )


def cohort_heatmap(table) -> str:
    ages = list(range(min(table.max_age, 12) + 1))
    z = [
        [next((c.retention * 100 for c in h.cells if c.age == a), None) for a in ages]
        for h in table.cohorts
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"month {a}" for a in ages],
            y=[h.month for h in table.cohorts],
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar=dict(title="% buying"),
            hovertemplate="cohort %{y}, %{x}: %{z:.0f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title="Cohort retention: % of each first-purchase month buying again",
        **{**_LAYOUT, "height": 460},
    )
    return _html(fig)


def retention_curves(table) -> str:
    fig = go.Figure()
    for h in table.cohorts[-CURVES:]:
        later = [c for c in h.cells if c.age > 0]
        fig.add_scatter(
            x=[c.age for c in later],
            y=[c.retention * 100 for c in later],
            mode="lines+markers",
            name=h.month,
        )
    fig.update_layout(
        title="Retention curves of the latest cohorts",
        xaxis=dict(title="months since first purchase"),
        yaxis=dict(title="% buying"),
        **_LAYOUT,
    )
    return _html(fig)
