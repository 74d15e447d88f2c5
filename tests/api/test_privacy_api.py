"""GET /api/v1/customers/{id}/why, /privacy.json and /privacy (public), and the access export."""

from __future__ import annotations

from regulars.schema import CONSENT_PURPOSES


def test_why_answers_in_words(shop):
    r = shop.get("/api/v1/customers/C000001/why", role="viewer")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["customer_id"] == "C000001" and body["explanation"]
    assert shop.get("/api/v1/customers/nobody/why").status_code == 404


def test_privacy_notice_is_public_json_and_page(shop):
    r = shop.client.get("/privacy.json")
    assert r.status_code == 200, r.text
    assert [p["purpose"] for p in r.json()["purposes"]] == list(CONSENT_PURPOSES)
    page = shop.client.get("/privacy")
    assert page.status_code == 200 and "How this shop uses your data" in page.text


def test_access_export_has_derived_values_and_audit(shop):
    r = shop.get("/api/v1/customers/C000001/export", role="analyst")
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"derived", "audit", "consent_history"} <= set(body)
    assert "segments" in body["derived"]
