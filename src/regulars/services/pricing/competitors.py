"""Competitors' prices for the competitor-band guardrail, from ``competitor_observations``: each
competitor's latest observed price of a product we sell; the band's centre is the median of those
observed within ``STALE_DAYS`` of the shop's latest order (the day the analysis speaks of). Older
ones are named as stale and set no band; a product nobody observed has none, said in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import numpy as np

from regulars.services.pricing.history import _lines
from regulars.services.workspace import Workspace

STALE_DAYS = 30


@dataclass(frozen=True)
class CompetitorPrice:
    product_id: str
    price_cents: int | None  # the band's centre; None: no fresh observation
    observed_on: str | None  # the newest observation's date (ISO)
    sources: tuple[str, ...]  # each competitor's latest: name, price, date, promotion
    stale: bool
    explanation: str


def _latest_rows(ws: Workspace) -> list[dict]:
    obs = ws.store.table("competitor_observations")
    o = obs.filter(obs.product_id.notnull() & obs.price_cents.notnull() & (obs.price_cents > 0))
    o = o.mutate(rn=ibis.row_number().over(group_by=[o.competitor_id, o.product_id],
                                           order_by=ibis.desc(o.observed_at)))  # fmt: skip
    o = o.filter(o.rn == 0)
    c = ws.store.table("competitors").select("competitor_id", "name")
    j = o.left_join(c, "competitor_id")
    j = j.select(o.product_id, o.price_cents, o.observed_at, o.promotion, o.observation_id,
                 name=c.name.fill_null(o.competitor_id))  # fmt: skip
    return ws.store.to_arrow(j.order_by(["product_id", "name"])).to_pylist()


def _as_of(ws: Workspace, rows: list[dict]) -> dt.datetime | None:
    j = _lines(ws)
    last = ws.store.to_arrow(j.aggregate(last=j.ordered_at.max()))["last"][0].as_py()
    return last or max((r["observed_at"] for r in rows), default=None)


def _source(r: dict) -> str:
    promo = f", on promotion: {r['promotion']}" if r["promotion"] else ""
    return f"{r['name']} {r['price_cents']} on {r['observed_at']:%Y-%m-%d}{promo}"


def _one(pid: str, rows: list[dict], as_of: dt.datetime) -> CompetitorPrice:
    since = as_of - dt.timedelta(days=STALE_DAYS)
    fresh = [r for r in rows if r["observed_at"] >= since]
    last = max(rows, key=lambda r: r["observed_at"])
    newest = last["observed_at"]
    if not fresh:
        days = (as_of - newest).days
        words = (f"{pid}: the latest competitor price ({_source(last)}) "
                 f"is {days} days old, older than {STALE_DAYS}: no competitor band until it is "
                 "observed again")  # fmt: skip
        return CompetitorPrice(pid, None, f"{newest:%Y-%m-%d}", tuple(map(_source, rows)), True,
                               words)  # fmt: skip
    centre = int(round(float(np.median([r["price_cents"] for r in fresh]))))
    sources = tuple(map(_source, fresh))
    words = (f"{pid}: competitors charge {centre} (median of the latest of {len(fresh)}: "
             f"{'; '.join(sources)})")  # fmt: skip
    return CompetitorPrice(pid, centre, f"{max(r['observed_at'] for r in fresh):%Y-%m-%d}",
                           sources, False, words)  # fmt: skip


def latest(ws: Workspace) -> dict[str, CompetitorPrice]:
    """Per observed product, its competitors' price (or why there is none usable)."""
    rows = _latest_rows(ws)
    as_of = _as_of(ws, rows)
    by_product: dict[str, list[dict]] = {}
    for r in rows:
        by_product.setdefault(r["product_id"], []).append(r)
    return {pid: _one(pid, rs, as_of) for pid, rs in by_product.items()}


def given(pid: str, price: int) -> CompetitorPrice:
    words = f"{pid}: competitors charge {price}, as given"
    return CompetitorPrice(pid, price, None, ("given",), False, words)


def none(pid: str) -> CompetitorPrice:
    words = f"{pid}: no competitor price observed: no competitor band"
    return CompetitorPrice(pid, None, None, (), False, words)
