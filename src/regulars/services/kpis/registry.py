"""The KPI registry: every KPI declared once, with its definition, unit, direction and computation.

The built-in KPIs are ``KPIS``; a capability adds its own with their measures (``KpiSource``,
``Capability.kpi_sources`` in ``services.capabilities``): ``all_kpis()`` is both, in order.

A KPI's ``value`` is an Ibis expression over the per-period measures of its ``source`` (see
``measures``), so the whole computation runs in the database, the same on DuckDB and PostgreSQL.
Rates are fractions (0.25 = 25%); money is cents.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import ibis

from regulars.errors import InputError

UNITS = ("money", "percent", "count", "days", "hours", "ratio", "score")


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    formula: str
    unit: str  # one of UNITS
    good: str  # "up" or "down": which direction is good
    tables: tuple[str, ...]
    source: str  # the measures function (measures.<source>)
    value: Callable[[ibis.Table], ibis.Value]
    needs: str  # said instead of a value when the data is missing
    aliases: tuple[str, ...] = ()
    #: Sums over the period (a month's target is not a quarter's).
    volume: bool = False
    link: str = "/kpis"
    #: How many answers, orders, deals ... the value rests on (alerts ignore periods with few).
    sample: Callable[[ibis.Table], ibis.Value] | None = None
    #: Running totals (lifetime value) drift by design: no anomaly alerts.
    alerts: bool = True

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "formula": self.formula,
            "unit": self.unit,
            "good": self.good,
            "tables": list(self.tables),
            "needs": self.needs,
            "aliases": list(self.aliases),
            "volume": self.volume,
            "link": self.link,
        }


def _ratio(a: ibis.Value, b: ibis.Value) -> ibis.Value:
    return a.cast("float64") / b.cast("float64").nullif(0.0)


_SALE = "sale orders (paid, refunded or partially refunded; cancelled, failed and pending left out)"
_ORDERS_NEED = "needs orders (regulars import orders FILE)"
_EMAIL_NEED = (
    "needs email campaigns with delivered and opens counts "
    "(regulars import campaigns FILE --format mailchimp-campaigns)"
)


def _k(key, label, formula, unit, good, tables, source, value, needs, **kw) -> Kpi:
    return Kpi(key, label, formula, unit, good, tables, source, value, needs, **kw)


KPIS: tuple[Kpi, ...] = (
    _k(
        "revenue",
        "Revenue",
        f"Sum of total_cents of {_SALE} placed in P (before refunds).",
        "money",
        "up",
        ("orders",),
        "sales",
        lambda t: t.revenue.cast("float64"),
        _ORDERS_NEED,
        aliases=("revenue_cents",),
        volume=True,
        link="/segments",
        sample=lambda t: t.orders,
    ),
    _k(
        "orders",
        "Orders",
        f"Number of {_SALE} placed in P.",
        "count",
        "up",
        ("orders",),
        "sales",
        lambda t: t.orders.cast("float64"),
        _ORDERS_NEED,
        volume=True,
        link="/segments",
        sample=lambda t: t.orders,
    ),
    _k(
        "average_order_value",
        "Average order value",
        "Revenue in P / orders in P.",
        "money",
        "up",
        ("orders",),
        "sales",
        lambda t: _ratio(t.revenue, t.orders),
        _ORDERS_NEED,
        aliases=("aov",),
        link="/segments",
        sample=lambda t: t.orders,
    ),
    _k(
        "active_customers",
        "Active customers",
        "Customers with at least one sale order in P.",
        "count",
        "up",
        ("orders",),
        "sales",
        lambda t: t.active.cast("float64"),
        _ORDERS_NEED,
        volume=True,
        link="/segments",
        sample=lambda t: t.active,
    ),
    _k(
        "new_customers",
        "New customers",
        "Customers whose first sale order ever was placed in P.",
        "count",
        "up",
        ("orders",),
        "sales",
        lambda t: t.new.cast("float64"),
        _ORDERS_NEED,
        volume=True,
        link="/campaigns",
        sample=lambda t: t.active,
    ),
    _k(
        "repeat_rate",
        "Repeat purchase rate",
        "Customers who bought in P and had at least two sale orders by the end "
        "of P (an earlier one, or two in P) / customers who bought in P.",
        "percent",
        "up",
        ("orders",),
        "sales",
        lambda t: _ratio(t.repeat, t.active),
        _ORDERS_NEED,
        aliases=("repeat_purchase_rate",),
        link="/segments",
        sample=lambda t: t.active,
    ),
    _k(
        "retention_rate",
        "Retention rate",
        "Customers who bought in P-1 and in P / customers who bought in P-1.",
        "percent",
        "up",
        ("orders",),
        "sales",
        lambda t: _ratio(t.retained, t.prev_active),
        _ORDERS_NEED + " in two consecutive periods",
        link="/segments",
        sample=lambda t: t.prev_active,
    ),
    _k(
        "churn_rate",
        "Churn rate",
        "1 - retention rate: customers who bought in P-1 but not in P / customers who "
        "bought in P-1.",
        "percent",
        "down",
        ("orders",),
        "sales",
        lambda t: 1.0 - _ratio(t.retained, t.prev_active),
        _ORDERS_NEED + " in two consecutive periods",
        link="/segments",
        sample=lambda t: t.prev_active,
    ),
    _k(
        "purchase_frequency",
        "Purchase frequency",
        "Sale orders by known customers in P / customers who bought in P.",
        "ratio",
        "up",
        ("orders",),
        "sales",
        lambda t: _ratio(t.known_orders, t.active),
        _ORDERS_NEED,
        link="/segments",
        sample=lambda t: t.active,
    ),
    _k(
        "historic_clv",
        "Historic customer lifetime value",
        "Revenue from known customers from the first order up to "
        "the end of P / customers who bought up to the end of P (what the average customer has "
        "spent so far).",
        "money",
        "up",
        ("orders",),
        "sales",
        lambda t: _ratio(t.cum_revenue, t.cum_customers),
        _ORDERS_NEED,
        aliases=("clv",),
        link="/segments",
        alerts=False,
    ),
    _k(
        "gross_margin",
        "Gross margin",
        "(Line revenue after line discounts - quantity x product cost) / line revenue "
        "after line discounts, over lines of sale orders placed in P whose product has a cost.",
        "percent",
        "up",
        ("orders", "order_items", "products"),
        "margin",
        lambda t: _ratio(t.net_revenue - t.cost, t.net_revenue),
        "needs order items and products with cost_cents (regulars import products FILE with a cost "
        "column)",
    ),
    _k(
        "refund_rate",
        "Refund rate",
        "Sale orders placed in P that have a refund (a refunds row, or status refunded / "
        "partially_refunded) / sale orders placed in P.",
        "percent",
        "down",
        ("orders", "refunds"),
        "sales",
        lambda t: _ratio(t.refunded_orders, t.orders),
        _ORDERS_NEED,
        link="/feedback",
        sample=lambda t: t.orders,
    ),
    _k(
        "site_conversion_rate",
        "Site conversion rate",
        "Web sessions in P with a checkout event / web sessions (session_start events) in P.",
        "percent",
        "up",
        ("events",),
        "site",
        lambda t: _ratio(t.converting, t.sessions),
        "needs web events with session_start and checkout (regulars import events FILE)",
        link="/experiments",
        sample=lambda t: t.sessions,
    ),
    _k(
        "email_open_rate",
        "Email open rate",
        "Unique opens / emails delivered, over email campaigns sent in P "
        "(platform-reported; recipients when delivered is missing).",
        "percent",
        "up",
        ("campaigns",),
        "email",
        lambda t: _ratio(t.opens, t.delivered),
        _EMAIL_NEED,
        aliases=("open_rate",),
        link="/campaigns",
        sample=lambda t: t.delivered,
    ),
    _k(
        "email_click_rate",
        "Click-through rate",
        "Unique clicks / emails delivered, over email campaigns sent in P.",
        "percent",
        "up",
        ("campaigns",),
        "email",
        lambda t: _ratio(t.clicks, t.delivered),
        _EMAIL_NEED,
        aliases=("ctr", "click_rate"),
        link="/campaigns",
        sample=lambda t: t.delivered,
    ),
    _k(
        "click_to_open_rate",
        "Click-to-open rate",
        "Unique clicks / unique opens, over email campaigns sent in P.",
        "percent",
        "up",
        ("campaigns",),
        "email",
        lambda t: _ratio(t.clicks, t.opens),
        _EMAIL_NEED,
        aliases=("ctor",),
        link="/campaigns",
        sample=lambda t: t.opens,
    ),
    _k(
        "unsubscribe_rate",
        "Unsubscribe rate",
        "Unsubscribes / emails delivered, over email campaigns sent in P.",
        "percent",
        "down",
        ("campaigns",),
        "email",
        lambda t: _ratio(t.unsubscribes, t.delivered),
        _EMAIL_NEED,
        link="/campaigns",
        sample=lambda t: t.delivered,
    ),
    _k(
        "campaign_conversion_rate",
        "Campaign conversion rate",
        "Platform-reported conversions (orders) / clicks, over "
        "campaigns of every channel started in P.",
        "percent",
        "up",
        ("campaigns",),
        "campaigns",
        lambda t: _ratio(t.conversions, t.clicks),
        "needs campaigns with clicks and conversions",
        link="/campaigns",
        sample=lambda t: t.clicks,
    ),
    _k(
        "customer_acquisition_cost",
        "Customer acquisition cost",
        "Campaign spend of campaigns started in P / new customers in P (periods with spend only).",
        "money",
        "down",
        ("campaigns", "orders"),
        "sales",
        lambda t: ibis.ifelse(t.spend > 0, _ratio(t.spend, t.new), ibis.null("float64")),
        "needs campaigns with spend_cents and orders",
        aliases=("cac",),
        link="/campaigns",
        sample=lambda t: t.new,
    ),
    _k(
        "roas",
        "Return on ad spend",
        "Platform-reported campaign revenue / spend, over campaigns started in P with "
        "spend and revenue.",
        "ratio",
        "up",
        ("campaigns",),
        "campaigns",
        lambda t: _ratio(t.paid_revenue, t.paid_spend),
        "needs campaigns with spend_cents and revenue_cents",
        link="/campaigns",
    ),
    _k(
        "roi",
        "Marketing ROI",
        "(Platform-reported campaign revenue - spend) / spend, over campaigns started in P with "
        "spend and revenue (revenue, not profit).",
        "percent",
        "up",
        ("campaigns",),
        "campaigns",
        lambda t: _ratio(t.paid_revenue - t.paid_spend, t.paid_spend),
        "needs campaigns with spend_cents and revenue_cents",
        link="/campaigns",
    ),
    _k(
        "lead_conversion_rate",
        "Lead conversion rate",
        "Leads created in P that have converted (converted_at set or "
        "status converted) / leads created in P.",
        "percent",
        "up",
        ("leads",),
        "leads",
        lambda t: _ratio(t.converted, t.leads),
        "needs leads (regulars import leads FILE)",
        link="/segments",
        sample=lambda t: t.leads,
    ),
    _k(
        "win_rate",
        "Win rate",
        "Deals closed in P that were won / deals closed in P.",
        "percent",
        "up",
        ("deals",),
        "deals",
        lambda t: _ratio(t.won, t.closed),
        "needs closed deals (regulars import deals FILE --format hubspot-deals)",
        link="/segments",
        sample=lambda t: t.closed,
    ),
    _k(
        "average_deal_size",
        "Average deal size",
        "Mean amount_cents of deals won (closed) in P.",
        "money",
        "up",
        ("deals",),
        "deals",
        lambda t: _ratio(t.won_amount, t.won_with_amount),
        "needs won deals with amounts",
        link="/segments",
        sample=lambda t: t.won_with_amount,
    ),
    _k(
        "sales_cycle_days",
        "Sales-cycle length",
        "Mean days from created_at to closed_at of deals won in P.",
        "days",
        "down",
        ("deals",),
        "deals",
        lambda t: t.won_days,
        "needs won deals with created and closed dates",
        link="/segments",
        sample=lambda t: t.won,
    ),
    _k(
        "pipeline_value",
        "Pipeline value",
        "Sum of amount_cents of deals open at the end of P (created by then, not closed by then).",
        "money",
        "up",
        ("deals",),
        "pipeline",
        lambda t: t.open_amount.cast("float64"),
        "needs deals (regulars import deals FILE --format hubspot-deals)",
        link="/segments",
        sample=lambda t: t.open_deals,
    ),
    _k(
        "pipeline_velocity",
        "Pipeline velocity",
        "Open deals at the end of P x win rate in P x average deal size in P "
        "/ sales-cycle length in P (days): expected won value per day.",
        "money",
        "up",
        ("deals",),
        "pipeline",
        lambda t: (
            t.open_deals
            * _ratio(t.won, t.closed)
            * _ratio(t.won_amount, t.won_with_amount)
            / t.won_days.nullif(0.0)
        ),
        "needs open and won deals with amounts and dates",
        link="/segments",
        sample=lambda t: t.won,
    ),
    _k(
        "csat",
        "Customer satisfaction (CSAT)",
        "Answers of 4 or 5 / all CSAT answers (1-5) given in P.",
        "percent",
        "up",
        ("feedback",),
        "feedback",
        lambda t: _ratio(t.csat_good, t.csat_answers),
        "needs survey answers with a csat score (feedback.csat)",
        link="/feedback",
        sample=lambda t: t.csat_answers,
    ),
    _k(
        "nps",
        "Net Promoter Score",
        "(Answers 9-10 - answers 0-6) / all NPS answers given in P, x 100 (-100 to 100).",
        "score",
        "up",
        ("feedback",),
        "feedback",
        lambda t: 100.0 * _ratio(t.promoters - t.detractors, t.nps_answers),
        "needs survey answers with an nps score (feedback.nps)",
        link="/feedback",
        sample=lambda t: t.nps_answers,
    ),
    _k(
        "average_rating",
        "Average review rating",
        "Mean star rating (1-5) of reviews written in P.",
        "ratio",
        "up",
        ("feedback",),
        "feedback",
        lambda t: t.rating_mean,
        "needs reviews with a rating (regulars import feedback FILE --format google-reviews)",
        aliases=("rating",),
        link="/feedback",
        sample=lambda t: t.reviews,
    ),
    _k(
        "first_response_hours",
        "Ticket first-response time",
        "Median hours from a ticket's creation to its first "
        "response, over tickets created in P that have a response.",
        "hours",
        "down",
        ("feedback",),
        "feedback",
        lambda t: t.response_hours,
        "needs support tickets with first_response_at",
        link="/feedback",
        sample=lambda t: t.tickets,
    ),
)

KPIS_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}
_ALIASES: dict[str, str] = {a: k.key for k in KPIS for a in k.aliases}


@dataclass(frozen=True)
class KpiSource:
    """Per-period measures a capability adds (as ``measures.<source>`` are built in), its KPIs."""

    name: str
    measures: Callable  # (Scope) -> Ibis table of ``p`` and the measures its KPIs divide
    times: tuple[tuple[str, str], ...]  # (table, timestamp column) it turns into periods
    kpis: tuple[Kpi, ...]  # each with ``source`` = ``name``


@dataclass(frozen=True)
class _Registry:
    kpis: tuple[Kpi, ...]
    by_key: dict[str, Kpi]
    aliases: dict[str, str]
    sources: dict[str, KpiSource]


def _registry() -> _Registry:
    from regulars.services.capabilities import all_capabilities

    return _combined(all_capabilities())


@functools.lru_cache(maxsize=4)
def _combined(capabilities: tuple) -> _Registry:
    sources = {s.name: s for c in capabilities if c.kpi_sources for s in c.kpi_sources()}
    kpis = KPIS + tuple(k for s in sources.values() for k in s.kpis)
    aliases = {a: k.key for k in kpis for a in k.aliases}
    return _Registry(kpis, {k.key: k for k in kpis}, aliases, sources)


def all_kpis() -> tuple[Kpi, ...]:
    """The built-in KPIs, then each capability's, in order."""
    return _registry().kpis


def source_measures(name: str) -> Callable:
    """The measures function of a source: built in (``measures.<name>``) or a capability's."""
    added = _registry().sources.get(name)
    if added is not None:
        return added.measures
    from regulars.services.kpis import measures

    return getattr(measures, name)


def source_times(name: str) -> tuple[tuple[str, str], ...]:
    """The (table, timestamp column) pairs a source turns into periods."""
    added = _registry().sources.get(name)
    if added is not None:
        return added.times
    from regulars.services.kpis.scope import TIMES

    return TIMES[name]


def kpi(key: str) -> Kpi:
    """A KPI by key or alias; InputError names the known keys."""
    r = _registry()
    found = r.by_key.get(key) or r.by_key.get(r.aliases.get(key, ""))
    if found is None:
        raise InputError(f"unknown KPI {key!r}; KPIs: {', '.join(r.by_key)}")
    return found


def canonical_key(key: str) -> str | None:
    """The registry key for a key or alias, None when unknown."""
    r = _registry()
    return key if key in r.by_key else r.aliases.get(key)
