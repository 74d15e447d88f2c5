"""Per-period measures (numerators and denominators) as Ibis expressions, one table per source.

Each function returns an Ibis table with ``p`` (the period number, see ``periods``) and the
measures its KPIs divide; nothing runs until the registry selects the KPI values from it.
"""

from __future__ import annotations

import ibis

from regulars.services.kpis.periods import period_number
from regulars.services.overview import sales_orders
from regulars.services.workspace import Workspace

REFUND_STATUSES = ("refunded", "partially_refunded")


def customer_periods(ws: Workspace, period: str) -> ibis.Table:
    """Sale orders per customer and period (customer_id null: orders nobody is known for)."""
    o = sales_orders(ws)
    o = o.mutate(p=period_number(o.ordered_at, period))
    return o.group_by(["customer_id", "p"]).aggregate(n_orders=o.count(), revenue=o.total_cents.sum())


def sales(ws: Workspace, period: str) -> ibis.Table:
    """Revenue, orders, active / new / repeat / retained customers, running totals for lifetime value."""
    cp = customer_periods(ws, period)
    by_customer = ibis.window(group_by=cp.customer_id, order_by=cp.p)
    cp = cp.mutate(first_p=cp.p.min().over(group_by=cp.customer_id), prev_p=cp.p.lag().over(by_customer))
    known = cp.customer_id.notnull()
    g = cp.group_by("p").aggregate(
        revenue=cp.revenue.sum(), orders=cp.n_orders.sum(),
        active=cp.count(where=known), new=cp.count(where=known & (cp.first_p == cp.p)),
        repeat=cp.count(where=known & ((cp.first_p < cp.p) | (cp.n_orders >= 2))),
        retained=cp.count(where=known & (cp.prev_p == cp.p - 1)),
        known_revenue=cp.revenue.sum(where=known), known_orders=cp.n_orders.sum(where=known),
    )
    in_order = ibis.window(order_by=g.p)
    running = ibis.window(order_by=g.p, preceding=None, following=0)
    return g.mutate(
        prev_active=ibis.ifelse(g.p.lag().over(in_order) == g.p - 1, g.active.lag().over(in_order), ibis.null("int64")),
        cum_revenue=g.known_revenue.sum().over(running), cum_customers=g.new.sum().over(running),
    )


def margin(ws: Workspace, period: str) -> ibis.Table:
    """Line revenue after line discounts and its cost, over lines whose product has a cost."""
    items, products = ws.store.table("order_items"), ws.store.table("products")
    o = sales_orders(ws)
    o = o.select("order_id", p=period_number(o.ordered_at, period))
    costs = products.filter(products.cost_cents.notnull()).select("product_id", "cost_cents")
    lines = items.inner_join(o, "order_id").inner_join(costs, "product_id")
    net = lines.quantity * lines.unit_price_cents - lines.discount_cents.fill_null(0)
    return lines.group_by("p").aggregate(net_revenue=net.sum(), cost=(lines.quantity * lines.cost_cents).sum())


def refunds(ws: Workspace, period: str) -> ibis.Table:
    """Sale orders placed in the period, and how many of them were refunded (wholly or in part)."""
    r = ws.store.table("refunds").select("order_id").distinct().mutate(has_refund=ibis.literal(True))
    o = sales_orders(ws)
    o = o.left_join(r, "order_id")
    refunded = o.has_refund.fill_null(False) | o.status.isin(REFUND_STATUSES)
    o = o.mutate(p=period_number(o.ordered_at, period), refunded=refunded)
    return o.group_by("p").aggregate(orders=o.count(), refunded_orders=o.count(where=o.refunded))


def site(ws: Workspace, period: str) -> ibis.Table:
    """Web sessions (session_start events) and sessions with a checkout event."""
    e = ws.store.table("events")
    e = e.filter(e.event_type.isin(("session_start", "checkout")) & e.session_id.notnull())
    e = e.mutate(p=period_number(e.occurred_at, period))
    return e.group_by("p").aggregate(sessions=e.session_id.nunique(where=e.event_type == "session_start"),
                                     converting=e.session_id.nunique(where=e.event_type == "checkout"))


def email(ws: Workspace, period: str) -> ibis.Table:
    """Platform-reported email totals of the campaigns sent in the period."""
    c = ws.store.table("campaigns")
    c = c.filter(c.channel == "email")
    c = c.mutate(p=period_number(c.started_at, period), delivered=ibis.coalesce(c.delivered, c.recipients))
    ok = c.delivered.notnull() & c.opens.notnull()
    return c.group_by("p").aggregate(delivered=c.delivered.sum(where=ok), opens=c.opens.sum(where=ok),
                                     clicks=c.clicks.sum(where=ok & c.clicks.notnull()),
                                     unsubscribes=c.unsubscribes.sum(where=ok & c.unsubscribes.notnull()))


def campaigns(ws: Workspace, period: str) -> ibis.Table:
    """Spend, platform-reported revenue, clicks and conversions of campaigns started in the period."""
    c = ws.store.table("campaigns")
    c = c.mutate(p=period_number(c.started_at, period))
    conv = c.clicks.notnull() & c.conversions.notnull()
    paid = c.spend_cents.notnull() & (c.spend_cents > 0) & c.revenue_cents.notnull()
    return c.group_by("p").aggregate(spend=c.spend_cents.sum(), paid_spend=c.spend_cents.sum(where=paid),
                                     paid_revenue=c.revenue_cents.sum(where=paid),
                                     clicks=c.clicks.sum(where=conv), conversions=c.conversions.sum(where=conv))


def acquisition(ws: Workspace, period: str) -> ibis.Table:
    """Campaign spend and new customers (first sale order) in the same period."""
    spend = campaigns(ws, period)
    spend = spend.filter(spend.spend > 0).select("p", "spend")
    o = sales_orders(ws)
    o = o.filter(o.customer_id.notnull())
    first = o.group_by("customer_id").aggregate(first_at=o.ordered_at.min())
    first = first.mutate(p=period_number(first.first_at, period))
    new = first.group_by("p").aggregate(new=first.count())
    return spend.inner_join(new, "p")


def leads(ws: Workspace, period: str) -> ibis.Table:
    """Leads created in the period and how many of them have converted since."""
    le = ws.store.table("leads")
    le = le.mutate(p=period_number(le.created_at, period),
                   converted=le.converted_at.notnull() | (le.status == "converted"))
    return le.group_by("p").aggregate(leads=le.count(), converted=le.count(where=le.converted))


def deals(ws: Workspace, period: str) -> ibis.Table:
    """Deals closed in the period: won, lost, amounts and days from creation to a win."""
    d = ws.store.table("deals")
    d = d.filter(d.is_closed.fill_null(False) & d.closed_at.notnull())
    won = d.is_won.fill_null(False)
    days = (d.closed_at.epoch_seconds() - d.created_at.epoch_seconds()) / 86400.0
    d = d.mutate(p=period_number(d.closed_at, period), won=won, days=days)
    return d.group_by("p").aggregate(closed=d.count(), won=d.count(where=d.won),
                                     won_amount=d.amount_cents.sum(where=d.won & d.amount_cents.notnull()),
                                     won_with_amount=d.count(where=d.won & d.amount_cents.notnull()),
                                     won_days=d.days.mean(where=d.won))


def pipeline(ws: Workspace, period: str) -> ibis.Table:
    """Deals open at the end of each period (created by then, not closed by then), with that
    period's win rate, deal size and cycle for velocity."""
    d = ws.store.table("deals")
    d = d.mutate(cp=period_number(d.created_at, period),
                 xp=ibis.ifelse(d.is_closed.fill_null(False) & d.closed_at.notnull(),
                                period_number(d.closed_at, period), ibis.null("int64")))
    spine = d.select(p=d.cp).union(d.filter(d.xp.notnull()).select(p=d.xp)).distinct()
    opened = spine.cross_join(d.select("cp", "xp", "amount_cents"))
    opened = opened.filter((opened.cp <= opened.p) & (opened.xp.isnull() | (opened.xp > opened.p)))
    snap = opened.group_by("p").aggregate(open_deals=opened.count(), open_amount=opened.amount_cents.sum())
    return snap.left_join(deals(ws, period), "p").drop("p_right")


def feedback(ws: Workspace, period: str) -> ibis.Table:
    """CSAT and NPS answers, review ratings and ticket first-response hours given in the period."""
    f = ws.store.table("feedback")
    f = f.mutate(p=period_number(f.created_at, period),
                 hours=(f.first_response_at.epoch_seconds() - f.created_at.epoch_seconds()) / 3600.0)
    review = (f.kind == "review") & f.rating.notnull()
    ticket = (f.kind == "ticket") & f.first_response_at.notnull()
    return f.group_by("p").aggregate(
        csat_answers=f.count(where=f.csat.notnull()), csat_good=f.count(where=f.csat >= 4),
        nps_answers=f.count(where=f.nps.notnull()), promoters=f.count(where=f.nps >= 9),
        detractors=f.count(where=f.nps <= 6),
        reviews=f.count(where=review), rating_mean=f.rating.mean(where=review),
        tickets=f.count(where=ticket), response_hours=f.hours.median(where=ticket),
    )
