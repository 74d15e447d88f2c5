"""Prices and offers over the REST API (demo shop of tests/api/conftest.py): the demo's fixed
prices are refused with a price test, the offer plan never names people, bad input is a 422."""

from __future__ import annotations

import pytest

READS = ["/api/v1/pricing/elasticity", "/api/v1/pricing/suggestions", "/api/v1/offers/plan",
         "/api/v1/offers/audit"]  # fmt: skip


@pytest.mark.parametrize("path", READS)
def test_viewer_reads_and_strangers_do_not(shop, path):
    assert shop.client.get(path).status_code == 401
    assert shop.get(path, "viewer").status_code == 200


def test_elasticity_refuses_what_the_data_cannot_tell_and_designs_a_test(shop):
    body = shop.get("/api/v1/pricing/elasticity", "viewer").json()
    refused = [p for p in body["products"] if p["elasticity"] is None]
    assert refused and all("run a price test" in p["refused"] for p in refused)
    pid = refused[0]["product_id"]
    test = shop.get(f"/api/v1/pricing/tests/{pid}", "viewer").json()
    assert len(test["arms_cents"]) == 3 and "alternate the price daily" in test["explanation"]
    assert shop.get("/api/v1/pricing/tests/NOPE", "viewer").status_code == 404
    assert shop.get(f"/api/v1/pricing/tests/{pid}?step=2", "viewer").status_code == 422


def test_the_offer_plan_counts_groups_and_names_nobody(shop):
    body = shop.get("/api/v1/offers/plan?holdout=0.2", "viewer").json()
    assert "assignments" not in body and body["groups"]
    assert sum(g["customers"] for g in body["groups"]) == body["customers"]
    assert body["offered"] <= body["customers"] - body["held_out"]
    assert {d["attribute"] for d in body["audit"]["disparities"]} >= {"region", "segment"}


def test_a_logged_offer_test_is_evaluated_against_its_holdout(shop):
    from regulars.demo import generate

    log = generate(customers=300, seed=11).offer_log.to_pylist()  # the shop's own offer test

    def post(rows):
        return shop.client.post("/api/v1/offers/evaluate", headers=shop.headers("viewer"),
                                json=rows)  # fmt: skip

    body = post(log).json()
    inc = body["incrementality"]
    assert body["policy"]["customers"] > 100 and "doubly robust" in body["policy"]["explanation"]
    assert inc["any_offer"]["held_out"] > 0 and inc["explanation"].startswith("Any offer")
    bad = [{"customer_id": log[0]["customer_id"], "offer": "pct50", "propensity": 0.5}]
    answer = post(bad)
    assert answer.status_code == 422 and "pct50" in answer.text
    assert post([{"offer": "x"}]).status_code == 422
