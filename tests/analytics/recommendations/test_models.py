"""The recommendation models on generated data with known structure: a planted co-purchase pair
is found by every similarity, a customer's favourite comes first in "buy again", ALS and BPR
recover two taste groups, and on data without any structure the backtest keeps popularity."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from regulars.analytics.recommendations import Interactions, Split, backtest, make, top_k
from regulars.analytics.recommendations.similarity import bm25_weight, similarity


def _rows(pairs, days=None):
    users = [u for u, _ in pairs]
    items = [i for _, i in pairs]
    days = days or [10.0] * len(pairs)
    return Interactions.from_rows(users, items, [1] * len(pairs), days, days, 100.0)


def _groups(seed=0, users=400, items=40):
    """Two taste groups: group A buys from items 0-19, group B from 20-39."""
    rng = np.random.default_rng(seed)
    pairs = []
    for u in range(users):
        lo = 0 if u % 2 == 0 else items // 2
        for i in rng.choice(items // 2, 5, replace=False):
            pairs.append((f"u{u:04d}", f"i{lo + i:03d}"))
    return pairs


def test_similarities_on_a_hand_counted_example():
    # customers: a buys {x, y}, b buys {x, y}, c buys {x}, d buys {z}
    data = _rows([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("c", "x"), ("d", "z")])
    x, y = data.item_index(["x", "y"])
    b = data.binary()
    assert similarity(b, "cosine")[x, y] == pytest.approx(2 / np.sqrt(3 * 2))
    assert similarity(b, "jaccard")[x, y] == pytest.approx(2 / (3 + 2 - 2))
    assert similarity(b, "lift")[x, y] == pytest.approx(2 / (3 * 2))
    z = data.item_index(["z"])[0]
    assert similarity(b, "cosine")[x, z] == 0


def test_bm25_matches_its_formula():
    x = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]))
    w = bm25_weight(x, k1=1.2, b=0.75).toarray()
    idf = np.log(3) - np.log1p(2)
    norm = 0.25 + 0.75 * np.array([1, 2, 1]) / (4 / 3)
    assert w[1, 0] == pytest.approx(2.2 / (1.2 * norm[1] + 1) * idf)
    assert w[0, 0] == pytest.approx(2.2 / (1.2 * norm[0] + 1) * idf)


@pytest.mark.parametrize("name", ["cosine", "jaccard", "bm25", "sar"])
def test_co_purchase_finds_the_planted_pair(name):
    rng = np.random.default_rng(1)
    pairs = [(f"u{u}", f"i{i:02d}") for u in range(300) for i in rng.choice(30, 3, replace=False)]
    pairs += [(f"d{u}", "dripper") for u in range(60)]
    pairs += [(f"d{u}", "filters") for u in range(45)]
    data = _rows(pairs)
    model = make(name).fit(data)
    dripper = data.item_index(["dripper"])[0]
    best = top_k(
        model.related([dripper]),
        1,
        sp.csr_matrix(([1.0], ([0], [dripper])), shape=(1, data.shape[1])),
    )[0]
    assert data.items[best[0, 0]] == "filters"
    someone = data.user_index(["d50"])  # bought the dripper only
    top = top_k(model.score(someone), 1, data.binary()[someone])[0]
    assert data.items[top[0, 0]] == "filters"
    if name != "sar":
        assert model.reasons(int(someone[0]), [top[0, 0]], data.items) == [
            "because you bought dripper"
        ]


def test_buy_again_puts_the_customer_s_own_reorder_first():
    # "fav" bought 6 times, every ~28 days, last 28 days ago: due now
    users, items, n, first, last = ["a", "a", "b"], ["fav", "other", "fav"], [6, 1, 1], [], []
    first, last = [0.0, 90.0, 50.0], [140.0, 90.0, 50.0]
    data = Interactions.from_rows(users, items, n, first, last, now=168.0)
    model = make("buy_again").fit(data)
    row = data.user_index(["a"])[0]
    top = top_k(model.score([row]), 2)[0][0]
    assert data.items[top[0]] == "fav"
    assert model.reason(row, int(top[0]), data.items) == (
        "you usually reorder every ~4 weeks (6 orders so far)"
    )


@pytest.mark.parametrize("name", ["als", "bpr"])
def test_factorisation_recovers_two_taste_groups(name):
    data = _rows(_groups())
    model = make(name).fit(data)
    rows = np.arange(data.shape[0])
    top = top_k(model.score(rows), 5, data.binary())[0]
    group_a = np.array([int(u[1:]) % 2 == 0 for u in data.users])
    in_first_half = np.array([[int(data.items[i][1:]) < 20 for i in r] for r in top])
    right = np.where(group_a[:, None], in_first_half, ~in_first_half)
    assert right.mean() > 0.9


def test_backtest_prefers_a_model_where_there_is_structure():
    pairs = _groups(seed=2)
    train = _rows(pairs[: len(pairs) * 4 // 5])
    later = pairs[len(pairs) * 4 // 5 :] + _groups(seed=3)
    split = Split.of("t", train, [u for u, _ in later], [i for _, i in later])
    choice = backtest([split], "home", k=5)
    assert choice.chosen != "popularity" and choice.enough_data
    best = next(s for s in choice.scores if s.model == choice.chosen)
    assert best.lift_low > 0 and "beat bestsellers" in choice.explanation


def test_backtest_keeps_popularity_when_nothing_beats_it():
    rng = np.random.default_rng(4)
    weights = np.linspace(3, 0.2, 30) ** 2
    weights /= weights.sum()

    def draw(users):
        return [(f"u{u}", f"i{i:02d}") for u in range(users)
                for i in rng.choice(30, 3, replace=False, p=weights)]  # fmt: skip

    train, test = _rows(draw(600)), draw(600)
    split = Split.of("t", train, [u for u, _ in test], [i for _, i in test])
    choice = backtest([split], "home", k=5, models=("popularity", "cosine", "jaccard", "als"))
    assert choice.chosen == "popularity"
    assert "no model beat bestsellers" in choice.explanation


def test_too_little_data_says_so_and_uses_popularity():
    train = _rows([("a", "x"), ("b", "y")])
    split = Split.of("t", train, ["a"], ["y"])
    choice = backtest([split], "email", k=3)
    assert choice.chosen == "popularity" and not choice.enough_data
    assert choice.explanation.startswith("Too little data to tell")
