"""The approval boundary's and the consent check's cost: an audience export of every customer
through the trust centre (the consent rule applied, the audience counted, a proposal proposed,
approved and run, the export logged and three audit entries written: one transaction) against the
export alone (the audience's rows chosen by its rule, made spreadsheet-safe and written to CSV,
with no consent check and nothing logged), side by side in one run, interleaved. Every customer
has an older refusal and a later grant of marketing consent, so the consent rule does its full
work (latest record wins) and both sides write the same rows. The ratio is the median of the
paired runs' ratios. Goal: at most 5% more (ratio <= 1.05) at 100,000 customers.

    python benchmarks/approval_bench.py [--customers 100000] [--repeat 7] [--cache]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
from bench_data import CACHE, load_orders_only, prepared_workspace, timed, write_rows

from regulars.services.actions import export_audience_now
from regulars.services.exports import spreadsheet_safe
from regulars.services.segments import audiences, create_audience
from regulars.services.workspace import Workspace


def build(customers: int):
    def load(ws: Workspace) -> int:
        orders = load_orders_only(ws, customers, seed=3)
        ids = ws.store.to_arrow(ws.store.table("customers").select("customer_id"))["customer_id"]
        n, ids = len(ids), ids.to_pylist()
        at = [datetime(2024, 1, 1, tzinfo=UTC)] * n + [datetime(2025, 1, 1, tzinfo=UTC)] * n
        consents = pa.table(
            {
                "consent_id": [f"r-{c}" for c in ids] + [f"g-{c}" for c in ids],
                "customer_id": ids + ids,
                "purpose": ["marketing"] * (2 * n),
                "granted": [False] * n + [True] * n,
                "recorded_at": pa.array(at, pa.timestamp("us", "UTC")),
            }
        )
        write_rows(ws, "consents", consents)
        create_audience(ws, "everyone", "orders >= 1")
        return orders

    return load


def export_alone(ws: Workspace, to: Path) -> int:
    rule = audiences.get_audience(ws, "everyone", count=False).rule
    members = audiences.audience_members(ws, rule)
    rows = ws.store.to_arrow(members.order_by("customer_id").select(*audiences.DEFAULT_COLUMNS))
    pacsv.write_csv(spreadsheet_safe(rows), to)
    return rows.num_rows


def through_the_boundary(ws: Workspace, to: Path) -> int:
    return export_audience_now(ws, "everyone", to, user="bench").rows_exported


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = CACHE / f"approval-{args.customers}" if args.cache else Path(tmp) / "ws"
        ws, _ = prepared_workspace(folder, build(args.customers), f"{args.customers:,} customers")
        out = Path(tmp) / "out.csv"
        times = {"alone": [], "boundary": []}
        rows = {}
        for _ in range(args.repeat):  # interleaved, so both see the same warm caches
            for name, fn in (("alone", export_alone), ("boundary", through_the_boundary)):
                seconds, rows[name] = timed(lambda fn=fn: fn(ws, out))
                times[name].append(seconds)
        assert rows["alone"] == rows["boundary"], rows
        alone, boundary = (statistics.median(times[k]) for k in ("alone", "boundary"))
        ratios = [b / a for a, b in zip(times["alone"], times["boundary"], strict=True)]
        print(
            f"{args.customers:,} customers, {rows['alone']:,} rows exported (median of "
            f"{args.repeat})"
        )
        print(f"  export alone         {alone * 1000:8.1f} ms")
        print(f"  through the boundary {boundary * 1000:8.1f} ms")
        print(f"  ratio {statistics.median(ratios):.3f} (median of paired runs; goal <= 1.05)")
        ws.close()


if __name__ == "__main__":
    main()
