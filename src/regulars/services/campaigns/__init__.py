"""Campaigns: what each earned (touches and orders in the database), attribution models side by
side, incrementality from holdouts, and monitoring."""

from dataclasses import dataclass, replace

from regulars.services.campaigns.incrementality import (
    CampaignIncrementality,
    campaign_incrementality,
)
from regulars.services.campaigns.journeys import (
    NOT_CAUSATION,
    AttributionComparison,
    attribution_comparison,
    campaign_journeys,
)
from regulars.services.campaigns.monitoring import CampaignMonitor, campaign_monitor
from regulars.services.campaigns.performance import (
    CampaignPerformance,
    ChannelSummary,
    campaign_performance,
    channel_summary,
)
from regulars.services.campaigns.roi import CampaignRoi, campaign_roi, roi_summary


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """Every campaign's rates, conversions, revenue, CAC, ROAS and ROI (with the credit under
    ``model``), by campaign and channel; every model's credit; holdout lift; the causation note."""

    model: str
    window_days: int
    touch: str
    campaigns: tuple[CampaignPerformance, ...]
    channels: tuple[ChannelSummary, ...]
    attribution: AttributionComparison
    incrementality: tuple[CampaignIncrementality, ...]
    note: str
    #: Every paid campaign's ROI: caused (holdout) first, else attributed and said to be an upper
    #: bound, with a holdout design for the next one.
    roi: tuple[CampaignRoi, ...] = ()
    roi_note: str = ""


def campaign_report(
    ws, model: str = "last-touch", window_days: int = 7, touch: str = "click"
) -> CampaignReport:
    """Everything about campaigns in one answer: ROI per campaign and channel, credit under the
    chosen model (and every other), holdout incrementality, and the reminder about causation."""
    from regulars.vocabulary import AttributionModel, Touch, choose

    model, touch = (
        choose(AttributionModel, model, "attribution model"),
        choose(Touch, touch, "touch"),
    )
    attribution = attribution_comparison(ws, window_days, touch)
    credit = {r.campaign_id: r for r in attribution.campaigns}
    rows = tuple(
        replace(
            r,
            attributed_conversions=a.conversions[model] if a else 0.0,
            attributed_revenue_cents=a.revenue_cents[model] if a else 0.0,
        )
        for r in campaign_performance(ws, window_days, touch)
        for a in (credit.get(r.campaign_id),)
    )
    incrementality = campaign_incrementality(ws, window_days)
    roi = campaign_roi(rows, incrementality, window_days, touch)
    return CampaignReport(
        model,
        window_days,
        touch,
        rows,
        channel_summary(rows),
        attribution,
        incrementality,
        NOT_CAUSATION,
        roi,
        roi_summary(roi),
    )


__all__ = [
    "NOT_CAUSATION",
    "AttributionComparison",
    "CampaignIncrementality",
    "CampaignMonitor",
    "CampaignPerformance",
    "CampaignReport",
    "CampaignRoi",
    "ChannelSummary",
    "attribution_comparison",
    "campaign_incrementality",
    "campaign_journeys",
    "campaign_monitor",
    "campaign_performance",
    "campaign_report",
    "channel_summary",
]
