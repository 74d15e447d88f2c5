"""How each behavioural feature reads in words: the phrase, the unit, and the persona name it
suggests."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.units import money, rate


@dataclass(frozen=True)
class TraitWording:
    phrase: str  # what is measured, e.g. "share of orders with a discount"
    unit: str  # days, count, money, share, rating, ratio
    high_name: str | None  # persona name when the group is well above average
    low_name: str | None  # ... and when well below


FIXED: dict[str, TraitWording] = {
    "recency_days": TraitWording("days since the last order", "days", "Lapsed", "Recent buyers"),
    "orders": TraitWording("orders", "count", "Frequent buyers", "One-off buyers"),
    "orders_per_month": TraitWording(
        "orders per month", "count", "Frequent buyers", "Occasional buyers"
    ),
    "average_order_cents": TraitWording(
        "average order value", "money", "Big-basket buyers", "Small-basket buyers"
    ),
    "tenure_days": TraitWording(
        "days since the first order", "days", "Long-standing customers", "Newcomers"
    ),
    "purchase_gap_cv": TraitWording(
        "irregularity of the gaps between orders (CV)",
        "ratio",
        "Irregular buyers",
        "Clockwork buyers",
    ),
    "discount_share": TraitWording(
        "share of orders with a discount", "share", "Discount hunters", "Full-price buyers"
    ),
    "holiday_share": TraitWording(
        "share of orders in November-December", "share", "Holiday gift buyers", None
    ),
    "overdue_ratio": TraitWording(
        "days since the last order, in their usual gaps", "ratio", "Lapsed regulars", None
    ),
    "bought_last_6_months": TraitWording(
        "share who bought in the last 6 months", "share", "Active buyers", "Lapsed"
    ),
    "spend_cents": TraitWording("total spend", "money", "Big spenders", "Light spenders"),
    "email_open_rate": TraitWording("email open rate", "share", "Email readers", "Email ignorers"),
    "web_sessions": TraitWording("web sessions", "count", "Browsers", None),
    "average_rating": TraitWording(
        "average review rating", "rating", "Happy reviewers", "Unhappy reviewers"
    ),
}

_CHANNEL_NAMES = {
    "subscription": "Subscribers",
    "wholesale": "Wholesale accounts",
    "pos": "In-store buyers",
}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def wording(
    column: str, channels: tuple[str, ...] = (), categories: tuple[str, ...] = ()
) -> TraitWording:
    """The wording of a feature column (``channel_<i>`` and ``category_<i>`` name their channel or
    category)."""
    if column.startswith("channel_"):
        c = channels[int(column.split("_")[1])]
        return TraitWording(
            f"share of orders through {c}",
            "share",
            _CHANNEL_NAMES.get(c, f"{c.capitalize()} buyers"),
            None,
        )
    if column.startswith("category_"):
        c = categories[int(column.split("_")[1])]
        return TraitWording(
            f"share of spend on {c}", "share", f"{_singular(c).capitalize()} buyers", None
        )
    return FIXED[column]


def format_value(unit: str, value: float, currency: str = "USD") -> str:
    """A trait's value in words (money and shares by ``regulars.units``, the one formatter)."""
    if unit == "days":
        return f"{value:,.0f} days"
    if unit == "money":
        return money(value, currency)
    if unit == "share":
        return rate(value, 0)
    if unit == "rating":
        return f"{value:.1f}"
    return f"{value:,.1f}" if unit == "count" else f"{value:.2f}"
