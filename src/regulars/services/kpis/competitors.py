"""Competitors against us: price index over matched products, ratings and reviews, promotions seen.

Price index of a competitor = the median, over our products it sells, of their latest observed
price / our list price (1.10 = they are 10% dearer); the geometric mean is given too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import ibis

from regulars.services.workspace import Workspace
from regulars.units import rate

PRODUCTS_SHOWN = 5


@dataclass(frozen=True)
class PriceGap:
    product_id: str
    product: str
    our_price_cents: int
    their_price_cents: int
    index: float


@dataclass(frozen=True)
class CompetitorSummary:
    competitor_id: str
    name: str
    matched_products: int
    price_index_median: float | None
    price_index_geometric_mean: float | None
    we_are_cheaper: int  # matched products where our price is lower than theirs
    we_are_dearer: int
    their_rating: float | None
    their_review_count: int | None
    rating_gap: float | None  # their rating - ours
    review_count_gap: int | None  # their review count - ours
    cheaper_products: tuple[PriceGap, ...]  # where we are cheaper, largest gap first
    dearer_products: tuple[PriceGap, ...]
    promotions: tuple[dict, ...]  # promotion, times seen, last seen
    sentence: str


@dataclass(frozen=True)
class CompetitorReport:
    our_rating: float | None
    our_review_count: int
    competitors: tuple[CompetitorSummary, ...]
    method: str = (
        "Latest observation per competitor and product; index = their price / our list price; "
        "median over matched products (geometric mean shown too)."
    )

    def to_dict(self) -> dict:
        return asdict(self)


def _latest_prices(ws: Workspace) -> ibis.Table:
    obs, products = ws.store.table("competitor_observations"), ws.store.table("products")
    o = obs.filter(obs.product_id.notnull() & obs.price_cents.notnull() & (obs.price_cents > 0))
    o = o.mutate(
        rn=ibis.row_number().over(
            group_by=[o.competitor_id, o.product_id], order_by=ibis.desc(o.observed_at)
        )
    )
    o = o.filter(o.rn == 0)
    ours = products.filter(products.price_cents > 0).select(
        "product_id", our_price=products.price_cents, product=products.name
    )
    j = o.inner_join(ours, "product_id")
    return j.select(
        "competitor_id",
        "product_id",
        "product",
        "our_price",
        their_price=j.price_cents,
        index=j.price_cents.cast("float64") / j.our_price,
    )


def competitor_comparison(ws: Workspace) -> CompetitorReport:
    prices = _latest_prices(ws)
    summary = prices.group_by("competitor_id").aggregate(
        matched=prices.count(),
        median=prices["index"].median(),
        geo=prices["index"].ln().mean().exp(),
        cheaper=prices.count(where=prices.our_price < prices.their_price),
        dearer=prices.count(where=prices.our_price > prices.their_price),
    )
    by_id = {r["competitor_id"]: r for r in ws.store.to_arrow(summary).to_pylist()}
    gaps = ws.store.to_arrow(prices.order_by(ibis.desc("index"))).to_pylist()
    our_rating, our_count = _our_reviews(ws)
    comps = ws.store.to_arrow(
        ws.store.table("competitors").select("competitor_id", "name").order_by("name")
    ).to_pylist()
    ratings, promos = _ratings(ws), _promotions(ws)
    out = tuple(
        _summary(
            c,
            by_id.get(c["competitor_id"], {}),
            [g for g in gaps if g["competitor_id"] == c["competitor_id"]],
            ratings.get(c["competitor_id"], {}),
            promos.get(c["competitor_id"], []),
            our_rating,
            our_count,
        )
        for c in comps
    )
    return CompetitorReport(our_rating, our_count, out)


def _our_reviews(ws: Workspace) -> tuple[float | None, int]:
    f = ws.store.table("feedback")
    f = f.filter((f.kind == "review") & f.rating.notnull())
    row = ws.store.to_arrow(f.aggregate(rating=f.rating.mean(), n=f.count())).to_pylist()[0]
    return row["rating"], int(row["n"] or 0)


def _ratings(ws: Workspace) -> dict[str, dict]:
    obs = ws.store.table("competitor_observations")
    o = obs.filter(obs.rating.notnull() | obs.review_count.notnull())
    o = o.mutate(
        rn=ibis.row_number().over(group_by=o.competitor_id, order_by=ibis.desc(o.observed_at))
    )
    rows = ws.store.to_arrow(
        o.filter(o.rn == 0).select("competitor_id", "rating", "review_count")
    ).to_pylist()
    return {r["competitor_id"]: r for r in rows}


def _promotions(ws: Workspace) -> dict[str, list[dict]]:
    obs = ws.store.table("competitor_observations")
    o = obs.filter(obs.promotion.notnull() & (obs.promotion != ""))
    g = o.group_by(["competitor_id", "promotion"]).aggregate(
        times_seen=o.count(), last_seen=o.observed_at.max().date()
    )
    out: dict[str, list[dict]] = {}
    for r in ws.store.to_arrow(g.order_by(ibis.desc("last_seen"))).to_pylist():
        out.setdefault(r.pop("competitor_id"), []).append(
            {**r, "last_seen": r["last_seen"].isoformat()}
        )
    return out


def _summary(c, s, gaps, rating, promos, our_rating, our_count) -> CompetitorSummary:
    def gap(g) -> PriceGap:
        return PriceGap(
            g["product_id"],
            g["product"],
            int(g["our_price"]),
            int(g["their_price"]),
            float(g["index"]),
        )

    cheaper = tuple(gap(g) for g in gaps if g["index"] > 1)[:PRODUCTS_SHOWN]
    dearer = tuple(gap(g) for g in reversed(gaps) if g["index"] < 1)[:PRODUCTS_SHOWN]
    their_rating, their_count = rating.get("rating"), rating.get("review_count")
    median = s.get("median")
    sentence = (
        f"{c['name']} charges {rate(abs(median - 1), 0)} {'more' if median > 1 else 'less'} than "
        "we do "
        f"(median over {s['matched']} matched products)."
        if median is not None
        else f"No price of {c['name']} is matched to one of our products yet."
    )
    return CompetitorSummary(
        c["competitor_id"],
        c["name"],
        int(s.get("matched") or 0),
        median,
        s.get("geo"),
        int(s.get("cheaper") or 0),
        int(s.get("dearer") or 0),
        their_rating,
        their_count,
        None if their_rating is None or our_rating is None else their_rating - our_rating,
        None if their_count is None else int(their_count) - our_count,
        cheaper,
        dearer,
        tuple(promos),
        sentence,
    )
