"""Recommendations over the REST API and the dashboard (demo shop of tests/api/conftest.py): fit
needs an analyst, the lists answer with reasons, unknown ids are 404 problems, the page shows the
backtest table and the customer profile shows their list; the email export is a proposal."""

from __future__ import annotations

import re


def _fit(shop):
    response = shop.client.post(
        "/api/v1/recommendations/fit", json={"cutoffs": 2}, headers=shop.headers("analyst")
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_before_fitting_the_lists_are_not_found(shop):
    missing = shop.get("/api/v1/customers/C000001/recommendations")
    assert missing.status_code == 404 and "regulars recommend fit" in missing.json()["detail"]
    assert shop.get("/api/v1/recommendations").json()["fitted"] is False


def test_fit_needs_an_analyst_and_answers_the_backtest(shop):
    denied = shop.client.post(
        "/api/v1/recommendations/fit", json={}, headers=shop.headers("viewer")
    )
    assert denied.status_code == 403
    body = _fit(shop)
    assert [p["placement"] for p in body["placements"]] == ["home", "email", "product"]
    assert all(p["scores"][0]["model"] == "popularity" for p in body["placements"])
    bad = shop.client.post(
        "/api/v1/recommendations/fit", json={"k": 99}, headers=shop.headers("analyst")
    )
    assert bad.status_code == 422


def test_customer_and_product_lists(shop):
    _fit(shop)
    overview = shop.get("/api/v1/recommendations", "viewer").json()
    customer = overview["examples"][0]["customer_id"]
    got = shop.get(f"/api/v1/customers/{customer}/recommendations?k=3&placement=email").json()
    assert got["placement"] == "email" and len(got["items"]) == 3
    assert all(item["reason"] for item in got["items"])
    product = got["items"][0]["product_id"]
    related = shop.get(f"/api/v1/products/{product}/related?k=4").json()
    assert related["product_id"] == product and product not in [
        i["product_id"] for i in related["items"]
    ]
    assert shop.get("/api/v1/customers/NOPE/recommendations").status_code == 404
    assert shop.get("/api/v1/products/NOPE/related").status_code == 404
    assert shop.get(f"/api/v1/customers/{customer}/recommendations?k=0").status_code == 422
    assert shop.get(f"/api/v1/customers/{customer}/recommendations?placement=x").status_code == 422


def test_rules_read_and_change(shop):
    assert shop.get("/api/v1/recommendations/rules").json()["max_per_category"] == 4
    changed = shop.client.put(
        "/api/v1/recommendations/rules",
        json={"pin": ["P036"], "max_per_category": 2},
        headers=shop.headers("analyst"),
    )
    assert changed.status_code == 200 and changed.json()["pinned"] == ["P036"]
    unknown = shop.client.put(
        "/api/v1/recommendations/rules", json={"block": ["NOPE"]}, headers=shop.headers("owner")
    )
    assert unknown.status_code == 404


def test_dashboard_page_and_profile(shop):
    shop.log_in("analyst")
    empty = shop.client.get("/recommendations")
    assert empty.status_code == 200 and 'id="recommendations-empty"' in empty.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', empty.text).group(1)
    page = shop.client.post("/recommendations/fit", data={"csrf_token": token},
                            follow_redirects=True)  # fmt: skip
    assert page.status_code == 200 and "Recommendations fitted and saved" in page.text
    assert 'id="backtest-home"' in page.text and "popularity" in page.text
    customer = re.search(r'href="/customers/([^"]+)"', page.text).group(1)
    profile = shop.client.get(f"/customers/{customer}")
    assert 'id="customer-recommendations"' in profile.text
