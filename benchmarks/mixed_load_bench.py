"""Mixed-load benchmark (issue 16): `regulars serve` on DuckDB or PostgreSQL under concurrent
clients reading cached answers (/api/v1/me, /api/v1/kpis, /api/v1/segments/rfm), every dashboard
page (/, /kpis, /segments, /customers, a profile) and a customer search, while one more client
uploads a small file of new customers every few seconds (each upload is a new data version).

Prints p50/p95 per target, the errors, and the server's resident memory after each upload
(memory across data versions), then the goals: 0 errors, p95 <= 100 ms for cached reads and
<= 500 ms for every page. There is no peer for a whole server: the goals are the issue's own.
Only 127.0.0.1 is contacted; requests are bounded by --duration.

    .venv/bin/python benchmarks/mixed_load_bench.py --duration 20
    .venv/bin/python benchmarks/mixed_load_bench.py --database postgresql://... --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import (  # noqa: E402  (the serving bench's client, sign-in and server start)
    BENCH_PASSWORD,
    BENCH_USER,
    Connection,
    free_port,
    percentile,
    session_cookie,
)

HERE = Path(__file__).resolve().parent
CACHED_GOAL_MS, PAGE_GOAL_MS = 100.0, 500.0


def prepare(workspace: Path, database: str | None, customers: int) -> tuple[str, list[str]]:
    """The demo shop's files imported through the real importers (built once; without the demo's
    analyses, which the server computes when first asked), the bench's owner and an API key."""
    import tempfile

    from regulars.demo import generate
    from regulars.services.accounts import add_user, new_api_key
    from regulars.services.customers import search_customers
    from regulars.services.demo import write_demo_files
    from regulars.services.imports import import_file
    from regulars.services.workspace import Workspace

    with Workspace.open(workspace, database) as ws:
        if not ws.exists() or not search_customers(ws, None, 1, 0).total:
            print(f"building the demo shop ({customers:,} customers) ...", flush=True)
            ws.init()
            with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
                shop = generate(customers=customers, seed=42)
                for table, file in write_demo_files(shop.tables, Path(tmp)):
                    import_file(ws, table, file)
        try:
            add_user(ws, BENCH_USER, "owner", BENCH_PASSWORD)
        except Exception:  # exists already (a reused workspace)
            pass
        key = new_api_key(ws, BENCH_USER, "mixed_load_bench")
        ids = [c.customer_id for c in search_customers(ws, None, 200, 0).customers]
    return key, ids


def start(workspace: Path, database: str | None, port: int, pool: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "regulars", "serve", "--port", str(port), "--pool", str(pool)]
    cmd += ["--workspace", str(workspace), *(["--database", database] if database else [])]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"regulars serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("regulars serve did not answer /health")


def targets(ids: list[str]) -> list[tuple[str, str, object]]:
    searches = ["an", "coffee", "@example", "mar", "smith"]
    return [
        ("cached /api/v1/me", "api", lambda i: "/api/v1/me"),
        ("cached /api/v1/kpis", "api", lambda i: "/api/v1/kpis"),
        ("cached /api/v1/segments/rfm", "api", lambda i: "/api/v1/segments/rfm"),
        ("page /", "page", lambda i: "/"),
        ("page /kpis", "page", lambda i: "/kpis"),
        ("page /segments", "page", lambda i: "/segments"),
        ("page /customers?q=", "page", lambda i: f"/customers?q={searches[i % 5]}"),
        ("page /customers/{id}", "page", lambda i: f"/customers/{ids[i % len(ids)]}"),
    ]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def upload_loop(base: str, key: str, every: float, deadline: float, pid: int, out: dict):
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        n = 0
        while time.monotonic() < deadline:
            rows = "".join(f"MLB{n:04d}{j:03d},mlb{n}x{j}@example.com\n" for j in range(50))
            files = {"file": (f"new-{n}.csv", f"customer_id,email\n{rows}".encode(), "text/csv")}
            started = time.perf_counter()
            r = await client.post(
                "/api/v1/imports",
                headers={"Authorization": f"Bearer {key}"},
                data={"table": "customers"},
                files=files,
            )
            ms = (time.perf_counter() - started) * 1000
            (out["upload"] if r.status_code == 201 else out["upload_errors"]).append(ms)
            out["rss"].append(rss_mib(pid))
            n += 1
            await asyncio.sleep(max(0.0, min(every, deadline - time.monotonic())))


def run(base, key, cookie, ids, clients, duration, every, pid) -> dict:
    chosen = targets(ids)
    lat, errs = defaultdict(list), defaultdict(list)
    host, port = base.removeprefix("http://").split(":")
    auth = {"page": {"Cookie": f"regulars_session={cookie}"}, "api": {"X-API-Key": key}}
    extra = {"upload": [], "upload_errors": [], "rss": [rss_mib(pid)]}

    async def client(n: int, deadline: float) -> None:
        conn, i = Connection(host, int(port)), n
        while time.monotonic() < deadline:
            name, kind, url = chosen[i % len(chosen)]
            started = time.perf_counter()
            try:
                status = await conn.get(url(i // len(chosen)), auth[kind])
                ok, why = status == 200, f"HTTP {status}"
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                ok, why = False, type(exc).__name__
                await conn.close()
            ms = (time.perf_counter() - started) * 1000
            (lat[name].append(ms) if ok else errs[name].append(why))
            i += 1
        await conn.close()

    async def main() -> None:
        deadline = time.monotonic() + duration
        loads = [client(n, deadline) for n in range(clients)]
        await asyncio.gather(*loads, upload_loop(base, key, every, deadline, pid, extra))

    asyncio.run(main())
    return {"targets": chosen, "latencies": lat, "errors": errs, **extra}


def report(result: dict, label: str) -> bool:
    lat, errs = result["latencies"], result["errors"]
    print(f"\n{label}\n{'target':32} {'n':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8}")
    ok = True
    for name, _kind, _ in result["targets"]:
        v, p95 = lat[name], percentile(lat[name], 95)
        goal = CACHED_GOAL_MS if name.startswith("cached") else PAGE_GOAL_MS
        met = bool(v) and p95 <= goal
        ok &= met
        print(
            f"{name:32} {len(v):>6} {len(errs[name]):>4} {percentile(v, 50):>8.1f} {p95:>8.1f}"
            f"   goal p95 <= {goal:.0f} ms ... {'met' if met else 'MISSED'}"
        )
    ups, bad = result["upload"], result["upload_errors"]
    print(
        f"{'upload (POST /api/v1/imports)':32} {len(ups):>6} {len(bad):>4} "
        f"{percentile(ups, 50):>8.1f} {percentile(ups, 95):>8.1f}"
    )
    rss = result["rss"]
    print(f"server memory after each data version (MiB): {' '.join(f'{m:.0f}' for m in rss)}")
    half = rss[len(rss) // 2 :]
    print(f"memory growth over the second half of the versions: {half[-1] - half[0]:+.0f} MiB")
    n_errors = sum(len(v) for v in errs.values()) + len(bad)
    for name, why in errs.items():
        print(f"  errors for {name}: {sorted(set(why))[:5]}")
    print(f"goal zero errors: {n_errors} errors ... {'met' if n_errors == 0 else 'MISSED'}")
    return ok and n_errors == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--database", default=None, help="PostgreSQL URL; empty: DuckDB")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--upload-every", type=float, default=2.0, help="seconds between uploads")
    parser.add_argument("--pool", type=int, default=4)
    args = parser.parse_args()
    backend = "postgresql" if args.database else "duckdb"
    workspace = args.workspace or HERE / ".data" / f"mixed-load-{backend}"
    key, ids = prepare(workspace, args.database, args.customers)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(workspace, args.database, port, args.pool)
    try:
        cookie = session_cookie(base)
        if args.warmup > 0:
            run(base, key, cookie, ids, args.clients, args.warmup, 1e9, server.pid)
        result = run(
            base, key, cookie, ids, args.clients, args.duration, args.upload_every, server.pid
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    label = f"{backend}: {args.clients} clients + 1 uploader for {args.duration:.0f} s"
    return 0 if report(result, label) else 1


if __name__ == "__main__":
    sys.exit(main())
