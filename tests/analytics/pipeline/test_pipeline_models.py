"""Wilson intervals against Newcombe (1998, Table I), and the stage probabilities against a
pipeline generated with win rates planted by source."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from regulars.analytics.pipeline import (
    brier,
    group_rates,
    learn_stage_probabilities,
    pipeline_forecast,
    wilson,
)
from regulars.demo.clock import Window
from regulars.demo.sales import STAGES, WIN_RATE_BY_SOURCE, make_pipeline


def test_wilson_matches_newcombe_1998():
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=1e-4)
    assert wilson(0, 20) == pytest.approx((0.0, 0.1611), abs=1e-4)


@pytest.fixture(scope="module")
def big_pipeline():
    window = Window.ending(dt.date(2026, 6, 30), 36)
    return make_pipeline(np.random.default_rng(42), window, 60_000, WIN_RATE_BY_SOURCE)


def _arrays(p):
    d = p.deals
    closed, won = np.asarray(d["is_closed"]), np.asarray(d["is_won"])
    stage = list(d["stage"])
    order = {s: k for k, s in enumerate(STAGES)}
    depth = np.array([order.get(s, len(STAGES) - 1) for s in stage])
    depth = np.where(closed, _closed_depth(p, closed), depth)
    return np.array(d["source"], dtype=object), closed, won, depth


def _closed_depth(p, closed):
    deal_ids = p.deals["deal_id"].to_pylist()
    index = {d: i for i, d in enumerate(deal_ids)}
    depth = np.zeros(len(deal_ids), dtype=int)
    for deal, stage in zip(p.history["deal_id"].to_pylist(), p.history["stage"]):
        if stage in STAGES:
            depth[index[deal]] = max(depth[index[deal]], STAGES.index(stage))
    return depth


def test_the_planted_win_rates_by_source_are_recovered(big_pipeline):
    source, closed, won, _ = _arrays(big_pipeline)
    rates = {g.group: g for g in group_rates(source, closed, won, np.zeros(len(won)),
                                             np.ones(len(won)))}  # fmt: skip
    for name, planted in WIN_RATE_BY_SOURCE.items():
        assert rates[name].closed > 250
        assert abs(rates[name].win_rate - planted) < 0.07, name
    assert next(iter(rates)) == "referral"  # the best source first


def test_learned_stage_probabilities_beat_fixed_ones_on_later_deals(big_pipeline):
    _, closed, won, depth = _arrays(big_pipeline)
    idx = np.flatnonzero(closed)
    early, late = idx[: idx.size // 2], idx[idx.size // 2 :]
    model = learn_stage_probabilities(STAGES, depth[early], closed[early], won[early])
    assert brier(model, depth[late], won[late]) < brier(model, depth[late], won[late], False)


def test_the_pipeline_forecast_interval_holds_the_expectation():
    amount = np.full(50, 10_000)
    p = np.full(50, 0.3)
    (row,) = pipeline_forecast(amount, p, np.zeros(50, dtype=int))
    assert row["expected_cents"] == 150_000
    assert row["low_cents"] < 150_000 < row["high_cents"]
