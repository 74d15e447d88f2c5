"""The pure parts: the RFM grid, robust scaling, clustering choice and stability, persona wording."""

from __future__ import annotations

import numpy as np

from regulars.analytics.segments.clustering import cluster_customers, informative_columns, robust_scale
from regulars.analytics.segments.personas import FeatureFrame, persona_cards
from regulars.analytics.segments.rfm_grid import SEGMENT_NAMES, check_grid, fm_score, quintile_score, segment_for


def test_grid_covers_every_cell_once_with_eleven_segments():
    grid = check_grid()
    assert len(grid) == 25 and set(grid.values()) == set(SEGMENT_NAMES) and len(SEGMENT_NAMES) == 11
    assert segment_for(5, 5) == "Champions" and segment_for(1, 1) == "Lost" and segment_for(1, 5) == "Cannot lose them"
    assert fm_score(1, 2) == 2 and fm_score(4, 5) == 5


def test_quintile_score_matches_pandas_qcut():
    import pandas as pd

    values = np.random.default_rng(7).lognormal(3, 1, 1001).round(1)
    cuts = tuple(np.quantile(values, [0.2, 0.4, 0.6, 0.8]))
    expected = pd.qcut(values, 5, labels=False) + 1
    assert [quintile_score(v, cuts) for v in values] == list(expected)
    assert quintile_score(cuts[1], cuts) == 2  # a value on a cut point takes the lower score


def test_robust_scale_handles_missing_and_constant_columns():
    x = np.array([[1.0, np.nan, 3.0], [2.0, 5.0, 3.0], [3.0, 7.0, 3.0], [100.0, 9.0, 3.0]])
    s = robust_scale(x)
    assert not np.isnan(s).any() and np.abs(s).max() <= 5
    assert list(informative_columns(x)) == [0, 1]


def test_clear_groups_are_found_stable_and_described():
    rng = np.random.default_rng(1)
    a = np.column_stack([rng.normal(0.1, 0.05, 300).clip(0, 1), rng.normal(5, 1, 300)])
    b = np.column_stack([rng.normal(0.8, 0.05, 100).clip(0, 1), rng.normal(5, 1, 100)])
    x = np.vstack([a, b])
    result = cluster_customers(robust_scale(x), seed=0)
    assert result.k == 2 and result.stable
    frame = FeatureFrame(("discount_share", "orders"), x, np.ones(len(x)))
    cards = persona_cards(frame, result.labels)
    hunters = next(c for c in cards if c.customers == 100)
    assert hunters.name == "Discount hunters" and hunters.discount_sensitivity == "high"
    assert "share of orders with a discount" in hunters.traits[0].text and "x the average customer" in hunters.traits[0].text
