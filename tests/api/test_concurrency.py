"""Many clients at once against a real uvicorn server on loopback: every request answered, no
errors.

Runs on DuckDB (cursors on one file) and on PostgreSQL (separate connections) through the shared
``database_url`` fixture; the PostgreSQL case skips (fails under CI=true) without a server.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

from regulars.app import create_app
from regulars.settings import load_settings

from ..conftest import LiveServer
from .conftest import build_demo_workspace

THREADS = 8
REQUESTS = {"postgres": 20, "duckdb": 10}  # per thread; DuckDB is also covered, more briefly


def test_concurrent_reads_have_no_errors(tmp_path, database_url):
    path = tmp_path / "ws"
    requests = REQUESTS["postgres" if database_url else "duckdb"]
    users = build_demo_workspace(path, customers=150, database=database_url)
    key = users["viewer"].api_key
    app = create_app(load_settings(path, database_url), pool_size=4)

    with (
        LiveServer(app) as live,
        httpx.Client(
            base_url=live.url, headers={"Authorization": f"Bearer {key}"}, timeout=60
        ) as warm,
    ):
        ids = [c["customer_id"] for c in warm.get("/api/v1/customers?limit=50").json()["customers"]]
        expected = warm.get("/api/v1/overview").json()["headline"]

        def client(n: int) -> Counter:
            seen: Counter = Counter()
            with httpx.Client(
                base_url=live.url, headers={"Authorization": f"Bearer {key}"}, timeout=60
            ) as c:
                for i in range(requests):
                    kind = (n + i) % 4
                    if kind == 0:
                        r = c.get("/api/v1/overview")
                        ok = r.status_code == 200 and r.json()["headline"] == expected
                    elif kind == 1:
                        r = c.get(
                            "/api/v1/customers",
                            params={"q": ids[(n * 7 + i) % len(ids)][-3:], "limit": 10},
                        )
                        ok = r.status_code == 200 and r.json()["total"] >= 1
                    elif kind == 2:
                        cid = ids[(n * 3 + i) % len(ids)]
                        r = c.get(f"/api/v1/customers/{cid}")
                        ok = r.status_code == 200 and r.json()["customer"]["customer_id"] == cid
                    else:
                        r = c.get("/api/v1/me")
                        ok = r.status_code == 200 and r.json()["role"] == "viewer"
                    seen[
                        "ok" if ok else f"{r.request.url.path} {r.status_code}: {r.text[:200]}"
                    ] += 1
            return seen

        with ThreadPoolExecutor(THREADS) as pool:
            results = sum(pool.map(client, range(THREADS)), Counter())
    assert results == Counter({"ok": THREADS * requests})
