"""Headline numbers every later capability builds on, aggregated in the database with Ibis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import ibis

from regulars.services.cache import cached
from regulars.services.currencies import currency_mix, in_shop_currency
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class MonthlySales:
    """One calendar month of sale orders: revenue, orders, customers and first-time customers."""

    month: datetime
    revenue_cents: int
    orders: int
    customers: int
    new_customers: int


@dataclass(frozen=True, slots=True)
class TopProduct:
    """A product (by name, else SKU, else id) with its units sold and revenue."""

    name: str | None
    units: int
    revenue_cents: int


@dataclass(frozen=True, slots=True)
class Headline:
    """Totals for the whole history (None where there are no sale orders)."""

    customers: int
    repeat_customers: int
    orders: int | None
    revenue_cents: int | None
    first: datetime | None
    last: datetime | None
    repeat_rate: float | None
    average_order_cents: float | None
    #: Money given back on those sale orders (the refunds table), and revenue less it.
    refunds_cents: int | None = None
    net_revenue_cents: int | None = None


def customer_summary(ws: Workspace, as_of: datetime | None = None) -> ibis.Table:
    """Per customer: orders, purchase days, first and last order, days since the last order, spend.

    ``as_of`` defaults to the last order in the data, so an old export is not all "lapsed".
    """
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    g = o.group_by("customer_id").aggregate(
        orders=o.count(),
        purchase_days=o.ordered_at.date().nunique(),
        first_order=o.ordered_at.min(),
        last_order=o.ordered_at.max(),
        spend_cents=o.total_cents.sum(),
    )
    end = ibis.timestamp(as_of) if as_of is not None else o.ordered_at.max().as_scalar()
    return g.mutate(
        recency_days=(end.epoch_seconds() - g.last_order.epoch_seconds()) / 86400.0,
        average_order_cents=g.spend_cents / g.orders,
    )


@cached  # the overview, the demo's highlights and the report read it (callers must not change it)
def monthly_sales(ws: Workspace) -> tuple[MonthlySales, ...]:
    """Sale orders per calendar month, oldest first."""
    o = sales_orders(ws)
    first = o.group_by("customer_id").aggregate(first_month=o.ordered_at.min().truncate("M"))
    m = o.left_join(first, "customer_id").mutate(month=o.ordered_at.truncate("M"))
    m = m.mutate(is_new=(m.month == m.first_month))
    per_month = (
        m.group_by("month")
        .aggregate(
            revenue_cents=m.total_cents.sum(),
            orders=m.count(),
            customers=m.customer_id.nunique(),
            new_customers=m.customer_id.nunique(where=m.is_new),
        )
        .order_by("month")
    )
    return tuple(MonthlySales(**r) for r in ws.store.to_arrow(per_month).to_pylist())


def top_products(ws: Workspace, limit: int = 10) -> tuple[TopProduct, ...]:
    """The ``limit`` products with the most revenue in sale orders."""
    items = ws.store.table("order_items")
    sales = sales_orders(ws).select("order_id")
    i = items.semi_join(sales, "order_id")
    name = ibis.coalesce(i.product_name, i.sku, i.product_id)
    top = (
        i.mutate(name=name)
        .group_by("name")
        .aggregate(units=i.quantity.sum(), revenue_cents=(i.quantity * i.unit_price_cents).sum())
        .order_by(ibis.desc("revenue_cents"))
        .limit(limit)
    )
    return tuple(TopProduct(**r) for r in ws.store.to_arrow(top).to_pylist())


@cached
def headline(ws: Workspace) -> Headline:
    """Totals for the whole history: revenue, orders, customers, repeat rate, average order
    value."""
    summary = customer_summary(ws)
    row = ws.store.to_arrow(
        summary.aggregate(
            customers=summary.count(),
            repeat_customers=summary.count(where=summary.purchase_days > 1),
            orders=summary.orders.sum(),
            revenue_cents=summary.spend_cents.sum(),
        )
    ).to_pylist()[0]
    o = sales_orders(ws)
    span = ws.store.to_arrow(
        o.aggregate(first=o.ordered_at.min(), last=o.ordered_at.max())
    ).to_pylist()[0]
    customers = row["customers"] or 0
    orders = row["orders"] or 0
    refunds = refunded_cents(ws) if orders else None
    return Headline(
        **row,
        **span,
        repeat_rate=(row["repeat_customers"] / customers) if customers else None,
        average_order_cents=(row["revenue_cents"] / orders) if orders else None,
        refunds_cents=refunds,
        net_revenue_cents=None if refunds is None else row["revenue_cents"] - refunds,
    )


def refunded_cents(ws: Workspace) -> int:
    """Refunds of sale orders of customers, in the workspace currency (the sums ``headline``
    counts revenue over)."""
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull()).select("order_id")
    r = in_shop_currency(ws, ws.store.table("refunds"), ("amount_cents",))
    r = r.semi_join(o, "order_id")
    return int(ws.store.to_arrow(r.aggregate(total=r.amount_cents.sum()))["total"][0].as_py() or 0)


@cached
def dashboard_overview(ws: Workspace) -> dict:
    """What the overview page shows and /api/v1/overview returns (one code path): the headline,
    the months, the top products and the data warnings, then each capability's tiles
    (``services.capabilities``; the KPIs' ``kpis``: KPI tiles, alerts, improvement areas)."""
    from regulars.services import capabilities
    from regulars.services.status import workspace_status

    return {
        "headline": headline(ws),
        "months": monthly_sales(ws),
        "top_products": top_products(ws),
        "warnings": workspace_status(ws).warnings + _currency_warning(ws),
        **capabilities.tiles(ws),
    }


def _currency_warning(ws: Workspace) -> tuple[str, ...]:
    """Sales in currencies the sums leave out (no rate): each shown apart, and why."""
    mix = currency_mix(ws)
    return (mix.explanation,) if mix.left_out else ()
