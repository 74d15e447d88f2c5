"""Money at stake in a KPI gap: pure arithmetic, with the sum written out in words.

Each lever turns "KPI is ``gap`` worse than its reference" into an estimated monthly gross
profit (cents) from closing the gap, using the shop's own monthly figures (``MonthContext``).
The arithmetic is simple and shown on purpose: it assumes the other numbers stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from regulars.units import money, rate


@dataclass(frozen=True)
class MonthContext:
    """The shop's figures for the month the gaps are measured in (None where unknown)."""

    active_customers: float | None = None
    previous_active_customers: float | None = None
    average_order_cents: float | None = None
    purchase_frequency: float | None = None
    orders: float | None = None
    revenue_cents: float | None = None
    new_customers: float | None = None
    sessions: float | None = None
    delivered_emails: float | None = None
    email_opens: float | None = None
    campaign_clicks: float | None = None
    campaign_conversion: float | None = None
    spend_cents: float | None = None
    closed_deals: float | None = None
    won_deals: float | None = None
    average_deal_cents: float | None = None
    gross_margin: float | None = (
        None  # None: product costs unknown, revenue counted instead of profit
    )


@dataclass(frozen=True)
class Impact:
    monthly_cents: float
    arithmetic: str
    assumes: str


@dataclass(frozen=True)
class Lever:
    """gap x (named context factors) = monthly money; ``gap_kind`` says how the gap is written."""

    factors: tuple[str, ...]
    gap_kind: str  # "rate" (percentage points), "money", "count" or "ratio"
    assumes: str


_LABELS = {
    "active_customers": ("active customers", "count"),
    "previous_active_customers": ("customers active last month", "count"),
    "average_order_cents": ("average order", "money"),
    "purchase_frequency": ("orders per customer", "ratio"),
    "orders": ("orders", "count"),
    "revenue_cents": ("revenue", "money"),
    "new_customers": ("new customers", "count"),
    "sessions": ("sessions", "count"),
    "delivered_emails": ("emails delivered", "count"),
    "email_opens": ("email opens", "count"),
    "campaign_clicks": ("campaign clicks", "count"),
    "campaign_conversion": ("orders per click", "rate"),
    "spend_cents": ("ad and campaign spend", "money"),
    "closed_deals": ("deals closed", "count"),
    "won_deals": ("deals won", "count"),
    "average_deal_cents": ("average deal", "money"),
    "gross_margin": ("gross margin", "rate"),
}

_SALE = "each extra order is worth the average order at the current gross margin"
LEVERS: dict[str, Lever] = {
    "repeat_rate": Lever(
        ("active_customers", "average_order_cents", "gross_margin"),
        "rate",
        f"one more order from each newly repeating customer a month; {_SALE}",
    ),
    "retention_rate": Lever(
        ("previous_active_customers", "purchase_frequency", "average_order_cents", "gross_margin"),
        "rate",
        f"each kept customer buys as often as today's active customers; {_SALE}",
    ),
    "churn_rate": Lever(
        ("previous_active_customers", "purchase_frequency", "average_order_cents", "gross_margin"),
        "rate",
        f"each customer not lost buys as often as today's active customers; {_SALE}",
    ),
    "purchase_frequency": Lever(
        ("active_customers", "average_order_cents", "gross_margin"), "ratio", _SALE
    ),
    "average_order_value": Lever(
        ("orders", "gross_margin"), "money", "the same number of orders, each larger"
    ),
    "orders": Lever(("average_order_cents", "gross_margin"), "count", _SALE),
    "active_customers": Lever(
        ("purchase_frequency", "average_order_cents", "gross_margin"),
        "count",
        f"each extra customer buys as often as today's; {_SALE}",
    ),
    "new_customers": Lever(
        ("average_order_cents", "gross_margin"),
        "count",
        "first orders only (later orders not counted)",
    ),
    "revenue": Lever(
        ("gross_margin",), "money", "the extra revenue earns the current gross margin"
    ),
    "site_conversion_rate": Lever(
        ("sessions", "average_order_cents", "gross_margin"),
        "rate",
        f"the same traffic; one order per converting session; {_SALE}",
    ),
    "email_open_rate": Lever(
        ("delivered_emails", "campaign_conversion", "average_order_cents", "gross_margin"),
        "rate",
        f"extra opens click and buy like today's clicks do (orders per click); {_SALE}",
    ),
    "email_click_rate": Lever(
        ("delivered_emails", "campaign_conversion", "average_order_cents", "gross_margin"),
        "rate",
        f"extra clicks buy like today's clicks (orders per click); {_SALE}",
    ),
    "click_to_open_rate": Lever(
        ("email_opens", "campaign_conversion", "average_order_cents", "gross_margin"),
        "rate",
        f"extra clicks buy like today's clicks (orders per click); {_SALE}",
    ),
    "campaign_conversion_rate": Lever(
        ("campaign_clicks", "average_order_cents", "gross_margin"), "rate", _SALE
    ),
    "refund_rate": Lever(
        ("orders", "average_order_cents"), "rate", "each refund avoided keeps a whole average order"
    ),
    "gross_margin": Lever(("revenue_cents",), "rate", "the same revenue at the better margin"),
    "customer_acquisition_cost": Lever(
        ("new_customers",), "money", "the same number of new customers for less spend"
    ),
    "roas": Lever(("spend_cents", "gross_margin"), "ratio", "the same spend bringing more revenue"),
    "roi": Lever(("spend_cents",), "rate", "the same spend; ROI measured on reported revenue"),
    "win_rate": Lever(
        ("closed_deals", "average_deal_cents", "gross_margin"),
        "rate",
        "the same number of deals closed",
    ),
    "average_deal_size": Lever(
        ("won_deals", "gross_margin"), "money", "the same number of deals won"
    ),
}


def _gap_text(gap: float, kind: str, currency: str) -> str:
    return {
        "rate": f"{gap * 100:.1f} percentage points",
        "money": money(gap, currency),
        "count": f"{gap:,.0f}",
        "ratio": f"{gap:,.2f}",
    }[kind]


def _factor_text(name: str, value: float, currency: str) -> str:
    label, kind = _LABELS[name]
    shown = {
        "money": lambda v: money(v, currency),
        "rate": rate,
        "count": lambda v: f"{v:,.0f}",
        "ratio": lambda v: f"{v:,.2f}",
    }[kind](value)
    return f"{shown} {label}"


def monthly_impact(
    kpi: str, gap: float, context: MonthContext, currency: str = "USD"
) -> Impact | None:
    """Money a month from closing ``gap`` (how much worse than the reference, always > 0), or
    None when the KPI has no lever or a factor is unknown."""
    lever = LEVERS.get(kpi)
    if lever is None or gap <= 0:
        return None
    values: dict[str, float] = {}
    assumes = lever.assumes
    for name in lever.factors:
        value = getattr(context, name)
        if name == "gross_margin" and value is None:
            value, assumes = (
                1.0,
                assumes + "; product costs are unknown, so this is revenue, not profit",
            )
        if value is None:
            return None
        values[name] = float(value)
    amount = gap * _product(values.values())
    parts = [_gap_text(gap, lever.gap_kind, currency)] + [
        _factor_text(n, v, currency)
        for n, v in values.items()
        if not (n == "gross_margin" and context.gross_margin is None)
    ]
    return Impact(amount, " x ".join(parts) + f" = {money(amount, currency)} a month", assumes)


def _product(values) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out


def rank_by_money(items: list, money: Callable[[object], float | None]) -> list:
    """Priced items first, largest money first; unpriced after, in their given order."""
    priced = sorted((i for i in items if money(i) is not None), key=lambda i: -money(i))
    return priced + [i for i in items if money(i) is None]
