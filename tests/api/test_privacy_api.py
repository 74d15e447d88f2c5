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


def test_retention_dry_run_then_apply_owner_only(demo_template, tmp_path):
    """GET /api/v1/retention says what would go and deletes nothing; POST .../apply deletes
    exactly that; an analyst may do neither."""
    import shutil

    from fastapi.testclient import TestClient

    from regulars.app import create_app
    from regulars.services.workspace import Workspace
    from regulars.settings import load_settings

    template, users = demo_template
    path = tmp_path / "ws"
    shutil.copytree(template, path)
    with (path / "regulars.toml").open("a", encoding="utf-8") as f:
        f.write("\n[retention]\nevents = 3\n")
    owner = {"Authorization": f"Bearer {users['owner'].api_key}"}
    analyst = {"Authorization": f"Bearer {users['analyst'].api_key}"}

    def events() -> int:
        with Workspace(load_settings(path)) as ws:
            return ws.store.execute('SELECT COUNT(*) FROM "events"')[0][0]

    total = events()
    with TestClient(create_app(load_settings(path))) as client:
        assert client.get("/api/v1/retention", headers=analyst).status_code == 403
        assert client.post("/api/v1/retention/apply", headers=analyst).status_code == 403
        plan = client.get("/api/v1/retention", headers=owner).json()
        [table] = plan["tables"]
        assert plan["applied"] is False and table["table"] == "events" and table["months"] == 3
        assert 0 < table["rows"] <= total and events() == total
        done = client.post("/api/v1/retention/apply", headers=owner).json()
        assert done["applied"] is True and done["tables"][0]["rows"] == table["rows"]
        assert events() == total - table["rows"]
        again = client.get("/api/v1/retention", headers=owner).json()
        assert again["tables"][0]["rows"] == 0
