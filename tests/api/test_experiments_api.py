"""Experiments and campaigns over the REST API and the dashboard, on the small demo shop."""

from __future__ import annotations

import pytest

EXPERIMENT_ROUTES = {
    ("get", "/api/v1/experiments"),
    ("post", "/api/v1/experiments"),
    ("post", "/api/v1/experiments/plan"),
    ("post", "/api/v1/experiments/{name}/assign"),
    ("get", "/api/v1/experiments/{name}/analysis"),
    ("get", "/api/v1/experiments/{name}/timeline"),
    ("post", "/api/v1/experiments/analysis"),
    ("get", "/api/v1/campaigns"),
    ("get", "/api/v1/campaigns/attribution"),
    ("get", "/api/v1/campaigns/monitor"),
}


def test_routes_are_offered(shop):
    paths = shop.client.app.openapi()["paths"]
    offered = {(m, p) for p, ops in paths.items() for m in ops}
    assert EXPERIMENT_ROUTES <= offered


def test_list_analyse_and_timeline(shop):
    listed = shop.get("/api/v1/experiments", "viewer").json()
    banner = next(e for e in listed if e["name"].startswith("Free-shipping"))
    r = shop.get(
        f"/api/v1/experiments/{banner['experiment_id']}/analysis"
        "?metric=converted&metric=revenue&guardrail=refunded",
        "viewer",
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"]["headline"] and {c["metric"] for c in body["comparisons"]} == {
        "converted_14d",
        "revenue_14d",
        "refunded_14d",
    }
    assert body["srm"]["message"]
    assert {c["scale"] for c in body["comparisons"] if c["control_mean"]} == {"relative"}
    absolute = shop.get(
        f"/api/v1/experiments/{banner['experiment_id']}/analysis?metric=converted&scale=absolute"
        "&pooled=true",
        "viewer",
    ).json()
    c = absolute["comparisons"][0]
    assert c["scale"] == "absolute" and "pooled" in c["method"]
    assert c["estimate"] == pytest.approx(c["treatment_mean"] - c["control_mean"])
    bad = shop.get(f"/api/v1/experiments/{banner['experiment_id']}/analysis?scale=log")
    assert bad.status_code == 422
    t = shop.get(f"/api/v1/experiments/{banner['experiment_id']}/timeline", "viewer").json()
    assert t["days"] and t["metric"] == "converted_14d"
    assert shop.get("/api/v1/experiments/nope/analysis").status_code == 404


def test_plan_and_summaries(shop):
    r = shop.client.post(
        "/api/v1/experiments/plan",
        headers=shop.headers("viewer"),
        json={"baseline": 0.15, "mde": 0.05, "daily_traffic": 200},
    )
    assert r.status_code == 200 and r.json()["design"]["per_arm"] == 903
    rows = [
        {"arm": "control", "n": 1000, "conversions": 100},
        {"arm": "treatment", "n": 1000, "conversions": 130},
    ]
    r = shop.client.post(
        "/api/v1/experiments/analysis", headers=shop.headers("viewer"), json={"rows": rows}
    )
    assert r.status_code == 200, r.text
    assert r.json()["comparisons"][0]["estimate"] == pytest.approx(0.3)  # relative by default
    r = shop.client.post(
        "/api/v1/experiments/analysis",
        headers=shop.headers("viewer"),
        json={"rows": rows, "scale": "absolute"},
    )
    assert r.json()["comparisons"][0]["estimate"] == pytest.approx(0.03)


def test_create_and_assign_need_an_analyst(shop):
    body = {"name": "Hero image", "arms": "control:0.5,treatment:0.5", "holdout": 0.1}
    assert (
        shop.client.post(
            "/api/v1/experiments", headers=shop.headers("viewer"), json=body
        ).status_code
        == 403
    )
    r = shop.client.post("/api/v1/experiments", headers=shop.headers("analyst"), json=body)
    assert r.status_code == 201 and r.json()["arms"] == "control:0.45,treatment:0.45,holdout:0.1"
    a = shop.client.post(
        "/api/v1/experiments/Hero image/assign",
        headers=shop.headers("analyst"),
        json={"customers": "all"},
    )
    assert a.status_code == 200 and a.json()["assigned_now"] > 0
    again = shop.client.post(
        "/api/v1/experiments/Hero image/assign", headers=shop.headers("analyst"), json={}
    )
    assert again.json()["assigned_now"] == 0
    assert (
        shop.client.post(
            "/api/v1/experiments", headers=shop.headers("analyst"), json=body
        ).status_code
        == 422
    )


def test_campaigns_with_attribution(shop):
    r = shop.get("/api/v1/campaigns?model=markov&window_days=7", "viewer")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"] == "markov" and body["campaigns"] and "not causation" in body["note"]
    total = body["attribution"]["total_conversions"]
    assert abs(sum(c["attributed_conversions"] for c in body["campaigns"]) - total) < 1e-6
    assert shop.get("/api/v1/campaigns?model=u-shaped").status_code == 422
    assert shop.get("/api/v1/campaigns/attribution").json()["models"]
    assert "running" in shop.get("/api/v1/campaigns/monitor?at=2025-06-10").json()


def test_dashboard_pages(shop):
    shop.log_in("viewer")
    page = shop.client.get("/experiments")
    assert page.status_code == 200 and "Free-shipping" in page.text
    exp_id = shop.get("/api/v1/experiments").json()[0]["experiment_id"]
    detail = shop.client.get(f"/experiments/{exp_id}")
    assert (
        detail.status_code == 200
        and 'id="verdict"' in detail.text
        and "/assets/plotly.min.js" in detail.text
    )
    assert 'name="scale"' in detail.text and "relative scale" in detail.text
    banner = next(e for e in shop.get("/api/v1/experiments").json() if "Free-shipping" in e["name"])
    page = shop.client.get(f"/experiments/{banner['experiment_id']}?scale=absolute&pooled=true")
    effects = page.text.split('id="effects"')[1].split("</table>")[0]
    assert page.status_code == 200 and " pts</td>" in effects  # a rate difference in points
    assert "absolute scale" in page.text and "pooled" in page.text
    relative = shop.client.get(f"/experiments/{banner['experiment_id']}").text
    rel_effects = relative.split('id="effects"')[1].split("</table>")[0]
    assert "%</td>" in rel_effects and " pts" not in rel_effects
    assert shop.client.get(f"/experiments/{banner['experiment_id']}?scale=log").status_code == 422
    assert "treatment minus control, points" in relative  # a rate's cumulative effect in points
    subject = next(e for e in shop.get("/api/v1/experiments").json() if "Subject" in e["name"])
    one_day = shop.client.get(f"/experiments/{subject['experiment_id']}").text
    assert "everyone started this day" in one_day  # one day of exposure: a day axis, not hours
    camp = shop.client.get("/campaigns?model=linear")
    assert (
        camp.status_code == 200
        and 'id="campaigns"' in camp.text
        and "chart-attribution" in camp.text
    )


def test_calculator_page_reaches_weights_scale_priors_and_adjusted_p_values(empty_shop):
    """The page does what ``--stats`` and ``experiment adjust`` do: a correct 75/25 split is no
    mismatch; GrowthBook's test_two_sided_ttest_absolute (0.29, CI 0.04538 to 0.53462) in the
    shown units; Holm over p-values."""
    empty_shop.log_in("viewer")
    assert empty_shop.client.get("/experiments/calculator").status_code == 200
    split = "arm,n,conversions\ncontrol,7500,750\ntreatment,2500,300\n"
    page = empty_shop.client.get(
        "/experiments/calculator",
        params={"summaries": split, "weights": "75,25", "scale": "absolute"},
    )
    assert page.status_code == 200 and "No sample ratio mismatch" in page.text
    assert "+2.0 pts" in page.text  # 12% against 10%: a rate difference in points
    means = (
        "arm,n,sum,sum_squares\ncontrol,3407,1396.87,52377.9767\ntreatment,3461,2422.7,134698.29"
    )
    absolute = empty_shop.client.get(
        "/experiments/calculator", params={"summaries": means, "scale": "absolute"}
    ).text
    assert "+0.29</td>" in absolute and "+0.04538 to +0.5346" in absolute
    relative = empty_shop.client.get("/experiments/calculator", params={"summaries": means}).text
    assert "+70.7%</td>" in relative and "Not enough evidence yet" in relative
    adjusted = empty_shop.client.get(
        "/experiments/calculator", params={"p_values": "0.01 0.04 0.03 0.005"}
    ).text
    table = adjusted.split('id="adjusted"')[1]
    assert [c in table for c in ("0.03", "0.06", "0.02")] == [True, True, True]
    bad = empty_shop.client.get("/experiments/calculator", params={"summaries": "arm,x\na,1"})
    assert bad.status_code == 422 and "give the columns" in bad.text
