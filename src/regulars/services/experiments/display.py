"""How every surface writes an experiment's numbers (through ``regulars.units``): a relative
effect in %, a rate difference in points ("+5.1 pts"), money in the shop's currency (never
cents), a mean as a plain number (never a percentage nor "points")."""

from __future__ import annotations

import math

from regulars.units import MISSING, format_change, money, rate


def value_text(unit: str, x: float | None, currency: str = "USD") -> str:
    """An arm's level: '15.2%', '$18.75' or '2.31'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    if unit == "rate":
        return rate(x)
    return money(x, currency) if unit == "money" else f"{x:,.4g}"


def change_text(unit: str, scale: str, x: float, currency: str = "USD") -> str:
    """An effect: '+33.3%' (relative), '+5.1 pts', '+$5.00' or '+0.29' (absolute)."""
    if math.isinf(x):
        return "+inf" if x > 0 else "-inf"
    if scale == "relative":
        return f"{x * 100:+.1f}%"
    if unit == "rate":
        return format_change("percent", x, None)
    if unit == "money":
        return ("+" if x >= 0 else "-") + money(abs(x), currency)
    return f"{x:+,.4g}"


def comparison_texts(c, currency: str = "USD") -> dict[str, str]:
    """The effect, its interval and the relative lift of one comparison, as shown."""
    if c.error:
        return {"effect": "", "interval": "", "lift": ""}
    low, high = (change_text(c.unit, c.scale, x, currency) for x in (c.ci_low, c.ci_high))
    return {
        "effect": change_text(c.unit, c.scale, c.estimate, currency),
        "interval": f"{low} to {high}",
        "lift": "" if c.relative_lift is None else f"{c.relative_lift * 100:+.1f}%",
    }


def interval_text(unit: str, interval, currency: str = "USD") -> str:
    """A per-arm interval: '12.1% to 15.3%'."""
    if not interval:
        return ""
    return f"{value_text(unit, interval[0], currency)} to {value_text(unit, interval[1], currency)}"
