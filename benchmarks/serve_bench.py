"""Serving benchmark: `regulars serve` over the demo shop, many clients at once.

Builds the demo shop (8,000 customers) in benchmarks/.data/serve-bench (or reuses --workspace),
starts
`regulars serve` in a subprocess on 127.0.0.1, signs in, then runs N concurrent clients for a fixed
time
against the overview page and a customer profile page (session cookie) and two API reads (API key).
The clients are asyncio keep-alive connections in this process (cheap, so the server gets the CPU).
A warm-up (--warmup seconds of the same load over 200 other customers) comes first, as on a server
that
has been running: the shop-wide results are computed, while each profile measured is still read from
the database the first time it is asked for.
Prints p50 / p95 / p99 per target, errors, requests/s, and the goals: p95 <= 300 ms for pages,
<= 50 ms for simple API reads, zero errors. Only 127.0.0.1 is contacted; requests are bounded by
--duration and --max-requests.

    .venv/bin/python benchmarks/serve_bench.py --duration 15
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
BENCH_USER, BENCH_PASSWORD = "bench-owner", "bench-owner-password"
PAGE_GOAL_MS, API_GOAL_MS = 300.0, 50.0


def prepare(workspace: Path, customers: int) -> tuple[str, list[str]]:
    """The demo shop (built once), the benchmark's account, and an API key; returns (key, customer
    ids)."""
    from regulars.services.accounts import add_user, new_api_key
    from regulars.services.customers import search_customers
    from regulars.services.demo import run_demo
    from regulars.services.workspace import Workspace

    with Workspace.open(workspace) as ws:
        if not (workspace / "demo-truths.json").exists():
            started = time.perf_counter()
            print(
                f"building the demo shop ({customers:,} customers) in {workspace} ...", flush=True
            )
            run_demo(ws, customers=customers, seed=42)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        try:
            add_user(ws, BENCH_USER, "owner", BENCH_PASSWORD)
        except Exception:  # exists already (a reused workspace)
            pass
        key = new_api_key(ws, BENCH_USER, "serve_bench")
        ids = [c.customer_id for c in search_customers(ws, None, 400, 0).customers]
    return key, ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workspace: Path, port: int, pool: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable,
        "-m",
        "regulars",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--pool",
        str(pool),
        "--workspace",
        str(workspace),
    ]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"regulars serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("regulars serve did not answer /health within 120 s")


def session_cookie(base: str) -> str:
    with httpx.Client(base_url=base, timeout=30) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
        r = c.post(
            "/login",
            data={
                "username": BENCH_USER,
                "password": BENCH_PASSWORD,
                "csrf_token": token,
                "next": "/",
            },
        )
        if r.status_code not in (200, 303) or "regulars_session" not in c.cookies:
            raise SystemExit(f"could not sign in: {r.status_code} {r.text[:300]}")
        return c.cookies["regulars_session"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


class Connection:
    """One keep-alive HTTP/1.1 connection: a load generator light enough not to steal the server's
    CPU
    (a thread per client with httpx spent more time in the client than the server spent
    answering)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str, headers: dict[str, str]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.partition(":") for h in header_lines if h)
        }
        if fields.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        else:
            await self.reader.readexactly(int(fields.get("content-length", 0)))
        if fields.get("connection") == "close":
            await self.close()
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


def run(
    base: str,
    key: str,
    cookie: str,
    ids: list[str],
    clients: int,
    duration: float,
    max_requests: int,
) -> dict:
    searches = ["an", "coffee", "@example", "mar", "C0001", "smith", "ro", "li"]
    targets = [
        ("page  /", "page", lambda i: "/"),
        ("page  /customers/{id}", "page", lambda i: f"/customers/{ids[i % len(ids)]}"),
        (
            "api   /api/v1/customers?q=",
            "api",
            lambda i: f"/api/v1/customers?q={searches[i % len(searches)]}&limit=25",
        ),
        (
            "api   /api/v1/customers/{id}",
            "api",
            lambda i: f"/api/v1/customers/{ids[(i * 7) % len(ids)]}",
        ),
    ]
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    host, port = base.removeprefix("http://").split(":")
    auth = {
        "page": {"Cookie": f"regulars_session={cookie}"},
        "api": {"Authorization": f"Bearer {key}"},
    }
    issued = [0]

    async def client(n: int, deadline: float) -> None:
        conn, i = Connection(host, int(port)), n
        while time.monotonic() < deadline and issued[0] < max_requests:
            issued[0] += 1
            name, kind, url = targets[i % len(targets)]
            started = time.perf_counter()
            try:
                status = await conn.get(url(i // len(targets)), auth[kind])
                ok, why = status == 200, f"HTTP {status}"
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                ok, why = False, type(exc).__name__
                await conn.close()
            elapsed = (time.perf_counter() - started) * 1000
            (latencies[name].append(elapsed) if ok else errors[name].append(why))
            i += 1
        await conn.close()

    async def main() -> None:
        deadline = time.monotonic() + duration
        await asyncio.gather(*(client(n, deadline) for n in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    wall = time.perf_counter() - started
    return {"targets": targets, "latencies": latencies, "errors": errors, "wall": wall}


def report(result: dict, clients: int) -> bool:
    targets, lat, errs, wall = (
        result["targets"],
        result["latencies"],
        result["errors"],
        result["wall"],
    )
    total = sum(len(v) for v in lat.values()) + sum(len(v) for v in errs.values())
    print(
        f"\n{clients} clients for {wall:.1f} s: {total:,} requests, {total / wall:.1f} requests/s\n"
    )
    print(
        f"{'target':34} {'n':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'mean ms':>8}"
    )
    ok = True
    goals = []
    for name, kind, _ in targets:
        v = lat[name]
        p95 = percentile(v, 95)
        print(
            f"{name:34} {len(v):>6} {len(errs[name]):>4} {percentile(v, 50):>8.1f} {p95:>8.1f} "
            f"{percentile(v, 99):>8.1f} "
            f"{statistics.fmean(v) if v else float('nan'):>8.1f}"
        )
        goal = PAGE_GOAL_MS if kind == "page" else API_GOAL_MS
        met = v and p95 <= goal
        ok &= bool(met)
        goals.append(
            f"goal {name.strip()}: p95 {p95:.0f} ms <= {goal:.0f} ms ... "
            f"{'met' if met else 'MISSED'}"
        )
    n_errors = sum(len(v) for v in errs.values())
    for name, why in errs.items():
        if why:
            print(f"  errors for {name.strip()}: {sorted(set(why))[:5]}")
    print()
    for g in goals:
        print(g)
    print(f"goal zero errors: {n_errors} errors ... {'met' if n_errors == 0 else 'MISSED'}")
    return ok and n_errors == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workspace",
        type=Path,
        default=HERE / ".data" / "serve-bench",
        help="reuse or build the demo shop here",
    )
    parser.add_argument("--customers", type=int, default=8000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument(
        "--warmup",
        type=float,
        default=5.0,
        help="seconds of the same load first, over other customers",
    )
    parser.add_argument("--pool", type=int, default=4, help="regulars serve --pool")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="upper bound on requests sent"
    )
    args = parser.parse_args()

    key, ids = prepare(args.workspace, args.customers)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(
        f"starting regulars serve on {base} (--pool {args.pool}); {os.cpu_count()} CPUs here",
        flush=True,
    )
    server = start_server(args.workspace, port, args.pool)
    try:
        cookie = session_cookie(base)
        # A running server: the first requests compile queries and compute the shop-wide
        # results (segments,
        # predictions) the profiles show. Warm up on the other 200 customers, so every
        # profile measured
        # below is still a first read (the database is queried) the first time it is asked for.
        measured, others = ids[:200], ids[200:]
        if args.warmup > 0:
            run(base, key, cookie, others, args.clients, args.warmup, args.max_requests)
            print(
                f"warmed up: {args.warmup:.0f} s of the same load over {len(others)} other "
                "customers",
                flush=True,
            )
        result = run(base, key, cookie, measured, args.clients, args.duration, args.max_requests)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0 if report(result, args.clients) else 1


if __name__ == "__main__":
    sys.exit(main())
