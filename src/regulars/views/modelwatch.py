"""The predicted-against-actual chart of model watch (the Models page and the report share it),
memoized as every chart is (``views.charts.memoized``)."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.views.charts import memoized

_LAYOUT = dict(
    margin=dict(l=50, r=20, t=40, b=40),
    height=320,
    template="plotly_white",
    font=dict(family="system-ui, sans-serif", size=13),
)


def _html(fig: go.Figure) -> str:
    return fig.to_html(
        full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True}
    )


@memoized
def predicted_vs_actual_chart(comparison) -> str:
    """Bars of the purchases that happened per month, a line of those the model predicted."""
    x = list(comparison.months)
    fig = go.Figure()
    fig.add_bar(x=x, y=list(comparison.actual), name="Actual purchases", marker_color="#2a6f97")
    fig.add_scatter(
        x=x,
        y=list(comparison.predicted),
        name="Predicted",
        mode="lines+markers",
        line=dict(color="#e07a5f"),
    )
    fig.update_layout(
        title="Lifetime-value model: predicted against actual purchases per month",
        yaxis=dict(title="Purchases", rangemode="tozero"),
        legend=dict(orientation="h"),
        **_LAYOUT,
    )
    return _html(fig)


def watch_context(ws) -> dict:
    """The Models page's and the report's model watch: the verdict and its chart, or None when
    no validated model exists yet."""
    from regulars.errors import NotFoundError
    from regulars.services.modelwatch import clv_watch

    try:
        w = clv_watch(ws)
    except NotFoundError:
        return {"watch": None, "watch_chart": None}
    return {"watch": w, "watch_chart": predicted_vs_actual_chart(w.comparison)}
