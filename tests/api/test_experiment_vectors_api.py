"""Published experiment vectors reproduced through the REST API (summaries, plan, adjust)."""

from __future__ import annotations

import pytest

# growthbook/growthbook packages/stats/tests/frequentist/test_tests.py, TestTwoSidedTTest inputs
GB_ROWS = [
    {"arm": "control", "n": 3407, "sum": 1396.87, "sum_squares": 52377.9767},
    {"arm": "treatment", "n": 3461, "sum": 2422.7, "sum_squares": 134698.29},
]


def _post(shop, path: str, body: dict):
    r = shop.client.post(f"/api/v1/experiments/{path}", headers=shop.headers("viewer"), json=body)
    assert r.status_code == 200, r.text
    return r.json()


def _r5(c: dict) -> list[float]:
    return [round(c[k], 5) for k in ("estimate", "ci_low", "ci_high", "p_value")]


def test_growthbook_two_sided_ttest_relative_and_absolute_over_the_api(empty_shop):
    """growthbook ... test_two_sided_ttest: relative ci [-0.03526, 1.44989], p 0.06191;
    test_two_sided_ttest_absolute: 0.29, ci [0.04538, 0.53462], p 0.02016."""
    rel = _post(empty_shop, "analysis", {"rows": GB_ROWS})
    assert _r5(rel["comparisons"][0]) == [round(0.29 / 0.41, 5), -0.03526, 1.44989, 0.06191]
    assert rel["verdict"]["decision"] == "wait"
    ab = _post(empty_shop, "analysis", {"rows": GB_ROWS, "scale": "absolute"})
    assert _r5(ab["comparisons"][0]) == [0.29, 0.04538, 0.53462, 0.02016]
    assert ab["verdict"]["decision"] == "ship"


def test_growthbook_sequential_and_bayesian_over_the_api(empty_shop):
    """growthbook ... TestSequentialTTest (control n 3000, tuning 1000): ci [-0.55844, 1.56516];
    packages/stats/tests/bayesian/test_tests.py test_bayesian_gaussian_ab_test_informative (prior
    N(0.1, 0.1)): chance_to_win 0.92315."""
    rows = [dict(GB_ROWS[0], n=3000), GB_ROWS[1]]
    seq = _post(
        empty_shop, "analysis", {"rows": rows, "sequential": True, "planned_sample_size": 1000}
    )
    c = seq["comparisons"][0]
    assert [round(c["ci_low"], 5), round(c["ci_high"], 5)] == [-0.55844, 1.56516]
    small = [
        {"arm": "control", "n": 10, "sum": 100, "sum_squares": 1002.25},
        {"arm": "treatment", "n": 10, "sum": 105, "sum_squares": 1111.5},
    ]
    body = {"rows": small, "prior_mean": 0.1, "prior_variance": 0.1}
    assert round(_post(empty_shop, "analysis", body)["comparisons"][0]["chance_to_win"], 5) == (
        0.92315
    )


def test_weights_ratio_rows_and_omnibus_over_the_api(empty_shop):
    """A correct 75/25 split has p = 1 against its plan; R ?prop.test smokers: X-squared = 12.6,
    df = 3, p-value = 0.005585."""
    rows = [
        {"arm": "control", "n": 7500, "conversions": 750},
        {"arm": "treatment", "n": 2500, "conversions": 300},
    ]
    planned = _post(empty_shop, "analysis", {"rows": rows, "weights": [75, 25]})
    assert planned["srm"]["p_value"] == pytest.approx(1.0) and not planned["srm"]["flagged"]
    per_row = [dict(r, weight=w) for r, w in zip(rows, (0.75, 0.25))]
    assert _post(empty_shop, "analysis", {"rows": per_row})["srm"]["p_value"] == pytest.approx(1)
    smokers = [
        {"arm": a, "n": n, "conversions": x}
        for a, n, x in zip("abcd", (86, 93, 136, 82), (83, 90, 129, 70))
    ]
    (omnibus,) = _post(empty_shop, "analysis", {"rows": smokers})["omnibus"]
    assert round(omnibus["chi_square"], 1) == 12.6
    assert omnibus["p_value"] == pytest.approx(0.005585, abs=5e-7)
    ratio = [
        {"arm": r["arm"], "n": r["n"], "num_sum": r["sum"], "num_sum_squares": r["sum_squares"],
         "den_sum": r["n"], "den_sum_squares": r["n"], "num_den_sum_products": r["sum"]}
        for r in GB_ROWS
    ]  # fmt: skip
    c = _post(empty_shop, "analysis", {"rows": ratio})["comparisons"][0]
    assert c["statistic"] == "ratio" and _r5(c)[1:] == [-0.03526, 1.44989, 0.06191]
    bad = empty_shop.client.post(
        "/api/v1/experiments/analysis",
        headers=empty_shop.headers("viewer"),
        json={"rows": rows, "weights": [75]},
    )
    assert bad.status_code == 422 and "weight" in bad.text


def test_plan_and_adjust_over_the_api(empty_shop):
    """R ?power.t.test: power.t.test(power = .90, delta = 1) -> n = 22.02110, so 23; d = 0.5 ->
    64; evanmiller.org sample-size defaults (20%, +5 points) -> 1,030."""
    t = _post(empty_shop, "plan", {"metric": "mean", "baseline": 0, "mde": 1, "std_dev": 1,
                                   "power": 0.9})  # fmt: skip
    assert t["design"]["per_arm"] == 23
    half = _post(empty_shop, "plan", {"metric": "mean", "baseline": 0, "mde": 0.5, "std_dev": 1})
    assert half["design"]["per_arm"] == 64
    em = _post(empty_shop, "plan", {"baseline": 0.2, "mde": 0.05, "convention": "evan-miller"})
    assert em["design"]["per_arm"] == 1030
    adj = _post(empty_shop, "adjust", {"p_values": [0.01, 0.04, 0.03, 0.005], "correction": "bh"})
    assert adj["adjusted"] == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_growthbook_power_over_the_api(empty_shop):
    """growthbook packages/shared/test/power.test.ts: mean 10, variance 3909.9997749994377, lift
    5%, 400,000 users over 3 variations: power 0.52144, MDE 0.07027 (sequential 5,000: 0.20596,
    0.12821)."""
    body = {
        "metric": "mean",
        "baseline": 10,
        "std_dev": 3909.9997749994377**0.5,
        "mde": 0.05,
        "relative": True,
        "arms": 3,
        "sample_size": 400_000 / 3,
        "convention": "growthbook",
    }
    g = _post(empty_shop, "plan", body)["given_sample"]
    assert (round(g["power_for_mde"], 5), round(g["detectable_relative"], 5)) == (0.52144, 0.07027)
    s = _post(empty_shop, "plan", {**body, "sequential_tuning": 5000})["given_sample"]
    assert (round(s["power_for_mde"], 5), round(s["detectable_relative"], 5)) == (0.20596, 0.12821)


def test_r_poisson_test_over_the_api(empty_shop):
    """R: poisson.test(c(11, 21), c(800, 3011)) -> p-value = 0.07967, 95% CI 0.8584264 4.2772659."""
    rows = [
        {"arm": "control", "events": 21, "exposure": 3011},
        {"arm": "treatment", "events": 11, "exposure": 800},
    ]
    c = _post(empty_shop, "analysis", {"rows": rows, "weights": [3011, 800]})["comparisons"][0]
    assert c["p_value"] == pytest.approx(0.07967, abs=5e-6)
    assert (c["ci_low"] + 1, c["ci_high"] + 1) == pytest.approx((0.8584264, 4.2772659), abs=1e-7)


def test_posthog_proportion_and_ratio_over_the_api(empty_shop):
    """PostHog/posthog products/experiments/stats/tests/test_frequentist.py: proportion 62/1471
    against 87/1529 -> -0.25925, ci [-0.49475, -0.02376], p 0.030960; ratio -> 0.041333,
    ci [0.01378609, 0.0689], p 0.0032826 (to 4 places, as PostHog checks)."""
    rows = [
        {"arm": "control", "n": 1529, "conversions": 87},
        {"arm": "treatment", "n": 1471, "conversions": 62},
    ]
    body = _post(empty_shop, "analysis", {"rows": rows})
    c = body["comparisons"][0]
    got = [c[k] for k in ("estimate", "ci_low", "ci_high", "p_value")]
    assert got == pytest.approx((-0.25925, -0.49475, -0.02376, 0.03096), abs=5e-5)
    assert body["verdict"]["decision"] == "keep control"
    ratio = [
        {"arm": "control", "n": 1966, "num_sum": 94605.79858780127,
         "num_sum_squares": 10463129.505392816, "den_sum": 936, "den_sum_squares": 936,
         "num_den_sum_products": 94605.79858780127},
        {"arm": "treatment", "n": 2034, "num_sum": 99673.9364269569,
         "num_sum_squares": 11298745.182728939, "den_sum": 947, "den_sum_squares": 947,
         "num_den_sum_products": 99673.9364269569},
    ]  # fmt: skip
    c = _post(empty_shop, "analysis", {"rows": ratio})["comparisons"][0]
    got = [c[k] for k in ("estimate", "ci_low", "ci_high", "p_value")]
    assert got == pytest.approx((0.041333, 0.01378609, 0.0689, 0.0032826), abs=5e-5)
