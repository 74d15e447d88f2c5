"""What the price models read from the store: weekly units and average price per product (sale
orders only, in the shop's currency; wholesale orders left out, their prices are negotiated), the
products' prices and costs, and the lowest price each product sold at in the last 30 days (the EU
Omnibus directive's "previous price")."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np

from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

OMNIBUS_DAYS = 30


@dataclass(frozen=True)
class Weekly:
    product_id: np.ndarray
    category: np.ndarray
    week_start: np.ndarray  # datetime64[D]
    units: np.ndarray
    price: np.ndarray
    promo: np.ndarray


def _lines(ws: Workspace) -> ibis.Table:
    o = sales_orders(ws)
    o = o.filter(o.channel.isnull() | (o.channel != "wholesale"))  # negotiated, not list prices
    o = o.select("order_id", "ordered_at", "discount_code")
    i = ws.store.table("order_items")
    i = i.filter(i.product_id.notnull() & (i.quantity > 0) & (i.unit_price_cents > 0))
    return i.join(o, "order_id")


def weekly(ws: Workspace) -> Weekly:
    j = _lines(ws)
    promoted = (j.discount_cents.fill_null(0) > 0) | j.discount_code.notnull()
    promo = ibis.ifelse(promoted, 1, 0)  # PostgreSQL casts no boolean to a number
    j = j.mutate(week=j.ordered_at.truncate("W").cast("date"), promo=promo,
                 value=j.quantity * j.unit_price_cents)  # fmt: skip
    g = j.group_by("product_id", "week").aggregate(
        units=j.quantity.sum().cast("int64"),  # PostgreSQL sums in numeric: whole numbers only
        value=j.value.sum().cast("int64"),
        promo=j.promo.sum().cast("int64"),
        lines=j.count(),
    )
    p = ws.store.table("products").select("product_id", "category")
    g = g.left_join(p, "product_id").select(g, category=p.category.fill_null("(none)"))
    t = ws.store.to_arrow(g.order_by(["product_id", "week"]))
    units = np.asarray(t["units"].to_numpy(zero_copy_only=False), float)
    value = np.asarray(t["value"].to_numpy(zero_copy_only=False), float)
    return Weekly(
        np.asarray(t["product_id"].to_pylist(), dtype=object).astype(str),
        np.asarray(t["category"].to_pylist(), dtype=object).astype(str),
        np.asarray(t["week"].to_numpy(zero_copy_only=False), "datetime64[D]"),
        units,
        value / np.maximum(units, 1),
        np.asarray(t["promo"].to_numpy(zero_copy_only=False), float)
        / np.maximum(np.asarray(t["lines"].to_numpy(zero_copy_only=False), float), 1),
    )


def products(ws: Workspace) -> dict[str, dict]:
    p = ws.store.table("products").select("product_id", "name", "category", "price_cents",
                                          "cost_cents")  # fmt: skip
    return {r["product_id"]: r for r in ws.store.to_arrow(p).to_pylist()}


def lowest_recent_prices(ws: Workspace, days: int = OMNIBUS_DAYS) -> dict[str, int]:
    """The lowest unit price each product sold at in the last ``days`` of the data."""
    j = _lines(ws)
    last = ws.store.to_arrow(j.aggregate(last=j.ordered_at.max()))["last"][0].as_py()
    if last is None:
        return {}
    since = ibis.literal(last, "timestamp('UTC')") - ibis.interval(days=days)
    j = j.filter(j.ordered_at >= since)
    g = j.group_by("product_id").aggregate(low=j.unit_price_cents.min())
    return {r["product_id"]: int(r["low"]) for r in ws.store.to_arrow(g).to_pylist()}
