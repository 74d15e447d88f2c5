"""Email and ad campaigns: spend, per-customer touches, holdouts and the orders they cause.

Planted per campaign: open rate (opens / delivered), click rate (clicks / delivered) and conversion
(caused orders / clicks). Caused orders happen 0-4 days after the click. Black Friday emails keep a
10% holdout (touch_type 'holdout'), so incrementality can be measured. Lapsed customers are sunset
from the lists after they lapse; wholesale cafés are not on the retail list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from regulars.demo import customers as cu
from regulars.demo import purchases as pu
from regulars.demo import tables
from regulars.demo.clock import DAY_US, HOUR_US, Window, black_friday
from regulars.demo.consents import Consents

TOUCH_TYPES = (
    "sent",
    "delivered",
    "opened",
    "clicked",
    "unsubscribed",
    "bounced",
    "impression",
    "holdout",
)
SENT, DELIVERED, OPENED, CLICKED, UNSUB, BOUNCED, IMPRESSION, HOLDOUT = range(8)
BOUNCE_RATE, UNSUB_RATE, HOLDOUT_SHARE = 0.015, 0.003, 0.10
ADS_KNOWN_SHARE = 0.15  # ad clicks by identified customers
ADS_OVERCLAIM = 1.4  # ad platforms report this many times the true caused orders


@dataclass
class Campaign:
    name: str
    channel: str
    start_us: int
    end_us: int
    open_rate: float
    click_rate: float
    conversion: float
    spend_cents: int
    subject: str | None = None
    holdout: bool = False
    subject_test: bool = False
    counts: dict = field(default_factory=dict)


@dataclass
class Touches:
    cust: list = field(default_factory=list)
    camp: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    t: list = field(default_factory=list)

    def add(self, cust, camp: int, kind: int, t) -> None:
        self.cust.append(np.asarray(cust, np.int64))
        self.camp.append(np.full(len(cust), camp, np.int64))
        self.kind.append(np.full(len(cust), kind, np.int64))
        self.t.append(np.broadcast_to(np.asarray(t, np.int64), (len(cust),)))

    def arrays(self):
        return tuple(
            np.concatenate(x) if x else np.zeros(0, np.int64)
            for x in (self.cust, self.camp, self.kind, self.t)
        )


def schedule(rng: np.random.Generator, window: Window) -> list[Campaign]:
    out = []
    d = dt.date(window.start.year, window.start.month, 5)
    while d <= window.end:
        t = window.us(d) + 15 * HOUR_US
        out.append(
            Campaign(
                f"Newsletter {d:%B %Y}",
                "email",
                t,
                t + 7 * DAY_US,
                rng.uniform(0.24, 0.40),
                rng.uniform(0.015, 0.04),
                rng.uniform(0.05, 0.12),
                9_000,
                f"Fresh this month: {d:%B} roasts",
            )
        )
        ad = "Google Shopping" if d.month % 2 else "Meta prospecting"
        out.append(
            Campaign(
                f"{ad} {d:%b %Y}",
                "ads",
                t,
                t + 27 * DAY_US,
                0.0,
                rng.uniform(0.008, 0.016),
                rng.uniform(0.03, 0.06),
                int(rng.integers(80_000, 250_000)),
            )
        )
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 5)
    for p in window.promotions:
        t = window.us(p.start) + 13 * HOUR_US
        bf = p.start == black_friday(p.start.year)
        out.append(
            Campaign(
                f"{p.code} sale launch",
                "email",
                t,
                window.us(p.end) + DAY_US,
                rng.uniform(0.30, 0.45),
                rng.uniform(0.04, 0.07),
                rng.uniform(0.10, 0.18),
                12_000,
                f"{p.percent}% off everything - code {p.code}",
                holdout=bf,
            )
        )
    for y in range(window.start.year, window.end.year + 1):
        t = window.us(dt.date(y, 6, 1)) + 16 * HOUR_US
        if window.start_us <= t < window.end_us - 30 * DAY_US:
            out.append(
                Campaign(
                    f"Instagram summer giveaway {y}",
                    "social",
                    t,
                    t + 14 * DAY_US,
                    0.0,
                    rng.uniform(0.01, 0.02),
                    rng.uniform(0.02, 0.04),
                    60_000,
                )
            )
    out.sort(key=lambda c: (c.start_us, c.name))
    _mark_subject_test(out, window)
    return out


def _mark_subject_test(campaigns: list[Campaign], window: Window) -> None:
    target = window.end_us - 120 * DAY_US
    news = [c for c in campaigns if c.name.startswith("Newsletter")]
    best = min(news, key=lambda c: abs(c.start_us - target))
    best.subject_test = True


def _email(rng, ci: int, c: Campaign, audience: np.ndarray, touches: Touches, consents: Consents):
    """One email send; returns (clicker index, click time)."""
    holdout = audience[rng.random(len(audience)) < HOLDOUT_SHARE] if c.holdout else audience[:0]
    sent = np.setdiff1d(audience, holdout)
    touches.add(holdout, ci, HOLDOUT, c.start_us)
    touches.add(sent, ci, SENT, c.start_us)
    bounced = rng.random(len(sent)) < BOUNCE_RATE
    delivered = sent[~bounced]
    touches.add(sent[bounced], ci, BOUNCED, c.start_us + 60_000_000)
    touches.add(
        delivered, ci, DELIVERED, c.start_us + rng.integers(1, 120, len(delivered)) * 1_000_000
    )
    opened = rng.random(len(delivered)) < c.open_rate
    o_idx = delivered[opened]
    o_t = c.start_us + (rng.exponential(8.0, len(o_idx)) * HOUR_US).astype(np.int64) + 60_000_000
    touches.add(o_idx, ci, OPENED, o_t)
    clicked = rng.random(len(o_idx)) < c.click_rate / c.open_rate
    k_idx, k_t = (
        o_idx[clicked],
        o_t[clicked] + (rng.exponential(4.0, int(clicked.sum())) * 60_000_000).astype(np.int64),
    )
    touches.add(k_idx, ci, CLICKED, k_t)
    unsub = rng.random(len(o_idx)) < UNSUB_RATE / c.open_rate
    u_t = o_t[unsub] + 90_000_000
    touches.add(o_idx[unsub], ci, UNSUB, u_t)
    consents.unsubscribe(o_idx[unsub], u_t)
    c.counts.update(
        recipients=len(sent),
        delivered=len(delivered),
        opens=len(o_idx),
        clicks=len(k_idx),
        unsubscribes=int(unsub.sum()),
        bounces=int(bounced.sum()),
        holdout=len(holdout),
    )
    return k_idx, k_t


def _ads(rng, ci: int, c: Campaign, eligible: np.ndarray, touches: Touches):
    impressions = int(rng.poisson(c.spend_cents / 100 / 9.0 * 1000))
    clicks = int(rng.binomial(impressions, c.click_rate))
    known = min(int(rng.binomial(clicks, ADS_KNOWN_SHARE)), len(eligible))
    k_idx = np.sort(rng.choice(eligible, known, replace=False)) if known else eligible[:0]
    k_t = c.start_us + (rng.random(known) * (c.end_us - c.start_us)).astype(np.int64)
    touches.add(k_idx, ci, CLICKED, k_t)
    c.counts.update(impressions=impressions, clicks=clicks, known_clicks=known)
    return k_idx, k_t


def run_campaigns(rng, window: Window, people: cu.Customers, consents: Consents, plan: pu.Plan):
    """Send every campaign in time order; caused orders are added to ``plan``."""
    campaigns = schedule(rng, window)
    touches = Touches()
    retail = people.group != cu.WHOLESALE
    lapsed_at = np.where(people.group == cu.LAPSED, plan.alive_until, np.iinfo(np.int64).max)
    for ci, c in enumerate(campaigns):
        live = retail & (lapsed_at > c.start_us) & (people.created_us <= c.start_us)
        if c.channel == "email":
            k_idx, k_t = _email(
                rng,
                ci,
                c,
                np.flatnonzero(live & consents.marketing_ok(c.start_us)),
                touches,
                consents,
            )
        else:
            k_idx, k_t = _ads(rng, ci, c, np.flatnonzero(live), touches)
        buys = rng.random(len(k_idx)) < c.conversion
        t = k_t[buys] + (np.minimum(rng.exponential(1.2, int(buys.sum())), 4.0) * DAY_US).astype(
            np.int64
        )
        ok = t < window.end_us
        plan.add(k_idx[buys][ok], t[ok], pu.CAMPAIGN, ci)
    return campaigns, touches


def _touch_table(touches: Touches, camp_ids: pa.Array, customer_ids: pa.Array) -> pa.Table:
    cust, camp, kind, t = touches.arrays()
    order = np.lexsort((kind, cust, camp, t))
    return tables.build(
        "campaign_touches",
        {
            "touch_id": tables.ids("T", len(order), 8),
            "campaign_id": camp_ids.take(pa.array(camp[order])),
            "customer_id": customer_ids.take(pa.array(cust[order])),
            "touch_type": tables.pick(TOUCH_TYPES, kind[order]),
            "occurred_at": t[order],
        },
    )


def _window_orders(orders, since: np.ndarray, days: int) -> np.ndarray:
    """Per order: placed within ``days`` after its customer's ``since`` time."""
    s = since[orders.cust]
    return (s != np.iinfo(np.int64).max) & (orders.t_us >= s) & (orders.t_us < s + days * DAY_US)


def _outcomes(ci: int, c: Campaign, touches_arrays, orders, n_customers: int, aov: float) -> dict:
    cust, camp, kind, t = touches_arrays
    counted = ~np.isin(orders.status, (4, 5))  # not cancelled / failed
    caused = (orders.campaign == ci) & counted
    revenue = int(orders.total[caused].sum())
    click_at = np.full(n_customers, np.iinfo(np.int64).max, dtype=np.int64)
    m = (camp == ci) & (kind == CLICKED)
    np.minimum.at(click_at, cust[m], t[m])
    reported = _window_orders(orders, click_at, 5) & counted
    out = {
        "caused_orders": int(caused.sum()),
        "caused_revenue_cents": revenue,
        "reported_orders": int(reported.sum()),
        "reported_revenue_cents": int(orders.total[reported].sum()),
    }
    if c.holdout:
        for label, k in (("treated", SENT), ("holdout", HOLDOUT)):
            since = np.full(n_customers, np.iinfo(np.int64).max, dtype=np.int64)
            since[cust[(camp == ci) & (kind == k)]] = c.start_us
            buyers = np.unique(orders.cust[_window_orders(orders, since, 7)])
            out[f"{label}_buyers_7d"] = len(buyers)
            out[f"{label}_size"] = int(((camp == ci) & (kind == k)).sum())
    return out


def finalize(
    campaigns: list[Campaign], touches: Touches, orders, customer_ids: pa.Array
) -> tuple[dict, list[dict]]:
    arrays = touches.arrays()
    web_paid = (orders.origin != pu.WHOLESALE) & (orders.origin != pu.SUBSCRIPTION)
    aov = float(orders.total[web_paid].mean()) if web_paid.any() else 0.0
    camp_ids = tables.ids("CMP", len(campaigns), 3)
    truths, rows = [], []
    for ci, c in enumerate(campaigns):
        o = _outcomes(ci, c, arrays, orders, len(customer_ids), aov)
        n = c.counts
        clicks_base = n.get("delivered", n.get("known_clicks", 0))
        expected = clicks_base * (c.click_rate if c.channel == "email" else 1.0) * c.conversion
        truths.append(
            {
                "campaign_id": camp_ids[ci].as_py(),
                "name": c.name,
                "channel": c.channel,
                "planted_open_rate": c.open_rate if c.channel == "email" else None,
                "planted_click_rate": c.click_rate,
                "planted_conversion": c.conversion,
                "spend_cents": c.spend_cents,
                **n,
                **o,
                "planted_roi": (expected * aov - c.spend_cents) / c.spend_cents,
                "realised_roi": (o["caused_revenue_cents"] - c.spend_cents) / c.spend_cents,
                "holdout": c.holdout,
                "subject_test": c.subject_test,
                "definitions": (
                    "open rate = opens/delivered; "
                    "click rate = clicks/delivered (email) or clicks/impressions "
                    "(ads); conversion = caused orders/clicks (ads: clicks by identified customers)"
                ),
            }
        )
        rows.append((c, n, o))
    return {
        "campaigns": _campaign_table(rows, camp_ids),
        "campaign_touches": _touch_table(touches, camp_ids, customer_ids),
    }, truths


def _campaign_table(rows, camp_ids: pa.Array) -> pa.Table:
    def col(key, src="n"):
        return pa.array([(r[1] if src == "n" else r[2]).get(key) for r in rows], pa.int64())

    email = np.array([r[0].channel == "email" for r in rows])
    conversions = np.where(
        email,
        col("reported_orders", "o").to_numpy(zero_copy_only=False),
        np.round(col("caused_orders", "o").to_numpy(zero_copy_only=False) * ADS_OVERCLAIM),
    )
    revenue = np.where(
        email,
        col("reported_revenue_cents", "o").to_numpy(zero_copy_only=False),
        np.round(col("caused_revenue_cents", "o").to_numpy(zero_copy_only=False) * ADS_OVERCLAIM),
    )
    return tables.build(
        "campaigns",
        {
            "campaign_id": camp_ids,
            "name": [r[0].name for r in rows],
            "channel": [r[0].channel for r in rows],
            "subject": [r[0].subject for r in rows],
            "audience": ["newsletter subscribers" if e else "prospecting" for e in email],
            "started_at": np.array([r[0].start_us for r in rows]),
            "ended_at": np.array([r[0].end_us for r in rows]),
            "spend_cents": np.array([r[0].spend_cents for r in rows]),
            "currency": "USD",
            "recipients": col("recipients"),
            "delivered": col("delivered"),
            "opens": col("opens"),
            "clicks": col("clicks"),
            "unsubscribes": col("unsubscribes"),
            "bounces": col("bounces"),
            "impressions": col("impressions"),
            "conversions": conversions.astype(np.int64),
            "revenue_cents": revenue.astype(np.int64),
        },
    )
