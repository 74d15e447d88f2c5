"""Money in words: amounts are integer cents everywhere; this turns them into text for people."""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency + " ")


def money(cents: float | int | None, currency: str = "USD") -> str:
    """Whole currency units: 123456 -> '$1,235'; None -> '–'."""
    if cents is None:
        return "–"
    sign = "-" if cents < 0 else ""
    return f"{sign}{symbol(currency)}{abs(cents) / 100:,.0f}"
