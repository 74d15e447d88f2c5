"""KPI values in words: money, percentages, counts, days and hours."""

from __future__ import annotations

from regulars.money import symbol

__all__ = ["format_delta", "format_value", "symbol"]


def format_value(unit: str, value: float | None, currency: str = "USD") -> str:
    if value is None:
        return "–"
    if unit == "money":
        sign = "-" if value < 0 else ""
        cents = abs(value)
        return f"{sign}{symbol(currency)}{cents / 100:,.0f}" if cents >= 100_000 else f"{sign}{symbol(currency)}{cents / 100:,.2f}"
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:,.1f} days"
    if unit == "hours":
        return f"{value:,.1f} hours"
    if unit == "score":
        return f"{value:+.0f}"
    return f"{value:,.2f}"


def format_delta(unit: str, delta: float, relative: float | None, currency: str = "USD") -> str:
    """'12.5% above' / '2.1 points below' (percent KPIs move in points)."""
    word = "above" if delta > 0 else "below"
    if unit == "percent":
        return f"{abs(delta) * 100:.{1 if abs(delta) >= 0.001 else 2}f} points {word}"
    if unit == "score":
        return f"{abs(delta):.0f} points {word}"
    if relative is None:
        return f"{format_value(unit, abs(delta), currency)} {word}"
    return f"{abs(relative) * 100:.1f}% {word}"
