"""Campaign charts for the dashboard and the report: orders credited by each attribution model, ROI
with its interval."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.views.charts import _LAYOUT, _html, memoized

TOP = 10
COLORS = ("#2a6f97", "#81b29a", "#f2cc8f", "#e07a5f", "#3d405b", "#9c6644")


@memoized
def attribution_chart(attribution, top: int = TOP) -> str:
    """Orders credited to the top campaigns under each model (an ``AttributionComparison``),
    grouped bars."""
    rows = sorted(attribution.campaigns, key=lambda r: -max(r.conversions.values()))[:top]
    if not rows:
        return ""
    fig = go.Figure()
    for model, color in zip(attribution.models, COLORS):
        fig.add_bar(
            x=[r.name for r in rows],
            y=[r.conversions[model] for r in rows],
            name=model,
            marker_color=color,
        )
    fig.update_layout(
        title=f"Orders credited by model (top {len(rows)} campaigns)",
        barmode="group",
        yaxis=dict(title="orders credited"),
        legend=dict(orientation="h"),
        **{**_LAYOUT, "height": 420},
    )
    return _html(fig)


@memoized
def roi_chart(rows, top: int = TOP) -> str:
    """ROI with its interval for the campaigns (``CampaignPerformance``) with the most spend."""
    rows = [r for r in sorted(rows, key=lambda r: -(r.spend_cents or 0)) if r.roi is not None][:top]
    if not rows:
        return ""
    low = [r.roi - r.roi_interval[0] if r.roi_interval[0] is not None else 0 for r in rows]
    high = [r.roi_interval[1] - r.roi if r.roi_interval[1] is not None else 0 for r in rows]
    fig = go.Figure(
        go.Bar(
            x=[r.name for r in rows],
            y=[r.roi * 100 for r in rows],
            marker_color="#2a6f97",
            error_y=dict(
                type="data", array=[h * 100 for h in high], arrayminus=[v * 100 for v in low]
            ),
        )
    )
    fig.update_layout(
        title="Attributed ROI of the biggest campaigns (orders after a click: an upper bound "
        "without a holdout), % with 95% interval",
        yaxis=dict(title="attributed ROI %"),
        **_LAYOUT,
    )
    return _html(fig)
