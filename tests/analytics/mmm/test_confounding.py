"""A channel whose spend moves with a control column of the baseline (sale emails sent in the
promotion weeks) is said to be inseparable, in words that name the tests; the same simulated shop
with the same promotion weeks but spend that ignores them is not flagged (so the check can fail
both ways); the allocator keeps a flagged channel at today's spend."""

from __future__ import annotations

import numpy as np
import pytest
from tests.analytics.mmm.simulation import simulate

from regulars.analytics.mmm import MediaMixModel, allocate, separability, summarise
from regulars.analytics.mmm.diagnostics import MAX_ALIASED, aliased

NAMES = ("email", "ads", "social")
SEEDS = range(20)


def _shop(seed: int, confounded: bool):
    """The simulated shop with 10 promotion weeks (revenue +15% in them); when ``confounded``,
    email also sends a sale email in each promotion week (twice its usual weekly spend)."""
    spend, y, media, truth = simulate(seed)
    rng = np.random.default_rng(1000 + seed)
    promo = np.zeros(len(spend))
    promo[rng.choice(len(spend), 10, replace=False)] = 1.0
    if confounded:
        spend = spend.copy()
        spend[:, 0] += promo * 2 * spend[:, 0].mean()
    return spend, y * (1 + 0.15 * promo), promo[:, None]


@pytest.mark.parametrize("seed", SEEDS)
def test_sale_emails_in_the_promotion_weeks_are_flagged_and_the_rest_is_not(seed):
    spend, _, promo = _shop(seed, confounded=True)
    sep = separability(spend, NAMES, promo, ("promotion weeks",))
    assert sep.separable == (False, True, True)
    assert sep.confounded_with[0] == "promotion weeks" and sep.aliased_share[0] > MAX_ALIASED
    limit = sep.limit[0]
    assert limit.startswith("email's spend moves with your promotion weeks")
    assert "holdout" in limit and "--kind geo" in limit and "not a measurement" in limit


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_promotion_weeks_with_spend_that_ignores_them_flag_nothing(seed):
    spend, _, promo = _shop(seed, confounded=False)
    sep = separability(spend, NAMES, promo, ("promotion weeks",))
    assert sep.separable == (True, True, True) and sep.limits == ()
    assert np.all(np.abs(aliased(spend, promo)) < MAX_ALIASED)


def test_the_aliased_share_is_the_spend_in_the_control_weeks_beyond_the_usual_level():
    spend = np.array([[10.0], [10.0], [40.0], [10.0]])
    promo = np.array([[0.0], [0.0], [1.0], [0.0]])
    assert aliased(spend, promo)[0, 0] == pytest.approx(30.0 / 70.0)  # 30 of the 70 spent


def test_the_fit_says_so_and_the_allocator_keeps_the_flagged_channel_at_todays_spend():
    spend, y, promo = _shop(3, confounded=True)
    model = MediaMixModel(n_boot=20).fit(spend, y, promo)
    summary = summarise(model, spend, NAMES, controls=promo, control_names=("promotion weeks",))
    email, ads = summary.channels[0], summary.channels[1]
    assert not email.separable and email.explanation.startswith(email.limit)
    assert "The model's guess" in email.explanation and ads.separable and ads.limit is None
    assert "cannot separate what email caused" in summary.explanation
    today = spend[-13:].mean(0)
    held = tuple(not ok for ok in summary.separability.separable)
    plan = allocate(model, today, NAMES, held=held)
    assert plan.splits[0].proposed == pytest.approx(today[0])
    assert plan.splits[0].proposed_interval == pytest.approx((today[0], today[0]))
    assert sum(s.proposed for s in plan.splits) == pytest.approx(today.sum())
    assert "email stays at today's spend" in plan.explanation
