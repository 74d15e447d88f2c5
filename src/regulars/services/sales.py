"""What counts as a sale, and the sale orders that followed a touch: the one definition every
capability (overview, customers, KPIs, segments, lifetime value, campaigns, experiments) imports.

A sale is an order whose status is paid, partially refunded or refunded, or unknown (an export
without statuses); cancelled, failed and pending orders are not sales. Time after a touch is exact
elapsed time (integer microseconds on DuckDB, epoch seconds elsewhere), so a day is 86,400 seconds
in any timezone.
"""

from __future__ import annotations

import ibis

from regulars.services.currencies import convert, in_shop_currency
from regulars.services.instants import DAY_US, epoch_us
from regulars.services.workspace import Workspace

#: Orders that count as sales (an order with no status counts too).
SALE_STATUSES = ("paid", "partially_refunded", "refunded")
#: Sale statuses that say the order was (partly) refunded.
REFUND_STATUSES = ("refunded", "partially_refunded")
#: Sale statuses with no refund.
SALE_NOT_REFUNDED = tuple(status for status in SALE_STATUSES if status not in REFUND_STATUSES)


def is_sale(status: ibis.Value, statuses: tuple[str, ...] = SALE_STATUSES) -> ibis.Value:
    """The sale rule on an order's status column (unknown status counts)."""
    return status.isnull() | status.isin(statuses)


def sales_orders(ws: Workspace, orders: ibis.Table | None = None) -> ibis.Table:
    """Orders that are sales (of ``orders`` when given, else of the workspace's orders table), in
    the workspace currency: other currencies converted at the owner's rates, or left out
    (``services.currencies``: different currencies are never added together)."""
    o = ws.store.table("orders") if orders is None else orders
    return in_shop_currency(ws, o.filter(is_sale(o.status)))


def sales_at(orders: ibis.Table, rule: tuple) -> ibis.Table:
    """``sales_orders`` for queries built from the store alone (``Store.lookup``, the KPI scope):
    ``rule`` is ``currencies.money_rule(ws)``, the workspace currency and the owner's rates."""
    return convert(orders.filter(is_sale(orders.status)), rule)


def day_length(ws: Workspace) -> int:
    """How long a day is in the unit ``elapsed`` measures in."""
    return DAY_US if ws.store.dialect == "duckdb" else 86_400


def elapsed(ws: Workspace, t: ibis.Table, column: str, start: str) -> ibis.Value:
    """Time from ``start`` to ``column``: integer microseconds on DuckDB (exact; its epoch of a
    timezone-aware timestamp goes through the ICU calendar, several times slower), else epoch
    seconds."""
    if ws.store.dialect == "duckdb":
        return epoch_us(t[column]) - epoch_us(t[start])
    return t[column].epoch_seconds() - t[start].epoch_seconds()


def orders_after_touches(
    ws: Workspace,
    touches: ibis.Table,
    at: str,
    days: int,
    *,
    before_days: int = 0,
    columns: tuple[str, ...] = ("customer_id", "ordered_at", "total_cents"),
    orders: ibis.Table | None = None,
) -> ibis.Table:
    """Each touch (a row of ``touches`` with ``customer_id`` and the instant ``at``) joined to its
    customer's sale orders placed from ``before_days`` before it to ``days`` after it (end
    excluded).

    ``orders`` narrows the orders first (for instance to a time range); ``columns`` are the order
    columns kept. The result has ``age``: the time from the touch to the order (``day_length``
    a day).
    """
    o = sales_orders(ws, orders).select(*dict.fromkeys(("customer_id", "ordered_at", *columns)))
    j = touches.inner_join(o, "customer_id")
    day = day_length(ws)
    j = j.mutate(age=elapsed(ws, j, "ordered_at", at))
    return j.filter((j.age >= -before_days * day) & (j.age < days * day))
