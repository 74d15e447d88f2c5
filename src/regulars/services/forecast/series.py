"""The series to forecast, aggregated in the database (Ibis; the same on every backend): revenue,
orders, units or new customers per local day, week or month, overall or per channel, category or
product (the top products by revenue, the rest as one long-tail series)."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np

from regulars.errors import InputError
from regulars.services.calendar.periods import check_period
from regulars.services.calendar.shop import shop_clock
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace

METRICS = ("revenue", "orders", "units", "new_customers")
GROUPINGS = ("total", "channel", "category", "product")
TOP_PRODUCTS = 20
LONG_TAIL = "other products"
#: Which grouping each metric can be split by.
_ALLOWED = {
    "revenue": GROUPINGS,
    "orders": ("total", "channel"),
    "new_customers": ("total", "channel"),
    "units": ("total", "category", "product"),
}


@dataclass(frozen=True)
class SeriesTable:
    """Dense series (groups, periods) from period ``first`` on, zeros where nothing happened."""

    metric: str
    by: str
    period: str
    first: int
    groups: tuple[str, ...]
    values: np.ndarray


def check_request(metric: str, by: str, period: str) -> None:
    if metric not in METRICS:
        raise InputError(f"unknown metric {metric!r}; use one of: {', '.join(METRICS)}")
    if by not in GROUPINGS:
        raise InputError(f"unknown grouping {by!r}; use one of: {', '.join(GROUPINGS)}")
    if by not in _ALLOWED[metric]:
        raise InputError(
            f"{metric} cannot be split by {by}; use one of: {', '.join(_ALLOWED[metric])}"
        )
    if check_period(period) not in ("day", "week", "month"):
        raise InputError(f"forecast period {period!r}: use day, week or month")


def _order_rows(ws: Workspace, metric: str, by: str) -> ibis.Table:
    o = sales_orders(ws)
    if metric == "new_customers":
        known = o.filter(o.customer_id.notnull())
        first = known.group_by("customer_id").aggregate(_first=known.ordered_at.min())
        o = known.inner_join(first, "customer_id")
        o = o.filter(o.ordered_at == o._first)
        return o.select(at=o.ordered_at, g=_group(o, by), v=ibis.literal(1.0))
    value = o.total_cents if metric == "revenue" else ibis.literal(1)
    return o.select(at=o.ordered_at, g=_group(o, by), v=value.cast("float64"))


def _group(t: ibis.Table, by: str) -> ibis.Value:
    return t.channel.fill_null("unknown") if by == "channel" else ibis.literal("total")


def _item_rows(ws: Workspace, metric: str, by: str) -> ibis.Table:
    o = sales_orders(ws).select("order_id", "ordered_at")
    i = ws.store.table("order_items")
    p = ws.store.table("products").select("product_id", "category", pname="name")
    j = i.inner_join(o, "order_id").left_join(p, "product_id")
    line = j.quantity * j.unit_price_cents - j.discount_cents.fill_null(0)
    value = (line if metric == "revenue" else j.quantity).cast("float64")
    if by == "category":
        group = j.category.fill_null("uncategorised")
    elif by == "product":
        group = ibis.coalesce(j.pname, j.product_name, j.product_id, ibis.literal("unknown"))
    else:
        group = ibis.literal("total")
    return j.select(at=j.ordered_at, g=group, v=value)


def _rows(ws: Workspace, metric: str, by: str) -> ibis.Table:
    if metric == "units" or by in ("category", "product"):
        return _item_rows(ws, metric, by)
    return _order_rows(ws, metric, by)


def series_table(ws: Workspace, metric: str, by: str, period: str) -> SeriesTable:
    """Aggregate in the database, densify here; the period in progress is left out (the last one,
    unless sales reach its last day: the KPIs' rule)."""
    check_request(metric, by, period)
    rows = _rows(ws, metric, by)
    clock = shop_clock(ws, rows, "at")
    rows = rows.select("at", "g", "v").mutate(_next=rows.at + ibis.interval(days=1))
    rows = clock.with_period(clock.with_period(rows, "at", period), "_next", period, name="q")
    ends = ibis.ifelse(rows.q > rows.p, 1, 0)  # a sale on the last day of its period
    totals = rows.group_by(["g", "p"]).aggregate(v=rows.v.sum(), ends=ends.max())
    data = ws.store.to_arrow(totals).to_pydict()
    if not data["p"]:
        return SeriesTable(metric, by, period, 0, (), np.zeros((0, 0)))
    first, last = min(data["p"]), max(data["p"])
    whole = any(e for p, e in zip(data["p"], data["ends"]) if p == last)
    if period != "day" and not whole:
        last -= 1  # the period in progress is not a whole one
    names = sorted(set(data["g"]))
    values = np.zeros((len(names), max(last - first + 1, 0)))
    index = {name: k for k, name in enumerate(names)}
    for g, p, v in zip(data["g"], data["p"], data["v"]):
        if p <= last:
            values[index[g], p - first] = v or 0.0
    if by == "product":
        names, values = _top_and_tail(names, values)
    return SeriesTable(metric, by, period, first, tuple(names), values)


def _top_and_tail(names: list[str], values: np.ndarray):
    if len(names) <= TOP_PRODUCTS:
        return names, values
    order = np.argsort(-values.sum(axis=1), kind="stable")
    top, tail = order[:TOP_PRODUCTS], order[TOP_PRODUCTS:]
    kept = [names[k] for k in top] + [LONG_TAIL]
    return kept, np.vstack([values[top], values[tail].sum(axis=0, keepdims=True)])
