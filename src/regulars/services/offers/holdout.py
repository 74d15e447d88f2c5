"""What each offer added, measured against the randomised holdout of a logged offer test: the
customers given no offer. Per offer and for any offer: the difference in the share who bought and
in margin per customer, with intervals, in words (``analytics.offers.incrementality``).

The log is either the ``offer_log`` table (``logged_incrementality``: summed in the database, per
campaign against its own holdout and over all campaigns) or an offer log CSV's rows
(``offer_incrementality``); both reach the same sufficient statistics (``OfferStats``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis

from regulars.analytics.offers import (
    OFFERS,
    Incrementality,
    OfferStats,
    incrementality_of,
)
from regulars.errors import InputError
from regulars.services.offers.customers import load_customers
from regulars.services.workspace import Workspace

NO_LOG = "no offer log yet: import one (regulars import offer_log FILE) to measure what offers add"
NO_CAMPAIGN = "(no campaign)"


@dataclass(frozen=True)
class OfferIncrementality:
    any_offer: Incrementality
    by_offer: dict[str, Incrementality]
    explanation: str


@dataclass(frozen=True)
class CampaignIncrementality:
    campaign: str
    first_offered_at: dt.datetime | None
    any_offer: Incrementality


@dataclass(frozen=True)
class LoggedIncrementality:
    rows: int
    overall: OfferIncrementality
    campaigns: tuple[CampaignIncrementality, ...]
    explanation: str


def _no_holdout() -> InputError:
    return InputError("the offer log holds no customer given no offer: nothing to measure "
                      "what the offers added against (keep a holdout)")  # fmt: skip


def from_stats(stats: dict[str, OfferStats]) -> OfferIncrementality:
    """Each offer's customers against the held out (offer ``none``), and any offer against them."""
    held = stats.get("none", OfferStats())
    if held.customers == 0:
        raise _no_holdout()
    by_offer = {o.key: incrementality_of(stats[o.key], held)
                for o in OFFERS[1:] if stats.get(o.key, OfferStats()).customers}  # fmt: skip
    offered = sum((stats[k] for k in stats if k != "none"), OfferStats())
    any_offer = incrementality_of(offered, held)
    best = max(by_offer, key=lambda k: by_offer[k].margin_lift_cents, default=None)
    words = f"Any offer against the {held.customers} held out: {any_offer.explanation}"
    if best is not None:
        words += (f". The most margin a customer: {best} "
                  f"({by_offer[best].margin_lift_cents / 100:+.2f})")  # fmt: skip
    return OfferIncrementality(any_offer, by_offer, words)


def offer_incrementality(ws: Workspace, log: list[dict]) -> OfferIncrementality:
    """Each offer of an offer log's rows against the logged customers given none (the holdout)."""
    from regulars.services.offers import _log_arrays

    c = load_customers(ws)
    _, a, r, _ = _log_arrays(c, tuple(sorted(set(c.group))), log)
    bought, margin = (r > 0).astype(float), r * 100
    return from_stats({o.key: OfferStats.of(bought[a == k], margin[a == k])
                       for k, o in enumerate(OFFERS) if (a == k).any()})  # fmt: skip


def _sums(ws: Workspace) -> ibis.Table:
    t = ws.store.table("offer_log")
    margin = t.margin_cents.fill_null(0).cast("float64")
    return t.group_by(campaign=t.campaign.fill_null(NO_CAMPAIGN), offer=t.offer).aggregate(
        customers=t.count(),
        bought=t.count(where=margin > 0),
        margin=margin.sum(),
        margin_squared=(margin * margin).sum(),
        first=t.offered_at.min(),
    )


def logged_incrementality(ws: Workspace) -> LoggedIncrementality | None:
    """The ``offer_log`` table's campaigns, each against its own holdout, and every offer over
    all of them; None when no log was imported. Summed in the database (Ibis)."""
    rows = ws.store.to_arrow(_sums(ws)).to_pylist()
    if not rows:
        return None
    stats: dict[str, dict[str, OfferStats]] = {}
    first: dict[str, dt.datetime] = {}
    for r in rows:
        s = OfferStats(int(r["customers"]), float(r["bought"] or 0), float(r["margin"] or 0),
                       float(r["margin_squared"] or 0))  # fmt: skip
        stats.setdefault(r["campaign"], {})[r["offer"]] = s
        first[r["campaign"]] = min(first.get(r["campaign"], r["first"]), r["first"])
    pooled: dict[str, OfferStats] = {}
    for per_offer in stats.values():
        for k, s in per_offer.items():
            pooled[k] = pooled.get(k, OfferStats()) + s
    overall = from_stats(pooled)
    campaigns = tuple(sorted((_campaign(name, first[name], per_offer)
                              for name, per_offer in stats.items()),
                             key=lambda c: (c.first_offered_at is None, c.first_offered_at,
                                            c.campaign)))  # fmt: skip
    n = sum(s.customers for s in pooled.values())
    words = f"{n} logged offers in {len(campaigns)} campaigns. {overall.explanation}"
    return LoggedIncrementality(n, overall, campaigns, words)


def _campaign(name: str, first, per_offer: dict[str, OfferStats]) -> CampaignIncrementality:
    held = per_offer.get("none", OfferStats())
    offered = sum((s for k, s in per_offer.items() if k != "none"), OfferStats())
    if held.customers == 0:
        nan = float("nan")
        words = "no customer was held out of this campaign: what it added cannot be measured"
        inc = Incrementality(offered.customers, 0, nan, nan, nan, nan, nan, nan, nan, nan, words)
    else:
        inc = incrementality_of(offered, held)
    return CampaignIncrementality(name, first, inc)


def logged_rows(ws: Workspace) -> list[dict]:
    """The ``offer_log`` table's rows as an offer log CSV has them (for the bandit and OPE)."""
    t = ws.store.table("offer_log")
    picked = t.order_by(t.offer_log_id).select(
        "customer_id", "offer", "propensity", margin_cents=t.margin_cents.fill_null(0)
    )
    return ws.store.to_arrow(picked).to_pylist()
