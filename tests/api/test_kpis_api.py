"""KPIs over the REST API (demo shop of tests/api/conftest.py): every route, roles, problems."""

from __future__ import annotations

import pytest

from regulars.services.kpis import KPIS

READS = [
    "/api/v1/kpis",
    "/api/v1/kpis/revenue/history",
    "/api/v1/improvements",
    "/api/v1/cohorts",
    "/api/v1/alerts",
    "/api/v1/competitors",
    "/api/v1/targets",
]


@pytest.mark.parametrize("path", READS)
def test_viewer_reads_and_strangers_do_not(shop, path):
    assert shop.client.get(path).status_code == 401
    response = shop.get(path, "viewer")
    assert response.status_code == 200, response.text


def test_kpis_report_with_each_comparison(shop):
    for compare in ("previous", "last-year", "target", "benchmark"):
        body = shop.get(f"/api/v1/kpis?period=month&compare={compare}", "viewer").json()
        assert (
            body["compare"] == compare
            and body["period"] == "month"
            and len(body["kpis"]) == len(KPIS)
        )
    revenue = next(k for k in body["kpis"] if k["key"] == "revenue")
    assert (
        revenue["value"] > 0 and len(revenue["spark"]) == 12 and revenue["good_direction"] == "up"
    )
    missing = [k for k in body["kpis"] if k["value"] is None]
    assert all(
        k["missing_data"] and k["value_text"] == "–" for k in missing
    )  # a reason, never a zero
    previous = shop.get("/api/v1/kpis?compare=previous").json()
    rev = next(k for k in previous["kpis"] if k["key"] == "revenue")
    assert rev["delta"] == pytest.approx(rev["value"] - rev["comparison_value"])
    assert rev["is_good"] == (rev["delta"] > 0) and rev["change_text"]


def test_kpis_benchmark_vertical_and_bad_input(shop):
    body = shop.get("/api/v1/kpis?compare=benchmark&vertical=food-and-beverage").json()
    assert body["vertical"] == "food-and-beverage"
    assert any(k["source"] for k in body["kpis"])  # cited
    for bad in ("compare=sideways", "period=fortnight", "compare=benchmark&vertical=moon-mining"):
        response = shop.get(f"/api/v1/kpis?{bad}")
        assert response.status_code == 422 and response.headers["content-type"].startswith(
            "application/problem+json"
        )


def test_history_of_one_kpi(shop):
    body = shop.get("/api/v1/kpis/aov/history?period=quarter&periods=4", "viewer").json()
    assert (
        body["key"] == "average_order_value"
        and body["period"] == "quarter"
        and 1 <= len(body["points"]) <= 4
    )
    assert all({"period_start", "label", "value", "sample"} <= p.keys() for p in body["points"])
    assert shop.get("/api/v1/kpis/happiness/history").status_code == 404


def test_improvements_cohorts_alerts_competitors(shop):
    plan = shop.get("/api/v1/improvements").json()
    assert plan["month"] and isinstance(plan["areas"], list)
    money = [a["monthly_cents"] for a in plan["areas"] if a["monthly_cents"] is not None]
    assert money == sorted(money, reverse=True)
    assert all(a["arithmetic"] and a["assumes"] for a in plan["areas"] if a["monthly_cents"])
    cohorts = shop.get("/api/v1/cohorts?months=6").json()
    assert (
        1 <= len(cohorts["cohorts"]) <= 6 and cohorts["cohorts"][0]["cells"][0]["retention"] == 1.0
    )
    alerts = shop.get("/api/v1/alerts?period=month").json()
    assert alerts["period"] == "month" and all(a["first_seen_at"] for a in alerts["alerts"])
    again = shop.get("/api/v1/alerts").json()["alerts"]
    assert [a["alert_id"] for a in again] == [a["alert_id"] for a in alerts["alerts"]] and not any(
        a["new"] for a in again
    )
    competitors = shop.get("/api/v1/competitors").json()
    assert "method" in competitors and isinstance(competitors["competitors"], list)


def test_targets_need_an_analyst_to_set(shop):
    body = {"kpi": "repeat_rate", "target": 35, "period": "month", "note": "spring push"}
    assert (
        shop.client.put("/api/v1/targets", json=body, headers=shop.headers("viewer")).status_code
        == 403
    )
    saved = shop.client.put("/api/v1/targets", json=body, headers=shop.headers("analyst"))
    assert saved.status_code == 200, saved.text
    assert saved.json()["target"] == pytest.approx(0.35)
    listed = shop.get("/api/v1/targets", "viewer").json()
    assert ("repeat_rate", "month", "spring push") in [
        (t["kpi"], t["period"], t["note"]) for t in listed["targets"]
    ]
    assert {k["key"] for k in listed["kpis"]} == {k.key for k in KPIS}
    report = shop.get("/api/v1/kpis?compare=target").json()
    repeat = next(k for k in report["kpis"] if k["key"] == "repeat_rate")
    assert repeat["comparison_value"] == pytest.approx(0.35)
    unknown = shop.client.put(
        "/api/v1/targets", json={**body, "kpi": "vibes"}, headers=shop.headers("analyst")
    )
    assert unknown.status_code == 422


def test_overview_json_carries_the_kpi_tiles(shop):
    body = shop.get("/api/v1/overview", "viewer").json()
    kpis = body["kpis"]
    assert [t["key"] for t in kpis["tiles"]][:2] == ["revenue", "orders"] and kpis["period_label"]
    assert len(kpis["improvements"]) <= 3 and len(kpis["alerts"]) <= 5
    report = shop.get("/api/v1/kpis").json()
    assert kpis["tiles"][0] == next(k for k in report["kpis"] if k["key"] == "revenue")


def test_empty_workspace_kpis(empty_shop):
    body = empty_shop.get("/api/v1/kpis").json()
    assert all(k["value"] is None and k["missing_data"] for k in body["kpis"])
    assert empty_shop.get("/api/v1/improvements").json() == {"month": "", "areas": []}
    assert empty_shop.get("/api/v1/cohorts").json()["cohorts"] == []
    assert empty_shop.get("/api/v1/alerts").json()["alerts"] == []
    assert empty_shop.get("/api/v1/competitors").json()["competitors"] == []
    assert empty_shop.get("/api/v1/overview").json()["kpis"] == {
        "period_label": None,
        "tiles": [],
        "alerts": [],
        "improvements": [],
    }
