"""Segments and audiences over the REST API (demo shop of tests/api/conftest.py): viewers read,
analysts
create and export, exports leave out customers without marketing consent and are logged with the
user."""

from __future__ import annotations

import csv
import io

from regulars.recent import MISSING
from regulars.services.segments import create_audience, list_audiences, rfm_report
from regulars.services.workspace import Workspace
from regulars.settings import load_settings


def test_rfm_movement_and_personas_for_a_viewer(shop):
    rfm = shop.get("/api/v1/segments/rfm", "viewer")
    assert rfm.status_code == 200, rfm.text
    body = rfm.json()
    assert (
        body["customers"] > 0 and sum(s["customers"] for s in body["segments"]) == body["customers"]
    )
    ws = Workspace(load_settings(shop.path))
    try:
        assert (
            rfm_report(ws).to_dict()["segments"][0]["customers"] == body["segments"][0]["customers"]
        )
    finally:
        ws.close()
    movement = shop.get("/api/v1/segments/movement", "viewer").json()
    cell = next(c for c in movement["cells"] if c["customers"])
    listed = shop.get(
        "/api/v1/segments/movement",
        "viewer",
        params={"from_segment": cell["from_segment"], "to_segment": cell["to_segment"]},
    ).json()
    assert len(listed["cell"]["customers"]) == cell["customers"]
    dated = shop.get("/api/v1/segments/movement?start=2020-01-01&end=2020-01-02", "viewer")
    assert dated.status_code == 200 and sum(c["customers"] for c in dated.json()["cells"]) >= 0
    personas = shop.get("/api/v1/segments/personas", "viewer").json()
    assert personas["k"] == len(personas["cards"]) and personas["criterion"]


def test_bad_movement_requests_are_problems(shop):
    half = shop.get("/api/v1/segments/movement?from_segment=Loyal", "viewer")
    assert half.status_code == 422 and half.headers["content-type"].startswith(
        "application/problem+json"
    )
    unknown = shop.get("/api/v1/segments/movement?from_segment=Loyalish&to_segment=Lost", "viewer")
    assert unknown.status_code == 422
    backwards = shop.get("/api/v1/segments/movement?start=2025-02-01&end=2025-01-01", "viewer")
    assert backwards.status_code == 422


def test_audiences_need_an_analyst_to_create_and_count_live(shop):
    rule = {"name": "everyone", "rule": "orders >= 1"}
    assert (
        shop.client.post("/api/v1/audiences", json=rule, headers=shop.headers("viewer")).status_code
        == 403
    )
    created = shop.client.post("/api/v1/audiences", json=rule, headers=shop.headers("analyst"))
    assert created.status_code == 200, created.text
    a = created.json()
    assert a["customers"] > 0 and 0 <= a["marketable"] <= a["customers"]
    listed = shop.get("/api/v1/audiences", "viewer").json()
    assert [x["name"] for x in listed["audiences"]] == ["everyone"] and "segment" in listed[
        "fields"
    ]
    one = shop.get("/api/v1/audiences/everyone", "viewer").json()
    assert (one["customers"], one["marketable"], one["exports"]) == (
        a["customers"],
        a["marketable"],
        [],
    )
    assert shop.get("/api/v1/audiences/nope", "viewer").status_code == 404
    bad = shop.client.post(
        "/api/v1/audiences",
        json={"name": "bad", "rule": 'segment = "Loyalish"'},
        headers=shop.headers("analyst"),
    )
    assert bad.status_code == 422 and "Loyalish" in bad.json()["detail"]


def test_audience_counts_are_kept_per_data_version_and_an_analyst_deletes(shop):
    from regulars.services.segments.audiences import rule_counts

    rule = {"name": "twice", "rule": "orders >= 2"}
    assert shop.client.post(
        "/api/v1/audiences", json=rule, headers=shop.headers("analyst")
    ).is_success
    ws = Workspace(load_settings(shop.path))
    try:
        listed = {a.name: a for a in list_audiences(ws)}
        counts = (listed["twice"].customers, listed["twice"].marketable)
        assert rule_counts.peek(ws, "orders >= 2") == counts  # kept: the next listing is free
        create_audience(ws, "thrice", "orders >= 3")  # a write moves the data version
        assert rule_counts.peek(ws, "orders >= 2") is MISSING
    finally:
        ws.close()
    url = "/api/v1/audiences/twice"
    assert shop.client.delete(url, headers=shop.headers("viewer")).status_code == 403
    gone = shop.client.delete(url, headers=shop.headers("analyst"))
    assert gone.status_code == 200 and gone.json() == {"deleted": "twice"}
    listed = shop.get("/api/v1/audiences", "viewer").json()["audiences"]
    assert "twice" not in [a["name"] for a in listed]
    assert shop.get(url, "viewer").status_code == 404
    assert shop.client.delete(url, headers=shop.headers("analyst")).status_code == 404


def test_export_is_consent_filtered_and_logged_with_the_user(shop):
    shop.client.post(
        "/api/v1/audiences",
        json={"name": "everyone", "rule": "orders >= 1"},
        headers=shop.headers("analyst"),
    )
    counts = shop.get("/api/v1/audiences/everyone", "viewer").json()
    assert (
        counts["customers"] > counts["marketable"] > 0
    )  # the demo has customers who refused or never answered
    assert (
        shop.client.post(
            "/api/v1/audiences/everyone/export", json={}, headers=shop.headers("viewer")
        ).status_code
        == 403
    )
    plain = shop.client.post(
        "/api/v1/audiences/everyone/export",
        json={"columns": ["customer_id", "email", "segment"]},
        headers=shop.headers("analyst"),
    )
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(plain.text)))
    assert len(rows) == counts["marketable"] and set(rows[0]) == {"customer_id", "email", "segment"}
    excluded = int(plain.headers["x-regulars-excluded-no-consent"])
    assert excluded == counts["customers"] - counts["marketable"] > 0
    assert 'filename="audience-everyone.csv"' in plain.headers["content-disposition"]
    hashed = shop.client.post(
        "/api/v1/audiences/everyone/export", json={"hashed": True}, headers=shop.headers("analyst")
    )
    lines = hashed.text.split()
    assert lines[0] == '"email_sha256"' and all(len(x.strip('"')) == 64 for x in lines[1:])
    log = shop.get("/api/v1/audiences/everyone", "viewer").json()["exports"]
    assert [(e["format"], e["exported_by"], e["excluded_no_consent"]) for e in log] == [
        ("csv", "analyst-1", excluded),
        ("csv-sha256", "analyst-1", excluded),
    ]
    unknown = shop.client.post(
        "/api/v1/audiences/everyone/export",
        json={"columns": ["password"]},
        headers=shop.headers("analyst"),
    )
    assert unknown.status_code == 422


def test_profile_carries_segment_and_persona(shop):
    customer = shop.get(
        "/api/v1/segments/movement", "viewer"
    )  # any buying customer: the first of a non-empty cell
    cell = next(c for c in customer.json()["cells"] if c["customers"])
    cid = shop.get(
        "/api/v1/segments/movement",
        "viewer",
        params={"from_segment": cell["from_segment"], "to_segment": cell["to_segment"]},
    ).json()["cell"]["customers"][0]
    segment = shop.get(f"/api/v1/customers/{cid}", "viewer").json()["segment"]
    assert segment["available"] and segment["segment"] == cell["to_segment"]
    assert 1 <= segment["r_score"] <= 5 and segment["persona"]["name"]
