"""Elasticities against planted truths: simulated weekly sales with known elasticities, over
many seeds; intervals must cover the truth at least 90% of the time."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.pricing import fit_elasticities
from regulars.analytics.pricing.simulate import simulate_weeks

CATEGORIES = {"beans": (-1.8, 0.3, 0.20), "equipment": (-0.7, 0.2, 0.15), "tea": (-1.2, 0.2, 0.01)}
SEEDS = range(30)


def _fit(seed, per_category=8, weeks=104):
    sim = simulate_weeks(CATEGORIES, per_category, weeks, seed)
    return sim, fit_elasticities(*sim.columns())


@pytest.fixture(scope="module")
def coverage():
    hits, slots, widths = {}, {}, {}
    for seed in SEEDS:
        sim, fit = _fit(seed)
        for p in fit.products:
            if p.refused:
                continue
            covered = p.low <= sim.truth[p.product_id] <= p.high
            hits[p.category] = hits.get(p.category, 0) + covered
            slots[p.category] = slots.get(p.category, 0) + 1
            widths.setdefault(p.category, []).append(p.high - p.low)
    print("\ncategory   intervals  coverage  mean width")
    for c in slots:
        print(f"{c:10} {slots[c]:9d}  {hits[c] / slots[c]:8.1%}  {np.mean(widths[c]):10.2f}")
    return hits, slots


def test_intervals_cover_the_planted_elasticity_at_least_90_percent(coverage):
    hits, slots = coverage
    assert set(slots) == {"beans", "equipment"}
    for c in slots:
        assert hits[c] / slots[c] >= 0.90, c


def test_a_product_whose_price_barely_moved_is_refused():
    _, fit = _fit(1)
    tea = [p for p in fit.products if p.category == "tea"]
    assert tea and all(p.elasticity is None for p in tea)
    assert all("moved less than 3%: run a price test" in p.refused for p in tea)
    assert next(c for c in fit.categories if c.category == "tea").elasticity is None


def test_pooling_pulls_a_sparse_product_towards_its_category():
    sim = simulate_weeks({"beans": (-1.8, 0.05, 0.2)}, 10, 104, seed=3, base_units=60)
    short = simulate_weeks({"beans": (-1.8, 0.05, 0.2)}, 1, 12, seed=4, base_units=3)
    cols = [np.concatenate([a, b]) for a, b in zip(sim.columns(), short.columns(), strict=True)]
    cols[0] = np.where(np.arange(len(cols[0])) >= len(sim.product_ids), "sparse", cols[0])
    fit = fit_elasticities(*cols)
    sparse = fit.product("sparse")
    assert sparse.weight_own < 0.5
    assert abs(sparse.elasticity - (-1.8)) < abs(sparse.own - (-1.8)) or sparse.own_se > 0.3
    assert sparse.high - sparse.low < 2 * 1.96 * sparse.own_se


def test_the_category_estimate_is_near_the_planted_one():
    _, fit = _fit(5, per_category=20)
    beans = next(c for c in fit.categories if c.category == "beans")
    assert beans.elasticity - 2.5 * beans.se < -1.8 < beans.elasticity + 2.5 * beans.se
    assert abs(beans.elasticity + 1.8) < 0.2


def test_a_product_missing_many_weeks_of_sales_is_refused_not_biased():
    sim = simulate_weeks({"beans": (-1.8, 0.05, 0.2)}, 4, 104, seed=6, base_units=60)
    cols = list(sim.columns())
    pid = sim.product_ids[0]
    rows = np.flatnonzero(cols[0] == pid)
    high = rows[np.argsort(-cols[2][rows])[:40]]  # its 40 dearest weeks sold nothing
    keep = np.setdiff1d(np.arange(len(cols[0])), high)
    fit = fit_elasticities(*(np.asarray(c)[keep] for c in cols))
    gappy = fit.product(pid)
    assert gappy.elasticity is None and "it sold in only 62% of its weeks" in gappy.refused
    assert "run a price test" in gappy.refused
    others = [p for p in fit.products if p.product_id != pid]
    assert all(p.refused is None for p in others)
