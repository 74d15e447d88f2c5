"""Known answers from simulation: shops generated with known adstock decay, Hill half-point and
ceiling per channel. The 90% intervals of each channel's caused revenue must cover the truth in at
least 85% of channels over many seeds, and the budget split the fitted curves propose must earn,
under the true curves, within 5% of the true optimum."""

from __future__ import annotations

import numpy as np
import pytest
from tests.analytics.mmm.simulation import simulate

from regulars.analytics.mmm import MediaMixModel, allocate, optimal_split, summarise, weekly_revenue

SEEDS = range(16)
CHANNELS = ("search", "social", "email")


@pytest.fixture(scope="module")
def fits():
    out = []
    for seed in SEEDS:
        spend, y, media, truth = simulate(seed)
        model = MediaMixModel(n_boot=60, seed=seed).fit(spend, y)
        out.append((spend, media, truth, model))
    return out


def test_contribution_intervals_cover_the_planted_truth(fits):
    rows, hits = [], np.zeros(len(CHANNELS))
    for spend, media, _, model in fits:
        summary = summarise(model, spend, CHANNELS)
        for c, effect in enumerate(summary.channels):
            lo, hi = effect.contribution_interval
            hits[c] += lo <= media[:, c].sum() <= hi
        rows.append(summary)
    coverage = hits / len(fits)
    print("\nchannel  coverage of 90% intervals over", len(fits), "seeds")
    for name, value in zip(CHANNELS, coverage):
        print(f"{name:8s} {value:.0%}")
    print(f"all      {hits.sum() / hits.size / len(fits):.0%}")
    assert hits.sum() / (len(fits) * len(CHANNELS)) >= 0.85


def test_allocator_within_5_percent_of_the_true_optimum(fits):
    shortfalls = []
    for spend, _, truth, model in fits:
        today = spend.mean(0)
        plan = allocate(model, today, CHANNELS, max_change=100.0)
        proposed = np.array([s.proposed for s in plan.splits])
        best = optimal_split(today.sum(), truth["beta"], truth["half"])
        earned = weekly_revenue(proposed, truth["beta"], truth["half"]).sum()
        optimum = weekly_revenue(best, truth["beta"], truth["half"]).sum()
        shortfalls.append(1 - earned / optimum)
    print("\nallocator shortfall against the true optimum: median "
          f"{np.median(shortfalls):.1%}, worst {max(shortfalls):.1%}")  # fmt: skip
    assert max(shortfalls) < 0.05


def test_optimal_split_matches_a_general_optimiser():
    from scipy.optimize import minimize

    beta, half = np.array([5000.0, 3000.0, 8000.0]), np.array([800.0, 300.0, 4000.0])
    budget, high = 3000.0, np.array([2000.0, 2000.0, 2000.0])
    ours = optimal_split(budget, beta, half, None, high)
    res = minimize(lambda s: -weekly_revenue(s, beta, half).sum(), np.full(3, 1000.0),
                   bounds=[(0, h) for h in high], method="SLSQP",
                   constraints=[{"type": "eq", "fun": lambda s: s.sum() - budget}])  # fmt: skip
    assert ours.sum() == pytest.approx(budget)
    assert ours == pytest.approx(res.x, abs=5.0)
