"""Campaigns: what each earned (touches and orders in the database), attribution models side by
side, incrementality from holdouts, and monitoring."""

from regulars.services.campaigns.incrementality import campaign_incrementality
from regulars.services.campaigns.journeys import (
    NOT_CAUSATION,
    attribution_comparison,
    campaign_journeys,
)
from regulars.services.campaigns.monitoring import campaign_monitor
from regulars.services.campaigns.performance import campaign_performance, channel_summary


def campaign_report(
    ws, model: str = "last-touch", window_days: int = 7, touch: str = "click"
) -> dict:
    """Everything about campaigns in one answer: ROI per campaign and channel, credit under the
    chosen model (and every other), holdout incrementality, and the reminder about causation."""
    from regulars.vocabulary import AttributionModel, Touch, choose

    model, touch = (
        choose(AttributionModel, model, "attribution model"),
        choose(Touch, touch, "touch"),
    )
    rows = campaign_performance(ws, window_days, touch)
    attribution = attribution_comparison(ws, window_days, touch)
    credit = {r["campaign_id"]: r for r in attribution["campaigns"]}
    for r in rows:
        a = credit.get(r["campaign_id"])
        r["attributed_conversions"] = a["conversions"][model] if a else 0.0
        r["attributed_revenue_cents"] = a["revenue_cents"][model] if a else 0.0
    return {
        "model": model,
        "window_days": window_days,
        "touch": touch,
        "campaigns": rows,
        "channels": channel_summary(rows),
        "attribution": attribution,
        "incrementality": campaign_incrementality(ws, window_days),
        "note": NOT_CAUSATION,
    }


__all__ = [
    "NOT_CAUSATION",
    "attribution_comparison",
    "campaign_incrementality",
    "campaign_journeys",
    "campaign_monitor",
    "campaign_performance",
    "campaign_report",
    "channel_summary",
]
