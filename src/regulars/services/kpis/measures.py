"""Per-period measures (numerators and denominators) as Ibis expressions, one table per source.

Each source function takes a ``Scope`` (workspace, period, one clock for every table) and returns an
Ibis table with ``p`` (the period number, see ``clock``) and the measures its KPIs divide; nothing
runs
until ``history`` selects the KPI values of every source in one query. The order-based KPIs (sales,
refunds, acquisition) come from ONE pass over the orders: ``sales``.
"""

from __future__ import annotations

import ibis

from regulars.services.currencies import money_rule, to_shop_factor
from regulars.services.kpis.scope import Scope, scope
from regulars.services.sales import REFUND_STATUSES, SALE_NOT_REFUNDED, is_sale, sales_at
from regulars.services.workspace import Workspace

__all__ = ["customer_periods", "scope"]


def sale_periods(s: Scope, *columns: str) -> ibis.Table:
    """Sale orders (cancelled, failed and pending left out) with their period ``p``, money in
    the workspace currency (``sales.sales_at``: other currencies converted at the owner's rates or
    left out, never added together); only ``columns`` kept, so every stage of the period
    arithmetic carries just those."""
    o = sales_at(s.table("orders"), s.money).select(*columns, "ordered_at")
    return s.with_period(o, "ordered_at").drop("ordered_at")


def customer_periods(ws: Workspace, period: str) -> ibis.Table:
    """Sale orders per customer and period (customer_id null: orders nobody is known for)."""
    return _customer_periods(scope(ws.store, period, ["margin"], money_rule(ws)))


def _customer_periods(s: Scope, refund_status: bool = False) -> ibis.Table:
    """With ``refund_status``, also how many of the orders have a refunded status
    (``n_refunded``)."""
    o = sale_periods(s, "customer_id", "total_cents", *(("status",) if refund_status else ()))
    extra = {"n_refunded": o.count(where=o.status.isin(REFUND_STATUSES))} if refund_status else {}
    return o.group_by(["customer_id", "p"]).aggregate(
        n_orders=o.count(), revenue=o.total_cents.sum(), **extra
    )


def refunded_by_row(s: Scope) -> ibis.Table:
    """Sale orders with a refunds row but no refunded status, per period (those with a refunded
    status are
    counted in the pass over the orders, which so needs no order ids). The join is driven by the
    refunds."""
    o = sales_at(s.table("orders"), s.money)
    o = o.filter(is_sale(o.status, SALE_NOT_REFUNDED)).select("order_id", "ordered_at")
    o = o.semi_join(s.table("refunds"), "order_id").select("ordered_at")
    o = s.with_period(o, "ordered_at")
    return o.group_by("p").aggregate(by_row=o.count())


def sales(s: Scope) -> ibis.Table:
    """Revenue, orders, refunded orders, active / new / repeat / retained customers, running totals
    for lifetime value, and campaign spend (acquisition cost): one pass over the orders."""
    cp = _customer_periods(s, refund_status=True)
    # One window: a customer's period before (null for the first period: a new customer; not
    # null: bought before)
    cp = cp.mutate(prev_p=cp.p.lag().over(ibis.window(group_by=cp.customer_id, order_by=cp.p)))
    known = cp.customer_id.notnull()
    g = cp.group_by("p").aggregate(
        revenue=cp.revenue.sum(),
        orders=cp.n_orders.sum(),
        refunded_status=cp.n_refunded.sum(),
        active=cp.count(where=known),
        new=cp.count(where=known & cp.prev_p.isnull()),
        repeat=cp.count(where=known & (cp.prev_p.notnull() | (cp.n_orders >= 2))),
        retained=cp.count(where=known & (cp.prev_p == cp.p - 1)),
        known_revenue=cp.revenue.sum(where=known),
        known_orders=cp.n_orders.sum(where=known),
    )
    in_order = ibis.window(order_by=g.p)
    running = ibis.window(order_by=g.p, preceding=None, following=0)
    g = g.mutate(
        prev_active=ibis.ifelse(
            g.p.lag().over(in_order) == g.p - 1, g.active.lag().over(in_order), ibis.null("int64")
        ),
        cum_revenue=g.known_revenue.sum().over(running),
        cum_customers=g.new.sum().over(running),
    )
    g = g.left_join(s.source("campaigns").select("p", spend=ibis._.spend), "p").drop("p_right")
    g = g.left_join(refunded_by_row(s), "p").drop("p_right")
    return g.mutate(refunded_orders=g.refunded_status + g.by_row.fill_null(0)).drop(
        "refunded_status", "by_row"
    )


def margin(s: Scope) -> ibis.Table:
    """Line revenue after line discounts and its cost, over lines whose product has a cost, in
    the workspace currency: a line in its order's currency and a cost in its product's currency,
    each converted at the owner's rates (a currency without a rate is left out)."""
    items, products = s.table("order_items"), s.table("products")
    o = sale_periods(s, "order_id", "currency")
    o = o.mutate(line_factor=to_shop_factor(o.currency, s.money)[0]).drop("currency")
    cost_factor, known = to_shop_factor(products.currency, s.money)
    costs = products.filter(products.cost_cents.notnull() & known).select(
        "product_id", cost=products.cost_cents * cost_factor
    )
    lines = items.inner_join(o, "order_id").inner_join(costs, "product_id")
    net = (lines.quantity * lines.unit_price_cents - lines.discount_cents.fill_null(0)) * (
        lines.line_factor
    )
    return lines.group_by("p").aggregate(
        net_revenue=net.sum(), cost=(lines.quantity * lines.cost).sum()
    )


def site(s: Scope) -> ibis.Table:
    """Web sessions (session_start events) and sessions with a checkout event."""
    e = s.table("events")
    e = e.filter(e.event_type.isin(("session_start", "checkout")) & e.session_id.notnull())
    e = s.with_period(e.select("event_type", "session_id", "occurred_at"), "occurred_at")
    return e.group_by("p").aggregate(
        sessions=e.session_id.nunique(where=e.event_type == "session_start"),
        converting=e.session_id.nunique(where=e.event_type == "checkout"),
    )


def email(s: Scope) -> ibis.Table:
    """Platform-reported email totals of the campaigns sent in the period."""
    c = s.table("campaigns")
    c = c.filter(c.channel == "email")
    c = c.select(
        "opens",
        "clicks",
        "unsubscribes",
        "started_at",
        delivered=ibis.coalesce(c.delivered, c.recipients),
    )
    c = s.with_period(c, "started_at")
    ok = c.delivered.notnull() & c.opens.notnull()
    return c.group_by("p").aggregate(
        delivered=c.delivered.sum(where=ok),
        opens=c.opens.sum(where=ok),
        clicks=c.clicks.sum(where=ok & c.clicks.notnull()),
        unsubscribes=c.unsubscribes.sum(where=ok & c.unsubscribes.notnull()),
    )


def campaigns(s: Scope) -> ibis.Table:
    """Spend, platform-reported revenue, clicks and conversions of campaigns started in the
    period."""
    c = s.table("campaigns")
    c = s.with_period(
        c.select("spend_cents", "revenue_cents", "clicks", "conversions", "started_at"),
        "started_at",
    )
    conv = c.clicks.notnull() & c.conversions.notnull()
    paid = c.spend_cents.notnull() & (c.spend_cents > 0) & c.revenue_cents.notnull()
    return c.group_by("p").aggregate(
        spend=c.spend_cents.sum(),
        paid_spend=c.spend_cents.sum(where=paid),
        paid_revenue=c.revenue_cents.sum(where=paid),
        clicks=c.clicks.sum(where=conv),
        conversions=c.conversions.sum(where=conv),
    )


def leads(s: Scope) -> ibis.Table:
    """Leads created in the period and how many of them have converted since."""
    le = s.table("leads")
    le = le.select("created_at", converted=le.converted_at.notnull() | (le.status == "converted"))
    le = s.with_period(le, "created_at")
    return le.group_by("p").aggregate(leads=le.count(), converted=le.count(where=le.converted))


def deals(s: Scope) -> ibis.Table:
    """Deals closed in the period: won, lost, amounts and days from creation to a win."""
    d = s.table("deals")
    d = d.filter(d.is_closed.fill_null(False) & d.closed_at.notnull())
    days = (s.clock.seconds(d.closed_at) - s.clock.seconds(d.created_at)) / 86400.0
    d = s.with_period(
        d.select("closed_at", "amount_cents", won=d.is_won.fill_null(False), days=days), "closed_at"
    )
    return d.group_by("p").aggregate(
        closed=d.count(),
        won=d.count(where=d.won),
        won_amount=d.amount_cents.sum(where=d.won & d.amount_cents.notnull()),
        won_with_amount=d.count(where=d.won & d.amount_cents.notnull()),
        won_days=d.days.mean(where=d.won),
    )


def pipeline(s: Scope) -> ibis.Table:
    """Deals open at the end of each period (created by then, not closed by then), with that
    period's win rate, deal size and cycle for velocity."""
    d = s.table("deals")
    d = d.select(
        "created_at",
        "closed_at",
        "amount_cents",
        closed=d.is_closed.fill_null(False) & d.closed_at.notnull(),
    )
    d = s.with_period(s.with_period(d, "created_at", "cp"), "closed_at", "xp")
    d = d.mutate(xp=ibis.ifelse(d.closed, d.xp, ibis.null("int64")))
    spine = d.select(p=d.cp).union(d.filter(d.xp.notnull()).select(p=d.xp)).distinct()
    opened = spine.cross_join(d.select("cp", "xp", "amount_cents"))
    opened = opened.filter((opened.cp <= opened.p) & (opened.xp.isnull() | (opened.xp > opened.p)))
    snap = opened.group_by("p").aggregate(
        open_deals=opened.count(), open_amount=opened.amount_cents.sum()
    )
    return snap.left_join(s.source("deals"), "p").drop("p_right")


def feedback(s: Scope) -> ibis.Table:
    """CSAT and NPS answers, review ratings and ticket first-response hours given in the period."""
    f = s.table("feedback")
    f = f.select(
        "kind",
        "rating",
        "csat",
        "nps",
        "first_response_at",
        "created_at",
        hours=(s.clock.seconds(f.first_response_at) - s.clock.seconds(f.created_at)) / 3600.0,
    )
    f = s.with_period(f, "created_at")
    review = (f.kind == "review") & f.rating.notnull()
    ticket = (f.kind == "ticket") & f.first_response_at.notnull()
    return f.group_by("p").aggregate(
        csat_answers=f.count(where=f.csat.notnull()),
        csat_good=f.count(where=f.csat >= 4),
        nps_answers=f.count(where=f.nps.notnull()),
        promoters=f.count(where=f.nps >= 9),
        detractors=f.count(where=f.nps <= 6),
        reviews=f.count(where=review),
        rating_mean=f.rating.mean(where=review),
        tickets=f.count(where=ticket),
        response_hours=f.hours.median(where=ticket),
    )
