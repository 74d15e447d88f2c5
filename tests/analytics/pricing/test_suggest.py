"""Price suggestions: the guardrails are never violated (property-based), the margin-maximising
price matches the closed form ``p* = c b / (1 + b)`` when no guardrail binds, and a price test is
designed by the experiments module's power formula."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as s

from regulars.analytics.experiments.power import sample_size_mean
from regulars.analytics.pricing import Guardrails, design_price_test, suggest_price
from regulars.analytics.pricing.guardrails import satisfies

rails_strategy = s.builds(
    Guardrails,
    cost_cents=s.integers(1, 50_000),
    min_markup=s.floats(0, 1),
    min_advertised_cents=s.none() | s.integers(1, 100_000),
    competitor_cents=s.none() | s.integers(1, 100_000),
    competitor_band=s.floats(0, 0.5),
    max_step=s.floats(0, 0.5),
    min_days_between=s.integers(0, 90),
)


@settings(max_examples=150, deadline=None)
@given(
    rails=rails_strategy,
    current=s.integers(1, 100_000),
    elasticity=s.floats(-5, 1),
    se=s.floats(0.001, 2),
    units=s.floats(0.1, 1000),
    days=s.none() | s.integers(0, 365),
)
def test_a_suggested_price_never_leaves_the_guardrails(rails, current, elasticity, se, units, days):
    got = suggest_price("p", current, units, elasticity, se, rails, days_since_change=days)
    if got.price_cents is None:
        return
    assert isinstance(got.price_cents, int)
    assert satisfies(rails, current, got.price_cents)
    assert got.price_cents >= rails.cost_cents * (1 + rails.min_markup) - 1e-6
    assert abs(got.price_cents - current) <= current * rails.max_step + 1e-6
    if rails.min_advertised_cents is not None:
        assert got.price_cents >= rails.min_advertised_cents
    if rails.competitor_cents is not None:
        band = rails.competitor_cents * rails.competitor_band + 1e-6
        assert abs(got.price_cents - rails.competitor_cents) <= band
    assert days is None or days >= rails.min_days_between


def test_the_unconstrained_optimum_is_the_textbook_markup():
    # constant elasticity b = -3, cost 600: p* = 600 * -3 / (1 - 3) = 900
    rails = Guardrails(cost_cents=600, min_markup=0, max_step=1.0)
    got = suggest_price("p", 1000, 100, -3.0, 0.001, rails)
    assert abs(got.price_cents - 900) <= 5
    assert got.units.expected > 0 and got.margin.expected > 0
    assert got.margin.low <= got.margin.expected <= got.margin.high


def test_an_inelastic_product_goes_to_its_ceiling_and_sales_fall():
    rails = Guardrails(cost_cents=400, competitor_cents=1000, competitor_band=0.05, max_step=0.1)
    got = suggest_price("p", 1000, 50, -0.5, 0.05, rails)
    assert got.price_cents == 1050
    assert got.units.high < 0 < got.revenue.low


def test_too_soon_and_no_elasticity_give_no_price():
    rails = Guardrails(cost_cents=400, min_days_between=30)
    assert suggest_price("p", 1000, 5, -1.5, 0.1, rails, days_since_change=3).price_cents is None
    none = suggest_price("p", 1000, 5, None, None, rails)
    assert none.price_cents is None and "price test" in none.explanation


def test_a_price_test_uses_the_experiments_power_formula():
    t = design_price_test(2000, daily_units=10, step=0.05, elasticity=-1.0)
    assert t.arms_cents == (1900, 2000, 2100)
    n = sample_size_mean(10, math.sqrt(10), 0.5, arms=3).per_arm
    assert t.days_per_arm == n and t.days == 3 * n
    # hand check: z(1 - 0.025/2) + z(0.8) = 2.2414 + 0.8416; 2 * 3.0830^2 * 10 / 0.25 = 760.4
    assert t.days_per_arm == 761
