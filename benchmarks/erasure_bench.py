"""The cost of an erasure that leaves no trace on DuckDB: ``erase_customer`` (rows erased, then the
tables that held them rewritten and every free block and metadata piece overwritten, store/scrub)
against the peer way to get a file without the old bytes, DuckDB's own ``COPY FROM DATABASE`` of
the whole database into a fresh file (after the same erasure without the scrub; it needs every
connection closed to swap the files, which ours does not). Side by side in one run, on copies of
one orders-only shop. Also printed: the erasure without the scrub, so the scrub's own cost shows.

    python benchmarks/erasure_bench.py [--customers 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from bench_data import load_orders_only, timed

from regulars.services.customers import erase_customer
from regulars.services.workspace import Workspace
from regulars.store import erasure


def _shop(folder: Path, customers: int) -> None:
    with Workspace.open(folder) as ws:
        ws.init()
        load_orders_only(ws, customers, seed=5)


def _first_buyer(ws: Workspace) -> str:
    o = ws.store.table("orders")
    return ws.store.to_arrow(o.select("customer_id").order_by("customer_id").limit(1))[
        "customer_id"
    ][0].as_py()


def _ours(template: Path, work: Path) -> float:
    shutil.copytree(template, work)
    with Workspace.open(work) as ws:
        cid = _first_buyer(ws)
        seconds, _ = timed(lambda: erase_customer(ws, cid))
    return seconds


def _unscrubbed(ws: Workspace, cid: str) -> None:
    """The same erasure with the scrub left out (the benchmark's baseline only)."""
    real = erasure.scrub
    erasure.scrub = lambda store, tables: {"free_blocks_overwritten": 0}
    try:
        erase_customer(ws, cid)
    finally:
        erasure.scrub = real


def _peer(template: Path, work: Path) -> tuple[float, float]:
    """(erasure without scrub, that plus COPY FROM DATABASE into a fresh file) in seconds."""
    import duckdb

    shutil.copytree(template, work)
    with Workspace.open(work) as ws:
        cid = _first_buyer(ws)
        plain, _ = timed(lambda: _unscrubbed(ws, cid))
        file = ws.settings.database_url.removeprefix("duckdb://")
    fresh = Path(file).with_name("fresh.duckdb")

    def copy() -> None:
        con = duckdb.connect(file)
        con.execute(f"ATTACH '{fresh}' AS fresh")
        con.execute("COPY FROM DATABASE regulars TO fresh")
        con.close()

    copying, _ = timed(copy)
    return plain, plain + copying


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        _shop(template, args.customers)
        ours, plain, peer = [], [], []
        for i in range(args.repeat):
            ours.append(_ours(template, Path(tmp) / f"ours-{i}"))
            p, c = _peer(template, Path(tmp) / f"peer-{i}")
            plain.append(p)
            peer.append(c)
        size = (template / "regulars.duckdb").stat().st_size / 1e6
    o, p, c = (statistics.median(v) for v in (ours, plain, peer))
    print(
        f"erasure at {args.customers:,} customers ({size:.0f} MB database), median of {args.repeat}"
    )
    print(f"  erasure without scrub:                  {p:8.3f} s")
    print(f"  ours (erase + rewrite + overwrite):     {o:8.3f} s  (scrub {o - p:.3f} s)")
    print(f"  peer (erase + COPY FROM DATABASE):      {c:8.3f} s")
    print(f"  ratio ours / peer: {o / c:.2f} (goal <= 1.0: no slower than copying the file)")


if __name__ == "__main__":
    main()
