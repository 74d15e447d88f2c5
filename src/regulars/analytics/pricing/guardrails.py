"""Guardrails a suggested price never leaves: a cost-plus floor, the minimum advertised price, a
band around the competitors' price, at most a given change per step, and no change sooner than a
given number of days after the last one. Prices in integer minor units."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Guardrails:
    cost_cents: int
    min_markup: float = 0.10
    min_advertised_cents: int | None = None
    competitor_cents: int | None = None
    competitor_band: float = 0.10
    max_step: float = 0.10
    min_days_between: int = 30


def allowed_range(rails: Guardrails, current_cents: int) -> tuple[int, int, list[str]]:
    """The lowest and highest whole price every guardrail allows (low > high: none does), and
    the guardrails that bind, in words."""
    lows = {
        "cost-plus floor": rails.cost_cents * (1 + rails.min_markup),
        "step limit": current_cents * (1 - rails.max_step),
    }
    highs = {"step limit": current_cents * (1 + rails.max_step)}
    if rails.min_advertised_cents is not None:
        lows["minimum advertised price"] = rails.min_advertised_cents
    if rails.competitor_cents is not None:
        lows["competitor band"] = rails.competitor_cents * (1 - rails.competitor_band)
        highs["competitor band"] = rails.competitor_cents * (1 + rails.competitor_band)
    low_name = max(lows, key=lows.get)
    high_name = min(highs, key=highs.get)
    low = math.ceil(lows[low_name] - 1e-9)
    high = math.floor(highs[high_name] + 1e-9)
    return low, high, [f"lowest by the {low_name}", f"highest by the {high_name}"]


def satisfies(rails: Guardrails, current_cents: int, price_cents: int) -> bool:
    """Whether a price keeps every guardrail (the test the suggestions are held to)."""
    low, high, _ = allowed_range(rails, current_cents)
    return low <= price_cents <= high
