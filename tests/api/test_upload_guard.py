"""Uploads are checked before their body is spooled: credentials that do not sign in are refused
unread, and a body without Content-Length (chunked) is cut off at the limit (issue 16)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import anyio

from regulars.app import create_app
from regulars.settings import load_settings

PIECE = 1 << 20  # the client sends 1 MiB a message


def _send(app, headers: dict[str, str], pieces: int) -> tuple[int, int, bytes]:
    """(status, how many pieces the app read, body): a request straight to the ASGI app whose body
    arrives as ``pieces`` messages without a Content-Length, the way a chunked upload does."""
    sent, reads = [], []
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'

    async def receive():
        reads.append(1)
        body = head if len(reads) == 1 else b"x" * PIECE
        return {"type": "http.request", "body": body, "more_body": len(reads) <= pieces}

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

    async def run():
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)

    with ThreadPoolExecutor(1) as pool:  # its own thread: a browser test's loop may run in this one
        pool.submit(anyio.run, run).result()
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], len(reads), body


MULTIPART = {"content-type": "multipart/form-data; boundary=b", "transfer-encoding": "chunked"}


def test_a_chunked_upload_is_cut_off_at_the_limit(shop, monkeypatch):
    monkeypatch.setenv("REGULARS_UPLOAD_LIMIT_MIB", "3")
    app = create_app(load_settings(shop.path))
    signed = {**MULTIPART, "authorization": f"Bearer {shop.users['analyst'].api_key}"}
    status, reads, body = _send(app, signed, pieces=50)
    assert status == 413, body[:300]
    assert reads <= 6  # stopped a piece past the limit, not after all 50 MiB
    assert b"3 MiB" in body


def test_credentials_that_do_not_sign_in_are_refused_before_the_body(shop):
    app = create_app(load_settings(shop.path))
    for wrong in ({"authorization": "Bearer not-a-key"}, {"cookie": "regulars_session=stale"}):
        status, reads, _ = _send(app, {**MULTIPART, **wrong}, pieces=50)
        assert (status, reads) == (401, 0), wrong


def test_the_upload_limit_is_a_setting(shop, monkeypatch):
    monkeypatch.setenv("REGULARS_UPLOAD_LIMIT_MIB", "1")
    shop_app = create_app(load_settings(shop.path))
    from fastapi.testclient import TestClient

    with TestClient(shop_app) as client:
        rows = "".join(f"Z{i},z{i}@example.com\n" for i in range(60_000))
        big = ("customer_id,email\n" + rows).encode()  # about 1.3 MiB
        r = client.post(
            "/api/v1/imports",
            headers=shop.headers("analyst"),
            data={"table": "customers"},
            files={"file": ("big.csv", big, "text/csv")},
        )
        assert r.status_code == 413, r.text[:300]
        small = client.post(
            "/api/v1/imports",
            headers=shop.headers("analyst"),
            data={"table": "customers"},
            files={"file": ("small.csv", big[:50_000].rsplit(b"\n", 1)[0] + b"\n", "text/csv")},
        )
        assert small.status_code == 201, small.text[:300]
