"""Customer lifetime value over the REST API and the dashboard (demo shop of
tests/api/conftest.py)."""

from __future__ import annotations

import re


def test_fit_needs_an_analyst_and_saves_the_model(shop):
    assert (
        shop.client.post("/api/v1/clv/fit", json={}, headers=shop.headers("viewer")).status_code
        == 403
    )
    response = shop.client.post(
        "/api/v1/clv/fit",
        json={"model": "bgnbd", "time_unit": "week"},
        headers=shop.headers("analyst"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"] == "BG/NBD" and body["method"] in ("model", "heuristic")
    saved = shop.get("/api/v1/clv/model", "viewer").json()["models"]
    assert saved[0]["model_key"] == "bgnbd"


def test_bad_fit_request_is_a_problem_document(shop):
    response = shop.client.post(
        "/api/v1/clv/fit", json={"model": "nope"}, headers=shop.headers("analyst")
    )
    assert response.status_code == 422 and response.headers["content-type"].startswith(
        "application/problem+json"
    )


def test_predictions_before_and_after_fitting(shop):
    missing = shop.get("/api/v1/clv/predictions")
    assert missing.status_code == 404 and "regulars clv fit" in missing.json()["detail"]
    shop.client.post("/api/v1/clv/fit", json={}, headers=shop.headers("analyst"))
    body = shop.get("/api/v1/clv/predictions?limit=5&horizon=6", "viewer").json()
    assert len(body["customers"]) == 5 and body["options"]["horizon_months"] == 6
    row = body["customers"][0]
    assert {"p_alive", "risk_tier", "clv_cents", "next_purchase_date", "reason"} <= set(row)
    one = shop.get(f"/api/v1/clv/predictions/{row['customer_id']}").json()
    assert one["customers"][0]["customer_id"] == row["customer_id"]
    profile = shop.get(f"/api/v1/customers/{row['customer_id']}").json()
    assert profile["predictions"]["available"] and profile["predictions"]["reason"] == row["reason"]


def test_validate_and_read_back(shop):
    response = shop.client.post(
        "/api/v1/clv/validate",
        json={"holdout_start": "2099-01-01"},
        headers=shop.headers("analyst"),
    )
    assert response.status_code == 422
    assert shop.get("/api/v1/clv/validation").json() == {"validation": None}


def test_dashboard_page_and_profile_show_predictions(shop):
    shop.log_in("analyst")
    empty = shop.client.get("/clv")
    assert (
        empty.status_code == 200
        and 'id="clv-empty"' in empty.text
        and 'id="clv-fit-form"' in empty.text
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', empty.text).group(1)
    fitted = shop.client.post(
        "/clv/fit",
        data={"csrf_token": token, "model": "bgnbd", "time_unit": "week"},
        follow_redirects=True,
    )
    assert fitted.status_code == 200 and "Model fitted and saved" in fitted.text
    assert 'id="clv-tiles"' in fitted.text and (
        "likely still active" in fitted.text or "Heuristic" in fitted.text
    )
    customer = re.search(r'href="/customers/([^"]+)"', fitted.text).group(1)
    profile = shop.client.get(f"/customers/{customer}")
    assert 'id="prediction-reason"' in profile.text


def test_model_watch_compares_months_of_the_validated_model(shop):
    import datetime as dt

    from regulars.services.clv import validate_clv
    from regulars.services.clv.summary import last_sale_day
    from regulars.services.workspace import Workspace

    with Workspace.open(shop.path) as ws:
        validate_clv(ws, last_sale_day(ws) - dt.timedelta(days=90), models=("bgnbd",))
    body = shop.get("/api/v1/models/clv/watch", "viewer").json()
    assert len(body["comparison"]["months"]) == len(body["comparison"]["actual"]) >= 3
    assert {d["feature"] for d in body["drift"]} >= {"frequency", "recency"}
