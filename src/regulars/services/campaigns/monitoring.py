"""Daily KPIs of the campaigns running at a date, alerts when one is far below plan, and the
experiments' sample-ratio alerts.

A campaign's plan is the median of the same channel's earlier campaigns (open rate, click rate,
orders per engaged customer). It is flagged when its value is under half the plan and the upper
end of its 95% interval is still below the plan, so a small campaign is not flagged by chance.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from regulars.services.campaigns.performance import (
    CampaignPerformance,
    campaign_performance,
    rate_interval,
)
from regulars.services.experiments.monitoring import SrmAlert, experiment_alerts
from regulars.services.workspace import Workspace
from regulars.units import rate

PLANNED = (
    ("open_rate", "opens", "delivered", "open rate"),
    ("ctr", "clicks", None, "click rate"),
    ("conversion", "conversions", "engaged_customers", "orders per engaged customer"),
)
FAR_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class PlanAlert:
    """A running campaign's KPI far below its plan (the median of the channel's earlier ones)."""

    campaign: str | None
    campaign_id: str
    kpi: str
    value: float
    plan: float
    message: str


@dataclass(frozen=True, slots=True)
class CampaignMonitor:
    """Running campaigns with their daily touches, alerts against plan, and running experiments'
    SRM checks; ``as_of`` None (nothing running) when there is no touch at all."""

    as_of: str | None
    lookback_days: int
    running: tuple[CampaignPerformance, ...]
    alerts: tuple[PlanAlert, ...]
    experiments: tuple[SrmAlert, ...]


def _last_activity(ws: Workspace) -> datetime | None:
    t = ws.store.table("campaign_touches")
    return ws.store.to_arrow(t.occurred_at.max()).as_py()


def _running(rows, as_of: datetime, lookback_days: int) -> list[CampaignPerformance]:
    since = as_of - timedelta(days=lookback_days)
    return [
        r
        for r in rows
        if r.started_at <= as_of and (r.ended_at or r.started_at + timedelta(days=7)) >= since
    ]


def _daily(
    ws: Workspace, campaign_ids: list[str], since: datetime, as_of: datetime
) -> dict[str, list[dict]]:
    t = ws.store.table("campaign_touches")
    t = t.filter(
        t.campaign_id.isin(campaign_ids) & (t.occurred_at >= since) & (t.occurred_at <= as_of)
    )
    g = t.group_by(["campaign_id", t.occurred_at.date().name("day"), "touch_type"]).aggregate(
        customers=t.customer_id.nunique()
    )
    out: dict[str, dict] = {}
    for r in ws.store.to_arrow(g).to_pylist():
        day = out.setdefault(r["campaign_id"], {}).setdefault(
            r["day"].isoformat(), {"day": r["day"].isoformat()}
        )
        day[r["touch_type"]] = r["customers"]
    return {cid: sorted(days.values(), key=lambda d: d["day"]) for cid, days in out.items()}


def _value(
    row: CampaignPerformance, key: str, num: str, den: str | None
) -> tuple[float | None, float | None, float | None]:
    if key == "conversion":
        n = row.engaged_customers
        return (row.conversions / n if n else None), None, None
    if den:
        base = getattr(row, den)
    else:
        base = row.delivered if row.channel == "email" else row.impressions
    low, high = rate_interval(getattr(row, num), base)
    return getattr(row, key), low, high


def _alerts(rows, running: list[CampaignPerformance]) -> tuple[PlanAlert, ...]:
    alerts = []
    for r in running:
        earlier = [e for e in rows if e.channel == r.channel and e.started_at < r.started_at]
        for key, num, den, label in PLANNED:
            value, _, high = _value(r, key, num, den)
            past = [v for v in (_value(e, key, num, den)[0] for e in earlier) if v is not None]
            if value is None or len(past) < 3:
                continue
            plan = statistics.median(past)
            if plan > 0 and value < FAR_BELOW * plan and (high is None or high < plan):
                message = (
                    f"{r.name}: {label} {rate(value)} is far below plan {rate(plan)} "
                    f"(median of {len(past)} earlier {r.channel} campaigns)."
                )
                alerts.append(PlanAlert(r.name, r.campaign_id, key, value, plan, message))
    return tuple(alerts)


def campaign_monitor(
    ws: Workspace, as_of: datetime | None = None, lookback_days: int = 14, window_days: int = 7
) -> CampaignMonitor:
    """Campaigns running within ``lookback_days`` of ``as_of`` (default: the last touch in the
    data), their daily touches, their KPIs against plan, and every running experiment's SRM
    check."""
    as_of = as_of or _last_activity(ws)
    if as_of is None:
        return CampaignMonitor(None, lookback_days, (), (), experiment_alerts(ws))
    rows = campaign_performance(ws, window_days)
    running = _running(rows, as_of, lookback_days)
    since = as_of - timedelta(days=lookback_days)
    daily = _daily(ws, [r.campaign_id for r in running], since, as_of) if running else {}
    return CampaignMonitor(
        as_of.isoformat(),
        lookback_days,
        tuple(replace(r, daily=tuple(daily.get(r.campaign_id, []))) for r in running),
        _alerts(rows, running),
        experiment_alerts(ws),
    )
