"""What every campaign really earned: reach and engagement from its touches (or the platform's
totals), and the orders of the customers it touched within a window after their click or open.

Computed in the database: per campaign, the distinct customers per touch type; each engaged
customer's first click (or open) on the campaign; their sale orders in ``window_days`` after it
(orders, buyers, revenue, the sum of squares of revenue per engaged customer for an interval, and
customers whose first ever order is among them: new customers). Every order of a touched customer
in the window counts for the campaign, so two campaigns may both count one order; the attribution
models share each order out instead. Neither is causation: only a holdout measures that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import ibis

from regulars.services.sales import orders_after_touches, sales_orders
from regulars.services.workspace import Workspace

TOUCHES = ("sent", "delivered", "opened", "clicked", "unsubscribed", "bounced", "holdout")
ENGAGEMENT = {"click": ("clicked",), "open": ("clicked", "opened")}
Z95 = 1.959963984540054


Interval = tuple[float | None, float | None]


@dataclass(frozen=True, slots=True)
class CampaignPerformance:
    """One campaign: reach and engagement, rates with 95% intervals, the orders of the customers it
    engaged within the window, CAC, ROAS and ROI. ``attributed_*`` are the credit under the chosen
    model (``campaign_report`` only); ``daily`` its touches per day (``campaign_monitor`` only)."""

    campaign_id: str
    name: str | None
    channel: str | None
    started_at: datetime | None
    ended_at: datetime | None
    spend_cents: int | None
    sends: int | None
    delivered: int | None
    opens: int | None
    clicks: int | None
    impressions: int | None
    unsubscribes: int | None
    holdout: int
    open_rate: float | None
    open_rate_interval: Interval
    ctr: float | None
    ctr_interval: Interval
    click_to_open: float | None
    unsubscribe_rate: float | None
    engaged_customers: int
    conversions: int
    buyers: int
    revenue_cents: int
    new_customers: int
    cost_per_lead_cents: float | None
    cac_cents: float | None
    roas: float | None
    roi: float | None
    roi_interval: Interval
    platform_conversions: int | None
    platform_revenue_cents: int | None
    attributed_conversions: float | None = None
    attributed_revenue_cents: float | None = None
    daily: tuple[dict, ...] | None = None


@dataclass(frozen=True, slots=True)
class ChannelSummary:
    """A channel's campaigns added up: spend, clicks, orders, revenue, new customers, ROAS, ROI,
    CAC."""

    channel: str | None
    campaigns: int
    spend_cents: int
    clicks: int
    conversions: int
    revenue_cents: int
    new_customers: int
    roas: float | None
    roi: float | None
    cac_cents: float | None


def engaged_touches(ws: Workspace, touch: str = "click") -> ibis.Table:
    """Each customer's first engagement (click, or open or click) with each campaign."""
    t = ws.store.table("campaign_touches")
    t = t.filter(t.touch_type.isin(ENGAGEMENT[touch]))
    return t.group_by(["campaign_id", "customer_id"]).aggregate(engaged_at=t.occurred_at.min())


def _touch_counts(ws: Workspace) -> dict[str, dict[str, int]]:
    t = ws.store.table("campaign_touches")
    rows = ws.store.to_arrow(
        t.group_by(["campaign_id", "touch_type"]).aggregate(customers=t.customer_id.nunique())
    ).to_pylist()
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["campaign_id"], {})[r["touch_type"]] = r["customers"]
    return out


def _attributed(ws: Workspace, window_days: int, touch: str) -> dict[str, dict]:
    e = engaged_touches(ws, touch)
    o = sales_orders(ws)
    first = o.group_by("customer_id").aggregate(first_order=o.ordered_at.min())
    j = orders_after_touches(ws, e, "engaged_at", window_days)
    j = j.left_join(first, "customer_id").select(
        "campaign_id", "customer_id", "ordered_at", "total_cents", "first_order"
    )
    per = j.group_by(["campaign_id", "customer_id"]).aggregate(
        orders=j.count(),
        revenue=j.total_cents.sum().cast("float64"),
        new=(j.first_order == j.ordered_at).any(),
    )
    agg = per.group_by("campaign_id").aggregate(
        orders=per.orders.sum(),
        buyers=per.count(),
        revenue=per.revenue.sum(),
        revenue_ss=(per.revenue * per.revenue).sum(),
        new_customers=per.count(where=per.new),
    )
    engaged = e.group_by("campaign_id").aggregate(engaged=e.count())
    out = {r["campaign_id"]: dict(r) for r in ws.store.to_arrow(engaged).to_pylist()}
    for r in ws.store.to_arrow(agg).to_pylist():
        out.setdefault(r["campaign_id"], {}).update(r)
    return out


def _div(a, b) -> float | None:
    return None if a is None or not b else a / b


def rate_interval(
    k: float | None, n: float | None, z: float = Z95
) -> tuple[float | None, float | None]:
    """Wilson score interval of a rate k/n."""
    if not n or k is None:
        return None, None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _pick(platform, touches: dict, key: str):
    """The platform-reported total when the campaign has one, else the count from touches."""
    return platform if platform is not None else touches.get(key)


def _roi_interval(a: dict, spend) -> tuple[float | None, float | None]:
    n, s, ss = a.get("engaged") or 0, a.get("revenue") or 0.0, a.get("revenue_ss") or 0.0
    if not spend or n < 2:
        return None, None
    var = max((ss - s * s / n) / (n - 1), 0.0)
    se = math.sqrt(n * var)
    return (s - Z95 * se - spend) / spend, (s + Z95 * se - spend) / spend


def _campaign_row(c: dict, touches: dict, a: dict) -> CampaignPerformance:
    email = c["channel"] == "email"
    sends = _pick(c["recipients"], touches, "sent")
    delivered = _pick(c["delivered"], touches, "delivered")
    opens, clicks = _pick(c["opens"], touches, "opened"), _pick(c["clicks"], touches, "clicked")
    spend, revenue = c["spend_cents"], a.get("revenue") or 0.0
    base = delivered if email else c["impressions"]
    return CampaignPerformance(
        **{
            "campaign_id": c["campaign_id"],
            "name": c["name"],
            "channel": c["channel"],
            "started_at": c["started_at"],
            "ended_at": c["ended_at"],
            "spend_cents": spend,
            "sends": sends,
            "delivered": delivered,
            "opens": opens,
            "clicks": clicks,
            "impressions": c["impressions"],
            "unsubscribes": _pick(c["unsubscribes"], touches, "unsubscribed"),
            "holdout": touches.get("holdout", 0),
            "open_rate": _div(opens, delivered) if email else None,
            "open_rate_interval": rate_interval(opens, delivered) if email else (None, None),
            "ctr": _div(clicks, base),
            "ctr_interval": rate_interval(clicks, base),
            "click_to_open": _div(clicks, opens) if email else None,
            "unsubscribe_rate": _div(_pick(c["unsubscribes"], touches, "unsubscribed"), delivered),
            "engaged_customers": a.get("engaged", 0),
            "conversions": int(a.get("orders") or 0),
            "buyers": int(a.get("buyers") or 0),
            "revenue_cents": int(round(revenue)),
            "new_customers": int(a.get("new_customers") or 0),
            "cost_per_lead_cents": _div(spend, a.get("engaged")),
            "cac_cents": _div(spend, a.get("new_customers")),
            "roas": _div(revenue, spend),
            "roi": None if not spend else (revenue - spend) / spend,
            "roi_interval": _roi_interval(a, spend),
            "platform_conversions": c["conversions"],
            "platform_revenue_cents": c["revenue_cents"],
        }
    )


def campaign_performance(
    ws: Workspace, window_days: int = 7, touch: str = "click"
) -> tuple[CampaignPerformance, ...]:
    """One row per campaign, oldest first (see the module docstring for every definition)."""
    c = ws.store.table("campaigns")
    campaigns = ws.store.to_arrow(c.order_by(["started_at", "name"])).to_pylist()
    touches = _touch_counts(ws)
    attributed = _attributed(ws, window_days, touch)
    return tuple(
        _campaign_row(r, touches.get(r["campaign_id"], {}), attributed.get(r["campaign_id"], {}))
        for r in campaigns
    )


def channel_summary(rows) -> tuple[ChannelSummary, ...]:
    """Totals per channel (``CampaignPerformance`` rows): spend, clicks, conversions, revenue,
    ROAS, ROI and CAC, the highest revenue first."""
    sums = ("spend_cents", "clicks", "conversions", "revenue_cents", "new_customers")
    out: dict[str, dict] = {}
    for r in rows:
        s = out.setdefault(r.channel, {"campaigns": 0, **dict.fromkeys(sums, 0)})
        s["campaigns"] += 1
        for k in sums:
            s[k] += getattr(r, k) or 0
    channels = [
        ChannelSummary(
            channel,
            **s,
            roas=_div(s["revenue_cents"], s["spend_cents"]),
            roi=None
            if not s["spend_cents"]
            else (s["revenue_cents"] - s["spend_cents"]) / s["spend_cents"],
            cac_cents=_div(s["spend_cents"], s["new_customers"]),
        )
        for channel, s in out.items()
    ]
    return tuple(sorted(channels, key=lambda s: -s.revenue_cents))
