"""The approval boundary's and the consent check's cost: an audience export of every customer
through the trust centre (the consent rule applied, the audience counted, a proposal proposed,
approved and run, the export logged and three audit entries written: one transaction) against the
export alone (the audience's rows chosen by its rule, made spreadsheet-safe and written to CSV,
with no consent check and nothing logged), side by side in one run, interleaved. Every customer
has an older refusal and a later grant of marketing consent, so the consent rule does its full
work (latest record wins) and both sides write the same rows. The ratio is the median of the
paired runs' ratios. Goal: at most 5% more (ratio <= 1.05) at 100,000 customers.

A second line isolates the approval boundary alone: against the export with the consent rule
(``audiences.export_rows``, as an audience export was before the trust centre) written the same way.

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


def export_with_consent(ws: Workspace, to: Path) -> int:
    rows = audiences.export_rows(ws, "everyone").rows
    pacsv.write_csv(spreadsheet_safe(rows), to)
    return rows.num_rows


def through_the_boundary(ws: Workspace, to: Path) -> int:
    return export_audience_now(ws, "everyone", to, user="bench").rows_exported


def _ratio(times: dict, base: str) -> float:
    """The median of the paired runs' ratios (each boundary run over the run just before it)."""
    return statistics.median(b / a for a, b in zip(times[base], times["boundary"], strict=True))


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
        sides = {
            "alone": export_alone,
            "consent": export_with_consent,
            "boundary": through_the_boundary,
        }
        times, rows = {k: [] for k in sides}, {}
        for _ in range(args.repeat):  # interleaved, so all see the same warm caches and load
            for name, fn in sides.items():
                seconds, rows[name] = timed(lambda fn=fn: fn(ws, out))
                times[name].append(seconds)
        assert len(set(rows.values())) == 1, rows
        print(
            f"{args.customers:,} customers, {rows['alone']:,} rows exported (median of "
            f"{args.repeat})"
        )
        names = {
            "alone": "export alone (no consent)",
            "consent": "export with consent rule",
            "boundary": "through the boundary",
        }
        for k, label in names.items():
            print(f"  {label:27} {statistics.median(times[k]) * 1000:8.1f} ms")
        print(
            f"  ratio boundary+consent / export alone  {_ratio(times, 'alone'):.3f} (goal <= 1.05)"
        )
        print(f"  ratio boundary / export with consent   {_ratio(times, 'consent'):.3f}")
        ws.close()


if __name__ == "__main__":
    main()
