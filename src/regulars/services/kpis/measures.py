"""Per-period measures (numerators and denominators) as Ibis expressions, one table per source.

Each function returns an Ibis table with ``p`` (the period number, see ``clock``) and the measures
its KPIs divide; nothing runs until the registry selects the KPI values from it. The order-based
KPIs (sales, refunds, acquisition) come from ONE pass over the orders: ``sales``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import ibis

from regulars.services.kpis.clock import DAY, Clock, fixed_zone, offset_at, offsets_between
from regulars.services.overview import sales_orders
from regulars.services.workspace import Workspace

REFUND_STATUSES = ("refunded", "partially_refunded")


def shop_clock(ws: Workspace, t: ibis.Table, *columns: str) -> Clock:
    """The clock for a table's timestamps: the shop's UTC offsets over the columns' time range."""
    tz, dialect = ws.store.timezone, ws.store.dialect
    if fixed_zone(tz):
        return Clock(dialect, ((0, offset_at(ZoneInfo(tz), 0)),))
    row = ws.store.to_arrow(t.aggregate(**{f"{m}{i}": getattr(t[c], m)() for i, c in enumerate(columns)
                                           for m in ("min", "max")})).to_pylist()[0]
    seen = [int(v.timestamp()) for v in row.values() if v is not None]
    if not seen:
        return Clock(dialect)
    first, last = min(seen) // DAY * DAY - DAY, max(seen) // DAY * DAY + 2 * DAY
    return Clock(dialect, offsets_between(tz, first, last))


def customer_periods(ws: Workspace, period: str, refunds: bool = False) -> ibis.Table:
    """Sale orders per customer and period (customer_id null: orders nobody is known for); with
    ``refunds``, also how many of them were refunded (a refunds row or a refunded status)."""
    o = sales_orders(ws)
    o = shop_clock(ws, ws.store.table("orders"), "ordered_at").with_period(o, "ordered_at", period)
    extra = {}
    if refunds:
        r = ws.store.table("refunds").select("order_id").distinct().mutate(has_refund=ibis.literal(True))
        o = o.left_join(r, "order_id")
        o = o.mutate(refunded=o.has_refund.fill_null(False) | o.status.isin(REFUND_STATUSES))
        extra = {"n_refunded": o.count(where=o.refunded)}
    return o.group_by(["customer_id", "p"]).aggregate(n_orders=o.count(), revenue=o.total_cents.sum(), **extra)


def sales(ws: Workspace, period: str) -> ibis.Table:
    """Revenue, orders, refunded orders, active / new / repeat / retained customers, running totals
    for lifetime value, and campaign spend (acquisition cost): one pass over the orders."""
    cp = customer_periods(ws, period, refunds=True)
    by_customer = ibis.window(group_by=cp.customer_id, order_by=cp.p)
    cp = cp.mutate(first_p=cp.p.min().over(group_by=cp.customer_id), prev_p=cp.p.lag().over(by_customer))
    known = cp.customer_id.notnull()
    g = cp.group_by("p").aggregate(
        revenue=cp.revenue.sum(), orders=cp.n_orders.sum(), refunded_orders=cp.n_refunded.sum(),
        active=cp.count(where=known), new=cp.count(where=known & (cp.first_p == cp.p)),
        repeat=cp.count(where=known & ((cp.first_p < cp.p) | (cp.n_orders >= 2))),
        retained=cp.count(where=known & (cp.prev_p == cp.p - 1)),
        known_revenue=cp.revenue.sum(where=known), known_orders=cp.n_orders.sum(where=known),
    )
    in_order = ibis.window(order_by=g.p)
    running = ibis.window(order_by=g.p, preceding=None, following=0)
    g = g.mutate(
        prev_active=ibis.ifelse(g.p.lag().over(in_order) == g.p - 1, g.active.lag().over(in_order), ibis.null("int64")),
        cum_revenue=g.known_revenue.sum().over(running), cum_customers=g.new.sum().over(running),
    )
    spend = campaigns(ws, period).select("p", spend=ibis._.spend)
    return g.left_join(spend, "p").drop("p_right")


def margin(ws: Workspace, period: str) -> ibis.Table:
    """Line revenue after line discounts and its cost, over lines whose product has a cost."""
    items, products = ws.store.table("order_items"), ws.store.table("products")
    o = sales_orders(ws)
    o = o.select("order_id", p=shop_clock(ws, ws.store.table("orders"), "ordered_at").period(o.ordered_at, period))
    costs = products.filter(products.cost_cents.notnull()).select("product_id", "cost_cents")
    lines = items.inner_join(o, "order_id").inner_join(costs, "product_id")
    net = lines.quantity * lines.unit_price_cents - lines.discount_cents.fill_null(0)
    return lines.group_by("p").aggregate(net_revenue=net.sum(), cost=(lines.quantity * lines.cost_cents).sum())


def site(ws: Workspace, period: str) -> ibis.Table:
    """Web sessions (session_start events) and sessions with a checkout event."""
    e = ws.store.table("events")
    e = e.filter(e.event_type.isin(("session_start", "checkout")) & e.session_id.notnull())
    e = e.mutate(p=shop_clock(ws, e, "occurred_at").period(e.occurred_at, period))
    return e.group_by("p").aggregate(sessions=e.session_id.nunique(where=e.event_type == "session_start"),
                                     converting=e.session_id.nunique(where=e.event_type == "checkout"))


def email(ws: Workspace, period: str) -> ibis.Table:
    """Platform-reported email totals of the campaigns sent in the period."""
    c = ws.store.table("campaigns")
    clock = shop_clock(ws, c, "started_at")
    c = c.filter(c.channel == "email")
    c = c.mutate(p=clock.period(c.started_at, period), delivered=ibis.coalesce(c.delivered, c.recipients))
    ok = c.delivered.notnull() & c.opens.notnull()
    return c.group_by("p").aggregate(delivered=c.delivered.sum(where=ok), opens=c.opens.sum(where=ok),
                                     clicks=c.clicks.sum(where=ok & c.clicks.notnull()),
                                     unsubscribes=c.unsubscribes.sum(where=ok & c.unsubscribes.notnull()))


def campaigns(ws: Workspace, period: str) -> ibis.Table:
    """Spend, platform-reported revenue, clicks and conversions of campaigns started in the period."""
    c = ws.store.table("campaigns")
    c = c.mutate(p=shop_clock(ws, c, "started_at").period(c.started_at, period))
    conv = c.clicks.notnull() & c.conversions.notnull()
    paid = c.spend_cents.notnull() & (c.spend_cents > 0) & c.revenue_cents.notnull()
    return c.group_by("p").aggregate(spend=c.spend_cents.sum(), paid_spend=c.spend_cents.sum(where=paid),
                                     paid_revenue=c.revenue_cents.sum(where=paid),
                                     clicks=c.clicks.sum(where=conv), conversions=c.conversions.sum(where=conv))


def leads(ws: Workspace, period: str) -> ibis.Table:
    """Leads created in the period and how many of them have converted since."""
    le = ws.store.table("leads")
    le = le.mutate(p=shop_clock(ws, le, "created_at").period(le.created_at, period),
                   converted=le.converted_at.notnull() | (le.status == "converted"))
    return le.group_by("p").aggregate(leads=le.count(), converted=le.count(where=le.converted))


def deals(ws: Workspace, period: str) -> ibis.Table:
    """Deals closed in the period: won, lost, amounts and days from creation to a win."""
    d = ws.store.table("deals")
    clock = shop_clock(ws, d, "closed_at")
    d = d.filter(d.is_closed.fill_null(False) & d.closed_at.notnull())
    won = d.is_won.fill_null(False)
    days = (clock.seconds(d.closed_at) - clock.seconds(d.created_at)) / 86400.0
    d = d.mutate(p=clock.period(d.closed_at, period), won=won, days=days)
    return d.group_by("p").aggregate(closed=d.count(), won=d.count(where=d.won),
                                     won_amount=d.amount_cents.sum(where=d.won & d.amount_cents.notnull()),
                                     won_with_amount=d.count(where=d.won & d.amount_cents.notnull()),
                                     won_days=d.days.mean(where=d.won))


def pipeline(ws: Workspace, period: str) -> ibis.Table:
    """Deals open at the end of each period (created by then, not closed by then), with that
    period's win rate, deal size and cycle for velocity."""
    d = ws.store.table("deals")
    clock = shop_clock(ws, d, "created_at", "closed_at")
    d = d.mutate(cp=clock.period(d.created_at, period),
                 xp=ibis.ifelse(d.is_closed.fill_null(False) & d.closed_at.notnull(),
                                clock.period(d.closed_at, period), ibis.null("int64")))
    spine = d.select(p=d.cp).union(d.filter(d.xp.notnull()).select(p=d.xp)).distinct()
    opened = spine.cross_join(d.select("cp", "xp", "amount_cents"))
    opened = opened.filter((opened.cp <= opened.p) & (opened.xp.isnull() | (opened.xp > opened.p)))
    snap = opened.group_by("p").aggregate(open_deals=opened.count(), open_amount=opened.amount_cents.sum())
    return snap.left_join(deals(ws, period), "p").drop("p_right")


def feedback(ws: Workspace, period: str) -> ibis.Table:
    """CSAT and NPS answers, review ratings and ticket first-response hours given in the period."""
    f = ws.store.table("feedback")
    clock = shop_clock(ws, f, "created_at")
    f = f.mutate(p=clock.period(f.created_at, period),
                 hours=(clock.seconds(f.first_response_at) - clock.seconds(f.created_at)) / 3600.0)
    review = (f.kind == "review") & f.rating.notnull()
    ticket = (f.kind == "ticket") & f.first_response_at.notnull()
    return f.group_by("p").aggregate(
        csat_answers=f.count(where=f.csat.notnull()), csat_good=f.count(where=f.csat >= 4),
        nps_answers=f.count(where=f.nps.notnull()), promoters=f.count(where=f.nps >= 9),
        detractors=f.count(where=f.nps <= 6),
        reviews=f.count(where=review), rating_mean=f.rating.mean(where=review),
        tickets=f.count(where=ticket), response_hours=f.hours.median(where=ticket),
    )
