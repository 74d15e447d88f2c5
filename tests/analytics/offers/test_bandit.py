"""The offer bandit against planted response rates: it finds the best offer of each group and its
regret stays below a fixed best-guess policy (10% off for everyone), over many seeds; the caps and
the holdout always hold."""

from __future__ import annotations

import numpy as np

from regulars.analytics.offers import OFFERS, Caps, OfferBandit
from regulars.analytics.offers.bandit import in_holdout
from regulars.analytics.offers.simulate import PLANTED_RATES, planted_values, respond

GROUPS = tuple(PLANTED_RATES)
BEST_GUESS = 2  # pct10
ROUNDS, PER_ROUND = 40, 500


def _run(seed: int):
    rng = np.random.default_rng(seed)
    bandit = OfferBandit(GROUPS)
    values = planted_values(bandit.order_margin_cents())
    regret = fixed = 0.0
    for _ in range(ROUNDS):
        g = rng.integers(0, len(GROUPS), PER_ROUND)
        chosen = bandit.choose(g, rng)
        bandit.fit(g, chosen, respond(rng, g, chosen))
        best = values.max(1)[g]
        regret += float(np.sum(best - values[g, chosen]))
        fixed += float(np.sum(best - values[g, BEST_GUESS]))
    return bandit, regret, fixed


def test_the_bandit_finds_the_planted_best_offer_and_beats_the_best_guess():
    values = planted_values(OfferBandit(GROUPS).order_margin_cents())
    planted = {g: OFFERS[int(i)].key for g, i in zip(GROUPS, values.argmax(1), strict=True)}
    assert planted == {"loyal": "none", "lapsing": "pct15", "new": "free_shipping"}
    found = beat = 0
    for seed in range(10):
        bandit, regret, fixed = _run(seed)
        beat += regret < fixed
        found += bandit.best_offers() == planted
    assert beat == 10
    assert found >= 8


def test_holdout_and_caps_always_hold():
    rng = np.random.default_rng(0)
    bandit = OfferBandit(GROUPS).fit([1] * 50, [3] * 50, [1] * 50)  # lapsing love 15% off
    ids = [f"c{i}" for i in range(5000)]
    hold = in_holdout(ids, 0.1)
    assert 0.08 < hold.mean() < 0.12 and (in_holdout(ids, 0.1) == hold).all()
    spent = rng.integers(0, 1000, 5000)
    days = rng.integers(0, 60, 5000)
    caps = Caps(budget_cents=200_000, per_customer_cents=1200, frequency_days=14)
    g = np.ones(5000, int)
    chosen = bandit.choose(g, rng, caps, hold, spent, days)
    cost = bandit.offer_cost_cents()[chosen]
    assert (chosen[hold] == 0).all() and (chosen[days < 14] == 0).all()
    assert (spent + cost <= 1200)[chosen > 0].all()
    assert cost.sum() <= 200_000 and (chosen > 0).sum() > 0


def test_the_margin_floor_rules_out_deep_discounts():
    bandit = OfferBandit(GROUPS).fit([1] * 50, [3] * 50, [1] * 50)
    rng = np.random.default_rng(1)
    floor = int(bandit.order_margin_cents()[2])  # nothing deeper than 10% off
    chosen = bandit.choose(np.ones(2000, int), rng, Caps(holdout=0, margin_floor_cents=floor))
    assert not np.isin(chosen, [3, 4]).any()
