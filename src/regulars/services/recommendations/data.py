"""What the recommendation models are fitted on, computed in the database with Ibis: one row per
customer and product (orders holding it, first and last day bought) from sale orders, for the
customers who consent to personalisation; the products; and everyone's buyers per product
(an anonymous count, the bestsellers every customer may be shown).

Days are UTC day numbers (days since 1970-01-01, with the time of day as a fraction)."""

from __future__ import annotations

import ibis
import numpy as np
import pyarrow as pa

from regulars.analytics.recommendations import Interactions
from regulars.services.consent import consenting
from regulars.services.instants import epoch
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

PURPOSE = "personalization"
DAY_SECONDS = 86_400.0


def _lines(ws: Workspace, personal: bool = True) -> ibis.Table:
    """Sale lines with a customer and a product: customer_id, product_id, order_id, day."""
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    if personal:
        o = o.semi_join(consenting(ws, PURPOSE), "customer_id")
    o = o.select("order_id", "customer_id", day=epoch(o.ordered_at) / DAY_SECONDS)
    items = ws.store.table("order_items")
    items = items.filter(items.product_id.notnull()).select("order_id", "product_id")
    return items.inner_join(o, "order_id").select("customer_id", "product_id", "order_id", "day")


def last_day(ws: Workspace) -> float | None:
    """The day of the last sale with a product and a customer (None without any)."""
    value = ws.store.to_arrow(_lines(ws, personal=False).day.max().as_table()).column(0)[0]
    return value.as_py()


def summaries(ws: Workspace, before: float | None = None) -> pa.Table:
    """One row per (consenting customer, product) bought before the day ``before``."""
    t = _lines(ws)
    if before is not None:
        t = t.filter(t.day < before)
    g = t.group_by(["customer_id", "product_id"]).aggregate(
        orders=t.order_id.nunique(), first_day=t.day.min(), last_day=t.day.max()
    )
    return ws.store.to_arrow(g.order_by(["customer_id", "product_id"]))


def bought_between(ws: Workspace, start: float, end: float) -> pa.Table:
    """Distinct (consenting customer, product) pairs bought from day ``start`` to ``end``."""
    t = _lines(ws)
    t = t.filter((t.day >= start) & (t.day < end))
    return ws.store.to_arrow(t.select("customer_id", "product_id").distinct())


def products(ws: Workspace) -> pa.Table:
    """product_id, name, category, stock of every product, in product order."""
    p = ws.store.table("products")
    return ws.store.to_arrow(
        p.select("product_id", "name", "category", "stock").order_by("product_id")
    )


def buyers(ws: Workspace) -> pa.Table:
    """Everyone's distinct buyers per product: the bestsellers, an anonymous count."""
    t = _lines(ws, personal=False)
    g = t.group_by("product_id").aggregate(buyers=t.customer_id.nunique())
    return ws.store.to_arrow(g.order_by([ibis.desc("buyers"), "product_id"]))


def interactions(table: pa.Table, now: float, items: np.ndarray) -> Interactions:
    """The summaries as the analytics' matrices, columns in catalogue order."""
    col = table.to_pydict()
    return Interactions.from_rows(col["customer_id"], col["product_id"], col["orders"],
                                  col["first_day"], col["last_day"], now, items)  # fmt: skip
