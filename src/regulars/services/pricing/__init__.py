"""Prices: each product's elasticity from the shop's history (refused when its prices barely
moved, with a price test designed instead), the margin-maximising price inside the guardrails,
the EU Omnibus "previous price" check on reductions, and price changes proposed for the owner's
approval with their evidence and fairness audit attached."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.pricing import (
    Elasticities,
    Guardrails,
    PriceTest,
    Suggestion,
    design_price_test,
    fit_elasticities,
    suggest_price,
)
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.pricing import competitors as rivals
from regulars.services.pricing import history
from regulars.services.workspace import Workspace

RECENT_WEEKS = 8
#: New York General Business Law section 349-a (the Algorithmic Pricing Disclosure Act, 2025):
#: the words a customer must see next to a price set with their personal data.
DISCLOSURE = "THIS PRICE WAS SET BY AN ALGORITHM USING YOUR PERSONAL DATA."


@dataclass(frozen=True)
class OmnibusCheck:
    product_id: str
    price_cents: int
    previous_price_cents: int
    shown_as_was: int
    explanation: str


@dataclass(frozen=True)
class PriceSuggestions:
    suggestions: tuple[Suggestion, ...]
    omnibus: tuple[OmnibusCheck, ...]
    personalised: bool
    disclosure: str | None
    explanation: str
    #: Per product: the competitors' price the band is drawn around (observed or given), or why
    #: there is none (none observed, or stale).
    competitors: tuple[rivals.CompetitorPrice, ...] = ()


@cached
def elasticities(ws: Workspace) -> Elasticities:
    w = history.weekly(ws)
    if len(w.units) == 0:
        raise InputError("no order lines with products and prices: import orders with items")
    days = (w.week_start - w.week_start.min()).astype(int)
    week = (w.week_start.astype("datetime64[D]").astype(int) // 7) % 52
    return fit_elasticities(w.product_id, w.category, np.log(w.price), np.log(w.units), week,
                            w.promo, days / 365.0)  # fmt: skip


def _recent(ws: Workspace) -> dict[str, tuple[float, int | None]]:
    """Per product: mean weekly units of its last weeks, and days since its price last moved."""
    w, out = history.weekly(ws), {}
    if len(w.units) == 0:
        return out
    end = w.week_start.max()
    for pid in np.unique(w.product_id):
        m = w.product_id == pid
        weeks, price = w.week_start[m], w.price[m]
        moved = np.flatnonzero(np.abs(price / price[-1] - 1) > 0.01)
        since = int((end - weeks[moved[-1] + 1]).astype(int)) if len(moved) else None
        out[str(pid)] = (float(w.units[m][-RECENT_WEEKS:].mean()), since)
    return out


def _rails(product: dict, competitor: dict[str, int], options: dict) -> Guardrails:
    return Guardrails(
        cost_cents=int(product["cost_cents"]),
        min_markup=options.get("min_markup", 0.10),
        min_advertised_cents=options.get("map", {}).get(product["product_id"]),
        competitor_cents=competitor.get(product["product_id"]),
        competitor_band=options.get("band", 0.10),
        max_step=options.get("max_step", 0.10),
        min_days_between=options.get("min_days", 30),
    )


def _omnibus(product_id: str, price: int, current: int, lowest: dict[str, int]) -> OmnibusCheck:
    previous = min(current, lowest.get(product_id, current))
    days = history.OMNIBUS_DAYS
    if previous <= price:
        words = (
            f"{product_id}: it sold at {previous} in the last {days} days, so {price} may "
            "not be shown as a reduction (no compare-at price)"
        )
    elif previous < current:
        words = (
            f"{product_id}: a reduction to {price} must show {previous} as the previous "
            f"price (its lowest in the last {days} days), not {current}"
        )
    else:
        words = f"{product_id}: the previous price shown is {current}, its lowest in {days} days"
    return OmnibusCheck(product_id, price, previous, previous, words)


def suggestions(
    ws: Workspace,
    product_ids: tuple[str, ...] = (),
    competitor: dict[str, int] | None = None,
    **options,
) -> PriceSuggestions:
    """A suggestion (or the reason there is none) per product with a cost and a price.
    ``competitor`` (product -> minor units) overrides the observed competitors' prices.
    ``options``: min_markup, band, max_step, min_days, map (product -> minimum advertised)."""
    est, known, recent = elasticities(ws), history.products(ws), _recent(ws)
    lowest = history.lowest_recent_prices(ws)
    wanted = product_ids or tuple(p.product_id for p in est.products)
    seen = _competitors(ws, wanted, competitor or {})
    competitor = {p: c.price_cents for p, c in seen.items() if c.price_cents is not None}
    out, checks = [], []
    for pid in wanted:
        product = known.get(pid)
        if product is None:
            raise NotFoundError(f"unknown product {pid!r}")
        if not product["cost_cents"] or not product["price_cents"]:
            out.append(
                Suggestion(
                    pid,
                    product["price_cents"] or 0,
                    None,
                    None,
                    None,
                    None,
                    (),
                    f"{pid}: no cost or list price; a margin needs both",
                )
            )
            continue  # fmt: skip
        e = next((x for x in est.products if x.product_id == pid), None)
        se = None if e is None or e.elasticity is None else (e.high - e.low) / (2 * 1.959964)
        units, since = recent.get(pid, (0.0, None))
        s = suggest_price(
            pid,
            int(product["price_cents"]),
            units,
            e and e.elasticity,
            se,
            _rails(product, competitor, options),
            days_since_change=since,
        )
        out.append(s)  # fmt: skip
        if s.price_cents is not None and s.price_cents < s.current_cents:
            checks.append(_omnibus(pid, s.price_cents, s.current_cents, lowest))
    on = ws.settings.personalised_prices == "on"
    moved = sum(s.price_cents not in (None, s.current_cents) for s in out)
    words = (f"{moved} of {len(out)} products have a better price inside the guardrails; "
             + ("personalised prices are on: customers must see the disclosure" if on
                else "one price for everyone (personalised prices are off)"))  # fmt: skip
    return PriceSuggestions(tuple(out), tuple(checks), on, DISCLOSURE if on else None, words,
                            tuple(seen.values()))  # fmt: skip


def _competitors(ws: Workspace, wanted, given: dict[str, int]) -> dict[str, rivals.CompetitorPrice]:
    observed = rivals.latest(ws)
    return {p: rivals.given(p, given[p]) if p in given else observed.get(p, rivals.none(p))
            for p in wanted}  # fmt: skip


def price_test(ws: Workspace, product_id: str, step: float = 0.05) -> PriceTest:
    """A price test for a product (the one way to learn a refused product's response)."""
    known = history.products(ws)
    if product_id not in known:
        raise NotFoundError(f"unknown product {product_id!r}")
    units, _ = _recent(ws).get(product_id, (0.0, None))
    price = known[product_id]["price_cents"]
    if not price:
        raise InputError(f"{product_id} has no list price to test around")
    return design_price_test(int(price), units / 7, step=step)
