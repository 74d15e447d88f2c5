"""Segment charts for the dashboard and the report: RFM segments as bars and as a treemap, the
movement
matrix as a heat-map."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.views import charts

_LAYOUT = dict(
    margin=dict(l=140, r=20, t=40, b=40),
    height=380,
    template="plotly_white",
    font=dict(family="system-ui, sans-serif", size=13),
    legend=dict(orientation="h"),
)


def segment_chart(report) -> str:
    names = [s.name for s in report.segments][::-1]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=[s.customer_share * 100 for s in report.segments][::-1],
        orientation="h",
        name="% of customers",
        marker_color="#2a6f97",
    )
    fig.add_bar(
        y=names,
        x=[s.revenue_share * 100 for s in report.segments][::-1],
        orientation="h",
        name="% of revenue",
        marker_color="#e07a5f",
    )
    fig.update_layout(
        title="RFM segments: share of customers and of revenue",
        barmode="group",
        xaxis=dict(title="%"),
        **_LAYOUT,
    )
    return charts._html(fig)  # drawn by charts.js: no inline script (the CSP)


def _html(fig: go.Figure) -> str:
    return charts._html(fig)  # drawn by charts.js: no inline script (the CSP)


def segment_treemap(report) -> str:
    """Segments as areas by customers, coloured by their share of revenue."""
    shown = [s for s in report.segments if s.customers]
    fig = go.Figure(
        go.Treemap(
            labels=[s.name for s in shown],
            parents=[""] * len(shown),
            values=[s.customers for s in shown],
            marker=dict(
                colors=[s.revenue_share * 100 for s in shown],
                colorscale="Blues",
                showscale=True,
                colorbar=dict(title="% revenue"),
            ),
            customdata=[[s.customer_share * 100, s.revenue_share * 100] for s in shown],
            hovertemplate=(
                "%{label}<br>%{value:,} customers (%{customdata[0]:.0f}%)<br>"
                "%{customdata[1]:.0f}% of revenue<extra></extra>"
            ),
            texttemplate="%{label}<br>%{value:,}",
        )
    )
    fig.update_layout(
        title="RFM segments: area = customers, colour = share of revenue",
        **{**_LAYOUT, "margin": dict(l=10, r=10, t=40, b=10)},
    )
    return _html(fig)


def movement_heatmap(matrix) -> str:
    """The movement matrix: rows the segment at the start, columns the segment at the end."""
    z = [row["counts"] for row in matrix.rows()]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(matrix.to_segments),
            y=list(matrix.from_segments),
            colorscale="Blues",
            text=z,
            texttemplate="%{text}",
            hovertemplate="%{y} → %{x}: %{z:,}<extra></extra>",
        )
    )
    fig.update_layout(
        title=(
            f"Movement {matrix.start:%d %b %Y} → {matrix.end:%d %b %Y} (rows: then, columns: now)"
        ),
        yaxis=dict(autorange="reversed"),
        **{**_LAYOUT, "height": 460, "margin": dict(l=160, r=20, t=40, b=120)},
    )
    return _html(fig)
