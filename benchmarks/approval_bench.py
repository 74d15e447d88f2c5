"""The approval boundary's cost: an audience export of every customer through the trust centre
(propose, approve, run: consent checked again at execution, the proposal and three audit entries
written) against the export alone (the same consenting rows chosen and written to CSV), side by
side in one run. Goal: the boundary adds at most 5% (ratio <= 1.05) at 100,000 customers.

    python benchmarks/approval_bench.py [--customers 100000] [--repeat 5] [--cache]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from bench_data import CACHE, load_orders_only, prepared_workspace, timed, write_rows

from regulars.services.actions import export_audience_now
from regulars.services.segments import audiences, create_audience
from regulars.services.workspace import Workspace


def build(customers: int):
    def load(ws: Workspace) -> int:
        orders = load_orders_only(ws, customers, seed=3)
        ids = ws.store.to_arrow(ws.store.table("customers").select("customer_id"))["customer_id"]
        granted = np.random.default_rng(3).random(len(ids)) < 0.6
        consents = pa.table(
            {
                "consent_id": [f"m-{c}" for c in ids.to_pylist()],
                "customer_id": ids,
                "purpose": ["marketing"] * len(ids),
                "granted": granted,
                "recorded_at": pa.array(
                    [datetime(2025, 1, 1, tzinfo=UTC)] * len(ids), pa.timestamp("us", "UTC")
                ),
            }
        )
        write_rows(ws, "consents", consents)
        create_audience(ws, "everyone", "orders >= 1")
        return orders

    return load


def export_alone(ws: Workspace, to: Path) -> int:
    export = audiences.export_rows(ws, "everyone")
    pacsv.write_csv(export.rows, to)
    return export.rows.num_rows


def through_the_boundary(ws: Workspace, to: Path) -> int:
    return export_audience_now(ws, "everyone", to, user="bench").rows_exported


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
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
        print(
            f"{args.customers:,} customers, {rows['alone']:,} rows exported (median of "
            f"{args.repeat})"
        )
        print(f"  export alone         {alone * 1000:8.1f} ms")
        print(f"  through the boundary {boundary * 1000:8.1f} ms")
        print(f"  ratio {boundary / alone:.3f} (goal <= 1.05)")
        ws.close()


if __name__ == "__main__":
    main()
