"""One experiment as the dashboard and the report show it: the analysis, the effect with its
interval
and the cumulative effect."""

from __future__ import annotations

import plotly.graph_objects as go

from regulars.services.experiments import analyze_experiment
from regulars.services.experiments.display import comparison_texts, interval_text, value_text
from regulars.services.experiments.monitoring import ExperimentTimeline, experiment_timeline
from regulars.services.workspace import Workspace
from regulars.views.charts import _LAYOUT, _html, memoized


def effect_chart(analysis) -> str:
    """Relative lift of each arm on each metric with its interval (guardrails marked)."""
    rows = [c for c in analysis.comparisons if c.error is None and c.control_mean]
    if not rows:
        return ""
    labels = [f"{c.arm}: {c.label}{' (guardrail)' if c.guardrail else ''}" for c in rows]
    per = [100 if c.scale == "relative" else 100 / abs(c.control_mean) for c in rows]
    x = [c.estimate * k for c, k in zip(rows, per)]
    plus = [(c.ci_high - c.estimate) * k for c, k in zip(rows, per)]
    minus = [(c.estimate - c.ci_low) * k for c, k in zip(rows, per)]
    colors = [
        "#2e7d32" if c.significant and c.estimate > 0 else "#c62828" if c.significant else "#607d8b"
        for c in rows
    ]
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=labels,
            mode="markers",
            marker=dict(size=11, color=colors),
            error_x=dict(type="data", array=plus, arrayminus=minus, thickness=2),
            hovertemplate="%{y}: %{x:+.1f}%<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_dash="dash", line_color="#555")
    fig.update_layout(
        title="Effect against control, % of control, with 95% interval",
        xaxis=dict(title="% change"),
        **{**_LAYOUT, "height": 140 + 45 * len(rows)},
    )
    return _html(fig)


#: How each unit's effects are drawn: the factor from stored values and the axis title.
_AXES = {
    "rate": (100, "treatment minus control, points"),
    "money": (0.01, "treatment minus control, {currency}"),
    "number": (1, "treatment minus control"),
}


@memoized
def cumulative_chart(timeline: ExperimentTimeline, currency: str = "USD") -> str:
    """The cumulative effect by day with its always-valid interval, per treatment arm; rates in
    points, money in the currency; a one-day experiment (everyone started at once) is one point
    on a day axis rather than a stretched time axis."""
    factor, title = _AXES.get(timeline.unit, _AXES["number"])
    fig = go.Figure()
    arms = sorted({a for d in timeline.days for a in d.effects})
    for arm in arms:
        pts = [
            (d.day, d.effects[arm])
            for d in timeline.days
            if arm in d.effects and not d.effects[arm]["error"]
        ]
        if not pts:
            continue
        days = [p[0] for p in pts]
        low = [p[1]["ci_low"] * factor for p in pts]
        high = [p[1]["ci_high"] * factor for p in pts]
        estimate = [p[1]["estimate"] * factor for p in pts]
        if len(pts) == 1:
            fig.add_scatter(
                x=days, y=estimate, mode="markers", name=f"{arm} effect",
                error_y=dict(type="data", array=[high[0] - estimate[0]],
                             arrayminus=[estimate[0] - low[0]]),
                marker=dict(size=11, color="#2a6f97"),
            )  # fmt: skip
            continue
        fig.add_scatter(
            x=days + days[::-1],
            y=high + low[::-1],
            fill="toself",
            fillcolor="rgba(42,111,151,0.15)",
            line=dict(width=0),
            name=f"{arm} interval",
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=days, y=estimate, mode="lines+markers", name=f"{arm} effect",
            line=dict(color="#2a6f97"),
        )  # fmt: skip
    if not fig.data:
        return ""
    one_day = len(timeline.days) == 1
    fig.add_hline(y=0, line_dash="dash", line_color="#555")
    fig.update_layout(
        title=f"Cumulative effect on {timeline.label} (always-valid interval)",
        xaxis=dict(
            title="everyone started this day" if one_day else "day of exposure",
            type="category" if one_day else "date",
            tickformat=None if one_day else "%b %d",
        ),
        yaxis=dict(title=title.format(currency=currency)),
        **_LAYOUT,
    )
    return _html(fig)


def shown(analysis, currency: str) -> dict:
    """Every number of the analysis as written (``services.experiments.display``): per
    comparison its effect, interval and lift; per arm its level and intervals per metric."""
    units = {c.metric: c.unit for c in analysis.comparisons}
    arms = {
        arm["arm"]: {
            m: {
                "value": value_text(units.get(m, "number"), v, currency),
                "wilson": interval_text("rate", arm["intervals"].get(m, {}).get("wilson")),
                "credible": interval_text("rate", arm["intervals"].get(m, {}).get("credible")),
            }
            for m, v in arm["means"].items()
        }
        for arm in analysis.arms
    }
    return {
        "comparisons": [comparison_texts(c, currency) for c in analysis.comparisons],
        "arms": arms,
    }


def experiment_view(ws: Workspace, name: str, **options) -> dict:
    """What a page or the report shows for one experiment: the analysis, its numbers as written,
    and its two charts."""
    analysis = analyze_experiment(ws, name, **options)
    timeline = experiment_timeline(
        ws,
        name,
        options.get("metrics", [None])[0] if options.get("metrics") else None,
        window_days=options.get("window_days", 14),
    )
    return {
        "analysis": analysis,
        "shown": shown(analysis, ws.settings.currency),
        "charts": {
            "effect": effect_chart(analysis),
            "cumulative": cumulative_chart(timeline, ws.settings.currency),
        },
    }
