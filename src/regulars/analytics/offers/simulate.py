"""Customers who respond to offers with a planted rate per group and offer, for the tests, the
demo and the benchmark: the best offer per group is known, so a bandit can be checked to find it."""

from __future__ import annotations

import numpy as np

#: group -> purchase rate under each of OFFERS (none, 5%, 10%, 15%, free shipping, bundle)
PLANTED_RATES = {
    "loyal": (0.30, 0.31, 0.32, 0.33, 0.31, 0.30),
    "lapsing": (0.05, 0.07, 0.12, 0.17, 0.08, 0.09),
    "new": (0.10, 0.12, 0.13, 0.14, 0.20, 0.12),
}


def planted_values(order_margin_cents: np.ndarray, rates=PLANTED_RATES) -> np.ndarray:
    """Expected margin a customer offered each offer, per group (groups in ``rates`` order)."""
    return np.array([rates[g] for g in rates]) * order_margin_cents[None, :]


def respond(rng: np.random.Generator, group_codes, offer_codes, rates=PLANTED_RATES) -> np.ndarray:
    table = np.array([rates[g] for g in rates])
    return (rng.random(len(group_codes)) < table[group_codes, offer_codes]).astype(float)
