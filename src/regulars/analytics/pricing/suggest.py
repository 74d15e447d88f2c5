"""The margin-maximising price inside the guardrails, with the expected change in units, revenue
and margin and their intervals. Demand follows the fitted elasticity: units at price p are
``q0 (p / p0)^b``; the elasticity's uncertainty is carried by draws from its interval, and the
price chosen maximises the margin averaged over the draws."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.pricing.guardrails import Guardrails, allowed_range

DRAWS = 2000
GRID = 201


@dataclass(frozen=True)
class Change:
    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class Suggestion:
    product_id: str
    current_cents: int
    price_cents: int | None
    units: Change | None
    revenue: Change | None
    margin: Change | None
    binding: tuple[str, ...]
    explanation: str


def _change(x: np.ndarray, level: float) -> Change:
    q = np.quantile(x, [0.5 - level / 2, 0.5 + level / 2])
    return Change(float(np.mean(x)), float(q[0]), float(q[1]))


def _no_price(product_id: str, current: int, why: str) -> Suggestion:
    return Suggestion(product_id, current, None, None, None, None, (), f"{product_id}: {why}")


def suggest_price(
    product_id: str,
    current_cents: int,
    weekly_units: float,
    elasticity: float | None,
    elasticity_se: float | None,
    rails: Guardrails,
    *,
    days_since_change: int | None = None,
    level: float = 0.95,
    seed: int = 0,
) -> Suggestion:
    """A suggestion, or the reason there is none (no elasticity, too soon, no allowed price)."""
    if elasticity is None or elasticity_se is None:
        return _no_price(product_id, current_cents, "no elasticity to go on: run a price test")
    if days_since_change is not None and days_since_change < rails.min_days_between:
        return _no_price(
            product_id,
            current_cents,
            f"its price changed {days_since_change} "
            f"days ago; wait {rails.min_days_between} days between changes",
        )
    low, high, binding = allowed_range(rails, current_cents)
    if low > high:
        return _no_price(product_id, current_cents, "no price keeps every guardrail")
    b = np.random.default_rng(seed).normal(elasticity, elasticity_se, DRAWS)
    grid = np.unique(np.linspace(low, high, GRID).round().astype(np.int64))
    grid = grid[(grid >= low) & (grid <= high)]
    ratio = grid[:, None] / current_cents
    units = weekly_units * ratio ** b[None, :]
    margins = (grid[:, None] - rails.cost_cents) * units
    best = int(np.argmax(margins.mean(axis=1)))
    price = int(grid[best])
    return _suggestion(product_id, current_cents, price, weekly_units, b, rails, binding, level)


def _suggestion(product_id, current, price, q0, b, rails, binding, level) -> Suggestion:
    units = q0 * (price / current) ** b
    d_units = units - q0
    d_revenue = (price * units - current * q0) / 100
    d_margin = ((price - rails.cost_cents) * units - (current - rails.cost_cents) * q0) / 100
    u, r, m = (_change(x, level) for x in (d_units, d_revenue, d_margin))
    words = (
        f"{product_id}: {current} -> {price} (minor units); a week's units {u.expected:+.1f} "
        f"({u.low:+.1f} to {u.high:+.1f}), margin {m.expected:+.2f} ({m.low:+.2f} to "
        f"{m.high:+.2f}) in major units; {', '.join(binding)}"
    )
    if price == current:
        words = f"{product_id}: keep {current}; no allowed price earns more margin"
    return Suggestion(product_id, current, price, u, r, m, tuple(binding), words)
