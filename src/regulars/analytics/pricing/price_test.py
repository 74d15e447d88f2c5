"""A price test for a product history cannot tell about: the price alternates between arms day
by day (a switchback: every customer sees one price on a day), and the test runs until a response
of the size that matters is detectable. Built on ``analytics.experiments.power``'s sample size for
a mean (daily units, Poisson spread)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from regulars.analytics.experiments.power import sample_size_mean

DEFAULT_STEP = 0.05
DEFAULT_ELASTICITY = -1.0  # the smallest response worth finding: a 1% price rise, 1% fewer units


@dataclass(frozen=True)
class PriceTest:
    arms_cents: tuple[int, ...]
    days_per_arm: int | None
    days: int | None
    daily_units: float
    detectable_elasticity: float
    explanation: str


def design_price_test(
    current_cents: int,
    daily_units: float,
    *,
    step: float = DEFAULT_STEP,
    elasticity: float = DEFAULT_ELASTICITY,
    power: float = 0.8,
    alpha: float = 0.05,
) -> PriceTest:
    """Three arms (current, ``step`` lower, ``step`` higher) and the days the test needs."""
    arms = (round(current_cents * (1 - step)), current_cents, round(current_cents * (1 + step)))
    change = abs(elasticity) * step * daily_units  # units a day the response moves
    if daily_units <= 0:
        words = "no sales a day to test on: a price test cannot measure anything yet"
        return PriceTest(arms, None, None, daily_units, elasticity, words)
    design = sample_size_mean(daily_units, math.sqrt(daily_units), change, power=power,
                              alpha=alpha, arms=3)  # fmt: skip
    if design.per_arm is None:
        return PriceTest(arms, None, None, daily_units, elasticity, design.error or "")
    days = design.per_arm * 3
    words = (
        f"alternate the price daily between {arms[0]}, {arms[1]} and {arms[2]} (minor units) "
        f"for {days} days ({design.per_arm} a price) to detect an elasticity of "
        f"{elasticity:+.1f} at {daily_units:.1f} units a day with {power:.0%} power"
    )
    if days > 365:
        words += (f"; {days} days is too long for a test: try a bigger step, or test the whole "
                  "category at once")  # fmt: skip
    return PriceTest(arms, design.per_arm, days, daily_units, elasticity, words)
