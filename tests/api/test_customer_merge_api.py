"""Merging customers through the API (owner only) and the dashboard's action; the merged id's
orders follow the kept one; the customers list shows names, not derived ids."""

from __future__ import annotations

import re


def _two_customers(shop) -> tuple[dict, dict]:
    found = shop.get("/api/v1/customers?limit=2").json()["customers"]
    return found[0], found[1]


def test_merge_through_the_api(shop):
    keep, other = _two_customers(shop)
    assert shop.get("/api/v1/customers/duplicates", "analyst").status_code == 200
    body = {"keep": keep["customer_id"], "merge": [other["customer_id"]]}
    refused = shop.client.post(
        "/api/v1/customers/merge", json=body, headers=shop.headers("analyst")
    )
    assert refused.status_code == 403
    done = shop.client.post("/api/v1/customers/merge", json=body, headers=shop.headers())
    assert done.status_code == 200 and done.json()["merged"] == [other["customer_id"]]
    profile = shop.get(f"/api/v1/customers/{keep['customer_id']}").json()
    assert profile["summary"]["orders"] == keep["orders"] + other["orders"]
    assert shop.get(f"/api/v1/customers/{other['customer_id']}").status_code == 404
    missing = {"keep": keep["customer_id"], "merge": ["NOBODY-1"]}
    answer = shop.client.post("/api/v1/customers/merge", json=missing, headers=shop.headers())
    assert answer.status_code == 404


def test_merge_from_the_dashboard(shop):
    keep, other = _two_customers(shop)
    assert shop.log_in().status_code == 303
    page = shop.client.get(f"/customers/{keep['customer_id']}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "keep": keep["customer_id"], "merge": other["customer_id"]}
    done = shop.client.post("/customers/merge", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/customers?merged=1"
    listing = shop.client.get("/customers?merged=1")
    assert "Merged 1 customer ids" in listing.text
    first = re.search(r'<td><a href="/customers/[^"]+">([^<]+)</a></td>', listing.text).group(1)
    assert first != keep["customer_id"] and first.strip()  # a name or an email
