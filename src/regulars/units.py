"""Units in words: money, rates and changes, the one place every number shown to people is written.

Money is integer minor units (cents) everywhere and is written with the shop's currency; every
money formatter takes ``(cents, currency)`` in that order. Amounts under 1,000 currency units show
cents ("$18.75"), larger ones whole units ("$1,235"). Pure: analytics may import it.

One rule for a change, on every surface: rates and shares (unit ``percent``, ROI included) and
scores move in points ("+5.1 pts"); money, counts, ratios and durations in relative % ("+12.5%");
a change from or to a value at or below zero has no relative size and is written in the KPI's
own units ("-$5.00"), never as a %.
"""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}
MISSING = "–"
#: From this many currency units on, amounts are written in whole units.
WHOLE_UNITS_FROM = 1_000

__all__ = [
    "MISSING",
    "SYMBOLS",
    "format_change",
    "format_delta",
    "format_value",
    "money",
    "points",
    "rate",
    "relative_change",
    "symbol",
]


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


def money(cents: float | int | None, currency: str = "USD") -> str:
    """123456 -> '$1,235'; 1875 -> '$18.75'; -500 -> '-$5.00'; None -> '–'."""
    if cents is None:
        return MISSING
    sign = "-" if cents < 0 else ""
    units = abs(cents) / 100
    return (
        f"{sign}{symbol(currency)}{units:,.0f}"
        if units >= WHOLE_UNITS_FROM
        else f"{sign}{symbol(currency)}{units:,.2f}"
    )


def rate(value: float | None, places: int = 1) -> str:
    """A share or rate as a percentage: 0.125 -> '12.5%' (``places`` decimals); None -> '–'."""
    return MISSING if value is None else f"{value * 100:.{places}f}%"


def points(delta: float, places: int | None = None) -> str:
    """A change of a rate in percentage points: 0.021 -> '2.1 points' (2 decimals under 0.1
    point)."""
    places = (1 if abs(delta) >= 0.001 else 2) if places is None else places
    return f"{abs(delta) * 100:.{places}f} points"


def format_value(unit: str, value: float | None, currency: str = "USD") -> str:
    """A KPI value in words by its unit: money (cents), percent, count, days, hours, score."""
    if value is None:
        return MISSING
    if unit == "money":
        return money(value, currency)
    if unit == "percent":
        return rate(value)
    if unit == "count":
        return f"{value:,.0f}"
    if unit in ("days", "hours"):
        return f"{value:,.1f} {unit}"
    if unit == "score":
        return f"{value:+.0f}"
    return f"{value:,.2f}"


#: Units whose changes are differences in points, never relative %.
POINT_UNITS = ("percent", "score")


def relative_change(value: float | None, base: float | None) -> float | None:
    """(value - base) / base, or None where a relative size would mislead: no base, a base at or
    below zero, or a value below zero (ROI going from -20% to +10% is not "+150%")."""
    if value is None or base is None or base <= 0 or value < 0:
        return None
    return (value - base) / base


def format_delta(unit: str, delta: float, relative: float | None, currency: str = "USD") -> str:
    """'12.5% above' / '2.1 points below' (percent KPIs move in points, scores in whole points)."""
    word = "above" if delta > 0 else "below"
    if unit == "percent":
        return f"{points(delta)} {word}"
    if unit == "score":
        return f"{abs(delta):.0f} points {word}"
    if relative is None:
        return f"{format_value(unit, abs(delta), currency)} {word}"
    return f"{rate(abs(relative))} {word}"


def format_change(
    unit: str, delta: float | None, relative: float | None, currency: str = "USD"
) -> str:
    """The change in a few characters, for tiles and tables: '+12.5%', '-2.1 pts', '+$5.00'.

    ``relative`` must come from ``relative_change`` (None across zero): without it the change is
    written in the unit itself."""
    if delta is None:
        return ""
    if unit == "percent":
        return f"{delta * 100:+.1f} pts"
    if unit == "score":
        return f"{delta:+.0f} pts"
    if relative is None:
        return ("+" if delta > 0 else "-") + format_value(unit, abs(delta), currency)
    return f"{relative * 100:+.1f}%"
