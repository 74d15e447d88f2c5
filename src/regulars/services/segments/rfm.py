"""RFM: recency, frequency and monetary quintile scores and the 11 named segments, in the database.

One aggregation pass over the sales orders gives each customer's orders, spend and last order; one
more pass over those per-customer rows gives the quintile cut points (``percentile_cont``, the
linear
interpolated quantile of numpy, pandas, DuckDB and PostgreSQL) and the last order time. A customer's
score is 1 plus the number of cut points its value lies above, ranking ascending by last order time
(R), number of orders (F) and spend (M). That is ``1 + #{s in 1..4: percent_rank > s / 5}``: equal
values always share a score, no ranking window (a sort per score) is needed, and the result does not
depend on row order or backend. It equals the ``min(5, 1 + floor(5 * percent_rank))`` quintiles
except, when (customers - 1) is a multiple of 5, for the customers exactly at a cut point, who keep
the lower score. The (R, FM) grid in ``analytics.segments.rfm_grid`` names the segment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import ibis

from regulars.analytics.segments.rfm_grid import SEGMENT_RULES
from regulars.services.cache import cached
from regulars.services.instants import epoch
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class SegmentSize:
    name: str
    customers: int
    customer_share: float
    revenue_cents: int
    revenue_share: float
    orders: int
    average_order_cents: float | None
    average_recency_days: float | None
    meaning: str
    action: str


@dataclass(frozen=True)
class ScoreRange:
    """What one score means in this data: the range of the underlying value it covers."""

    score: int
    customers_r: int
    recency_days: tuple[float, float] | None
    customers_f: int
    orders: tuple[int, int] | None
    customers_m: int
    spend_cents: tuple[int, int] | None


@dataclass(frozen=True)
class RfmReport:
    as_of: datetime | None
    customers: int
    revenue_cents: int
    segments: tuple[SegmentSize, ...]
    score_ranges: tuple[ScoreRange, ...]

    def segment(self, name: str) -> SegmentSize:
        return next(s for s in self.segments if s.name == name)

    def to_dict(self) -> dict:
        return asdict(self)


def last_order_time(ws: Workspace) -> datetime | None:
    o = sales_orders(ws)
    return ws.store.to_arrow(o.aggregate(last=o.ordered_at.max()))["last"][0].as_py()


#: The cut points: just above each fifth, so a cut point that falls exactly on a customer (when
#: (customers - 1) * s / 5 is a whole number) is that customer's value and not a value interpolated
#: a rounding error below it; between customers the tiny shift changes nothing.
CUTS = tuple(s / 5 + 1e-12 for s in range(1, 5))


def _cut_points(g: ibis.Table) -> ibis.Table:
    """One row: the last order time and the four cut points of each of R, F and M, as plain
    columns."""
    q = g.aggregate(
        end_epoch=g.last_epoch.max(),
        r=g.last_epoch.quantile(CUTS),
        f=g.orders.quantile(CUTS),
        m=g.spend_cents.quantile(CUTS),
    )
    return q.select(
        "end_epoch", **{f"{key}_cut{i}": q[key][i] for key in "rfm" for i in range(len(CUTS))}
    )


def _score(value: ibis.Column, t: ibis.Table, key: str) -> ibis.Column:
    """1 + how many of the four cut points ``value`` lies above (int literals: PostgreSQL's CASE
    stays integer)."""
    above = [ibis.ifelse(value > t[f"{key}_cut{i}"], 1, 0) for i in range(len(CUTS))]
    return (above[0] + above[1] + above[2] + above[3] + 1).cast("int64")


def _segment_case(r: ibis.Column, fm: ibis.Column) -> ibis.Column:
    branches = [
        (
            (r >= rule.r_range[0])
            & (r <= rule.r_range[1])
            & (fm >= rule.fm_range[0])
            & (fm <= rule.fm_range[1]),
            rule.name,
        )
        for rule in SEGMENT_RULES
    ]
    return ibis.cases(*branches, else_=None)


def customer_rfm(ws: Workspace, as_of: datetime | None = None) -> ibis.Table:
    """Per customer who bought by ``as_of``: recency_days, orders, spend_cents, last_order, r/f/m/fm
    scores, segment.

    ``as_of`` (timezone-aware) counts the orders placed up to and including it; None means the last
    order.
    """
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    if as_of is not None:
        o = o.filter(o.ordered_at <= ibis.literal(as_of, "timestamp('UTC')"))
    g = o.group_by("customer_id").aggregate(
        orders=o.count(), spend_cents=o.total_cents.sum(), last_order=o.ordered_at.max()
    )
    g = g.mutate(last_epoch=epoch(g.last_order))
    g = g.cross_join(_cut_points(g))
    end = epoch(ibis.literal(as_of, "timestamp('UTC')")) if as_of is not None else g.end_epoch
    g = g.select(
        "customer_id",
        "orders",
        "spend_cents",
        "last_order",
        recency_days=(end - g.last_epoch) / 86400.0,
        r_score=_score(g.last_epoch, g, "r"),
        f_score=_score(g.orders, g, "f"),
        m_score=_score(g.spend_cents, g, "m"),
    )
    g = g.mutate(fm_score=((g.f_score + g.m_score + 1) / 2).floor().cast("int64"))
    return g.mutate(segment=_segment_case(g.r_score, g.fm_score))


def _segment_sizes(ws: Workspace, rfm: ibis.Table) -> list[dict]:
    per = rfm.group_by("segment").aggregate(
        customers=rfm.count(),
        revenue_cents=rfm.spend_cents.sum(),
        orders=rfm.orders.sum(),
        average_recency_days=rfm.recency_days.mean(),
    )
    return ws.store.to_arrow(per).to_pylist()


def _score_ranges(ws: Workspace, rfm: ibis.Table) -> tuple[ScoreRange, ...]:
    parts = {}
    for key, column in (("r", "recency_days"), ("f", "orders"), ("m", "spend_cents")):
        agg = rfm.group_by(score=rfm[f"{key}_score"]).aggregate(
            n=rfm.count(), lo=rfm[column].min(), hi=rfm[column].max()
        )
        parts[key] = {row["score"]: row for row in ws.store.to_arrow(agg).to_pylist()}

    def span(key: str, score: int, cast=lambda v: v):
        row = parts[key].get(score)
        return (cast(row["lo"]), cast(row["hi"])) if row else None

    def count(key: str, score: int) -> int:
        return parts[key].get(score, {}).get("n", 0)

    return tuple(
        ScoreRange(
            s,
            count("r", s),
            span("r", s, lambda v: round(v, 1)),
            count("f", s),
            span("f", s, int),
            count("m", s),
            span("m", s, int),
        )
        for s in range(1, 6)
    )


@cached  # the demo's highlights, the report and the pages read it
def rfm_report(ws: Workspace, as_of: datetime | None = None) -> RfmReport:
    """Segment sizes, revenue share and average order value at ``as_of`` (default: the last
    order)."""
    rfm = customer_rfm(ws, as_of)
    rows = {r["segment"]: r for r in _segment_sizes(ws, rfm)}
    customers = sum(r["customers"] for r in rows.values())
    revenue = sum(r["revenue_cents"] or 0 for r in rows.values())
    sizes = []
    for rule in SEGMENT_RULES:
        r = rows.get(rule.name, {})
        n, cents, orders = (
            r.get("customers", 0),
            int(r.get("revenue_cents") or 0),
            int(r.get("orders") or 0),
        )
        sizes.append(
            SegmentSize(
                rule.name,
                n,
                n / customers if customers else 0.0,
                cents,
                cents / revenue if revenue else 0.0,
                orders,
                cents / orders if orders else None,
                r.get("average_recency_days"),
                rule.meaning,
                rule.action,
            )
        )
    return RfmReport(
        as_of or last_order_time(ws), customers, int(revenue), tuple(sizes), _score_ranges(ws, rfm)
    )
