"""RFM and persona speed on a large shop, Regulars vs a straightforward pandas implementation, in
one run.

1. RFM scores and segments for every customer: Regulars (one Ibis aggregation and the quintile cut
points,
   in DuckDB) vs pandas (read the orders from the same workspace database, groupby, the same
   quintile cut
   points and grid). Both start from the data in the store and end with one row per customer in
   memory.
   Goals: >= 3x faster, <= 2 s.
2. Persona clustering of every customer (features and order counts in the database, a latent-class
model
   with k chosen by ICL-BIC on a sample, bootstrap stability, labels for all). Goal: <= 30 s.

    python benchmarks/segments_bench.py [--customers 1000000] [--orders-per-customer 10] [--cache]

``--cache`` keeps the prepared workspace under benchmarks/.data/ (git-ignored) and reuses it next
time.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from bench_data import CACHE, load_orders_only, prepared_workspace, timed

from regulars.analytics.segments.rfm_grid import SEGMENT_RULES
from regulars.services.segments import customer_rfm, persona_report
from regulars.services.workspace import Workspace

SALE = ("paid", "partially_refunded", "refunded")


def load_orders(ws: Workspace) -> pd.DataFrame:
    """The orders as a pandas user would read them from the workspace database: the needed columns,
    whole."""
    orders = ws.store.table("orders").select(
        "order_id", "customer_id", "ordered_at", "total_cents", "status"
    )
    return ws.store.to_arrow(orders).to_pandas()


def pandas_rfm(orders: pd.DataFrame) -> pd.DataFrame:
    """The same definition as Regulars: 1 + the number of 20/40/60/80% quantile cut points a value
    lies above."""
    o = orders[(orders.status.isna() | orders.status.isin(SALE)) & orders.customer_id.notna()]
    g = o.groupby("customer_id").agg(
        orders=("order_id", "size"),
        spend_cents=("total_cents", "sum"),
        last_order=("ordered_at", "max"),
    )
    g["recency_days"] = (o.ordered_at.max() - g.last_order).dt.total_seconds() / 86400
    n = len(g)
    for key, col in (("r", "last_order"), ("f", "orders"), ("m", "spend_cents")):
        values = g[col].astype("int64").to_numpy()
        cuts = np.quantile(values, [0.2, 0.4, 0.6, 0.8])
        g[f"{key}_score"] = 1 + (values[:, None] > cuts).sum(axis=1)
    g["fm_score"] = (g.f_score + g.m_score + 1) // 2
    seg = np.empty(n, dtype=object)
    r, fm = g.r_score.to_numpy(), g.fm_score.to_numpy()
    for rule in SEGMENT_RULES:
        mask = (
            (r >= rule.r_range[0])
            & (r <= rule.r_range[1])
            & (fm >= rule.fm_range[0])
            & (fm <= rule.fm_range[1])
        )
        seg[mask] = rule.name
    g["segment"] = seg
    return g.reset_index()


def bench_rfm(ws: Workspace, customers: int, orders: int) -> None:
    ours_fn = lambda: ws.store.to_arrow(customer_rfm(ws))  # noqa: E731
    ref_fn = lambda: pandas_rfm(load_orders(ws))  # noqa: E731
    ours_rows, ref_rows = ours_fn(), ref_fn()
    assert ours_rows.num_rows == len(ref_rows)
    same = pd.merge(
        ours_rows.select(["customer_id", "segment"]).to_pandas(),
        ref_rows[["customer_id", "segment"]],
        on="customer_id",
    )
    agree = (same.segment_x == same.segment_y).mean()
    ours = min(timed(ours_fn)[0] for _ in range(3))
    ref = min(timed(ref_fn)[0] for _ in range(3))
    print(
        f"RFM scores + segments, {ours_rows.num_rows:,} customers / {orders:,} orders: regulars "
        f"{ours:.2f} s (goal <= 2 s), "
        f"pandas {ref:.2f} s, regulars {ref / ours:.1f}x faster (goal >= 3x); same segment for "
        f"{agree:.2%} of customers"
    )


def bench_personas(ws: Workspace) -> None:
    seconds, report = timed(lambda: persona_report(ws))
    print(
        f"persona clustering, {report.customers:,} customers: {seconds:.1f} s (goal <= 30 s); "
        f"k={report.k}, "
        f"ICL-BIC {report.criterion_by_k[report.k]:,.0f}, bootstrap ARI "
        f"{report.stability_ari:.2f}; "
        + ", ".join(f"{c.name} {c.customer_share:.0%}" for c in report.cards)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders-per-customer", type=float, default=10.0)
    parser.add_argument(
        "--cache",
        action="store_true",
        help="keep and reuse the prepared workspace in benchmarks/.data/",
    )
    parser.add_argument("--only", choices=("rfm", "personas"), help="run one of the two benchmarks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
        ws, orders = prepared(args, Path(tmp))
        if args.only != "personas":
            bench_rfm(ws, args.customers, orders)
        if args.only != "rfm":
            bench_personas(ws)
        ws.close()


def prepared(args: argparse.Namespace, tmp: Path) -> tuple[Workspace, int]:
    folder = (
        CACHE / f"segments-{args.customers}-{args.orders_per_customer:g}"
        if args.cache
        else tmp / "ws"
    )

    def build(ws):
        return load_orders_only(ws, args.customers, orders_per_customer=args.orders_per_customer)

    return prepared_workspace(folder, build, f"{args.customers:,} customers")


if __name__ == "__main__":
    main()
