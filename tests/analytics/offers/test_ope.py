"""Off-policy evaluation recovers a known policy's value (Dudik, Langford & Li 2011): logs from a
uniform logging policy with planted rewards; the value of a target policy is computed exactly from
the planted rates, and the IPS and doubly robust intervals must cover it."""

from __future__ import annotations

import numpy as np

from regulars.analytics.offers import OfferBandit, evaluate_policy
from regulars.analytics.offers.simulate import PLANTED_RATES, planted_values, respond

GROUPS = tuple(PLANTED_RATES)


def _logs(seed: int, n: int = 6000):
    rng = np.random.default_rng(seed)
    margin = OfferBandit(GROUPS).order_margin_cents() / 100
    g = rng.integers(0, 3, n)
    a = rng.integers(0, 6, n)
    r = respond(rng, g, a) * margin[a]
    return g, a, r, np.full(n, 1 / 6), margin


def test_ips_and_doubly_robust_recover_the_value_of_a_known_policy():
    covered_ips = covered_dr = 0
    for seed in range(12):
        g, a, r, mu, margin = _logs(seed)
        target = np.zeros((3, 6))
        target[[0, 1, 2], [0, 3, 4]] = 1.0  # the planted best offer per group
        truth = float(planted_values(margin).max(1).mean())  # groups equally likely
        got = evaluate_policy(g, a, r, mu, target, seed=seed)
        covered_ips += got.ips.low <= truth <= got.ips.high
        covered_dr += got.doubly_robust.low <= truth <= got.doubly_robust.high
        assert abs(got.doubly_robust.value - truth) < 0.2 * truth
    assert covered_ips >= 10 and covered_dr >= 10


def test_it_says_the_best_policy_beats_the_uniform_log():
    g, a, r, mu, margin = _logs(0)
    target = np.zeros((3, 6))
    target[[0, 1, 2], [0, 3, 4]] = 1.0
    got = evaluate_policy(g, a, r, mu, target)
    assert got.gain.low > 0 and "beats the current one" in got.explanation
    worst = np.zeros((3, 6))
    worst[:, 3] = 1.0
    worse = evaluate_policy(g, a, r, mu, worst)
    assert worse.gain.value < got.gain.value
