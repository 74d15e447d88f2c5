"""Hostile uploads and the headers every answer carries (issue 16)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import anyio
from fastapi.testclient import TestClient

from regulars.app import create_app
from regulars.settings import load_settings

UPLOAD = "customer_id,email\nZ1,z1@example.com\n"


def _raw_request(app, headers: dict[str, str]) -> tuple[int, int]:
    """(status, how many times the app read the body): a request sent straight to the ASGI app."""
    reads = []

    async def receive():
        reads.append(1)
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/imports",
        "raw_path": b"/api/v1/imports",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    # Its own thread: a session's browser (Playwright) keeps an event loop in the main one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()
    return sent[0]["status"], len(reads)


def test_an_upload_is_refused_before_its_body_is_read(shop):
    app = create_app(load_settings(shop.path))
    multipart = {"content-type": "multipart/form-data; boundary=b", "content-length": "1200000000"}
    assert _raw_request(app, multipart) == (401, 0)  # no credentials: not one byte spooled
    signed = {**multipart, "authorization": f"Bearer {shop.users['analyst'].api_key}"}
    assert _raw_request(app, signed) == (413, 0)  # over the limit, as announced


def _upload(shop, name: str):
    return shop.client.post(
        "/api/v1/imports",
        headers=shop.headers("analyst"),
        data={"table": "customers"},
        files={"file": (name, UPLOAD.encode(), "text/csv")},
    )


def test_upload_names_without_a_usable_name_are_input_problems(shop):
    for name in ("..", "../..", "x" * 300 + ".csv"):
        r = _upload(shop, name)
        assert r.status_code == 422, (name[:20], r.status_code, r.text[:200])
        assert "name" in r.json()["detail"]
    assert _upload(shop, "../../etc/customers.csv").status_code == 201  # its own name kept


def test_every_answer_carries_the_security_headers(shop):
    for url in ("/login", "/api/v1/me", "/health", "/api/v1/no-such-thing"):
        r = shop.client.get(url, headers=shop.headers())
        assert r.headers["x-frame-options"] == "DENY", url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_session_cookies_are_secure_behind_tls(shop):
    def session_cookie(client) -> str:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        creds = shop.users["viewer"]
        r = client.post(
            "/login",
            data={"username": creds.username, "password": creds.password, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        return r.headers["set-cookie"]

    assert "secure" not in session_cookie(shop.client).lower()  # plain HTTP on loopback
    with TestClient(create_app(load_settings(shop.path)), base_url="https://testserver") as tls:
        assert "secure" in session_cookie(tls).lower()
    proxied = shop.client.get("/login", headers={"x-forwarded-proto": "https"})
    assert "secure" in proxied.headers["set-cookie"].lower()  # a proxy that says it is TLS


def test_an_arm_of_no_units_is_an_input_problem(shop):
    rows = [{"arm": "control", "n": 0, "conversions": 0}, {"arm": "b", "n": 10, "conversions": 2}]
    r = shop.client.post(
        "/api/v1/experiments/analysis", headers=shop.headers(), json={"rows": rows}
    )
    assert r.status_code == 422, r.text[:300]


def test_a_remembered_key_is_answered_while_every_connection_is_busy(shop, monkeypatch):
    """/api/v1/me answers from memory: no pooled connection taken (issue 16: 503s under load)."""
    from regulars.http import pool as pooling

    monkeypatch.setattr(pooling, "WAIT_SECONDS", 3.0)
    with TestClient(create_app(load_settings(shop.path), pool_size=1)) as client:
        headers = shop.headers("viewer")
        assert client.get("/api/v1/me", headers=headers).status_code == 200  # checked once
        pool = client.app.state.pool
        held = client.portal.call(pool.take)  # the one connection, busy elsewhere

        async def give_back() -> None:  # on the server's loop, where the pool lives
            pool.give_back(held)

        try:
            r = client.get("/api/v1/me", headers=headers)
            assert r.status_code == 200 and r.json()["role"] == "viewer"
            assert client.get("/api/v1/overview", headers=headers).status_code == 503
        finally:
            client.portal.call(give_back)
        assert client.get("/api/v1/overview", headers=headers).status_code == 200


def test_a_customer_id_with_a_slash_is_viewed_exported_and_erased(shop):
    source = "customer_id,email\nshop/42,slash@example.com\n"
    files = {"file": ("slash.csv", source.encode(), "text/csv")}
    r = shop.client.post(
        "/api/v1/imports", headers=shop.headers(), data={"table": "customers"}, files=files
    )
    assert r.status_code == 201, r.text[:200]
    quoted = "shop%2F42"
    assert shop.get(f"/api/v1/customers/{quoted}").json()["customer"]["customer_id"] == "shop/42"
    assert shop.get(f"/api/v1/customers/{quoted}/export").status_code == 200
    shop.log_in("owner")
    page = shop.client.get(f"/customers/{quoted}")
    assert page.status_code == 200 and "slash@example.com" in page.text
    assert shop.client.get(f"/customers/{quoted}/export.json").status_code == 200
    erased = shop.client.delete(f"/api/v1/customers/{quoted}", headers=shop.headers())
    assert erased.status_code == 200, erased.text[:200]
    assert shop.get(f"/api/v1/customers/{quoted}").status_code == 404


def test_the_api_docs_page_loads_nothing_from_elsewhere(shop):
    page = shop.client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "GET /api/v1/me" in page.text and "DELETE /api/v1/customers/" in page.text
    assert "<script" not in page.text and "https://" not in page.text


def test_one_api_key_is_revoked_and_a_password_changed_through_the_api(shop):
    viewer = shop.users["viewer"]
    other = shop.client.get("/api/v1/me", headers=shop.headers("viewer"))
    assert other.status_code == 200
    from regulars.services.accounts import new_api_key
    from regulars.services.workspace import Workspace

    with Workspace.open(shop.path) as ws:
        spare = new_api_key(ws, viewer.username, "spare")
    spare_headers = {"Authorization": f"Bearer {spare}"}
    owner_key = {"api_key": shop.users["owner"].api_key}
    refused = shop.client.post("/api/v1/me/keys/revoke", headers=spare_headers, json=owner_key)
    assert refused.status_code == 404  # a viewer cannot end someone else's key
    r = shop.client.post(
        "/api/v1/me/keys/revoke", headers=shop.headers("viewer"), json={"api_key": spare}
    )
    assert r.status_code == 200
    assert shop.client.get("/api/v1/me", headers=spare_headers).status_code == 401
    assert shop.client.get("/api/v1/me", headers=shop.headers("viewer")).status_code == 200
    change = {"current_password": viewer.password, "new_password": "a new long password"}
    r = shop.client.post("/api/v1/me/password", headers=shop.headers("viewer"), json=change)
    assert r.status_code == 200
    again = shop.client.post("/api/v1/me/password", headers=shop.headers("viewer"), json=change)
    assert again.status_code == 401  # the old password no longer works
