"""Customer lifetime value as the dashboard's CLV page and the report show it: distribution of CLV
and P(alive), top and at-risk valuable customers, the fitted model and the holdout calibration
plots.
"""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.views import charts
from regulars.views.charts import memoized

_LAYOUT = dict(
    margin=dict(l=50, r=20, t=40, b=40),
    height=320,
    template="plotly_white",
    font=dict(family="system-ui, sans-serif", size=13),
    legend=dict(orientation="h"),
)
TOP = 15


def _html(fig: go.Figure) -> str:
    return charts._html(fig)  # drawn by charts.js: no inline script (the CSP)


@memoized
def clv_histogram(rows: list[dict]) -> str:
    fig = go.Figure(
        go.Histogram(
            x=[r["clv_cents"] / 100 for r in rows if r["clv_cents"] is not None],
            nbinsx=40,
            marker_color="#2a6f97",
        )
    )
    fig.update_layout(
        title="Predicted customer value (CLV)",
        xaxis=dict(title="CLV"),
        yaxis=dict(title="Customers"),
        **_LAYOUT,
    )
    return _html(fig)


@memoized
def p_alive_histogram(rows: list[dict]) -> str:
    fig = go.Figure(
        go.Histogram(
            x=[r["p_alive"] for r in rows if r["p_alive"] is not None],
            xbins=dict(start=0, end=1, size=0.05),
            marker_color="#81b29a",
        )
    )
    fig.update_layout(
        title="Probability still active, P(alive)",
        xaxis=dict(title="P(alive)", range=[0, 1]),
        yaxis=dict(title="Customers"),
        **_LAYOUT,
    )
    return _html(fig)


@memoized
def bucket_chart(fit: dict) -> str:
    buckets = [r["bucket"] for r in fit["by_frequency"]]
    fig = go.Figure()
    fig.add_bar(
        x=buckets,
        y=[r["actual"] for r in fit["by_frequency"]],
        name="Actual",
        marker_color="#3d405b",
    )
    fig.add_bar(
        x=buckets,
        y=[r["predicted"] for r in fit["by_frequency"]],
        name=f"Predicted ({fit['model']})",
        marker_color="#e07a5f",
    )
    fig.update_layout(
        title="Holdout purchases per customer by calibration purchases",
        barmode="group",
        xaxis=dict(title="Repeat purchases in calibration", type="category"),
        yaxis=dict(title="Holdout purchases"),
        **_LAYOUT,
    )
    return _html(fig)


@memoized
def cumulative_chart(validation: dict) -> str:
    actual = validation["actual_weekly_cumulative"]
    weeks = list(range(1, len(actual) + 1))
    fig = go.Figure()
    fig.add_scatter(
        x=weeks, y=actual, name="Actual", mode="lines", line=dict(color="#3d405b", width=3)
    )
    for fit in validation["models"]:
        if "cumulative_predicted" in fit:
            fig.add_scatter(
                x=weeks,
                y=fit["cumulative_predicted"],
                name=fit["model"],
                mode="lines",
                line=dict(dash="dash"),
            )
    fig.update_layout(
        title="Cumulative repeat purchases in the holdout, by week",
        xaxis=dict(title="Holdout week"),
        yaxis=dict(title="Repeat purchases"),
        **_LAYOUT,
    )
    return _html(fig)


def at_risk_valuable(rows: list[dict], limit: int = TOP) -> list[dict]:
    """Customers in the 'at risk' tier with the highest spend so far: the ones worth winning
    back."""
    risky = [r for r in rows if r["risk_tier"] == "at risk"]
    return sorted(risky, key=lambda r: -r["spend_to_date_cents"])[:limit]


def listed_customers(predictions) -> list[str]:
    """The ids the CLV tables list (top and at-risk valuable customers), to look their names up."""
    rows = predictions.customers
    return [r["customer_id"] for r in (*rows[:TOP], *at_risk_valuable(rows))]


def validation_context(validation: dict | None) -> dict:
    if not validation or not validation.get("models"):
        return {"validation": validation, "validation_charts": {}}
    chosen = next((f for f in validation["models"] if f["model"] == validation.get("chosen")), None)
    charts = {"cumulative": cumulative_chart(validation)}
    if chosen:
        charts["buckets"] = bucket_chart(chosen)
    return {"validation": validation, "validation_charts": charts}


def clv_context(
    document: dict, predictions, validation: dict | None, names: dict | None = None
) -> dict:
    """What the CLV page and report section show (charts as HTML); ``names``: customer id ->
    what the tables show for them (a name or email, not a derived id)."""
    rows = predictions.customers
    charts = {}
    if predictions.method == "model":
        charts["p_alive"] = p_alive_histogram(rows)
        if any(r["clv_cents"] is not None for r in rows):
            charts["clv"] = clv_histogram(rows)
    return {
        "document": document,
        "predictions": predictions,
        "overview": predictions.overview,
        "charts": charts,
        "top": rows[:TOP],
        "at_risk": at_risk_valuable(rows),
        **validation_context(validation),
        "names": names or {},
    }
