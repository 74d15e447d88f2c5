"""The pure parts: the RFM grid, the latent-class model, the choice of k and its stability, persona
wording."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.analytics.segments.clustering import cluster_customers, informative_blocks
from regulars.analytics.segments.latent_class import LatentClassModel
from regulars.analytics.segments.personas import FeatureFrame, persona_cards
from regulars.analytics.segments.rfm_grid import (
    SEGMENT_NAMES,
    check_grid,
    fm_score,
    quintile_score,
    segment_for,
)


def test_grid_covers_every_cell_once_with_eleven_segments():
    grid = check_grid()
    assert len(grid) == 25 and set(grid.values()) == set(SEGMENT_NAMES) and len(SEGMENT_NAMES) == 11
    assert (
        segment_for(5, 5) == "Champions"
        and segment_for(1, 1) == "Lost"
        and segment_for(1, 5) == "Cannot lose them"
    )
    assert fm_score(1, 2) == 2 and fm_score(4, 5) == 5


def test_quintile_score_matches_pandas_qcut():
    import pandas as pd

    values = np.random.default_rng(7).lognormal(3, 1, 1001).round(1)
    cuts = tuple(np.quantile(values, [0.2, 0.4, 0.6, 0.8]))
    expected = pd.qcut(values, 5, labels=False) + 1
    assert [quintile_score(v, cuts) for v in values] == list(expected)
    assert quintile_score(cuts[1], cuts) == 2  # a value on a cut point takes the lower score


#: Dayton (1998), Latent Class Scaling Analysis, table 3.2: pleural thickening read by three
#: raters (A, B, C; 1 = yes,
#: 2 = no), 1,692 chest X-rays. The unconstrained two-class model as fitted by LEM (UCLA ATS "LEM
#: textbook
#: examples", lc_scaling_analysis): log-likelihood -891.14280, class sizes 0.9455 / 0.0545,
#: P(rater says 1 | class).
DAYTON_PATTERNS = {
    (1, 1, 1): 1513,
    (1, 1, 2): 23,
    (1, 2, 1): 59,
    (1, 2, 2): 12,
    (2, 1, 1): 21,
    (2, 1, 2): 19,
    (2, 2, 1): 11,
    (2, 2, 2): 34,
}
DAYTON_LEM = {
    "log_likelihood": -891.14280,
    "sizes": (0.9455, 0.0545),
    "p_yes": ((0.9900, 0.9646, 0.9891), (0.2510, 0.3566, 0.2350)),
}


def _dayton_blocks() -> list[np.ndarray]:
    rows = [pattern for pattern, n in DAYTON_PATTERNS.items() for _ in range(n)]
    return [np.eye(2)[[r[item] - 1 for r in rows]] for item in range(3)]


def test_latent_class_matches_dayton_1998_lem():
    blocks = _dayton_blocks()
    model = LatentClassModel(
        2, prior=0.0, restarts=3, max_iter=20_000, tol=1e-13, random_state=1
    ).fit(blocks)
    assert abs(model.log_likelihood_ - DAYTON_LEM["log_likelihood"]) < 1e-3
    big = int(np.argmax(model.weights_))
    order = [big, 1 - big]
    assert np.allclose(model.weights_[order], DAYTON_LEM["sizes"], atol=5e-4)
    p_yes = np.array(
        [[np.exp(model.log_probabilities_[item][c, 0]) for item in range(3)] for c in order]
    )
    assert np.allclose(p_yes, DAYTON_LEM["p_yes"], atol=5e-4)
    assert abs(model.score(blocks) - DAYTON_LEM["log_likelihood"]) < 1e-3


def test_weights_are_the_same_as_repeated_customers():
    blocks = [b[::40] for b in _dayton_blocks()]
    twice = LatentClassModel(2, random_state=3).fit([np.vstack([b, b, b]) for b in blocks])
    weighted = LatentClassModel(2, random_state=3).fit(
        blocks, sample_weight=np.full(len(blocks[0]), 3.0)
    )
    assert abs(twice.log_likelihood_ - weighted.log_likelihood_) < 1e-6
    assert np.allclose(np.sort(twice.weights_), np.sort(weighted.weights_))


def _shop(rng, groups: list[tuple[int, float, float]]) -> tuple[list[np.ndarray], np.ndarray]:
    """Customers as count blocks: (size, P(discount), P(gift season)) per group, 1-8 orders each."""
    kinds, disc, hol, truth = [], [], [], []
    for g, (size, p_disc, p_hol) in enumerate(groups):
        orders = rng.integers(1, 9, size)
        d, h = rng.binomial(orders, p_disc), rng.binomial(orders, p_hol)
        kinds.append(orders[:, None].astype(float))
        disc.append(np.column_stack([d, orders - d]))
        hol.append(np.column_stack([h, orders - h]))
        truth += [g] * size
    return [np.vstack(kinds), np.vstack(disc), np.vstack(hol)], np.array(truth)


def test_icl_finds_three_planted_groups_and_labels_them():
    from sklearn.metrics import adjusted_rand_score

    blocks, truth = _shop(
        np.random.default_rng(2), [(600, 0.05, 0.15), (200, 0.8, 0.2), (200, 0.1, 0.9)]
    )
    result = cluster_customers(blocks, seed=0)
    assert result.k == 3 and result.stable and set(result.criterion_by_k) == set(range(2, 11))
    assert min(result.criterion_by_k, key=result.criterion_by_k.get) == 3
    assert adjusted_rand_score(truth, result.labels) > 0.8


def test_constant_blocks_are_left_out_and_tiny_inputs_refused():
    blocks, _ = _shop(np.random.default_rng(3), [(50, 0.1, 0.1)])
    assert (
        len(informative_blocks(blocks)) == 2
    )  # every order is of one kind: that block says nothing
    with pytest.raises(ValueError, match="at least 4"):
        cluster_customers([b[:3] for b in blocks])
    with pytest.raises(ValueError, match="do not differ"):
        cluster_customers([np.ones((10, 1))])
    with pytest.raises(ValueError, match="negative"):
        LatentClassModel(2).fit([-np.ones((10, 2))])


def test_clear_groups_are_found_stable_and_described():
    rng = np.random.default_rng(1)
    blocks, truth = _shop(rng, [(300, 0.03, 0.2), (100, 0.85, 0.2)])
    result = cluster_customers(blocks, seed=0)
    assert result.k == 2 and result.stable
    orders = blocks[0][:, 0]
    x = np.column_stack([blocks[1][:, 0] / orders, orders])
    frame = FeatureFrame(("discount_share", "orders"), x, np.ones(len(x)))
    cards = persona_cards(frame, result.labels)
    hunters = max(cards, key=lambda c: c.discount_share)
    assert abs(hunters.customers - 100) <= 5
    assert hunters.name == "Discount hunters" and hunters.discount_sensitivity == "high"
    assert (
        "share of orders with a discount" in hunters.traits[0].text
        and "x the average customer" in hunters.traits[0].text
    )
