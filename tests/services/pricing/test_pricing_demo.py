"""The demo's planted price responses (``demo.prices``) read back from the imported demo shop:
the 95% intervals cover the planted elasticities, every category with planted products leans the
planted way, the bag whose price only wobbled is refused with a price test, and the products whose
price never moved get no invented number."""

from __future__ import annotations

from regulars.services import pricing


def test_intervals_cover_the_planted_elasticities(demo_workspace, demo_truths):
    planted = demo_truths["pricing"]["elasticities"]
    est = {p.product_id: p for p in pricing.elasticities(demo_workspace).products}
    assert len(planted) == 10 and all(est[p].refused is None for p in planted)
    covered = [p for p, b in planted.items() if est[p].low <= b <= est[p].high]
    assert len(covered) >= 9, {p: (est[p].low, b, est[p].high) for p, b in planted.items()}
    beans = [p for p in planted if est[p].category == "beans"]
    assert all(est[p].high < -0.5 for p in beans)  # clearly elastic, as planted (-1.4 to -1.9)


def test_each_planted_category_leans_the_planted_way(demo_workspace, demo_truths):
    means = demo_truths["pricing"]["category_mean"]
    cats = {c.category: c for c in pricing.elasticities(demo_workspace).categories}
    for name, mean in means.items():
        c = cats[name]
        assert c.elasticity is not None and c.elasticity < 0, c.explanation
        assert abs(c.elasticity - mean) < 0.6, (name, c.elasticity, mean)
    assert cats["subscriptions"].elasticity is None  # no subscription price ever moved


def test_the_bag_whose_price_only_wobbled_is_refused_with_a_test(demo_workspace, demo_truths):
    (wobble,) = demo_truths["pricing"]["refused"]
    assert 0 < demo_truths["pricing"]["price_moves"][wobble] < 0.03
    p = pricing.elasticities(demo_workspace).product(wobble)
    assert p.elasticity is None and p.low is None
    assert p.refused == "your prices moved less than 3%: run a price test"
    t = pricing.price_test(demo_workspace, wobble)
    assert len(t.arms_cents) == 3 and t.days > 0
    s = pricing.suggestions(demo_workspace, (wobble,))
    assert s.suggestions[0].price_cents is None
    assert "run a price test" in s.suggestions[0].explanation


def test_products_whose_price_never_moved_get_no_number(demo_workspace, demo_truths):
    moved = set(demo_truths["pricing"]["price_moves"])
    still = [p for p in pricing.elasticities(demo_workspace).products if p.product_id not in moved]
    assert len(still) > 30
    assert all(p.elasticity is None and p.refused for p in still)
