"""Units in words: money, rates and changes, the one place every number shown to people is written.

Money is integer minor units everywhere (cents for USD, whole yen for JPY, fils, a thousandth,
for BHD: ISO 4217's minor units, read from Babel's copy of CLDR, not a table of our own) and is
written with the shop's currency; every money formatter takes ``(cents, currency)`` in that order.
Amounts under 1,000 currency units show their minor units ("$18.75", "BHD 1.250"), larger ones
whole units ("$1,235"); a currency without minor units never shows decimals ("¥10,000"). Pure:
analytics may import it.

One rule for a change, on every surface: rates and shares (unit ``percent``, ROI included) and
scores move in points ("+5.1 pts"); money, counts, ratios and durations in relative % ("+12.5%");
a change from or to a value at or below zero has no relative size and is written in the KPI's
own units ("-$5.00"), never as a %.
"""

from __future__ import annotations

from functools import lru_cache

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "JPY": "¥"}
MISSING = "–"
#: From this many currency units on, amounts are written in whole units.
WHOLE_UNITS_FROM = 1_000

__all__ = [
    "MISSING",
    "SYMBOLS",
    "format_change",
    "format_delta",
    "format_value",
    "minor_units",
    "money",
    "points",
    "rate",
    "relative_change",
    "symbol",
]


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """How many decimals the currency's minor unit has (ISO 4217): USD 2, JPY 0, BHD 3.

    Babel is imported here, on first use, so commands that write no money do not load it.
    """
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency.upper()))


def money(cents: float | int | None, currency: str = "USD") -> str:
    """123456 -> '$1,235'; 1875 -> '$18.75'; -500 -> '-$5.00'; None -> '–'; JPY 10000 ->
    '¥10,000'; BHD 1250 -> 'BHD 1.250'."""
    if cents is None:
        return MISSING
    sign = "-" if cents < 0 else ""
    places = minor_units(currency)
    units = abs(cents) / 10**places
    shown = 0 if units >= WHOLE_UNITS_FROM else places
    return f"{sign}{symbol(currency)}{units:,.{shown}f}"


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
